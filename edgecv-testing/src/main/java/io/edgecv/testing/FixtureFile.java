package io.edgecv.testing;

/**
 * One fixture file: its path relative to the fixtures folder, its SHA-256 (null for a file built locally whose
 * bytes depend on the tool that built it, such as the converted ONNX SSD) and where it comes from.
 *
 * <p>Thread-safety: immutable.
 *
 * @param path path relative to the fixtures folder, such as {@code images/dog.jpg}
 * @param sha256 expected SHA-256, lower-case hex, or null when the file is checked by a sanity check instead
 * @param source its public source
 */
public record FixtureFile(String path, String sha256, FixtureSource source) {
}
