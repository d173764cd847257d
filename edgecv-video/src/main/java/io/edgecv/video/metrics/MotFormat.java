package io.edgecv.video.metrics;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The MOTChallenge text format: one box per line,
 * {@code frame, id, bb_left, bb_top, bb_width, bb_height, conf, x, y, z} (MOT15 2D; in MOT16+ ground truth the
 * last three are class, visibility and unused). Fields are separated by commas, tabs or spaces, as py-motmetrics'
 * {@code load_motchallenge} accepts; at least the first six must be present, missing ones read as -1; blank lines
 * are skipped.
 *
 * <p>Thread-safety: stateless.
 */
public final class MotFormat {
    private static final Pattern SEPARATORS = Pattern.compile("\\s*,\\s*|\\s+");

    private MotFormat() {
    }

    /**
     * Reads a MOTChallenge file, keeping every row.
     *
     * @param file the file
     * @return the rows in file order
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException naming the file and line if a line is malformed
     */
    public static List<MotBox> read(Path file) throws IOException {
        return read(file, Double.NEGATIVE_INFINITY);
    }

    /**
     * Reads a MOTChallenge file, dropping rows whose confidence is below {@code minConfidence} (py-motmetrics'
     * {@code min_confidence}; 1 drops the "do not consider" rows of MOTChallenge ground truth).
     *
     * @param file the file
     * @param minConfidence lowest confidence kept
     * @return the rows kept, in file order
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException naming the file and line if a line is malformed
     */
    public static List<MotBox> read(Path file, double minConfidence) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.toString(), minConfidence);
        }
    }

    /**
     * @param in the text
     * @param source a name for error messages
     * @param minConfidence lowest confidence kept
     * @return the rows kept, in order
     * @throws IOException if reading fails
     */
    public static List<MotBox> read(Reader in, String source, double minConfidence) throws IOException {
        BufferedReader r = in instanceof BufferedReader ? (BufferedReader) in : new BufferedReader(in);
        List<MotBox> out = new ArrayList<>();
        String line;
        int lineNo = 0;
        while ((line = r.readLine()) != null) {
            lineNo++;
            String s = line.strip();
            if (s.isEmpty()) {
                continue;
            }
            MotBox b = parse(s, source, lineNo);
            if (b.confidence() >= minConfidence) {
                out.add(b);
            }
        }
        return out;
    }

    private static MotBox parse(String s, String source, int lineNo) {
        String[] f = SEPARATORS.split(s);
        if (f.length < 6) {
            throw new IllegalArgumentException(source + ":" + lineNo + ": expected at least 6 fields (frame, id, "
                    + "left, top, width, height), got " + f.length + ": '" + s + "'");
        }
        try {
            double frame = Double.parseDouble(f[0]);
            double id = Double.parseDouble(f[1]);
            if (frame != Math.rint(frame) || id != Math.rint(id) || Math.abs(id) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(source + ":" + lineNo + ": frame and id must be integers, got '"
                        + f[0] + "' and '" + f[1] + "'");
            }
            return new MotBox((long) frame, (int) id, Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                    Double.parseDouble(f[4]), Double.parseDouble(f[5]), field(f, 6), field(f, 7), field(f, 8));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ":" + lineNo + ": not a number in '" + s + "'", e);
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith(source)) {
                throw e;
            }
            throw new IllegalArgumentException(source + ":" + lineNo + ": " + e.getMessage(), e);
        }
    }

    private static double field(String[] f, int i) {
        return f.length > i ? Double.parseDouble(f[i]) : -1;
    }

    /**
     * Writes rows in the MOTChallenge format (10 fields, the last three as given, {@code -1} for unused).
     *
     * @param file the file, replaced
     * @param boxes the rows, written in the order given
     * @throws IOException if it cannot be written
     */
    public static void write(Path file, List<MotBox> boxes) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(w, boxes);
        }
    }

    /**
     * @param out where to write; not closed
     * @param boxes the rows
     * @throws IOException if writing fails
     */
    public static void write(Writer out, List<MotBox> boxes) throws IOException {
        for (MotBox b : boxes) {
            out.write(line(b));
            out.write('\n');
        }
    }

    /** @return one row as text, no line end: integers for frame and id, up to 3 decimals for the rest */
    static String line(MotBox b) {
        return b.frame() + "," + b.id() + "," + num(b.left()) + "," + num(b.top()) + "," + num(b.width()) + ","
                + num(b.height()) + "," + num(b.confidence()) + "," + num(b.classId()) + "," + num(b.visibility())
                + ",-1";
    }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.3f", v);
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        return s.substring(0, s.charAt(end - 1) == '.' ? end - 1 : end);
    }
}
