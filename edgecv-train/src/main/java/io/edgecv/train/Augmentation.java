package io.edgecv.train;

import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Changes a training image before the teacher and the student see it. The teacher runs on the augmented image,
 * so its targets follow whatever the augmentation does (no box bookkeeping is needed for distillation).
 *
 * <p>Implementations must draw all their randomness from the given {@link Random} (the trainer seeds it per step,
 * so that a resumed run augments exactly as an uninterrupted one) and must not modify the source image.
 *
 * <p>Thread-safety: implementations should be stateless; the trainer calls them from one thread.
 */
@FunctionalInterface
public interface Augmentation {
    /** No augmentation: the image as it is. */
    Augmentation NONE = (image, random) -> image;

    /**
     * @param image the source image, not modified
     * @param random the source of randomness for this image
     * @return the augmented image (may be {@code image} itself when nothing changes)
     */
    BufferedImage apply(BufferedImage image, Random random);
}
