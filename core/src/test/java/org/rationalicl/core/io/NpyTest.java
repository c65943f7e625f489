// Tests of the .npy reader/writer: files written by numpy (committed fixtures), byte-exact output built from
// the published format, round trips of every dtype and shape, and one rejection per validation rule.
package org.rationalicl.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = NpyTest.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("missing test resource " + name);
            return in.readAllBytes();
        }
    }

    @Test
    void readsArraysWrittenByNumpy() throws IOException {
        float[] f = new float[6];
        for (int i = 0; i < 6; i++) f[i] = i * 0.5f - 1;
        assertEquals(NdArray.ofFloats(f, 2, 3), Npy.read(fixture("f4_2x3.npy"), "f4_2x3.npy"));
        assertEquals(NdArray.ofDoubles(new double[] {0, 0.25, 0.5}, 3), Npy.read(fixture("f8_3.npy"), "f8"));
        assertEquals(NdArray.ofInts(new int[] {-4, -3, -2, -1, 0, 1, 2, 3}, 2, 2, 2),
                Npy.read(fixture("i4_2x2x2.npy"), "i4"));
        assertEquals(NdArray.ofLongs(new long[0], 0, 3), Npy.read(fixture("i8_0x3.npy"), "i8"));
        assertEquals(NdArray.ofFloats(new float[] {2.5f}), Npy.read(fixture("f4_scalar.npy"), "scalar"));
        assertEquals(NdArray.ofInts(new int[] {1, 0, 1}, 3), Npy.read(fixture("b1_3.npy"), "b1"));
        assertEquals(NdArray.ofInts(new int[] {0, 1, 200, 255}, 4), Npy.read(fixture("u1_4.npy"), "u1"));
        assertEquals(NdArray.ofDoubles(new double[] {0, 0.25, 0.5}, 3), Npy.read(fixture("f8_v2.npy"), "v2"));
        assertEquals(NdArray.ofDoubles(new double[] {0, 0.25, 0.5}, 3), Npy.read(fixture("f8_v3.npy"), "v3"));
    }

    @Test
    void writesTheSameBytesAsNumpy() throws IOException {
        float[] f = new float[6];
        for (int i = 0; i < 6; i++) f[i] = i * 0.5f - 1;
        assertArrayEquals(fixture("f4_2x3.npy"), Npy.toBytes(NdArray.ofFloats(f, 2, 3)));
        assertArrayEquals(fixture("f8_3.npy"), Npy.toBytes(NdArray.ofDoubles(new double[] {0, 0.25, 0.5}, 3)));
        assertArrayEquals(fixture("i4_2x2x2.npy"),
                Npy.toBytes(NdArray.ofInts(new int[] {-4, -3, -2, -1, 0, 1, 2, 3}, 2, 2, 2)));
        assertArrayEquals(fixture("i8_0x3.npy"), Npy.toBytes(NdArray.ofLongs(new long[0], 0, 3)));
        assertArrayEquals(fixture("f4_scalar.npy"), Npy.toBytes(NdArray.ofFloats(new float[] {2.5f})));
    }

    /** magic, version 1.0, u16 LE header length, dict + spaces + '\n' so the data starts at a multiple of 64. */
    static byte[] npyV1(String dict, byte[] data) {
        int unpadded = 10 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        return b.array();
    }

    @Test
    void writerOutputIsByteExactAgainstTheFormatBuiltByHand() {
        // numpy leaves 21 − digits(first dimension) spare spaces after the dict so the array can grow in place.
        String dict = "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }" + " ".repeat(20);
        byte[] data = {7, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        byte[] expected = npyV1(dict, data);
        assertEquals(0, (expected.length - data.length) % 64);
        assertArrayEquals(expected, Npy.toBytes(NdArray.ofLongs(new long[] {7, -1}, 2)));
    }

    @Test
    void headerFillingExactlyTheAlignmentGetsAFullExtraBlockAsNumpyDoes() {
        // numpy pads ALIGN − ((10 + len + 1) mod ALIGN) spaces, so an exact fit gets 64 spaces, not 0. Shape
        // (1,)*36 hits that case: its dict plus growth spaces is 181 characters and 10 + 181 + 1 = 192.
        long[] shape = new long[36];
        java.util.Arrays.fill(shape, 1);
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + "1, ".repeat(35) + "1), }"
                + " ".repeat(20);
        assertEquals(181, dict.length());
        byte[] bytes = Npy.toBytes(NdArray.ofFloats(new float[] {0f}, shape));
        int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        assertEquals(181 + 64 + 1, headerLength, "numpy 2.4 writes 246 here");
        assertEquals(dict + " ".repeat(64) + "\n",
                new String(bytes, 10, headerLength, StandardCharsets.US_ASCII));
    }

    @Test
    void readsHandBuiltHeadersInOtherLegalSpellings() throws FormatException {
        byte[] data = {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, 0x40}; // 1.0f, 2.0f
        // Keys in another order, double quotes, no trailing comma, Python 2 long literal, 16-byte alignment.
        String dict = "{\"shape\": (2L, 1L), \"fortran_order\": False, \"descr\": \"<f4\"}";
        byte[] file = npyV1(dict, data);
        assertEquals(NdArray.ofFloats(new float[] {1, 2}, 2, 1), Npy.read(file, "m"));
        String minimal = "{'descr':'<f4','fortran_order':False,'shape':(2,)}";
        int len = minimal.length() + 1 + (16 - (10 + minimal.length() + 1) % 16) % 16;
        ByteBuffer b = ByteBuffer.allocate(10 + len + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put(Npy.MAGIC).put((byte) 1).put((byte) 0).putShort((short) len)
                .put((minimal + " ".repeat(len - minimal.length() - 1) + "\n").getBytes(StandardCharsets.US_ASCII))
                .put(data);
        assertEquals(NdArray.ofFloats(new float[] {1, 2}, 2), Npy.read(b.array(), "m"));
        // Fortran order is harmless for 1-d arrays (same layout), so it is accepted there.
        assertEquals(NdArray.ofFloats(new float[] {1, 2}, 2),
                Npy.read(npyV1("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", data), "m"));
        // Half precision and 16-bit integers widen.
        assertEquals(NdArray.ofFloats(new float[] {1, -2}, 2),
                Npy.read(npyV1("{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }",
                        new byte[] {0x00, 0x3c, 0x00, (byte) 0xc0}), "m"));
        byte[] ffff = {(byte) 0xff, (byte) 0xff};
        assertEquals(NdArray.ofInts(new int[] {-1}, 1),
                Npy.read(npyV1("{'descr': '<i2', 'fortran_order': False, 'shape': (1,), }", ffff), "m"));
        assertEquals(NdArray.ofInts(new int[] {65535}, 1),
                Npy.read(npyV1("{'descr': '<u2', 'fortran_order': False, 'shape': (1,), }", ffff), "m"));
        assertEquals(NdArray.ofInts(new int[] {-1, -1}, 2),
                Npy.read(npyV1("{'descr': '|i1', 'fortran_order': False, 'shape': (2,), }", ffff), "m"));
    }

    @Test
    void roundTripsEveryDtypeAndShapeThroughFiles() throws IOException {
        SplittableRandom rnd = new SplittableRandom(3);
        List<long[]> shapes = List.of(new long[] {}, new long[] {0}, new long[] {1}, new long[] {5},
                new long[] {3, 0}, new long[] {2, 3}, new long[] {2, 1, 4}, new long[] {70000});
        for (DType dtype : DType.values()) {
            for (long[] shape : shapes) {
                NdArray a = randomArray(rnd, dtype, shape);
                Path file = dir.resolve(dtype + "-" + shape.length + "-" + NdArray.numel(shape) + ".npy");
                Npy.write(file, a);
                assertEquals(a, Npy.read(file), a.toString());
                assertEquals(0, (Files.size(file) - (long) a.size() * dtype.byteSize()) % 64, "aligned data");
            }
        }
    }

    @Test
    void arraysLargerThanOneReadChunkRoundTripThroughEveryPath() throws IOException {
        // 2.4 MB of data: several 1 MiB chunks for files, and the growing 64 KiB … 1 MiB chunks for streams.
        NdArray a = randomArray(new SplittableRandom(4), DType.F64, 300_001);
        Path file = dir.resolve("big.npy");
        Npy.write(file, a);
        assertEquals(a, Npy.read(file));
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(a, Npy.read(new java.io.ByteArrayInputStream(bytes), -1, "stream"));
        Path npz = dir.resolve("big.npz");
        Npz.write(npz, java.util.Map.of("a", a), true);
        assertEquals(a, Npz.read(npz, "a"));
    }

    static NdArray randomArray(SplittableRandom rnd, DType dtype, long... shape) {
        int n = (int) NdArray.numel(shape);
        return switch (dtype) {
            case F32 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) a[i] = (float) rnd.nextGaussian();
                yield NdArray.ofFloats(a, shape);
            }
            case F64 -> {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) a[i] = rnd.nextGaussian();
                yield NdArray.ofDoubles(a, shape);
            }
            case I32 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) a[i] = rnd.nextInt();
                yield NdArray.ofInts(a, shape);
            }
            case I64 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) a[i] = rnd.nextLong();
                yield NdArray.ofLongs(a, shape);
            }
        };
    }

    private static void rejects(byte[] bytes, String expected) {
        FormatException e = assertThrows(FormatException.class, () -> Npy.read(bytes, "a.npy"));
        assertTrue(e.getMessage().startsWith("a.npy: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' should contain '" + expected + "'");
    }

    private static byte[] withDict(String dict, int dataBytes) {
        return npyV1(dict, new byte[dataBytes]);
    }

    @Test
    void rejectsWhatNumpyWroteButThisReaderCannotRepresent() throws IOException {
        rejects(fixture("f4_bigendian.npy"), "header descr: '>f4' is big-endian; only little-endian is supported"
                + " (save a.astype('<f4'))");
        rejects(fixture("f4_fortran.npy"), "header fortran_order: Fortran-order (column-major) arrays are not supported");
    }

    @Test
    void rejectsEachViolationOfTheFormatWithAClearMessage() {
        rejects(new byte[3], "magic: only 3 bytes: too short for a .npy file");
        rejects("PK\u0003\u0004xxxxxxxxxx".getBytes(StandardCharsets.ISO_8859_1), "magic: does not start with \\x93NUMPY");
        byte[] v4 = withDict("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", 4);
        v4[6] = 4;
        rejects(v4, "version: 4.0 is not a known .npy version");
        byte[] longHeader = withDict("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", 4);
        longHeader[8] = (byte) 0xff;
        longHeader[9] = (byte) 0xff;
        rejects(longHeader, "header length: 65535 bytes but the file has only");
        byte[] v2 = new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f};
        rejects(v2, "header length: 2147483647 bytes exceeds the limit of 1048576");
        rejects(withDict("['descr']", 0), "header at offset 0: expected '{' starting the header dict, found '['");
        rejects(withDict("{'descr': '<f4', 'fortran_order': False}", 4), "header: missing key 'shape'");
        rejects(withDict("{'descr': '<f4', 'fortran_order': False, 'shape': (), 'x': 1}", 4), "header: unexpected key 'x'");
        rejects(withDict("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': ()}", 4), "'descr' appears twice");
        rejects(withDict("{'descr': '<f4', 'fortran_order': False, 'shape': ()} x", 4), "expected only spaces and '\\n' after the header dict");
        rejects(withDict("{'descr': '<U3', 'fortran_order': False, 'shape': ()}", 12), "header descr: unsupported dtype '<U3'");
        rejects(withDict("{'descr': '|O', 'fortran_order': False, 'shape': ()}", 8), "unsupported dtype '|O'");
        rejects(withDict("{'descr': '=f4', 'fortran_order': False, 'shape': ()}", 4), "unsupported dtype '=f4'");
        rejects(withDict("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': ()}", 4),
                "header descr: structured or nested dtype a list is not supported");
        rejects(withDict("{'descr': '<f4', 'fortran_order': 0, 'shape': ()}", 4), "header fortran_order: expected True or False, found 0");
        rejects(withDict("{'descr': '<f4', 'fortran_order': False, 'shape': (3)}", 12), "header shape: expected a tuple of non-negative integers, found 3");
        rejects(withDict("{'descr': '<f4', 'fortran_order': False, 'shape': [3]}", 12), "found a list");
        rejects(withDict("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}", 0), "header shape[0]: expected a non-negative integer, found -1");
        rejects(withDict("{'descr': '<f4', 'fortran_order': False, 'shape': ('3',)}", 12), "header shape[0]: expected a non-negative integer, found '3'");
        rejects(withDict("{'descr': '<f4', 'fortran_order': False, 'shape': (3.0,)}", 12), "expected an integer, found '.'");
        rejects(withDict("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}", 0), "expected an integer within 64 bits");
        rejects(withDict("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296)}", 0),
                "header shape: (4294967296, 4294967296): shape[0] = 4294967296 exceeds 2147483639");
        rejects(withDict("{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536)}", 0),
                "header shape: (65536, 65536): shape [65536, 65536] has more than 2147483639 elements");
        rejects(withDict("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 4294967296)}", 0),
                "header shape: (0, 4294967296): shape[1] = 4294967296 exceeds 2147483639");
        rejects(withDict("{'descr': '<f4', 'fortran_order': False, 'shape': (3,)}", 8),
                "data: 8 bytes after the header but shape (3,) of '<f4' needs 12 (truncated file?)");
        rejects(withDict("{'descr': '<f4', 'fortran_order': False, 'shape': (3,)}", 16),
                "data: 16 bytes after the header but shape (3,) of '<f4' needs 12");
        rejects(withDict("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), 'descr2': ", 16), "expected a value");
        rejects(withDict("{'descr': '<f4", 0), "expected a closing ' before the end of the line");
        rejects(withDict("{'descr': '<f4', 'fortran_order': False, 'shape': " + "(".repeat(100), 0), "nesting depth of at most 16");
        rejects(npyV1("{'descr': '|b1', 'fortran_order': False, 'shape': (1,), }", new byte[] {2}), "data: boolean element 0 is 2, not 0 or 1");
        byte[] v3 = withDict("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", 4);
        v3[6] = 3; // a v3 length field is 4 bytes: the same bytes now say something else entirely
        rejects(v3, "a.npy: ");
        byte[] latin = npyV1("{'descr': '<f4', 'fortran_order': False, 'shape': (), '\u00e9': 1}", new byte[4]);
        rejects(latin, "header: unexpected key 'é'");
    }

    @Test
    void streamReadingDetectsTruncationAndTrailingBytesWithoutKnowingTheSize() throws IOException {
        byte[] good = Npy.toBytes(NdArray.ofInts(new int[] {1, 2, 3}, 3));
        byte[] cut = java.util.Arrays.copyOf(good, good.length - 1);
        FormatException e = assertThrows(FormatException.class,
                () -> Npy.read(new java.io.ByteArrayInputStream(cut), -1, "z:a.npy"));
        assertEquals("z:a.npy: data: ends after 11 of 12 bytes (truncated file?)", e.getMessage());
        byte[] extra = java.util.Arrays.copyOf(good, good.length + 1);
        e = assertThrows(FormatException.class, () -> Npy.read(new java.io.ByteArrayInputStream(extra), -1, "z:a.npy"));
        assertTrue(e.getMessage().contains("data: unexpected bytes after the 12 bytes"), e.getMessage());
    }

    @Test
    void hugeDeclaredShapeOnATinyStreamAllocatesNothingLarge() {
        // 2^31-9 floats declared (8 GB), 0 present: must fail on the missing data, not try to allocate 8 GB.
        byte[] bytes = withDict("{'descr': '<f8', 'fortran_order': False, 'shape': (2147483639,)}", 0);
        FormatException e = assertThrows(FormatException.class,
                () -> Npy.read(new java.io.ByteArrayInputStream(bytes), -1, "s"));
        assertTrue(e.getMessage().contains("data: ends after 0 of 17179869112 bytes"), e.getMessage());
    }

    @Test
    void versionTwoIsUsedWhenTheHeaderNeedsMoreThan16Bits() throws FormatException {
        List<Long> dims = new ArrayList<>();
        // A header longer than 65535 bytes needs > 21845 dimensions of 1: absurd but legal, and it exercises 2.0.
        for (int i = 0; i < 22_000; i++) dims.add(1L);
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        byte[] bytes = Npy.toBytes(NdArray.ofFloats(new float[] {4f}, shape));
        assertEquals(2, bytes[6]);
        assertEquals(0, (bytes.length - 4) % 64);
        assertEquals(NdArray.ofFloats(new float[] {4f}, shape), Npy.read(bytes, "v2"));
    }
}
