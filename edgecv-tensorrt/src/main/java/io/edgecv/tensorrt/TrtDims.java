package io.edgecv.tensorrt;

import org.bytedeco.tensorrt.nvinfer.Dims64;

/**
 * Conversions between TensorRT's {@code Dims64} and {@code long[]} shapes: the only place that touches the native
 * dimension struct, so that shape logic ({@link Shapes}, {@link ProfilePlanner}) stays plain Java and testable
 * without TensorRT.
 *
 * <p>Thread-safety: stateless.
 */
final class TrtDims {
    private TrtDims() {
    }

    /** @return the dimensions of a TensorRT {@code Dims64} */
    static long[] toLongs(Dims64 d) {
        int n = d.nbDims();
        if (n < 0) {
            return new long[0];
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = d.d(i);
        }
        return out;
    }

    /** @return a new {@code Dims64} holding the shape; close it */
    static Dims64 dims(long[] shape) {
        if (shape.length > Dims64.MAX_DIMS) {
            throw new IllegalArgumentException("TensorRT tensors have at most " + Dims64.MAX_DIMS
                    + " dimensions, got " + ShapeProfile.format(shape));
        }
        Dims64 d = new Dims64();
        d.nbDims(shape.length);
        for (int i = 0; i < shape.length; i++) {
            d.d(i, shape[i]);
        }
        return d;
    }
}
