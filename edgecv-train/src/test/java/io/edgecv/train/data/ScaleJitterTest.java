package io.edgecv.train.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.PixelFormat;
import io.edgecv.testing.Fixtures;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Scale jitter on a real photo (dog.jpg, 768x576) with a solid magenta rectangle painted at its labelled box: after
 * the jitter the box must still frame the magenta pixels, so boxes and pixels moved together.
 */
class ScaleJitterTest {
    private static final int X1 = 100;
    private static final int Y1 = 100;
    private static final int X2 = 300;
    private static final int Y2 = 260;

    private static TrainingSample painted() throws Exception {
        TrainingSample s = new TrainingSample(PixelFormat.RGB);
        s.load(Fixtures.image("dog.jpg"));
        PackedImage img = s.image();
        for (int y = Y1; y < Y2; y++) {
            for (int x = X1; x < X2; x++) {
                img.set(x, y, 0, 255);
                img.set(x, y, 1, 0);
                img.set(x, y, 2, 255);
            }
        }
        s.boxes().add(X1, Y1, X2, Y2, 7);
        return s;
    }

    private static boolean magenta(PackedImage img, int x, int y) {
        return img.get(x, y, 0) >= 247 && img.get(x, y, 1) <= 8 && img.get(x, y, 2) >= 247;
    }

    /** @return {minX, minY, maxX + 1, maxY + 1} of the magenta pixels, or null when there are none */
    private static int[] magentaExtent(PackedImage img) {
        int[] e = {Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1};
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                if (magenta(img, x, y)) {
                    e[0] = Math.min(e[0], x);
                    e[1] = Math.min(e[1], y);
                    e[2] = Math.max(e[2], x + 1);
                    e[3] = Math.max(e[3], y + 1);
                }
            }
        }
        return e[2] < 0 ? null : e;
    }

    @Test
    void knownScaleAndOffsetGiveTheHandComputedBoxAndPadding() throws Exception {
        TrainingSample s = painted();
        ScaleJitter jitter = ScaleJitter.builder().setOutputSize(400, 400).optPadValue(114).build();

        jitter.place(s, 0.5f, 10f, 20f);

        PackedImage img = s.image();
        assertThat(img.width()).isEqualTo(400);
        assertThat(img.height()).isEqualTo(400);
        // (100, 100, 300, 260) * 0.5 + (10, 20)
        assertThat(s.boxes().toBoxes(List.of())).containsExactly(new Box(60, 70, 160, 150, 7, "class 7"));
        for (int y = 72; y < 148; y++) {
            for (int x = 62; x < 158; x++) {
                assertThat(magenta(img, x, y)).as("(%d, %d)", x, y).isTrue();
            }
        }
        assertThat(magenta(img, 57, 100)).isFalse();
        assertThat(magenta(img, 100, 153)).isFalse();
        // content spans x 10..394, y 20..308: outside it, padding
        for (int[] p : new int[][] {{5, 5}, {396, 100}, {100, 350}, {9, 200}}) {
            for (int c = 0; c < 3; c++) {
                assertThat(img.get(p[0], p[1], c)).isEqualTo(114);
            }
        }
    }

    @Test
    void scaleOneWithWholePixelOffsetIsAnExactShift() throws Exception {
        TrainingSample s = painted();
        byte[] src = java.util.Arrays.copyOf(s.image().data(), 768 * 576 * 3);
        ScaleJitter.builder().setOutputSize(700, 600).optPadValue(0).build().place(s, 1f, -5f, 7f);

        PackedImage img = s.image();
        for (int y = 7; y < 583; y += 3) {
            for (int x = 0; x < 700; x += 5) {
                int o = ((y - 7) * 768 + x + 5) * 3;
                for (int c = 0; c < 3; c++) {
                    assertThat(img.get(x, y, c)).as("(%d, %d)", x, y).isEqualTo(src[o + c] & 0xFF);
                }
            }
        }
        assertThat(img.get(3, 6, 1)).isZero();
        assertThat(s.boxes().toBoxes(List.of())).containsExactly(new Box(95, 107, 295, 267, 7, "class 7"));
    }

    @Test
    void randomZoomsKeepTheBoxOnTheMagentaPixels() throws Exception {
        ScaleJitter jitter = ScaleJitter.builder().setOutputSize(320, 320).optZoom(0.4, 2.5).build();
        int kept = 0;
        int dropped = 0;
        TrainingSample s = new TrainingSample(PixelFormat.RGB);
        for (long seed = 0; seed < 24; seed++) {
            TrainingSample fresh = painted();
            s.image().copyFrom(fresh.image());
            s.boxes().clear();
            s.boxes().add(X1, Y1, X2, Y2, 7);

            jitter.apply(s, new SplittableRandom(seed));

            int[] e = magentaExtent(s.image());
            if (s.boxes().size() == 0) {
                dropped++;
                continue;
            }
            kept++;
            // scale = output px per source px: the box is 200 source px wide
            float scale = (s.boxes().x2(0) - s.boxes().x1(0)) / 200f;
            float slack = 0.5f * Math.max(scale, 1f) + 1.01f;
            assertThat(e).as("seed %d: magenta pixels under the kept box", seed).isNotNull();
            assertThat(e[0]).as("seed %d left", seed).isGreaterThanOrEqualTo((int) Math.floor(s.boxes().x1(0)));
            assertThat(e[1]).as("seed %d top", seed).isGreaterThanOrEqualTo((int) Math.floor(s.boxes().y1(0)));
            assertThat((float) e[2]).as("seed %d right", seed).isLessThanOrEqualTo((float) Math.ceil(s.boxes().x2(0)));
            assertThat((float) e[3]).as("seed %d bottom", seed)
                    .isLessThanOrEqualTo((float) Math.ceil(s.boxes().y2(0)));
            assertThat(e[0] - s.boxes().x1(0)).as("seed %d left gap", seed).isLessThanOrEqualTo(slack);
            assertThat(e[1] - s.boxes().y1(0)).as("seed %d top gap", seed).isLessThanOrEqualTo(slack);
            assertThat(s.boxes().x2(0) - e[2]).as("seed %d right gap", seed).isLessThanOrEqualTo(slack);
            assertThat(s.boxes().y2(0) - e[3]).as("seed %d bottom gap", seed).isLessThanOrEqualTo(slack);
        }
        assertThat(kept).isGreaterThan(10);
        assertThat(kept + dropped).isEqualTo(24);
    }

    @Test
    void reusesTheSampleBuffersOnceLargeEnough() throws Exception {
        TrainingSample s = new TrainingSample(PixelFormat.RGB);
        ScaleJitter jitter = ScaleJitter.builder().setOutputSize(300, 300).build();
        java.nio.file.Path photo = Fixtures.image("dog.jpg");
        for (long seed = 0; seed < 2; seed++) { // the two buffers grow to the photo's size
            s.load(photo);
            jitter.apply(s, new SplittableRandom(seed));
        }
        byte[] a = s.image().data();
        byte[] b = s.spare().data();
        for (long seed = 2; seed < 6; seed++) {
            s.load(photo);
            jitter.apply(s, new SplittableRandom(seed));
            assertThat(s.image().data() == a && s.spare().data() == b
                    || s.image().data() == b && s.spare().data() == a).as("seed %d", seed).isTrue();
        }
    }
}
