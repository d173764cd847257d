package io.edgecv.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.edgecv.ImageInput;
import io.edgecv.PixelFormat;
import io.edgecv.spi.ElementType;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PreprocessorTest {
    private static ByteBuffer buffer(Preprocessing p) {
        return ByteBuffer.allocateDirect(p.tensorBytes()).order(ByteOrder.nativeOrder());
    }

    private static float[] floats(ByteBuffer b) {
        FloatBuffer f = b.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
        float[] out = new float[f.remaining()];
        f.get(out);
        return out;
    }

    /** Packed RGB bytes of a random image. */
    private static byte[] randomRgb(int w, int h, long seed) {
        byte[] px = new byte[w * h * 3];
        new Random(seed).nextBytes(px);
        return px;
    }

    @Test
    void sameSizeStretchCopiesPixelsExactly() {
        byte[] rgb = randomRgb(4, 3, 1);
        Preprocessing p = Preprocessing.builder().setSize(4, 3).build();
        ByteBuffer out = buffer(p);
        new Preprocessor(p).apply(ImageInput.ofPacked(rgb, 4, 3, PixelFormat.RGB), out);
        float[] t = floats(out);
        for (int i = 0; i < rgb.length; i++) {
            assertThat(t[i]).isEqualTo(rgb[i] & 0xFF);
        }
    }

    @Test
    void twoByTwoToOneAveragesAllFourPixelsLikeOpenCv() {
        byte[] rgb = {10, 0, 0, 20, 0, 0, 30, 0, 0, 40, 0, 0};
        Preprocessing p = Preprocessing.builder().setSize(1, 1).build();
        ByteBuffer out = buffer(p);
        new Preprocessor(p).apply(ImageInput.ofPacked(rgb, 2, 2, PixelFormat.RGB), out);
        assertThat(floats(out)[0]).isEqualTo(25f);
    }

    @Test
    void letterboxCentresContentPadsAndMapsBackExactly() {
        Preprocessing p = Preprocessing.builder().setSize(320, 320).optResize(ResizeMode.LETTERBOX)
                .optPadValue(114).build();
        ByteBuffer out = buffer(p);
        Preprocessor pre = new Preprocessor(p);
        ImageTransform t = pre.apply(ImageInput.ofPacked(new byte[640 * 480 * 3], 640, 480, PixelFormat.RGB), out);
        assertThat(t.padX()).isZero();
        assertThat(t.padY()).isEqualTo(40f);
        assertThat(t.scaleX()).isEqualTo(0.5f);
        float[] v = floats(out);
        assertThat(v[0]).isEqualTo(114f);                     // top pad row
        assertThat(v[(39 * 320) * 3]).isEqualTo(114f);        // last pad row above
        assertThat(v[(40 * 320) * 3]).isEqualTo(0f);          // first content row (black image)
        assertThat(v[(280 * 320) * 3]).isEqualTo(114f);       // first pad row below
        assertThat(t.toSourceX(0)).isEqualTo(0f);
        assertThat(t.toSourceY(40)).isEqualTo(0f);
        assertThat(t.toSourceX(320)).isEqualTo(640f);
        assertThat(t.toSourceY(280)).isEqualTo(480f);
    }

    @Test
    void inverseIsExactForOddSizesInBothModes() {
        for (ResizeMode mode : ResizeMode.values()) {
            Preprocessing p = Preprocessing.builder().setSize(64, 48).optResize(mode).build();
            Preprocessor pre = new Preprocessor(p);
            ImageTransform t = pre.apply(ImageInput.ofPacked(new byte[101 * 37 * 3], 101, 37, PixelFormat.RGB),
                    buffer(p));
            float contentW = t.scaleX() * 101;
            float contentH = t.scaleY() * 37;
            assertThat(contentW).isCloseTo(Math.round(contentW), within(1e-3f));
            assertThat(t.toSourceX(t.padX())).isCloseTo(0f, within(1e-4f));
            assertThat(t.toSourceX(t.padX() + contentW)).isCloseTo(101f, within(1e-3f));
            assertThat(t.toSourceY(t.padY())).isCloseTo(0f, within(1e-4f));
            assertThat(t.toSourceY(t.padY() + contentH)).isCloseTo(37f, within(1e-3f));
        }
    }

    @Test
    void everyBufferedImageLayoutAndPackedFormatGivesTheSameTensor() {
        int w = 37;
        int h = 23;
        byte[] rgb = randomRgb(w, h, 7);
        Preprocessing p = Preprocessing.builder().setSize(16, 16).optResize(ResizeMode.LETTERBOX)
                .optNormalize(127.5f, 127.5f).build();
        Preprocessor pre = new Preprocessor(p);
        ByteBuffer ref = buffer(p);
        pre.apply(ImageInput.ofPacked(rgb, w, h, PixelFormat.RGB), ref);
        float[] expected = floats(ref);

        int[] types = {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_INT_BGR,
            BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_USHORT_565_RGB};
        for (int type : types) {
            BufferedImage img = new BufferedImage(w, h, type);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = 3 * (y * w + x);
                    img.setRGB(x, y, 0xFF000000 | (rgb[i] & 0xFF) << 16 | (rgb[i + 1] & 0xFF) << 8 | rgb[i + 2] & 0xFF);
                }
            }
            ByteBuffer out = buffer(p);
            pre.apply(ImageInput.of(img), out);
            if (type == BufferedImage.TYPE_USHORT_565_RGB) {
                continue; // lossy 5-6-5 storage: only checks that the conversion path runs
            }
            assertThat(floats(out)).as("type %d", type).containsExactly(expected, within(1e-5f));
        }
        for (PixelFormat f : new PixelFormat[] {PixelFormat.BGR, PixelFormat.RGBA, PixelFormat.BGRA, PixelFormat.ABGR}) {
            byte[] packed = new byte[w * h * f.bytesPerPixel()];
            for (int i = 0; i < w * h; i++) {
                packed[i * f.bytesPerPixel() + f.redOffset()] = rgb[3 * i];
                packed[i * f.bytesPerPixel() + f.greenOffset()] = rgb[3 * i + 1];
                packed[i * f.bytesPerPixel() + f.blueOffset()] = rgb[3 * i + 2];
            }
            ByteBuffer out = buffer(p);
            pre.apply(ImageInput.ofPacked(packed, w, h, f), out);
            assertThat(floats(out)).as("%s", f).containsExactly(expected, within(1e-5f));
        }
    }

    @Test
    void subImagesAndPaddedRowsAreReadInPlace() {
        int w = 20;
        int h = 10;
        byte[] rgb = randomRgb(w, h, 3);
        BufferedImage big = new BufferedImage(w + 7, h + 5, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = 3 * (y * w + x);
                big.setRGB(x + 3, y + 2, (rgb[i] & 0xFF) << 16 | (rgb[i + 1] & 0xFF) << 8 | rgb[i + 2] & 0xFF);
            }
        }
        Preprocessing p = Preprocessing.builder().setSize(w, h).build();
        Preprocessor pre = new Preprocessor(p);
        ByteBuffer a = buffer(p);
        pre.apply(ImageInput.ofPacked(rgb, w, h, PixelFormat.RGB), a);
        ByteBuffer b = buffer(p);
        pre.apply(ImageInput.of(big.getSubimage(3, 2, w, h)), b);
        assertThat(floats(b)).containsExactly(floats(a));

        byte[] padded = new byte[5 + h * (w * 3 + 9)];
        for (int y = 0; y < h; y++) {
            System.arraycopy(rgb, y * w * 3, padded, 5 + y * (w * 3 + 9), w * 3);
        }
        ByteBuffer c = buffer(p);
        pre.apply(ImageInput.ofPacked(padded, 5, w, h, w * 3 + 9, PixelFormat.RGB), c);
        assertThat(floats(c)).containsExactly(floats(a));
    }

    @Test
    void bgrOrderNchwLayoutAndPerChannelNormalisation() {
        byte[] rgb = randomRgb(8, 8, 11);
        Preprocessing nhwc = Preprocessing.builder().setSize(8, 8).build();
        Preprocessing nchwBgr = Preprocessing.builder().setSize(8, 8).optLayout(TensorLayout.NCHW)
                .optChannels(ChannelOrder.BGR)
                .optNormalize(new float[] {10f, 20f, 30f}, new float[] {2f, 4f, 8f}).build();
        ByteBuffer a = buffer(nhwc);
        new Preprocessor(nhwc).apply(ImageInput.ofPacked(rgb, 8, 8, PixelFormat.RGB), a);
        ByteBuffer b = buffer(nchwBgr);
        new Preprocessor(nchwBgr).apply(ImageInput.ofPacked(rgb, 8, 8, PixelFormat.RGB), b);
        float[] x = floats(a);
        float[] y = floats(b);
        float[] mean = {10f, 20f, 30f};
        float[] std = {2f, 4f, 8f};
        for (int i = 0; i < 64; i++) {
            for (int c = 0; c < 3; c++) {
                float raw = x[3 * i + (2 - c)]; // tensor channel c of BGR is source channel 2 - c
                assertThat(y[c * 64 + i]).isCloseTo((raw - mean[c]) / std[c], within(1e-4f));
            }
        }
    }

    @Test
    void quantizedInputsUseScaleAndZeroPoint() {
        byte[] rgb = {0, (byte) 128, (byte) 255};
        Preprocessing u8 = Preprocessing.builder().setSize(1, 1).optNormalize(0f, 255f)
                .optElementType(ElementType.UINT8).optQuantization(1f / 255f, 0).build();
        ByteBuffer a = buffer(u8);
        new Preprocessor(u8).apply(ImageInput.ofPacked(rgb, 1, 1, PixelFormat.RGB), a);
        assertThat(new int[] {a.get(0) & 0xFF, a.get(1) & 0xFF, a.get(2) & 0xFF}).containsExactly(0, 128, 255);

        Preprocessing i8 = Preprocessing.builder().setSize(1, 1).optNormalize(127.5f, 127.5f)
                .optElementType(ElementType.INT8).optQuantization(1f / 128f, 0).build();
        ByteBuffer b = buffer(i8);
        new Preprocessor(i8).apply(ImageInput.ofPacked(rgb, 1, 1, PixelFormat.RGB), b);
        // (0 - 127.5) / 127.5 * 128 = -128; (128 - 127.5) / 127.5 * 128 = 0.5 -> 1 (round half up); 255 -> 128 -> 127
        assertThat(new int[] {b.get(0), b.get(1), b.get(2)}).containsExactly(-128, 1, 127);
    }

    @Test
    void grayImagesFillAllThreeChannels() {
        BufferedImage gray = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(0, 0, 0, 200);
        gray.getRaster().setSample(1, 0, 0, 50);
        Preprocessing p = Preprocessing.builder().setSize(2, 1).build();
        ByteBuffer out = buffer(p);
        new Preprocessor(p).apply(ImageInput.of(gray), out);
        assertThat(floats(out)).containsExactly(200f, 200f, 200f, 50f, 50f, 50f);
    }

    @Test
    void rejectsATooSmallBuffer() {
        Preprocessing p = Preprocessing.builder().setSize(8, 8).build();
        ByteBuffer small = ByteBuffer.allocateDirect(10);
        assertThatThrownBy(() -> new Preprocessor(p).apply(ImageInput.ofPacked(new byte[3], 1, 1, PixelFormat.RGB),
                small)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 768");
    }
}
