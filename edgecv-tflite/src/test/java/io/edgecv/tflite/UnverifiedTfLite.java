package io.edgecv.tflite;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.TfLiteTensor;
import org.bytedeco.tensorflowlite.global.tensorflowlite;

/**
 * Runs a trusted single-input float TFLite model on TensorFlow Lite's reference kernels straight through the
 * JavaCPP presets, without EdgeCV's verifier: for reference outputs of models the backend refuses on purpose
 * (sparse weights), in tests only.
 */
public final class UnverifiedTfLite {
    private UnverifiedTfLite() {
    }

    /** @return the shape of the model's first input */
    public static long[] inputShape(Path model) throws Exception {
        long[][] shape = new long[1][];
        run(model, null, shape);
        return shape[0];
    }

    /** @return each output's values by name, for {@code input} in the first input (NHWC, float32) */
    public static Map<String, float[]> run(Path model, FloatBuffer input) throws Exception {
        return run(model, input, new long[1][]);
    }

    private static Map<String, float[]> run(Path model, FloatBuffer input, long[][] shape) throws Exception {
        Loader.load(tensorflowlite.class);
        byte[] b = Files.readAllBytes(model);
        try (BytePointer data = new BytePointer(b.length)) {
            data.put(b);
            FlatBufferModel m = FlatBufferModel.BuildFromBuffer(data, b.length);
            BuiltinOpResolverWithoutDefaultDelegates resolver = new BuiltinOpResolverWithoutDefaultDelegates();
            Interpreter it = new Interpreter((Pointer) null);
            try {
                if (new InterpreterBuilder(m, resolver).apply(it) != 0 || it.AllocateTensors() != 0) {
                    throw new IllegalStateException("TensorFlow Lite refused " + model);
                }
                IntPointer ins = it.inputs();
                TfLiteTensor in = it.tensor(ins.get(0));
                shape[0] = new long[in.dims().size()];
                for (int d = 0; d < shape[0].length; d++) {
                    shape[0][d] = in.dims().data(d);
                }
                if (input == null) {
                    return Map.of();
                }
                in.data().raw().capacity(in.bytes()).limit(in.bytes()).asByteBuffer().order(ByteOrder.nativeOrder())
                        .asFloatBuffer().put(input.duplicate().rewind());
                if (it.Invoke() != 0) {
                    throw new IllegalStateException("TensorFlow Lite could not run " + model);
                }
                Map<String, float[]> out = new LinkedHashMap<>();
                IntPointer outs = it.outputs();
                for (int o = 0; o < outs.limit(); o++) {
                    TfLiteTensor t = it.tensor(outs.get(o));
                    float[] v = new float[(int) (t.bytes() / 4)];
                    t.data().raw().capacity(t.bytes()).limit(t.bytes()).asByteBuffer().order(ByteOrder.nativeOrder())
                            .asFloatBuffer().get(v);
                    out.put(t.name().getString(), v);
                }
                return out;
            } finally {
                it.close();
                resolver.close();
                m.close();
            }
        }
    }
}
