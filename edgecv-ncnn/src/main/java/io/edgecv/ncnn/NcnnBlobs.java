package io.edgecv.ncnn;

import io.edgecv.InvalidModelException;
import java.util.List;

/**
 * Which blobs a session feeds and extracts: the {@code ncnn.inputs} / {@code ncnn.outputs} properties, or by
 * default the tops of the {@code Input} layers and the blobs produced but never consumed.
 *
 * <p>Thread-safety: immutable.
 */
final class NcnnBlobs {
    final int[] inputs;
    final int[] outputs;

    private NcnnBlobs(int[] inputs, int[] outputs) {
        this.inputs = inputs;
        this.outputs = outputs;
    }

    static NcnnBlobs resolve(NcnnGraph g, NcnnOptions o, String model) throws InvalidModelException {
        int[] in = o.inputs.isEmpty() ? toArray(g.inputBlobs()) : named(g, o.inputs, model, "ncnn.inputs");
        int[] out = o.outputs.isEmpty() ? toArray(g.outputBlobs()) : named(g, o.outputs, model, "ncnn.outputs");
        if (in.length == 0) {
            throw new InvalidModelException("NCNN model " + model + " has no Input layer; name the input blob with"
                    + " the backend property ncnn.inputs");
        }
        if (out.length == 0) {
            throw new InvalidModelException("NCNN model " + model + " has no blob that no layer reads; name the"
                    + " output blobs with the backend property ncnn.outputs");
        }
        return new NcnnBlobs(in, out);
    }

    private static int[] named(NcnnGraph g, List<String> names, String model, String key)
            throws InvalidModelException {
        int[] out = new int[names.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = g.blobIndex(names.get(i));
            if (out[i] < 0) {
                throw new InvalidModelException(key + " names blob '" + names.get(i) + "', which " + model
                        + " does not have; its inputs are " + names(g, g.inputBlobs()) + " and outputs "
                        + names(g, g.outputBlobs()));
            }
        }
        return out;
    }

    private static String names(NcnnGraph g, List<Integer> blobs) {
        StringBuilder sb = new StringBuilder("[");
        for (int b : blobs) {
            sb.append(sb.length() > 1 ? ", " : "").append(g.blobs.get(b));
        }
        return sb.append(']').toString();
    }

    private static int[] toArray(List<Integer> l) {
        int[] a = new int[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = l.get(i);
        }
        return a;
    }
}
