// numpy .npy files (format versions 1.0, 2.0, 3.0): validating reader and a writer whose bytes match numpy's.
// Limits: little-endian, C order, numeric dtypes only (no structured or object arrays).
package org.rationalicl.core.io;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads and writes numpy's {@code .npy} format.
 *
 * <p>Layout: magic {@code \x93NUMPY}, major and minor version bytes, header length (u16 LE for 1.0, u32 LE for 2.0
 * and 3.0), header text (latin-1 for 1.0/2.0, UTF-8 for 3.0), then the raw data. The header is a Python dict
 * literal {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }} padded with spaces and ended by
 * {@code '\n'} so that the data starts at a multiple of 64 bytes.
 *
 * <p>Read: descr {@code <f4}, {@code <f2} (→ F32), {@code <f8} (→ F64), {@code <i4}, {@code <i2}, {@code <u2},
 * {@code |i1}, {@code |u1}, {@code |b1} (→ I32; booleans must be 0 or 1), {@code <i8} (→ I64); {@code |} or
 * {@code =} are accepted for one-byte types. Big-endian descrs, Fortran order, structured or object dtypes are
 * {@link FormatException}s saying how to re-save the array. The header must hold exactly the three keys; its
 * length is capped at {@link #MAX_HEADER_BYTES}; the data must be exactly {@code numel × itemsize} bytes (a
 * short file is "truncated", extra bytes are an error too). Nothing is allocated before the bytes that justify it
 * have been seen.
 *
 * <p>Write: F32, F64, I32, I64 as {@code <f4 <f8 <i4 <i8}, version 1.0 (2.0 only for huge headers), the same
 * bytes numpy 2 writes, including the spare spaces numpy leaves after the dict so the first dimension can grow
 * in place (21 minus the digits of the first dimension).
 */
public final class Npy {
    /** The 6 magic bytes every .npy file starts with. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Longest header accepted (numpy itself refuses headers over 10 000 bytes by default). */
    public static final int MAX_HEADER_BYTES = 1 << 20;
    private static final int ALIGN = 64;
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final int FIRST_CHUNK_BYTES = 1 << 16;
    private static final int MAX_CHUNK_BYTES = 1 << 20;

    private Npy() {
    }

    // ------------------------------------------------------------------ reading

    /** Reads a .npy file. */
    public static NdArray read(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(in, size, file.toString());
        }
    }

    /** Reads .npy bytes; {@code source} names them in error messages. */
    public static NdArray read(byte[] bytes, String source) throws FormatException {
        try {
            return read(new ByteArrayInputStream(bytes), bytes.length, source);
        } catch (FormatException e) {
            throw e;
        } catch (IOException e) {
            throw new FormatException(source, null, e.getMessage(), e); // a ByteArrayInputStream does not fail
        }
    }

    /**
     * Reads one array from {@code in} (which must hold exactly one .npy document), e.g. an entry of a zip.
     * {@code knownSize} is the total size when known (for an early, precise size error), otherwise -1.
     */
    static NdArray read(InputStream in, long knownSize, String source) throws IOException {
        Header h = readHeader(in, knownSize, source);
        long dataBytes = h.numel * h.type.itemSize; // ≤ MAX_ELEMENTS × 8: cannot overflow
        if (knownSize >= 0 && knownSize - h.dataOffset != dataBytes) {
            long have = knownSize - h.dataOffset;
            throw new FormatException(source, "data", have + " bytes after the header but shape "
                    + shapeText(h.shape) + " of '" + h.descr + "' needs " + dataBytes
                    + (have < dataBytes ? " (truncated file?)" : ""));
        }
        Object data;
        if (knownSize >= 0) {
            // The size was checked above, so the final array is justified: decode straight into it.
            data = allocate(h);
            byte[] buffer = new byte[(int) Math.min(MAX_CHUNK_BYTES, Math.max(dataBytes, 1))];
            long done = 0;
            while (done < dataBytes) {
                int size = (int) Math.min(buffer.length, dataBytes - done);
                int got = in.readNBytes(buffer, 0, size);
                if (got < size) {
                    throw new FormatException(source, "data", "ends after " + (done + got) + " of " + dataBytes
                            + " bytes (truncated file?)");
                }
                decodeChunk(h, buffer, size, data, (int) (done / h.type.itemSize), source);
                done += size;
            }
        } else {
            List<byte[]> chunks = readExactly(in, dataBytes, source);
            data = allocate(h);
            int at = 0;
            for (byte[] chunk : chunks) {
                decodeChunk(h, chunk, chunk.length, data, at, source);
                at += chunk.length / h.type.itemSize;
            }
        }
        if (in.read() >= 0) {
            throw new FormatException(source, "data", "unexpected bytes after the " + dataBytes
                    + " bytes that shape " + shapeText(h.shape) + " of '" + h.descr + "' needs");
        }
        return new NdArray(h.type.memoryType, h.shape, data);
    }

    /** The parsed header: element type, shape, element count and where the data starts. */
    private record Header(ItemType type, String descr, long[] shape, long numel, long dataOffset) {
    }

    /** The on-disk element types this reader understands. */
    private enum ItemType {
        F2(2, DType.F32), F4(4, DType.F32), F8(8, DType.F64), I1(1, DType.I32), U1(1, DType.I32),
        B1(1, DType.I32), I2(2, DType.I32), U2(2, DType.I32), I4(4, DType.I32), I8(8, DType.I64);

        final int itemSize;
        final DType memoryType;

        ItemType(int itemSize, DType memoryType) {
            this.itemSize = itemSize;
            this.memoryType = memoryType;
        }
    }

    private static Header readHeader(InputStream in, long knownSize, String source) throws IOException {
        byte[] prefix = new byte[8];
        int got = in.readNBytes(prefix, 0, 8);
        if (got < 8 || !Arrays.equals(Arrays.copyOf(prefix, 6), MAGIC)) {
            if (got >= 6 && !Arrays.equals(Arrays.copyOf(prefix, 6), MAGIC)) {
                throw new FormatException(source, "magic", "does not start with \\x93NUMPY (not a .npy file)");
            }
            throw new FormatException(source, "magic", "only " + got + " bytes: too short for a .npy file");
        }
        int major = prefix[6] & 0xff;
        int minor = prefix[7] & 0xff;
        if (minor != 0 || major < 1 || major > 3) {
            throw new FormatException(source, "version", major + "." + minor
                    + " is not a known .npy version (1.0, 2.0, 3.0)");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] lb = in.readNBytes(lengthBytes);
        if (lb.length < lengthBytes) throw new FormatException(source, "header length", "file ends inside it");
        ByteBuffer lengthBuffer = ByteBuffer.wrap(lb).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? (lengthBuffer.getShort() & 0xffff) : (lengthBuffer.getInt() & 0xffffffffL);
        long dataOffset = 8 + lengthBytes + headerLength;
        if (headerLength > MAX_HEADER_BYTES) {
            throw new FormatException(source, "header length", headerLength + " bytes exceeds the limit of "
                    + MAX_HEADER_BYTES);
        }
        if (knownSize >= 0 && dataOffset > knownSize) {
            throw new FormatException(source, "header length", headerLength + " bytes but the file has only "
                    + (knownSize - 8 - lengthBytes) + " after it (truncated file?)");
        }
        byte[] hb = in.readNBytes((int) headerLength);
        if (hb.length < headerLength) {
            throw new FormatException(source, "header", "file ends after " + hb.length + " of " + headerLength
                    + " header bytes (truncated file?)");
        }
        String text = major == 3 ? Json.decodeUtf8(hb, 0, hb.length, source, "header")
                : new String(hb, StandardCharsets.ISO_8859_1);
        return parseHeader(text, dataOffset, source);
    }

    private static Header parseHeader(String text, long dataOffset, String source) throws FormatException {
        PyLiteral.Dict dict = PyLiteral.parseHeader(text, source);
        Object descrValue = dict.require("descr");
        Object fortranValue = dict.require("fortran_order");
        Object shapeValue = dict.require("shape");
        if (!(descrValue instanceof String descr)) {
            throw new FormatException(source, "header descr", "structured or nested dtype "
                    + PyLiteral.describe(descrValue) + " is not supported; save a plain numeric array");
        }
        ItemType type = itemType(descr, source);
        if (!(fortranValue instanceof Boolean fortran)) {
            throw new FormatException(source, "header fortran_order", "expected True or False, found "
                    + PyLiteral.describe(fortranValue));
        }
        if (!(shapeValue instanceof PyLiteral.Tuple tuple)) {
            throw new FormatException(source, "header shape", "expected a tuple of non-negative integers, found "
                    + PyLiteral.describe(shapeValue));
        }
        long[] shape = new long[tuple.items().size()];
        for (int i = 0; i < shape.length; i++) {
            Object d = tuple.items().get(i);
            if (!(d instanceof Long dim) || dim < 0) {
                throw new FormatException(source, "header shape[" + i + "]", "expected a non-negative integer, found "
                        + PyLiteral.describe(d));
            }
            shape[i] = dim;
        }
        String problem = NdArray.shapeProblem(shape);
        if (problem != null) throw new FormatException(source, "header shape", shapeText(shape) + ": " + problem);
        long numel = 1;
        for (long d : shape) numel *= d;
        if (fortran && shape.length > 1 && numel > 1) {
            throw new FormatException(source, "header fortran_order", "Fortran-order (column-major) arrays are not"
                    + " supported; save np.ascontiguousarray(a) instead");
        }
        return new Header(type, descr, shape, numel, dataOffset);
    }

    private static ItemType itemType(String descr, String source) throws FormatException {
        if (descr.length() == 3) {
            char order = descr.charAt(0);
            String kind = descr.substring(1);
            ItemType t = switch (kind) {
                case "f2" -> ItemType.F2;
                case "f4" -> ItemType.F4;
                case "f8" -> ItemType.F8;
                case "i1" -> ItemType.I1;
                case "u1" -> ItemType.U1;
                case "b1" -> ItemType.B1;
                case "i2" -> ItemType.I2;
                case "u2" -> ItemType.U2;
                case "i4" -> ItemType.I4;
                case "i8" -> ItemType.I8;
                default -> null;
            };
            if (t != null) {
                if (order == '>' && t.itemSize > 1) {
                    throw new FormatException(source, "header descr", "'" + descr + "' is big-endian; only"
                            + " little-endian is supported (save a.astype('<" + kind + "'))");
                }
                if (order == '<' || order == '|' || (order == '=' || order == '>') && t.itemSize == 1) return t;
            }
        }
        throw new FormatException(source, "header descr", "unsupported dtype '" + descr
                + "' (supported: <f2 <f4 <f8 |i1 |u1 |b1 <i2 <u2 <i4 <i8)");
    }

    /**
     * Reads exactly {@code n} bytes. The header may lie about n (a stream's length is not known in advance), so
     * chunks start at 64 KiB and only grow (up to 1 MiB) as data keeps arriving: at most 64 KiB is ever
     * allocated beyond the bytes actually present.
     */
    private static List<byte[]> readExactly(InputStream in, long n, String source) throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        long remaining = n;
        int chunkSize = FIRST_CHUNK_BYTES;
        while (remaining > 0) {
            int size = (int) Math.min(chunkSize, remaining);
            byte[] chunk = new byte[size];
            int got = in.readNBytes(chunk, 0, size);
            if (got < size) {
                throw new FormatException(source, "data", "ends after " + (n - remaining + got) + " of " + n
                        + " bytes (truncated file?)");
            }
            chunks.add(chunk);
            remaining -= size;
            chunkSize = Math.min(chunkSize * 2, MAX_CHUNK_BYTES);
        }
        return chunks;
    }

    private static Object allocate(Header h) {
        int n = (int) h.numel;
        return switch (h.type.memoryType) {
            case F32 -> new float[n];
            case F64 -> new double[n];
            case I32 -> new int[n];
            case I64 -> new long[n];
        };
    }

    /**
     * Decodes {@code length} bytes of {@code chunk} into {@code data} from element {@code at}. Chunk lengths are
     * multiples of the item size (powers of two ≥ 64 KiB, or the whole rest), so no element straddles two chunks.
     */
    private static void decodeChunk(Header h, byte[] chunk, int length, Object data, int at, String source)
            throws FormatException {
        ByteBuffer b = ByteBuffer.wrap(chunk, 0, length).order(ByteOrder.LITTLE_ENDIAN);
        int k = length / h.type.itemSize;
        switch (h.type) {
            case F4 -> b.asFloatBuffer().get((float[]) data, at, k);
            case F8 -> b.asDoubleBuffer().get((double[]) data, at, k);
            case I4 -> b.asIntBuffer().get((int[]) data, at, k);
            case I8 -> b.asLongBuffer().get((long[]) data, at, k);
            case F2 -> {
                float[] f = (float[]) data;
                for (int i = 0; i < k; i++) f[at + i] = Float.float16ToFloat(b.getShort());
            }
            case I2 -> {
                int[] a = (int[]) data;
                for (int i = 0; i < k; i++) a[at + i] = b.getShort();
            }
            case U2 -> {
                int[] a = (int[]) data;
                for (int i = 0; i < k; i++) a[at + i] = b.getShort() & 0xffff;
            }
            case I1 -> {
                int[] a = (int[]) data;
                for (int i = 0; i < k; i++) a[at + i] = chunk[i];
            }
            case U1 -> {
                int[] a = (int[]) data;
                for (int i = 0; i < k; i++) a[at + i] = chunk[i] & 0xff;
            }
            case B1 -> {
                int[] a = (int[]) data;
                for (int i = 0; i < k; i++) {
                    int v = chunk[i] & 0xff;
                    if (v > 1) {
                        throw new FormatException(source, "data", "boolean element " + (at + i) + " is " + v
                                + ", not 0 or 1");
                    }
                    a[at + i] = v;
                }
            }
        }
    }

    static String shapeText(long[] shape) {
        if (shape.length == 1) return "(" + shape[0] + ",)";
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        return sb.append(')').toString();
    }

    // ------------------------------------------------------------------ writing

    /** Atomically writes {@code array} to {@code file}. */
    public static void write(Path file, NdArray array) throws IOException {
        AtomicFiles.write(file, out -> write(out, array));
    }

    /** The complete .npy bytes of {@code array}. */
    public static byte[] toBytes(NdArray array) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out, array);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /** Writes the .npy bytes of {@code array} to {@code out} (not closed). */
    public static void write(OutputStream out, NdArray array) throws IOException {
        out.write(header(array));
        int n = array.size();
        int size = array.dtype().byteSize();
        int perChunk = (1 << 16) / size;
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < n; ) {
            int k = Math.min(perChunk, n - done);
            buf.clear();
            switch (array.dtype()) {
                case F32 -> buf.asFloatBuffer().put(array.floats(), done, k);
                case F64 -> buf.asDoubleBuffer().put(array.doubles(), done, k);
                case I32 -> buf.asIntBuffer().put(array.ints(), done, k);
                case I64 -> buf.asLongBuffer().put(array.longs(), done, k);
            }
            out.write(buf.array(), 0, k * size);
            done += k;
        }
    }

    /** Magic, version, length and padded dict, exactly as numpy's {@code write_array_header} lays them out. */
    static byte[] header(NdArray array) {
        long[] shape = array.shape();
        StringBuilder dict = new StringBuilder("{'descr': '").append(array.dtype().npyDescr())
                .append("', 'fortran_order': False, 'shape': ").append(shapeText(shape)).append(", }");
        if (shape.length > 0) dict.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length()));
        int textLength = dict.length() + 1; // + '\n'
        int major = 1;
        int prefixLength = 10;
        int pad = ALIGN - (prefixLength + textLength) % ALIGN;
        if (textLength + pad > 0xffff) {
            major = 2;
            prefixLength = 12;
            pad = ALIGN - (prefixLength + textLength) % ALIGN;
        }
        int headerLength = textLength + pad;
        ByteBuffer b = ByteBuffer.allocate(prefixLength + headerLength).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) b.putShort((short) headerLength);
        else b.putInt(headerLength);
        b.put(dict.toString().getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < pad; i++) b.put((byte) ' ');
        b.put((byte) '\n');
        return b.array();
    }
}
