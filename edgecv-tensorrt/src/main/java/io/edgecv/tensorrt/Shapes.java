package io.edgecv.tensorrt;

/**
 * Shapes as {@code long[]} with -1 for a dynamic dimension: tests and text for messages.
 *
 * <p>Thread-safety: stateless.
 */
final class Shapes {
    private Shapes() {
    }

    /** @return dims as {@code ?x3x?x?}, dynamic ones as {@code ?} */
    static String shown(long[] dims) {
        return ShapeProfile.format(dims).replace("-1", "?");
    }

    static boolean isStatic(long[] dims) {
        for (long d : dims) {
            if (d < 0) {
                return false;
            }
        }
        return true;
    }

    /** @return whether only the first (batch) dimension is dynamic */
    static boolean onlyBatchDynamic(long[] dims) {
        if (dims.length == 0 || dims[0] >= 0) {
            return false;
        }
        for (int d = 1; d < dims.length; d++) {
            if (dims[d] < 0) {
                return false;
            }
        }
        return true;
    }

    /** @return a shape for messages: batch 1, other dynamic dimensions 640 */
    static String example(long[] dims) {
        long[] e = dims.clone();
        for (int d = 0; d < e.length; d++) {
            if (e[d] < 0) {
                e[d] = d == 0 ? 1 : 640;
            }
        }
        return ShapeProfile.format(e);
    }

    /**
     * @throws IllegalArgumentException if the shape has another rank or changes a static dimension
     */
    static void checkFits(String name, long[] dims, long[] shape) {
        if (shape.length != dims.length) {
            throw new IllegalArgumentException("input '" + name + "' has rank " + dims.length + " ("
                    + shown(dims) + ") but the shape given is " + ShapeProfile.format(shape));
        }
        for (int d = 0; d < dims.length; d++) {
            if (dims[d] >= 0 && dims[d] != shape[d]) {
                throw new IllegalArgumentException("input '" + name + "' is " + shown(dims) + "; the shape given, "
                        + ShapeProfile.format(shape) + ", changes its static dimension " + d);
            }
        }
    }
}
