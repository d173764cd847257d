package io.edgecv.train.data;

import io.edgecv.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fixture photos copied into a test's temporary folder (never into the repository), and label files written. */
final class TempPhotos {
    private TempPhotos() {
    }

    /** Copies a fixture photo to {@code dir/name}; skips the test when the fixtures cannot be had. */
    static Path copy(String photo, Path dir, String name) throws IOException {
        Path src = Fixtures.image(photo);
        Files.createDirectories(dir);
        return Files.copy(src, dir.resolve(name));
    }

    static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
