// Tests of the strict JSON reader/writer: value mapping, round trips, escaping, and one rejection per rule.
package org.rationalicl.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesEveryValueKindWithTheDocumentedJavaTypes() throws FormatException {
        Object v = Json.parse(" {\"b\": [1, -2.5, 3e2, true, false, null, \"x\"], \"a\": {}} ", "t");
        Map<?, ?> m = assertInstanceOf(Map.class, v);
        assertEquals(List.of("b", "a"), new ArrayList<>(m.keySet()), "insertion order kept");
        List<?> b = (List<?>) m.get("b");
        assertEquals(1L, b.get(0));
        assertEquals(-2.5, b.get(1));
        assertEquals(300.0, b.get(2));
        assertEquals(Boolean.TRUE, b.get(3));
        assertEquals(Boolean.FALSE, b.get(4));
        assertNull(b.get(5));
        assertEquals("x", b.get(6));
        assertEquals(Map.of(), m.get("a"));
    }

    @Test
    void integersBeyondLongBecomeDoublesAndLongLimitsStayExact() throws FormatException {
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807", null));
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808", null));
        assertEquals(9.223372036854775808E18, Json.parse("9223372036854775808", null));
        assertEquals(-0.0, Json.parse("-0.0", null));
        assertEquals(0L, Json.parse("-0", null));
    }

    @Test
    void decodesEscapesIncludingSurrogatePairs() throws FormatException {
        assertEquals("a\"\\/\b\f\n\r\t\u00e9\uD83D\uDE00",
                Json.parse("\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00E9\\ud83d\\ude00\"", null));
    }

    @Test
    void writeThenParseRoundTripsValuesAndEscapes() throws FormatException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "quote\" back\\ ctl\u0001 nl\n tab\t uni\u00e9 emoji\uD83D\uDE00");
        m.put("l", Long.MIN_VALUE);
        m.put("d", 1.0e-300);
        m.put("f", 0.1f);
        m.put("list", List.of(1L, "two", List.of(), Map.of()));
        m.put("n", null);
        m.put("arr", new long[] {3, 4});
        String compact = Json.write(m);
        Map<String, Object> back = Json.parseObject(compact, "t");
        assertEquals(m.get("s"), back.get("s"));
        assertEquals(Long.MIN_VALUE, back.get("l"));
        assertEquals(1.0e-300, back.get("d"));
        assertEquals(0.1, back.get("f"), "Float.toString is the shortest decimal, read back as that double");
        assertEquals(List.of(1L, "two", List.of(), Map.of()), back.get("list"));
        assertTrue(back.containsKey("n"));
        assertEquals(List.of(3L, 4L), back.get("arr"));
        assertEquals(back, Json.parseObject(Json.writePretty(m), "t"), "pretty output parses to the same values");
    }

    @Test
    void writerEscapesControlCharactersAndLoneSurrogates() {
        assertEquals("\"\\u0001\\n\\ud800x\"", Json.write("\u0001\n\uD800x"));
        assertEquals("{\"k\":[1,2]}", Json.write(Map.of("k", List.of(1, 2))));
    }

    @Test
    void prettyOutputIsIndentedWithPlainArraysOnOneLine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dims", List.of(1, 2));
        m.put("runs", List.of(Map.of("seed", 1)));
        m.put("empty", Map.of());
        assertEquals("{\n  \"dims\": [1, 2],\n  \"runs\": [\n    {\n      \"seed\": 1\n    }\n  ],\n  \"empty\": {}\n}\n",
                Json.writePretty(m));
    }

    @Test
    void writerRejectsValuesJsonCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Float.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, 2)));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
    }

    @Test
    void parsesUtf8BytesStrictly() throws FormatException {
        assertEquals("é", Json.parse("\"é\"".getBytes(StandardCharsets.UTF_8), "t"));
        FormatException e = assertThrows(FormatException.class,
                () -> Json.parse(new byte[] {'"', (byte) 0xC3, '"'}, "file.json"));
        assertTrue(e.getMessage().startsWith("file.json: JSON: not valid UTF-8"), e.getMessage());
    }

    private static void rejects(String text, String expectedFragment) {
        FormatException e = assertThrows(FormatException.class, () -> Json.parse(text, "doc.json"),
                () -> "should reject: " + text);
        assertTrue(e.getMessage().startsWith("doc.json: JSON at line "), e.getMessage());
        assertTrue(e.getMessage().contains(expectedFragment),
                "message '" + e.getMessage() + "' should contain '" + expectedFragment + "'");
    }

    @Test
    void rejectsEachViolationWithPositionAndExpectation() {
        rejects("", "expected a value");
        rejects("{\"a\":1,}", "expected a string key, found '}'");
        rejects("[1,]", "expected a value");
        rejects("[1 2]", "expected ',' or ']' in array, found '2'");
        rejects("{\"a\" 1}", "expected ':' after object key");
        rejects("{\"a\":1 \"b\":2}", "expected ',' or '}' in object");
        rejects("{'a':1}", "expected a string key, found '''");
        rejects("01", "no leading zeros");
        rejects("1.", "a digit after '.'");
        rejects("1e", "a digit in the exponent");
        rejects("-", "expected a digit");
        rejects("NaN", "expected a value");
        rejects("tru", "expected a value");
        rejects("\"abc", "an unterminated string");
        rejects("\"a\u0001\"", "unescaped control character U+0001");
        rejects("\"\\x\"", "after '\\'");
        rejects("\"\\u12g4\"", "a hex digit");
        rejects("\"\\u12", "4 hex digits");
        rejects("1 2", "expected end of document, found '2'");
        rejects("// c\n1", "expected a value");
        rejects("{\"a\":1,\"a\":2}", "duplicate key \"a\"");
        rejects("1".repeat(Json.MAX_NUMBER_LENGTH + 1), "a number of at most");
    }

    @Test
    void errorPositionCountsLinesAndColumns() {
        FormatException e = assertThrows(FormatException.class, () -> Json.parse("{\n  \"a\": x\n}", "c.json"));
        assertEquals("c.json: JSON at line 2, column 8 (offset 9): expected a value (object, array, string, number,"
                + " true, false or null), found 'x'", e.getMessage());
    }

    @Test
    void deepNestingIsRejectedWithoutStackOverflow() throws FormatException {
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertInstanceOf(List.class, Json.parse(ok, null));
        String deep = "[".repeat(1_000_000);
        FormatException e = assertThrows(FormatException.class, () -> Json.parse(deep, "deep"));
        assertTrue(e.getMessage().contains("nesting depth of at most " + Json.MAX_DEPTH), e.getMessage());
        String deepObjects = "{\"a\":".repeat(100_000);
        assertThrows(FormatException.class, () -> Json.parse(deepObjects, "deep"));
    }

    @Test
    void filesAreWrittenAtomicallyAndErrorsNameThePath(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path config = dir.resolve("config.json");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", "categorical");
        m.put("steps", 100L);
        Json.writeFile(config, m);
        assertEquals(m, Json.readObject(config));
        assertEquals(m, Json.read(config));
        java.nio.file.Files.writeString(config, "{\"task\": \"categorical\",}");
        FormatException e = assertThrows(FormatException.class, () -> Json.readObject(config));
        assertTrue(e.getMessage().startsWith(config + ": JSON at line 1, column 24 (offset 23): expected a string key, found '}'"), e.getMessage());
    }

    @Test
    void parseObjectRequiresAnObject() {
        FormatException e = assertThrows(FormatException.class, () -> Json.parseObject("[1]", "cfg.json"));
        assertEquals("cfg.json: JSON: expected an object at the top level, found array", e.getMessage());
    }

    @Test
    void randomGarbageOnlyEverFailsWithFormatException() {
        // A quick seeded fuzz of the parser on its own; the file-format fuzz tests cover it again inside headers.
        SplittableRandom rnd = new SplittableRandom(7);
        String alphabet = "{}[]:,\"\\/ \n\t0123456789.eE+-truefalsnu\u0001\u00e9\uD800";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(30);
            for (int k = 0; k < n; k++) sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            try {
                Object v = Json.parse(sb.toString(), "fuzz");
                Json.parse(Json.write(v), "re-parse"); // what was accepted must survive a round trip
            } catch (FormatException expected) {
                // the documented failure
            }
        }
    }
}
