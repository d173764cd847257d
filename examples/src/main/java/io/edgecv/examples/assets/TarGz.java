package io.edgecv.examples.assets;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads one entry out of a {@code .tgz} (ustar, as npm packs them) without unpacking the rest.
 *
 * <p>Thread-safety: stateless.
 */
public final class TarGz {
    private TarGz() {
    }

    /**
     * @param archive the {@code .tgz}
     * @param entry the entry's path inside it, such as {@code package/model.data}
     * @return the entry's bytes
     * @throws IOException if the archive cannot be read or has no such entry
     */
    public static byte[] read(Path archive, String entry) throws IOException {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive)))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512) {
                String name = field(header, 0, 100);
                if (name.isEmpty()) {
                    break;
                }
                String prefix = field(header, 345, 155);
                String path = prefix.isEmpty() ? name : prefix + "/" + name;
                long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12)
                        .trim(), 8);
                long padded = (size + 511) / 512 * 512;
                if (path.equals(entry)) {
                    if (size > Integer.MAX_VALUE - 8) {
                        throw new IOException(entry + " is too large: " + size + " bytes");
                    }
                    byte[] data = in.readNBytes((int) size);
                    if (data.length != size) {
                        throw new IOException(archive + " is truncated inside " + entry);
                    }
                    return data;
                }
                in.skipNBytes(padded);
            }
        }
        throw new IOException(archive + " has no entry " + entry);
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.US_ASCII);
    }
}
