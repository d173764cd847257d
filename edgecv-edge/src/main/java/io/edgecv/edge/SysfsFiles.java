package io.edgecv.edge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reading one-number sysfs attributes with messages that name the file.
 *
 * <p>Thread-safety: stateless.
 */
public final class SysfsFiles {
    private SysfsFiles() {
    }

    /**
     * @param file a sysfs attribute holding one integer
     * @return its value
     * @throws IOException naming the file when it is missing, unreadable (permissions) or not a number
     */
    public static long readLong(Path file) throws IOException {
        String s;
        try {
            s = Files.readString(file).strip();
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException("permission denied reading " + file + " (run as root, or grant read access)", e);
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IOException(file + " does not hold an integer: '" + s + "'", e);
        }
    }
}
