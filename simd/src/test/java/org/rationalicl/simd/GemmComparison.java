// Vector-vs-scalar comparison of a GEMM's output: each written element within its own error bound, and every
// element outside the written region bit-for-bit unchanged; on failure the first mismatches and the max difference.
package org.rationalicl.simd;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

final class GemmComparison {
    private final float[] before, expected, actual;
    private final boolean[] written;
    private final List<String> bad = new ArrayList<>();
    private double maxDiff;

    /** @param before C as it was before both calls; expected and actual start as copies of it */
    GemmComparison(float[] before, float[] expected, float[] actual) {
        this.before = before;
        this.expected = expected;
        this.actual = actual;
        this.written = new boolean[before.length];
    }

    /** C[i, j], stored at index {@code at}, must agree within {@code tolerance}. */
    void element(int i, int j, int at, double tolerance) {
        written[at] = true;
        double diff = Math.abs((double) actual[at] - expected[at]);
        maxDiff = Math.max(maxDiff, diff);
        if (!(diff <= tolerance)) {
            bad.add("C[" + i + "," + j + "] vector=" + actual[at] + " scalar=" + expected[at] + " diff=" + diff
                    + " tolerance=" + tolerance);
        }
    }

    /** Fails with {@code where} and the first five mismatches, including changes outside the written elements. */
    void assertAll(String where) {
        for (int at = 0; at < before.length; at++) {
            if (!written[at] && Float.floatToRawIntBits(actual[at]) != Float.floatToRawIntBits(before[at])) {
                bad.add("outside the written region: index " + at + " changed from " + before[at] + " to " + actual[at]);
            }
        }
        if (!bad.isEmpty()) {
            fail(where + ": " + bad.size() + " mismatches, max |diff| " + maxDiff + "; first: "
                    + String.join("; ", bad.subList(0, Math.min(5, bad.size()))));
        }
    }
}
