package io.edgecv.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import io.edgecv.spi.ElementType;
import io.edgecv.spi.OutputTensors;
import io.edgecv.spi.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One extra input/output buffer set of an {@link OnnxSession} (slots 1 and up): input tensors on direct buffers
 * and float outputs pinned to direct buffers, so ONNX Runtime reads and writes memory no other slot touches.
 * Only for models whose inputs have fixed shapes and whose outputs are static float tensors.
 *
 * <p>Thread-safety: not thread-safe; the pipeline hands a slot from one thread to the next.
 */
final class OnnxSlot implements OutputTensors, AutoCloseable {
    private final ByteBuffer[] inputs;
    private final Map<String, OnnxTensor> inputMap = new HashMap<>();
    private final Map<String, OnnxValue> outputMap = new HashMap<>();
    private final FloatBuffer[] outputs;
    private final long[][] outputShapes;
    private final OnnxTensor[] tensors;
    /** The direct buffers behind {@link #tensors}, handed back to {@link DirectBufferPool} on close. */
    private final ByteBuffer[] buffers;

    OnnxSlot(OrtEnvironment env, List<TensorSpec> inputSpecs, long[][] inputShapes, List<TensorSpec> outputSpecs)
            throws OrtException {
        int ni = inputSpecs.size();
        int no = outputSpecs.size();
        inputs = new ByteBuffer[ni];
        outputs = new FloatBuffer[no];
        outputShapes = new long[no][];
        tensors = new OnnxTensor[ni + no];
        buffers = new ByteBuffer[ni + no];
        try {
            for (int i = 0; i < ni; i++) {
                TensorSpec in = inputSpecs.get(i);
                inputs[i] = direct(TensorSpec.elementCount(inputShapes[i]) * in.type().bytes());
                buffers[i] = inputs[i];
                tensors[i] = OnnxTensor.createTensor(env, inputs[i], inputShapes[i], OnnxSession.javaType(in.type()));
                inputMap.put(in.name(), tensors[i]);
            }
            for (int o = 0; o < no; o++) {
                TensorSpec out = outputSpecs.get(o);
                ByteBuffer b = direct(out.elementCount() * 4);
                buffers[ni + o] = b;
                tensors[ni + o] = OnnxTensor.createTensor(env, b, out.shape(), OnnxJavaType.FLOAT);
                outputMap.put(out.name(), tensors[ni + o]);
                outputs[o] = b.asFloatBuffer();
                outputShapes[o] = out.shape();
            }
        } catch (OrtException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** @return whether every output can be pinned (static float32), which slots need */
    static boolean supports(List<TensorSpec> outputSpecs) {
        for (TensorSpec out : outputSpecs) {
            if (!out.isStatic() || out.type() != ElementType.FLOAT32) {
                return false;
            }
        }
        return true;
    }

    private static ByteBuffer direct(long bytes) {
        return DirectBufferPool.SHARED.take(bytes);
    }

    ByteBuffer input(int index) {
        return inputs[index];
    }

    Map<String, OnnxTensor> inputMap() {
        return inputMap;
    }

    Map<String, OnnxValue> outputMap() {
        return outputMap;
    }

    @Override
    public int outputCount() {
        return outputs.length;
    }

    @Override
    public FloatBuffer output(int index) {
        FloatBuffer b = outputs[index];
        b.clear();
        return b;
    }

    @Override
    public long[] outputShape(int index) {
        return outputShapes[index];
    }

    @Override
    public void close() {
        for (int i = 0; i < tensors.length; i++) {
            if (tensors[i] != null) {
                tensors[i].close();
                tensors[i] = null;
            }
            // a buffer whose tensor failed to be created is handed back too
            DirectBufferPool.SHARED.give(buffers[i]);
            buffers[i] = null;
        }
    }
}
