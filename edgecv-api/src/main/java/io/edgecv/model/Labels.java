package io.edgecv.model;

import io.edgecv.InvalidModelException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Class names of a model.
 *
 * <p>Thread-safety: stateless.
 */
public final class Labels {
    private Labels() {
    }

    /**
     * Reads a label file: one name per line, line {@code i} naming class {@code i}; trailing blank lines ignored.
     *
     * @param file the label file
     * @return the names
     * @throws InvalidModelException if the file cannot be read
     */
    public static List<String> read(Path file) throws InvalidModelException {
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
            while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
                lines.remove(lines.size() - 1);
            }
            lines.replaceAll(String::strip);
            return List.copyOf(lines);
        } catch (IOException e) {
            throw new InvalidModelException("cannot read label file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param labels the names
     * @param classId a class id
     * @return its name, or {@code "class N"} when the list has none for it
     */
    public static String name(List<String> labels, int classId) {
        return classId >= 0 && classId < labels.size() ? labels.get(classId) : "class " + classId;
    }

    /**
     * Finds a class by name: the label spelled the same, else the one label equal to it ignoring case (several
     * such labels: none, as the name is ambiguous).
     *
     * @param labels the names
     * @param name the class name to find
     * @return its class id, or -1
     */
    public static int indexOf(List<String> labels, String name) {
        int exact = labels.indexOf(name);
        if (exact >= 0) {
            return exact;
        }
        int found = -1;
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).equalsIgnoreCase(name)) {
                if (found >= 0) {
                    return -1;
                }
                found = i;
            }
        }
        return found;
    }
}
