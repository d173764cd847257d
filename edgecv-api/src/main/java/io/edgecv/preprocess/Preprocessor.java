package io.edgecv.preprocess;

import io.edgecv.ImageInput;
import io.edgecv.spi.ElementType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * Writes an {@link ImageInput} into a model's input tensor as its {@link Preprocessing} says: bilinear resize
 * (half-pixel centres, as OpenCV's {@code INTER_LINEAR}, in float), letterbox or stretch, channel order,
 * normalisation, layout, float or quantized 8-bit, straight into the given buffer. Normalisation is folded into
 * the interpolation, and float NHWC rows are bulk-copied, so each value is computed and written once. Packed
 * 3-byte pixels (the usual video frame and JPEG photo) take a faster path with the same results,
 * {@code PackedBilinear}.
 *
 * <p>Steady state allocates nothing: the resize tables are rebuilt only when the source size changes, and one row
 * of floats is reused.
 *
 * <p>Thread-safety: not thread-safe; use one per thread (a {@link io.edgecv.Detector} owns one under its lock).
 */
public final class Preprocessor {
    private final Preprocessing spec;
    private final ImageTransform transform = new ImageTransform();
    private final int width;
    private final int height;
    /** Per tensor channel: value = raw * gain + bias (already divided by the quantization scale for 8-bit). */
    private final float[] gain = new float[3];
    private final float[] bias = new float[3];
    /** The normalised padding value per tensor channel. */
    private final float[] padValue = new float[3];
    /** Per tensor channel: 0 = red, 1 = green, 2 = blue of the source. */
    private final int[] sourceChannel = new int[3];
    /** One row of normalised values, interleaved in tensor channel order. */
    private final float[] row;
    /** One row split into channel planes, for NCHW. */
    private final float[] scratch;
    private final int[] sourceOffset = new int[3];

    private int tableWidth = -1;
    private int tableHeight = -1;
    private int tablePixelStride = -1;
    private int contentWidth;
    private int contentHeight;
    private int padX;
    private int padY;
    private int[] x0 = new int[0];
    private int[] x1 = new int[0];
    private float[] wx = new float[0];
    private int[] y0 = new int[0];
    private int[] y1 = new int[0];
    private float[] wy = new float[0];

    private final PackedBilinear packed = new PackedBilinear();

    private ByteBuffer lastBuffer;
    private FloatBuffer floatView;

    /** @param spec what the model expects */
    public Preprocessor(Preprocessing spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.width = spec.width();
        this.height = spec.height();
        this.row = new float[width * 3];
        this.scratch = new float[width * 3];
        float[] mean = spec.mean();
        float[] std = spec.std();
        boolean quantized = spec.elementType() != ElementType.FLOAT32 && spec.quantScale() > 0f;
        for (int c = 0; c < 3; c++) {
            float g = 1f / std[c];
            float b = -mean[c] / std[c];
            if (quantized) {
                g /= spec.quantScale();
                b = b / spec.quantScale() + spec.quantZeroPoint();
            }
            gain[c] = g;
            bias[c] = b;
            padValue[c] = spec.padValue() * g + b;
            sourceChannel[c] = spec.channels() == ChannelOrder.RGB ? c : 2 - c;
        }
    }

    /** @return the settings this preprocessor applies */
    public Preprocessing spec() {
        return spec;
    }

    /** @return the mapping of the last image written; refilled by every {@link #apply} */
    public ImageTransform transform() {
        return transform;
    }

    /**
     * Writes the image into {@code tensor} from index 0 (its position is ignored and left unchanged).
     *
     * @param image the source image
     * @param tensor direct or heap buffer of at least {@link Preprocessing#tensorBytes()} bytes, in native order
     *               for float tensors
     * @return the transform from model pixels back to source pixels (this preprocessor's own, refilled each call)
     * @throws IllegalArgumentException if the buffer is too small
     */
    public ImageTransform apply(ImageInput image, ByteBuffer tensor) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(tensor, "tensor");
        if (tensor.capacity() < spec.tensorBytes()) {
            throw new IllegalArgumentException("tensor buffer holds " + tensor.capacity() + " bytes, the "
                    + spec + " input needs " + spec.tensorBytes());
        }
        prepareTables(image);
        transform.set(image.width(), image.height(), (float) contentWidth / image.width(),
                (float) contentHeight / image.height(), padX, padY);
        if (spec.elementType() == ElementType.FLOAT32) {
            if (tensor != lastBuffer) {
                lastBuffer = tensor;
                floatView = tensor.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
            }
        }
        boolean packedPath = packed.accepts(image, sourceOffset, gain, bias);
        for (int dy = 0; dy < height; dy++) {
            int cy = dy - padY;
            if (cy < 0 || cy >= contentHeight) {
                fillPad(0, width);
            } else {
                fillPad(0, padX);
                fillPad(padX + contentWidth, width);
                if (packedPath) {
                    packed.row(image, cy, row, padX * 3, contentWidth);
                } else if (image.bytes() != null) {
                    interpolateBytes(image, cy);
                } else {
                    interpolateInts(image, cy);
                }
            }
            emitRow(dy, tensor);
        }
        return transform;
    }

    private void prepareTables(ImageInput image) {
        int sw = image.width();
        int sh = image.height();
        if (sw == tableWidth && sh == tableHeight && image.pixelStride() == tablePixelStride) {
            updateOffsets(image);
            return;
        }
        if (spec.resize() == ResizeMode.LETTERBOX) {
            float s = Math.min((float) width / sw, (float) height / sh);
            contentWidth = Math.max(1, Math.min(width, Math.round(sw * s)));
            contentHeight = Math.max(1, Math.min(height, Math.round(sh * s)));
        } else {
            contentWidth = width;
            contentHeight = height;
        }
        padX = (width - contentWidth) / 2;
        padY = (height - contentHeight) / 2;
        int ps = image.pixelStride();
        x0 = new int[contentWidth];
        x1 = new int[contentWidth];
        wx = new float[contentWidth];
        fillTable(sw, contentWidth, ps, x0, x1, wx);
        y0 = new int[contentHeight];
        y1 = new int[contentHeight];
        wy = new float[contentHeight];
        fillTable(sh, contentHeight, 1, y0, y1, wy);
        packed.prepare(sw, sh, contentWidth, contentHeight);
        tableWidth = sw;
        tableHeight = sh;
        tablePixelStride = ps;
        updateOffsets(image);
    }

    /** Half-pixel-centre bilinear taps, as OpenCV's INTER_LINEAR; w is the weight of the second tap. */
    private static void fillTable(int src, int dst, int stride, int[] i0, int[] i1, float[] w) {
        double ratio = (double) src / dst;
        for (int d = 0; d < dst; d++) {
            double s = (d + 0.5) * ratio - 0.5;
            if (s < 0) {
                s = 0;
            }
            int a = (int) s;
            if (a >= src - 1) {
                i0[d] = (src - 1) * stride;
                i1[d] = (src - 1) * stride;
                w[d] = 0f;
            } else {
                i0[d] = a * stride;
                i1[d] = (a + 1) * stride;
                w[d] = (float) (s - a);
            }
        }
    }

    private void updateOffsets(ImageInput image) {
        for (int c = 0; c < 3; c++) {
            int s = sourceChannel[c];
            sourceOffset[c] = s == 0 ? image.redOffset() : s == 1 ? image.greenOffset() : image.blueOffset();
        }
    }

    private void fillPad(int from, int to) {
        float p0 = padValue[0];
        float p1 = padValue[1];
        float p2 = padValue[2];
        for (int i = from * 3, end = to * 3; i < end; i += 3) {
            row[i] = p0;
            row[i + 1] = p1;
            row[i + 2] = p2;
        }
    }

    private void interpolateBytes(ImageInput image, int cy) {
        byte[] d = image.bytes();
        int r0 = image.offset() + y0[cy] * image.rowStride();
        int r1 = image.offset() + y1[cy] * image.rowStride();
        float fy = wy[cy];
        int o0 = sourceOffset[0];
        int o1 = sourceOffset[1];
        int o2 = sourceOffset[2];
        float g0 = gain[0];
        float g1 = gain[1];
        float g2 = gain[2];
        float b0 = bias[0];
        float b1 = bias[1];
        float b2 = bias[2];
        float[] out = row;
        int o = padX * 3;
        for (int x = 0; x < contentWidth; x++, o += 3) {
            int a = r0 + x0[x];
            int b = r0 + x1[x];
            int c = r1 + x0[x];
            int e = r1 + x1[x];
            float fx = wx[x];
            out[o] = tap(d[a + o0] & 0xFF, d[b + o0] & 0xFF, d[c + o0] & 0xFF, d[e + o0] & 0xFF, fx, fy)
                    * g0 + b0;
            out[o + 1] = tap(d[a + o1] & 0xFF, d[b + o1] & 0xFF, d[c + o1] & 0xFF, d[e + o1] & 0xFF, fx, fy)
                    * g1 + b1;
            out[o + 2] = tap(d[a + o2] & 0xFF, d[b + o2] & 0xFF, d[c + o2] & 0xFF, d[e + o2] & 0xFF, fx, fy)
                    * g2 + b2;
        }
    }

    private void interpolateInts(ImageInput image, int cy) {
        int[] d = image.ints();
        int r0 = image.offset() + y0[cy] * image.rowStride();
        int r1 = image.offset() + y1[cy] * image.rowStride();
        float fy = wy[cy];
        int s0 = sourceOffset[0];
        int s1 = sourceOffset[1];
        int s2 = sourceOffset[2];
        float g0 = gain[0];
        float g1 = gain[1];
        float g2 = gain[2];
        float b0 = bias[0];
        float b1 = bias[1];
        float b2 = bias[2];
        float[] out = row;
        int o = padX * 3;
        for (int x = 0; x < contentWidth; x++, o += 3) {
            int a = d[r0 + x0[x]];
            int b = d[r0 + x1[x]];
            int c = d[r1 + x0[x]];
            int e = d[r1 + x1[x]];
            float fx = wx[x];
            out[o] = tap(a >>> s0 & 0xFF, b >>> s0 & 0xFF, c >>> s0 & 0xFF, e >>> s0 & 0xFF, fx, fy) * g0 + b0;
            out[o + 1] = tap(a >>> s1 & 0xFF, b >>> s1 & 0xFF, c >>> s1 & 0xFF, e >>> s1 & 0xFF, fx, fy) * g1
                    + b1;
            out[o + 2] = tap(a >>> s2 & 0xFF, b >>> s2 & 0xFF, c >>> s2 & 0xFF, e >>> s2 & 0xFF, fx, fy) * g2
                    + b2;
        }
    }

    /** Bilinear blend of the four taps. */
    private static float tap(int tl, int tr, int bl, int br, float fx, float fy) {
        float top = tl + (tr - tl) * fx;
        float bottom = bl + (br - bl) * fx;
        return top + (bottom - top) * fy;
    }

    /** Writes one row of normalised values (interleaved, tensor channel order) into the tensor. */
    private void emitRow(int dy, ByteBuffer tensor) {
        float[] in = row;
        ElementType type = spec.elementType();
        if (spec.layout() == TensorLayout.NHWC) {
            int base = dy * width * 3;
            if (type == ElementType.FLOAT32) {
                floatView.put(base, in, 0, width * 3); // one bulk copy a row
            } else {
                boolean signed = type == ElementType.INT8;
                for (int i = 0, n = width * 3; i < n; i++) {
                    tensor.put(base + i, quantize(in[i], signed));
                }
            }
        } else {
            int plane = width * height;
            int base = dy * width;
            if (type == ElementType.FLOAT32) {
                float[] o = scratch;
                for (int x = 0, i = 0; x < width; x++, i += 3) {
                    o[x] = in[i];
                    o[width + x] = in[i + 1];
                    o[2 * width + x] = in[i + 2];
                }
                FloatBuffer fb = floatView;
                fb.put(base, o, 0, width);
                fb.put(plane + base, o, width, width);
                fb.put(2 * plane + base, o, 2 * width, width);
            } else {
                boolean signed = type == ElementType.INT8;
                for (int x = 0, i = 0; x < width; x++, i += 3) {
                    tensor.put(base + x, quantize(in[i], signed));
                    tensor.put(plane + base + x, quantize(in[i + 1], signed));
                    tensor.put(2 * plane + base + x, quantize(in[i + 2], signed));
                }
            }
        }
    }

    private static byte quantize(float v, boolean signed) {
        int q = Math.round(v);
        if (signed) {
            return (byte) Math.max(-128, Math.min(127, q));
        }
        return (byte) Math.max(0, Math.min(255, q));
    }
}
