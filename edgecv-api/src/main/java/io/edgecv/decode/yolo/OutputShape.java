package io.edgecv.decode.yolo;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Reads the actual shape of a YOLO output after a run: {@code [B, rows, columns]}, or {@code [rows, columns]} with
 * no batch axis (NCNN blobs), and checks that the buffer holds the batch asked for.
 *
 * <p>Thread-safety: stateless.
 */
final class OutputShape {
    private OutputShape() {
    }

    /**
     * @param shape the output's shape
     * @param fromEnd 1 for the last dimension, 2 for the one before
     * @param what the decoder, for messages
     * @return that dimension
     */
    static int dim(long[] shape, int fromEnd, String what) {
        if (shape.length < 2) {
            throw new IllegalStateException(what + " needs a [B, rows, columns] output, got "
                    + Arrays.toString(shape));
        }
        long d = shape[shape.length - fromEnd];
        if (d < 0 || d > Integer.MAX_VALUE) {
            throw new IllegalStateException(what + ": output shape " + Arrays.toString(shape)
                    + " is not known after the run");
        }
        return (int) d;
    }

    /**
     * @param shape the output's shape
     * @return the number of batch entries (product of the dimensions before the last two)
     */
    static int batches(long[] shape) {
        long b = 1;
        for (int i = 0; i < shape.length - 2; i++) {
            b *= Math.max(0, shape[i]);
        }
        return (int) Math.min(b, Integer.MAX_VALUE);
    }

    /**
     * @param shape the output's shape
     * @param buf the output
     * @param batchIndex the batch entry to decode
     * @param perBatch elements of one batch entry
     * @param what the decoder, for messages
     * @return index of the entry's first element
     */
    static int start(long[] shape, FloatBuffer buf, int batchIndex, long perBatch, String what) {
        int batches = batches(shape);
        if (batchIndex < 0 || batchIndex >= batches) {
            throw new IndexOutOfBoundsException(what + ": batch index " + batchIndex + " outside 0.."
                    + (batches - 1) + " of output " + Arrays.toString(shape));
        }
        long start = batchIndex * perBatch;
        if (buf.limit() < start + perBatch) {
            throw new IllegalStateException(what + ": output buffer holds " + buf.limit() + " values, shape "
                    + Arrays.toString(shape) + " needs " + (start + perBatch));
        }
        return (int) start;
    }
}
