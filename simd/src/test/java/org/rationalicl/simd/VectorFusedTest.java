// The fused kernels of VectorKernels against their ScalarKernels twins over ragged sizes and offsets: GELU with
// its derivative to the GELU tolerances, GELU backward with the bias gradient bit for bit (same operations, same order).
package org.rationalicl.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.rationalicl.simd.Compare.EPS;
import static org.rationalicl.simd.Compare.OFFSETS;
import static org.rationalicl.simd.Compare.SIZES;
import static org.rationalicl.simd.Compare.assertClose;
import static org.rationalicl.simd.Compare.assertSameBits;
import static org.rationalicl.simd.Compare.uniform;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorFusedTest {
    private final Kernels vector = new VectorKernels();
    private final Kernels scalar = new ScalarKernels();

    @Test
    void geluForwardWithDerivativeMatchesScalarAndTheUnfusedKernels() {
        Random rnd = new Random(31);
        for (int size : SIZES) {
            for (int off : OFFSETS) checkForward(rnd, size, off);
        }
        checkForward(rnd, 8256 * 4 + 5, 1);
    }

    /** Far tails, where exp(−x²/2) is no longer normal (|x| > 13.2) and the kernel takes it as 0. */
    @Test
    void geluForwardWithDerivativeMatchesScalarInTheFarTails() {
        Random rnd = new Random(33);
        float[] in = uniform(rnd, 1001, 9, 60);
        for (int i = 0; i < in.length; i += 2) in[i] = -in[i];
        float[] exact = {13.2f, 13.21f, 13.22f, 13.25f, 14f, 20f, 1e4f, 3e38f};
        for (int i = 0; i < exact.length; i++) {
            in[2 * i] = -exact[i];
            in[2 * i + 1] = exact[i];
        }
        checkForward(in, 0, in.length - 1);   // the last float stays 0: nothing is written past the end
    }

    private void checkForward(Random rnd, int size, int off) {
        checkForward(uniform(rnd, size + off + 1, -9, 9), off, size);
    }

    private void checkForward(float[] in, int off, int size) {
        int n = in.length;
        String shape = " n=" + size + " off=" + off;
        float[] outS = new float[n], outV = new float[n], derivS = new float[n], derivV = new float[n];
        scalar.geluForwardWithDerivative(outS, off, derivS, off, in, off, size);
        vector.geluForwardWithDerivative(outV, off, derivV, off, in, off, size);
        // the tolerances of VectorOpsTest's GELU: |Φ error| ≤ 1.5e-7, φ carries exp's few-ulp error, times |x|
        assertClose("gelu out" + shape, outS, outV, off, size, i -> 2e-7 * Math.abs(in[i]) + 4 * EPS * Math.abs(outS[i]));
        assertClose("gelu deriv" + shape, derivS, derivV, off, size, i -> 2e-7 + 8 * EPS * (1 + Math.abs(in[i])));
        assertEquals(0f, outV[off + size], "out written past the end");
        assertEquals(0f, derivV[off + size], "deriv written past the end");

        // the scalar twin agrees with the unfused scalar kernels: geluForward, and geluBackward with dOut = 1
        float[] plain = new float[n], ones = new float[n], grad = new float[n];
        java.util.Arrays.fill(ones, 1f);
        scalar.geluForward(plain, off, in, off, size);
        scalar.geluBackward(grad, off, in, off, ones, off, size);
        assertClose("scalar gelu out vs geluForward" + shape, plain, outS, off, size, i -> 2 * EPS * Math.abs(plain[i]));
        assertClose("scalar gelu deriv vs geluBackward" + shape, grad, derivS, off, size, i -> 2 * EPS * Math.abs(grad[i]));

        // in place: deriv overwrites the input
        float[] inPlace = in.clone(), outP = new float[n];
        vector.geluForwardWithDerivative(outP, off, inPlace, off, inPlace, off, size);
        assertSameBits("gelu out, deriv in place" + shape, outV, outP, off, size);
        assertSameBits("gelu deriv in place" + shape, derivV, inPlace, off, size);
    }

    @Test
    void geluBackwardWithBiasMatchesScalarBitForBit() {
        Random rnd = new Random(32);
        for (int i = 0; i < SIZES.length; i++) {
            int cols = SIZES[i], rows = SIZES[SIZES.length - 1 - i] % 67 + 1; // keep rows × cols small
            for (int off : OFFSETS) {
                checkBackward(rnd, rows, cols, off, false);
                checkBackward(rnd, cols % 40 + 1, rows, off, true);
            }
        }
        checkBackward(rnd, 8256, 256, 1, false); // the MLP of the default model
    }

    private void checkBackward(Random rnd, int rows, int cols, int off, boolean inPlace) {
        int size = rows * cols, n = size + off + 1;
        String shape = " " + rows + "x" + cols + " off=" + off + (inPlace ? " in place" : "");
        float[] deriv = uniform(rnd, n, -0.2, 1.2), dOut = uniform(rnd, n, -1, 1);
        float[] biasInit = uniform(rnd, cols + off + 1, -1, 1);
        float[] dInS = inPlace ? dOut.clone() : new float[n], dInV = inPlace ? dOut.clone() : new float[n];
        float[] dOutS = inPlace ? dInS : dOut, dOutV = inPlace ? dInV : dOut;
        float[] dbS = biasInit.clone(), dbV = biasInit.clone();
        scalar.geluBackwardWithBias(dInS, off, dbS, off, deriv, off, dOutS, off, rows, cols);
        vector.geluBackwardWithBias(dInV, off, dbV, off, deriv, off, dOutV, off, rows, cols);
        assertSameBits("dIn" + shape, dInS, dInV, off, size);
        assertSameBits("dBias" + shape, dbS, dbV, off, cols);
        assertEquals(biasInit[off + cols], dbV[off + cols], "dBias written past the end");
        if (!inPlace) assertEquals(0f, dInV[off + size], "dIn written past the end");
        // and the values are right: dIn = dOut·deriv, dBias = init + Σ_rows dIn (in double, to rounding)
        for (int j = 0; j < cols; j++) {
            double sum = biasInit[off + j], abs = Math.abs(sum);
            for (int r = 0; r < rows; r++) {
                double g = (double) dOut[off + r * cols + j] * deriv[off + r * cols + j];
                sum += g;
                abs += Math.abs(g);
            }
            double tol = (rows + 2) * EPS * abs;
            if (Math.abs(dbV[off + j] - sum) > tol) {
                throw new AssertionError("dBias" + shape + " column " + j + ": expected " + sum + " got "
                        + dbV[off + j] + " tol " + tol);
            }
        }
    }

    @Test
    void badArgumentsAreNamed() {
        float[] a = new float[10];
        for (Kernels k : new Kernels[] {scalar, vector}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> k.geluBackwardWithBias(a, 0, a, 0, a, 0, a, 0, 3, 4));
            assertEquals(true, e.getMessage().startsWith("dIn"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.geluForwardWithDerivative(a, 0, a, 8, a, 0, 3));
            assertEquals(true, e.getMessage().startsWith("deriv"), e.getMessage());
        }
    }
}
