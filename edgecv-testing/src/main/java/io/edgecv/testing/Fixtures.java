package io.edgecv.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The fixtures for JUnit tests (real models, photos and a video; never copied into the repository), found or
 * built by {@link FixtureResolver}: {@code -Dedgecv.fixtures}, {@code $EDGECV_FIXTURES}, {@code ../shared/fixtures},
 * else the cache, filled from the public packages {@code shared/fixtures/MODELS.md} names. A fixture that cannot
 * be had aborts the calling test (reported as skipped) with a message naming the file and how to get it.
 *
 * <p>Call these before {@code assertThatThrownBy} lambdas, never inside them: an aborted assumption inside the
 * lambda is an exception the assertion would catch.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class Fixtures {
    /** SSD-MobileNetV2 Open Images v4, ONNX (converted from {@link #SSD_TFLITE}; needs edgecv-onnx's converter). */
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

    private static boolean cacheFilled;

    private Fixtures() {
    }

    /**
     * @return whether fixtures can be had: a shared fixtures folder was found, or downloads are allowed
     */
    public static boolean available() {
        FixtureResolver r = FixtureResolver.get();
        return r.sharedRoot().isPresent() || !r.offline();
    }

    /**
     * @return the shared fixtures folder; or else the cache's fixtures folder, after building in it every fixture
     *         that can be had (once per JVM; the first time on a new machine this downloads them all), so that
     *         paths resolved against it such as {@code root().resolve("video/vtest.avi")} exist. Prefer
     *         {@link #model}, {@link #image}, {@link #face}, {@link #video}: they fetch only what they return and
     *         skip with the reason when it cannot be had.
     */
    public static Path root() {
        FixtureResolver r = FixtureResolver.get();
        Assumptions.assumeTrue(available(), "fixtures not found and offline (EDGECV_OFFLINE): put the shared "
                + "fixtures at ../shared/fixtures or set EDGECV_FIXTURES / -Dedgecv.fixtures");
        if (r.sharedRoot().isPresent()) {
            return r.sharedRoot().get();
        }
        fillCache(r);
        return r.cacheRoot();
    }

    private static synchronized void fillCache(FixtureResolver r) {
        if (!cacheFilled) {
            for (FixtureFile f : FixtureCatalog.all()) {
                r.find(f.path()); // what cannot be had stays missing; the caller's own check says so
            }
            cacheFilled = true;
        }
    }

    /** @param name file in models/ @return its path; skips the test when it cannot be had */
    public static Path model(String name) {
        return file("models/" + name);
    }

    /** @param name file in images/ @return its path; skips the test when it cannot be had */
    public static Path image(String name) {
        return file("images/" + name);
    }

    /** @param name file in faces/ @return its path; skips the test when it cannot be had */
    public static Path face(String name) {
        return file("faces/" + name);
    }

    /** @param name file in video/ @return its path; skips the test when it cannot be had */
    public static Path video(String name) {
        return file("video/" + name);
    }

    /**
     * @param folder {@code models}, {@code images}, {@code faces} or {@code video}
     * @return a folder holding every cataloged fixture of that folder (all found or built); skips the test when
     *         one cannot be had
     */
    public static Path folder(String folder) {
        Path parent = null;
        for (FixtureFile f : FixtureCatalog.all()) {
            if (f.path().startsWith(folder + "/") && f.sha256() != null) {
                Path p = file(f.path()).getParent();
                if (parent != null && !parent.equals(p)) {
                    return Assumptions.abort(folder + "/ is split between " + parent + " and " + p
                            + ": put the whole shared fixtures folder in one place");
                }
                parent = p;
            }
        }
        return parent != null ? parent : Assumptions.abort("no fixtures in " + folder + "/");
    }

    /**
     * @param path a path relative to the fixtures folder, such as {@code images/dog.jpg}
     * @return the checked file; skips the test when it cannot be had
     */
    public static Path file(String path) {
        try {
            return FixtureResolver.get().resolve(path);
        } catch (FixtureUnavailableException e) {
            return Assumptions.abort(e.getMessage());
        }
    }
}
