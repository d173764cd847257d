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
    private static final int MAX_DEPTH = 64;

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
        if (isSequenceItem(c)) {
            return sequence(ind, depth);
        }
        if (keyEnd(c) >= 0) {
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
            if (isSequenceItem(c)) {
                break;
            }
            int k = keyEnd(c);
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
                        || indent(line) == ind && isSequenceItem(content(line)));
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
            if (!isSequenceItem(c)) {
                break;
            }
            String after = c.substring(1);
            String rest = after.strip();
            if (rest.isEmpty() || rest.startsWith("#")) {
                line++;
                skipBlank();
                list.add(line < lines.length && indent(line) > ind ? node(depth + 1) : null);
            } else if (isSequenceItem(rest) || keyEnd(rest) >= 0) {
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
        StringBuilder b = new StringBuilder(stripComment(text).strip());
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
            if (keyEnd(content(line)) >= 0 || isSequenceItem(content(line))) {
                throw error(line, "unexpected indentation (a value cannot go on with a 'key: value' or '- item'"
                        + " line)");
            }
            b.append(blank > 0 ? "\n".repeat(blank) : " ").append(stripComment(content(line)).strip());
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
        int close = closingQuote(text, 1, q);
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
            stripTrailingSpace(joined);
            boolean escapedBreak = q == '"' && endsWithEscape(joined);
            if (escapedBreak) {
                joined.setLength(joined.length() - 1);
            } else {
                joined.append(blank > 0 ? "\n".repeat(blank) : " ");
            }
            blank = 0;
            int from = joined.length();
            joined.append(next.strip());
            close = closingQuote(joined.toString(), from, q);
        }
        String all = joined.toString();
        String tail = all.substring(close + 1).strip();
        if (!tail.isEmpty() && !tail.startsWith("#")) {
            throw error(at, "unexpected text after the quoted value: " + tail);
        }
        return unquote(all.substring(0, close + 1), at);
    }

    /** Index of the quote closing a scalar opened before {@code from}, or -1. */
    private static int closingQuote(String s, int from, char q) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (q == '"' && c == '\\') {
                i++;
            } else if (c == q) {
                if (q == '\'' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    private static boolean endsWithEscape(StringBuilder b) {
        int n = 0;
        for (int i = b.length() - 1; i >= 0 && b.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    private static void stripTrailingSpace(StringBuilder b) {
        int n = b.length();
        while (n > 0 && (b.charAt(n - 1) == ' ' || b.charAt(n - 1) == '\t')) {
            n--;
        }
        b.setLength(n);
    }

    /** Decodes a whole quoted scalar, quotes included. */
    private String unquote(String s, int at) throws InvalidModelException {
        char q = s.charAt(0);
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (q == '\'') {
                b.append(c);
                if (c == '\'') {
                    i++; // '' stands for '
                }
                continue;
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case '0': b.append('\0'); break;
                case 'a': b.append('\u0007'); break;
                case 'b': b.append('\b'); break;
                case 't':
                case '\t': b.append('\t'); break;
                case 'n': b.append('\n'); break;
                case 'v': b.append('\u000B'); break;
                case 'f': b.append('\f'); break;
                case 'r': b.append('\r'); break;
                case 'e': b.append('\u001B'); break;
                case ' ': b.append(' '); break;
                case '"': b.append('"'); break;
                case '/': b.append('/'); break;
                case '\\': b.append('\\'); break;
                case 'N': b.append('\u0085'); break;
                case '_': b.append('\u00A0'); break;
                case 'L': b.append('\u2028'); break;
                case 'P': b.append('\u2029'); break;
                case 'x':
                case 'u':
                case 'U': {
                    int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + digits >= s.length()) {
                        throw error(at, "escape \\" + e + " needs " + digits + " hex digits");
                    }
                    int v = 0;
                    for (int k = 1; k <= digits; k++) {
                        int d = Character.digit(s.charAt(i + k), 16);
                        if (d < 0) {
                            throw error(at, "escape \\" + e + " needs " + digits + " hex digits");
                        }
                        v = v * 16 + d;
                    }
                    if (v > Character.MAX_CODE_POINT) {
                        throw error(at, "escape \\" + e + " is beyond Unicode");
                    }
                    b.appendCodePoint(v);
                    i += digits;
                    break;
                }
                default:
                    throw error(at, "unknown escape \\" + e + " in a double-quoted value");
            }
        }
        return b.toString();
    }

    /** A flow collection starting at {@code text}, possibly continued on the following lines. */
    private Object flow(String text, int owner, int at, int depth) throws InvalidModelException {
        StringBuilder all = new StringBuilder(text);
        while (!balanced(all)) {
            if (line >= lines.length || !lines[line].isBlank() && indent(line) <= owner) {
                throw error(at, "the flow collection is not closed");
            }
            all.append(' ').append(lines[line++].strip());
        }
        FlowParser p = new FlowParser(all.toString(), at);
        Object v = p.value(depth);
        p.skipSpace();
        String tail = p.s.substring(p.pos).strip();
        if (!tail.isEmpty() && !tail.startsWith("#")) {
            throw error(at, "unexpected text after the flow collection: " + tail);
        }
        return v;
    }

    private static boolean balanced(CharSequence s) {
        int open = 0;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (quote == '"' && c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[' || c == '{') {
                open++;
            } else if (c == ']' || c == '}') {
                open--;
                if (open == 0) {
                    return true;
                }
            } else if (c == '#' && i > 0 && Character.isWhitespace(s.charAt(i - 1))) {
                return false;
            }
        }
        return false;
    }

    /** Parses one flow value ({@code [a, b]}, {@code {k: v}}, quoted or plain scalar) from a single string. */
    private final class FlowParser {
        final String s;
        final int at;
        int pos;

        FlowParser(String s, int at) {
            this.s = s;
            this.at = at;
        }

        Object value(int depth) throws InvalidModelException {
            if (depth > MAX_DEPTH) {
                throw error(at, "nested deeper than " + MAX_DEPTH + " levels");
            }
            skipSpace();
            if (pos >= s.length()) {
                throw error(at, "a value is missing in a flow collection");
            }
            char c = s.charAt(pos);
            if (c == '[') {
                pos++;
                List<Object> list = new ArrayList<>();
                while (true) {
                    skipSpace();
                    if (pos < s.length() && s.charAt(pos) == ']') {
                        pos++;
                        return Collections.unmodifiableList(list);
                    }
                    list.add(value(depth + 1));
                    separator(']');
                }
            }
            if (c == '{') {
                pos++;
                Map<String, Object> map = new LinkedHashMap<>();
                while (true) {
                    skipSpace();
                    if (pos < s.length() && s.charAt(pos) == '}') {
                        pos++;
                        return Collections.unmodifiableMap(map);
                    }
                    Object key = value(depth + 1);
                    if (!(key instanceof String)) {
                        throw error(at, "a flow mapping key must be a scalar");
                    }
                    skipSpace();
                    Object v = null;
                    if (pos < s.length() && s.charAt(pos) == ':') {
                        pos++;
                        skipSpace();
                        if (pos < s.length() && s.charAt(pos) != ',' && s.charAt(pos) != '}') {
                            v = value(depth + 1);
                        }
                    }
                    map.put((String) key, v);
                    separator('}');
                }
            }
            if (c == '\'' || c == '"') {
                int close = closingQuote(s, pos + 1, c);
                if (close < 0) {
                    throw error(at, "a quoted value is not closed with " + c);
                }
                String v = unquote(s.substring(pos, close + 1), at);
                pos = close + 1;
                return v;
            }
            if (c == '&' || c == '*' || c == '!') {
                throw error(at, "YAML anchors, aliases and tags are not supported");
            }
            int start = pos;
            while (pos < s.length()) {
                char d = s.charAt(pos);
                if (d == ',' || d == ']' || d == '}' || d == '[' || d == '{') {
                    break;
                }
                if (d == ':' && (pos + 1 >= s.length() || " ,]}".indexOf(s.charAt(pos + 1)) >= 0)) {
                    break;
                }
                if (d == '#' && pos > start && Character.isWhitespace(s.charAt(pos - 1))) {
                    break;
                }
                pos++;
            }
            return s.substring(start, pos).strip();
        }

        void separator(char close) throws InvalidModelException {
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == ',') {
                pos++;
            } else if (pos >= s.length() || s.charAt(pos) != close) {
                throw error(at, "expected ',' or '" + close + "' in a flow collection");
            }
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }
    }

    /** Index of the ':' that ends a mapping key on this content, or -1 if it is not a {@code key: value} line. */
    private static int keyEnd(String c) {
        if (c.isEmpty()) {
            return -1;
        }
        char c0 = c.charAt(0);
        int from = 0;
        if (c0 == '\'' || c0 == '"') {
            int close = closingQuote(c, 1, c0);
            if (close < 0) {
                return -1;
            }
            from = close + 1;
            while (from < c.length() && c.charAt(from) == ' ') {
                from++;
            }
            return from < c.length() && c.charAt(from) == ':' && (from + 1 == c.length()
                    || Character.isWhitespace(c.charAt(from + 1))) ? from : -1;
        }
        if (c0 == '[' || c0 == '{' || c0 == '#' || c0 == '|' || c0 == '>') {
            return -1;
        }
        for (int i = from; i < c.length(); i++) {
            char ch = c.charAt(i);
            if (ch == '#' && i > 0 && Character.isWhitespace(c.charAt(i - 1))) {
                return -1;
            }
            if (ch == ':' && (i + 1 == c.length() || Character.isWhitespace(c.charAt(i + 1)))) {
                return i;
            }
        }
        return -1;
    }

    private String keyText(String key, int at) throws InvalidModelException {
        if (key.startsWith("?")) {
            throw error(at, "complex mapping keys ('?') are not supported");
        }
        if (key.startsWith("&") || key.startsWith("*") || key.startsWith("!")) {
            throw error(at, "YAML anchors, aliases and tags are not supported");
        }
        if (key.startsWith("'") || key.startsWith("\"")) {
            return unquote(key, at);
        }
        return key;
    }

    private static boolean isSequenceItem(String c) {
        return c.equals("-") || c.startsWith("- ") || c.startsWith("-\t");
    }

    private static String stripComment(String s) {
        for (int i = 1; i < s.length(); i++) {
            if (s.charAt(i) == '#' && Character.isWhitespace(s.charAt(i - 1))) {
                return s.substring(0, i);
            }
        }
        return s;
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
