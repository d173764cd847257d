package io.edgecv.model;

import io.edgecv.InvalidModelException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds a label file beside a model: {@code <model>.labels.txt}, {@code <model>_labels.txt},
 * {@code <model>.txt}, {@code labels.txt}, then any names a model family adds for models it knows.
 *
 * <p>Thread-safety: stateless.
 */
public final class LabelFiles {
    private LabelFiles() {
    }

    /**
     * @param sig the model
     * @param knownNames more file names to try, after the usual ones
     * @return the labels of the first file found, or an empty list
     * @throws InvalidModelException if a label file is found but cannot be read
     */
    public static List<String> find(ModelSignature sig, String... knownNames) throws InvalidModelException {
        String base = sig.source().baseName();
        String[] usual = {base + ".labels.txt", base + "_labels.txt", base + ".txt", "labels.txt"};
        for (String name : usual) {
            Optional<Path> p = sig.source().sibling(name);
            if (p.isPresent()) {
                return Labels.read(p.get());
            }
        }
        for (String name : knownNames) {
            Optional<Path> p = sig.source().sibling(name);
            if (p.isPresent()) {
                return Labels.read(p.get());
            }
        }
        return List.of();
    }
}
