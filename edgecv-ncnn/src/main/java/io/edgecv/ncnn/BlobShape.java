package io.edgecv.ncnn;

/**
 * A blob's shape as NCNN holds it: {@code dims} (1 to 4) and {@code w, h, d, c}; {@code -1} marks a size not known
 * before running.
 *
 * <p>Thread-safety: immutable.
 */
final class BlobShape {
    final int dims;
    final int w;
    final int h;
    final int d;
    final int c;

    BlobShape(int dims, int w, int h, int d, int c) {
        this.dims = dims;
        this.w = w;
        this.h = h;
        this.d = d;
        this.c = c;
    }

    /** @param shape {@code [1, w]}, {@code [1, h, w]}, {@code [1, c, h, w]} or {@code [1, c, d, h, w]} */
    static BlobShape ofTensor(long[] shape) {
        switch (shape.length) {
            case 2: return new BlobShape(1, (int) shape[1], 1, 1, 1);
            case 3: return new BlobShape(2, (int) shape[2], (int) shape[1], 1, 1);
            case 4: return new BlobShape(3, (int) shape[3], (int) shape[2], 1, (int) shape[1]);
            default: return new BlobShape(4, (int) shape[4], (int) shape[3], (int) shape[2], (int) shape[1]);
        }
    }

    /** @return w, h, d, c as an array */
    int[] sizes() {
        return new int[] {w, h, d, c};
    }

    /** @return the element count, or -1 if a size is unknown */
    long elements() {
        if (w < 0 || h < 0 || d < 0 || c < 0) {
            return -1;
        }
        return (long) w * h * d * c;
    }

    @Override
    public String toString() {
        switch (dims) {
            case 1: return "(w=" + w + ")";
            case 2: return "(w=" + w + ", h=" + h + ")";
            case 3: return "(w=" + w + ", h=" + h + ", c=" + c + ")";
            default: return "(w=" + w + ", h=" + h + ", d=" + d + ", c=" + c + ")";
        }
    }
}
