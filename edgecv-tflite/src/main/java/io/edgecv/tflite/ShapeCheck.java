package io.edgecv.tflite;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteDynamic;

import io.edgecv.InvalidModelException;
import java.util.Arrays;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.TfLiteIntArray;
import org.bytedeco.tensorflowlite.TfLiteTensor;

/**
 * Uses TensorFlow Lite's reference kernels as the oracle for tensor shapes: the model is prepared once without
 * any delegate (each kernel checks its inputs and computes its outputs' shapes), and every static tensor of the
 * main subgraph must have the shape its file declares. XNNPACK builds its graph from the declared shapes without
 * re-deriving them, so a file whose shapes contradict its operators (a concatenation of tensors of different rank,
 * an input swapped for a tensor of another size) could otherwise make it write outside its buffers.
 *
 * <p>Thread-safety: stateless.
 */
final class ShapeCheck {
    private ShapeCheck() {
    }

    /**
     * @param bytes verified model bytes
     * @param name for messages
     * @param model what the verifier read
     * @throws InvalidModelException if a kernel refuses the model or a declared shape is not what the operators
     *                               compute
     */
    static void check(byte[] bytes, String name, VerifiedModel model) throws InvalidModelException {
        try (NativeInterpreter reference = NativeInterpreter.create(bytes, name, TfLiteOptions.reference())) {
            Interpreter in = reference.interpreter();
            int n = (int) Math.min(in.tensors_size(), model.tensorCount());
            for (int t = 0; t < n; t++) {
                long[] declared = model.shape(t);
                if (model.dynamic(t) || declared.length == 0) {
                    continue;
                }
                TfLiteTensor tensor = in.tensor(t);
                if (tensor == null || tensor.isNull() || tensor.allocation_type() == kTfLiteDynamic) {
                    continue;
                }
                long[] computed = dims(tensor.dims());
                if (!Arrays.equals(declared, computed)) {
                    throw new InvalidModelException(name + " is corrupt or not a valid TFLite model: tensor " + t
                            + " (" + tensor.name().getString() + ") is declared " + Arrays.toString(declared)
                            + " but its operators make it " + Arrays.toString(computed) + "; download or export"
                            + " the model again");
                }
            }
        }
    }

    private static long[] dims(TfLiteIntArray d) {
        if (d == null || d.isNull()) {
            return new long[0];
        }
        long[] s = new long[d.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = d.data(i);
        }
        return s;
    }
}
