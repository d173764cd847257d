package io.edgecv.model.ultralytics;

import io.edgecv.InvalidModelException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses one YAML flow value ({@code [a, b]}, {@code {k: v}}, quoted or plain scalar) from a single string, for
 * {@link MetadataYaml}.
 *
 * <p>Thread-safety: not thread-safe; one instance per value.
 */
final class YamlFlow {
    final String s;
    final int at;
    final YamlError errors;
    int pos;

    YamlFlow(String s, int at, YamlError errors) {
        this.s = s;
        this.at = at;
        this.errors = errors;
    }

    Object value(int depth) throws InvalidModelException {
        if (depth > MetadataYaml.MAX_DEPTH) {
            throw errors.at(at, "nested deeper than " + MetadataYaml.MAX_DEPTH + " levels");
        }
        skipSpace();
        if (pos >= s.length()) {
            throw errors.at(at, "a value is missing in a flow collection");
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
                    throw errors.at(at, "a flow mapping key must be a scalar");
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
            int close = YamlScalars.closingQuote(s, pos + 1, c);
            if (close < 0) {
                throw errors.at(at, "a quoted value is not closed with " + c);
            }
            String v = YamlScalars.unquote(s.substring(pos, close + 1), at, errors);
            pos = close + 1;
            return v;
        }
        if (c == '&' || c == '*' || c == '!') {
            throw errors.at(at, "YAML anchors, aliases and tags are not supported");
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
            throw errors.at(at, "expected ',' or '" + close + "' in a flow collection");
        }
    }

    void skipSpace() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }
}
