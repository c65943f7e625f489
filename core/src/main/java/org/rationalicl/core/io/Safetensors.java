// The safetensors format (HuggingFace): constants, dtype table and one-call helpers over the reader and writer.
// Limits: little-endian hosts and files as the format defines them; header at most 100 MB.
package org.rationalicl.core.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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

    private Safetensors() {
    }

    /** Reads every tensor (header order = data order) after validating the file and its checksum. */
    public static Map<String, NdArray> readAll(Path file) throws IOException {
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            return reader.getAll();
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
