package io.edgecv.onnx.quantize;

import io.edgecv.EdgeCvException;
import io.edgecv.ModelFormat;
import io.edgecv.model.DescriptionFile;
import io.edgecv.model.ModelFamilies;
import io.edgecv.model.ModelSignature;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.Backends;
import io.edgecv.spi.ModelSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files a quantization writes: the model (through a temporary file moved into place, so a reader never sees
 * half a model), and beside it what the original model had beside it, so the quantized model detects the same way:
 * its labels as {@code <output>.labels.txt} (else an SSD prints "class 20" where the original printed "Dog") and
 * its description file {@code <output>.edgecv.properties}. Files get the usual {@code rw-r--r--} permissions, not
 * the owner-only ones of a temporary file. Public for EdgeCV's other ONNX tools (the pruner writes its models the
 * same way); not an API for applications.
 *
 * <p>Thread-safety: stateless.
 */
public final class OutputFiles {
    private static final Logger LOG = LoggerFactory.getLogger(OutputFiles.class);
    /** Permissions of every file written: owner read-write, others read, as files made by a shell are. */
    static final Set<PosixFilePermission> PERMISSIONS = PosixFilePermissions.fromString("rw-r--r--");

    private OutputFiles() {
    }

    /**
     * Writes bytes to {@code output} atomically, with {@link #PERMISSIONS}.
     *
     * @param bytes the file's content
     * @param output the file
     * @throws IOException if it cannot be written
     */
    public static void write(byte[] bytes, Path output) throws IOException {
        Path dir = output.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, output.getFileName().toString(), ".part");
        try {
            Files.write(tmp, bytes);
            setPermissions(tmp);
            Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Writes beside {@code output} the labels and the description file of the original model, if it has them.
     *
     * @param source the original model
     * @param output the quantized model, already written
     * @param threads runtime threads for opening the original to read its description
     * @return the files written
     * @throws IOException if a file cannot be written
     */
    public static List<Path> writeSidecars(ModelSource source, Path output, int threads) throws IOException {
        String base = baseName(output);
        Path dir = output.toAbsolutePath().getParent();
        List<Path> written = new ArrayList<>();
        Optional<Path> description = DescriptionFile.findFor(source);
        if (description.isPresent()) {
            Path target = dir.resolve(base + DescriptionFile.SUFFIX);
            if (!Files.exists(target) || !Files.isSameFile(description.get(), target)) {
                write(Files.readAllBytes(description.get()), target);
                written.add(target);
            }
        }
        List<String> labels = labelsOf(source, threads);
        if (!labels.isEmpty()) {
            Path target = dir.resolve(base + ".labels.txt");
            write((String.join("\n", labels) + "\n").getBytes(StandardCharsets.UTF_8), target);
            written.add(target);
        }
        return written;
    }

    /** The labels the original model detects with (from its description), or none if it has none. */
    private static List<String> labelsOf(ModelSource source, int threads) {
        try (BackendSession s = Backends.select(ModelFormat.ONNX, "onnx")
                .open(source, BackendOptions.of(threads, Map.of()))) {
            ModelSignature sig = new ModelSignature(source, s.inputs(), s.outputs(), s.metadata());
            return ModelFamilies.describe(sig).labels();
        } catch (EdgeCvException e) {
            LOG.debug("{}: no description, so no labels to write beside the quantized model: {}", source.name(),
                    e.getMessage());
            return List.of();
        }
    }

    private static void setPermissions(Path file) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PERMISSIONS);
        }
    }

    private static String baseName(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
