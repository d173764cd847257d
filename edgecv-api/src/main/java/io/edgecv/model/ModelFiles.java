package io.edgecv.model;

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
import java.util.Optional;
import java.util.Set;

/**
 * Writing a model that EdgeCV's tools made (quantized, pruned, trained): the model goes through a temporary file
 * moved into place, so a reader never sees half a model, and beside it goes what the source model had beside it, so
 * the new model detects the same way: its labels as {@code <output>.labels.txt} (else an SSD prints "class 20" where
 * the source printed "Dog") and its description file as {@code <output>.edgecv.properties}. Files get the usual
 * {@code rw-r--r--} permissions, not the owner-only ones of a temporary file.
 *
 * <p>Thread-safety: stateless.
 */
public final class ModelFiles {
    /** Permissions of every file written: owner read-write, others read, as files made by a shell are. */
    public static final Set<PosixFilePermission> PERMISSIONS = PosixFilePermissions.fromString("rw-r--r--");

    private ModelFiles() {
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
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, PERMISSIONS);
            }
            Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Writes beside {@code output} the source model's description file, if it has one, and its labels, if any.
     *
     * @param source the model the output was made from
     * @param labels the labels the source detects with (from its description); empty for none
     * @param output the new model, already written
     * @return the files written
     * @throws IOException if a file cannot be written
     */
    public static List<Path> writeSidecars(ModelSource source, List<String> labels, Path output) throws IOException {
        String name = output.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
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
        if (!labels.isEmpty()) {
            Path target = dir.resolve(base + ".labels.txt");
            write((String.join("\n", labels) + "\n").getBytes(StandardCharsets.UTF_8), target);
            written.add(target);
        }
        return written;
    }
}
