package io.edgecv.model.ultralytics;

import io.edgecv.InvalidModelException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the YAML subset that Ultralytics writes to the {@code metadata.yaml} beside NCNN, TFLite, OpenVINO and
 * other exports (PyYAML {@code safe_dump}), with no YAML library:
 * <ul>
 *   <li>block mappings and block sequences, a sequence possibly at its key's indentation
 *       ({@code imgsz:\n- 640\n- 640}), mappings inside sequence items;</li>
 *   <li>plain scalars, folded over more-indented continuation lines; single-quoted ({@code ''} escape) and
 *       double-quoted (backslash escapes) scalars, possibly over several lines;</li>
 *   <li>flow sequences and mappings ({@code [640, 640]}, {@code {0: person}}), possibly over several lines;</li>
 *   <li>comments, blank lines, {@code ---} and {@code ...} document markers, {@code %} directives.</li>
 * </ul>
 * Anchors, aliases, tags, complex keys and block scalars ({@code |}, {@code >}) are rejected with a message.
 * Every scalar stays a {@link String} (the caller converts what it needs); an empty value is {@code null}.
 *
 * <p>Thread-safety: stateless.
 */
final class MetadataYaml {
    /** Longest text parsed, in characters. */
    static final int MAX_LENGTH = 16 << 20;
    /** Deepest nesting accepted. */
    static final int MAX_DEPTH = 64;

    private final String[] lines;
    private final String what;
    private int line;

    private MetadataYaml(String[] lines, String what) {
        this.lines = lines;
        this.what = what;
    }

    /**
     * @param text the YAML document
     * @param what what it is, for messages (such as the file name)
     * @return a {@link Map} (String keys), {@link List}, {@link String} or null for an empty document
     * @throws InvalidModelException if the text is not in the supported subset; the message names the line
     */
    static Object parse(String text, String what) throws InvalidModelException {
        if (text.length() > MAX_LENGTH) {
            throw new InvalidModelException(what + " is " + text.length() + " characters long, over the limit of "
                    + MAX_LENGTH);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        MetadataYaml y = new MetadataYaml(text.split("\r\n|\r|\n", -1), what);
        y.skipBlank();
        if (y.line >= y.lines.length) {
            return null;
        }
        Object root = y.node(0);
        y.skipBlank();
        if (y.line < y.lines.length) {
            throw y.error(y.line, "unexpected content (check its indentation)");
        }
        return root;
    }

    private Object node(int depth) throws InvalidModelException {
        if (depth > MAX_DEPTH) {
            throw error(line, "nested deeper than " + MAX_DEPTH + " levels");
        }
        int ind = indent(line);
        String c = content(line);
        if (YamlScalars.isSequenceItem(c)) {
            return sequence(ind, depth);
        }
        if (YamlScalars.keyEnd(c) >= 0) {
            return mapping(ind, depth);
        }
        line++;
        return inline(c, ind - 1, depth);
    }

    private Map<String, Object> mapping(int ind, int depth) throws InvalidModelException {
        Map<String, Object> map = new LinkedHashMap<>();
        while (true) {
            skipBlank();
            if (line >= lines.length || indent(line) < ind) {
                break;
            }
            if (indent(line) > ind) {
                throw error(line, "unexpected indentation");
            }
            String c = content(line);
            if (YamlScalars.isSequenceItem(c)) {
                break;
            }
            int k = YamlScalars.keyEnd(c);
            if (k < 0) {
                throw error(line, "expected 'key: value'");
            }
            int keyLine = line;
            String key = keyText(c.substring(0, k).strip(), keyLine);
            String rest = c.substring(k + 1).strip();
            line++;
            Object value;
            if (rest.isEmpty() || rest.startsWith("#")) {
                skipBlank();
                boolean nested = line < lines.length && (indent(line) > ind
                        || indent(line) == ind && YamlScalars.isSequenceItem(content(line)));
                value = nested ? node(depth + 1) : null;
            } else {
                value = inline(rest, ind, depth);
            }
            map.put(key, value);
        }
        return Collections.unmodifiableMap(map);
    }

    private List<Object> sequence(int ind, int depth) throws InvalidModelException {
        List<Object> list = new ArrayList<>();
        while (true) {
            skipBlank();
            if (line >= lines.length || indent(line) < ind) {
                break;
            }
            if (indent(line) > ind) {
                throw error(line, "unexpected indentation");
            }
            String c = content(line);
            if (!YamlScalars.isSequenceItem(c)) {
                break;
            }
            String after = c.substring(1);
            String rest = after.strip();
            if (rest.isEmpty() || rest.startsWith("#")) {
                line++;
                skipBlank();
                list.add(line < lines.length && indent(line) > ind ? node(depth + 1) : null);
            } else if (YamlScalars.isSequenceItem(rest) || YamlScalars.keyEnd(rest) >= 0) {
                // a block node that starts on the dash's line: re-read the line with the dash as indentation
                int offset = ind + 1 + (after.length() - after.stripLeading().length());
                lines[line] = " ".repeat(offset) + rest;
                list.add(node(depth + 1));
            } else {
                line++;
                list.add(inline(rest, ind, depth));
            }
        }
        return Collections.unmodifiableList(list);
    }

    /**
     * A value that starts on a line already consumed; continuation lines (indented more than {@code owner}) are
     * consumed as needed.
     */
    private Object inline(String text, int owner, int depth) throws InvalidModelException {
        int at = line - 1;
        char c0 = text.charAt(0);
        switch (c0) {
            case '\'':
            case '"':
                return quoted(text, at);
            case '[':
            case '{':
                return flow(text, owner, at, depth);
            case '|':
            case '>':
                throw error(at, "block scalars ('|', '>') are not supported; quote the value");
            case '&':
            case '*':
            case '!':
                throw error(at, "YAML anchors, aliases and tags are not supported");
            case '@':
            case '`':
                throw error(at, "'" + c0 + "' cannot start a plain value; quote it");
            default:
                break;
        }
        StringBuilder b = new StringBuilder(YamlScalars.stripComment(text).strip());
        int blank = 0;
        while (line < lines.length) {
            String raw = lines[line];
            if (raw.isBlank()) {
                blank++;
                line++;
                continue;
            }
            if (indent(line) <= owner || content(line).startsWith("#")) {
                break;
            }
            if (YamlScalars.keyEnd(content(line)) >= 0 || YamlScalars.isSequenceItem(content(line))) {
                throw error(line, "unexpected indentation (a value cannot go on with a 'key: value' or '- item'"
                        + " line)");
            }
            b.append(blank > 0 ? "\n".repeat(blank) : " ")
                    .append(YamlScalars.stripComment(content(line)).strip());
            blank = 0;
            line++;
        }
        if (blank > 0) {
            line -= blank; // blank lines after the scalar belong to no one
        }
        return b.toString();
    }

    /** A quoted scalar starting at {@code text}, possibly continued on the following lines. */
    private String quoted(String text, int at) throws InvalidModelException {
        char q = text.charAt(0);
        StringBuilder joined = new StringBuilder(text);
        int close = YamlScalars.closingQuote(text, 1, q);
        int blank = 0;
        while (close < 0) {
            if (line >= lines.length) {
                throw error(at, "the quoted value is not closed with " + q);
            }
            String next = lines[line++];
            if (next.isBlank()) {
                blank++;
                continue;
            }
            YamlScalars.stripTrailingSpace(joined);
            boolean escapedBreak = q == '"' && YamlScalars.endsWithEscape(joined);
            if (escapedBreak) {
                joined.setLength(joined.length() - 1);
            } else {
                joined.append(blank > 0 ? "\n".repeat(blank) : " ");
            }
            blank = 0;
            int from = joined.length();
            joined.append(next.strip());
            close = YamlScalars.closingQuote(joined.toString(), from, q);
        }
        String all = joined.toString();
        String tail = all.substring(close + 1).strip();
        if (!tail.isEmpty() && !tail.startsWith("#")) {
            throw error(at, "unexpected text after the quoted value: " + tail);
        }
        return YamlScalars.unquote(all.substring(0, close + 1), at, this::error);
    }

    /** A flow collection starting at {@code text}, possibly continued on the following lines. */
    private Object flow(String text, int owner, int at, int depth) throws InvalidModelException {
        StringBuilder all = new StringBuilder(text);
        while (!YamlScalars.balanced(all)) {
            if (line >= lines.length || !lines[line].isBlank() && indent(line) <= owner) {
                throw error(at, "the flow collection is not closed");
            }
            all.append(' ').append(lines[line++].strip());
        }
        YamlFlow p = new YamlFlow(all.toString(), at, this::error);
        Object v = p.value(depth);
        p.skipSpace();
        String tail = p.s.substring(p.pos).strip();
        if (!tail.isEmpty() && !tail.startsWith("#")) {
            throw error(at, "unexpected text after the flow collection: " + tail);
        }
        return v;
    }

    private String keyText(String key, int at) throws InvalidModelException {
        if (key.startsWith("?")) {
            throw error(at, "complex mapping keys ('?') are not supported");
        }
        if (key.startsWith("&") || key.startsWith("*") || key.startsWith("!")) {
            throw error(at, "YAML anchors, aliases and tags are not supported");
        }
        if (key.startsWith("'") || key.startsWith("\"")) {
            return YamlScalars.unquote(key, at, this::error);
        }
        return key;
    }

    private void skipBlank() throws InvalidModelException {
        while (line < lines.length) {
            String raw = lines[line];
            String c = raw.strip();
            if (c.isEmpty() || c.startsWith("#") || raw.startsWith("%")
                    || raw.startsWith("---") && (raw.length() == 3 || Character.isWhitespace(raw.charAt(3)))
                    || raw.equals("...")) {
                if (raw.startsWith("---") && !raw.substring(3).isBlank() && !raw.substring(3).strip().startsWith("#")) {
                    throw error(line, "content on the '---' line is not supported; start it on the next line");
                }
                line++;
            } else {
                break;
            }
        }
    }

    private int indent(int i) throws InvalidModelException {
        String s = lines[i];
        int n = 0;
        while (n < s.length() && s.charAt(n) == ' ') {
            n++;
        }
        if (n < s.length() && s.charAt(n) == '\t') {
            throw error(i, "tabs cannot indent YAML; use spaces");
        }
        return n;
    }

    private String content(int i) {
        return lines[i].strip();
    }

    private InvalidModelException error(int at, String message) {
        String text = at < lines.length ? lines[at].strip() : "";
        if (text.length() > 60) {
            text = text.substring(0, 60) + "...";
        }
        return new InvalidModelException("cannot read " + what + ", line " + (at + 1) + " (\"" + text + "\"): "
                + message);
    }
}
