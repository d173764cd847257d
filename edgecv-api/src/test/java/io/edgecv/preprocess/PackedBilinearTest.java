package io.edgecv.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.ImageInput;
import io.edgecv.PixelFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The resize against bilinear interpolation written out in double precision (half-pixel centres, edges clamped, as
 * OpenCV's {@code INTER_LINEAR}), on packed BGR (the fast path, {@link PackedBilinear}) and RGBA (the general
 * path), down-scaled by about 2.56 x 1.92 like a 768x576 frame into the SSD's 300x300, up-scaled, and from
 * one-pixel-wide or -high sources (which the fast path leaves to the general one); and the two paths bit for bit.
 */
class PackedBilinearTest {
    /** Float rounding of values up to 255. */
    private static final double TOLERANCE = 1e-3;

    @Test
    void downAndUpScalesMatchDoublePrecisionBilinear() {
        check(77, 58, 30, 30, 1);
        check(23, 17, 61, 40, 2);
        check(9, 1, 4, 3, 3);
        check(1, 7, 5, 2, 4);
        check(2, 2, 1, 1, 5);
    }

    private static void check(int sw, int sh, int dw, int dh, long seed) {
        byte[] rgb = new byte[sw * sh * 3];
        new Random(seed).nextBytes(rgb);
        Preprocessing p = Preprocessing.builder().setSize(dw, dh).build(); // raw values, RGB, NHWC float
        float[] first = null;
        for (PixelFormat f : new PixelFormat[] {PixelFormat.BGR, PixelFormat.RGBA}) {
            int bpp = f.bytesPerPixel();
            byte[] packed = new byte[sw * sh * bpp];
            for (int i = 0; i < sw * sh; i++) {
                packed[i * bpp + f.redOffset()] = rgb[3 * i];
                packed[i * bpp + f.greenOffset()] = rgb[3 * i + 1];
                packed[i * bpp + f.blueOffset()] = rgb[3 * i + 2];
            }
            ByteBuffer out = ByteBuffer.allocateDirect(p.tensorBytes()).order(ByteOrder.nativeOrder());
            new Preprocessor(p).apply(ImageInput.ofPacked(packed, sw, sh, f), out);
            FloatBuffer t = out.asFloatBuffer();
            double worst = 0;
            for (int y = 0; y < dh; y++) {
                for (int x = 0; x < dw; x++) {
                    for (int c = 0; c < 3; c++) {
                        double want = reference(rgb, sw, sh, dw, dh, x, y, c);
                        worst = Math.max(worst, Math.abs(t.get((y * dw + x) * 3 + c) - want));
                    }
                }
            }
            float[] all = new float[t.limit()];
            t.get(0, all);
            if (first == null) {
                first = all;
            } else {
                assertThat(all).as("%dx%d -> %dx%d: %s and BGR", sw, sh, dw, dh, f).isEqualTo(first);
            }
            assertThat(worst).as("%dx%d -> %dx%d from %s: largest difference in grey levels", sw, sh, dw, dh, f)
                    .isLessThanOrEqualTo(TOLERANCE);
        }
    }

    private static double reference(byte[] rgb, int sw, int sh, int dw, int dh, int x, int y, int c) {
        double sx = Math.max(0, (x + 0.5) * sw / dw - 0.5);
        double sy = Math.max(0, (y + 0.5) * sh / dh - 0.5);
        int x0 = Math.min((int) sx, sw - 1);
        int y0 = Math.min((int) sy, sh - 1);
        int x1 = Math.min(x0 + 1, sw - 1);
        int y1 = Math.min(y0 + 1, sh - 1);
        double fx = x1 == x0 ? 0 : sx - x0;
        double fy = y1 == y0 ? 0 : sy - y0;
        double top = px(rgb, sw, x0, y0, c) * (1 - fx) + px(rgb, sw, x1, y0, c) * fx;
        double bottom = px(rgb, sw, x0, y1, c) * (1 - fx) + px(rgb, sw, x1, y1, c) * fx;
        return top * (1 - fy) + bottom * fy;
    }

    private static int px(byte[] rgb, int w, int x, int y, int c) {
        return rgb[(y * w + x) * 3 + c] & 0xFF;
    }
}
