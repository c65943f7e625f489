// Argument checks shared by the report's data records: each failure names the field and the allowed range.
// Package-private: the records are the public face, this only keeps their constructors short.
package org.rationalicl.analysis.report;

import java.util.Objects;

final class Checks {
    private Checks() {}

    static int[] poolSizes(String field, int[] poolSizes) {
        Objects.requireNonNull(poolSizes, field);
        if (poolSizes.length == 0) throw new IllegalArgumentException(field + ": needs at least one pool size D");
        for (int i = 0; i < poolSizes.length; i++) {
            if (poolSizes[i] < 1) {
                throw new IllegalArgumentException(field + "[" + i + "] = " + poolSizes[i] + ": pool size D must be >= 1");
            }
            if (i > 0 && poolSizes[i] <= poolSizes[i - 1]) {
                throw new IllegalArgumentException(field + ": pool sizes must be strictly ascending, but ["
                        + (i - 1) + "] = " + poolSizes[i - 1] + " and [" + i + "] = " + poolSizes[i]);
            }
        }
        return poolSizes.clone();
    }

    static long[] steps(String field, long[] steps) {
        Objects.requireNonNull(steps, field);
        if (steps.length == 0) throw new IllegalArgumentException(field + ": needs at least one training step");
        for (int i = 0; i < steps.length; i++) {
            if (steps[i] < 0) throw new IllegalArgumentException(field + "[" + i + "] = " + steps[i] + ": steps must be >= 0");
            if (i > 0 && steps[i] <= steps[i - 1]) {
                throw new IllegalArgumentException(field + ": steps must be strictly ascending, but ["
                        + (i - 1) + "] = " + steps[i - 1] + " and [" + i + "] = " + steps[i]);
            }
        }
        return steps.clone();
    }

    /** Copies a flat matrix after checking its length and that every value is NaN (missing) or in [lo, hi]. */
    static double[] matrix(String field, double[] values, int rows, int cols, double lo, double hi) {
        Objects.requireNonNull(values, field);
        long expected = (long) rows * cols;
        if (values.length != expected) {
            throw new IllegalArgumentException(field + ": length " + values.length + " but (D, steps) = ("
                    + rows + ", " + cols + ") needs " + expected);
        }
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!Double.isNaN(v) && !(v >= lo && v <= hi)) {
                throw new IllegalArgumentException(field + "[D index " + (i / cols) + ", step index " + (i % cols)
                        + "] = " + v + ": must be in [" + lo + ", " + hi + "] or NaN for missing");
            }
        }
        return values.clone();
    }

    static double[] flatten(String field, double[][] rowsByD, int rows, int cols) {
        Objects.requireNonNull(rowsByD, field);
        if (rowsByD.length != rows) {
            throw new IllegalArgumentException(field + ": " + rowsByD.length + " rows but there are " + rows + " pool sizes");
        }
        double[] flat = new double[rows * cols]; // (D, steps)
        for (int i = 0; i < rows; i++) {
            Objects.requireNonNull(rowsByD[i], field + "[" + i + "]");
            if (rowsByD[i].length != cols) {
                throw new IllegalArgumentException(field + "[" + i + "]: " + rowsByD[i].length
                        + " values but there are " + cols + " steps");
            }
            System.arraycopy(rowsByD[i], 0, flat, i * cols, cols);
        }
        return flat;
    }

    static double finite(String field, double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException(field + " = " + v + ": must be finite");
        return v;
    }

    static String text(String field, String s) {
        Objects.requireNonNull(s, field);
        if (s.isBlank()) throw new IllegalArgumentException(field + ": must not be blank");
        return s;
    }
}
