package io.edgecv.train;

import io.edgecv.train.data.Augmentation;
import io.edgecv.train.data.AugmentationPipeline;
import io.edgecv.train.data.ColourJitter;
import io.edgecv.train.data.HorizontalFlip;
import io.edgecv.train.data.ScaleJitter;
import io.edgecv.train.data.TrainingSample;
import java.util.random.RandomGenerator;

/**
 * The {@link Distiller}'s default augmentation, built from {@code io.edgecv.train.data}: a horizontal flip
 * (probability 0.5), scale jitter by a zoom in [0.8, 1.2] onto the image's own size (zoom out pads, zoom in crops;
 * probability 1) and brightness, contrast and saturation jitter of ±0.3 (probability 0.8).
 *
 * <p>Thread-safety: immutable.
 */
final class DefaultAugmentation {
    private DefaultAugmentation() {
    }

    static Augmentation create() {
        ColourJitter colour = ColourJitter.builder().optBrightness(0.3).optContrast(0.3).optSaturation(0.3).build();
        return AugmentationPipeline.builder().add(new HorizontalFlip(), 0.5).add(DefaultAugmentation::zoom, 1.0)
                .add(colour, 0.8).build();
    }

    /** {@link ScaleJitter} onto the sample's own size, which differs between photos and video frames. */
    private static void zoom(TrainingSample sample, RandomGenerator random) {
        ScaleJitter.builder().setOutputSize(sample.image().width(), sample.image().height()).optZoom(0.8, 1.2)
                .build().apply(sample, random);
    }
}
