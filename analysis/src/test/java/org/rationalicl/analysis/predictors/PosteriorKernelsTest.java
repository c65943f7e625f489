// The Vector API posterior kernels against their scalar twins on ragged sizes and offsets, the shared exp against
// Math.exp, and a check that the build really runs the vector kernels (never scalar against scalar).
package org.rationalicl.analysis.predictors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PosteriorKernelsTest {

    static final int[] SIZES = {1, 2, 3, 7, 8, 15, 16, 17, 31, 33, 63, 65, 127, 129, 207, 1021, 4096};
    static final int[] OFFSETS = {0, 1, 3};

    final ScalarPosteriorKernels scalar = new ScalarPosteriorKernels();
    final PosteriorKernels vector = PosteriorKernels.Holder.choose("simd");

    @Test
    void theChosenImplementationIsTheExpectedOne() {
        String expected = System.getProperty("rationalicl.kernels.expected", "simd");
        assertEquals(expected, PosteriorKernels.get().name(),
                "posterior kernels in use; is --add-modules jdk.incubator.vector on the JVM command line?");
        // When the build expects vectors they must really load here, or the comparisons below would pit the
        // scalar kernels against themselves.
        if (expected.equals("simd")) assertEquals("simd", vector.name(), "the Vector API kernels must load");
        int bits = Integer.getInteger("rationalicl.predictors.vectorBits", 0);
        if (bits != 0) assertEquals(bits, VectorPosteriorKernels.SPECIES.vectorBitSize(), "vector width in use");
    }

    @Test
    void expMatchesMathExpWithinTwoUlpsAndFlushesBelowTheRange() {
        Random rng = new Random(41);
        float maxRel = 0;
        for (int i = 0; i < 200_000; i++) {
            float x = (float) (rng.nextDouble() * (PosteriorExp.HIGHEST - PosteriorExp.LOWEST) + PosteriorExp.LOWEST);
            double exact = Math.exp(x);
            float rel = (float) (Math.abs(PosteriorExp.exp(x) - exact) / exact);
            maxRel = Math.max(maxRel, rel);
        }
        assertTrue(maxRel < 2.4e-7f, "max relative error of PosteriorExp.exp: " + maxRel);
        assertEquals(1f, PosteriorExp.exp(0f));
        assertEquals(0f, PosteriorExp.exp(-88f));
        assertEquals(0f, PosteriorExp.exp(Float.NEGATIVE_INFINITY));
        assertEquals(Float.POSITIVE_INFINITY, PosteriorExp.exp(89f));
        assertTrue(Float.isNaN(PosteriorExp.exp(Float.NaN)));
    }

    @Test
    void vectorExpIsBitIdenticalToTheScalarExp() {
        Random rng = new Random(42);
        for (int n : SIZES) {
            for (int off : OFFSETS) {
                // The second range leaves whole vectors below exp's range, exercising the skipped polynomial.
                for (float[] acc : new float[][] {random(rng, off + n, -100, 88), random(rng, off + n, -100, 0),
                        random(rng, off + n, -300, -60)}) {
                    acc[off] = Float.NEGATIVE_INFINITY;
                    float[] accS = acc.clone();
                    float[] accV = acc.clone();
                    float[] wS = new float[off + n];
                    float[] wV = new float[off + n];
                    java.util.Arrays.fill(wV, Float.NaN); // every weight must be written, zeros included
                    java.util.Arrays.fill(wS, 0, off, Float.NaN);
                    double zS = scalar.shiftExpSum(wS, off, accS, off, 0f, n);
                    double zV = vector.shiftExpSum(wV, off, accV, off, 0f, n);
                    assertArraysEqualBits("exp weights, n " + n + " off " + off, wS, wV);
                    // Float lanes overflow for sums near Float.MAX_VALUE; the predictors only pass values ≤ 0.
                    if (zS < 1e30) assertEquals(zS, zV, 1e-6 * Math.sqrt(n) * zS, "sum of weights, n " + n + " off " + off);
                }
            }
        }
    }

    @Test
    void vectorKernelsMatchScalarOnRaggedSizesAndOffsets() {
        Random rng = new Random(43);
        for (int n : SIZES) {
            for (int off : OFFSETS) {
                String at = " (n " + n + ", offset " + off + ")";
                float[] acc = random(rng, off + n, -30, 0);
                float[] row = random(rng, off + n + 5, -5, 0);
                float[] a1 = acc.clone(), a2 = acc.clone();
                float m1 = scalar.addRowAndMax(a1, off, row, off + 2, n);
                float m2 = vector.addRowAndMax(a2, off, row, off + 2, n);
                assertEquals(m1, m2, "addRowAndMax max" + at);
                assertArraysEqualBits("addRowAndMax acc" + at, a1, a2);

                float[] pred = random(rng, off + n, -3, 3);
                a1 = acc.clone();
                a2 = acc.clone();
                m1 = scalar.subtractScaledSquaredErrorAndMax(a1, off, pred, off, 0.7f, 16f, n);
                m2 = vector.subtractScaledSquaredErrorAndMax(a2, off, pred, off, 0.7f, 16f, n);
                assertEquals(m1, m2, "subtractScaledSquaredErrorAndMax max" + at);
                assertArraysEqualBits("subtractScaledSquaredErrorAndMax acc" + at, a1, a2);

                a1 = acc.clone();
                a2 = acc.clone();
                float[] w1 = new float[off + n], w2 = new float[off + n];
                double z1 = scalar.shiftExpSum(w1, off, a1, off, -0.5f, n);
                double z2 = vector.shiftExpSum(w2, off, a2, off, -0.5f, n);
                assertEquals(z1, z2, 1e-6 * Math.sqrt(n) * Math.abs(z1), "shiftExpSum sum" + at);
                assertArraysEqualBits("shiftExpSum acc" + at, a1, a2);
                assertArraysEqualBits("shiftExpSum weights" + at, w1, w2);

                float[] b = random(rng, off + n + 1, -1, 1);
                double d1 = scalar.dot(w1, off, b, off + 1, n);
                double d2 = vector.dot(w1, off, b, off + 1, n);
                double scale = 0;
                for (int i = 0; i < n; i++) scale += Math.abs(w1[off + i] * b[off + 1 + i]);
                assertEquals(d1, d2, 1e-6 * Math.sqrt(n) * (scale + 1e-30), "dot" + at);

                int rowsM = 1 + (n % 11); // 1..11 rows: the four-row groups and the remainder rows
                int ldM = n + 2;
                float[] symbolRows = random(rng, off + rowsM * ldM, 0, 1);
                double[] r1 = new double[off + rowsM], r2 = new double[off + rowsM];
                float[] wz = w1.clone(); // a run of zero weights (negligible tasks) that the vector kernel skips
                java.util.Arrays.fill(wz, off + n / 4, off + (3 * n) / 4, 0f);
                scalar.weightedRowSums(r1, off, wz, off, symbolRows, off, ldM, rowsM, n);
                vector.weightedRowSums(r2, off, wz, off, symbolRows, off, ldM, rowsM, n);
                for (int k = 0; k < rowsM; k++) {
                    double sc = 0;
                    for (int i = 0; i < n; i++) sc += Math.abs(wz[off + i] * symbolRows[off + k * ldM + i]);
                    assertEquals(r1[off + k], r2[off + k], 1e-6 * Math.sqrt(n) * (sc + 1e-30),
                            "weightedRowSums row " + k + " of " + rowsM + at);
                }

                int m = 1 + (n % 9);
                int ld = n + 3;
                float[] rows = random(rng, off + m * ld, -2, 2);
                float[] c = random(rng, off + m, -1, 1);
                float[] o1 = new float[off + n], o2 = new float[off + n];
                scalar.combineRows(o1, off, rows, off, ld, c, off, m, n);
                vector.combineRows(o2, off, rows, off, ld, c, off, m, n);
                double maxDiff = 0;
                for (int i = 0; i < off + n; i++) maxDiff = Math.max(maxDiff, Math.abs(o1[i] - o2[i]));
                assertTrue(maxDiff <= 1e-6 * m, "combineRows" + at + ": max diff " + maxDiff);
            }
        }
    }

    static float[] random(Random rng, int n, double lo, double hi) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (lo + (hi - lo) * rng.nextDouble());
        return x;
    }

    static void assertArraysEqualBits(String what, float[] expected, float[] actual) {
        StringBuilder first = new StringBuilder();
        int bad = 0;
        double maxDiff = 0;
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
                if (bad++ < 5) first.append(" [").append(i).append("] ").append(expected[i]).append(" vs ").append(actual[i]);
            }
        }
        assertEquals(0, bad, what + ": " + bad + " values differ (max diff " + maxDiff + "):" + first);
    }
}
