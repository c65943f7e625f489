// Vector API twins of ScalarKernels' fused kernels (GELU with its saved derivative, GELU backward with the bias
// gradient): they remove whole passes over the (B·T, I) MLP activations. Deterministic: no lane reductions at all.
package org.rationalicl.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

final class VectorFused {
    private static final VectorSpecies<Float> S = VectorWidth.FLOATS;
    private static final int L = S.length();
    /** Rows per chunk of geluBackwardWithBias: 32 rows of 256 floats × 3 arrays = 96 KB, inside L2. */
    private static final int ROW_CHUNK = 32;

    private VectorFused() {}

    /** GELU and its derivative from one exp(−x²/2) and one erfc polynomial (VectorOps' GELU evaluation). */
    static void geluForwardWithDerivative(float[] out, int outOff, float[] deriv, int derivOff, float[] in, int inOff,
                                          int n) {
        Checks.span("out", out, outOff, n);
        Checks.span("deriv", deriv, derivOff, n);
        Checks.span("in", in, inOff, n);
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector x = FloatVector.fromArray(S, in, inOff + i);
            FloatVector e = VectorExp.expNonPositive(x.mul(x).mul(-0.5f)); // exp(−x²/2) = exp(−u²), u = |x|/√2
            FloatVector halfErfc = VectorOps.tQOfAbsX(x.abs(), 0.5f).mul(e);
            FloatVector cdf = FloatVector.broadcast(S, 1f).sub(halfErfc).blend(halfErfc, x.lt(0f));
            x.mul(cdf).intoArray(out, outOff + i);
            x.mul(e.mul(VectorOps.INV_SQRT_2PI)).add(cdf).intoArray(deriv, derivOff + i);
        }
        if (i < n) { // one masked step: a scalar tail would pay an exp per element
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector x = FloatVector.fromArray(S, in, inOff + i, m);
            FloatVector e = VectorExp.expNonPositive(x.mul(x).mul(-0.5f));
            FloatVector halfErfc = VectorOps.tQOfAbsX(x.abs(), 0.5f).mul(e);
            FloatVector cdf = FloatVector.broadcast(S, 1f).sub(halfErfc).blend(halfErfc, x.lt(0f));
            x.mul(cdf).intoArray(out, outOff + i, m);
            x.mul(e.mul(VectorOps.INV_SQRT_2PI)).add(cdf).intoArray(deriv, derivOff + i, m);
        }
    }

    /**
     * Column blocks of four vectors: the bias accumulators stay in registers while the block sweeps the rows, in
     * row order, adding one lane-wise product per element exactly as the scalar twin does (identical bits).
     */
    static void geluBackwardWithBias(float[] dIn, int dInOff, float[] dBias, int dBiasOff, float[] deriv, int derivOff,
                                     float[] dOut, int dOutOff, int rows, int n) {
        Checks.size("rows", rows);
        Checks.size("n", n);
        long size = (long) rows * n;
        Checks.span("dIn", dIn, dInOff, size);
        Checks.span("dBias", dBias, dBiasOff, n);
        Checks.span("deriv", deriv, derivOff, size);
        Checks.span("dOut", dOut, dOutOff, size);
        // rows in chunks that stay in L2 while every column block sweeps them; a block's accumulators are stored
        // to dBias between chunks (exact), so each column still sums its rows in increasing order
        for (int r0 = 0; r0 < rows; r0 += ROW_CHUNK) {
            int r1 = Math.min(rows, r0 + ROW_CHUNK);
            int j = 0;
            for (; j <= n - 4 * L; j += 4 * L) {
                FloatVector b0 = FloatVector.fromArray(S, dBias, dBiasOff + j);
                FloatVector b1 = FloatVector.fromArray(S, dBias, dBiasOff + j + L);
                FloatVector b2 = FloatVector.fromArray(S, dBias, dBiasOff + j + 2 * L);
                FloatVector b3 = FloatVector.fromArray(S, dBias, dBiasOff + j + 3 * L);
                for (int r = r0; r < r1; r++) {
                    int row = r * n + j;
                    FloatVector g0 = FloatVector.fromArray(S, dOut, dOutOff + row).mul(FloatVector.fromArray(S, deriv, derivOff + row));
                    FloatVector g1 = FloatVector.fromArray(S, dOut, dOutOff + row + L).mul(FloatVector.fromArray(S, deriv, derivOff + row + L));
                    FloatVector g2 = FloatVector.fromArray(S, dOut, dOutOff + row + 2 * L).mul(FloatVector.fromArray(S, deriv, derivOff + row + 2 * L));
                    FloatVector g3 = FloatVector.fromArray(S, dOut, dOutOff + row + 3 * L).mul(FloatVector.fromArray(S, deriv, derivOff + row + 3 * L));
                    g0.intoArray(dIn, dInOff + row);
                    g1.intoArray(dIn, dInOff + row + L);
                    g2.intoArray(dIn, dInOff + row + 2 * L);
                    g3.intoArray(dIn, dInOff + row + 3 * L);
                    b0 = b0.add(g0);
                    b1 = b1.add(g1);
                    b2 = b2.add(g2);
                    b3 = b3.add(g3);
                }
                b0.intoArray(dBias, dBiasOff + j);
                b1.intoArray(dBias, dBiasOff + j + L);
                b2.intoArray(dBias, dBiasOff + j + 2 * L);
                b3.intoArray(dBias, dBiasOff + j + 3 * L);
            }
            for (; j < n; j += L) { // remaining columns one vector (the last one masked) at a time
                VectorMask<Float> m = S.indexInRange(j, n);
                FloatVector b = FloatVector.fromArray(S, dBias, dBiasOff + j, m);
                for (int r = r0; r < r1; r++) {
                    int row = r * n + j;
                    FloatVector g = FloatVector.fromArray(S, dOut, dOutOff + row, m)
                            .mul(FloatVector.fromArray(S, deriv, derivOff + row, m));
                    g.intoArray(dIn, dInOff + row, m);
                    b = b.add(g);
                }
                b.intoArray(dBias, dBiasOff + j, m);
            }
        }
    }
}
