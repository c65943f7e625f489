// Builds a safetensors file from named arrays (or float slices of a larger arena) and writes it atomically,
// with metadata and, by default, a SHA-256 of the data section. Limits: F32, F64, I32, I64 only.
package org.rationalicl.core.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Collects tensors and metadata, then writes them as one safetensors file.
 *
 * <p>Layout (deterministic for the same inputs): the header is compact JSON with {@code __metadata__} first,
 * then the tensors in data order; data order is the reference implementation's: by dtype (I64, F64, F32, I32 —
 * element size never increases, so every tensor starts at a multiple of its element size), then by name; for
 * the same tensors and metadata (checksum off) the bytes equal those of HuggingFace's {@code save_file}. The header is padded with spaces to a multiple of 8 bytes, as
 * the reference implementation does, so the data area starts 8-byte aligned. With {@link #checksum(boolean)}
 * on (the default) the metadata gets {@code "sha256"}, the lowercase hex SHA-256 of the data area, and
 * {@code "header_sha256"}, the SHA-256 of the rest of the header (see {@link Safetensors#HEADER_SHA256_KEY}), so
 * that a flipped digit in a shape or in the run's configuration is caught too; {@link SafetensorsReader}
 * verifies both. Arrays are referenced, not copied, until the file is written.
 */
public final class SafetensorsWriter {
    private static final int CHUNK_BYTES = 1 << 16;

    private record Entry(String name, DType dtype, long[] shape, Object data, int offset, int count) {
        long bytes() {
            return (long) count * dtype.byteSize();
        }
    }

    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private boolean checksum = true;

    /** Adds one metadata entry (insertion order is kept). "sha256" and "header_sha256" are reserved when checksums are on. */
    public SafetensorsWriter metadata(String key, String value) {
        Objects.requireNonNull(key, "metadata key");
        Objects.requireNonNull(value, "metadata value for " + key);
        metadata.put(key, value);
        return this;
    }

    /** Adds every entry of {@code map}. */
    public SafetensorsWriter metadata(Map<String, String> map) {
        for (Map.Entry<String, String> e : map.entrySet()) metadata(e.getKey(), e.getValue());
        return this;
    }

    /** Whether to record the SHA-256 of the data in the metadata (default true). */
    public SafetensorsWriter checksum(boolean on) {
        this.checksum = on;
        return this;
    }

    /** Adds a whole array under {@code name}. */
    public SafetensorsWriter add(String name, NdArray array) {
        return put(new Entry(checkName(name), array.dtype(), array.shape(), array.data(), 0, array.size()));
    }

    /**
     * Adds {@code product(shape)} floats of {@code data} starting at {@code offset} as an F32 tensor, without
     * copying (e.g. one parameter of a parameter arena). The slice is read when the file is written.
     */
    public SafetensorsWriter addFloats(String name, float[] data, int offset, long... shape) {
        long n = NdArray.numel(shape);
        if (offset < 0 || offset > data.length || n > data.length - offset) {
            throw new IllegalArgumentException("tensor '" + name + "': " + n + " floats from offset " + offset
                    + " do not fit in an array of " + data.length);
        }
        return put(new Entry(checkName(name), DType.F32, shape.clone(), data, offset, (int) n));
    }

    /** Atomically writes the file (see {@link AtomicFiles}). */
    public void write(Path target) throws IOException {
        byte[] header = header();
        AtomicFiles.write(target, out -> {
            out.write(header);
            writeData(out);
        });
    }

    /** The complete file as bytes (for small files and tests). */
    public byte[] toBytes() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(header());
            writeData(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
    }

    private SafetensorsWriter put(Entry e) {
        if (entries.containsKey(e.name)) throw new IllegalArgumentException("tensor '" + e.name + "' added twice");
        entries.put(e.name, e);
        return this;
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "tensor name");
        if (name.isEmpty()) throw new IllegalArgumentException("tensor name must not be empty");
        if (name.equals(Safetensors.METADATA_KEY)) {
            throw new IllegalArgumentException("'" + Safetensors.METADATA_KEY + "' is reserved for metadata");
        }
        return name;
    }

    private List<Entry> dataOrder() {
        List<Entry> list = new ArrayList<>(entries.values());
        list.sort(Comparator.comparingInt((Entry e) -> referenceRank(e.dtype)).thenComparing(Entry::name));
        return list;
    }

    /**
     * The reference implementation sorts tensors by dtype, descending in its own dtype order (… I32 &lt; F32 &lt;
     * F64 &lt; I64), then by name; following it makes our files byte-identical to its output.
     */
    private static int referenceRank(DType dtype) {
        return switch (dtype) {
            case I64 -> 0;
            case F64 -> 1;
            case F32 -> 2;
            case I32 -> 3;
        };
    }

    /** Length prefix + JSON header padded with spaces to a multiple of 8. */
    private byte[] header() throws IOException {
        List<Entry> order = dataOrder();
        List<SafetensorsReader.TensorInfo> table = new ArrayList<>();
        long offset = 0;
        for (Entry e : order) {
            table.add(new SafetensorsReader.TensorInfo(e.name, e.dtype.safetensorsName(), e.shape, offset,
                    offset + e.bytes()));
            offset += e.bytes();
        }
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        if (checksum) {
            for (String reserved : List.of(Safetensors.SHA256_KEY, Safetensors.HEADER_SHA256_KEY)) {
                if (meta.containsKey(reserved)) {
                    throw new IllegalArgumentException("metadata key '" + reserved + "' is reserved for the"
                            + " checksums; turn checksum(false) to set it yourself");
                }
            }
            MessageDigest digest = SafetensorsReader.sha256();
            for (Entry e : order) forEachChunk(e, digest::update);
            meta.put(Safetensors.SHA256_KEY, HexFormat.of().formatHex(digest.digest()));
            meta.put(Safetensors.HEADER_SHA256_KEY, Safetensors.headerSha256(meta, table));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        if (!meta.isEmpty()) json.put(Safetensors.METADATA_KEY, meta);
        for (SafetensorsReader.TensorInfo t : table) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", t.dtype());
            entry.put("shape", t.shape());
            entry.put("data_offsets", new long[] {t.begin(), t.end()});
            json.put(t.name(), entry);
        }
        byte[] text = Json.write(json).getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + 7) & ~7;
        ByteBuffer buf = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(padded).put(text);
        while (buf.hasRemaining()) buf.put((byte) ' ');
        return buf.array();
    }

    private void writeData(OutputStream out) throws IOException {
        for (Entry e : dataOrder()) {
            forEachChunk(e, chunk -> out.write(chunk.array(), 0, chunk.limit()));
        }
    }

    private interface ChunkSink {
        void accept(ByteBuffer chunk) throws IOException;
    }

    /** Encodes the entry little-endian in chunks of at most 64 KiB and hands each to {@code sink}. */
    private static void forEachChunk(Entry e, ChunkSink sink) throws IOException {
        int size = e.dtype.byteSize();
        int perChunk = CHUNK_BYTES / size;
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < e.count; ) {
            int k = Math.min(perChunk, e.count - done);
            int from = e.offset + done;
            buf.clear();
            switch (e.dtype) {
                case F32 -> buf.asFloatBuffer().put((float[]) e.data, from, k);
                case F64 -> buf.asDoubleBuffer().put((double[]) e.data, from, k);
                case I32 -> buf.asIntBuffer().put((int[]) e.data, from, k);
                case I64 -> buf.asLongBuffer().put((long[]) e.data, from, k);
            }
            buf.position(0).limit(k * size);
            sink.accept(buf);
            done += k;
        }
    }
}
