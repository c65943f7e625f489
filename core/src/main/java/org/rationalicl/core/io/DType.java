// The element types an NdArray holds in memory. File formats may store more (F16, BF16, u1, b1); readers widen
// those to one of these four.
package org.rationalicl.core.io;

/** In-memory element type of an {@link NdArray}, with its size and the names the file formats use for it. */
public enum DType {
    /** 32-bit IEEE float, data is {@code float[]}. */
    F32(4, "F32", "<f4"),
    /** 64-bit IEEE float, data is {@code double[]}. */
    F64(8, "F64", "<f8"),
    /** 32-bit signed integer, data is {@code int[]}. */
    I32(4, "I32", "<i4"),
    /** 64-bit signed integer, data is {@code long[]}. */
    I64(8, "I64", "<i8");

    private final int byteSize;
    private final String safetensorsName;
    private final String npyDescr;

    DType(int byteSize, String safetensorsName, String npyDescr) {
        this.byteSize = byteSize;
        this.safetensorsName = safetensorsName;
        this.npyDescr = npyDescr;
    }

    /** Bytes per element on disk and in memory. */
    public int byteSize() {
        return byteSize;
    }

    /** The safetensors header name ("F32", "F64", "I32", "I64"). */
    public String safetensorsName() {
        return safetensorsName;
    }

    /** The numpy little-endian descr ("&lt;f4", "&lt;f8", "&lt;i4", "&lt;i8"). */
    public String npyDescr() {
        return npyDescr;
    }

    /** True for F32 and F64. */
    public boolean isFloatingPoint() {
        return this == F32 || this == F64;
    }
}
