package io.edgecv.bench;

import io.edgecv.ImageInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Locates the shared fixtures (real models and photos, never copied into the repository) for the benchmarks:
 * the system property {@code edgecv.fixtures}, the environment variable {@code EDGECV_FIXTURES}, or
 * {@code shared/fixtures} beside the checkout or any folder above the working directory (so
 * {@code ../shared/fixtures} when run from the checkout). The same rules as the test helper
 * {@code io.edgecv.testing.Fixtures}, which lives in a test jar the benchmarks cannot ship.
 *
 * <p>Thread-safety: immutable; the folder is located once.
 */
public final class BenchFixtures {
    private static final Optional<Path> ROOT = Optional.ofNullable(locate());

    private BenchFixtures() {
    }

    private static Path locate() {
        String prop = System.getProperty("edgecv.fixtures");
        if (prop != null && !prop.isBlank() && !prop.startsWith("${") && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        String env = System.getenv("EDGECV_FIXTURES");
        if (env != null && !env.isBlank() && Files.isDirectory(Path.of(env))) {
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

    /** @return the fixtures folder, if found */
    public static Optional<Path> root() {
        return ROOT;
    }

    /**
     * @param folder {@code models}, {@code images} or {@code faces}
     * @param name file name in that folder
     * @return the file, if the fixtures were found and it exists
     */
    public static Optional<Path> file(String folder, String name) {
        return ROOT.map(r -> r.resolve(folder).resolve(name)).filter(Files::isRegularFile);
    }

    /**
     * @param name a photo in {@code images/}
     * @return its path
     * @throws IllegalStateException if the fixtures or the photo are missing, saying where they are looked for
     */
    public static Path image(String name) {
        return file("images", name).orElseThrow(() -> new IllegalStateException("photo images/" + name
                + " not found: " + whereToPut()));
    }

    /**
     * @param name a photo in {@code images/}
     * @return the decoded photo
     * @throws IllegalStateException if it is missing
     * @throws UncheckedIOException if it cannot be read
     */
    public static ImageInput readImage(String name) {
        Path p = image(name);
        try {
            return ImageInput.read(p);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + p + ": " + e.getMessage(), e);
        }
    }

    /** @return a sentence saying where the fixtures are looked for */
    public static String whereToPut() {
        return ROOT.map(r -> "fixtures folder is " + r)
                .orElse("fixtures not found: put the shared fixtures at ../shared/fixtures or pass"
                        + " -Dedgecv.fixtures=DIR (java -Dedgecv.fixtures=DIR -jar benchmarks.jar ...) or set EDGECV_FIXTURES");
    }
}
