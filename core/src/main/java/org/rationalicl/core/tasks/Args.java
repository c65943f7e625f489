// Range checks shared by the task classes: each failure is an IllegalArgumentException that names the field
// and the allowed range, e.g. "tasks (D) = 0 must be in [1, 1048576]".
package org.rationalicl.core.tasks;

final class Args {
    private Args() {}

    static int intIn(String field, int value, int lo, int hi) {
        if (value < lo || value > hi) {
            throw new IllegalArgumentException(field + " = " + value + " must be in [" + lo + ", " + hi + "]");
        }
        return value;
    }

    static long longIn(String field, long value, long lo, long hi) {
        if (value < lo || value > hi) {
            throw new IllegalArgumentException(field + " = " + value + " must be in [" + lo + ", " + hi + "]");
        }
        return value;
    }

    /** Finite value in [lo, hi] (NaN fails). */
    static double doubleIn(String field, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) {
            throw new IllegalArgumentException(field + " = " + value + " must be in [" + lo + ", " + hi + "]");
        }
        return value;
    }

    /** Finite value in (lo, hi] (NaN fails). */
    static double doubleAbove(String field, double value, double lo, double hi) {
        if (!(value > lo && value <= hi)) {
            throw new IllegalArgumentException(field + " = " + value + " must be in (" + lo + ", " + hi + "]");
        }
        return value;
    }

    static void notNull(String field, Object value) {
        if (value == null) throw new IllegalArgumentException(field + " must not be null");
    }

    /** rows × rowLength as an int, or an exception naming the field when it does not fit an array. */
    static int size(String field, long rows, long rowLength) {
        long n = rows * rowLength;
        if (rows < 0 || rowLength < 0 || n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(field + ": " + rows + " x " + rowLength + " elements do not fit one array");
        }
        return (int) n;
    }

    /** An optional (nullable) or required output array must hold `rows` rows of `rowLength`. */
    static void output(String field, int arrayLength, boolean present, boolean required, int rows, int rowLength) {
        if (!present) {
            if (required) throw new IllegalArgumentException(field + " must not be null");
            return;
        }
        long need = (long) rows * rowLength;
        if (arrayLength < need) {
            throw new IllegalArgumentException(field + ": length " + arrayLength + " < " + need + " needed for rows [0, "
                    + rows + ") of " + rowLength);
        }
    }
}
