package io.edgecv.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the shared test fixtures (real models and photos, never copied into the repository): the system
 * property {@code edgecv.fixtures}, the environment variable {@code EDGECV_FIXTURES}, or {@code shared/fixtures}
 * beside the checkout or any folder above the working directory. Tests that need them are skipped, saying why,
 * when they cannot be found.
 */
public final class Fixtures {
    private static final Path ROOT = locate();

    private Fixtures() {
    }

    private static Path locate() {
        String prop = System.getProperty("edgecv.fixtures");
        if (prop != null && !prop.isBlank() && !prop.startsWith("${") && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        String env = System.getenv("EDGECV_FIXTURES");
        if (env != null && Files.isDirectory(Path.of(env))) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared").resolve("fixtures");
            if (Files.isRegularFile(candidate.resolve("MODELS.md"))) {
                return candidate.normalize();
            }
        }
        return null;
    }

    /** @return whether the fixtures were found */
    public static boolean available() {
        return ROOT != null;
    }

    /** @return the fixtures folder; skips the test when it is missing */
    public static Path root() {
        Assumptions.assumeTrue(ROOT != null, "fixtures not found: put the shared fixtures at ../shared/fixtures"
                + " or set EDGECV_FIXTURES / -Dedgecv.fixtures");
        return ROOT;
    }

    /** @param name file in models/ @return its path; skips the test when missing */
    public static Path model(String name) {
        return existing(root().resolve("models").resolve(name));
    }

    /** @param name file in images/ @return its path; skips the test when missing */
    public static Path image(String name) {
        return existing(root().resolve("images").resolve(name));
    }

    /** @param name file in faces/ @return its path; skips the test when missing */
    public static Path face(String name) {
        return existing(root().resolve("faces").resolve(name));
    }

    private static Path existing(Path p) {
        Assumptions.assumeTrue(Files.isRegularFile(p), "fixture missing: " + p);
        return p;
    }

    /** SSD-MobileNetV2 Open Images v4, ONNX. */
    public static final String SSD_ONNX = "ssd_mobilenetv2_oidv4.onnx";
    /** SSD-MobileNetV2 Open Images v4, TFLite FP16 weights. */
    public static final String SSD_TFLITE = "object_detection_ssd_mobilenetv2_oidv4_fp16.tflite";
    /** BlazeFace front 128, ONNX. */
    public static final String FACE_FRONT_ONNX = "face_detection_front_128x128_barracuda.onnx";
    /** BlazeFace back 256, ONNX. */
    public static final String FACE_BACK_ONNX = "face_detection_back_256x256_barracuda.onnx";
    /** BlazeFace short range 128, TFLite. */
    public static final String FACE_SHORT_TFLITE = "face_detection_short_range.tflite";
    /** BlazeFace full range 192, TFLite. */
    public static final String FACE_FULL_TFLITE = "face_detection_full_range.tflite";
}
