package io.edgecv.examples.assets;

import io.edgecv.testing.FixtureResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The default model and photo of {@code edgecv detect}: SSD-MobileNetV2 (Open Images v4, 23 classes) and the
 * classic {@code dog.jpg}, through the fixture resolver every module uses ({@link FixtureResolver}): the shared
 * fixtures when they sit beside the checkout (the ONNX conversion of the model is preferred there), else the
 * cache, filled once from the public packages (npm {@code @mediapipe/objectron} for the TFLite model and its
 * labels, Debian {@code darknet} for the photo) and checked by SHA-256. {@code EDGECV_OFFLINE=1} forbids
 * downloads.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class DefaultAssets {
    private static final String ONNX = "models/ssd_mobilenetv2_oidv4.onnx";
    private static final String TFLITE = "models/object_detection_ssd_mobilenetv2_oidv4_fp16.tflite";
    private static final String LABELS = "models/object_detection_oidv4_labelmap.txt";
    private static final String DOG = "images/dog.jpg";

    private DefaultAssets() {
    }

    /** @return the shared fixtures folder, if found (else null) */
    public static Path fixtures() {
        return FixtureResolver.get().sharedRoot().orElse(null);
    }

    /**
     * @return the default model file (its labels beside it)
     * @throws IOException if it is not available and cannot be fetched; the message says how to get it
     */
    public static Path model() throws IOException {
        Path shared = fixtures();
        if (shared != null && Files.isRegularFile(shared.resolve(ONNX))) {
            return shared.resolve(ONNX);
        }
        FixtureResolver r = FixtureResolver.get();
        Path model = r.resolve(TFLITE);
        r.resolve(LABELS);
        return model;
    }

    /**
     * @return the default photo
     * @throws IOException if it is not available and cannot be fetched; the message says how to get it
     */
    public static Path image() throws IOException {
        return FixtureResolver.get().resolve(DOG);
    }
}
