package io.edgecv.spi;

import io.edgecv.InvalidModelException;
import io.edgecv.ModelFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A model to open: a file on disk (with the files beside it, such as NCNN's {@code .bin} weights, Ultralytics'
 * {@code metadata.yaml} or a label list) or bytes in memory. Its {@link #format()} is read from the first bytes.
 *
 * <p>Thread-safety: immutable apart from the lazily read bytes, which are read at most once under a lock.
 */
public final class ModelSource {
    /** Largest model accepted: 2 GiB, the protobuf and Java array limit. */
    public static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private final Path path;
    private final String name;
    private final ModelFormat format;
    private byte[] bytes;

    private ModelSource(Path path, String name, byte[] bytes, ModelFormat format) {
        this.path = path;
        this.name = name;
        this.bytes = bytes;
        this.format = format;
    }

    /**
     * @param file a model file
     * @return the source, its format sniffed from the first bytes
     * @throws InvalidModelException if the file is missing, empty, unreadable or too large
     */
    public static ModelSource of(Path file) throws InvalidModelException {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new InvalidModelException("model file " + file.toAbsolutePath() + " does not exist or is not a"
                    + " regular file; check the path");
        }
        byte[] head = new byte[ModelFormat.SNIFF_BYTES];
        int n;
        long size;
        try (InputStream in = Files.newInputStream(file)) {
            size = Files.size(file);
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new InvalidModelException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
        if (size == 0) {
            throw new InvalidModelException("model file " + file + " is empty; download or export it again");
        }
        if (size > MAX_BYTES) {
            throw new InvalidModelException("model file " + file + " is " + size + " bytes, over the 2 GiB limit"
                    + " of a single-file model; use external weights");
        }
        return new ModelSource(file, file.getFileName().toString(), null, ModelFormat.sniff(head, n));
    }

    /**
     * @param bytes the whole model file; not copied, do not modify it afterwards
     * @param name a name for messages and logs, such as the original file name
     * @return the source, its format sniffed from the first bytes
     * @throws InvalidModelException if {@code bytes} is empty
     */
    public static ModelSource ofBytes(byte[] bytes, String name) throws InvalidModelException {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 0) {
            throw new InvalidModelException("model bytes '" + name + "' are empty");
        }
        return new ModelSource(null, Objects.requireNonNull(name, "name"), bytes,
                ModelFormat.sniff(bytes, bytes.length));
    }

    /** @return the format read from the first bytes */
    public ModelFormat format() {
        return format;
    }

    /** @return the file name, or the name given with the bytes */
    public String name() {
        return name;
    }

    /** @return the file, if the model came from one */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    /**
     * @return the whole model; for a file, read on first call and kept
     * @throws InvalidModelException if the file can no longer be read
     */
    public synchronized byte[] bytes() throws InvalidModelException {
        if (bytes == null) {
            try {
                bytes = Files.readAllBytes(path);
            } catch (IOException e) {
                throw new InvalidModelException("cannot read model file " + path + ": " + e.getMessage(), e);
            }
        }
        return bytes;
    }

    /**
     * A file beside the model, such as {@code model.bin} for {@code model.param} or {@code metadata.yaml}.
     *
     * @param fileName the sibling's file name
     * @return its path if the model came from a file and the sibling exists
     */
    public Optional<Path> sibling(String fileName) {
        if (path == null) {
            return Optional.empty();
        }
        Path dir = path.toAbsolutePath().getParent();
        Path p = dir == null ? Path.of(fileName) : dir.resolve(fileName);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** @return the file name without its last extension ({@code yolo11n} for {@code yolo11n.onnx}) */
    public String baseName() {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    @Override
    public String toString() {
        return name + " (" + format + ")";
    }
}
