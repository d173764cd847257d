package io.edgecv.model.ultralytics;

import io.edgecv.InvalidModelException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Python literals Ultralytics writes with {@code str()} into ONNX {@code metadata_props}, such as
 * {@code {0: 'person', 1: "person's bag"}} or {@code [640, 640]}; JSON reads as well. It parses, it never
 * evaluates: only literals are accepted.
 *
 * <p>Accepted: dicts, lists and tuples (trailing commas allowed; a tuple becomes a {@link List}), strings in single
 * or double quotes with an optional {@code u} or {@code r} prefix and Python's escapes (backslash followed by a
 * backslash, a quote, {@code n r t a b f v}, octal digits, {@code x} and 2 hex digits, {@code u} and 4, {@code U}
 * and 8; an unknown escape keeps its backslash, as in Python), integers
 * ({@link Long}), floats ({@link Double}), {@code True}/{@code False} and JSON's {@code true}/{@code false}
 * ({@link Boolean}), {@code None} and {@code null} ({@code null}). Whitespace and newlines may appear between
 * tokens. A dict becomes a {@link LinkedHashMap} in source order; a repeated key keeps its last value, as in Python.
 *
 * <p>Thread-safety: stateless.
 */
final class PythonLiteral {
    /** Longest text parsed, in characters. */
    public static final int MAX_LENGTH = 16 << 20;
    private static final int MAX_DEPTH = 64;

    private final String s;
    private final String what;
    private int pos;

    private PythonLiteral(String s, String what) {
        this.s = s;
        this.what = what;
    }

    /**
     * @param text the literal
     * @param what what it is, for messages (such as {@code "metadata 'names' of yolo11n.onnx"})
     * @return a {@link Map}, {@link List}, {@link String}, {@link Long}, {@link Double}, {@link Boolean} or null
     * @throws InvalidModelException if the text is not one literal of the accepted kinds; the message names the
     *                               position and what was found there
     */
    public static Object parse(String text, String what) throws InvalidModelException {
        if (text == null) {
            throw new InvalidModelException(what + " is missing");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidModelException(what + " is " + text.length() + " characters long, over the limit of "
                    + MAX_LENGTH);
        }
        PythonLiteral p = new PythonLiteral(text, what);
        p.skipSpace();
        Object v = p.value(0);
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("unexpected text after the literal");
        }
        return v;
    }

    private Object value(int depth) throws InvalidModelException {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
        if (pos >= s.length()) {
            throw error("a value is missing");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{':
                return dict(depth);
            case '[':
                return sequence(']', depth);
            case '(':
                return sequence(')', depth);
            case '\'':
            case '"':
                return string(false);
            default:
                break;
        }
        if ((c == 'u' || c == 'U' || c == 'r' || c == 'R') && pos + 1 < s.length()
                && (s.charAt(pos + 1) == '\'' || s.charAt(pos + 1) == '"')) {
            pos++;
            return string(c == 'r' || c == 'R');
        }
        if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) {
            return number();
        }
        if (Character.isLetter(c) || c == '_') {
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            String word = s.substring(start, pos);
            switch (word) {
                case "True":
                case "true":
                    return Boolean.TRUE;
                case "False":
                case "false":
                    return Boolean.FALSE;
                case "None":
                case "null":
                    return null;
                default:
                    pos = start;
                    throw error("'" + word + "' is not a literal (only strings, numbers, True, False, None,"
                            + " dicts, lists and tuples are read; nothing is evaluated)");
            }
        }
        throw error("unexpected character '" + printable(c) + "'");
    }

    private Map<Object, Object> dict(int depth) throws InvalidModelException {
        pos++; // {
        Map<Object, Object> map = new LinkedHashMap<>();
        skipSpace();
        while (true) {
            if (pos >= s.length()) {
                throw error("the dict is not closed with '}'");
            }
            if (s.charAt(pos) == '}') {
                pos++;
                return map;
            }
            Object key = value(depth + 1);
            if (key instanceof Map || key instanceof List) {
                throw error("a dict key must be a string or a number");
            }
            skipSpace();
            if (pos >= s.length() || s.charAt(pos) != ':') {
                if (map.isEmpty() && pos < s.length() && (s.charAt(pos) == ',' || s.charAt(pos) == '}')) {
                    throw error("set literals are not supported; expected 'key: value'");
                }
                throw error("expected ':' after a dict key");
            }
            pos++;
            skipSpace();
            Object v = value(depth + 1);
            map.put(key, v);
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == ',') {
                pos++;
                skipSpace();
            } else if (pos < s.length() && s.charAt(pos) != '}') {
                throw error("expected ',' or '}' in a dict");
            }
        }
    }

    private List<Object> sequence(char close, int depth) throws InvalidModelException {
        pos++; // [ or (
        List<Object> list = new ArrayList<>();
        skipSpace();
        while (true) {
            if (pos >= s.length()) {
                throw error("the " + (close == ']' ? "list" : "tuple") + " is not closed with '" + close + "'");
            }
            if (s.charAt(pos) == close) {
                pos++;
                return Collections.unmodifiableList(list);
            }
            list.add(value(depth + 1));
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == ',') {
                pos++;
                skipSpace();
            } else if (pos < s.length() && s.charAt(pos) != close) {
                throw error("expected ',' or '" + close + "'");
            }
        }
    }

    private String string(boolean raw) throws InvalidModelException {
        int start = pos;
        char quote = s.charAt(pos);
        if (s.startsWith(String.valueOf(quote).repeat(3), pos)) {
            throw error("triple-quoted strings are not supported");
        }
        pos++;
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                pos = start;
                throw error("the string is not closed with " + quote);
            }
            char c = s.charAt(pos++);
            if (c == quote) {
                return b.toString();
            }
            if (c == '\n' || c == '\r') {
                pos--;
                throw error("a line break inside a string literal (write it as \\n)");
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (pos >= s.length()) {
                pos = start;
                throw error("the string is not closed with " + quote);
            }
            char e = s.charAt(pos++);
            if (raw) {
                b.append('\\').append(e); // a raw string keeps the backslash; it only protects the quote
                continue;
            }
            switch (e) {
                case '\\': b.append('\\'); break;
                case '\'': b.append('\''); break;
                case '"': b.append('"'); break;
                case 'n': b.append('\n'); break;
                case 'r': b.append('\r'); break;
                case 't': b.append('\t'); break;
                case 'a': b.append('\u0007'); break;
                case 'b': b.append('\b'); break;
                case 'f': b.append('\f'); break;
                case 'v': b.append('\u000B'); break;
                case '\n': break; // line continuation
                case 'x': b.appendCodePoint(hex(2)); break;
                case 'u': b.appendCodePoint(hex(4)); break;
                case 'U': b.appendCodePoint(hex(8)); break;
                default:
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        for (int k = 0; k < 2 && pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '7'; k++) {
                            v = v * 8 + (s.charAt(pos++) - '0');
                        }
                        b.append((char) v);
                    } else {
                        b.append('\\').append(e); // Python keeps unknown escapes as they are
                    }
            }
        }
    }

    private int hex(int digits) throws InvalidModelException {
        if (pos + digits > s.length()) {
            throw error("a \\x, \\u or \\U escape needs " + digits + " hex digits");
        }
        int v = 0;
        for (int k = 0; k < digits; k++) {
            int d = Character.digit(s.charAt(pos + k), 16);
            if (d < 0) {
                throw error("'" + printable(s.charAt(pos + k)) + "' is not a hex digit of an escape");
            }
            v = v * 16 + d;
        }
        if (v > Character.MAX_CODE_POINT) {
            throw error("escape \\U" + s.substring(pos, pos + digits) + " is beyond Unicode");
        }
        pos += digits;
        return v;
    }

    private Object number() throws InvalidModelException {
        int start = pos;
        if (s.charAt(pos) == '-' || s.charAt(pos) == '+') {
            pos++;
        }
        boolean floating = false;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if ((c >= '0' && c <= '9') || c == '_') {
                pos++;
            } else if (c == '.' || c == 'e' || c == 'E') {
                floating = true;
                pos++;
                if ((c == 'e' || c == 'E') && pos < s.length() && (s.charAt(pos) == '-' || s.charAt(pos) == '+')) {
                    pos++;
                }
            } else {
                break;
            }
        }
        String text = s.substring(start, pos).replace("_", "");
        try {
            if (floating) {
                return Double.parseDouble(text);
            }
            return Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
        } catch (NumberFormatException e) {
            pos = start;
            throw error("'" + s.substring(start, Math.min(s.length(), start + 24)) + "' is not a number"
                    + (floating ? "" : " in the 64-bit range"));
        }
    }

    private void skipSpace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                pos++;
            } else {
                break;
            }
        }
    }

    private InvalidModelException error(String message) {
        int from = Math.max(0, pos - 20);
        int to = Math.min(s.length(), pos + 20);
        String near = s.substring(from, to).replace("\n", "\\n").replace("\r", "\\r");
        return new InvalidModelException("cannot read " + what + ": " + message + " at character " + pos
                + " (near \"" + near + "\"); expected a Python dict/list literal such as {0: 'person', 1: 'bicycle'}");
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7F ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
