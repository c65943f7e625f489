// Vector API twins of ScalarKernels' row, element-wise, attention and optimiser kernels (same contracts,
// same validation). Sums are reordered across lanes, so results match the scalar twins to rounding, not bitwise;
// lane sums (LaneSum) and exp (VectorExp) have one fixed order, so the bits never depend on JIT state.
package org.rationalicl.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Loop shape: reductions run four independent accumulators (to hide the FMA latency), then a one-vector
 * remainder loop, a single fixed-order {@link LaneSum#sum} and a scalar tail. The row helpers of softmax and attention
 * (max, dot, exp-and-sum, scale, zero), GELU and the rotary rotation end instead with one masked vector step:
 * a scalar tail would call an exp per element, which costs as much as a whole vector; causal rows
 * average 65 floats, so a tail of up to 15 would be a large part of each; and rows shorter than a vector
 * (cross-entropy over 9 classes, a rotary half-row of 8) would not be vectorised at all. LayerNorm is the
 * exception to the four accumulators: its rows are short. Rows of exactly four vectors (the network's 64 at 512
 * bits) go one at a time with the whole row in registers, loaded once, and the weights (and, backward, their
 * gradients) held across rows; other multiples of the vector length run forward four rows side by side, one
 * accumulator each; ragged dims take one-row loops (forward ending with the masked step, backward with two
 * accumulators and a scalar tail). Every path gives a row the same operations in the same order.
 */
final class VectorOps {
    private static final VectorSpecies<Float> S = VectorWidth.FLOATS;
    private static final int L = S.length();
    /** LayerNorm runs four rows at a time where LaneSum.sum4 exists (every width VectorWidth chooses). */
    private static final boolean FOUR_ROWS = LaneSum.hasSum4(S);
    private static final VectorMask<Float> FIRST_FOUR = VectorMask.fromLong(S, 0xF);
    private static final FloatVector NEGATIVE_INFINITY = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);

    private VectorOps() {}

    // ---------------------------------------------------------------- reductions and row helpers

    /** max over a[off, off+n); −∞ when n = 0. */
    static float max(float[] a, int off, int n) {
        FloatVector m0 = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY), m1 = m0, m2 = m0, m3 = m0;
        int i = 0;
        for (; i <= n - 4 * L; i += 4 * L) {
            m0 = m0.max(FloatVector.fromArray(S, a, off + i));
            m1 = m1.max(FloatVector.fromArray(S, a, off + i + L));
            m2 = m2.max(FloatVector.fromArray(S, a, off + i + 2 * L));
            m3 = m3.max(FloatVector.fromArray(S, a, off + i + 3 * L));
        }
        for (; i <= n - L; i += L) m0 = m0.max(FloatVector.fromArray(S, a, off + i));
        if (i < n) { // masked: max opens every exp row (a 9-class row is all tail), and Math.max is branchy
            VectorMask<Float> m = S.indexInRange(i, n);
            m1 = m1.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, a, off + i, m), m);
        }
        return m0.max(m1).max(m2.max(m3)).reduceLanes(VectorOperators.MAX);
    }

    /** Σ a[i]·b[i] over n values. */
    static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (; i <= n - 4 * L; i += 4 * L) {
            s0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), s0);
            s1 = FloatVector.fromArray(S, a, aOff + i + L).fma(FloatVector.fromArray(S, b, bOff + i + L), s1);
            s2 = FloatVector.fromArray(S, a, aOff + i + 2 * L).fma(FloatVector.fromArray(S, b, bOff + i + 2 * L), s2);
            s3 = FloatVector.fromArray(S, a, aOff + i + 3 * L).fma(FloatVector.fromArray(S, b, bOff + i + 3 * L), s3);
        }
        for (; i <= n - L; i += L) {
            s0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), s0);
        }
        if (i < n) { // masked: causal rows are short (65 on average), a scalar tail of up to 15 would be a quarter of one
            VectorMask<Float> m = S.indexInRange(i, n);
            s1 = FloatVector.fromArray(S, a, aOff + i, m).fma(FloatVector.fromArray(S, b, bOff + i, m), s1); // 0·0 outside
        }
        return LaneSum.sum(s0.add(s1).add(s2.add(s3)));
    }

    /** Σ exp(in[i] − shift) over n values; stores each term into out when out != null (out may alias in). */
    private static float expShiftSum(float[] out, int outOff, float[] in, int inOff, int n, float shift) {
        FloatVector sh = FloatVector.broadcast(S, shift);
        FloatVector s0 = FloatVector.zero(S);
        // One masked loop, so VectorExp.exp has a single call site: C2 inlines a big callee only at hot sites, and
        // a remainder or tail site that stays a real call boxes its vectors (it doubled the softmax time). With
        // exp the long pole, one accumulator suffices; the mask is all-true except on the last step.
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector e = VectorExp.exp(FloatVector.fromArray(S, in, inOff + i, m).sub(sh));
            if (out != null) e.intoArray(out, outOff + i, m);
            s0 = s0.add(e, m);
        }
        return LaneSum.sum(s0);
    }

    /** a[i] *= s over n values. */
    private static void scaleRange(float[] a, int off, int n, float s) {
        FloatVector sc = FloatVector.broadcast(S, s);
        int i = 0;
        for (; i <= n - L; i += L) FloatVector.fromArray(S, a, off + i).mul(sc).intoArray(a, off + i);
        if (i < n) { // masked, as in dot: this finishes every softmax row
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, a, off + i, m).mul(sc).intoArray(a, off + i, m);
        }
    }

    /** a[off, off+n) = 0. */
    private static void zero(float[] a, int off, int n) {
        FloatVector z = FloatVector.zero(S);
        int i = 0;
        for (; i <= n - L; i += L) z.intoArray(a, off + i);
        if (i < n) z.intoArray(a, off + i, S.indexInRange(i, n)); // masked: the causal mask of every row
    }

    /** y[i] += a · x[i] over n values. */
    private static void axpyRange(float[] y, int yOff, float a, float[] x, int xOff, int n) {
        FloatVector av = FloatVector.broadcast(S, a);
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector.fromArray(S, x, xOff + i).fma(av, FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] += a * x[xOff + i];
    }

    // ---------------------------------------------------------------- softmax and cross-entropy

    static void softmaxForward(float[] out, int outOff, float[] in, int inOff, int ld, int rows, int cols,
                               boolean causal, int causalShift) {
        Checks.matrix("out", out, outOff, ld, rows, cols);
        Checks.matrix("in", in, inOff, ld, rows, cols);
        boolean shortRows = cols <= 2 * L;
        for (int r = 0; r < rows; r++) {
            int len = ScalarKernels.rowLength(r, cols, causal, causalShift);
            int o = outOff + r * ld, x = inOff + r * ld;
            if (len > 0) {
                float max = shortRows ? shortMax(in, x, len) : max(in, x, len);
                float sum = expShiftSum(out, o, in, x, len, max);
                if (shortRows) {
                    shortScaleAndZero(out, o, len, cols, 1f / sum);
                    continue;
                }
                scaleRange(out, o, len, 1f / sum);
            }
            zero(out, o + len, cols - len);
        }
    }

    // Rows of at most two vectors (attention at T ≤ 32 with 512-bit vectors): a softmax row is then bound by its
    // instruction count, not by its chain of reductions, so these helpers do the general ones' work without their
    // four accumulators and loops, with the same operations on every value (the same bits).

    /** max over a[off, off+n), 1 ≤ n ≤ 2L. */
    private static float shortMax(float[] a, int off, int n) {
        VectorMask<Float> m = S.indexInRange(0, n);
        FloatVector v = NEGATIVE_INFINITY.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, a, off, m), m);
        if (n > L) {
            m = S.indexInRange(L, n);
            v = v.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, a, off + L, m), m);
        }
        return v.reduceLanes(VectorOperators.MAX);
    }

    /** a[off, off+n) *= factor, a[off+n, off+cols) = 0, for cols ≤ 2L: scaleRange and zero of one short row. */
    private static void shortScaleAndZero(float[] a, int off, int n, int cols, float factor) {
        FloatVector f = FloatVector.broadcast(S, factor);
        VectorMask<Float> m = S.indexInRange(0, n);
        FloatVector.zero(S).blend(FloatVector.fromArray(S, a, off, m).mul(f), m)
                .intoArray(a, off, S.indexInRange(0, cols));
        if (cols > L) {
            m = S.indexInRange(L, n);
            FloatVector.zero(S).blend(FloatVector.fromArray(S, a, off + L, m).mul(f), m)
                    .intoArray(a, off + L, S.indexInRange(L, cols));
        }
    }

    static void softmaxBackward(float[] dIn, int dInOff, float[] probs, int probsOff, float[] dOut, int dOutOff,
                                int ld, int rows, int cols, boolean causal, int causalShift) {
        Checks.matrix("dIn", dIn, dInOff, ld, rows, cols);
        Checks.matrix("probs", probs, probsOff, ld, rows, cols);
        Checks.matrix("dOut", dOut, dOutOff, ld, rows, cols);
        for (int r = 0; r < rows; r++) {
            int len = ScalarKernels.rowLength(r, cols, causal, causalShift);
            int di = dInOff + r * ld, p = probsOff + r * ld, g = dOutOff + r * ld;
            float dot = dot(probs, p, dOut, g, len);
            FloatVector dv = FloatVector.broadcast(S, dot);
            int j = 0;
            for (; j <= len - L; j += L) {
                FloatVector pv = FloatVector.fromArray(S, probs, p + j);
                pv.mul(FloatVector.fromArray(S, dOut, g + j).sub(dv)).intoArray(dIn, di + j);
            }
            if (j < len) {
                VectorMask<Float> m = S.indexInRange(j, len);
                FloatVector pv = FloatVector.fromArray(S, probs, p + j, m);
                pv.mul(FloatVector.fromArray(S, dOut, g + j, m).sub(dv)).intoArray(dIn, di + j, m);
            }
            zero(dIn, di + len, cols - len);
        }
    }

    static void logSoftmax(float[] out, int outOff, float[] in, int inOff, int ld, int rows, int cols) {
        Checks.matrix("out", out, outOff, ld, rows, cols);
        Checks.matrix("in", in, inOff, ld, rows, cols);
        for (int r = 0; r < rows; r++) {
            int o = outOff + r * ld, x = inOff + r * ld;
            float max = max(in, x, cols);
            float logSum = max + (float) StrictMath.log(expShiftSum(null, 0, in, x, cols, max));
            FloatVector ls = FloatVector.broadcast(S, logSum);
            int j = 0;
            for (; j <= cols - L; j += L) FloatVector.fromArray(S, in, x + j).sub(ls).intoArray(out, o + j);
            for (; j < cols; j++) out[o + j] = in[x + j] - logSum;
        }
    }

    /** Rows whose softmax sums are multiplied before one log (see crossEntropy): each sum is in [1, cols]. */
    private static final int LOG_GROUP = 16;

    static double crossEntropy(float[] dLogits, int dLogitsOff, float[] logits, int logitsOff, int ld,
                               int[] targets, int targetsOff, int rows, int cols, float gradScale) {
        Checks.matrix("logits", logits, logitsOff, ld, rows, cols);
        if (dLogits != null) Checks.matrix("dLogits", dLogits, dLogitsOff, ld, rows, cols);
        Checks.span("targets", targets, targetsOff, rows);
        ScalarKernels.checkTargets(targets, targetsOff, rows, cols);
        // loss = Σ (max − z_target) + Σ log(sum): the logs of up to LOG_GROUP rows are taken as one log of their
        // product in double. StrictMath.log is a real call costing ~7 ns, and around it every vector register
        // is spilled; one call per row was a quarter of the kernel. Each sum lies in [1, cols] (its largest term
        // is e⁰ = 1), so 16 of them multiply without overflow for any int cols (< 2⁴⁹⁶), and the product's
        // rounding (≤ 16 ulp of a double) is far below the float loss per row it replaces.
        double loss = 0, product = 1;
        int inProduct = 0;
        // a row that fits one vector (the 9-class head) is one masked load, one exp and two masked reductions
        VectorMask<Float> oneVector = S.indexInRange(0, cols);
        for (int r = 0; r < rows; r++) {
            int x = logitsOff + r * ld, d = dLogitsOff + r * ld;
            int target = targets[targetsOff + r];
            if (target < 0) {
                if (dLogits != null) zero(dLogits, d, cols);
                continue;
            }
            float zt = logits[x + target]; // read first: dLogits may overwrite the logits in place
            float max, sum;
            if (cols <= L) {
                FloatVector z = FloatVector.fromArray(S, logits, x, oneVector);
                max = z.reduceLanes(VectorOperators.MAX, oneVector);
                FloatVector e = VectorExp.exp(z.sub(max));
                sum = LaneSum.sum(FloatVector.zero(S).blend(e, oneVector)); // 0 outside the row
                if (dLogits != null) {
                    // the one-hot term in the same vector: a scalar update right after the vector store would wait
                    // for it (a store of 16 lanes does not forward to a load of one)
                    e.mul(gradScale / sum).sub(gradScale, VectorMask.fromLong(S, 1L << target))
                            .intoArray(dLogits, d, oneVector);
                }
            } else {
                max = max(logits, x, cols);
                // p_j = e_j / Σe: the exps are stored in dLogits and scaled, rather than computed twice
                sum = expShiftSum(dLogits, d, logits, x, cols, max);
                if (dLogits != null) scaleRange(dLogits, d, cols, gradScale / sum);
            }
            loss += (double) max - zt;
            product *= sum;
            if (++inProduct == LOG_GROUP) {
                // StrictMath: its result is fixed by specification, not by which JIT tier runs it
                loss += StrictMath.log(product);
                product = 1;
                inProduct = 0;
            }
            if (dLogits != null && cols > L) dLogits[d + target] -= gradScale;
        }
        return inProduct > 0 ? loss + StrictMath.log(product) : loss;
    }

    // ---------------------------------------------------------------- LayerNorm

    static void layerNormForward(float[] out, int outOff, float[] mean, int meanOff, float[] rstd, int rstdOff,
                                 float[] in, int inOff, float[] weight, int weightOff, float[] bias, int biasOff,
                                 int rows, int dim, float eps) {
        LayerNormChecks.forward(out, outOff, mean, meanOff, rstd, rstdOff, in, inOff, weight, weightOff, bias, biasOff,
                rows, dim);
        if (FOUR_ROWS && dim == 4 * L) {
            layerNormForwardFourVectors(out, outOff, mean, meanOff, rstd, rstdOff, in, inOff, weight, weightOff, bias,
                    biasOff, rows, eps);
            return;
        }
        int r = 0;
        if (FOUR_ROWS && dim % L == 0 && rows >= 4) { // other multiples of the vector length; ragged dims: one row at a time
            for (; r <= rows - 4; r += 4) layerNormForward4(out, outOff, mean, meanOff, rstd, rstdOff, in, inOff,
                    weight, weightOff, bias, biasOff, r, dim, eps);
            // the last rows % 4 rows: the last four rows again, rather than a one-row loop that runs so rarely that
            // it stays cold (C2 then calls LaneSum instead of inlining it, and boxes its vectors). Rewriting a row
            // gives the same bits; only if an output overlaps the input would the second pass read a written row.
            if (r < rows && apart(out, outOff, in, inOff, rows * dim) && apart(mean, meanOff, in, inOff, rows * dim)
                    && apart(rstd, rstdOff, in, inOff, rows * dim)) {
                layerNormForward4(out, outOff, mean, meanOff, rstd, rstdOff, in, inOff, weight, weightOff, bias, biasOff,
                        rows - 4, dim, eps);
                r = rows;
            }
        }
        for (; r < rows; r++) {
            int x = inOff + r * dim, o = outOff + r * dim;
            // two passes (mean, then squared deviations), as the scalar twin: no cancellation in E[x²] − E[x]²
            FloatVector acc = FloatVector.zero(S);
            int j = 0;
            for (; j <= dim - L; j += L) acc = acc.add(FloatVector.fromArray(S, in, x + j));
            if (j < dim) acc = acc.add(FloatVector.fromArray(S, in, x + j, S.indexInRange(j, dim)));
            float mu = LaneSum.sum(acc) / dim;
            FloatVector muV = FloatVector.broadcast(S, mu);
            acc = FloatVector.zero(S);
            for (j = 0; j <= dim - L; j += L) {
                FloatVector e = FloatVector.fromArray(S, in, x + j).sub(muV);
                acc = e.fma(e, acc);
            }
            if (j < dim) {
                VectorMask<Float> t = S.indexInRange(j, dim);
                FloatVector e = FloatVector.fromArray(S, in, x + j, t).sub(muV, t);
                acc = e.fma(e, acc);
            }
            float s = 1f / (float) Math.sqrt(LaneSum.sum(acc) / dim + eps);
            FloatVector sV = FloatVector.broadcast(S, s);
            for (j = 0; j <= dim - L; j += L) {
                FloatVector xhat = FloatVector.fromArray(S, in, x + j).sub(muV).mul(sV);
                xhat.fma(FloatVector.fromArray(S, weight, weightOff + j), FloatVector.fromArray(S, bias, biasOff + j))
                        .intoArray(out, o + j);
            }
            if (j < dim) {
                VectorMask<Float> t = S.indexInRange(j, dim);
                FloatVector xhat = FloatVector.fromArray(S, in, x + j, t).sub(muV).mul(sV);
                xhat.fma(FloatVector.fromArray(S, weight, weightOff + j, t), FloatVector.fromArray(S, bias, biasOff + j, t))
                        .intoArray(out, o + j, t);
            }
            mean[meanOff + r] = mu;
            rstd[rstdOff + r] = s;
        }
    }

    /** layerNormForward for rows of exactly four vectors, one row at a time with the row in registers. */
    private static void layerNormForwardFourVectors(float[] out, int outOff, float[] mean, int meanOff, float[] rstd,
                                                    int rstdOff, float[] in, int inOff, float[] weight, int weightOff,
                                                    float[] bias, int biasOff, int rows, float eps) {
        int dim = 4 * L;
        FloatVector w0 = FloatVector.fromArray(S, weight, weightOff), w1 = FloatVector.fromArray(S, weight, weightOff + L);
        FloatVector w2 = FloatVector.fromArray(S, weight, weightOff + 2 * L);
        FloatVector w3 = FloatVector.fromArray(S, weight, weightOff + 3 * L);
        FloatVector b0 = FloatVector.fromArray(S, bias, biasOff), b1 = FloatVector.fromArray(S, bias, biasOff + L);
        FloatVector b2 = FloatVector.fromArray(S, bias, biasOff + 2 * L), b3 = FloatVector.fromArray(S, bias, biasOff + 3 * L);
        for (int r = 0; r < rows; r++) {
            int x = inOff + r * dim, o = outOff + r * dim;
            FloatVector x0 = FloatVector.fromArray(S, in, x), x1 = FloatVector.fromArray(S, in, x + L);
            FloatVector x2 = FloatVector.fromArray(S, in, x + 2 * L), x3 = FloatVector.fromArray(S, in, x + 3 * L);
            float mu = LaneSum.sum(FloatVector.zero(S).add(x0).add(x1).add(x2).add(x3)) / dim;
            FloatVector muV = FloatVector.broadcast(S, mu);
            FloatVector e0 = x0.sub(muV), e1 = x1.sub(muV), e2 = x2.sub(muV), e3 = x3.sub(muV);
            FloatVector ss = e3.fma(e3, e2.fma(e2, e1.fma(e1, e0.fma(e0, FloatVector.zero(S)))));
            float s = 1f / (float) Math.sqrt(LaneSum.sum(ss) / dim + eps);
            FloatVector sV = FloatVector.broadcast(S, s);
            e0.mul(sV).fma(w0, b0).intoArray(out, o);
            e1.mul(sV).fma(w1, b1).intoArray(out, o + L);
            e2.mul(sV).fma(w2, b2).intoArray(out, o + 2 * L);
            e3.mul(sV).fma(w3, b3).intoArray(out, o + 3 * L);
            mean[meanOff + r] = mu;
            rstd[rstdOff + r] = s;
        }
    }

    /*
     * LayerNorm four rows at a time, for other dims that are a multiple of the vector length. One
     * row's statistics are a chain of dependent steps (adds, the lane-sum shuffles, a divide, a square root), so a
     * row at a time leaves the core waiting; four independent rows side by side fill it, and LaneSum.sum4 reduces
     * the four rows' accumulators together (5 shuffles instead of 16). Each row gets exactly the operations of the
     * one-row loop above (one accumulator, the same lane-sum order, float square root and divide), so its bits do
     * not depend on whether it was in a group of four (VectorOpsTest checks). (Rows of exactly four vectors are
     * faster still one at a time with the row in registers, above: there the instructions were the limit.)
     * Three methods, handing mean and rstd over through their output arrays, because of the JIT: in one body C1
     * gives up on the method ("out of virtual registers"), C2 then compiles it without a profile, inlines too
     * little, boxes vectors on the heap, and the kernel ran 15 times slower in some runs; and a body with more
     * vector work than this runs out of C2's inlining node budget (NodeCountInliningCutoff) before LaneSum.sum4,
     * with the same boxing. No masked tails here for the same reason (ragged dims take the one-row loop).
     */
    /** Rows r..r+3. */
    private static void layerNormForward4(float[] out, int outOff, float[] mean, int meanOff, float[] rstd, int rstdOff,
                                          float[] in, int inOff, float[] weight, int weightOff, float[] bias,
                                          int biasOff, int r, int dim, float eps) {
        rowMeans4(mean, meanOff + r, in, inOff + r * dim, dim);
        rowRstds4(rstd, rstdOff + r, in, inOff + r * dim, dim, mean, meanOff + r, eps);
        normalise4(out, outOff + r * dim, in, inOff + r * dim, weight, weightOff, bias, biasOff, dim,
                mean, meanOff + r, rstd, rstdOff + r);
    }

    /** Whether a[aOff..) cannot overlap in[inOff, inOff + n): another array, or at least n floats away. */
    private static boolean apart(float[] a, int aOff, float[] in, int inOff, int n) {
        return a != in || aOff >= inOff + n || inOff >= aOff + n;
    }

    /** mean[m + k] = Σ in[x + k·dim, +dim) / dim for k < 4. */
    private static void rowMeans4(float[] mean, int m, float[] in, int x, int dim) {
        int x1 = x + dim, x2 = x1 + dim, x3 = x2 + dim;
        FloatVector a = FloatVector.zero(S), b = a, c = a, d = a;
        int j = 0;
        for (; j <= dim - L; j += L) {
            a = a.add(FloatVector.fromArray(S, in, x + j));
            b = b.add(FloatVector.fromArray(S, in, x1 + j));
            c = c.add(FloatVector.fromArray(S, in, x2 + j));
            d = d.add(FloatVector.fromArray(S, in, x3 + j));
        }
        FloatVector mus = LaneSum.sum4(a, b, c, d).div(dim); // lanes 0..3: the four means
        mus.intoArray(mean, m, FIRST_FOUR);
    }

    /** rstd[rs + k] = 1 / √(Σ (in − mean[m + k])² / dim + eps) for the four rows. */
    private static void rowRstds4(float[] rstd, int rs, float[] in, int x, int dim, float[] mean, int m, float eps) {
        int x1 = x + dim, x2 = x1 + dim, x3 = x2 + dim;
        FloatVector muA = FloatVector.broadcast(S, mean[m]), muB = FloatVector.broadcast(S, mean[m + 1]);
        FloatVector muC = FloatVector.broadcast(S, mean[m + 2]), muD = FloatVector.broadcast(S, mean[m + 3]);
        FloatVector a = FloatVector.zero(S), b = a, c = a, d = a;
        int j;
        for (j = 0; j <= dim - L; j += L) {
            FloatVector e;
            e = FloatVector.fromArray(S, in, x + j).sub(muA);
            a = e.fma(e, a);
            e = FloatVector.fromArray(S, in, x1 + j).sub(muB);
            b = e.fma(e, b);
            e = FloatVector.fromArray(S, in, x2 + j).sub(muC);
            c = e.fma(e, c);
            e = FloatVector.fromArray(S, in, x3 + j).sub(muD);
            d = e.fma(e, d);
        }
        FloatVector ss = LaneSum.sum4(a, b, c, d).div(dim).add(eps).sqrt();
        FloatVector.broadcast(S, 1f).div(ss).intoArray(rstd, rs, FIRST_FOUR);
    }

    /** out = (in − mean)·rstd·weight + bias for the four rows. */
    private static void normalise4(float[] out, int o, float[] in, int x, float[] weight, int weightOff, float[] bias,
                                   int biasOff, int dim, float[] mean, int m, float[] rstd, int rs) {
        int x1 = x + dim, x2 = x1 + dim, x3 = x2 + dim;
        FloatVector muA = FloatVector.broadcast(S, mean[m]), muB = FloatVector.broadcast(S, mean[m + 1]);
        FloatVector muC = FloatVector.broadcast(S, mean[m + 2]), muD = FloatVector.broadcast(S, mean[m + 3]);
        FloatVector sA = FloatVector.broadcast(S, rstd[rs]), sB = FloatVector.broadcast(S, rstd[rs + 1]);
        FloatVector sC = FloatVector.broadcast(S, rstd[rs + 2]), sD = FloatVector.broadcast(S, rstd[rs + 3]);
        int o1 = o + dim, o2 = o1 + dim, o3 = o2 + dim, j;
        for (j = 0; j <= dim - L; j += L) {
            FloatVector w = FloatVector.fromArray(S, weight, weightOff + j), bb = FloatVector.fromArray(S, bias, biasOff + j);
            FloatVector.fromArray(S, in, x + j).sub(muA).mul(sA).fma(w, bb).intoArray(out, o + j);
            FloatVector.fromArray(S, in, x1 + j).sub(muB).mul(sB).fma(w, bb).intoArray(out, o1 + j);
            FloatVector.fromArray(S, in, x2 + j).sub(muC).mul(sC).fma(w, bb).intoArray(out, o2 + j);
            FloatVector.fromArray(S, in, x3 + j).sub(muD).mul(sD).fma(w, bb).intoArray(out, o3 + j);
        }
    }

    static void layerNormBackward(float[] dIn, int dInOff, float[] dWeight, int dWeightOff, float[] dBias, int dBiasOff,
                                  float[] dOut, int dOutOff, float[] in, int inOff, float[] mean, int meanOff,
                                  float[] rstd, int rstdOff, float[] weight, int weightOff, int rows, int dim,
                                  boolean accumulate) {
        LayerNormChecks.backward(dIn, dInOff, dWeight, dWeightOff, dBias, dBiasOff, dOut, dOutOff, in, inOff, mean, meanOff,
                rstd, rstdOff, weight, weightOff, rows, dim);
        if (FOUR_ROWS && dim == 4 * L) {
            layerNormBackwardFourVectors(dIn, dInOff, dWeight, dWeightOff, dBias, dBiasOff, dOut, dOutOff, in, inOff,
                    mean, meanOff, rstd, rstdOff, weight, weightOff, rows, accumulate);
            return;
        }
        for (int r = 0; r < rows; r++) {
            int x = inOff + r * dim, g = dOutOff + r * dim, di = dInOff + r * dim;
            float mu = mean[meanOff + r], s = rstd[rstdOff + r];
            FloatVector muV = FloatVector.broadcast(S, mu), sV = FloatVector.broadcast(S, s);
            // xhat = (x − mu) s;  dxhat = dOut ⊙ w;  dx = s (dxhat − mean(dxhat) − xhat mean(dxhat ⊙ xhat))
            FloatVector d0 = FloatVector.zero(S), d1 = d0, dx0 = d0, dx1 = d0;
            int j = 0;
            for (; j <= dim - 2 * L; j += 2 * L) {
                FloatVector xh0 = FloatVector.fromArray(S, in, x + j).sub(muV).mul(sV);
                FloatVector xh1 = FloatVector.fromArray(S, in, x + j + L).sub(muV).mul(sV);
                FloatVector dh0 = FloatVector.fromArray(S, dOut, g + j).mul(FloatVector.fromArray(S, weight, weightOff + j));
                FloatVector dh1 = FloatVector.fromArray(S, dOut, g + j + L)
                        .mul(FloatVector.fromArray(S, weight, weightOff + j + L));
                d0 = d0.add(dh0);
                d1 = d1.add(dh1);
                dx0 = dh0.fma(xh0, dx0);
                dx1 = dh1.fma(xh1, dx1);
            }
            for (; j <= dim - L; j += L) {
                FloatVector xh = FloatVector.fromArray(S, in, x + j).sub(muV).mul(sV);
                FloatVector dh = FloatVector.fromArray(S, dOut, g + j).mul(FloatVector.fromArray(S, weight, weightOff + j));
                d0 = d0.add(dh);
                dx0 = dh.fma(xh, dx0);
            }
            float meanD = LaneSum.sum(d0.add(d1));
            float meanDX = LaneSum.sum(dx0.add(dx1));
            for (; j < dim; j++) {
                float xhat = (in[x + j] - mu) * s;
                float dxhat = dOut[g + j] * weight[weightOff + j];
                meanD += dxhat;
                meanDX += dxhat * xhat;
            }
            meanD /= dim;
            meanDX /= dim;
            FloatVector mD = FloatVector.broadcast(S, meanD), mDX = FloatVector.broadcast(S, meanDX);
            j = 0;
            for (; j <= dim - L; j += L) {
                FloatVector xhat = FloatVector.fromArray(S, in, x + j).sub(muV).mul(sV);
                FloatVector gv = FloatVector.fromArray(S, dOut, g + j);
                FloatVector.fromArray(S, dBias, dBiasOff + j).add(gv).intoArray(dBias, dBiasOff + j);
                gv.fma(xhat, FloatVector.fromArray(S, dWeight, dWeightOff + j)).intoArray(dWeight, dWeightOff + j);
                FloatVector dxhat = gv.mul(FloatVector.fromArray(S, weight, weightOff + j));
                FloatVector v = dxhat.sub(mD).sub(xhat.mul(mDX)).mul(sV);
                (accumulate ? FloatVector.fromArray(S, dIn, di + j).add(v) : v).intoArray(dIn, di + j);
            }
            for (; j < dim; j++) {
                float xhat = (in[x + j] - mu) * s;
                float gj = dOut[g + j];
                dBias[dBiasOff + j] += gj;
                dWeight[dWeightOff + j] += gj * xhat;
                float v = s * (gj * weight[weightOff + j] - meanD - xhat * meanDX);
                dIn[di + j] = accumulate ? dIn[di + j] + v : v;
            }
        }
    }

    /**
     * layerNormBackward for rows of exactly four vectors (the network's H = 64 at 512 bits), with the same
     * operations in the same order, so the same bits: the weight, its gradient and the bias gradient stay in
     * registers across the rows (dWeight and dBias still take one add per row, in row order), and a row's x and
     * dOut are loaded once for both passes (62 rows with accumulate: 1.06 µs against the general loop's 1.53).
     */
    private static void layerNormBackwardFourVectors(float[] dIn, int dInOff, float[] dWeight, int dWeightOff,
                                                     float[] dBias, int dBiasOff, float[] dOut, int dOutOff,
                                                     float[] in, int inOff, float[] mean, int meanOff, float[] rstd,
                                                     int rstdOff, float[] weight, int weightOff, int rows,
                                                     boolean accumulate) {
        int dim = 4 * L;
        float n = dim; // the row means divide by it, as the general loop does
        FloatVector w0 = FloatVector.fromArray(S, weight, weightOff), w1 = FloatVector.fromArray(S, weight, weightOff + L);
        FloatVector w2 = FloatVector.fromArray(S, weight, weightOff + 2 * L);
        FloatVector w3 = FloatVector.fromArray(S, weight, weightOff + 3 * L);
        FloatVector gw0 = FloatVector.fromArray(S, dWeight, dWeightOff), gw1 = FloatVector.fromArray(S, dWeight, dWeightOff + L);
        FloatVector gw2 = FloatVector.fromArray(S, dWeight, dWeightOff + 2 * L);
        FloatVector gw3 = FloatVector.fromArray(S, dWeight, dWeightOff + 3 * L);
        FloatVector gb0 = FloatVector.fromArray(S, dBias, dBiasOff), gb1 = FloatVector.fromArray(S, dBias, dBiasOff + L);
        FloatVector gb2 = FloatVector.fromArray(S, dBias, dBiasOff + 2 * L);
        FloatVector gb3 = FloatVector.fromArray(S, dBias, dBiasOff + 3 * L);
        for (int r = 0; r < rows; r++) {
            int x = inOff + r * dim, g = dOutOff + r * dim, di = dInOff + r * dim;
            FloatVector muV = FloatVector.broadcast(S, mean[meanOff + r]), sV = FloatVector.broadcast(S, rstd[rstdOff + r]);
            FloatVector xh0 = FloatVector.fromArray(S, in, x).sub(muV).mul(sV);
            FloatVector xh1 = FloatVector.fromArray(S, in, x + L).sub(muV).mul(sV);
            FloatVector xh2 = FloatVector.fromArray(S, in, x + 2 * L).sub(muV).mul(sV);
            FloatVector xh3 = FloatVector.fromArray(S, in, x + 3 * L).sub(muV).mul(sV);
            FloatVector g0 = FloatVector.fromArray(S, dOut, g), g1 = FloatVector.fromArray(S, dOut, g + L);
            FloatVector g2 = FloatVector.fromArray(S, dOut, g + 2 * L), g3 = FloatVector.fromArray(S, dOut, g + 3 * L);
            FloatVector dh0 = g0.mul(w0), dh1 = g1.mul(w1), dh2 = g2.mul(w2), dh3 = g3.mul(w3);
            // the general loop's two accumulators, vectors 0 and 2 in one, 1 and 3 in the other
            FloatVector d0 = FloatVector.zero(S).add(dh0).add(dh2), d1 = FloatVector.zero(S).add(dh1).add(dh3);
            FloatVector dx0 = dh2.fma(xh2, dh0.fma(xh0, FloatVector.zero(S)));
            FloatVector dx1 = dh3.fma(xh3, dh1.fma(xh1, FloatVector.zero(S)));
            // both row sums in one reduction (LaneSum.sum's bits in lanes 0 and 1): a second LaneSum.sum here went
            // past C2's inlining node budget, and the vectors it was handed were boxed
            FloatVector sums = LaneSum.sum4(d0.add(d1), dx0.add(dx1), d0, d0);
            FloatVector mD = FloatVector.broadcast(S, sums.lane(0) / n);
            FloatVector mDX = FloatVector.broadcast(S, sums.lane(1) / n);
            gb0 = gb0.add(g0);
            gb1 = gb1.add(g1);
            gb2 = gb2.add(g2);
            gb3 = gb3.add(g3);
            gw0 = g0.fma(xh0, gw0);
            gw1 = g1.fma(xh1, gw1);
            gw2 = g2.fma(xh2, gw2);
            gw3 = g3.fma(xh3, gw3);
            FloatVector v0 = dh0.sub(mD).sub(xh0.mul(mDX)).mul(sV), v1 = dh1.sub(mD).sub(xh1.mul(mDX)).mul(sV);
            FloatVector v2 = dh2.sub(mD).sub(xh2.mul(mDX)).mul(sV), v3 = dh3.sub(mD).sub(xh3.mul(mDX)).mul(sV);
            if (accumulate) {
                v0 = FloatVector.fromArray(S, dIn, di).add(v0);
                v1 = FloatVector.fromArray(S, dIn, di + L).add(v1);
                v2 = FloatVector.fromArray(S, dIn, di + 2 * L).add(v2);
                v3 = FloatVector.fromArray(S, dIn, di + 3 * L).add(v3);
            }
            v0.intoArray(dIn, di);
            v1.intoArray(dIn, di + L);
            v2.intoArray(dIn, di + 2 * L);
            v3.intoArray(dIn, di + 3 * L);
        }
        gw0.intoArray(dWeight, dWeightOff);
        gw1.intoArray(dWeight, dWeightOff + L);
        gw2.intoArray(dWeight, dWeightOff + 2 * L);
        gw3.intoArray(dWeight, dWeightOff + 3 * L);
        gb0.intoArray(dBias, dBiasOff);
        gb1.intoArray(dBias, dBiasOff + L);
        gb2.intoArray(dBias, dBiasOff + 2 * L);
        gb3.intoArray(dBias, dBiasOff + 3 * L);
    }

    // ---------------------------------------------------------------- GELU and its erf

    /*
     * erfc(u) = t·exp(−u²)·Q(t) for u ≥ 0, t = 1/(1 + u/2), Q a degree-8 polynomial. The coefficients are a
     * minimax fit of the relative error of Q over u ∈ [0, 10] (a linear programme on 4000 points in t, targets
     * from 30-digit arithmetic): |relative error of erfc| ≤ 3.8e-8 in exact arithmetic. Evaluated in float with
     * VectorExp (≤ 1 ulp), the measured max |erf − Erf.erf| over [−10, 10] is 3.1e-7 (3.09e-7 at x = −0.042),
     * near x = ±0.04 where the float rounding of 1 − erfc dominates (dense grid of 2·10⁶ points plus random
     * points; ErfApproximationTest checks ≤ 1e-6, and ≤ 3.5e-7 to keep this figure honest). GELU and its
     * derivative share the exp(−u²): with u = |x|/√2, exp(−u²) = exp(−x²/2) = √(2π) φ(x).
     */
    private static final float Q0 = 0.28208894f, Q1 = 0.2823239f, Q2 = 0.24352691f, Q3 = 0.2008448f,
            Q4 = -0.021943675f, Q5 = 0.27088344f, Q6 = -0.4806468f, Q7 = 0.28130245f, Q8 = -0.058379993f;
    /** Beyond u = 10, erfc(u) < 3e-45 (zero in float); clamping keeps t inside the range Q was fitted on. */
    static final float U_MAX = 10f;
    static final float INV_SQRT2 = (float) (1.0 / Math.sqrt(2.0));
    static final float INV_SQRT_2PI = (float) (1.0 / Math.sqrt(2.0 * Math.PI));

    /** t·Q(t), t = 1/(1 + u/2): erfc(u) = tQ(u) · exp(−u²) for 0 ≤ u ≤ U_MAX. */
    static FloatVector tQ(FloatVector u) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        return scaledTQOfT(one.div(u.fma(FloatVector.broadcast(S, 0.5f), one)), 1f);
    }

    /**
     * scale·t·Q(t) for u = |x|/√2 given |x|, scale a power of two: t = 1/(1 + |x|/(2√2)) in one fma, without
     * forming u or clamping it (GELU: beyond |x| = 13.2, where t leaves Q's fitted range, the result only meets an
     * exp(−x²/2) of 0), and Q's coefficients scaled, which is exactly tQ·scale in one multiplication less.
     */
    static FloatVector tQOfAbsX(FloatVector absX, float scale) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        return scaledTQOfT(one.div(absX.fma(FloatVector.broadcast(S, INV_SQRT2 * 0.5f), one)), scale);
    }

    /** scale·t·Q(t) given t itself (the two entries above form t from u or from |x|). */
    private static FloatVector scaledTQOfT(FloatVector t, float scale) {
        FloatVector q = FloatVector.broadcast(S, Q8 * scale).fma(t, FloatVector.broadcast(S, Q7 * scale))
                .fma(t, FloatVector.broadcast(S, Q6 * scale))
                .fma(t, FloatVector.broadcast(S, Q5 * scale))
                .fma(t, FloatVector.broadcast(S, Q4 * scale))
                .fma(t, FloatVector.broadcast(S, Q3 * scale))
                .fma(t, FloatVector.broadcast(S, Q2 * scale))
                .fma(t, FloatVector.broadcast(S, Q1 * scale))
                .fma(t, FloatVector.broadcast(S, Q0 * scale));
        return t.mul(q);
    }

    /** erf(x) lane-wise. */
    private static FloatVector erf(FloatVector x) {
        FloatVector u = x.abs().min(U_MAX);
        FloatVector erfc = tQ(u).mul(VectorExp.exp(u.mul(u).neg()));
        FloatVector r = FloatVector.broadcast(S, 1f).sub(erfc);
        return r.blend(r.neg(), x.lt(0f));
    }

    /** The vectorised erf on an array, for the accuracy test: out[i] = erf(in[i]). */
    static void erf(float[] out, int outOff, float[] in, int inOff, int n) {
        Checks.span("out", out, outOff, n);
        Checks.span("in", in, inOff, n);
        int i = 0;
        for (; i <= n - L; i += L) erf(FloatVector.fromArray(S, in, inOff + i)).intoArray(out, outOff + i);
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            erf(FloatVector.fromArray(S, in, inOff + i, m)).intoArray(out, outOff + i, m);
        }
    }

    /** x Φ(x), Φ(x) = ½ erfc(−x/√2): for x < 0 the small tail ½ erfc(|x|/√2) keeps its relative accuracy. */
    private static FloatVector gelu(FloatVector x) {
        FloatVector u = x.abs().mul(INV_SQRT2).min(U_MAX);
        FloatVector halfErfc = tQ(u).mul(VectorExp.exp(u.mul(u).neg())).mul(0.5f);
        FloatVector cdf = FloatVector.broadcast(S, 1f).sub(halfErfc).blend(halfErfc, x.lt(0f));
        return x.mul(cdf);
    }

    /** dOut · (Φ(x) + x φ(x)). */
    private static FloatVector geluGrad(FloatVector x, FloatVector dOut) {
        FloatVector u = x.abs().mul(INV_SQRT2).min(U_MAX);
        FloatVector e = VectorExp.exp(x.mul(x).mul(-0.5f)); // exp(−x²/2), unclamped for φ
        FloatVector halfErfc = tQ(u).mul(e).mul(0.5f);
        FloatVector cdf = FloatVector.broadcast(S, 1f).sub(halfErfc).blend(halfErfc, x.lt(0f));
        return x.mul(e.mul(INV_SQRT_2PI)).add(cdf).mul(dOut);
    }

    static void geluForward(float[] out, int outOff, float[] in, int inOff, int n) {
        Checks.span("out", out, outOff, n);
        Checks.span("in", in, inOff, n);
        int i = 0;
        for (; i <= n - L; i += L) gelu(FloatVector.fromArray(S, in, inOff + i)).intoArray(out, outOff + i);
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            gelu(FloatVector.fromArray(S, in, inOff + i, m)).intoArray(out, outOff + i, m);
        }
    }

    static void geluBackward(float[] dIn, int dInOff, float[] in, int inOff, float[] dOut, int dOutOff, int n) {
        Checks.span("dIn", dIn, dInOff, n);
        Checks.span("in", in, inOff, n);
        Checks.span("dOut", dOut, dOutOff, n);
        int i = 0;
        for (; i <= n - L; i += L) {
            geluGrad(FloatVector.fromArray(S, in, inOff + i), FloatVector.fromArray(S, dOut, dOutOff + i))
                    .intoArray(dIn, dInOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            geluGrad(FloatVector.fromArray(S, in, inOff + i, m), FloatVector.fromArray(S, dOut, dOutOff + i, m))
                    .intoArray(dIn, dInOff + i, m);
        }
    }

    // ---------------------------------------------------------------- rotary

    /** direction +1: rotation by +angle (forward); −1: its transpose (backward). */
    static void rotate(float[] x, int xOff, int stride, float[] cos, float[] sin, int positions, int rotaryDim,
                       float direction) {
        RotaryChecks.check(x, xOff, stride, cos, sin, positions, rotaryDim);
        int h = rotaryDim / 2;
        if (rotaryDim == L) {
            rotateOneVector(x, xOff, stride, cos, sin, positions, direction);
            return;
        }
        for (int p = 0; p < positions; p++) {
            int row = xOff + p * stride, tab = p * h;
            int i = 0;
            for (; i <= h - L; i += L) {
                FloatVector c = FloatVector.fromArray(S, cos, tab + i);
                FloatVector s = FloatVector.fromArray(S, sin, tab + i).mul(direction);
                FloatVector x1 = FloatVector.fromArray(S, x, row + i), x2 = FloatVector.fromArray(S, x, row + i + h);
                x1.mul(c).sub(x2.mul(s)).intoArray(x, row + i);
                x2.mul(c).add(x1.mul(s)).intoArray(x, row + i + h);
            }
            if (i < h) {
                VectorMask<Float> m = S.indexInRange(i, h);
                FloatVector c = FloatVector.fromArray(S, cos, tab + i, m);
                FloatVector s = FloatVector.fromArray(S, sin, tab + i, m).mul(direction);
                FloatVector x1 = FloatVector.fromArray(S, x, row + i, m), x2 = FloatVector.fromArray(S, x, row + i + h, m);
                x1.mul(c).sub(x2.mul(s)).intoArray(x, row + i, m);
                x2.mul(c).add(x1.mul(s)).intoArray(x, row + i + h, m);
            }
        }
    }

    /** Lane i takes lane i + L/2 (mod L): [x1 | x2] becomes [x2 | x1]. */
    private static final VectorShuffle<Float> SWAP_HALVES = VectorShuffle.fromOp(S, i -> (i + L / 2) % L);
    /** Lane i takes lane i mod L/2: a half-vector's table row in both halves. */
    private static final VectorShuffle<Float> BOTH_HALVES = VectorShuffle.fromOp(S, i -> i % (L / 2));
    private static final VectorMask<Float> LOW_HALF = S.indexInRange(0, L / 2);
    /** −1 in the low half, +1 in the high half. */
    private static final FloatVector HALF_SIGNS = FloatVector.fromArray(S, halfSigns(), 0);

    private static float[] halfSigns() {
        float[] signs = new float[L];
        for (int i = 0; i < L; i++) signs[i] = i < L / 2 ? -1f : 1f;
        return signs;
    }

    /**
     * rotate for rotary dims of exactly one vector (16 at 512 bits: a head of 64 at 25%): per position one load
     * of [x1 | x2], one swap of its halves, and x·[c | c] + [x2 | x1]·[−s | s]. x1·c + (−(x2·s)) is x1·c − x2·s
     * exactly, so the bits are rotate's (and the scalar twin's).
     */
    private static void rotateOneVector(float[] x, int xOff, int stride, float[] cos, float[] sin, int positions,
                                        float direction) {
        int h = L / 2;
        FloatVector signs = HALF_SIGNS.mul(direction);
        for (int p = 0; p < positions; p++) {
            int row = xOff + p * stride, tab = p * h;
            FloatVector c = FloatVector.fromArray(S, cos, tab, LOW_HALF).rearrange(BOTH_HALVES);
            FloatVector sn = FloatVector.fromArray(S, sin, tab, LOW_HALF).rearrange(BOTH_HALVES).mul(signs);
            FloatVector v = FloatVector.fromArray(S, x, row);
            v.mul(c).add(v.rearrange(SWAP_HALVES).mul(sn)).intoArray(x, row);
        }
    }

    // ---------------------------------------------------------------- causal attention

    /**
     * dst[dstOff + j] = mul · a[aOff .. +n) · b[bOff + j·bStride .. +n) for j = 0..3: four rows of b against one
     * row of a, so a is loaded once and the four sums form independent FMA chains.
     */
    private static void dot4(float[] dst, int dstOff, float mul, float[] a, int aOff, float[] b, int bOff, int bStride,
                             int n) {
        int b0 = bOff, b1 = bOff + bStride, b2 = bOff + 2 * bStride, b3 = bOff + 3 * bStride;
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector av = FloatVector.fromArray(S, a, aOff + i);
            s0 = av.fma(FloatVector.fromArray(S, b, b0 + i), s0);
            s1 = av.fma(FloatVector.fromArray(S, b, b1 + i), s1);
            s2 = av.fma(FloatVector.fromArray(S, b, b2 + i), s2);
            s3 = av.fma(FloatVector.fromArray(S, b, b3 + i), s3);
        }
        float r0 = LaneSum.sum(s0), r1 = LaneSum.sum(s1);
        float r2 = LaneSum.sum(s2), r3 = LaneSum.sum(s3);
        for (; i < n; i++) {
            float ai = a[aOff + i];
            r0 += ai * b[b0 + i];
            r1 += ai * b[b1 + i];
            r2 += ai * b[b2 + i];
            r3 += ai * b[b3 + i];
        }
        dst[dstOff] = mul * r0;
        dst[dstOff + 1] = mul * r1;
        dst[dstOff + 2] = mul * r2;
        dst[dstOff + 3] = mul * r3;
    }

    /** dst[j] = mul · a·b_j for the rows j < count of b (row j at bOff + j·bStride), each of length n. */
    private static void dots(float[] dst, int dstOff, float mul, float[] a, int aOff, float[] b, int bOff, int bStride,
                             int count, int n) {
        int j = 0;
        for (; j <= count - 4; j += 4) dot4(dst, dstOff + j, mul, a, aOff, b, bOff + j * bStride, bStride, n);
        for (; j < count; j++) dst[dstOff + j] = mul * dot(a, aOff, b, bOff + j * bStride, n);
    }

    /**
     * out[d] = Σ_{j<count} w[wOff + j·wStride] · rows[rowsOff + j·stride + d] for d < n. Accumulators stay in
     * registers: four vectors of columns at a time (all of a 64-wide head with 512-bit vectors), the j loop inside.
     */
    private static void weightedSum(float[] out, int outOff, float[] w, int wOff, int wStride, float[] rows, int rowsOff,
                                    int stride, int count, int n) {
        int d = 0;
        for (; d <= n - 4 * L; d += 4 * L) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            for (int j = 0; j < count; j++) {
                FloatVector wj = FloatVector.broadcast(S, w[wOff + j * wStride]);
                int at = rowsOff + j * stride + d;
                a0 = FloatVector.fromArray(S, rows, at).fma(wj, a0);
                a1 = FloatVector.fromArray(S, rows, at + L).fma(wj, a1);
                a2 = FloatVector.fromArray(S, rows, at + 2 * L).fma(wj, a2);
                a3 = FloatVector.fromArray(S, rows, at + 3 * L).fma(wj, a3);
            }
            a0.intoArray(out, outOff + d);
            a1.intoArray(out, outOff + d + L);
            a2.intoArray(out, outOff + d + 2 * L);
            a3.intoArray(out, outOff + d + 3 * L);
        }
        for (; d <= n - L; d += L) {
            // even and odd j in two chains, so consecutive FMAs do not wait on each other
            FloatVector a0 = FloatVector.zero(S), a1 = a0;
            int j = 0;
            for (; j <= count - 2; j += 2) {
                int at = rowsOff + j * stride + d;
                a0 = FloatVector.fromArray(S, rows, at).fma(FloatVector.broadcast(S, w[wOff + j * wStride]), a0);
                a1 = FloatVector.fromArray(S, rows, at + stride)
                        .fma(FloatVector.broadcast(S, w[wOff + (j + 1) * wStride]), a1);
            }
            if (j < count) {
                a0 = FloatVector.fromArray(S, rows, rowsOff + j * stride + d)
                        .fma(FloatVector.broadcast(S, w[wOff + j * wStride]), a0);
            }
            a0.add(a1).intoArray(out, outOff + d);
        }
        for (; d < n; d++) {
            float acc = 0f;
            for (int j = 0; j < count; j++) acc += w[wOff + j * wStride] * rows[rowsOff + j * stride + d];
            out[outOff + d] = acc;
        }
    }

    static void attentionForward(float[] out, int outOff, int outStride, float[] probs, int probsOff,
                                 float[] q, int qOff, float[] k, int kOff, float[] v, int vOff, int qkvStride,
                                 int T, int headDim, float scale) {
        AttentionChecks.forward(out, outOff, outStride, probs, probsOff, q, qOff, k, kOff, v, vOff, qkvStride, T, headDim);
        for (int t = 0; t < T; t++) {
            int prow = probsOff + t * T, n = t + 1; // causal: row t only sees j ≤ t
            dots(probs, prow, scale, q, qOff + t * qkvStride, k, kOff, qkvStride, n, headDim);
            float max = max(probs, prow, n);
            float sum = expShiftSum(probs, prow, probs, prow, n, max);
            scaleRange(probs, prow, n, 1f / sum);
            zero(probs, prow + n, T - n);
            weightedSum(out, outOff + t * outStride, probs, prow, 1, v, vOff, qkvStride, n, headDim);
        }
    }

    static void attentionBackward(float[] dq, int dqOff, float[] dk, int dkOff, float[] dv, int dvOff, int dqkvStride,
                                  float[] scratch, int scratchOff,
                                  float[] dOut, int dOutOff, int dOutStride, float[] probs, int probsOff,
                                  float[] q, int qOff, float[] k, int kOff, float[] v, int vOff, int qkvStride,
                                  int T, int headDim, float scale) {
        AttentionChecks.backward(dq, dqOff, dk, dkOff, dv, dvOff, dqkvStride, scratch, scratchOff,
                dOut, dOutOff, dOutStride, probs, probsOff, q, qOff, k, kOff, v, vOff, qkvStride, T, headDim);
        // dv[j] = Σ_{t≥j} P[t,j] dOut[t]: column j of P (stride T) weights the dOut rows, summed in registers
        for (int j = 0; j < T; j++) {
            weightedSum(dv, dvOff + j * dqkvStride, probs, probsOff + j * T + j, T, dOut, dOutOff + j * dOutStride,
                    dOutStride, T - j, headDim);
        }
        // dk collects contributions from every later query row; dq[t] is written whole at step t
        for (int t = 0; t < T; t++) zero(dk, dkOff + t * dqkvStride, headDim);
        for (int t = 0; t < T; t++) {
            int prow = probsOff + t * T, g = dOutOff + t * dOutStride, qRow = qOff + t * qkvStride, n = t + 1;
            // dP[t,j] = dOut[t]·v[j] (into scratch)
            dots(scratch, scratchOff, 1f, dOut, g, v, vOff, qkvStride, n, headDim);
            // dS[t,j] = P (dP − Σ_j P dP) · scale, in place in scratch
            float dot = dot(probs, prow, scratch, scratchOff, n);
            FloatVector dotV = FloatVector.broadcast(S, dot), scaleV = FloatVector.broadcast(S, scale);
            int j = 0;
            for (; j <= n - L; j += L) {
                FloatVector dp = FloatVector.fromArray(S, scratch, scratchOff + j);
                FloatVector.fromArray(S, probs, prow + j).mul(dp.sub(dotV)).mul(scaleV).intoArray(scratch, scratchOff + j);
            }
            for (; j < n; j++) scratch[scratchOff + j] = probs[prow + j] * (scratch[scratchOff + j] - dot) * scale;
            // scores = scale q·k  ⇒  dq[t] = Σ_j dS k[j],  dk[j] += dS q[t]
            weightedSum(dq, dqOff + t * dqkvStride, scratch, scratchOff, 1, k, kOff, qkvStride, n, headDim);
            for (j = 0; j < n; j++) axpyRange(dk, dkOff + j * dqkvStride, scratch[scratchOff + j], q, qRow, headDim);
        }
    }

    // ---------------------------------------------------------------- optimiser and utilities

    static void adamw(float[] param, int paramOff, float[] grad, int gradOff, float[] m, int mOff, float[] v, int vOff,
                      int n, float lr, float beta1, float beta2, float eps, float weightDecay, float bc1, float bc2) {
        Checks.span("param", param, paramOff, n);
        Checks.span("grad", grad, gradOff, n);
        Checks.span("m", m, mOff, n);
        Checks.span("v", v, vOff, n);
        float decay = 1f - lr * weightDecay;
        float stepSize = lr / bc1;
        float sqrtBc2 = (float) Math.sqrt(bc2);
        // the same float operations in the same order as the scalar twin (no FMA), so both give identical bits
        FloatVector b1 = FloatVector.broadcast(S, beta1), c1 = FloatVector.broadcast(S, 1f - beta1);
        FloatVector b2 = FloatVector.broadcast(S, beta2), c2 = FloatVector.broadcast(S, 1f - beta2);
        FloatVector dec = FloatVector.broadcast(S, decay), step = FloatVector.broadcast(S, stepSize);
        FloatVector sb2 = FloatVector.broadcast(S, sqrtBc2), ep = FloatVector.broadcast(S, eps);
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector g = FloatVector.fromArray(S, grad, gradOff + i);
            FloatVector mi = b1.mul(FloatVector.fromArray(S, m, mOff + i)).add(c1.mul(g));
            FloatVector vi = b2.mul(FloatVector.fromArray(S, v, vOff + i)).add(c2.mul(g).mul(g));
            mi.intoArray(m, mOff + i);
            vi.intoArray(v, vOff + i);
            FloatVector denom = vi.sqrt().div(sb2).add(ep);
            FloatVector.fromArray(S, param, paramOff + i).mul(dec).sub(step.mul(mi.div(denom)))
                    .intoArray(param, paramOff + i);
        }
        for (; i < n; i++) {
            float g = grad[gradOff + i];
            float mi = beta1 * m[mOff + i] + (1f - beta1) * g;
            float vi = beta2 * v[vOff + i] + (1f - beta2) * g * g;
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            float denom = (float) Math.sqrt(vi) / sqrtBc2 + eps;
            param[paramOff + i] = param[paramOff + i] * decay - stepSize * (mi / denom);
        }
    }

    /** Float lanes summed over blocks of this many values, each block's total added in double. */
    private static final int SQUARES_BLOCK = 4096;

    static double sumOfSquares(float[] x, int xOff, int n) {
        Checks.span("x", x, xOff, n);
        double total = 0;
        int i = 0;
        while (i <= n - L) {
            int end = i + Math.min(SQUARES_BLOCK, n - i);
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (; i <= end - 4 * L; i += 4 * L) {
                FloatVector a0 = FloatVector.fromArray(S, x, xOff + i), a1 = FloatVector.fromArray(S, x, xOff + i + L);
                FloatVector a2 = FloatVector.fromArray(S, x, xOff + i + 2 * L);
                FloatVector a3 = FloatVector.fromArray(S, x, xOff + i + 3 * L);
                s0 = a0.fma(a0, s0);
                s1 = a1.fma(a1, s1);
                s2 = a2.fma(a2, s2);
                s3 = a3.fma(a3, s3);
            }
            for (; i <= end - L; i += L) {
                FloatVector a = FloatVector.fromArray(S, x, xOff + i);
                s0 = a.fma(a, s0);
            }
            total += LaneSum.sum(s0.add(s1).add(s2.add(s3)));
        }
        for (; i < n; i++) total += (double) x[xOff + i] * x[xOff + i];
        return total;
    }

    static void scale(float[] x, int xOff, int n, float s) {
        Checks.span("x", x, xOff, n);
        scaleRange(x, xOff, n, s);
    }

    static void axpy(float[] y, int yOff, float a, float[] x, int xOff, int n) {
        Checks.span("y", y, yOff, n);
        Checks.span("x", x, xOff, n);
        axpyRange(y, yOff, a, x, xOff, n);
    }

    static void add(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n) {
        Checks.span("out", out, outOff, n);
        Checks.span("a", a, aOff, n);
        Checks.span("b", b, bOff, n);
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector.fromArray(S, a, aOff + i).add(FloatVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = a[aOff + i] + b[bOff + i];
    }
}
