package io.edgecv.onnx.quantize;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.edgecv.EdgeCvException;
import io.edgecv.ImageInput;
import io.edgecv.InvalidImageException;
import io.edgecv.InvalidModelException;
import io.edgecv.ModelFormat;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.preprocess.Preprocessor;
import io.edgecv.quantize.CalibrationListener;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.Backends;
import io.edgecv.spi.ElementType;
import io.edgecv.spi.ModelSource;
import io.edgecv.spi.TensorSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the float model over the calibration photos and records what each activation tensor holds. The photos go
 * through the model's own preprocessing into the input; the tensors to watch are declared extra graph outputs on a
 * copy of the graph, run through the ONNX Runtime backend's session. One pass records min/max; the histogram
 * methods take a second pass over the same photos for histograms over the now known ranges.
 *
 * <p>Thread-safety: stateless.
 */
final class Calibrator {
    private Calibrator() {
    }

    static Map<String, TensorStatistics> calibrate(ModelProto model, Collection<String> tensors, List<Path> images,
                                                   Preprocessing pre, boolean histograms, int threads,
                                                   CalibrationListener listener) throws EdgeCvException {
        GraphProto g = model.getGraph();
        Set<String> declared = new HashSet<>();
        for (ValueInfoProto o : g.getOutputList()) {
            declared.add(o.getName());
        }
        String input = onlyInput(g);
        GraphProto.Builder gb = g.toBuilder();
        for (String t : tensors) {
            if (!t.equals(input) && declared.add(t)) {
                gb.addOutput(ValueInfoProto.newBuilder().setName(t));
            }
        }
        byte[] bytes = model.toBuilder().setGraph(gb).build().toByteArray();
        Map<String, TensorStatistics> stats = new LinkedHashMap<>();
        for (String t : tensors) {
            stats.put(t, new TensorStatistics(t));
        }
        BackendOptions opts = BackendOptions.of(threads, Map.of("onnx.optimization", "basic"));
        try (BackendSession s = Backends.select(ModelFormat.ONNX, "onnx")
                .open(ModelSource.ofBytes(bytes, "calibration copy"), opts)) {
            TensorSpec in = s.inputs().get(0);
            if (in.type() != ElementType.FLOAT32 || pre.elementType() != ElementType.FLOAT32) {
                throw new InvalidModelException("calibration feeds float32 images but the model input is " + in
                        + " and the preprocessing writes " + pre.elementType());
            }
            if (!in.isStatic()) {
                s.setInputShape(0, pre.tensorShape());
            }
            ByteBuffer buffer = s.inputBuffer(0);
            if (buffer.capacity() < pre.tensorBytes()) {
                throw new InvalidModelException("the preprocessing " + pre + " does not fit model input " + in
                        + "; pass a matching Preprocessing in the QuantizationConfig");
            }
            int[] outIndex = new int[stats.size()];
            TensorStatistics[] order = stats.values().toArray(new TensorStatistics[0]);
            for (int k = 0; k < order.length; k++) {
                outIndex[k] = order[k].tensor().equals(input) ? -1 : index(s, order[k].tensor());
            }
            Preprocessor preprocessor = new Preprocessor(pre);
            float[] scratch = new float[0];
            int passes = histograms ? 2 : 1;
            for (int pass = 1; pass <= passes; pass++) {
                for (int i = 0; i < images.size(); i++) {
                    preprocessor.apply(read(images.get(i)), buffer);
                    s.run();
                    for (int k = 0; k < order.length; k++) {
                        FloatBuffer data = outIndex[k] < 0
                                ? buffer.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer()
                                : s.output(outIndex[k]);
                        int n = outIndex[k] < 0 ? pre.tensorBytes() / 4 : data.remaining();
                        if (scratch.length < n) {
                            scratch = new float[n];
                        }
                        data.get(scratch, 0, n);
                        if (pass == 1) {
                            order[k].observe(scratch, n);
                        } else {
                            order[k].histogram(scratch, n);
                        }
                    }
                    listener.imageDone(pass, passes, i + 1, images.size());
                }
            }
        }
        return stats;
    }

    /** @return the graph's one real input: calibration feeds a single image tensor */
    static String onlyInput(GraphProto g) throws InvalidModelException {
        Set<String> inits = new HashSet<>();
        g.getInitializerList().forEach(t -> inits.add(t.getName()));
        String found = null;
        int count = 0;
        for (ValueInfoProto v : g.getInputList()) {
            if (!inits.contains(v.getName())) {
                found = v.getName();
                count++;
            }
        }
        if (count != 1) {
            throw new InvalidModelException("calibration feeds one image input, but the model has " + count
                    + " inputs; quantize it with mode DYNAMIC_INT8 or FP16, which need no calibration");
        }
        return found;
    }

    private static int index(BackendSession s, String name) throws EdgeCvException {
        List<TensorSpec> outs = s.outputs();
        for (int i = 0; i < outs.size(); i++) {
            if (outs.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new EdgeCvException("ONNX Runtime does not expose tensor " + name + " of the calibration copy");
    }

    private static ImageInput read(Path image) {
        try {
            return ImageInput.read(image);
        } catch (IOException e) {
            throw new InvalidImageException("cannot read calibration image " + image + ": " + e.getMessage(), e);
        }
    }
}
