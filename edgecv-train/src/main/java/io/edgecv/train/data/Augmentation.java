package io.edgecv.train.data;

import java.util.random.RandomGenerator;

/**
 * One random change to a training image that keeps its boxes consistent with its pixels. Every random choice is
 * drawn from the generator passed in, so the same seed gives the same images.
 *
 * <p>Thread-safety: the implementations here hold only settings and are safe to share; the sample and the
 * generator belong to the calling thread.
 */
@FunctionalInterface
public interface Augmentation {
    /**
     * @param sample the image and boxes, changed in place
     * @param random the source of every random choice
     */
    void apply(TrainingSample sample, RandomGenerator random);
}
