package io.edgecv.train.data;

import java.util.random.RandomGenerator;

/**
 * Mirrors the image left to right, in place: pixel {@code x} goes to {@code width - 1 - x} and a box
 * {@code (x1, y1, x2, y2)} becomes {@code (width - x2, y1, width - x1, y2)}. It draws nothing from the
 * generator: give it a probability in an {@link AugmentationPipeline}.
 *
 * <p>Thread-safety: stateless.
 */
public final class HorizontalFlip implements Augmentation {
    @Override
    public void apply(TrainingSample sample, RandomGenerator random) {
        flip(sample);
    }

    /** @param sample flipped in place, image and boxes */
    public static void flip(TrainingSample sample) {
        PackedImage img = sample.image();
        byte[] d = img.data();
        int w = img.width();
        for (int y = 0; y < img.height(); y++) {
            int row = y * w * 3;
            for (int a = row, b = row + (w - 1) * 3; a < b; a += 3, b -= 3) {
                for (int c = 0; c < 3; c++) {
                    byte t = d[a + c];
                    d[a + c] = d[b + c];
                    d[b + c] = t;
                }
            }
        }
        BoxList boxes = sample.boxes();
        for (int i = 0; i < boxes.size(); i++) {
            boxes.set(i, w - boxes.x2(i), boxes.y1(i), w - boxes.x1(i), boxes.y2(i));
        }
    }

    @Override
    public String toString() {
        return "HorizontalFlip";
    }
}
