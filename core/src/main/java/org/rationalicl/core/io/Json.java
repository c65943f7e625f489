// A small strict JSON (RFC 8259) reader and writer for file headers and config files, with no dependencies.
// Limits: whole documents in memory; numbers become Long (integers that fit) or Double; no comments, no NaN.
package org.rationalicl.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses JSON text into plain Java values and writes them back.
 *
 * <p>Value mapping: object → {@code Map<String,Object>} (a {@link LinkedHashMap}, keys in document order),
 * array → {@code List<Object>}, string → {@link String}, number → {@link Long} when it is written without fraction
 * or exponent and fits in a long, otherwise {@link Double}; {@code true}/{@code false} → {@link Boolean};
 * {@code null} → {@code null}. Returned maps and lists are unmodifiable.
 *
 * <p>Strictness: exactly one value, optionally surrounded by whitespace; no trailing commas, comments, single
 * quotes, NaN/Infinity, leading zeros or unescaped control characters; duplicate object keys are an error
 * (silently keeping one of them would hide mistakes in config files). Every error is a {@link FormatException}
 * naming the source, the line, column and offset, what was expected and what was found.
 *
 * <p>Limits: nesting depth ≤ {@link #MAX_DEPTH} (deeper documents are rejected before the Java stack could
 * overflow), text length ≤ {@link #MAX_LENGTH} characters, number literals ≤ {@link #MAX_NUMBER_LENGTH} characters.
 */
public final class Json {
    /** Deepest nesting of arrays/objects accepted. */
    public static final int MAX_DEPTH = 512;
    /** Longest document accepted, in chars (matches the safetensors header cap). */
    public static final int MAX_LENGTH = 100_000_000;
    /** Longest number literal accepted; longer ones cannot carry more precision and only cost parse time. */
    public static final int MAX_NUMBER_LENGTH = 1000;

    private Json() {
    }

    // ------------------------------------------------------------------ reading

    /** Parses {@code text}; {@code source} names the document in error messages (may be null). */
    public static Object parse(String text, String source) throws FormatException {
        if (text.length() > MAX_LENGTH) {
            throw new FormatException(source, "JSON", "document of " + text.length()
                    + " characters exceeds the limit of " + MAX_LENGTH);
        }
        Parser p = new Parser(text, source);
        p.skipWhitespace();
        Object value = p.readValue(0);
        p.skipWhitespace();
        if (p.pos < text.length()) throw p.error("end of document", p.describeHere());
        return value;
    }

    /** Parses UTF-8 bytes; malformed UTF-8 is a {@link FormatException}. */
    public static Object parse(byte[] utf8, String source) throws FormatException {
        return parse(decodeUtf8(utf8, 0, utf8.length, source, "JSON"), source);
    }

    /** Parses a document whose top level must be an object. */
    public static Map<String, Object> parseObject(String text, String source) throws FormatException {
        Object value = parse(text, source);
        if (!(value instanceof Map)) {
            throw new FormatException(source, "JSON", "expected an object at the top level, found " + typeName(value));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        return map;
    }

    /**
     * Reads and parses a UTF-8 JSON file (e.g. a config.json); errors name the path. A file larger than
     * {@link #MAX_LENGTH} bytes is rejected before it is read.
     */
    public static Object read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_LENGTH) {
            throw new FormatException(file.toString(), "JSON", "file of " + size + " bytes exceeds the limit of "
                    + MAX_LENGTH);
        }
        return parse(Files.readAllBytes(file), file.toString());
    }

    /** As {@link #read(Path)} for a file whose top level must be an object. */
    public static Map<String, Object> readObject(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_LENGTH) {
            throw new FormatException(file.toString(), "JSON", "file of " + size + " bytes exceeds the limit of "
                    + MAX_LENGTH);
        }
        byte[] bytes = Files.readAllBytes(file);
        return parseObject(decodeUtf8(bytes, 0, bytes.length, file.toString(), "JSON"), file.toString());
    }

    /** Atomically writes {@code value} as pretty JSON (UTF-8, trailing newline), see {@link AtomicFiles}. */
    public static void writeFile(Path file, Object value) throws IOException {
        AtomicFiles.writeString(file, writePretty(value));
    }

    /** A short name of a parsed value's JSON type, for error messages: object, array, string, integer, … */
    public static String typeName(Object value) {
        if (value == null) return "null";
        if (value instanceof Map) return "object";
        if (value instanceof List) return "array";
        if (value instanceof String) return "string";
        if (value instanceof Long) return "integer";
        if (value instanceof Double) return "number";
        if (value instanceof Boolean) return "boolean";
        return value.getClass().getSimpleName();
    }

    /** Strict UTF-8 decoding (malformed or truncated sequences are errors, not replacement characters). */
    static String decodeUtf8(byte[] bytes, int offset, int length, String source, String field)
            throws FormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new FormatException(source, field, "not valid UTF-8 (" + e.getMessage() + ")", e);
        }
    }

    private static final class Parser {
        private final String text;
        private final String source;
        private int pos;

        Parser(String text, String source) {
            this.text = text;
            this.source = source;
        }

        Object readValue(int depth) throws FormatException {
            if (pos >= text.length()) throw error("a value", "end of document");
            char c = text.charAt(pos);
            switch (c) {
                case '{':
                    return readObject(depth + 1);
                case '[':
                    return readArray(depth + 1);
                case '"':
                    return readString();
                case 't':
                    return readLiteral("true", Boolean.TRUE);
                case 'f':
                    return readLiteral("false", Boolean.FALSE);
                case 'n':
                    return readLiteral("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return readNumber();
                    throw error("a value (object, array, string, number, true, false or null)", describeHere());
            }
        }

        private Map<String, Object> readObject(int depth) throws FormatException {
            checkDepth(depth);
            pos++; // '{'
            Map<String, Object> map = new LinkedHashMap<>();
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return Collections.unmodifiableMap(map);
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') throw error("a string key", describeHere());
                int keyPos = pos;
                String key = readString();
                skipWhitespace();
                if (peek() != ':') throw error("':' after object key", describeHere());
                pos++;
                skipWhitespace();
                Object value = readValue(depth);
                if (map.containsKey(key)) {
                    pos = keyPos;
                    throw error("unique object keys", "duplicate key \"" + shorten(key) + "\"");
                }
                map.put(key, value);
                skipWhitespace();
                char c = peek();
                if (c == ',') {
                    pos++;
                } else if (c == '}') {
                    pos++;
                    return Collections.unmodifiableMap(map);
                } else {
                    throw error("',' or '}' in object", describeHere());
                }
            }
        }

        private List<Object> readArray(int depth) throws FormatException {
            checkDepth(depth);
            pos++; // '['
            List<Object> list = new ArrayList<>();
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return Collections.unmodifiableList(list);
            }
            while (true) {
                skipWhitespace();
                list.add(readValue(depth));
                skipWhitespace();
                char c = peek();
                if (c == ',') {
                    pos++;
                } else if (c == ']') {
                    pos++;
                    return Collections.unmodifiableList(list);
                } else {
                    throw error("',' or ']' in array", describeHere());
                }
            }
        }

        private String readString() throws FormatException {
            int start = pos;
            pos++; // opening quote
            StringBuilder sb = null;
            int runStart = pos;
            while (true) {
                if (pos >= text.length()) {
                    pos = start;
                    throw error("a closing '\"'", "an unterminated string");
                }
                char c = text.charAt(pos);
                if (c == '"') {
                    String s = sb == null ? text.substring(runStart, pos)
                            : sb.append(text, runStart, pos).toString();
                    pos++;
                    return s;
                }
                if (c < 0x20) throw error("a character allowed in a string", "unescaped control character U+"
                        + String.format("%04X", (int) c));
                if (c == '\\') {
                    if (sb == null) sb = new StringBuilder();
                    sb.append(text, runStart, pos);
                    pos++;
                    if (pos >= text.length()) throw error("an escape character", "end of document");
                    char e = text.charAt(pos);
                    switch (e) {
                        case '"' -> sb.append('"');
                        case '\\' -> sb.append('\\');
                        case '/' -> sb.append('/');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'n' -> sb.append('\n');
                        case 'r' -> sb.append('\r');
                        case 't' -> sb.append('\t');
                        case 'u' -> {
                            if (pos + 4 >= text.length()) throw error("4 hex digits after \\u", "end of document");
                            int v = 0;
                            for (int i = 1; i <= 4; i++) {
                                int d = Character.digit(text.charAt(pos + i), 16);
                                if (d < 0) {
                                    pos += i;
                                    throw error("a hex digit in \\u escape", describeHere());
                                }
                                v = (v << 4) | d;
                            }
                            sb.append((char) v);
                            pos += 4;
                        }
                        default -> throw error("one of \" \\ / b f n r t u after '\\'", describeHere());
                    }
                    pos++;
                    runStart = pos;
                } else {
                    pos++;
                }
            }
        }

        private Object readNumber() throws FormatException {
            int start = pos;
            boolean integral = true;
            if (peek() == '-') pos++;
            if (peek() == '0') {
                pos++;
                if (isDigit(peek())) throw error("no leading zeros in a number", describeHere());
            } else if (isDigit(peek())) {
                while (isDigit(peek())) pos++;
            } else {
                throw error("a digit", describeHere());
            }
            if (peek() == '.') {
                integral = false;
                pos++;
                if (!isDigit(peek())) throw error("a digit after '.'", describeHere());
                while (isDigit(peek())) pos++;
            }
            if (peek() == 'e' || peek() == 'E') {
                integral = false;
                pos++;
                if (peek() == '+' || peek() == '-') pos++;
                if (!isDigit(peek())) throw error("a digit in the exponent", describeHere());
                while (isDigit(peek())) pos++;
            }
            if (pos - start > MAX_NUMBER_LENGTH) {
                pos = start;
                throw error("a number of at most " + MAX_NUMBER_LENGTH + " characters", "a longer one");
            }
            String literal = text.substring(start, pos);
            if (integral) {
                try {
                    return Long.parseLong(literal);
                } catch (NumberFormatException tooBig) {
                    // Falls through: an integer beyond the long range is kept as the nearest double.
                }
            }
            return Double.parseDouble(literal);
        }

        private Object readLiteral(String word, Object value) throws FormatException {
            if (!text.startsWith(word, pos)) throw error("a value", describeHere());
            pos += word.length();
            return value;
        }

        private void checkDepth(int depth) throws FormatException {
            if (depth > MAX_DEPTH) throw error("nesting depth of at most " + MAX_DEPTH, "deeper nesting");
        }

        void skipWhitespace() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
                pos++;
            }
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        String describeHere() {
            if (pos >= text.length()) return "end of document";
            char c = text.charAt(pos);
            if (c < 0x20 || c > 0x7e) return "character U+" + String.format("%04X", (int) c);
            return "'" + c + "'";
        }

        FormatException error(String expected, String found) {
            int line = 1;
            int column = 1;
            int limit = Math.min(pos, text.length());
            for (int i = 0; i < limit; i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            return new FormatException(source, "JSON at line " + line + ", column " + column + " (offset " + pos + ")",
                    "expected " + expected + ", found " + found);
        }
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    // ------------------------------------------------------------------ writing

    /**
     * Writes {@code value} as compact JSON. Accepted: null, Boolean, String, Character, any integral
     * {@link Number} (Byte, Short, Integer, Long), finite Float/Double, {@code Map} with String keys (written in
     * iteration order), {@code Collection}, and arrays of primitives or objects. Anything else, a non-finite number
     * or a non-String key is an {@link IllegalArgumentException}.
     */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        new Writer(sb, false).value(value, 0);
        return sb.toString();
    }

    /** As {@link #write(Object)} with two-space indentation and one member per line, for files people read. */
    public static String writePretty(Object value) {
        StringBuilder sb = new StringBuilder();
        new Writer(sb, true).value(value, 0);
        return sb.append('\n').toString();
    }

    /** Appends {@code s} as a JSON string literal with quotes and escapes. */
    public static void writeString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    boolean loneSurrogate = Character.isSurrogate(c) && !(Character.isHighSurrogate(c)
                            && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)));
                    if (Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1))) {
                        loneSurrogate = false;
                    }
                    // Control characters must be escaped; lone surrogates are escaped so the UTF-8 stays valid.
                    if (c < 0x20 || loneSurrogate) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private record Writer(StringBuilder sb, boolean pretty) {
        void value(Object v, int depth) {
            if (depth > MAX_DEPTH) throw new IllegalArgumentException("JSON value nested deeper than " + MAX_DEPTH);
            switch (v) {
                case null -> sb.append("null");
                case Boolean b -> sb.append(b.booleanValue());
                case String s -> writeString(sb, s);
                case Character c -> writeString(sb, String.valueOf(c));
                case Long l -> sb.append(l.longValue());
                case Integer i -> sb.append(i.intValue());
                case Short s -> sb.append(s.shortValue());
                case Byte b -> sb.append(b.byteValue());
                case Double d -> sb.append(finite(d, d.isInfinite() || d.isNaN()));
                case Float f -> sb.append(finite(f, f.isInfinite() || f.isNaN()));
                case Map<?, ?> m -> object(m, depth);
                case Collection<?> c -> array(c, depth);
                default -> {
                    if (v.getClass().isArray()) {
                        int n = java.lang.reflect.Array.getLength(v);
                        List<Object> items = new ArrayList<>(n);
                        for (int i = 0; i < n; i++) items.add(java.lang.reflect.Array.get(v, i));
                        array(items, depth);
                    } else {
                        throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " as JSON");
                    }
                }
            }
        }

        private static String finite(Number n, boolean nonFinite) {
            if (nonFinite) throw new IllegalArgumentException("JSON cannot represent " + n);
            return n.toString();
        }

        private void object(Map<?, ?> m, int depth) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("JSON object keys must be strings, found " + e.getKey());
                }
                if (!first) sb.append(',');
                first = false;
                newline(depth + 1);
                writeString(sb, key);
                sb.append(pretty ? ": " : ":");
                value(e.getValue(), depth + 1);
            }
            if (!first) newline(depth);
            sb.append('}');
        }

        private void array(Collection<?> c, int depth) {
            // Pretty output keeps arrays of plain values on one line ([1, 2, 3]) and puts nested
            // objects/arrays one per line, which is how people lay out config files by hand.
            boolean nested = false;
            for (Object item : c) {
                if (item instanceof Map || item instanceof Collection) nested = true;
            }
            boolean multiline = pretty && nested;
            sb.append('[');
            boolean first = true;
            for (Object item : c) {
                if (!first) sb.append(pretty && !multiline ? ", " : ",");
                first = false;
                if (multiline) newline(depth + 1);
                value(item, depth + 1);
            }
            if (multiline && !first) newline(depth);
            sb.append(']');
        }

        private void newline(int depth) {
            if (!pretty) return;
            sb.append('\n');
            for (int i = 0; i < depth; i++) sb.append("  ");
        }
    }
}
