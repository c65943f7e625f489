// Validating reader of safetensors files: checks the whole header (lengths, dtypes, shapes, offsets, overlaps)
// and the optional SHA-256 when opened, then reads tensors by name. Limits: one tensor ≤ 2^31-9 elements.
package org.rationalicl.core.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a safetensors file: an 8-byte little-endian header length N, N bytes of UTF-8 JSON, then the data area.
 *
 * <p>{@link #open(Path)} validates everything before returning: N ≤ {@link Safetensors#MAX_HEADER_BYTES} and
 * ≤ the rest of the file; the header is a JSON object whose entries are {@code __metadata__} (string → string)
 * or tensors {@code {"dtype", "shape", "data_offsets"}} with no other keys; dtypes are known; dimensions are
 * non-negative integers whose product does not overflow; {@code data_offsets = [begin, end]} with
 * {@code begin ≤ end ≤ data size} and {@code end − begin = numel × dtype size}; and, as the reference
 * implementation requires, the tensors tile the data area exactly (sorted by offset, each begins where the
 * previous ended, no overlap, no gap, nothing after the last). When the metadata has {@code "header_sha256"} (see
 * {@link Safetensors#HEADER_SHA256_KEY}) the header's content must match it, and when it has {@code "sha256"},
 * the data area's SHA-256 must match that. Any violation is a {@link FormatException} naming the path, the tensor/field and
 * the problem. Tensors are read on demand with positional reads into their final arrays, so memory use is the
 * header plus the tensors asked for; nothing larger than the file is ever allocated.
 *
 * <p>F16 and BF16 are widened to F32; I8, I16, U8 and BOOL (0/1) to I32. Concurrent {@code get} calls on one
 * instance are safe: reads are positional and share no buffers.
 */
public final class SafetensorsReader implements Closeable {
    private static final int CHUNK_BYTES = 1 << 16;

    /** One tensor's header entry: file dtype name, shape and byte range within the data area. */
    public record TensorInfo(String name, String dtype, long[] shape, long begin, long end) {
        public TensorInfo {
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** The element count (1 for a scalar). */
        public long numel() {
            long n = 1;
            for (long d : shape) n *= d; // validated not to overflow when the header was read
            return n;
        }

        @Override
        public String toString() {
            return name + " " + dtype + " " + Arrays.toString(shape) + " [" + begin + ", " + end + ")";
        }
    }

    private final ByteSource source;
    private final long dataStart;
    private final Map<String, String> metadata;
    private final Map<String, TensorInfo> tensors; // in data order
    private final Map<String, Safetensors.FileDType> fileTypes;

    private SafetensorsReader(ByteSource source, long dataStart, Map<String, String> metadata,
                              Map<String, TensorInfo> tensors, Map<String, Safetensors.FileDType> fileTypes) {
        this.source = source;
        this.dataStart = dataStart;
        this.metadata = metadata;
        this.tensors = tensors;
        this.fileTypes = fileTypes;
    }

    /** Opens and fully validates {@code file} (header and, when recorded, the SHA-256 of the data). */
    public static SafetensorsReader open(Path file) throws IOException {
        ByteSource source = ByteSource.open(file);
        try {
            return validate(source);
        } catch (IOException | RuntimeException | Error e) {
            source.close();
            throw e;
        }
    }

    /** As {@link #open(Path)} for a file already in memory; {@code name} is used in error messages. */
    public static SafetensorsReader fromBytes(byte[] bytes, String name) throws FormatException {
        try {
            return validate(ByteSource.of(bytes, name));
        } catch (FormatException e) {
            throw e;
        } catch (IOException e) {
            throw new FormatException(name, null, e.getMessage(), e); // unreachable for in-memory data
        }
    }

    /** The path or name given when opening. */
    public String name() {
        return source.name();
    }

    /** The {@code __metadata__} map (empty when absent), unmodifiable, in header order. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Tensor names in data order. */
    public List<String> names() {
        return List.copyOf(tensors.keySet());
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** Header entry of {@code name}; a missing name is a FormatException listing what the file has. */
    public TensorInfo info(String name) throws FormatException {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            List<String> have = names();
            String list = have.size() <= 20 ? have.toString() : have.subList(0, 20) + " and " + (have.size() - 20)
                    + " more";
            throw new FormatException(source.name(), "tensor '" + name + "'", "not in the file; it has " + list);
        }
        return info;
    }

    /** Reads tensor {@code name} into a new array (F16/BF16 widened to F32, small integers to I32). */
    public NdArray get(String name) throws IOException {
        TensorInfo info = info(name);
        Safetensors.FileDType type = fileTypes.get(name);
        String problem = NdArray.shapeProblem(info.shape);
        if (problem != null) throw new FormatException(source.name(), "tensor '" + name + "'", problem);
        int count = (int) info.numel();
        Object data = switch (type.memoryType()) {
            case F32 -> new float[count];
            case F64 -> new double[count];
            case I32 -> new int[count];
            case I64 -> new long[count];
        };
        decode(info, type, data, 0, count);
        return new NdArray(type.memoryType(), info.shape, data);
    }

    /**
     * Reads a floating-point tensor (F32, F16 or BF16) straight into {@code dst[dstOffset …]}, e.g. a slice of a
     * parameter arena, without an intermediate array. The caller states the shape it expects; a different shape
     * or dtype is a FormatException.
     */
    public void readFloats(String name, float[] dst, int dstOffset, long... expectedShape) throws IOException {
        TensorInfo info = info(name);
        Safetensors.FileDType type = fileTypes.get(name);
        String field = "tensor '" + name + "'";
        if (type.memoryType() != DType.F32) {
            throw new FormatException(source.name(), field, "dtype " + info.dtype + " is not F32, F16 or BF16");
        }
        if (!Arrays.equals(info.shape, expectedShape)) {
            throw new FormatException(source.name(), field, "shape " + Arrays.toString(info.shape)
                    + " but " + Arrays.toString(expectedShape) + " was expected");
        }
        long n = info.numel();
        if (dstOffset < 0 || dstOffset > dst.length || n > dst.length - dstOffset) {
            throw new IllegalArgumentException("destination of " + dst.length + " floats from offset " + dstOffset
                    + " cannot hold " + n + " elements of " + field);
        }
        decode(info, type, dst, dstOffset, (int) n);
    }

    /** Reads every tensor, in data order. */
    public Map<String, NdArray> getAll() throws IOException {
        Map<String, NdArray> all = new LinkedHashMap<>();
        for (String name : tensors.keySet()) all.put(name, get(name));
        return all;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    // ------------------------------------------------------------------ decoding

    private void decode(TensorInfo info, Safetensors.FileDType type, Object dst, int dstOffset, int count)
            throws IOException {
        String field = "tensor '" + info.name + "' data";
        int elemSize = type.byteSize;
        int perChunk = CHUNK_BYTES / elemSize;
        ByteBuffer buf = ByteBuffer.allocate(Math.min(CHUNK_BYTES, Math.max(count, 1) * elemSize))
                .order(ByteOrder.LITTLE_ENDIAN);
        long pos = dataStart + info.begin;
        int done = 0;
        while (done < count) {
            int k = Math.min(perChunk, count - done);
            buf.clear().limit(k * elemSize);
            source.readFully(pos, buf, field);
            buf.flip();
            int o = dstOffset + done;
            switch (type) {
                case F32 -> buf.asFloatBuffer().get((float[]) dst, o, k);
                case F64 -> buf.asDoubleBuffer().get((double[]) dst, o, k);
                case I32 -> buf.asIntBuffer().get((int[]) dst, o, k);
                case I64 -> buf.asLongBuffer().get((long[]) dst, o, k);
                case F16 -> {
                    float[] f = (float[]) dst;
                    for (int i = 0; i < k; i++) f[o + i] = Float.float16ToFloat(buf.getShort());
                }
                case BF16 -> {
                    float[] f = (float[]) dst;
                    for (int i = 0; i < k; i++) f[o + i] = Float.intBitsToFloat((buf.getShort() & 0xffff) << 16);
                }
                case I16 -> {
                    int[] a = (int[]) dst;
                    for (int i = 0; i < k; i++) a[o + i] = buf.getShort();
                }
                case I8 -> {
                    int[] a = (int[]) dst;
                    for (int i = 0; i < k; i++) a[o + i] = buf.get();
                }
                case U8 -> {
                    int[] a = (int[]) dst;
                    for (int i = 0; i < k; i++) a[o + i] = buf.get() & 0xff;
                }
                case BOOL -> {
                    int[] a = (int[]) dst;
                    for (int i = 0; i < k; i++) {
                        int b = buf.get() & 0xff;
                        if (b > 1) {
                            throw new FormatException(source.name(), field, "BOOL element " + (done + i)
                                    + " is " + b + ", not 0 or 1");
                        }
                        a[o + i] = b;
                    }
                }
            }
            pos += (long) k * elemSize;
            done += k;
        }
    }

    // ------------------------------------------------------------------ validation

    private static SafetensorsReader validate(ByteSource source) throws IOException {
        String file = source.name();
        long size = source.size();
        if (size < 8) {
            throw new FormatException(file, "header length", "file is " + size
                    + " bytes, shorter than the 8-byte header length");
        }
        ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        source.readFully(0, prefix, "header length");
        long headerLength = prefix.getLong(0);
        if (headerLength < 0 || headerLength > Safetensors.MAX_HEADER_BYTES) {
            throw new FormatException(file, "header length", Long.toUnsignedString(headerLength)
                    + " bytes exceeds the limit of " + Safetensors.MAX_HEADER_BYTES);
        }
        if (headerLength > size - 8) {
            throw new FormatException(file, "header length", headerLength + " bytes but only " + (size - 8)
                    + " bytes follow the length (truncated file?)");
        }
        if (headerLength < 2) {
            throw new FormatException(file, "header", "length " + headerLength + " cannot hold a JSON object");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        source.readFully(8, headerBytes, "header");
        byte[] header = headerBytes.array();
        if (header[0] != '{') {
            throw new FormatException(file, "header", "must start with '{' (found byte 0x"
                    + String.format("%02x", header[0] & 0xff) + ")");
        }
        Map<String, Object> json = Json.parseObject(Json.decodeUtf8(header, 0, header.length, file, "header"), file);

        long dataStart = 8 + headerLength;
        long dataSize = size - dataStart;
        Map<String, String> metadata = Map.of();
        List<TensorInfo> infos = new ArrayList<>();
        Map<String, Safetensors.FileDType> types = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : json.entrySet()) {
            String key = e.getKey();
            if (key.equals(Safetensors.METADATA_KEY)) {
                metadata = parseMetadata(file, e.getValue());
            } else {
                TensorInfo info = parseTensor(file, key, e.getValue(), dataSize, types);
                infos.add(info);
            }
        }

        // The tensors must tile [0, dataSize) exactly, as the reference implementation requires.
        infos.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long expected = 0;
        TensorInfo previous = null;
        for (TensorInfo info : infos) {
            String field = "tensor '" + info.name + "' data_offsets";
            if (info.begin < expected) {
                throw new FormatException(file, field, "[" + info.begin + ", " + info.end + ") overlaps tensor '"
                        + previous.name + "' [" + previous.begin + ", " + previous.end + ")");
            }
            if (info.begin > expected) {
                throw new FormatException(file, field, "begins at " + info.begin + " but the previous tensor"
                        + (previous == null ? "" : " '" + previous.name + "'") + " ends at " + expected
                        + " (gap in the data area)");
            }
            expected = info.end;
            previous = info;
        }
        if (expected != dataSize) {
            throw new FormatException(file, "data", "tensors cover " + expected + " bytes but the data area has "
                    + dataSize + " (" + (dataSize - expected) + " unaccounted bytes after the last tensor)");
        }
        Map<String, TensorInfo> byName = new LinkedHashMap<>();
        for (TensorInfo info : infos) byName.put(info.name, info);

        String headerSha = metadata.get(Safetensors.HEADER_SHA256_KEY);
        if (headerSha != null) {
            String field = Safetensors.METADATA_KEY + "." + Safetensors.HEADER_SHA256_KEY;
            checkHex(file, field, headerSha);
            String actual = Safetensors.headerSha256(metadata, infos);
            if (!actual.equals(headerSha)) {
                throw new FormatException(file, "header", "SHA-256 " + actual + " of the metadata and tensor table"
                        + " does not match " + headerSha + " recorded in the header: the header is corrupted");
            }
        }
        String sha = metadata.get(Safetensors.SHA256_KEY);
        if (sha != null) verifySha256(source, dataStart, dataSize, sha);
        return new SafetensorsReader(source, dataStart, metadata, Collections.unmodifiableMap(byName), types);
    }

    private static Map<String, String> parseMetadata(String file, Object value) throws FormatException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new FormatException(file, Safetensors.METADATA_KEY, "expected an object of strings, found "
                    + Json.typeName(value));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new FormatException(file, Safetensors.METADATA_KEY + "." + e.getKey(),
                        "expected a string, found " + Json.typeName(e.getValue()));
            }
            out.put((String) e.getKey(), s);
        }
        return Collections.unmodifiableMap(out);
    }

    private static TensorInfo parseTensor(String file, String name, Object value, long dataSize,
                                          Map<String, Safetensors.FileDType> types) throws FormatException {
        String field = "tensor '" + name + "'";
        if (!(value instanceof Map<?, ?> entry)) {
            throw new FormatException(file, field, "expected an object with dtype, shape and data_offsets, found "
                    + Json.typeName(value));
        }
        for (Object k : entry.keySet()) {
            if (!k.equals("dtype") && !k.equals("shape") && !k.equals("data_offsets")) {
                throw new FormatException(file, field, "unknown key '" + k
                        + "' (allowed: dtype, shape, data_offsets)");
            }
        }
        Object dtypeValue = entry.get("dtype");
        if (!(dtypeValue instanceof String dtypeName)) {
            throw new FormatException(file, field + " dtype", "expected a string, found " + Json.typeName(dtypeValue));
        }
        Safetensors.FileDType type = Safetensors.FileDType.parse(dtypeName);
        if (type == null) {
            throw new FormatException(file, field + " dtype", "unsupported dtype '" + dtypeName
                    + "' (supported: " + Safetensors.FileDType.supported() + ")");
        }
        long[] shape = nonNegativeIntegers(file, field + " shape", entry.get("shape"), -1);
        long[] offsets = nonNegativeIntegers(file, field + " data_offsets", entry.get("data_offsets"), 2);
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            try {
                numel = Math.multiplyExact(numel, shape[i]);
            } catch (ArithmeticException overflow) {
                throw new FormatException(file, field + " shape", "element count of " + Arrays.toString(shape)
                        + " overflows 64 bits");
            }
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(numel, type.byteSize);
        } catch (ArithmeticException overflow) {
            throw new FormatException(file, field + " shape", numel + " elements of " + dtypeName
                    + " overflow 64 bits of bytes");
        }
        long begin = offsets[0];
        long end = offsets[1];
        String offField = field + " data_offsets";
        if (begin > end) {
            throw new FormatException(file, offField, "begin " + begin + " is after end " + end);
        }
        if (end > dataSize) {
            throw new FormatException(file, offField, "end " + end + " is past the data area (" + dataSize
                    + " bytes)");
        }
        if (end - begin != bytes) {
            throw new FormatException(file, offField, "[" + begin + ", " + end + ") holds " + (end - begin)
                    + " bytes but shape " + Arrays.toString(shape) + " of " + dtypeName + " needs " + bytes);
        }
        types.put(name, type);
        return new TensorInfo(name, dtypeName, shape, begin, end);
    }

    private static long[] nonNegativeIntegers(String file, String field, Object value, int requiredLength)
            throws FormatException {
        if (!(value instanceof List<?> list)) {
            throw new FormatException(file, field, "expected an array of non-negative integers, found "
                    + (value == null ? "nothing" : Json.typeName(value)));
        }
        if (requiredLength >= 0 && list.size() != requiredLength) {
            throw new FormatException(file, field, "expected " + requiredLength + " integers, found " + list.size());
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = list.get(i);
            if (!(v instanceof Long l) || l < 0) {
                throw new FormatException(file, field + "[" + i + "]", "expected a non-negative integer, found "
                        + (v instanceof Long || v instanceof Double ? v : Json.typeName(v)));
            }
            out[i] = l;
        }
        return out;
    }

    private static void verifySha256(ByteSource source, long dataStart, long dataSize, String expected)
            throws IOException {
        String file = source.name();
        String field = Safetensors.METADATA_KEY + "." + Safetensors.SHA256_KEY;
        checkHex(file, field, expected);
        MessageDigest digest = sha256();
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(1 << 20, Math.max(dataSize, 1)));
        long pos = dataStart;
        long end = dataStart + dataSize;
        while (pos < end) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
            source.readFully(pos, buf, "data");
            buf.flip();
            pos += buf.remaining();
            digest.update(buf);
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(expected)) {
            throw new FormatException(file, "data", "SHA-256 " + actual + " does not match " + expected
                    + " recorded in the header: the file is corrupted or truncated");
        }
    }

    private static void checkHex(String file, String field, String value) throws FormatException {
        if (value.length() != 64 || !value.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new FormatException(file, field, "expected 64 lowercase hex digits, found '"
                    + (value.length() > 80 ? value.substring(0, 77) + "..." : value) + "'");
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
