// A parser for the tiny subset of Python literals found in .npy headers: dicts, tuples, lists, strings, ints,
// True/False/None. Limits: no floats, no expressions, nesting depth ≤ 16; anything else is a FormatException.
package org.rationalicl.core.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses a .npy header like {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3,), }}. */
final class PyLiteral {
    private static final int MAX_DEPTH = 16;
    private static final int MAX_INT_DIGITS = 30;

    /** A Python tuple (to tell {@code (3,)} from the list {@code [3]}). */
    record Tuple(List<Object> items) {
    }

    /** A Python list. */
    record PyList(List<Object> items) {
    }

    /** The header dict, with a lookup that reports a missing key against the source. */
    record Dict(Map<String, Object> entries, String source) {
        Object require(String key) throws FormatException {
            if (!entries.containsKey(key)) {
                throw new FormatException(source, "header", "missing key '" + key + "' (has " + entries.keySet() + ")");
            }
            return entries.get(key);
        }
    }

    private final String text;
    private final String source;
    private int pos;

    private PyLiteral(String text, String source) {
        this.text = text;
        this.source = source;
    }

    /** Parses the header: one dict with exactly the keys descr, fortran_order and shape, then only whitespace. */
    static Dict parseHeader(String text, String source) throws FormatException {
        PyLiteral p = new PyLiteral(text, source);
        p.skipWhitespace();
        if (p.peek() != '{') throw p.error("'{' starting the header dict");
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) p.value(0);
        p.skipWhitespace();
        if (p.pos < text.length()) throw p.error("only spaces and '\\n' after the header dict");
        for (String key : map.keySet()) {
            if (!key.equals("descr") && !key.equals("fortran_order") && !key.equals("shape")) {
                throw new FormatException(source, "header", "unexpected key '" + key
                        + "' (a .npy header has exactly descr, fortran_order, shape)");
            }
        }
        return new Dict(map, source);
    }

    /** A short description of a parsed value for error messages. */
    static String describe(Object v) {
        if (v == null) return "None";
        if (v instanceof String s) return "'" + (s.length() > 40 ? s.substring(0, 37) + "..." : s) + "'";
        if (v instanceof Boolean b) return b ? "True" : "False";
        if (v instanceof Long l) return l.toString();
        if (v instanceof Tuple) return "a tuple";
        if (v instanceof PyList) return "a list";
        if (v instanceof Map) return "a dict";
        return v.toString();
    }

    private Object value(int depth) throws FormatException {
        if (depth > MAX_DEPTH) throw error("nesting depth of at most " + MAX_DEPTH);
        skipWhitespace();
        char c = peek();
        switch (c) {
            case '{':
                return dict(depth);
            case '(': {
                boolean[] trailingComma = new boolean[1];
                List<Object> items = sequence(')', depth, trailingComma);
                // As in Python, (3) is just the integer 3; only (3,) is a 1-tuple.
                if (items.size() == 1 && !trailingComma[0]) return items.get(0);
                return new Tuple(items);
            }
            case '[':
                return new PyList(sequence(']', depth, new boolean[1]));
            case '\'':
            case '"':
                return string();
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return integer();
                if (word("True")) return Boolean.TRUE;
                if (word("False")) return Boolean.FALSE;
                if (word("None")) return null;
                throw error("a value (string, integer, tuple, True, False)");
        }
    }

    private Map<String, Object> dict(int depth) throws FormatException {
        pos++; // '{'
        Map<String, Object> map = new LinkedHashMap<>();
        while (true) {
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return Collections.unmodifiableMap(map);
            }
            char q = peek();
            if (q != '\'' && q != '"') throw error("a quoted key or '}'");
            int keyPos = pos;
            String key = string();
            skipWhitespace();
            if (peek() != ':') throw error("':' after key '" + key + "'");
            pos++;
            Object v = value(depth + 1);
            if (map.containsKey(key)) {
                pos = keyPos;
                throw error("no duplicate key ('" + key + "' appears twice)");
            }
            map.put(key, v);
            skipWhitespace();
            if (peek() == ',') {
                pos++;
            } else if (peek() != '}') {
                throw error("',' or '}' in the dict");
            }
        }
    }

    /** Items up to {@code close}; a trailing comma is allowed and reported in {@code trailingComma[0]}. */
    private List<Object> sequence(char close, int depth, boolean[] trailingComma) throws FormatException {
        pos++; // opening bracket
        List<Object> items = new ArrayList<>();
        while (true) {
            skipWhitespace();
            if (peek() == close) {
                pos++;
                return Collections.unmodifiableList(items);
            }
            items.add(value(depth + 1));
            skipWhitespace();
            if (peek() == ',') {
                pos++;
                trailingComma[0] = true;
            } else if (peek() == close) {
                trailingComma[0] = false;
            } else {
                throw error("',' or '" + close + "'");
            }
        }
    }

    private String string() throws FormatException {
        char quote = text.charAt(pos);
        int start = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                pos = start;
                throw error("a closing " + quote + " (unterminated string)");
            }
            char c = text.charAt(pos);
            if (c == quote) {
                pos++;
                return sb.toString();
            }
            if (c == '\n') throw error("a closing " + quote + " before the end of the line");
            if (c == '\\') {
                pos++;
                char e = peek();
                if (e == '\\' || e == '\'' || e == '"') {
                    sb.append(e);
                    pos++;
                    continue;
                }
                throw error("one of \\\\ \\' \\\" (other escapes never occur in .npy headers)");
            }
            sb.append(c);
            pos++;
        }
    }

    private Long integer() throws FormatException {
        int start = pos;
        if (peek() == '-') pos++;
        int digitsStart = pos;
        while (peek() >= '0' && peek() <= '9') pos++;
        if (pos == digitsStart) throw error("a digit");
        if (pos - digitsStart > MAX_INT_DIGITS) {
            pos = digitsStart;
            throw error("an integer of at most " + MAX_INT_DIGITS + " digits");
        }
        String digits = text.substring(start, pos);
        if (peek() == 'L' || peek() == 'l') pos++; // Python 2 long literal, as old numpy wrote shapes: (3L, 4L)
        if (peek() == '.' || peek() == 'e' || peek() == 'E' || peek() == 'j') throw error("an integer");
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException tooBig) {
            pos = start;
            throw error("an integer within 64 bits");
        }
    }

    private boolean word(String w) {
        if (!text.startsWith(w, pos)) return false;
        int end = pos + w.length();
        if (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) return false;
        pos = end;
        return true;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private FormatException error(String expected) {
        String found;
        if (pos >= text.length()) {
            found = "end of header";
        } else {
            char c = text.charAt(pos);
            found = c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("character U+%04X", (int) c);
        }
        return new FormatException(source, "header at offset " + pos, "expected " + expected + ", found " + found);
    }
}
