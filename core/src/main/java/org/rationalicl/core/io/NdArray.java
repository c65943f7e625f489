// An n-dimensional array as the file formats see it: element type, shape, and a flat row-major primitive array.
// Limit: at most Integer.MAX_VALUE - 8 elements (one Java array).
package org.rationalicl.core.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense, row-major (C order) array: {@code data} is a {@code float[]} for {@link DType#F32}, {@code double[]}
 * for F64, {@code int[]} for I32 and {@code long[]} for I64, with exactly {@code product(shape)} elements
 * (1 for a scalar, shape {@code []}). The record does not copy: the caller hands over {@code data} and
 * {@code shape}; {@link #shape()} returns a copy so the shape cannot be changed afterwards.
 * Equality compares dtype, shape and contents (floats bitwise, so NaN equals NaN).
 */
public record NdArray(DType dtype, long[] shape, Object data) {
    /** The largest element count a Java array can hold on common JVMs. */
    public static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    public NdArray {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        shape = shape.clone();
        long n = numel(shape);
        int length = switch (dtype) {
            case F32 -> data instanceof float[] a ? a.length : -1;
            case F64 -> data instanceof double[] a ? a.length : -1;
            case I32 -> data instanceof int[] a ? a.length : -1;
            case I64 -> data instanceof long[] a ? a.length : -1;
        };
        if (length < 0) {
            throw new IllegalArgumentException("data for dtype " + dtype + " must be a "
                    + javaTypeName(dtype) + ", found " + data.getClass().getSimpleName());
        }
        if (length != n) {
            throw new IllegalArgumentException("data has " + length + " elements but shape "
                    + Arrays.toString(shape) + " needs " + n);
        }
    }

    public static NdArray ofFloats(float[] data, long... shape) {
        return new NdArray(DType.F32, shape, data);
    }

    public static NdArray ofDoubles(double[] data, long... shape) {
        return new NdArray(DType.F64, shape, data);
    }

    public static NdArray ofInts(int[] data, long... shape) {
        return new NdArray(DType.I32, shape, data);
    }

    public static NdArray ofLongs(long[] data, long... shape) {
        return new NdArray(DType.I64, shape, data);
    }

    /** A zero-filled array. */
    public static NdArray zeros(DType dtype, long... shape) {
        int n = Math.toIntExact(numel(shape));
        Object data = switch (dtype) {
            case F32 -> new float[n];
            case F64 -> new double[n];
            case I32 -> new int[n];
            case I64 -> new long[n];
        };
        return new NdArray(dtype, shape, data);
    }

    /**
     * Element count of {@code shape}: the product of its dimensions, 1 for {@code []}. Throws
     * IllegalArgumentException for a negative dimension, or a dimension or count above {@link #MAX_ELEMENTS}.
     */
    public static long numel(long[] shape) {
        String problem = shapeProblem(shape);
        if (problem != null) throw new IllegalArgumentException(problem);
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    /**
     * Why {@code shape} cannot describe an NdArray, or null when it can. Every dimension must lie in
     * [0, MAX_ELEMENTS] (even when another is 0) and so must the product; readers call this to turn the
     * problem into a FormatException before constructing anything.
     */
    static String shapeProblem(long[] shape) {
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) return "shape[" + i + "] = " + shape[i] + " is negative";
            if (shape[i] > MAX_ELEMENTS) {
                return "shape[" + i + "] = " + shape[i] + " exceeds " + MAX_ELEMENTS + ", the most one Java array holds";
            }
            n *= shape[i]; // both factors ≤ MAX_ELEMENTS < 2^31: no overflow
            if (n > MAX_ELEMENTS) {
                return "shape " + Arrays.toString(shape) + " has more than " + MAX_ELEMENTS
                        + " elements, the most one Java array holds";
            }
        }
        return null;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The shape as ints (every dimension fits, since the element count does). */
    public int[] intShape() {
        int[] s = new int[shape.length];
        for (int i = 0; i < s.length; i++) s[i] = (int) shape[i];
        return s;
    }

    /** Number of dimensions (0 for a scalar). */
    public int rank() {
        return shape.length;
    }

    /** Dimension {@code axis}. */
    public long dim(int axis) {
        return shape[axis];
    }

    /** Number of elements. */
    public int size() {
        return switch (dtype) {
            case F32 -> ((float[]) data).length;
            case F64 -> ((double[]) data).length;
            case I32 -> ((int[]) data).length;
            case I64 -> ((long[]) data).length;
        };
    }

    /** The F32 data itself (no copy). Throws IllegalStateException for other dtypes. */
    public float[] floats() {
        requireDType(DType.F32);
        return (float[]) data;
    }

    /** The F64 data itself (no copy). */
    public double[] doubles() {
        requireDType(DType.F64);
        return (double[]) data;
    }

    /** The I32 data itself (no copy). */
    public int[] ints() {
        requireDType(DType.I32);
        return (int[]) data;
    }

    /** The I64 data itself (no copy). */
    public long[] longs() {
        requireDType(DType.I64);
        return (long[]) data;
    }

    /** A new float[] with every element converted (F64 rounds to nearest, integers as by Java's widening rules). */
    public float[] toFloatArray() {
        int n = size();
        float[] out = new float[n];
        switch (dtype) {
            case F32 -> System.arraycopy(data, 0, out, 0, n);
            case F64 -> { double[] a = (double[]) data; for (int i = 0; i < n; i++) out[i] = (float) a[i]; }
            case I32 -> { int[] a = (int[]) data; for (int i = 0; i < n; i++) out[i] = a[i]; }
            case I64 -> { long[] a = (long[]) data; for (int i = 0; i < n; i++) out[i] = a[i]; }
        }
        return out;
    }

    /** A new double[] with every element converted (exact except I64 beyond 2^53). */
    public double[] toDoubleArray() {
        int n = size();
        double[] out = new double[n];
        switch (dtype) {
            case F32 -> { float[] a = (float[]) data; for (int i = 0; i < n; i++) out[i] = a[i]; }
            case F64 -> System.arraycopy(data, 0, out, 0, n);
            case I32 -> { int[] a = (int[]) data; for (int i = 0; i < n; i++) out[i] = a[i]; }
            case I64 -> { long[] a = (long[]) data; for (int i = 0; i < n; i++) out[i] = a[i]; }
        }
        return out;
    }

    /**
     * A new int[]: I32 copied, I64 narrowed exactly (ArithmeticException when a value does not fit), and
     * floating point only when every value is an integer in the int range (otherwise ArithmeticException naming
     * the first offending index), so labels saved as floats by another tool still load but nothing is truncated.
     */
    public int[] toIntArray() {
        int n = size();
        int[] out = new int[n];
        switch (dtype) {
            case I32 -> System.arraycopy(data, 0, out, 0, n);
            case I64 -> { long[] a = (long[]) data; for (int i = 0; i < n; i++) out[i] = Math.toIntExact(a[i]); }
            case F32 -> { float[] a = (float[]) data; for (int i = 0; i < n; i++) out[i] = exactInt(a[i], i); }
            case F64 -> { double[] a = (double[]) data; for (int i = 0; i < n; i++) out[i] = exactInt(a[i], i); }
        }
        return out;
    }

    /** A new long[]: integers widened, floating point only when every value is an exact integer in range. */
    public long[] toLongArray() {
        int n = size();
        long[] out = new long[n];
        switch (dtype) {
            case I32 -> { int[] a = (int[]) data; for (int i = 0; i < n; i++) out[i] = a[i]; }
            case I64 -> System.arraycopy(data, 0, out, 0, n);
            case F32 -> { float[] a = (float[]) data; for (int i = 0; i < n; i++) out[i] = exactLong(a[i], i); }
            case F64 -> { double[] a = (double[]) data; for (int i = 0; i < n; i++) out[i] = exactLong(a[i], i); }
        }
        return out;
    }

    /** This array with {@code dtype} (a converted copy, or this when the dtype already matches). */
    public NdArray as(DType target) {
        if (target == dtype) return this;
        Object converted = switch (target) {
            case F32 -> toFloatArray();
            case F64 -> toDoubleArray();
            case I32 -> toIntArray();
            case I64 -> toLongArray();
        };
        return new NdArray(target, shape, converted);
    }

    private static int exactInt(double v, int index) {
        if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new ArithmeticException("element " + index + " = " + v + " is not an int");
        }
        return (int) v;
    }

    private static long exactLong(double v, int index) {
        // 2^63 is exactly representable; anything at or above it does not fit.
        if (v != Math.rint(v) || v < -0x1p63 || v >= 0x1p63) {
            throw new ArithmeticException("element " + index + " = " + v + " is not a long");
        }
        return (long) v;
    }

    private void requireDType(DType expected) {
        if (dtype != expected) {
            throw new IllegalStateException("array has dtype " + dtype + ", not " + expected
                    + "; use to" + switch (expected) {
                        case F32 -> "FloatArray";
                        case F64 -> "DoubleArray";
                        case I32 -> "IntArray";
                        case I64 -> "LongArray";
                    } + "() to convert");
        }
    }

    private static String javaTypeName(DType dtype) {
        return switch (dtype) {
            case F32 -> "float[]";
            case F64 -> "double[]";
            case I32 -> "int[]";
            case I64 -> "long[]";
        };
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NdArray other)) return false;
        if (dtype != other.dtype || !Arrays.equals(shape, other.shape)) return false;
        return switch (dtype) {
            case F32 -> Arrays.equals((float[]) data, (float[]) other.data);
            case F64 -> Arrays.equals((double[]) data, (double[]) other.data);
            case I32 -> Arrays.equals((int[]) data, (int[]) other.data);
            case I64 -> Arrays.equals((long[]) data, (long[]) other.data);
        };
    }

    @Override
    public int hashCode() {
        int h = 31 * dtype.hashCode() + Arrays.hashCode(shape);
        return 31 * h + switch (dtype) {
            case F32 -> Arrays.hashCode((float[]) data);
            case F64 -> Arrays.hashCode((double[]) data);
            case I32 -> Arrays.hashCode((int[]) data);
            case I64 -> Arrays.hashCode((long[]) data);
        };
    }

    @Override
    public String toString() {
        return "NdArray[" + dtype + " " + Arrays.toString(shape) + "]";
    }
}
