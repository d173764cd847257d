package io.edgecv.tensorrt;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serialized engines on disk, so that the minutes-long build runs once per model, device and TensorRT version.
 *
 * <p>Each entry is two files in the cache folder: {@code <model>-<id>.engine}, the plan exactly as TensorRT wrote it
 * (usable with {@code trtexec --loadEngine}), and {@code <model>-<id>.engine.properties}, a sidecar holding the
 * {@link EngineCacheKey} fields, the engine's SHA-256 and size, and the model's metadata. The sidecar is written
 * last and is the entry's commit mark. Before an engine is handed to TensorRT its sidecar must exist, every key
 * field must match (a different GPU, TensorRT version or build option makes it stale or foreign) and the engine's
 * size and SHA-256 must match (a truncated or altered file is rebuilt, never deserialized); TensorRT then checks its
 * own plan header.
 *
 * <p>Thread-safety: thread-safe. {@link #lock} serialises builds of one entry across threads of this JVM and across
 * processes (a file lock), so concurrent openers of one model build it once.
 */
final class EngineCache {
    static final String ENGINE_SUFFIX = ".engine";
    static final String SIDECAR_SUFFIX = ".engine.properties";
    static final String S_ENGINE_SHA = "engine.sha256";
    static final String S_ENGINE_BYTES = "engine.bytes";
    static final String S_MODEL_NAME = "model.name";
    static final String S_MODEL_PRECISION = "model.precision";
    static final String S_CREATED = "created";
    /** Prefix of the model's metadata entries in the sidecar. */
    static final String S_META = "meta.";

    private static final Logger LOG = LoggerFactory.getLogger(EngineCache.class);
    private static final Map<String, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path dir;

    /** @param dir the cache folder; created on the first store */
    EngineCache(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
    }

    /** @return the cache folder */
    Path dir() {
        return dir;
    }

    /**
     * @param key the engine's key
     * @param modelBaseName the model file's name without extension, to make entries recognisable
     * @return where the engine of that key lives
     */
    Path engineFile(EngineCacheKey key, String modelBaseName) {
        return dir.resolve(stem(key, modelBaseName) + ENGINE_SUFFIX);
    }

    /**
     * @param engineFile an engine file
     * @return its sidecar, {@code <engine>.properties}
     */
    static Path sidecarOf(Path engineFile) {
        return engineFile.resolveSibling(engineFile.getFileName() + ".properties");
    }

    private static String stem(EngineCacheKey key, String modelBaseName) {
        return safeName(modelBaseName) + "-" + key.fileId().substring(0, 16);
    }

    /**
     * @param modelBaseName a model's name without extension
     * @return it as a portable file-name part: letters, digits, {@code . _ -}, at most 64 characters
     */
    static String safeName(String modelBaseName) {
        String safe = modelBaseName.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.length() > 64 ? safe.substring(0, 64) : safe;
    }

    /**
     * Finds and verifies a cached engine.
     *
     * @param key what the engine must have been built from and for
     * @param modelBaseName the model file's name without extension
     * @param allocator gives a buffer of at least the requested capacity to read the engine into (a native buffer
     *                  that TensorRT deserializes from directly)
     * @return the hit, or the reason it missed
     */
    Lookup lookup(EngineCacheKey key, String modelBaseName, LongFunction<ByteBuffer> allocator) {
        Path engine = engineFile(key, modelBaseName);
        Path sidecar = sidecarOf(engine);
        if (!Files.isRegularFile(sidecar) || !Files.isRegularFile(engine)) {
            return Lookup.miss(engine, "no cached engine at " + engine);
        }
        Map<String, String> stored;
        try {
            stored = readSidecar(sidecar);
        } catch (IOException e) {
            return Lookup.miss(engine, "unreadable sidecar " + sidecar + ": " + e.getMessage());
        }
        List<String> diff = key.differences(stored);
        if (!diff.isEmpty()) {
            return Lookup.miss(engine, "cached engine " + engine.getFileName() + " is stale or foreign ("
                    + String.join("; ", diff) + ")");
        }
        try {
            ByteBuffer bytes = readVerified(engine, stored, allocator);
            return Lookup.hit(engine, stored, bytes);
        } catch (IOException e) {
            return Lookup.miss(engine, "cached engine " + engine.getFileName() + " fails verification: "
                    + e.getMessage());
        }
    }

    /**
     * Reads an engine file whose sidecar is known and checks its size and SHA-256.
     *
     * @param engine the engine file
     * @param sidecar its sidecar entries
     * @param allocator gives the buffer to read into
     * @return the engine, position 0, limit its size
     * @throws IOException if unreadable, or its size or digest differ from the sidecar's
     */
    static ByteBuffer readVerified(Path engine, Map<String, String> sidecar, LongFunction<ByteBuffer> allocator)
            throws IOException {
        long expectedSize;
        try {
            expectedSize = Long.parseLong(sidecar.getOrDefault(S_ENGINE_BYTES, "-1"));
        } catch (NumberFormatException e) {
            throw new IOException("sidecar has no valid " + S_ENGINE_BYTES, e);
        }
        String expectedSha = sidecar.get(S_ENGINE_SHA);
        if (expectedSha == null) {
            throw new IOException("sidecar has no " + S_ENGINE_SHA);
        }
        try (FileChannel ch = FileChannel.open(engine, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size != expectedSize) {
                throw new IOException("the engine file has " + size + " bytes, the sidecar says " + expectedSize);
            }
            if (size > Integer.MAX_VALUE - 8) {
                throw new IOException("engine of " + size + " bytes exceeds the 2 GiB EdgeCV reads");
            }
            ByteBuffer buf = allocator.apply(size);
            buf.clear().limit((int) size);
            while (buf.hasRemaining()) {
                if (ch.read(buf) < 0) {
                    throw new IOException("the engine file ended early");
                }
            }
            buf.flip();
            MessageDigest md = EngineCacheKey.digest();
            md.update(buf.duplicate());
            String sha = HexFormat.of().formatHex(md.digest());
            if (!sha.equals(expectedSha)) {
                throw new IOException("SHA-256 " + sha + " differs from the sidecar's " + expectedSha
                        + " (the file was altered or partly written)");
            }
            return buf; // TensorRT checks its own plan header (magic tag, version) when it deserializes
        }
    }

    /**
     * @param engine bytes from position 0
     * @return whether they carry the tag {@link io.edgecv.ModelFormat} recognises plans by ({@code ftrt} at offset
     *         4, as TensorRT 8 to 10 write it)
     */
    static boolean isPlan(ByteBuffer engine) {
        return engine.limit() >= 8 && engine.get(4) == 'f' && engine.get(5) == 't' && engine.get(6) == 'r'
                && engine.get(7) == 't';
    }

    /**
     * Stores an engine atomically: engine file first, then its sidecar, each written to a temporary file and
     * moved into place; a stale sidecar is removed before the engine is replaced.
     *
     * @param key the engine's key
     * @param modelBaseName the model file's name without extension
     * @param engine the serialized engine from position 0 to its limit (not modified)
     * @param extra more sidecar entries: model name, detected precision, {@code meta.*} metadata
     * @return the engine file
     * @throws IOException if the folder or files cannot be written
     */
    Path store(EngineCacheKey key, String modelBaseName, ByteBuffer engine, Map<String, String> extra)
            throws IOException {
        Files.createDirectories(dir);
        if (!isPlan(engine)) {
            LOG.warn("the engine for {} lacks the 'ftrt' tag EdgeCV recognises plan files by: it is cached, but opening"
                    + " the .engine file directly will not be recognised as TensorRT", modelBaseName);
        }
        Path target = engineFile(key, modelBaseName);
        Path sidecar = sidecarOf(target);
        Files.deleteIfExists(sidecar);
        MessageDigest md = EngineCacheKey.digest();
        md.update(engine.duplicate());
        String sha = HexFormat.of().formatHex(md.digest());
        Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer src = engine.duplicate();
                while (src.hasRemaining()) {
                    ch.write(src);
                }
                ch.force(true);
            }
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
        Map<String, String> entries = new TreeMap<>(extra);
        entries.putAll(key.fields());
        entries.put(S_ENGINE_SHA, sha);
        entries.put(S_ENGINE_BYTES, String.valueOf(engine.remaining()));
        entries.put(S_CREATED, Instant.now().toString());
        writeSidecar(sidecar, entries);
        return target;
    }

    /**
     * @param sidecar a sidecar file
     * @return its entries
     * @throws IOException if unreadable or malformed
     */
    static Map<String, String> readSidecar(Path sidecar) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(sidecar, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IllegalArgumentException e) {
            throw new IOException("malformed properties: " + e.getMessage(), e);
        }
        Map<String, String> out = new TreeMap<>();
        for (String name : p.stringPropertyNames()) {
            out.put(name, p.getProperty(name));
        }
        return out;
    }

    private void writeSidecar(Path sidecar, Map<String, String> entries) throws IOException {
        Properties p = new Properties();
        p.putAll(entries);
        Path tmp = Files.createTempFile(dir, sidecar.getFileName().toString(), ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "EdgeCV TensorRT engine cache entry: the engine beside this file is used only while"
                        + " every field matches");
            }
            move(tmp, sidecar);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Takes the build lock of one entry: a lock shared by this JVM's threads, then an exclusive file lock on
     * {@code <entry>.lock} for other processes. Blocks until both are held.
     *
     * @param key the engine's key
     * @param modelBaseName the model file's name without extension
     * @return the held lock; close it to release
     * @throws IOException if the folder or lock file cannot be created
     */
    BuildLock lock(EngineCacheKey key, String modelBaseName) throws IOException {
        Files.createDirectories(dir);
        Path lockFile = dir.resolve(stem(key, modelBaseName) + ".lock");
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockFile.toString(), k -> new ReentrantLock());
        jvmLock.lock();
        try {
            FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                return new BuildLock(jvmLock, ch, ch.lock());
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            jvmLock.unlock();
            throw e;
        }
    }

    /**
     * A held build lock.
     *
     * <p>Thread-safety: close it on the thread that took it.
     */
    static final class BuildLock implements AutoCloseable {
        private final ReentrantLock jvmLock;
        private final FileChannel channel;
        private final FileLock fileLock;
        private boolean closed;

        private BuildLock(ReentrantLock jvmLock, FileChannel channel, FileLock fileLock) {
            this.jvmLock = jvmLock;
            this.channel = channel;
            this.fileLock = fileLock;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                fileLock.release();
                channel.close();
            } finally {
                jvmLock.unlock();
            }
        }
    }

    /**
     * The outcome of a {@link #lookup}: a verified engine, or why there is none.
     *
     * <p>Thread-safety: immutable apart from the engine buffer, which belongs to the caller.
     */
    static final class Lookup {
        private final Path engineFile;
        private final Map<String, String> sidecar;
        private final ByteBuffer engine;
        private final String missReason;

        private Lookup(Path engineFile, Map<String, String> sidecar, ByteBuffer engine, String missReason) {
            this.engineFile = engineFile;
            this.sidecar = sidecar;
            this.engine = engine;
            this.missReason = missReason;
        }

        static Lookup hit(Path file, Map<String, String> sidecar, ByteBuffer engine) {
            return new Lookup(file, Map.copyOf(sidecar), engine, null);
        }

        static Lookup miss(Path file, String reason) {
            return new Lookup(file, Map.of(), null, reason);
        }

        boolean isHit() {
            return engine != null;
        }

        Path engineFile() {
            return engineFile;
        }

        Map<String, String> sidecar() {
            return sidecar;
        }

        /** @return the verified engine, position 0; null on a miss */
        ByteBuffer engine() {
            return engine;
        }

        /** @return why nothing usable was cached; null on a hit */
        String missReason() {
            return missReason;
        }
    }
}
