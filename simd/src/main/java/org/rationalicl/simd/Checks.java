// Cheap argument validation, once per kernel call: a clear IllegalArgumentException instead of an
// out-of-bounds access deep inside a loop.
package org.rationalicl.simd;

public final class Checks {
    private Checks() {}

    /** Requires size ≥ 0 (or ≥ 1 when positive). */
    public static void size(String name, int value) {
        if (value < 0) throw new IllegalArgumentException(name + " = " + value + " must be >= 0");
    }

    /** Requires a[off, off+len) to lie inside the array. */
    public static void span(String name, float[] a, int off, long len) {
        if (a == null) throw new IllegalArgumentException(name + " is null");
        if (off < 0 || len < 0 || off + len > a.length) {
            throw new IllegalArgumentException(name + ": range [" + off + ", " + (off + len) + ") outside array of length " + a.length);
        }
    }

    /** Same for int arrays. */
    public static void span(String name, int[] a, int off, long len) {
        if (a == null) throw new IllegalArgumentException(name + " is null");
        if (off < 0 || len < 0 || off + len > a.length) {
            throw new IllegalArgumentException(name + ": range [" + off + ", " + (off + len) + ") outside array of length " + a.length);
        }
    }

    /**
     * Requires a row-major matrix of rows×cols with leading dimension ld at a[off]: ld ≥ cols and the last
     * element inside the array. An empty matrix needs nothing.
     */
    public static void matrix(String name, float[] a, int off, int ld, int rows, int cols) {
        if (a == null) throw new IllegalArgumentException(name + " is null");
        if (rows < 0 || cols < 0) throw new IllegalArgumentException(name + ": negative shape " + rows + "x" + cols);
        if (ld < cols) throw new IllegalArgumentException(name + ": leading dimension " + ld + " < row length " + cols);
        if (off < 0) throw new IllegalArgumentException(name + ": negative offset " + off);
        if (rows == 0 || cols == 0) return;
        long last = off + (long) (rows - 1) * ld + cols;
        if (last > a.length) {
            throw new IllegalArgumentException(name + ": " + rows + "x" + cols + " (ld " + ld + ") at offset " + off
                    + " needs " + last + " elements, array has " + a.length);
        }
    }
}
