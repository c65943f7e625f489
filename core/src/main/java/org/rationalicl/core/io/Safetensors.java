// The safetensors format (HuggingFace): constants, dtype table and one-call helpers over the reader and writer.
// Limits: little-endian hosts and files as the format defines them; header at most 100 MB.
package org.rationalicl.core.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One-call access to safetensors files; see {@link SafetensorsReader} and {@link SafetensorsWriter} for the
 * details and the package documentation for the layout.
 */
public final class Safetensors {
    /** Largest header accepted, in bytes (the reference implementation uses the same 100 MB cap). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** The reserved header key for string → string metadata. */
    public static final String METADATA_KEY = "__metadata__";
    /** The metadata key holding the lowercase hex SHA-256 of the data section, verified on read when present. */
    public static final String SHA256_KEY = "sha256";
    /**
     * The metadata key holding the lowercase hex SHA-256 of the header's content apart from the two checksums:
     * the UTF-8 bytes of the compact JSON {@code [{metadata without "sha256"/"header_sha256", keys sorted},
     * [[name, dtype, [shape…], begin, end], … sorted by begin, end, name]]}. It is independent of key order and
     * whitespace in the file, so it checks what the header says, not how it is spelled.
     */
    public static final String HEADER_SHA256_KEY = "header_sha256";

    private Safetensors() {
    }

    /** Reads every tensor (header order = data order) after validating the file and its checksum. */
    public static Map<String, NdArray> readAll(Path file) throws IOException {
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            return reader.getAll();
        }
    }

    /**
     * Checks that {@code file} is complete and uncorrupted: validates the whole header and verifies the recorded
     * checksums. Returns normally for a good file; throws FormatException naming the path otherwise. Meant for
     * resume logic that falls back to the previous checkpoint.
     */
    public static void verify(Path file) throws IOException {
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            reader.metadata();
        }
    }

    /** Reads only the {@code __metadata__} map (validating the whole header and checksum). */
    public static Map<String, String> readMetadata(Path file) throws IOException {
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            return reader.metadata();
        }
    }

    /** Atomically writes {@code tensors} with {@code metadata} and a SHA-256 of the data. */
    public static void write(Path file, Map<String, NdArray> tensors, Map<String, String> metadata)
            throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter().metadata(metadata);
        for (Map.Entry<String, NdArray> e : tensors.entrySet()) writer.add(e.getKey(), e.getValue());
        writer.write(file);
    }

    /** The {@link #HEADER_SHA256_KEY} value of a header with {@code metadata} and {@code tensors}. */
    static String headerSha256(Map<String, String> metadata, List<SafetensorsReader.TensorInfo> tensors) {
        Map<String, String> sorted = new TreeMap<>(metadata);
        sorted.remove(SHA256_KEY);
        sorted.remove(HEADER_SHA256_KEY);
        List<SafetensorsReader.TensorInfo> ordered = new ArrayList<>(tensors);
        ordered.sort(Comparator.comparingLong(SafetensorsReader.TensorInfo::begin)
                .thenComparingLong(SafetensorsReader.TensorInfo::end)
                .thenComparing(SafetensorsReader.TensorInfo::name));
        List<Object> table = new ArrayList<>();
        for (SafetensorsReader.TensorInfo t : ordered) {
            table.add(List.of(t.name(), t.dtype(), t.shape(), t.begin(), t.end()));
        }
        byte[] description = Json.write(List.of(sorted, table)).getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(SafetensorsReader.sha256().digest(description));
    }

    /** Element types a safetensors file may declare, with their size; those readable here are marked. */
    enum FileDType {
        F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

        final int byteSize;

        FileDType(int byteSize) {
            this.byteSize = byteSize;
        }

        /** The in-memory dtype an array of this file dtype is read into. */
        DType memoryType() {
            return switch (this) {
                case F64 -> DType.F64;
                case F32, F16, BF16 -> DType.F32;
                case I64 -> DType.I64;
                case I32, I16, I8, U8, BOOL -> DType.I32;
            };
        }

        static FileDType parse(String name) {
            for (FileDType d : values()) {
                if (d.name().equals(name)) return d;
            }
            return null;
        }

        static String supported() {
            return List.of(values()).toString();
        }
    }
}
