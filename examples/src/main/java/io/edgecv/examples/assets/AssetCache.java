package io.edgecv.examples.assets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The local cache of downloaded models and photos: {@code $EDGECV_CACHE}, else {@code $XDG_CACHE_HOME/edgecv},
 * else {@code ~/.cache/edgecv}. Every file is checked against its SHA-256 before use. In offline mode
 * ({@code EDGECV_OFFLINE=1} or {@code -Dedgecv.offline=true}) nothing is downloaded.
 *
 * <p>Thread-safety: stateless apart from the file system.
 */
public final class AssetCache {
    private AssetCache() {
    }

    /** @return the cache folder (not created) */
    public static Path dir() {
        String explicit = System.getenv("EDGECV_CACHE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("edgecv");
    }

    /** @return whether downloads are forbidden */
    public static boolean offline() {
        return "1".equals(System.getenv("EDGECV_OFFLINE")) || "true".equalsIgnoreCase(System.getenv("EDGECV_OFFLINE"))
                || Boolean.getBoolean("edgecv.offline");
    }

    /**
     * @param file a file
     * @return its SHA-256, lower-case hex
     * @throws IOException if it cannot be read
     */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * @param file a file
     * @param expected its expected SHA-256
     * @return whether it exists and matches
     * @throws IOException if it cannot be read
     */
    public static boolean matches(Path file, String expected) throws IOException {
        return Files.isRegularFile(file) && sha256(file).equals(expected);
    }

    /**
     * @param file a file that must match
     * @param expected its expected SHA-256
     * @throws IOException if it does not (the file is deleted so the next run fetches it again)
     */
    public static void verify(Path file, String expected) throws IOException {
        String actual = sha256(file);
        if (!actual.equals(expected)) {
            Files.deleteIfExists(file);
            throw new IOException(file + " has SHA-256 " + actual + ", expected " + expected
                    + "; the download was corrupt or the package changed. Deleted it; run again.");
        }
    }
}
