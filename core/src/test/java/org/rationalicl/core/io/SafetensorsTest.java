// Tests of the safetensors reader/writer: round trips, byte-exact layout from the published format,
// hand-built files (F16/BF16, any header order), and one rejection per validation rule.
package org.rationalicl.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    /** Arrays of every dtype and awkward shapes: scalar, empty, 1-d, 3-d. */
    static Map<String, NdArray> sampleTensors(SplittableRandom rnd) {
        Map<String, NdArray> m = new LinkedHashMap<>();
        float[] f = new float[2 * 3 * 5];
        for (int i = 0; i < f.length; i++) f[i] = (float) rnd.nextGaussian();
        f[0] = Float.NaN;
        f[1] = -0.0f;
        f[2] = Float.NEGATIVE_INFINITY;
        m.put("gpt_neox.layers.0.attention.query_key_value.weight", NdArray.ofFloats(f, 2, 3, 5));
        m.put("scalar.f32", NdArray.ofFloats(new float[] {3.5f}));
        m.put("empty.f32", NdArray.ofFloats(new float[0], 0, 4));
        double[] d = new double[7];
        for (int i = 0; i < d.length; i++) d[i] = rnd.nextDouble() * 1e300;
        m.put("d", NdArray.ofDoubles(d, 7));
        m.put("i", NdArray.ofInts(new int[] {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE}, 5, 1));
        m.put("l", NdArray.ofLongs(new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 42}, 3));
        m.put("empty.i64", NdArray.ofLongs(new long[0], 0));
        return m;
    }

    @Test
    void roundTripsEveryDtypeAndShapeThroughAFile() throws IOException {
        Map<String, NdArray> tensors = sampleTensors(new SplittableRandom(1));
        Path file = dir.resolve("t.safetensors");
        Safetensors.write(file, tensors, Map.of("config", "{\"hidden\":64}", "step", "20"));
        Map<String, NdArray> back = Safetensors.readAll(file);
        assertEquals(tensors.keySet(), back.keySet());
        for (String name : tensors.keySet()) assertEquals(tensors.get(name), back.get(name), name);
        Map<String, String> meta = Safetensors.readMetadata(file);
        assertEquals("20", meta.get("step"));
        assertEquals("{\"hidden\":64}", meta.get("config"));
        assertEquals(64, meta.get(Safetensors.SHA256_KEY).length());
        assertEquals(64, meta.get(Safetensors.HEADER_SHA256_KEY).length());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(file), s.toList(), "no temp file left behind");
        }
    }

    @Test
    void dataOrderIsTheReferenceDtypeOrderThenByNameAndDeterministic() throws IOException {
        Map<String, NdArray> tensors = sampleTensors(new SplittableRandom(2));
        SafetensorsWriter w1 = new SafetensorsWriter();
        tensors.forEach(w1::add);
        SafetensorsWriter w2 = new SafetensorsWriter();
        List<String> reversed = new java.util.ArrayList<>(tensors.keySet());
        java.util.Collections.reverse(reversed);
        for (String n : reversed) w2.add(n, tensors.get(n));
        byte[] a = w1.toBytes();
        assertArrayEquals(a, w2.toBytes(), "insertion order must not matter");
        try (SafetensorsReader r = SafetensorsReader.fromBytes(a, "mem")) {
            assertEquals(List.of("empty.i64", "l", "d", "empty.f32", "gpt_neox.layers.0.attention.query_key_value.weight",
                    "scalar.f32", "i"), r.names());
        }
        long headerLength = ByteBuffer.wrap(a, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "header padded to a multiple of 8");
    }

    @Test
    void writerOutputIsByteExactAgainstTheFormatBuiltByHand() {
        byte[] actual = new SafetensorsWriter().checksum(false).metadata("format", "pt")
                .add("b", NdArray.ofInts(new int[] {1, -2}, 2))
                .add("a", NdArray.ofDoubles(new double[] {0.5}, 1, 1))
                .toBytes();
        // Built from the published format: u64 LE header size, JSON header padded with spaces to 8, data LE.
        String json = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"a\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[8,16]}}";
        int padded = (json.length() + 7) / 8 * 8;
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        long n = padded;
        for (int i = 0; i < 8; i++) expected.write((int) (n >>> (8 * i)) & 0xff);
        expected.writeBytes((json + " ".repeat(padded - json.length())).getBytes(StandardCharsets.US_ASCII));
        long half = Double.doubleToRawLongBits(0.5); // 0x3FE0000000000000
        for (int i = 0; i < 8; i++) expected.write((int) (half >>> (8 * i)) & 0xff);
        expected.writeBytes(new byte[] {1, 0, 0, 0, (byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        assertArrayEquals(expected.toByteArray(), actual);
    }

    @Test
    void writesTheSameBytesAsTheReferenceImplementation() throws IOException {
        // ref.safetensors was written by HuggingFace safetensors 0.8.0 (make_safetensors_fixtures.py).
        byte[] reference = NpyTest.fixture("ref.safetensors");
        byte[] ours = new SafetensorsWriter().checksum(false).metadata("format", "np")
                .add("w", NdArray.ofFloats(new float[] {0, 0.5f, 1, 1.5f, 2, 2.5f}, 2, 3))
                .add("b", NdArray.ofLongs(new long[] {1, -2}, 2))
                .add("e", NdArray.ofDoubles(new double[0], 0, 2))
                .add("i", NdArray.ofInts(new int[] {7}))
                .add("d", NdArray.ofDoubles(new double[] {0.25}, 1))
                .toBytes();
        assertArrayEquals(reference, ours);
    }

    @Test
    void readsAFileOfMixedDtypesWrittenByTheReferenceImplementation() throws IOException {
        try (SafetensorsReader r = SafetensorsReader.fromBytes(NpyTest.fixture("ref_mixed.safetensors"), "ref")) {
            assertEquals(List.of("w", "h", "u", "bo"), r.names());
            assertEquals(NdArray.ofFloats(new float[] {1, 1, 1, 1}, 2, 2), r.get("w"));
            assertEquals(NdArray.ofFloats(new float[] {1.5f, -2f}, 2), r.get("h"));
            assertEquals(NdArray.ofInts(new int[] {3, 255}, 2), r.get("u"));
            assertEquals(NdArray.ofInts(new int[] {1, 0}, 2), r.get("bo"));
        }
    }

    @Test
    void checksumIsTheSha256OfTheDataArea() throws Exception {
        byte[] file = new SafetensorsWriter().add("x", NdArray.ofFloats(new float[] {1, 2, 3}, 3)).toBytes();
        long headerLength = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        byte[] data = java.util.Arrays.copyOfRange(file, (int) (8 + headerLength), file.length);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        try (SafetensorsReader r = SafetensorsReader.fromBytes(file, "mem")) {
            assertEquals(sha, r.metadata().get("sha256"));
        }
    }

    @Test
    void readsFloatSlicesStraightIntoAnArenaAndWritesSlicesWithoutCopying() throws IOException {
        float[] arena = {9, 1, 2, 3, 4, 5, 6, 9};
        byte[] bytes = new SafetensorsWriter()
                .addFloats("w", arena, 1, 2, 2)
                .addFloats("b", arena, 5, 2)
                .toBytes();
        float[] loaded = new float[8];
        try (SafetensorsReader r = SafetensorsReader.fromBytes(bytes, "mem")) {
            r.readFloats("w", loaded, 1, 2, 2);
            r.readFloats("b", loaded, 5, 2);
            FormatException e = assertThrows(FormatException.class, () -> r.readFloats("b", loaded, 0, 3));
            assertEquals("mem: tensor 'b': shape [2] but [3] was expected", e.getMessage());
        }
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 0}, loaded);
    }

    /** A file assembled from a header string and raw data bytes, exactly as the format defines. */
    static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        return b.putLong(h.length).put(h).put(data).array();
    }

    static byte[] le(int... bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) out[i] = (byte) bytes[i];
        return out;
    }

    @Test
    void readsHandBuiltFileWithHalfPrecisionTypesInAnyHeaderOrder() throws IOException {
        // F16 1.0 = 0x3C00, -2.0 = 0xC000; BF16 1.0 = 0x3F80, 0.5 = 0x3F00; U8 200; BOOL 1, 0; I8 -1.
        String header = " {\"bf\":{\"data_offsets\":[4,8],\"shape\":[2],\"dtype\":\"BF16\"},"
                + "\"h\":{\"shape\":[2,1],\"dtype\":\"F16\",\"data_offsets\":[0,4]},"
                + "\"u\":{\"dtype\":\"U8\",\"shape\":[],\"data_offsets\":[8,9]},"
                + "\"bool\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[9,11]},"
                + "\"i8\":{\"dtype\":\"I8\",\"shape\":[1],\"data_offsets\":[11,12]}}   ";
        byte[] bytes = file(header, le(0x00, 0x3C, 0x00, 0xC0, 0x80, 0x3F, 0x00, 0x3F, 200, 1, 0, 0xff));
        // The reference reader requires the header to start with '{': a leading space is rejected.
        assertThrows(FormatException.class, () -> SafetensorsReader.fromBytes(bytes, "m"));
        byte[] good = file(header.substring(1), le(0x00, 0x3C, 0x00, 0xC0, 0x80, 0x3F, 0x00, 0x3F, 200, 1, 0, 0xff));
        try (SafetensorsReader r = SafetensorsReader.fromBytes(good, "m")) {
            assertEquals(List.of("h", "bf", "u", "bool", "i8"), r.names(), "data order");
            assertEquals(NdArray.ofFloats(new float[] {1f, -2f}, 2, 1), r.get("h"));
            assertEquals(NdArray.ofFloats(new float[] {1f, 0.5f}, 2), r.get("bf"));
            assertEquals(NdArray.ofInts(new int[] {200}), r.get("u"));
            assertEquals(NdArray.ofInts(new int[] {1, 0}, 2), r.get("bool"));
            assertEquals(NdArray.ofInts(new int[] {-1}, 1), r.get("i8"));
            assertEquals(Map.of(), r.metadata());
            assertEquals("F16", r.info("h").dtype());
        }
    }

    private static void rejects(byte[] bytes, String expectedMessage) {
        FormatException e = assertThrows(FormatException.class, () -> {
            try (SafetensorsReader r = SafetensorsReader.fromBytes(bytes, "f.safetensors")) {
                r.getAll();
            }
        });
        assertTrue(e.getMessage().startsWith("f.safetensors: "), e.getMessage());
        assertTrue(e.getMessage().contains(expectedMessage),
                "message '" + e.getMessage() + "' should contain '" + expectedMessage + "'");
    }

    private static void rejectsHeader(String header, int dataBytes, String expectedMessage) {
        rejects(file(header, new byte[dataBytes]), expectedMessage);
    }

    private static String t(String name, String dtype, String shape, String offsets) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}";
    }

    @Test
    void rejectsEachViolationOfTheFormatWithAClearMessage() {
        rejects(new byte[5], "header length: file is 5 bytes, shorter than the 8-byte header length");
        rejects(le(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), "header length: 18446744073709551615 bytes exceeds the limit");
        rejects(le(0, 0xe1, 0xf5, 0x05, 0, 0, 0, 0, '{', '}'), "header length: 100000000 bytes but only 2 bytes follow");
        rejects(le(0x01, 0xe1, 0xf5, 0x05, 0, 0, 0, 0), "header length: 100000001 bytes exceeds the limit of 100000000");
        rejects(le(1, 0, 0, 0, 0, 0, 0, 0, '{'), "header: length 1 cannot hold a JSON object");
        rejectsHeader("[1,2]", 0, "header: must start with '{'");
        rejectsHeader("{\"a\":", 0, "JSON at line 1, column 6");
        rejects(file("{\"\u00e9\":1}", new byte[0]), "tensor 'é': expected an object"); // valid UTF-8 reaches the checks
        byte[] badUtf8 = file("{\"xx\":1}", new byte[0]);
        badUtf8[10] = (byte) 0xff;
        rejects(badUtf8, "header: not valid UTF-8");
        rejectsHeader("{" + t("a", "F32", "[1]", "[0,4]") + ",\"a\":{}}", 4, "duplicate key \"a\"");
        rejectsHeader("{\"a\":[]}", 0, "tensor 'a': expected an object with dtype, shape and data_offsets, found array");
        rejectsHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}}", 4,
                "tensor 'a': unknown key 'x'");
        rejectsHeader("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "tensor 'a' dtype: expected a string, found null");
        rejectsHeader("{" + t("a", "F8_E4M3", "[1]", "[0,1]") + "}", 1, "tensor 'a' dtype: unsupported dtype 'F8_E4M3'");
        rejectsHeader("{" + t("a", "f32", "[1]", "[0,4]") + "}", 4, "unsupported dtype 'f32'");
        rejectsHeader("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4,
                "tensor 'a' shape: expected an array of non-negative integers, found nothing");
        rejectsHeader("{" + t("a", "F32", "[-1]", "[0,4]") + "}", 4, "tensor 'a' shape[0]: expected a non-negative integer, found -1");
        rejectsHeader("{" + t("a", "F32", "[1.5]", "[0,4]") + "}", 4, "tensor 'a' shape[0]: expected a non-negative integer, found 1.5");
        rejectsHeader("{" + t("a", "F32", "[\"2\"]", "[0,4]") + "}", 4, "found string");
        rejectsHeader("{" + t("a", "F32", "[4294967296,4294967296]", "[0,4]") + "}", 4,
                "tensor 'a' shape: element count of [4294967296, 4294967296] overflows 64 bits");
        rejectsHeader("{" + t("a", "F64", "[4611686018427387904]", "[0,4]") + "}", 4,
                "tensor 'a' shape: 4611686018427387904 elements of F64 overflow 64 bits of bytes");
        rejectsHeader("{" + t("a", "F32", "[1]", "[0]") + "}", 4, "tensor 'a' data_offsets: expected 2 integers, found 1");
        rejectsHeader("{" + t("a", "F32", "[1]", "[-4,0]") + "}", 4, "tensor 'a' data_offsets[0]: expected a non-negative integer");
        rejectsHeader("{" + t("a", "F32", "[0]", "[4,0]") + "}", 4, "tensor 'a' data_offsets: begin 4 is after end 0");
        rejectsHeader("{" + t("a", "F32", "[2]", "[0,8]") + "}", 4, "tensor 'a' data_offsets: end 8 is past the data area (4 bytes)");
        rejectsHeader("{" + t("a", "F32", "[2]", "[0,4]") + "}", 4,
                "tensor 'a' data_offsets: [0, 4) holds 4 bytes but shape [2] of F32 needs 8");
        rejectsHeader("{" + t("a", "F32", "[2]", "[0,8]") + "," + t("b", "F32", "[1]", "[4,8]") + "}", 8,
                "tensor 'b' data_offsets: [4, 8) overlaps tensor 'a' [0, 8)");
        rejectsHeader("{" + t("a", "F32", "[1]", "[4,8]") + "}", 8,
                "tensor 'a' data_offsets: begins at 4 but the previous tensor ends at 0 (gap in the data area)");
        rejectsHeader("{" + t("a", "F32", "[1]", "[0,4]") + "}", 6,
                "data: tensors cover 4 bytes but the data area has 6 (2 unaccounted bytes after the last tensor)");
        rejectsHeader("{\"__metadata__\":[]," + t("a", "F32", "[1]", "[0,4]") + "}", 4,
                "__metadata__: expected an object of strings, found array");
        rejectsHeader("{\"__metadata__\":{\"step\":20}}", 0, "__metadata__.step: expected a string, found integer");
        rejectsHeader("{\"__metadata__\":{\"sha256\":\"abc\"}}", 0, "__metadata__.sha256: expected 64 lowercase hex digits");
        rejectsHeader("{" + t("a", "BOOL", "[1]", "[0,1]") + "}", 0, "past the data area");
        rejects(file("{" + t("a", "BOOL", "[1]", "[0,1]") + "}", le(2)), "tensor 'a' data: BOOL element 0 is 2, not 0 or 1");
        // Valid safetensors, but no Java array can have such a shape: reported when the tensor is read.
        rejectsHeader("{" + t("a", "F32", "[0,4294967296]", "[0,0]") + "}", 0,
                "tensor 'a': shape[1] = 4294967296 exceeds 2147483639, the most one Java array holds");
    }

    @Test
    void detectsCorruptedDataThroughTheChecksumAndNamesTheFile() throws IOException {
        Path file = dir.resolve("step-20.safetensors");
        Safetensors.write(file, Map.of("w", NdArray.ofFloats(new float[] {1, 2, 3, 4}, 4)), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 0x01;
        Files.write(file, bytes);
        FormatException e = assertThrows(FormatException.class, () -> Safetensors.readAll(file));
        assertTrue(e.getMessage().startsWith(file + ": data: SHA-256 "), e.getMessage());
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    }

    @Test
    void headerChecksumFollowsTheDocumentedCanonicalForm() throws Exception {
        byte[] file = new SafetensorsWriter().metadata("step", "20").metadata("config", "{\"lr\":5e-4}")
                .add("w", NdArray.ofFloats(new float[] {1, 2, 3, 4}, 2, 2))
                .add("e", NdArray.ofInts(new int[0], 0))
                .toBytes();
        // Metadata without the checksums, keys sorted; tensors by (begin, end, name); compact JSON.
        String description = "[{\"config\":\"{\\\"lr\\\":5e-4}\",\"step\":\"20\"},"
                + "[[\"w\",\"F32\",[2,2],0,16],[\"e\",\"I32\",[0],16,16]]]";
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(description.getBytes(StandardCharsets.UTF_8)));
        try (SafetensorsReader r = SafetensorsReader.fromBytes(file, "mem")) {
            assertEquals(expected, r.metadata().get(Safetensors.HEADER_SHA256_KEY));
        }
    }

    @Test
    void detectsACorruptedHeaderValueThatIsStillValidJson() throws IOException {
        Path file = dir.resolve("step-20.safetensors");
        Safetensors.write(file, Map.of("w", NdArray.ofFloats(new float[] {1, 2, 3, 4}, 4)), Map.of("step", "20"));
        Safetensors.verify(file);
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("\"step\":\"20\"") + 9;
        bytes[at] ^= 0x01; // "20" -> "21": one bit, still a perfectly valid header
        Files.write(file, bytes);
        FormatException e = assertThrows(FormatException.class, () -> Safetensors.verify(file));
        assertTrue(e.getMessage().startsWith(file + ": header: SHA-256 "), e.getMessage());
        assertTrue(e.getMessage().endsWith("the header is corrupted"), e.getMessage());
    }

    @Test
    void detectsTruncationWithThePath() throws IOException {
        Path file = dir.resolve("cut.safetensors");
        Safetensors.write(file, Map.of("w", NdArray.ofFloats(new float[16], 4, 4)), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        FormatException e = assertThrows(FormatException.class, () -> Safetensors.readAll(file));
        assertTrue(e.getMessage().startsWith(file + ": tensor 'w' data_offsets: end 64 is past the data area (61 bytes)"),
                e.getMessage());
    }

    @Test
    void missingTensorNameListsWhatTheFileHas() throws IOException {
        byte[] bytes = new SafetensorsWriter().add("x", NdArray.ofInts(new int[] {1}, 1)).toBytes();
        try (SafetensorsReader r = SafetensorsReader.fromBytes(bytes, "m")) {
            FormatException e = assertThrows(FormatException.class, () -> r.get("y"));
            assertEquals("m: tensor 'y': not in the file; it has [x]", e.getMessage());
        }
    }

    @Test
    void writerRejectsBadArguments() {
        SafetensorsWriter w = new SafetensorsWriter().add("a", NdArray.ofInts(new int[] {1}));
        assertThrows(IllegalArgumentException.class, () -> w.add("a", NdArray.ofInts(new int[] {1})));
        assertThrows(IllegalArgumentException.class, () -> w.add("__metadata__", NdArray.ofInts(new int[] {1})));
        assertThrows(IllegalArgumentException.class, () -> w.add("", NdArray.ofInts(new int[] {1})));
        assertThrows(IllegalArgumentException.class, () -> w.addFloats("s", new float[4], 2, 3));
        w.metadata("sha256", "mine");
        assertThrows(IllegalArgumentException.class, w::toBytes);
        SafetensorsWriter w2 = new SafetensorsWriter().metadata("header_sha256", "mine");
        assertThrows(IllegalArgumentException.class, w2::toBytes);
        w2.checksum(false).toBytes(); // allowed when the caller manages checksums
    }
}
