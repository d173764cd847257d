package io.edgecv.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * Name, element type, shape and (for quantized tensors) scale and zero point of one model input or output.
 * A dimension of {@code -1} is dynamic: fixed by {@link BackendSession#setInputShape} or known only after a run.
 *
 * <p>Thread-safety: immutable.
 */
public final class TensorSpec {
    private final String name;
    private final ElementType type;
    private final long[] shape;
    private final float scale;
    private final int zeroPoint;

    /**
     * A tensor that is not quantized.
     *
     * @param name the tensor's name in the model
     * @param type element type
     * @param shape dimensions, {@code -1} where dynamic
     */
    public TensorSpec(String name, ElementType type, long[] shape) {
        this(name, type, shape, 0f, 0);
    }

    /**
     * @param name the tensor's name in the model
     * @param type element type
     * @param shape dimensions, {@code -1} where dynamic
     * @param scale quantization scale: real = scale x (q - zeroPoint); 0 when not quantized
     * @param zeroPoint quantization zero point
     */
    public TensorSpec(String name, ElementType type, long[] shape, float scale, int zeroPoint) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.shape = Objects.requireNonNull(shape, "shape").clone();
        this.scale = scale;
        this.zeroPoint = zeroPoint;
    }

    /** @return the tensor's name in the model */
    public String name() {
        return name;
    }

    /** @return element type */
    public ElementType type() {
        return type;
    }

    /** @return a copy of the dimensions, {@code -1} where dynamic */
    public long[] shape() {
        return shape.clone();
    }

    /** @return number of dimensions */
    public int rank() {
        return shape.length;
    }

    /**
     * @param i dimension index
     * @return that dimension, {@code -1} if dynamic
     */
    public long dim(int i) {
        return shape[i];
    }

    /** @return whether every dimension is known */
    public boolean isStatic() {
        for (long d : shape) {
            if (d < 0) {
                return false;
            }
        }
        return true;
    }

    /** @return element count of the static shape; -1 if any dimension is dynamic */
    public long elementCount() {
        return elementCount(shape);
    }

    /** @return whether a quantization scale is set */
    public boolean isQuantized() {
        return scale != 0f;
    }

    /** @return quantization scale, 0 when not quantized */
    public float scale() {
        return scale;
    }

    /** @return quantization zero point */
    public int zeroPoint() {
        return zeroPoint;
    }

    /**
     * @param shape dimensions
     * @return their product, or -1 if any is negative
     */
    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                return -1;
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public String toString() {
        return name + " " + type + Arrays.toString(shape)
                + (isQuantized() ? " q(scale=" + scale + ", zp=" + zeroPoint + ")" : "");
    }
}
