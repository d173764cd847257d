package io.edgecv.ncnn;

import io.edgecv.InvalidModelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and validates an NCNN text {@code .param} file before any of it reaches libncnn. NCNN's own parser
 * ({@code Net::load_param}, {@code ParamDict::load_param}) trusts the file: it sizes vectors from the declared counts,
 * indexes blobs past the declared count, divides by a layer's top count for shape hints and reads arrays as long as
 * their declared length. This parser accepts only what that code handles safely, and a file every exporter writes:
 *
 * <ul>
 *   <li>first line {@code 7767517}; second line the layer and blob counts, each 1..{@value #MAX_COUNT};</li>
 *   <li>one layer per line, exactly as many as declared: {@code type name bottomCount topCount bottoms... tops...
 *       key=value...}, names at most 255 bytes, fields separated by spaces;</li>
 *   <li>every bottom produced by an earlier layer, every top a new blob, no more blobs than declared;</li>
 *   <li>keys 0..31 (arrays {@code -23300-key}), each at most once; values as NCNN scans them: numbers of at most 15
 *       characters, ints in range, finite floats, arrays with matching lengths (at most {@value #MAX_ARRAY}),
 *       strings at most 255 bytes;</li>
 *   <li>then each layer's own parameters ({@link LayerRules}).</li>
 * </ul>
 *
 * <p>Thread-safety: stateless.
 */
final class ParamParser {
    /** NCNN's text param magic. */
    static final String MAGIC = "7767517";
    /** Largest layer or blob count accepted. */
    static final int MAX_COUNT = 100_000;
    /** Most bottoms or tops of one layer. */
    static final int MAX_LAYER_BLOBS = 4096;
    /** Longest array parameter. */
    static final int MAX_ARRAY = 65_536;
    /** Largest {@code .param} file accepted. */
    static final int MAX_BYTES = 64 << 20;
    /** NCNN scans names with {@code %255s}. */
    private static final int MAX_NAME_BYTES = 255;
    /** NCNN scans each value with {@code %15[^,\n ]}. */
    private static final int MAX_VALUE_CHARS = 15;

    private static final Pattern TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern INT = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern FLOAT = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    private ParamParser() {
    }

    /**
     * @param bytes the whole {@code .param} file
     * @param source the file's name, for messages
     * @return the validated graph
     * @throws InvalidModelException naming the line and what is wrong
     */
    static NcnnGraph parse(byte[] bytes, String source) throws InvalidModelException {
        if (bytes.length > MAX_BYTES) {
            throw bad(source, 0, "is " + bytes.length + " bytes; NCNN param files are text of at most "
                    + (MAX_BYTES >> 20) + " MiB. Is this the .bin file?");
        }
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            if (b == '\r' && (i + 1 == bytes.length || bytes[i + 1] != '\n')) {
                throw bad(source, lineOf(bytes, i), "has a carriage return inside a line (offset " + i + "); NCNN"
                        + " reads it as a field separator, which shifts every field after it");
            }
            if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' || b == 0x7F) {
                throw bad(source, lineOf(bytes, i), "contains the control byte 0x" + Integer.toHexString(b)
                        + " at offset " + i + "; a text .param file has none (is it binary or corrupt?)");
            }
        }
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        int li = nextContentLine(lines, 0);
        if (li < 0 || !strip(lines[li]).trim().equals(MAGIC)) {
            throw bad(source, li + 1, "does not start with the NCNN magic " + MAGIC
                    + " (an old or binary .param? regenerate it with a current ncnn/pnnx)");
        }
        li = nextContentLine(lines, li + 1);
        if (li < 0) {
            throw bad(source, 2, "ends after the magic: the layer and blob counts are missing");
        }
        String[] counts = tokens(strip(lines[li]));
        if (counts.length != 2) {
            throw bad(source, li + 1, "line 2 must hold the layer count and the blob count, found '"
                    + strip(lines[li]).trim() + "'");
        }
        int layerCount = count(counts[0], "layer count", source, li + 1, 1, MAX_COUNT);
        int blobCount = count(counts[1], "blob count", source, li + 1, 1, MAX_COUNT);

        List<ParamLayer> layers = new ArrayList<>();
        List<String> blobs = new ArrayList<>();
        Map<String, Integer> blobIndex = new HashMap<>();
        for (li = nextContentLine(lines, li + 1); li >= 0; li = nextContentLine(lines, li + 1)) {
            int lineNo = li + 1;
            if (layers.size() == layerCount) {
                throw bad(source, lineNo, "has more layer lines than the " + layerCount + " declared on line 2");
            }
            String line = strip(lines[li]);
            if (line.indexOf('\t') >= 0) {
                throw bad(source, lineNo, "separates fields with a tab; NCNN reads parameter values up to the next"
                        + " space, so use spaces");
            }
            layers.add(parseLayer(line, layers.size(), lineNo, source, blobs, blobIndex, blobCount));
        }
        if (layers.size() < layerCount) {
            throw bad(source, lines.length, "declares " + layerCount + " layers but has " + layers.size()
                    + " (truncated file?)");
        }
        NcnnGraph graph = new NcnnGraph(layers, blobs, blobCount);
        for (ParamLayer l : layers) {
            LayerRules.check(l, source);
        }
        return graph;
    }

    private static ParamLayer parseLayer(String line, int index, int lineNo, String source, List<String> blobs,
                                         Map<String, Integer> blobIndex, int blobCount)
            throws InvalidModelException {
        String[] t = tokens(line);
        if (t.length < 4) {
            throw bad(source, lineNo, "layer line needs 'type name bottomCount topCount ...', found '"
                    + line.trim() + "'");
        }
        String type = t[0];
        String name = t[1];
        if (!TYPE.matcher(type).matches() || utf8Length(type) > MAX_NAME_BYTES) {
            throw bad(source, lineNo, "layer type '" + type + "' is not a layer type name");
        }
        checkName(name, "layer name", source, lineNo);
        int bottomCount = count(t[2], "bottom count of " + name, source, lineNo, 0, MAX_LAYER_BLOBS);
        int topCount = count(t[3], "top count of " + name, source, lineNo, 0, MAX_LAYER_BLOBS);
        if (t.length < 4 + bottomCount + topCount) {
            throw bad(source, lineNo, "layer " + name + " declares " + bottomCount + " bottoms and " + topCount
                    + " tops but lists " + (t.length - 4) + " fields after the counts");
        }
        int[] bottoms = new int[bottomCount];
        for (int j = 0; j < bottomCount; j++) {
            String b = t[4 + j];
            checkName(b, "blob name", source, lineNo);
            Integer bi = blobIndex.get(b);
            if (bi == null) {
                throw bad(source, lineNo, "layer " + name + " reads blob '" + b + "', which no earlier layer"
                        + " produces");
            }
            bottoms[j] = bi;
        }
        int[] tops = new int[topCount];
        for (int j = 0; j < topCount; j++) {
            String b = t[4 + bottomCount + j];
            checkName(b, "blob name", source, lineNo);
            if (blobIndex.containsKey(b)) {
                throw bad(source, lineNo, "layer " + name + " writes blob '" + b + "', which an earlier layer"
                        + " already writes; blob names must be unique");
            }
            if (blobs.size() == blobCount) {
                throw bad(source, lineNo, "uses more blobs than the " + blobCount + " declared on line 2");
            }
            blobIndex.put(b, blobs.size());
            tops[j] = blobs.size();
            blobs.add(b);
        }
        LayerParams params = new LayerParams();
        boolean[] seen = new boolean[LayerParams.SLOTS];
        for (int k = 4 + bottomCount + topCount; k < t.length; k++) {
            parseParam(t[k], params, seen, name, source, lineNo);
        }
        return new ParamLayer(index, lineNo, type, name, bottoms, tops, params);
    }

    private static void parseParam(String token, LayerParams params, boolean[] seen, String layer, String source,
                                   int lineNo) throws InvalidModelException {
        int eq = token.indexOf('=');
        if (eq <= 0) {
            throw bad(source, lineNo, "layer " + layer + ": '" + token + "' is not a key=value parameter");
        }
        String keyText = token.substring(0, eq);
        String value = token.substring(eq + 1);
        if (!INT.matcher(keyText).matches() || keyText.length() > 7) {
            throw bad(source, lineNo, "layer " + layer + ": parameter key '" + keyText + "' is not a number");
        }
        int key = Integer.parseInt(keyText);
        boolean oldArray = key <= -23300;
        int id = oldArray ? -key - 23300 : key;
        if (id < 0 || id >= LayerParams.SLOTS) {
            throw bad(source, lineNo, "layer " + layer + ": parameter key " + key + " is outside 0.."
                    + (LayerParams.SLOTS - 1) + " (arrays: -23300..-23331)");
        }
        if (seen[id]) {
            throw bad(source, lineNo, "layer " + layer + ": parameter " + id + " is given twice");
        }
        seen[id] = true;
        if (value.isEmpty()) {
            throw bad(source, lineNo, "layer " + layer + ": parameter " + key + " has no value");
        }
        String where = "layer " + layer + ", parameter " + key;
        if (oldArray) {
            parseOldArray(value, id, params, where, source, lineNo);
            return;
        }
        char c0 = value.charAt(0);
        if (c0 == '"' || c0 < 0x80 && Character.isLetter(c0)) {
            parseString(value, id, params, where, source, lineNo);
            return;
        }
        String[] elements = value.split(",", -1);
        if (elements.length > MAX_ARRAY) {
            throw bad(source, lineNo, where + " has " + elements.length + " elements, over " + MAX_ARRAY);
        }
        boolean isFloat = looksFloat(firstChars(elements[0]));
        int[] bits = new int[elements.length];
        for (int i = 0; i < elements.length; i++) {
            bits[i] = number(elements[i], isFloat, where, source, lineNo);
        }
        if (elements.length == 1) {
            if (isFloat) {
                params.setFloat(id, Float.intBitsToFloat(bits[0]));
            } else {
                params.setInt(id, bits[0]);
            }
        } else {
            params.setArray(id, bits, isFloat);
        }
    }

    /** {@code -233xx=len,e1,...,elen}: NCNN allocates {@code len} elements and reads that many. */
    private static void parseOldArray(String value, int id, LayerParams params, String where, String source,
                                      int lineNo) throws InvalidModelException {
        String[] parts = value.split(",", -1);
        if (!INT.matcher(parts[0]).matches() || parts[0].length() > 10) {
            throw bad(source, lineNo, where + ": array length '" + parts[0] + "' is not a number");
        }
        long len = Long.parseLong(parts[0]);
        if (len < 0 || len > MAX_ARRAY) {
            throw bad(source, lineNo, where + ": array length " + len + " is outside 0.." + MAX_ARRAY);
        }
        if (parts.length - 1 != len) {
            throw bad(source, lineNo, where + " declares " + len + " array elements but lists "
                    + (parts.length - 1));
        }
        if (len == 0) {
            return; // NCNN leaves the slot unset
        }
        boolean isFloat = looksFloat(firstChars(parts[1]));
        int[] bits = new int[(int) len];
        for (int i = 0; i < len; i++) {
            String e = parts[i + 1];
            if (looksFloat(firstChars(e)) != isFloat) {
                throw bad(source, lineNo, where + " mixes ints and floats ('" + parts[1] + "', '" + e
                        + "'); NCNN would store them in one buffer as different types");
            }
            bits[i] = number(e, isFloat, where, source, lineNo);
        }
        params.setArray(id, bits, isFloat);
    }

    private static void parseString(String value, int id, LayerParams params, String where, String source,
                                    int lineNo) throws InvalidModelException {
        String s = value;
        if (s.charAt(0) == '"') {
            if (s.length() < 2 || s.charAt(s.length() - 1) != '"' || s.indexOf('"', 1) != s.length() - 1) {
                throw bad(source, lineNo, where + ": quoted string " + value + " must end with its only closing"
                        + " quote and hold no spaces");
            }
            s = s.substring(1, s.length() - 1);
        }
        if (utf8Length(value) > MAX_NAME_BYTES) {
            throw bad(source, lineNo, where + ": string value is longer than 255 bytes");
        }
        params.setString(id, s);
    }

    /** @return the value's bits (float bits when {@code isFloat}) */
    private static int number(String e, boolean isFloat, String where, String source, int lineNo)
            throws InvalidModelException {
        if (e.isEmpty()) {
            throw bad(source, lineNo, where + " has an empty array element");
        }
        if (e.length() > MAX_VALUE_CHARS) {
            throw bad(source, lineNo, where + ": value '" + e + "' is longer than the " + MAX_VALUE_CHARS
                    + " characters NCNN reads; write it shorter (for example in %e notation)");
        }
        if (isFloat) {
            if (!FLOAT.matcher(e).matches()) {
                throw bad(source, lineNo, where + ": '" + e + "' is not a number");
            }
            float f = Float.parseFloat(e);
            if (!Float.isFinite(f)) {
                throw bad(source, lineNo, where + ": " + e + " overflows a float");
            }
            return Float.floatToRawIntBits(f);
        }
        if (!INT.matcher(e).matches()) {
            throw bad(source, lineNo, where + ": '" + e + "' is not an integer (arrays take the type of their"
                    + " first element)");
        }
        long v = Long.parseLong(e);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw bad(source, lineNo, where + ": " + e + " does not fit a 32-bit int");
        }
        return (int) v;
    }

    /** NCNN decides int or float from the first 15 characters: a '.' or an 'e' makes a float. */
    private static boolean looksFloat(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.' || c == 'e' || c == 'E') {
                return true;
            }
        }
        return false;
    }

    private static String firstChars(String s) {
        return s.length() > MAX_VALUE_CHARS ? s.substring(0, MAX_VALUE_CHARS) : s;
    }

    private static void checkName(String name, String what, String source, int lineNo)
            throws InvalidModelException {
        if (utf8Length(name) > MAX_NAME_BYTES) {
            throw bad(source, lineNo, what + " '" + name.substring(0, 40) + "...' is longer than the 255 bytes NCNN"
                    + " reads");
        }
    }

    private static int count(String token, String what, String source, int lineNo, int min, int max)
            throws InvalidModelException {
        if (!INT.matcher(token).matches() || token.length() > 10) {
            throw bad(source, lineNo, what + " '" + token + "' is not a number");
        }
        long v = Long.parseLong(token);
        if (v < min || v > max) {
            throw bad(source, lineNo, what + " " + v + " is outside " + min + ".." + max);
        }
        return (int) v;
    }

    private static int nextContentLine(String[] lines, int from) {
        for (int i = from; i < lines.length; i++) {
            if (!strip(lines[i]).isBlank()) {
                return i;
            }
        }
        return -1;
    }

    private static String strip(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static String[] tokens(String line) {
        String s = line.strip();
        return s.isEmpty() ? new String[0] : s.split("[ \t]+");
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static int lineOf(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    static InvalidModelException bad(String source, int line, String what) {
        return new InvalidModelException("NCNN param file " + source + (line > 0 ? " line " + line : "") + ": "
                + what);
    }
}
