package io.edgecv.model.ultralytics;

import io.edgecv.InvalidModelException;

/**
 * The scalar-level rules of {@link MetadataYaml}: where a quoted scalar ends and what its escapes mean, where a
 * {@code key:} ends, comments, sequence items, and whether a flow collection is closed.
 *
 * <p>Thread-safety: stateless.
 */
final class YamlScalars {
    private YamlScalars() {
    }

    /** Index of the quote closing a scalar opened before {@code from}, or -1. */
    static int closingQuote(String s, int from, char q) {
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

    static boolean endsWithEscape(StringBuilder b) {
        int n = 0;
        for (int i = b.length() - 1; i >= 0 && b.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    static void stripTrailingSpace(StringBuilder b) {
        int n = b.length();
        while (n > 0 && (b.charAt(n - 1) == ' ' || b.charAt(n - 1) == '\t')) {
            n--;
        }
        b.setLength(n);
    }

    static boolean balanced(CharSequence s) {
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

    /** Index of the ':' that ends a mapping key on this content, or -1 if it is not a {@code key: value} line. */
    static int keyEnd(String c) {
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

    static boolean isSequenceItem(String c) {
        return c.equals("-") || c.startsWith("- ") || c.startsWith("-\t");
    }

    static String stripComment(String s) {
        for (int i = 1; i < s.length(); i++) {
            if (s.charAt(i) == '#' && Character.isWhitespace(s.charAt(i - 1))) {
                return s.substring(0, i);
            }
        }
        return s;
    }

    /** Decodes a whole quoted scalar, quotes included. */
    static String unquote(String s, int at, YamlError errors) throws InvalidModelException {
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
                        throw errors.at(at, "escape \\" + e + " needs " + digits + " hex digits");
                    }
                    int v = 0;
                    for (int k = 1; k <= digits; k++) {
                        int d = Character.digit(s.charAt(i + k), 16);
                        if (d < 0) {
                            throw errors.at(at, "escape \\" + e + " needs " + digits + " hex digits");
                        }
                        v = v * 16 + d;
                    }
                    if (v > Character.MAX_CODE_POINT) {
                        throw errors.at(at, "escape \\" + e + " is beyond Unicode");
                    }
                    b.appendCodePoint(v);
                    i += digits;
                    break;
                }
                default:
                    throw errors.at(at, "unknown escape \\" + e + " in a double-quoted value");
            }
        }
        return b.toString();
    }
}
