// Runs every vector kernel once on fixed-seed inputs and returns the raw bits of all outputs, per kernel family;
// main() prints one hash per family, for the child JVM (-Xint) of KernelDeterminismTest.
package org.rationalicl.simd;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The shapes are small (one workout takes well under a millisecond once compiled, so tens of thousands of calls
 * are affordable) but ragged, so each kernel's main loop, remainder loop, masked step and scalar tail all run at
 * every vector width: rows of 37 and 67, a 9-class head (one masked vector), a head dimension of 70, a GEMM narrow
 * enough (n ≤ 3) for the plain dot-product kernel. The inputs are generated once; every call writes fresh outputs.
 */
final class KernelWorkout {
    /** Kernel families, in the order of {@link #run}: each is checked (and reported) separately. */
    static final List<String> FAMILIES = List.of("gemm", "softmax", "crossEntropy", "layerNorm", "gelu", "exp",
            "rotary", "attention", "optimiser");

    private final Random rnd = new Random(20250131);
    // GEMM: C (13×37) = A (13×29) · B (29×37), plus narrow A·Bᵀ shapes and Aᵀ·B
    private final int gm = 13, gn = 37, gk = 29;
    private final float[] ga = uniform(gm * gk, -1, 1), gb = uniform(gk * gn, -1, 1), gBias = uniform(gn, -1, 1);
    private final float[] gbt = uniform(gn * gk, -1, 1), gat = uniform(gk * gm, -1, 1);
    // softmax / log-softmax: 11 rows × 37 columns (leading dimension 40)
    private final int sRows = 11, sCols = 37, sLd = 40;
    private final float[] sIn = uniform(sRows * sLd, -8, 8), sDOut = uniform(sRows * sLd, -1, 1);
    // cross-entropy: 9-class head (fits one vector) and 37 classes, one ignored row each
    private final float[] ce9 = uniform(6 * 9, -5, 5), ce37 = uniform(6 * 37, -5, 5);
    private final int[] t9 = {0, 8, -1, 3, 4, 7}, t37 = {36, 0, 5, -1, 17, 2};
    // LayerNorm: 5 rows × 67
    private final int lRows = 5, lDim = 67;
    private final float[] lIn = uniform(lRows * lDim, -3, 3), lW = uniform(lDim, 0.5, 1.5), lB = uniform(lDim, -1, 1);
    private final float[] lDOut = uniform(lRows * lDim, -1, 1);
    // GELU, erf and exp: 203 values, wide enough to reach both tails
    private final float[] xIn = uniform(203, -7, 7), xDOut = uniform(203, -1, 1), expIn = uniform(203, -110, 95);
    // rotary: 9 positions, rotary dimension 20 within rows of 24
    private final int rPos = 9, rDim = 20, rStride = 24;
    private final float[] rX = uniform(rPos * rStride, -2, 2), rCos = new float[rPos * rDim / 2], rSin = new float[rPos * rDim / 2];
    // attention: T = 19, head dimension 70, q/k/v rows interleaved with stride 3·70
    private final int aT = 19, aHd = 70, aStride = 3 * aHd;
    private final float[] qkv = uniform(aT * aStride, -1, 1), aDOut = uniform(aT * aHd, -1, 1);
    // AdamW and utilities: 75 parameters
    private final float[] pParam = uniform(75, -1, 1), pGrad = uniform(75, -1, 1), pM = uniform(75, -0.1, 0.1),
            pV = uniform(75, 0, 0.01);

    KernelWorkout() {
        Rotary.tables(rCos, rSin, rPos, rDim, 10000.0);
    }

    private float[] uniform(int n, double lo, double hi) {
        return Compare.uniform(rnd, n, lo, hi);
    }

    /** The raw bits of every output of every family (doubles as two ints), in a fixed order. */
    Map<String, int[]> run(Kernels k) {
        Map<String, int[]> out = new LinkedHashMap<>();
        for (String family : FAMILIES) out.put(family, run(k, family));
        return out;
    }

    int[] run(Kernels k, String family) {
        Bits bits = new Bits();
        switch (family) {
            case "gemm" -> {
                float[] c = new float[gm * gn];
                k.gemm(c, 0, gn, ga, 0, gk, gb, 0, gn, gBias, 0, gm, gn, gk, false);
                bits.add(c);
                k.gemm(c, 0, gn, ga, 0, gk, gb, 0, gn, null, 0, gm, gn, gk, true); // accumulate
                bits.add(c);
                for (int n : new int[] {gn, 3, 1}) { // 3 and 1: the plain dot-product kernel
                    float[] d = new float[gm * n];
                    k.gemmABt(d, 0, n, ga, 0, gk, gbt, 0, gk, gBias, 0, gm, n, gk, false);
                    bits.add(d);
                }
                float[] e = new float[gm * gn];
                k.gemmAtB(e, 0, gn, gat, 0, gm, gb, 0, gn, gm, gn, gk, false);
                bits.add(e);
                // triangular products: 13×13 lower C of A (13×29)·Bᵀ (Bᵀ 29×13); tril(A 13×13) (ᵀ) · B (13×37)
                float[] lower = new float[gm * gm], tri = new float[gm * gn], triT = new float[gm * gn];
                k.gemmLowerABt(lower, 0, gm, ga, 0, gk, gbt, 0, gk, 0.37f, gm, gk);
                k.gemmLowerA(tri, 0, gn, ga, 0, gk, gb, 0, gn, gm, gn);
                k.gemmLowerAtB(triT, 0, gn, ga, 0, gk, gb, 0, gn, gm, gn);
                bits.add(lower).add(tri).add(triT);
                float[] dBias = new float[gn];
                k.biasBackward(dBias, 0, gb, 0, gn, gk, gn);
                bits.add(dBias);
            }
            case "softmax" -> {
                float[] p = new float[sIn.length], d = new float[sIn.length], l = new float[sIn.length];
                k.softmaxForward(p, 0, sIn, 0, sLd, sRows, sCols, false, 0);
                k.softmaxBackward(d, 0, p, 0, sDOut, 0, sLd, sRows, sCols, false, 0);
                bits.add(p).add(d);
                k.softmaxForward(p, 0, sIn, 0, sLd, sRows, sCols, true, 2);
                k.softmaxBackward(d, 0, p, 0, sDOut, 0, sLd, sRows, sCols, true, 2);
                k.logSoftmax(l, 0, sIn, 0, sLd, sRows, sCols);
                bits.add(p).add(d).add(l);
            }
            case "crossEntropy" -> {
                float[] d9 = new float[ce9.length], d37 = new float[ce37.length];
                bits.add(k.crossEntropy(d9, 0, ce9, 0, 9, t9, 0, 6, 9, 0.25f));
                bits.add(k.crossEntropy(d37, 0, ce37, 0, 37, t37, 0, 6, 37, 0.25f));
                bits.add(k.crossEntropy(null, 0, ce37, 0, 37, t37, 0, 6, 37, 1f));
                bits.add(d9).add(d37);
            }
            case "layerNorm" -> {
                float[] o = new float[lIn.length], mean = new float[lRows], rstd = new float[lRows];
                float[] dIn = new float[lIn.length], dW = new float[lDim], dB = new float[lDim];
                k.layerNormForward(o, 0, mean, 0, rstd, 0, lIn, 0, lW, 0, lB, 0, lRows, lDim, 1e-5f);
                k.layerNormBackward(dIn, 0, dW, 0, dB, 0, lDOut, 0, lIn, 0, mean, 0, rstd, 0, lW, 0, lRows, lDim);
                bits.add(o).add(mean).add(rstd).add(dIn).add(dW).add(dB);
            }
            case "gelu" -> {
                float[] y = new float[xIn.length], dx = new float[xIn.length], erf = new float[xIn.length];
                k.geluForward(y, 0, xIn, 0, xIn.length);
                k.geluBackward(dx, 0, xIn, 0, xDOut, 0, xIn.length);
                bits.add(y).add(dx);
                // the fused pair: 7 rows × 29 columns of the same inputs
                float[] fy = new float[203], deriv = new float[203], fdIn = new float[203], dBias = new float[29];
                k.geluForwardWithDerivative(fy, 0, deriv, 0, xIn, 0, 203);
                k.geluBackwardWithBias(fdIn, 0, dBias, 0, deriv, 0, xDOut, 0, 7, 29);
                bits.add(fy).add(deriv).add(fdIn).add(dBias);
                if (k instanceof VectorKernels) {
                    VectorOps.erf(erf, 0, xIn, 0, xIn.length);
                    bits.add(erf);
                }
            }
            case "exp" -> {
                float[] y = new float[expIn.length];
                VectorExp.exp(y, 0, expIn, 0, expIn.length);
                bits.add(y);
            }
            case "rotary" -> {
                float[] x = rX.clone();
                k.rotaryForward(x, 0, rStride, rCos, rSin, rPos, rDim);
                bits.add(x);
                k.rotaryBackward(x, 0, rStride, rCos, rSin, rPos, rDim);
                bits.add(x);
            }
            case "attention" -> {
                float[] o = new float[aT * aHd], probs = new float[aT * aT], scratch = new float[aT];
                float[] dqkv = new float[qkv.length];
                float scale = (float) (1 / Math.sqrt(aHd));
                k.attentionForward(o, 0, aHd, probs, 0, qkv, 0, qkv, aHd, qkv, 2 * aHd, aStride, aT, aHd, scale);
                k.attentionBackward(dqkv, 0, dqkv, aHd, dqkv, 2 * aHd, aStride, scratch, 0, aDOut, 0, aHd, probs, 0,
                        qkv, 0, qkv, aHd, qkv, 2 * aHd, aStride, aT, aHd, scale);
                bits.add(o).add(probs).add(dqkv);
            }
            case "optimiser" -> {
                float[] p = pParam.clone(), m = pM.clone(), v = pV.clone(), y = pGrad.clone(), s = new float[75];
                k.adamw(p, 0, pGrad, 0, m, 0, v, 0, 75, 1e-3f, 0.9f, 0.95f, 1e-8f, 0.1f, 0.1f, 0.05f);
                bits.add(p).add(m).add(v).add(k.sumOfSquares(pGrad, 0, 75));
                k.axpy(y, 0, 0.3f, pParam, 0, 75);
                k.scale(y, 0, 75, 1.7f);
                k.add(s, 0, y, 0, pParam, 0, 75);
                bits.add(s);
            }
            default -> throw new IllegalArgumentException("family = " + family + ": expected one of " + FAMILIES);
        }
        return bits.toArray();
    }

    /** 64-bit FNV-1a over the ints, as 16 hex digits. */
    static String hash(int[] bits) {
        long h = 0xcbf29ce484222325L;
        for (int b : bits) {
            h ^= b & 0xffffffffL;
            h *= 0x100000001b3L;
        }
        return String.format("%016x", h);
    }

    /** Prints "family length hash" per family, computed with the vector kernels (the JVM flags choose the path). */
    public static void main(String[] args) {
        Map<String, int[]> out = new KernelWorkout().run(new VectorKernels());
        for (Map.Entry<String, int[]> e : out.entrySet()) {
            System.out.println(e.getKey() + " " + e.getValue().length + " " + hash(e.getValue()));
        }
    }

    /** Collects raw float bits (and doubles as their two halves). */
    private static final class Bits {
        private int[] values = new int[1024];
        private int size;

        private void put(int v) {
            if (size == values.length) values = Arrays.copyOf(values, 2 * size);
            values[size++] = v;
        }

        Bits add(float[] a) {
            for (float f : a) put(Float.floatToRawIntBits(f));
            return this;
        }

        Bits add(double d) {
            long b = Double.doubleToRawLongBits(d);
            put((int) (b >>> 32));
            put((int) b);
            return this;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
