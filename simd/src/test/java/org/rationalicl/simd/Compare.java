// Test helpers: fixed-seed random arrays and element-wise comparison with a per-element tolerance that
// prints the worst mismatching pairs and the max difference on failure.
package org.rationalicl.simd;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;

final class Compare {
    /** The sizes every kernel is tested at: ragged around every lane count, plus long rows. */
    static final int[] SIZES = {1, 2, 3, 7, 8, 15, 16, 17, 31, 33, 63, 65, 127, 129, 207, 1021};
    static final int[] OFFSETS = {0, 1, 3};
    /** Unit round-off of float. */
    static final double EPS = 0x1p-24;

    private Compare() {}

    static float[] uniform(Random rnd, int n, double lo, double hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (lo + (hi - lo) * rnd.nextDouble());
        return a;
    }

    /** Tolerance for element i (an index into the compared arrays). */
    interface Tolerance {
        double at(int i);
    }

    static void assertClose(String what, float[] expected, float[] actual, int off, int n, Tolerance tol) {
        assertClose(what, i -> expected[i], actual, off, n, tol);
    }

    static void assertClose(String what, double[] expected, float[] actual, int off, int n, Tolerance tol) {
        assertClose(what, i -> expected[i], actual, off, n, tol);
    }

    /** Fails when |actual[i] − expected(i)| > tol(i) (or either is NaN) for some i in [off, off+n). */
    static void assertClose(String what, IntToDoubleFunction expected, float[] actual, int off, int n, Tolerance tol) {
        List<double[]> bad = new ArrayList<>(); // {index, expected, actual, |diff|, tol}
        double maxDiff = 0;
        for (int i = off; i < off + n; i++) {
            double e = expected.applyAsDouble(i), a = actual[i], diff = Math.abs(a - e), t = tol.at(i);
            boolean nan = Double.isNaN(e) != Double.isNaN(a);
            if (!Double.isNaN(diff)) maxDiff = Math.max(maxDiff, diff);
            if (nan || diff > t) bad.add(new double[] {i, e, a, nan ? Double.POSITIVE_INFINITY : diff, t});
        }
        if (bad.isEmpty()) return;
        bad.sort(Comparator.comparingDouble((double[] b) -> b[3] / Math.max(b[4], Double.MIN_VALUE)).reversed());
        StringBuilder msg = new StringBuilder(what + ": " + bad.size() + " of " + n + " elements out of tolerance,"
                + " max |diff| " + maxDiff + "; worst:");
        for (int j = 0; j < Math.min(6, bad.size()); j++) {
            double[] b = bad.get(j);
            msg.append(String.format("%n  [%d] expected %.9g actual %.9g |diff| %.3g tol %.3g",
                    (int) b[0], b[1], b[2], b[3], b[4]));
        }
        fail(msg.toString());
    }

    /** Fails unless the two regions are bit-for-bit equal. */
    static void assertSameBits(String what, float[] expected, float[] actual, int off, int n) {
        assertClose(what, expected, actual, off, n, i -> 0.0);
    }
}
