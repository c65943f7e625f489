// Seeded fuzzing of every reader: mutated valid files (bit flips, truncations, huge lengths, crafted headers,
// wrong dtypes, overlapping offsets) may only be accepted or rejected with FormatException, fast and in bounded memory.
package org.rationalicl.core.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * Each test runs {@code -Dfuzz.cases} cases (default {@value #DEFAULT_CASES}; the nightly profile uses 100 000)
 * — the npz test a quarter and the on-disk safetensors test a tenth of that, as their cases go through files —
 * from seed {@code -Dfuzz.seed} (default 20251126). Case i uses seed + i, and a failure prints the seed and the
 * mutations applied, so any failure can be replayed alone with {@code -Dfuzz.seed=<seed> -Dfuzz.cases=1}.
 *
 * <p>Checked per case: only {@link FormatException} escapes (anything else, including OutOfMemoryError,
 * NegativeArraySizeException or IndexOutOfBoundsException, fails the test); the case finishes within
 * {@value #MAX_CASE_MILLIS} ms (no hang); and the reading thread allocates at most
 * {@value #ALLOCATION_SLACK_BYTES} bytes plus {@value #ALLOCATION_PER_FILE_BYTE}× the file size (no allocation
 * the file does not justify), measured with the JVM's per-thread allocation counter.
 */
class FormatFuzzTest {
    static final int DEFAULT_CASES = 2500;
    static final long MAX_CASE_MILLIS = 10_000;
    static final long ALLOCATION_SLACK_BYTES = 4L << 20;
    static final long ALLOCATION_PER_FILE_BYTE = 64;

    static final int CASES = Integer.getInteger("fuzz.cases", DEFAULT_CASES);
    static final long SEED = Long.getLong("fuzz.seed", 20251126L);

    @TempDir
    Path dir;

    /** What one reader does with one input; it may throw FormatException and nothing else. */
    @FunctionalInterface
    interface Reader {
        void read(byte[] input) throws IOException;
    }

    /** A mutation: returns the mutated bytes and appends what it did to the log. */
    @FunctionalInterface
    interface Mutator {
        byte[] mutate(SplittableRandom rnd, StringBuilder log);
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Runs the cases and prints a one-line summary (accepted / rejected / distinct error fields). */
    private static void run(String format, Mutator mutator, Reader reader) {
        run(format, CASES, mutator, reader);
    }

    private static void run(String format, int cases, Mutator mutator, Reader reader) {
        long maxAllocated = 0;
        long maxMillis = 0;
        int accepted = 0;
        int rejected = 0;
        Map<String, Integer> fields = new TreeMap<>();
        long start = System.nanoTime();
        for (int i = 0; i < cases; i++) {
            long seed = SEED + i;
            SplittableRandom rnd = new SplittableRandom(seed);
            StringBuilder log = new StringBuilder();
            byte[] input = mutator.mutate(rnd, log);
            long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            try {
                reader.read(input);
                accepted++;
            } catch (FormatException expected) {
                rejected++;
                String field = expected.field() == null ? "-" : expected.field().replaceAll("'[^']*'", "'…'")
                        .replaceAll("\\[\\d+]", "[i]").replaceAll("line \\d+, column \\d+ \\(offset \\d+\\)", "…")
                        .replaceAll("offset \\d+", "offset …");
                fields.merge(field, 1, Integer::sum);
            } catch (Throwable other) {
                fail(format + " fuzz case seed " + seed + " [" + log + "] threw " + other + " (only FormatException"
                        + " is allowed); replay with -Dfuzz.seed=" + seed + " -Dfuzz.cases=1", other);
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
            if (millis > MAX_CASE_MILLIS) {
                fail(format + " fuzz case seed " + seed + " [" + log + "] took " + millis + " ms");
            }
            maxAllocated = Math.max(maxAllocated, allocated);
            maxMillis = Math.max(maxMillis, millis);
            long allowed = ALLOCATION_SLACK_BYTES + ALLOCATION_PER_FILE_BYTE * input.length;
            if (allocated > allowed) {
                fail(format + " fuzz case seed " + seed + " [" + log + "] allocated " + allocated + " bytes for a "
                        + input.length + "-byte input (allowed " + allowed + ")");
            }
        }
        System.out.printf("fuzz %s: %d cases from seed %d in %.1f s: %d accepted, %d rejected; slowest case %d ms,"
                + " most allocated by one case %d KiB; rejections by field %s%n", format, cases, SEED,
                (System.nanoTime() - start) / 1e9, accepted, rejected, maxMillis, maxAllocated >> 10, fields);
    }

    // ------------------------------------------------------------------ generic byte mutations

    static final long[] INTERESTING_LONGS = {0, 1, 2, 3, 4, 7, 8, 15, 16, 63, 64, 255, 256, 65535, 65536,
            Integer.MAX_VALUE, Integer.MAX_VALUE - 8L, 1L << 31, 1L << 32, (1L << 32) - 1, 1L << 40, 1L << 53,
            1L << 62, Long.MAX_VALUE, Long.MIN_VALUE, -1, -2, 100_000_000L, 100_000_001L};

    private static final String INSERTABLE = "{}[]():,\"' 0123456789-.eLTFN\n\\";

    /** One to four random byte-level mutations, biased towards the first {@code hot} bytes (the header). */
    static byte[] mutateBytes(byte[] valid, int hot, SplittableRandom rnd, StringBuilder log) {
        byte[] b = valid.clone();
        int rounds = 1 + rnd.nextInt(4);
        for (int r = 0; r < rounds; r++) {
            int len = b.length;
            int pos = len == 0 ? 0 : (rnd.nextInt(3) > 0 && hot > 0 ? rnd.nextInt(Math.min(hot, len)) : rnd.nextInt(len));
            switch (rnd.nextInt(9)) {
                case 0 -> {
                    if (len > 0) {
                        int bit = rnd.nextInt(8);
                        b[pos] ^= (byte) (1 << bit);
                        log.append("flip ").append(pos).append('.').append(bit).append("; ");
                    }
                }
                case 1 -> {
                    if (len > 0) {
                        b[pos] = (byte) rnd.nextInt(256);
                        log.append("set ").append(pos).append("; ");
                    }
                }
                case 2 -> {
                    int keep = len == 0 ? 0 : rnd.nextInt(len);
                    b = java.util.Arrays.copyOf(b, keep);
                    log.append("truncate ").append(keep).append("; ");
                }
                case 3 -> {
                    int extra = 1 + rnd.nextInt(64);
                    byte[] grown = java.util.Arrays.copyOf(b, len + extra);
                    for (int i = len; i < grown.length; i++) grown[i] = (byte) rnd.nextInt(256);
                    b = grown;
                    log.append("append ").append(extra).append("; ");
                }
                case 4 -> {
                    // Overwrite 2, 4 or 8 bytes with an interesting little-endian integer (lengths, offsets).
                    int width = 1 << (1 + rnd.nextInt(3));
                    if (len >= width) {
                        int at = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(len - width + 1);
                        long v = INTERESTING_LONGS[rnd.nextInt(INTERESTING_LONGS.length)] + rnd.nextInt(3) - 1;
                        for (int i = 0; i < width; i++) b[at + i] = (byte) (v >>> (8 * i));
                        log.append("int").append(width * 8).append('@').append(at).append('=').append(v).append("; ");
                    }
                }
                case 5 -> {
                    if (len > 0) {
                        int n = 1 + rnd.nextInt(Math.min(16, len));
                        int at = rnd.nextInt(len - n + 1);
                        byte[] cut = new byte[len - n];
                        System.arraycopy(b, 0, cut, 0, at);
                        System.arraycopy(b, at + n, cut, at, len - n - at);
                        b = cut;
                        log.append("delete ").append(n).append('@').append(at).append("; ");
                    }
                }
                case 6 -> {
                    int n = 1 + rnd.nextInt(16);
                    byte[] ins = new byte[len + n];
                    System.arraycopy(b, 0, ins, 0, pos);
                    for (int i = 0; i < n; i++) ins[pos + i] = (byte) INSERTABLE.charAt(rnd.nextInt(INSERTABLE.length()));
                    System.arraycopy(b, pos, ins, pos + n, len - pos);
                    b = ins;
                    log.append("insert ").append(n).append('@').append(pos).append("; ");
                }
                case 7 -> {
                    if (len > 1) {
                        int n = 1 + rnd.nextInt(Math.min(32, len - 1));
                        int from = rnd.nextInt(len - n + 1);
                        int to = rnd.nextInt(len - n + 1);
                        System.arraycopy(b.clone(), from, b, to, n);
                        log.append("copy ").append(n).append(' ').append(from).append("->").append(to).append("; ");
                    }
                }
                default -> {
                    if (len > 0) {
                        b[pos] = (byte) (rnd.nextBoolean() ? 0xff : 0x00);
                        log.append("extreme ").append(pos).append("; ");
                    }
                }
            }
        }
        return b;
    }

    // ------------------------------------------------------------------ safetensors

    private static List<byte[]> safetensorsSeeds() {
        SplittableRandom rnd = new SplittableRandom(11);
        Map<String, NdArray> tensors = SafetensorsTest.sampleTensors(rnd);
        List<byte[]> seeds = new ArrayList<>();
        for (boolean checksum : new boolean[] {true, false}) {
            SafetensorsWriter w = new SafetensorsWriter().checksum(checksum).metadata("step", "20")
                    .metadata("config", "{\"task\":\"categorical\"}");
            tensors.forEach(w::add);
            seeds.add(w.toBytes());
        }
        // Half precision, bytes and booleans are only read, so their seed is built by hand.
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"bf\":{\"dtype\":\"BF16\",\"shape\":[1,2],\"data_offsets\":[4,8]},"
                + "\"u\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[8,10]},"
                + "\"b\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[10,12]},"
                + "\"s\":{\"dtype\":\"I16\",\"shape\":[],\"data_offsets\":[12,14]},"
                + "\"i8\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[14,16]}}";
        seeds.add(SafetensorsTest.file(header, new byte[] {0, 0x3c, 0, (byte) 0xc0, (byte) 0x80, 0x3f, 0, 0x3f,
                1, 2, 1, 0, 5, 0, (byte) 0xff, 1}));
        return seeds;
    }

    private static final Object[] DTYPE_VALUES = {"F32", "F64", "I32", "I64", "F16", "BF16", "U8", "BOOL", "I8",
            "I16", "U16", "U32", "U64", "F8_E4M3", "C64", "f32", "", "F32 ", null, 4L, List.of(), Map.of()};

    private static Object interestingJsonNumber(SplittableRandom rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> (long) rnd.nextInt(70);
            case 1 -> INTERESTING_LONGS[rnd.nextInt(INTERESTING_LONGS.length)];
            case 2 -> -1L - rnd.nextInt(5);
            case 3 -> rnd.nextInt(4) + 0.5;
            case 4 -> 1e300;
            default -> rnd.nextBoolean() ? "3" : null;
        };
    }

    /** Parses the seed's header, changes its structure, and writes it back with a consistent length prefix. */
    @SuppressWarnings("unchecked")
    static byte[] mutateSafetensorsHeader(byte[] seed, SplittableRandom rnd, StringBuilder log) {
        long n = ByteBuffer.wrap(seed, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        byte[] data = java.util.Arrays.copyOfRange(seed, (int) (8 + n), seed.length);
        Map<String, Object> header;
        try {
            header = deepCopy(Json.parseObject(new String(seed, 8, (int) n, StandardCharsets.UTF_8), "seed"));
        } catch (FormatException e) {
            throw new AssertionError(e);
        }
        List<String> names = new ArrayList<>(header.keySet());
        names.remove(Safetensors.METADATA_KEY);
        int rounds = 1 + rnd.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            String name = names.get(rnd.nextInt(names.size()));
            Object entryValue = header.get(name);
            if (!(entryValue instanceof Map)) continue;
            Map<String, Object> entry = (Map<String, Object>) entryValue;
            switch (rnd.nextInt(10)) {
                case 0 -> {
                    Object d = DTYPE_VALUES[rnd.nextInt(DTYPE_VALUES.length)];
                    entry.put("dtype", d);
                    log.append(name).append(".dtype=").append(d).append("; ");
                }
                case 1 -> {
                    List<Object> shape = new ArrayList<>();
                    int rank = rnd.nextInt(5);
                    for (int i = 0; i < rank; i++) shape.add(interestingJsonNumber(rnd));
                    entry.put("shape", shape);
                    log.append(name).append(".shape=").append(shape).append("; ");
                }
                case 2 -> {
                    List<Object> offsets = new ArrayList<>();
                    int k = rnd.nextInt(8) == 0 ? rnd.nextInt(4) : 2;
                    for (int i = 0; i < k; i++) offsets.add(interestingJsonNumber(rnd));
                    entry.put("data_offsets", offsets);
                    log.append(name).append(".data_offsets=").append(offsets).append("; ");
                }
                case 3 -> {
                    // Overlap / gap: shift both offsets by a small amount.
                    long shift = rnd.nextInt(17) - 8;
                    if (entry.get("data_offsets") instanceof List<?> current) {
                        List<Object> o = new ArrayList<>(current);
                        if (o.size() == 2 && o.get(0) instanceof Long b && o.get(1) instanceof Long e) {
                            o.set(0, b + shift);
                            o.set(1, e + shift);
                        }
                        entry.put("data_offsets", o);
                    }
                    log.append(name).append(".offsets shifted ").append(shift).append("; ");
                }
                case 4 -> {
                    // Copy another tensor's offsets: a classic overlap.
                    String other = names.get(rnd.nextInt(names.size()));
                    if (header.get(other) instanceof Map<?, ?> om) {
                        entry.put("data_offsets", om.get("data_offsets"));
                        log.append(name).append(".offsets=").append(other).append("'s; ");
                    }
                }
                case 5 -> {
                    String key = List.of("dtype", "shape", "data_offsets").get(rnd.nextInt(3));
                    entry.remove(key);
                    log.append(name).append(" without ").append(key).append("; ");
                }
                case 6 -> {
                    entry.put("extra", 1L);
                    log.append(name).append(".extra; ");
                }
                case 7 -> {
                    Object replacement = List.of(List.of(), "x", 5L, Boolean.TRUE).get(rnd.nextInt(4));
                    header.put(name, replacement);
                    log.append(name).append('=').append(replacement).append("; ");
                }
                case 8 -> {
                    Object meta = header.get(Safetensors.METADATA_KEY);
                    Map<String, Object> m = meta instanceof Map ? (Map<String, Object>) meta : new LinkedHashMap<>();
                    switch (rnd.nextInt(5)) {
                        case 0 -> m.remove(Safetensors.SHA256_KEY);
                        case 1 -> m.put(Safetensors.SHA256_KEY, "0".repeat(64));
                        case 2 -> m.put("step", 20L);
                        case 3 -> m.put(Safetensors.SHA256_KEY, "xyz");
                        default -> header.put(Safetensors.METADATA_KEY, List.of("a"));
                    }
                    if (!(header.get(Safetensors.METADATA_KEY) instanceof List)) header.put(Safetensors.METADATA_KEY, m);
                    log.append("metadata changed; ");
                }
                default -> {
                    // A tensor claiming the whole data area, or an empty one at the end.
                    entry.put("data_offsets", List.of(0L, (long) data.length));
                    log.append(name).append(" covers all; ");
                }
            }
        }
        byte[] text = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int pad = rnd.nextInt(4) == 0 ? rnd.nextInt(9) : 0;
        ByteBuffer out = ByteBuffer.allocate(8 + text.length + pad + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(text.length + pad).put(text);
        for (int i = 0; i < pad; i++) out.put((byte) ' ');
        out.put(data);
        return out.array();
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put((String) k, deepCopy(v)));
            return (T) copy;
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            for (Object o : l) copy.add(deepCopy(o));
            return (T) copy;
        }
        return value;
    }

    static void readSafetensors(byte[] bytes) throws IOException {
        try (SafetensorsReader r = SafetensorsReader.fromBytes(bytes, "fuzz.safetensors")) {
            for (String name : r.names()) {
                NdArray a = r.get(name);
                if (a.dtype() == DType.F32) {
                    float[] dst = new float[a.size() + 1];
                    r.readFloats(name, dst, 1, r.info(name).shape());
                }
            }
            r.metadata();
        }
    }

    @Test
    void safetensorsReaderOnlyEverThrowsFormatException() {
        List<byte[]> seeds = safetensorsSeeds();
        run("safetensors", (rnd, log) -> {
            byte[] seed = seeds.get(rnd.nextInt(seeds.size()));
            int headerEnd = (int) (8 + ByteBuffer.wrap(seed, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
            return switch (rnd.nextInt(3)) {
                case 0 -> mutateBytes(seed, headerEnd, rnd, log);
                case 1 -> mutateSafetensorsHeader(seed, rnd, log);
                default -> {
                    byte[] structural = mutateSafetensorsHeader(seed, rnd, log);
                    yield rnd.nextBoolean() ? mutateBytes(structural, structural.length, rnd, log) : structural;
                }
            };
        }, FormatFuzzTest::readSafetensors);
    }

    @Test
    void safetensorsFilesOnDiskOnlyEverThrowFormatException() throws IOException {
        // Fewer cases through the file path (channel reads, checksum streaming), the rest is shared code.
        List<byte[]> seeds = safetensorsSeeds();
        Path file = dir.resolve("fuzz.safetensors");
        int cases = Math.max(1, CASES / 10);
        for (int i = 0; i < cases; i++) {
            long seed = SEED + i;
            SplittableRandom rnd = new SplittableRandom(seed);
            StringBuilder log = new StringBuilder();
            byte[] s = seeds.get(rnd.nextInt(seeds.size()));
            byte[] input = rnd.nextBoolean() ? mutateBytes(s, 200, rnd, log) : mutateSafetensorsHeader(s, rnd, log);
            Files.write(file, input);
            try {
                Safetensors.readAll(file);
            } catch (FormatException expected) {
                if (!expected.getMessage().startsWith(file.toString())) {
                    fail("error does not name the file: " + expected.getMessage());
                }
            } catch (Throwable other) {
                fail("file fuzz case seed " + seed + " [" + log + "] threw " + other, other);
            }
        }
    }

    // ------------------------------------------------------------------ npy

    private static final String[] DESCRS = {"<f4", "<f8", "<i4", "<i8", "|b1", "|u1", "|i1", "<f2", "<i2", "<u2",
            ">f4", ">i8", "=f4", "|f4", "<f16", "<c8", "|O", "<U3", "f4", "", "<M8[ns]"};
    private static final String[] SHAPES = {"()", "(0,)", "(1,)", "(3,)", "(2, 3)", "(3)", "[3]", "(2L, 3L)",
            "(-1,)", "(1, -1)", "(4294967296, 4294967296)", "(2147483647,)", "(2147483639,)", "(99999999999999999999,)",
            "((1,),)", "(1.5,)", "('3',)", "(,)", "(1,,)", "(", "(3, 0, 4294967296)", "(1, 2, 3, 4, 5, 6)", "None"};
    private static final String[] FORTRAN = {"False", "True", "0", "'no'", "None", "Fals"};

    /** A header dict assembled from interesting parts, with data of about the right length, in a valid frame. */
    static byte[] craftedNpy(SplittableRandom rnd, StringBuilder log) {
        String descr = DESCRS[rnd.nextInt(DESCRS.length)];
        String shape = SHAPES[rnd.nextInt(SHAPES.length)];
        String fortran = FORTRAN[rnd.nextInt(FORTRAN.length)];
        List<String> parts = new ArrayList<>(List.of("'descr': '" + descr + "'", "'fortran_order': " + fortran,
                "'shape': " + shape));
        if (rnd.nextInt(8) == 0) parts.remove(rnd.nextInt(parts.size()));
        if (rnd.nextInt(8) == 0) parts.add("'extra': 1");
        if (rnd.nextInt(8) == 0) parts.add(parts.get(0));
        java.util.Collections.shuffle(parts, new java.util.Random(rnd.nextLong()));
        String dict = "{" + String.join(", ", parts) + (rnd.nextBoolean() ? ", }" : "}");
        int dataBytes = switch (rnd.nextInt(4)) {
            case 0 -> 0;
            case 1 -> rnd.nextInt(64);
            default -> 24 + rnd.nextInt(3) - 1;
        };
        log.append("npy ").append(dict).append(" + ").append(dataBytes).append(" bytes; ");
        byte[] file = NpyTest.npyV1(dict, new byte[dataBytes]);
        int version = rnd.nextInt(6) == 0 ? 1 + rnd.nextInt(3) : 1;
        if (version > 1) {
            // Re-frame as 2.0/3.0: 4-byte length.
            int headerLength = (file[8] & 0xff) | (file[9] & 0xff) << 8;
            ByteBuffer b = ByteBuffer.allocate(file.length + 2).order(ByteOrder.LITTLE_ENDIAN);
            b.put(file, 0, 6).put((byte) version).put((byte) 0).putInt(headerLength).put(file, 10, file.length - 10);
            file = b.array();
            log.append("v").append(version).append("; ");
        }
        return file;
    }

    private static List<byte[]> npySeeds() {
        SplittableRandom rnd = new SplittableRandom(13);
        List<byte[]> seeds = new ArrayList<>();
        for (DType dtype : DType.values()) seeds.add(Npy.toBytes(NpyTest.randomArray(rnd, dtype, 2, 3)));
        seeds.add(Npy.toBytes(NpyTest.randomArray(rnd, DType.F32)));
        seeds.add(NpyTest.npyV1("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", new byte[] {1, 0, 1}));
        return seeds;
    }

    static byte[] mutatedNpy(List<byte[]> seeds, SplittableRandom rnd, StringBuilder log) {
        return switch (rnd.nextInt(3)) {
            case 0 -> {
                byte[] seed = seeds.get(rnd.nextInt(seeds.size()));
                yield mutateBytes(seed, 128, rnd, log);
            }
            case 1 -> craftedNpy(rnd, log);
            default -> mutateBytes(craftedNpy(rnd, log), 128, rnd, log);
        };
    }

    @Test
    void npyReaderOnlyEverThrowsFormatException() {
        List<byte[]> seeds = npySeeds();
        run("npy", (rnd, log) -> mutatedNpy(seeds, rnd, log), bytes -> {
            Npy.read(bytes, "fuzz.npy");
            // The stream path (used inside .npz) must agree on what is valid.
            Npy.read(new java.io.ByteArrayInputStream(bytes), -1, "fuzz.npz:a.npy");
        });
    }

    // ------------------------------------------------------------------ npz

    static byte[] zip(Map<String, byte[]> entries, boolean deflate) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry z = new ZipEntry(e.getKey());
                if (!deflate) {
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    z.setMethod(ZipEntry.STORED);
                    z.setSize(e.getValue().length);
                    z.setCompressedSize(e.getValue().length);
                    z.setCrc(crc.getValue());
                }
                zip.putNextEntry(z);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    @Test
    void npzReaderOnlyEverThrowsFormatException() throws IOException {
        List<byte[]> npySeeds = npySeeds();
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(NpyTest.fixture("pool.npz"));
        seeds.add(NpyTest.fixture("pool_compressed.npz"));
        seeds.add(zip(Map.of("tasks.npy", npySeeds.get(0), "ids.npy", npySeeds.get(3)), false));
        seeds.add(zip(Map.of("tasks.npy", npySeeds.get(1)), true));
        Path file = dir.resolve("fuzz.npz");
        // Each case goes through a file (ZipFile needs one), which costs ~4 ms: a quarter of the cases.
        run("npz", Math.max(1, CASES / 4), (rnd, log) -> switch (rnd.nextInt(3)) {
            case 0, 1 -> {
                byte[] seed = seeds.get(rnd.nextInt(seeds.size()));
                yield mutateBytes(seed, seed.length, rnd, log);
            }
            default -> {
                // Well-formed zips around malformed .npy entries (and odd entry names).
                Map<String, byte[]> entries = new LinkedHashMap<>();
                entries.put(rnd.nextInt(6) == 0 ? "notes.txt" : "a.npy", mutatedNpy(npySeeds, rnd, log));
                if (rnd.nextBoolean()) entries.put(rnd.nextInt(6) == 0 ? ".npy" : "b.npy", npySeeds.get(2));
                yield zip(entries, rnd.nextBoolean());
            }
        }, bytes -> {
            Files.write(file, bytes);
            Npz.read(file);
            Npz.keys(file);
        });
    }

    // ------------------------------------------------------------------ the harness itself

    static volatile Object sink;

    @Test
    void harnessFailsOnForeignExceptionsAndExcessAllocation() {
        Mutator tiny = (rnd, log) -> new byte[10];
        assertThrows(AssertionFailedError.class, () -> run("self-check", 1, tiny, bytes -> {
            throw new IndexOutOfBoundsException("simulated reader bug");
        }));
        assertThrows(AssertionFailedError.class, () -> run("self-check", 1, tiny, bytes -> {
            sink = new byte[64 << 20]; // 64 MiB for a 10-byte input
        }));
        run("self-check", 1, tiny, bytes -> {
            throw new FormatException("x", "y", "the documented failure passes");
        });
    }

    // ------------------------------------------------------------------ JSON

    @Test
    void jsonParserOnlyEverThrowsFormatException() {
        String config = Json.writePretty(Map.of("task", "categorical", "seed", 42L, "lr", 5e-4,
                "sizes", List.of(1L, 2L, 3L), "nested", Map.of("a", List.of(Map.of(), List.of()), "b", true),
                "name", "é\u0001\"\\", "none", List.of()));
        byte[] seed = config.getBytes(StandardCharsets.UTF_8);
        run("json", (rnd, log) -> mutateBytes(seed, seed.length, rnd, log), bytes -> {
            Object v = Json.parse(bytes, "fuzz.json");
            Object again = Json.parse(Json.write(v), "rewritten");
            if (!again.equals(v)) throw new AssertionError("round trip changed " + v + " into " + again);
        });
    }
}
