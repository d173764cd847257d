package io.edgecv.train.data;

import io.edgecv.EdgeCvException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A label file that cannot be used: a missing image, a box outside its image, an unknown class, a malformed line
 * or field. The message names the file, the line or field, the bad value, and what to do; the parts are also
 * available one by one.
 *
 * <p>Thread-safety: immutable.
 */
public class LabelException extends EdgeCvException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String where;
    private final String value;

    /**
     * @param file the label file (or image) at fault
     * @param where the line ({@code "line 3"}) or field ({@code "annotations[2].bbox"}), or {@code ""}
     * @param value the bad value as written, or {@code ""}
     * @param problem what is wrong and what to do
     */
    public LabelException(Path file, String where, String value, String problem) {
        this(file, where, value, problem, null);
    }

    /**
     * @param file the label file (or image) at fault
     * @param where the line or field, or {@code ""}
     * @param value the bad value as written, or {@code ""}
     * @param problem what is wrong and what to do
     * @param cause the underlying failure, or null
     */
    public LabelException(Path file, String where, String value, String problem, Throwable cause) {
        super(message(file, where, value, problem), cause);
        this.file = Objects.requireNonNull(file, "file");
        this.where = where == null ? "" : where;
        this.value = value == null ? "" : value;
    }

    private static String message(Path file, String where, String value, String problem) {
        StringBuilder b = new StringBuilder().append(file);
        if (where != null && !where.isEmpty()) {
            b.append(", ").append(where);
        }
        if (value != null && !value.isEmpty()) {
            b.append(": '").append(value).append('\'');
        }
        return b.append(": ").append(problem).toString();
    }

    /** @return the file at fault */
    public Path file() {
        return file;
    }

    /** @return the line or field, or {@code ""} when the whole file is at fault */
    public String where() {
        return where;
    }

    /** @return the bad value as written, or {@code ""} */
    public String value() {
        return value;
    }
}
