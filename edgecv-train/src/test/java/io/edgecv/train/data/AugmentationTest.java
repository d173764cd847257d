package io.edgecv.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.ImageInput;
import io.edgecv.PixelFormat;
import io.edgecv.testing.Fixtures;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Flip and colour jitter on a real photo (dog.jpg, 768x576), against hand-computed references. */
class AugmentationTest {
    private static TrainingSample dog(PixelFormat format) throws Exception {
        TrainingSample s = new TrainingSample(format);
        s.load(Fixtures.image("dog.jpg"));
        s.boxes().add(124, 223, 324, 540, 20);
        return s;
    }

    private static byte[] pixels(PackedImage img) {
        return Arrays.copyOf(img.data(), img.width() * img.height() * 3);
    }

    @Test
    void packedImageHoldsWhatImageIoDecodes() throws Exception {
        BufferedImage ref = ImageIO.read(Fixtures.image("dog.jpg").toFile());
        for (PixelFormat f : List.of(PixelFormat.RGB, PixelFormat.BGR)) {
            PackedImage img = dog(f).image();
            assertThat(img.width()).isEqualTo(768);
            for (int[] p : new int[][] {{0, 0}, {767, 575}, {300, 400}, {123, 45}}) {
                int rgb = ref.getRGB(p[0], p[1]);
                assertThat(new int[] {img.get(p[0], p[1], 0), img.get(p[0], p[1], 1), img.get(p[0], p[1], 2)})
                        .containsExactly(rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF);
            }
            ImageInput view = img.asInput();
            assertThat(view.bytes()).isSameAs(img.data());
            assertThat(view.redOffset()).isEqualTo(f.redOffset());
            BufferedImage back = img.toBufferedImage();
            for (int[] p : new int[][] {{0, 0}, {767, 575}, {300, 400}}) {
                assertThat(back.getRGB(p[0], p[1])).isEqualTo(ref.getRGB(p[0], p[1]));
            }
        }
        assertThatThrownBy(() -> new PackedImage(2, 2, PixelFormat.RGBA))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RGBA");
    }

    @Test
    void flippedBoxIsTheHandComputedOneAndPixelsMirror() throws Exception {
        TrainingSample s = dog(PixelFormat.RGB);
        byte[] before = pixels(s.image());

        new HorizontalFlip().apply(s, new SplittableRandom(1));

        // x1' = 768 - 324, x2' = 768 - 124
        assertThat(s.boxes().toBoxes(List.of())).containsExactly(new Box(444, 223, 644, 540, 20, "class 20"));
        PackedImage img = s.image();
        for (int[] p : new int[][] {{0, 0}, {10, 300}, {383, 575}, {767, 17}}) {
            int mirrored = ((p[1] * 768) + (767 - p[0])) * 3;
            for (int c = 0; c < 3; c++) {
                assertThat(img.get(p[0], p[1], c)).isEqualTo(before[mirrored + c] & 0xFF);
            }
        }
    }

    @Test
    void flippingTwiceGivesBackTheOriginalBytes() throws Exception {
        for (PixelFormat f : List.of(PixelFormat.RGB, PixelFormat.BGR)) {
            TrainingSample s = dog(f);
            s.boxes().add(0.5f, 1.25f, 767.5f, 2, 3);
            byte[] before = pixels(s.image());
            List<Box> boxes = s.boxes().toBoxes(List.of());

            HorizontalFlip.flip(s);
            assertThat(pixels(s.image())).isNotEqualTo(before);
            HorizontalFlip.flip(s);

            assertThat(pixels(s.image())).isEqualTo(before);
            assertThat(s.boxes().toBoxes(List.of())).isEqualTo(boxes);
        }
    }

    @Test
    void zeroStrengthColourJitterIsTheIdentity() throws Exception {
        TrainingSample s = dog(PixelFormat.BGR);
        byte[] before = pixels(s.image());
        ColourJitter none = ColourJitter.builder().optBrightness(0).optContrast(0).optSaturation(0).optHue(0)
                .build();
        for (long seed = 0; seed < 5; seed++) {
            none.apply(s, new SplittableRandom(seed));
        }
        assertThat(pixels(s.image())).isEqualTo(before);

        ColourJitter.builder().optBrightness(0.5).build().apply(s, new SplittableRandom(3));
        assertThat(pixels(s.image())).isNotEqualTo(before);
    }

    @Test
    void knownFactorsGiveTheHandComputedPixels() {
        PackedImage img = new PackedImage(3, 1, PixelFormat.BGR);
        img.set(0, 0, 0, 100);
        img.set(0, 0, 1, 250);
        img.set(0, 0, 2, 3);
        // brightness 1.2: 100 -> 120, 250 -> 300 clamped to 255, 3 -> 3.6 rounded to 4
        ColourJitter.apply(img, 1.2f, 1f, 1f, 0f);
        assertThat(new int[] {img.get(0, 0, 0), img.get(0, 0, 1), img.get(0, 0, 2)}).containsExactly(120, 255, 4);

        // contrast 0.5 on greys 100 and 200 (mean grey 150): 0.5 v + 75 -> 125 and 175
        PackedImage grey = new PackedImage(2, 1, PixelFormat.RGB);
        for (int c = 0; c < 3; c++) {
            grey.set(0, 0, c, 100);
            grey.set(1, 0, c, 200);
        }
        ColourJitter.apply(grey, 1f, 0.5f, 1f, 0f);
        assertThat(grey.get(0, 0, 1)).isEqualTo(125);
        assertThat(grey.get(1, 0, 2)).isEqualTo(175);

        // saturation 0: pure red becomes its grey level 0.299 * 255 = 76.2 -> 76
        PackedImage red = new PackedImage(1, 1, PixelFormat.BGR);
        red.set(0, 0, 0, 255);
        ColourJitter.apply(red, 1f, 1f, 0f, 0f);
        assertThat(new int[] {red.get(0, 0, 0), red.get(0, 0, 1), red.get(0, 0, 2)}).containsExactly(76, 76, 76);
    }

    @Test
    void hueShiftOfAThirdRotatesTheChannelsOfARealPhoto() throws Exception {
        // a third of the colour circle maps (r, g, b) to (b, r, g) exactly in the hexcone model
        PackedImage img = dog(PixelFormat.RGB).image();
        byte[] before = pixels(img);

        ColourJitter.apply(img, 1f, 1f, 1f, 1f / 3f);

        int off = 0;
        for (int i = 0; i < before.length; i += 3) {
            int r = before[i] & 0xFF;
            int g = before[i + 1] & 0xFF;
            int b = before[i + 2] & 0xFF;
            int[] want = {b, r, g};
            for (int c = 0; c < 3; c++) {
                if (Math.abs((img.data()[i + c] & 0xFF) - want[c]) > 1) {
                    off++;
                }
            }
        }
        assertThat(off).isZero();
    }

    @Test
    void pipelineIsReproducibleBySeed() throws Exception {
        AugmentationPipeline aug = AugmentationPipeline.builder()
                .add(new HorizontalFlip(), 0.5)
                .add(ScaleJitter.builder().setOutputSize(320, 256).optZoom(0.6, 1.6).build(), 1.0)
                .add(ColourJitter.builder().optBrightness(0.3).optContrast(0.3).optSaturation(0.3).optHue(0.05)
                        .build(), 0.9)
                .build();
        TrainingSample a = dog(PixelFormat.RGB);
        TrainingSample b = dog(PixelFormat.RGB);
        TrainingSample c = dog(PixelFormat.RGB);

        aug.apply(a, new SplittableRandom(42));
        aug.apply(b, new SplittableRandom(42));
        aug.apply(c, new SplittableRandom(43));

        assertThat(a.image().width()).isEqualTo(320);
        assertThat(pixels(a.image())).isEqualTo(pixels(b.image()));
        assertThat(a.boxes().toBoxes(List.of())).isEqualTo(b.boxes().toBoxes(List.of()));
        assertThat(pixels(c.image())).isNotEqualTo(pixels(a.image()));
        assertThatThrownBy(() -> AugmentationPipeline.builder().add(new HorizontalFlip(), 1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
    }
}
