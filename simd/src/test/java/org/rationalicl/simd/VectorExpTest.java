// VectorExp against StrictMath.exp: the max error in ulps over a dense grid and a stride through every float
// magnitude, the edge cases (underflow to subnormals and 0, overflow to +∞, NaN, ±0, ±∞) and ragged tails.
package org.rationalicl.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorExpTest {
    /** The measured maximum over both grids is quoted in VectorExp; this bound keeps that figure honest. */
    private static final double MAX_ULPS = 1.5;

    /** Error of y as an approximation of e^x, in ulps of the correctly rounded float result. */
    private static double ulps(float x, float y) {
        double exact = StrictMath.exp(x);
        float rounded = (float) exact;
        if (Float.isInfinite(rounded)) return y == Float.POSITIVE_INFINITY ? 0 : Double.POSITIVE_INFINITY;
        return Math.abs(y - exact) / Math.ulp(rounded);
    }

    /** max ulps over x; fails with the worst few points. */
    private static double maxUlps(String what, float[] x) {
        float[] y = new float[x.length];
        VectorExp.exp(y, 0, x, 0, x.length);
        double max = 0;
        int worst = 0;
        for (int i = 0; i < x.length; i++) {
            double e = ulps(x[i], y[i]);
            if (!(e <= max)) { // also catches NaN
                max = e;
                worst = i;
            }
        }
        assertTrue(max <= MAX_ULPS, what + ": max error " + max + " ulp at x = " + x[worst] + " (" + y[worst]
                + " vs StrictMath " + StrictMath.exp(x[worst]) + ")");
        return max;
    }

    @Test
    void denseGridFromUnderflowToOverflow() {
        int n = 4_000_001; // step 4.8e-5 over [−104, 89]: normal, subnormal and overflowing results
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (-104 + 193.0 * i / (n - 1));
        double max = maxUlps("grid [-104, 89]", x);
        System.out.printf("VectorExp: max error %.3f ulp on a grid of %d points over [-104, 89]%n", max, n);
    }

    @Test
    void strideThroughEveryMagnitude() {
        // every 509th float bit pattern with |x| ≤ 104, both signs: tiny arguments (e^x ≈ 1 + x) to the extremes
        int top = Float.floatToRawIntBits(104f);
        int count = top / 509 + 1;
        float[] x = new float[2 * count];
        for (int j = 0; j < count; j++) {
            x[2 * j] = Float.intBitsToFloat(j * 509);
            x[2 * j + 1] = -x[2 * j];
        }
        double max = maxUlps("stride through |x| <= 104", x);
        System.out.printf("VectorExp: max error %.3f ulp on %d floats of every magnitude%n", max, x.length);
    }

    @Test
    void edgeCases() {
        float minNormalArg = (float) Math.log(Float.MIN_NORMAL); // −87.34: results below become subnormal
        float[] x = {Float.NaN, 0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 88.72283f, 88.72284f,
                89f, 100f, Float.MAX_VALUE, minNormalArg, -100f, -103.2f, -103.9f, -104f, -110f, -Float.MAX_VALUE,
                1f, -1f, Float.MIN_VALUE, -Float.MIN_VALUE};
        float[] y = new float[x.length];
        VectorExp.exp(y, 0, x, 0, x.length);
        assertTrue(Float.isNaN(y[0]), "exp(NaN) = " + y[0]);
        assertEquals(1f, y[1], 0f, "exp(0)");
        assertEquals(1f, y[2], 0f, "exp(-0)");
        assertEquals(Float.POSITIVE_INFINITY, y[3], "exp(+inf)");
        assertEquals(0f, y[4], 0f, "exp(-inf)");
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(y[4]), "exp(-inf) is +0");
        assertTrue(y[5] < Float.POSITIVE_INFINITY && y[5] > 3.4e38f, "exp(88.72283) finite, near MAX_VALUE: " + y[5]);
        for (int i = 6; i <= 9; i++) assertEquals(Float.POSITIVE_INFINITY, y[i], "exp(" + x[i] + ") overflows");
        for (int i = 10; i <= 13; i++) {
            assertTrue(ulps(x[i], y[i]) <= MAX_ULPS, "exp(" + x[i] + ") = " + y[i] + " vs " + StrictMath.exp(x[i]));
        }
        assertTrue(y[11] > 0 && y[11] < Float.MIN_NORMAL, "exp(-100) is subnormal: " + y[11]);
        assertTrue(y[12] > 0, "exp(-103.2) is one of the smallest subnormals: " + y[12]);
        assertEquals(Float.MIN_VALUE, y[13], 0f, "exp(-103.9) > 2^-150 rounds up to MIN_VALUE");
        for (int i = 14; i <= 16; i++) assertEquals(0f, y[i], 0f, "exp(" + x[i] + ") underflows to 0");
        assertEquals((float) Math.E, y[17], Math.ulp((float) Math.E), "exp(1)");
        assertEquals((float) (1 / Math.E), y[18], Math.ulp((float) (1 / Math.E)), "exp(-1)");
        assertEquals(1f, y[19], 0f, "exp(MIN_VALUE)");
        assertEquals(1f, y[20], 0f, "exp(-MIN_VALUE)");
    }

    /**
     * GELU's exp: exp's bits wherever e^x is normal (a dense grid of [−87.33, 0] and a stride through every
     * magnitude), +0 below and for NaN, 1 at ±0.
     */
    @Test
    void expNonPositiveHasExpsBitsWhereNormalAndZeroBelow() {
        int n = 2_000_001;
        float[] x = new float[n + 2 * 50_000];
        for (int i = 0; i < n; i++) x[i] = (float) (-87.33 * i / (n - 1));
        int top = Float.floatToRawIntBits(87.33f);
        for (int j = 0; j < 100_000; j++) x[n + j] = -Float.intBitsToFloat((int) ((long) top * j / 99_999));
        float[] expected = new float[x.length], actual = new float[x.length];
        VectorExp.exp(expected, 0, x, 0, x.length);
        VectorExp.expNonPositive(actual, 0, x, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError("expNonPositive(" + x[i] + ") = " + actual[i] + ", exp gives " + expected[i]);
            }
        }
        assertTrue(actual[n - 1] >= Float.MIN_NORMAL, "e^-87.33 is normal: " + actual[n - 1]);

        float[] edge = {-87.34f, (float) Math.log(Float.MIN_NORMAL), -90f, -104f, -1e30f, Float.NEGATIVE_INFINITY,
                Float.NaN, 0f, -0f};
        float[] y = new float[edge.length];
        VectorExp.expNonPositive(y, 0, edge, 0, edge.length);
        for (int i = 0; i <= 6; i++) {
            assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(y[i]), "expNonPositive(" + edge[i] + ")");
        }
        assertEquals(1f, y[7], 0f, "expNonPositive(0)");
        assertEquals(1f, y[8], 0f, "expNonPositive(-0)");
    }

    @Test
    void raggedTailsAndOffsetsAgreeWithTheWholeArray() {
        Random rnd = new Random(5);
        for (int n : Compare.SIZES) {
            for (int off : Compare.OFFSETS) {
                float[] x = Compare.uniform(rnd, off + n + 2, -20, 20);
                float[] y = new float[x.length];
                y[off + n] = y[off + n + 1] = 7f; // must stay untouched past the tail
                VectorExp.exp(y, off, x, off, n);
                for (int i = off; i < off + n; i++) {
                    assertTrue(ulps(x[i], y[i]) <= MAX_ULPS, "n=" + n + " off=" + off + " x=" + x[i] + " y=" + y[i]);
                }
                assertEquals(7f, y[off + n], 0f, "n=" + n + " off=" + off + ": wrote past the end");
                assertEquals(7f, y[off + n + 1], 0f);
            }
        }
    }
}
