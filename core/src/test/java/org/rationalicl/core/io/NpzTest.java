// Tests of .npz archives: pools saved by numpy (np.savez / np.savez_compressed), stored and deflated round
// trips, deterministic bytes, and rejection of damaged archives with the entry named.
package org.rationalicl.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
    @TempDir
    Path dir;

    private Path fixtureFile(String name) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, NpyTest.fixture(name));
        return p;
    }

    @Test
    void readsAPoolSavedWithNpSavez() throws IOException {
        Path pool = fixtureFile("pool.npz");
        float[] expected = new float[12];
        for (int i = 0; i < 12; i++) expected[i] = i / 8f;
        NdArray tasks = Npz.read(pool, "tasks");
        assertEquals(NdArray.ofFloats(expected, 3, 4), tasks);
        assertArrayEquals(new int[] {3, 4}, tasks.intShape());
        assertEquals(List.of("tasks"), Npz.keys(pool));
    }

    @Test
    void readsACompressedArchiveWithSeveralArraysAndConvertsToFloat() throws IOException {
        Path pool = fixtureFile("pool_compressed.npz");
        Map<String, NdArray> all = Npz.read(pool);
        assertEquals(List.of("tasks", "labels"), List.copyOf(all.keySet()));
        double[] d = new double[12];
        float[] f = new float[12];
        for (int i = 0; i < 12; i++) {
            d[i] = i / 8.0;
            f[i] = i / 8f;
        }
        assertEquals(NdArray.ofDoubles(d, 3, 4), all.get("tasks"));
        assertArrayEquals(f, all.get("tasks").toFloatArray());
        assertEquals(NdArray.ofLongs(new long[] {1, -2}, 2), all.get("labels"));
    }

    @Test
    void roundTripsStoredAndDeflatedWithDeterministicBytes() throws IOException {
        SplittableRandom rnd = new SplittableRandom(5);
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("tasks", NpyTest.randomArray(rnd, DType.F32, 50, 8));
        arrays.put("scalar", NpyTest.randomArray(rnd, DType.F64));
        arrays.put("empty", NpyTest.randomArray(rnd, DType.I32, 0));
        arrays.put("ids", NpyTest.randomArray(rnd, DType.I64, 3, 1));
        for (boolean compress : new boolean[] {false, true}) {
            Path a = dir.resolve("a-" + compress + ".npz");
            Path b = dir.resolve("b-" + compress + ".npz");
            Npz.write(a, arrays, compress);
            Npz.write(b, arrays, compress);
            assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "same input, same bytes");
            assertEquals(arrays, Npz.read(a));
            assertEquals(arrays.get("ids"), Npz.read(a, "ids"));
        }
        assertTrue(Files.size(dir.resolve("a-true.npz")) < Files.size(dir.resolve("a-false.npz")) + 200);
    }

    private Path zipOf(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        Path p = Files.createTempFile(dir, "z", ".npz");
        Files.write(p, bytes.toByteArray());
        return p;
    }

    private static FormatException rejects(Path file, String expected) {
        FormatException e = assertThrows(FormatException.class, () -> Npz.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' should contain '" + expected + "'");
        return e;
    }

    @Test
    void rejectsDamagedArchivesNamingFileAndEntry() throws IOException {
        Path notZip = dir.resolve("x.npz");
        Files.write(notZip, "hello".getBytes(StandardCharsets.US_ASCII));
        rejects(notZip, "zip: not a valid zip archive");

        Path text = zipOf(Map.of("readme.txt", new byte[] {1}));
        rejects(text, "entry 'readme.txt': is not a .npy array");

        byte[] good = Npy.toBytes(NdArray.ofInts(new int[] {1, 2}, 2));
        Path badEntry = zipOf(Map.of("a.npy", java.util.Arrays.copyOf(good, good.length - 2)));
        rejects(badEntry, ":a.npy: data: ends after 6 of 8 bytes");

        Path missing = zipOf(Map.of("a.npy", good));
        FormatException e = assertThrows(FormatException.class, () -> Npz.read(missing, "b"));
        assertEquals(missing + ": array 'b': not in the archive; it has [a]", e.getMessage());
    }

    @Test
    void detectsCorruptedStoredDataThroughTheCrc() throws IOException {
        Path file = dir.resolve("c.npz");
        Npz.write(file, Map.of("a", NdArray.ofFloats(new float[] {1, 2, 3, 4}, 4)), false);
        byte[] bytes = Files.readAllBytes(file);
        // The last float's bytes sit just before the central directory; flip a bit in the data itself.
        int at = indexOf(bytes, new byte[] {0, 0, (byte) 0x80, 0x40}); // 4.0f little-endian
        bytes[at + 2] ^= 0x01;
        Files.write(file, bytes);
        rejects(file, ":a.npy: CRC-32: ");
    }

    @Test
    void detectsCorruptedDeflatedData() throws IOException {
        Path file = dir.resolve("d.npz");
        float[] data = new float[1000];
        for (int i = 0; i < data.length; i++) data[i] = i;
        Npz.write(file, Map.of("a", NdArray.ofFloats(data, 1000)), true);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(file, bytes);
        assertThrows(FormatException.class, () -> Npz.read(file));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("pattern not found");
    }
}
