package io.edgecv.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local cache the fixtures are built in: {@code -Dedgecv.cache}, {@code $EDGECV_CACHE}, else
 * {@code $XDG_CACHE_HOME/edgecv}, else {@code ~/.cache/edgecv} (the {@code user.home} property, so
 * {@code -Duser.home} moves it). Several JVMs (parallel test forks, the CLI) may fill it at once: each download
 * runs under a file lock, in a private temporary folder, and its files are checked and then moved into place
 * atomically, so a reader never sees half a file.
 *
 * <p>Thread-safety: thread-safe; locks serialise the builders within and across JVMs.
 */
final class FixtureCache {
    private static final Map<String, Object> JVM_LOCKS = new ConcurrentHashMap<>();
    private static final Map<Path, Long> VERIFIED = new ConcurrentHashMap<>();
    private final Path dir;

    /** @param dir the cache folder */
    FixtureCache(Path dir) {
        this.dir = dir;
    }

    /** @return the cache folder named by the settings (not created) */
    static Path defaultDir() {
        String prop = System.getProperty("edgecv.cache");
        if (prop != null && !prop.isBlank() && !prop.startsWith("${")) {
            return Path.of(prop).toAbsolutePath();
        }
        String explicit = System.getenv("EDGECV_CACHE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("edgecv").toAbsolutePath();
    }

    /** @return the cache folder */
    Path dir() {
        return dir;
    }

    /** @return the folder the fixtures are built in, laid out as {@code shared/fixtures} is */
    Path fixtures() {
        return dir.resolve("fixtures");
    }

    /** Work done under a lock. */
    @FunctionalInterface
    interface Locked<T> {
        T run() throws IOException;
    }

    /**
     * @param name what is locked (one download)
     * @param work the work
     * @param <T> its result
     * @return its result
     * @throws IOException if the work fails or the lock cannot be taken
     */
    <T> T withLock(String name, Locked<T> work) throws IOException {
        Path locks = Files.createDirectories(dir.resolve("locks"));
        synchronized (JVM_LOCKS.computeIfAbsent(name, k -> new Object())) {
            try (FileChannel ch = FileChannel.open(locks.resolve(name + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
                return work.run();
            }
        }
    }

    /**
     * @return a new empty work folder inside the cache (same file system, so moves out of it are atomic)
     * @throws IOException if it cannot be created
     */
    Path newWorkDir() throws IOException {
        return Files.createTempDirectory(Files.createDirectories(dir.resolve("tmp")), "build");
    }

    /**
     * @param from a checked file in a work folder
     * @param to its place in the cache
     * @throws IOException if it cannot be moved
     */
    static void install(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * @param tree a folder to delete with everything in it
     */
    static void deleteQuietly(Path tree) {
        if (tree == null || !Files.exists(tree)) {
            return;
        }
        try (var paths = Files.walk(tree)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover work folder costs disk only; the next build uses a new one
        }
    }

    /**
     * @param file a file
     * @param expected its expected SHA-256
     * @return whether it exists and matches (remembered per file and modification time within this JVM)
     * @throws IOException if it cannot be read
     */
    static boolean matches(Path file, String expected) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        long stamp = Files.getLastModifiedTime(file).toMillis() ^ Files.size(file);
        Path key = file.toAbsolutePath().normalize();
        if (Long.valueOf(stamp).equals(VERIFIED.get(key))) {
            return true;
        }
        boolean ok = sha256(file).equals(expected);
        if (ok) {
            VERIFIED.put(key, stamp);
        }
        return ok;
    }

    /**
     * @param file a file
     * @return its SHA-256, lower-case hex
     * @throws IOException if it cannot be read
     */
    static String sha256(Path file) throws IOException {
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
}
