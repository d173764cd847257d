package io.edgecv.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Copies chosen entries out of a tar stream (ustar and GNU long names, as {@code npm pack} and
 * {@code dpkg-deb --fsys-tarfile} write them) without unpacking the rest. Hand-written because the JDK reads
 * gzip but not tar, and these ~80 lines spare every module a compression library.
 *
 * <p>Thread-safety: stateless.
 */
final class TarStream {
    private TarStream() {
    }

    /**
     * @param in an uncompressed tar stream (not closed here)
     * @param wanted entry name (without a leading {@code ./}) to the file it is copied to
     * @return the entries found (a subset of {@code wanted}'s keys) with their copies
     * @throws IOException if the stream cannot be read or a file cannot be written
     */
    static Map<String, Path> extract(InputStream in, Map<String, Path> wanted) throws IOException {
        Map<String, Path> found = new HashMap<>();
        byte[] header = new byte[512];
        String longName = null;
        while (found.size() < wanted.size() && in.readNBytes(header, 0, 512) == 512) {
            String name = field(header, 0, 100);
            if (name.isEmpty()) {
                break;
            }
            String prefix = field(header, 345, 155);
            String sizeField = field(header, 124, 12).trim();
            long size = sizeField.isEmpty() ? 0 : Long.parseLong(sizeField, 8);
            long padded = (size + 511) / 512 * 512;
            char type = (char) header[156];
            if (type == 'L') {
                byte[] data = in.readNBytes((int) padded);
                longName = new String(data, 0, (int) Math.min(size, data.length), StandardCharsets.UTF_8)
                        .replace("\0", "");
                continue;
            }
            String path = longName != null ? longName : prefix.isEmpty() ? name : prefix + "/" + name;
            longName = null;
            if (path.startsWith("./")) {
                path = path.substring(2);
            }
            Path target = wanted.get(path);
            if (target != null && (type == '0' || type == 0)) {
                try (OutputStream out = Files.newOutputStream(target)) {
                    copy(in, out, size);
                }
                in.skipNBytes(padded - size);
                found.put(path, target);
            } else {
                in.skipNBytes(padded);
            }
        }
        return found;
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("tar stream ends inside an entry");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.US_ASCII);
    }
}
