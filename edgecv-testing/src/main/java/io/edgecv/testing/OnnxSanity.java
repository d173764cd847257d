package io.edgecv.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A cheap check that a locally converted file is an ONNX model: a converter's output is not byte-identical from
 * one version to the next, so it cannot be checked by hash.
 *
 * <p>Thread-safety: stateless.
 */
final class OnnxSanity {
    private static final long MIN_BYTES = 100_000;

    private OnnxSanity() {
    }

    /**
     * @param file a file
     * @return whether it is at least 100 kB and starts as an ONNX {@code ModelProto} does (field 1,
     *         {@code ir_version}, a varint: tag byte 0x08, then a version from 3 to 20)
     * @throws IOException if it cannot be read
     */
    static boolean looksLikeOnnx(Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) < MIN_BYTES) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(2);
            return head.length == 2 && head[0] == 0x08 && head[1] >= 3 && head[1] <= 20;
        }
    }
}
