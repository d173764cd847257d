package io.edgecv.examples.assets;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The default model and photo of {@code edgecv detect}: SSD-MobileNetV2 (Open Images v4, 23 classes) and the
 * classic {@code dog.jpg}. Taken from the shared fixtures when they sit beside the checkout; otherwise fetched
 * once from public registries by package spec, checked by SHA-256 and cached:
 * <ul>
 *   <li>model and labels: npm {@code @mediapipe/objectron@0.4.1675468480}, bytes 184..9987912 (TFLite) and
 *       0..184 (label map) of {@code objectron_solution_packed_assets.data};</li>
 *   <li>photo: Debian package {@code darknet}, {@code /usr/share/darknet/data/dog.jpg}.</li>
 * </ul>
 *
 * <p>Thread-safety: stateless apart from the file system.
 */
public final class DefaultAssets {
    /** npm package holding the SSD model. */
    public static final String NPM_SPEC = "@mediapipe/objectron@0.4.1675468480";
    private static final String PACKED = "package/objectron_solution_packed_assets.data";
    private static final String MODEL = "object_detection_ssd_mobilenetv2_oidv4_fp16.tflite";
    private static final String MODEL_SHA = "d0a5255bf8c4f5a0bc4240741a76c41d5e939f7655078f945f50ab53a9375da6";
    private static final String LABELS = "object_detection_oidv4_labelmap.txt";
    private static final String LABELS_SHA = "c148336a65f673013609a923fdcbdeec0f49df935045029c3746a3828a0e80e0";
    private static final String DOG_SHA = "5a9522051c3cec2bbd2f6323fccba32e8fbf3ddcc2b3e2fd46b04c720bc6f866";

    private DefaultAssets() {
    }

    /**
     * @return the shared fixtures folder, if found: {@code EDGECV_FIXTURES}, {@code shared/fixtures} above the
     *         working directory, or beside the checkout this jar was built in
     */
    public static Path fixtures() {
        String env = System.getenv("EDGECV_FIXTURES");
        if (env != null && Files.isRegularFile(Path.of(env, "MODELS.md"))) {
            return Path.of(env);
        }
        for (Path start : new Path[] {Path.of("").toAbsolutePath(), jarFolder()}) {
            for (Path d = start; d != null; d = d.getParent()) {
                Path candidate = d.resolve("shared").resolve("fixtures");
                if (Files.isRegularFile(candidate.resolve("MODELS.md"))) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static Path jarFolder() {
        try {
            return Path.of(DefaultAssets.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath().getParent();
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /**
     * @return the default model file (its labels beside it)
     * @throws IOException if it is not available and cannot be fetched
     */
    public static Path model() throws IOException {
        Path fixtures = fixtures();
        if (fixtures != null && Files.isRegularFile(fixtures.resolve("models/ssd_mobilenetv2_oidv4.onnx"))) {
            return fixtures.resolve("models/ssd_mobilenetv2_oidv4.onnx");
        }
        Path dir = AssetCache.dir().resolve("models");
        Path model = dir.resolve(MODEL);
        Path labels = dir.resolve(LABELS);
        if (AssetCache.matches(model, MODEL_SHA) && AssetCache.matches(labels, LABELS_SHA)) {
            return model;
        }
        requireOnline("the default model (npm " + NPM_SPEC + ")", model);
        Path tgz = PackageFetcher.npmPack(NPM_SPEC, AssetCache.dir().resolve("downloads"));
        byte[] packed = TarGz.read(tgz, PACKED);
        Files.createDirectories(dir);
        Files.write(labels, Arrays.copyOfRange(packed, 0, 184));
        Files.write(model, Arrays.copyOfRange(packed, 184, 9987912));
        AssetCache.verify(labels, LABELS_SHA);
        AssetCache.verify(model, MODEL_SHA);
        Files.deleteIfExists(tgz);
        return model;
    }

    /**
     * @return the default photo
     * @throws IOException if it is not available and cannot be fetched
     */
    public static Path image() throws IOException {
        Path fixtures = fixtures();
        if (fixtures != null && Files.isRegularFile(fixtures.resolve("images/dog.jpg"))) {
            return fixtures.resolve("images/dog.jpg");
        }
        Path dog = AssetCache.dir().resolve("images").resolve("dog.jpg");
        if (AssetCache.matches(dog, DOG_SHA)) {
            return dog;
        }
        requireOnline("the default photo (Debian package darknet)", dog);
        Path download = AssetCache.dir().resolve("downloads/darknet");
        Path root = PackageFetcher.debianPackage("darknet", download);
        Files.createDirectories(dog.getParent());
        Files.copy(root.resolve("usr/share/darknet/data/dog.jpg"), dog,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        deleteTree(download);
        AssetCache.verify(dog, DOG_SHA);
        return dog;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private static void requireOnline(String what, Path target) throws IOException {
        if (AssetCache.offline()) {
            throw new IOException("offline mode (EDGECV_OFFLINE): " + what + " is not in the cache at " + target
                    + "; run once without EDGECV_OFFLINE, or pass --model / --image");
        }
    }
}
