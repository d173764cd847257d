package io.edgecv.preprocess;

import io.edgecv.spi.ElementType;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * What a model expects of its input image: size, resize mode, padding, channel order, normalisation, tensor
 * layout and element type. Each channel value is {@code (pixel - mean[c]) / std[c]} with the pixel in 0..255;
 * for quantized inputs the result is then quantized with the tensor's scale and zero point
 * ({@code q = round(value / scale) + zeroPoint}, clamped).
 *
 * <p>Common settings: TF Object Detection API SSD and MediaPipe use mean 127.5, std 127.5 (values in [-1, 1]);
 * Ultralytics YOLO uses mean 0, std 255 (values in [0, 1]), letterbox with pad 114, NCHW.
 *
 * <p>Thread-safety: immutable.
 */
public final class Preprocessing {
    private final int width;
    private final int height;
    private final ResizeMode resize;
    private final int padValue;
    private final ChannelOrder channels;
    private final float[] mean;
    private final float[] std;
    private final TensorLayout layout;
    private final ElementType elementType;
    private final float quantScale;
    private final int quantZeroPoint;

    private Preprocessing(Builder b) {
        this.width = b.width;
        this.height = b.height;
        this.resize = b.resize;
        this.padValue = b.padValue;
        this.channels = b.channels;
        this.mean = b.mean.clone();
        this.std = b.std.clone();
        this.layout = b.layout;
        this.elementType = b.elementType;
        this.quantScale = b.quantScale;
        this.quantZeroPoint = b.quantZeroPoint;
    }

    /** @return a builder with defaults: stretch, pad 0, RGB, mean 0, std 1, NHWC, float32 */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this object's settings */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.width = width;
        b.height = height;
        b.resize = resize;
        b.padValue = padValue;
        b.channels = channels;
        b.mean = mean.clone();
        b.std = std.clone();
        b.layout = layout;
        b.elementType = elementType;
        b.quantScale = quantScale;
        b.quantZeroPoint = quantZeroPoint;
        return b;
    }

    /** @return model input width in pixels */
    public int width() {
        return width;
    }

    /** @return model input height in pixels */
    public int height() {
        return height;
    }

    /** @return how the image is fitted */
    public ResizeMode resize() {
        return resize;
    }

    /** @return pixel value (0..255, before normalisation) of letterbox padding */
    public int padValue() {
        return padValue;
    }

    /** @return channel order of the tensor */
    public ChannelOrder channels() {
        return channels;
    }

    /** @return per-channel mean on the 0..255 scale, in the tensor's channel order */
    public float[] mean() {
        return mean.clone();
    }

    /** @return per-channel standard deviation on the 0..255 scale, in the tensor's channel order */
    public float[] std() {
        return std.clone();
    }

    /** @return tensor layout */
    public TensorLayout layout() {
        return layout;
    }

    /** @return tensor element type: {@code FLOAT32}, {@code UINT8} or {@code INT8} */
    public ElementType elementType() {
        return elementType;
    }

    /** @return quantization scale for 8-bit inputs (0 for float inputs) */
    public float quantScale() {
        return quantScale;
    }

    /** @return quantization zero point for 8-bit inputs */
    public int quantZeroPoint() {
        return quantZeroPoint;
    }

    /** @return bytes the tensor of one image takes */
    public int tensorBytes() {
        return width * height * 3 * elementType.bytes();
    }

    /** @return the tensor shape {@code [1, H, W, 3]} or {@code [1, 3, H, W]} */
    public long[] tensorShape() {
        return layout == TensorLayout.NHWC ? new long[] {1, height, width, 3} : new long[] {1, 3, height, width};
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Preprocessing)) {
            return false;
        }
        Preprocessing p = (Preprocessing) o;
        return width == p.width && height == p.height && resize == p.resize && padValue == p.padValue
                && channels == p.channels && Arrays.equals(mean, p.mean) && Arrays.equals(std, p.std)
                && layout == p.layout && elementType == p.elementType && Float.compare(quantScale, p.quantScale) == 0
                && quantZeroPoint == p.quantZeroPoint;
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, height, resize, padValue, channels, Arrays.hashCode(mean), Arrays.hashCode(std),
                layout, elementType, quantScale, quantZeroPoint);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Preprocessing[%dx%d %s pad %d %s mean %s std %s %s %s%s]", width, height,
                resize, padValue, channels, Arrays.toString(mean), Arrays.toString(std), layout, elementType,
                quantScale != 0 ? " q(" + quantScale + ", " + quantZeroPoint + ")" : "");
    }

    /**
     * Builds a {@link Preprocessing}. {@link #setSize} is required; the rest is optional.
     *
     * <p>Thread-safety: not thread-safe.
     */
    public static final class Builder {
        private int width;
        private int height;
        private ResizeMode resize = ResizeMode.STRETCH;
        private int padValue;
        private ChannelOrder channels = ChannelOrder.RGB;
        private float[] mean = {0f, 0f, 0f};
        private float[] std = {1f, 1f, 1f};
        private TensorLayout layout = TensorLayout.NHWC;
        private ElementType elementType = ElementType.FLOAT32;
        private float quantScale;
        private int quantZeroPoint;

        private Builder() {
        }

        /**
         * @param width model input width, 1 to 8192
         * @param height model input height, 1 to 8192
         * @return this
         */
        public Builder setSize(int width, int height) {
            if (width < 1 || height < 1 || width > 8192 || height > 8192) {
                throw new IllegalArgumentException("input size " + width + "x" + height
                        + " is out of range: each side must be 1 to 8192");
            }
            this.width = width;
            this.height = height;
            return this;
        }

        /**
         * @param mode letterbox or stretch
         * @return this
         */
        public Builder optResize(ResizeMode mode) {
            this.resize = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * @param value letterbox padding as a pixel value, 0..255 (Ultralytics: 114)
         * @return this
         */
        public Builder optPadValue(int value) {
            if (value < 0 || value > 255) {
                throw new IllegalArgumentException("pad value must be a pixel value 0..255, got " + value);
            }
            this.padValue = value;
            return this;
        }

        /**
         * @param order channel order of the tensor
         * @return this
         */
        public Builder optChannels(ChannelOrder order) {
            this.channels = Objects.requireNonNull(order, "order");
            return this;
        }

        /**
         * Same mean and std for every channel.
         *
         * @param mean subtracted from the 0..255 pixel
         * @param std divides the result; must be positive
         * @return this
         */
        public Builder optNormalize(float mean, float std) {
            return optNormalize(new float[] {mean, mean, mean}, new float[] {std, std, std});
        }

        /**
         * Per-channel mean and std, in the tensor's channel order, on the 0..255 scale (ImageNet:
         * mean {123.675, 116.28, 103.53}, std {58.395, 57.12, 57.375}).
         *
         * @param mean three means
         * @param std three positive standard deviations
         * @return this
         */
        public Builder optNormalize(float[] mean, float[] std) {
            if (mean.length != 3 || std.length != 3) {
                throw new IllegalArgumentException("mean and std need 3 values each, got " + mean.length + " and "
                        + std.length);
            }
            for (float s : std) {
                if (!(s > 0f) || Float.isInfinite(s)) {
                    throw new IllegalArgumentException("std values must be positive and finite, got "
                            + Arrays.toString(std));
                }
            }
            for (float m : mean) {
                if (!Float.isFinite(m)) {
                    throw new IllegalArgumentException("mean values must be finite, got " + Arrays.toString(mean));
                }
            }
            this.mean = mean.clone();
            this.std = std.clone();
            return this;
        }

        /**
         * @param layout NHWC or NCHW
         * @return this
         */
        public Builder optLayout(TensorLayout layout) {
            this.layout = Objects.requireNonNull(layout, "layout");
            return this;
        }

        /**
         * @param type {@code FLOAT32}; or {@code UINT8} / {@code INT8} together with {@link #optQuantization}
         * @return this
         */
        public Builder optElementType(ElementType type) {
            if (type != ElementType.FLOAT32 && type != ElementType.UINT8 && type != ElementType.INT8) {
                throw new IllegalArgumentException("input element type must be FLOAT32, UINT8 or INT8, got " + type);
            }
            this.elementType = type;
            return this;
        }

        /**
         * @param scale quantization scale of an 8-bit input tensor (real = scale x (q - zeroPoint)); 0 writes the
         *              normalised value rounded, as for raw 0..255 inputs
         * @param zeroPoint quantization zero point
         * @return this
         */
        public Builder optQuantization(float scale, int zeroPoint) {
            if (scale < 0 || !Float.isFinite(scale)) {
                throw new IllegalArgumentException("quantization scale must be 0 or positive, got " + scale);
            }
            this.quantScale = scale;
            this.quantZeroPoint = zeroPoint;
            return this;
        }

        /**
         * @return the settings
         * @throws IllegalStateException if no size was set
         */
        public Preprocessing build() {
            if (width == 0) {
                throw new IllegalStateException("setSize(width, height) is required");
            }
            return new Preprocessing(this);
        }
    }
}
