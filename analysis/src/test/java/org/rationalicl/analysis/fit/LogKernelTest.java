// The vector logarithm kernel against its scalar twin on ragged sizes and offsets, and a check that the
// build really selected the implementation it expected (so scalar is never compared with scalar by accident).
package org.rationalicl.analysis.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogKernelTest {
    private static final int[] SIZES = {1, 2, 3, 7, 8, 15, 16, 17, 31, 33, 63, 65, 127, 129, 207, 1021};
    private static final int[] OFFSETS = {0, 1, 3};

    @Test
    void selectedKernelIsTheExpectedOne() {
        String expected = System.getProperty("rationalicl.kernels.expected", "");
        if (expected.equals("simd")) {
            assertTrue(LogKernel.get().name().startsWith("vector"), "selected " + LogKernel.get().name());
        } else if (expected.equals("scalar")) {
            assertEquals("scalar", LogKernel.get().name());
        }
    }

    private static float[] probabilities(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            // Spread over [1e-14, 1]: exercises the floor (1e-10) and ordinary values; some exact zeros.
            x[i] = i % 11 == 5 ? 0f : (float) Math.exp(-32 * r.nextDouble());
        }
        return x;
    }

    @Test
    void vectorMatchesScalarOnRaggedShapes() {
        LogKernel vector = LogKernel.get();
        LogKernel scalar = new LogKernel.Scalar();
        SplittableRandom r = new SplittableRandom(17);
        double maxDiff = 0;
        StringBuilder firstMismatches = new StringBuilder();
        int mismatches = 0;
        for (int n : SIZES) {
            for (int off : OFFSETS) {
                float[] in = probabilities(r, n + off);
                float[] a = new float[n + off];
                float[] b = new float[n + off];
                vector.flooredLogs(a, off, in, off, n);
                scalar.flooredLogs(b, off, in, off, n);
                for (int i = off; i < n + off; i++) {
                    double d = Math.abs(a[i] - b[i]);
                    maxDiff = Math.max(maxDiff, d);
                    // A few float ulps of the result (|log| ≤ 24 → ulp ≤ 2e-6).
                    if (d > 4 * Math.ulp(b[i]) && mismatches++ < 5) {
                        firstMismatches.append(String.format(" [n=%d off=%d i=%d: %s vs %s]", n, off, i, a[i], b[i]));
                    }
                }
                float[] m = probabilities(r, n);
                float[] g = probabilities(r, n);
                float[] ha = new float[n];
                float[] hb = new float[n];
                float[] la = new float[n];
                float[] lb = new float[n];
                vector.mixtureLogs(ha, la, m, g, 0.3f, n);
                scalar.mixtureLogs(hb, lb, m, g, 0.3f, n);
                for (int i = 0; i < n; i++) {
                    assertEquals(hb[i], ha[i], 0f, "mixture value n=" + n + " i=" + i);
                    double d = Math.abs(la[i] - lb[i]);
                    maxDiff = Math.max(maxDiff, d);
                    if (d > 4 * Math.ulp(lb[i]) && mismatches++ < 5) {
                        firstMismatches.append(String.format(" [mixture n=%d i=%d: %s vs %s]", n, i, la[i], lb[i]));
                    }
                }
            }
        }
        assertEquals(0, mismatches, "max difference " + maxDiff + firstMismatches);
        float[] floorCheck = new float[1];
        scalar.flooredLogs(floorCheck, 0, new float[] {0f}, 0, 1);
        assertEquals(Math.log(LogKernel.FLOOR), floorCheck[0], 1e-6);
    }
}
