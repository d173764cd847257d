package io.edgecv.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link StandardAugmentation} on a synthetic image whose every pixel is known. */
class AugmentationTest {
    /** Left half red, right half blue. */
    private static BufferedImage halves() {
        BufferedImage img = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 40; x++) {
                img.setRGB(x, y, x < 20 ? 0xFF0000 : 0x0000FF);
            }
        }
        return img;
    }

    @Test
    void aFlipMirrorsTheImageAndNothingElseChangesWithoutJitter() {
        StandardAugmentation flipOnly = StandardAugmentation.builder().optScaleJitter(0).optColourJitter(0).build();
        int flipped = 0;
        Random random = new Random(11);
        for (int n = 0; n < 20; n++) {
            BufferedImage src = halves();
            BufferedImage out = flipOnly.apply(src, random);
            assertThat(src.getRGB(5, 5) & 0xFFFFFF).as("the source is not modified").isEqualTo(0xFF0000);
            boolean mirrored = (out.getRGB(5, 5) & 0xFFFFFF) == 0x0000FF;
            if (mirrored) {
                flipped++;
                assertThat(out.getRGB(35, 5) & 0xFFFFFF).isEqualTo(0xFF0000);
            } else {
                assertThat(out.getRGB(5, 5) & 0xFFFFFF).isEqualTo(0xFF0000);
                assertThat(out.getRGB(35, 5) & 0xFFFFFF).isEqualTo(0x0000FF);
            }
        }
        assertThat(flipped).as("about half of 20 images mirrored").isBetween(4, 16);
    }

    @Test
    void theSameRandomGivesTheSameImage() {
        StandardAugmentation a = StandardAugmentation.builder().build();
        BufferedImage x = a.apply(halves(), new Random(7));
        BufferedImage y = a.apply(halves(), new Random(7));
        for (int i = 0; i < 40; i += 3) {
            assertThat(x.getRGB(i, 10)).isEqualTo(y.getRGB(i, 10));
        }
    }

    @Test
    void scaleJitterZoomsAndColourJitterChangesColours() {
        BufferedImage zoomedOut = null;
        StandardAugmentation zoom = StandardAugmentation.builder().optFlip(false).optScaleJitter(0.5f)
                .optColourJitter(0).build();
        Random random = new Random(5);
        for (int n = 0; n < 50 && zoomedOut == null; n++) {
            BufferedImage out = zoom.apply(halves(), random);
            // zoomed out by >= 10%: a grey border appears in a corner
            for (int[] c : new int[][] {{0, 0}, {39, 0}, {0, 19}, {39, 19}}) {
                if ((out.getRGB(c[0], c[1]) & 0xFFFFFF) == 0x7F7F7F) {
                    zoomedOut = out;
                }
            }
        }
        assertThat(zoomedOut).as("a zoomed-out image with grey padding within 50 draws").isNotNull();
        StandardAugmentation colour = StandardAugmentation.builder().optFlip(false).optScaleJitter(0)
                .optColourJitter(0.5f).build();
        BufferedImage c = colour.apply(halves(), new Random(3));
        assertThat(c.getRGB(5, 5) & 0xFFFFFF).isNotEqualTo(0xFF0000);
        assertThatThrownBy(() -> StandardAugmentation.builder().optColourJitter(2f))
                .hasMessageContaining("colour jitter 2.0");
    }
}
