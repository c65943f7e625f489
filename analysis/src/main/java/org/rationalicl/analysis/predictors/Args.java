// Argument checks shared by the predictors: each failure names the argument and the allowed range.
package org.rationalicl.analysis.predictors;

final class Args {
    private Args() {}

    static void positive(String name, int value) {
        if (value < 1) throw new IllegalArgumentException(name + " = " + value + ": must be >= 1");
    }

    static void atLeast(String name, int value, int min) {
        if (value < min) throw new IllegalArgumentException(name + " = " + value + ": must be >= " + min);
    }

    static void positiveFinite(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " = " + value + ": must be finite and > 0");
        }
    }

    /** Checks that {@code array} holds exactly the product of the given extents (as long, so it cannot overflow). */
    static void length(String name, int actual, String shape, long... extents) {
        long expected = 1;
        for (long e : extents) expected = Math.multiplyExact(expected, e);
        if (actual != expected) {
            throw new IllegalArgumentException(name + " has " + actual + " values; expected " + expected
                    + " for shape " + shape);
        }
    }

    static void notNull(String name, Object value) {
        if (value == null) throw new IllegalArgumentException(name + " must not be null");
    }

    static void finite(String name, float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + values[i] + ": must be finite");
            }
        }
    }

    static int toInt(String name, long value) {
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " = " + value + ": exceeds the largest Java array");
        }
        return (int) value;
    }
}
