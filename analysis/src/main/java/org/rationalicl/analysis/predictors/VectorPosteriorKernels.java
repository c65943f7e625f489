// Vector API twin of ScalarPosteriorKernels. Loaded reflectively (PosteriorKernels.Holder), so a JVM without
// jdk.incubator.vector never touches it. Sums use float lanes, summed in lane order after the loop, and a scalar
// tail; every operation is IEEE-exact per lane, so results do not depend on whether the code is JIT-compiled.
package org.rationalicl.analysis.predictors;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

final class VectorPosteriorKernels extends ScalarPosteriorKernels {

    /** -Drationalicl.predictors.vectorBits=128|256|512 narrows the species (to test every width on one machine). */
    static final VectorSpecies<Float> SPECIES = species(Integer.getInteger("rationalicl.predictors.vectorBits", 0));

    private static VectorSpecies<Float> species(int bits) {
        return switch (bits) {
            case 0 -> FloatVector.SPECIES_PREFERRED;
            case 128 -> FloatVector.SPECIES_128;
            case 256 -> FloatVector.SPECIES_256;
            case 512 -> FloatVector.SPECIES_512;
            default -> throw new IllegalArgumentException(
                    "-Drationalicl.predictors.vectorBits=" + bits + ": expected 128, 256 or 512");
        };
    }

    private static final FloatVector ZERO = FloatVector.zero(SPECIES);
    private static final FloatVector NEGLIGIBLE_V = FloatVector.broadcast(SPECIES, NEGLIGIBLE);
    private static final FloatVector LOWEST = FloatVector.broadcast(SPECIES, PosteriorExp.LOWEST);
    private static final FloatVector HIGHEST = FloatVector.broadcast(SPECIES, PosteriorExp.HIGHEST);
    private static final FloatVector LN2_HI = FloatVector.broadcast(SPECIES, PosteriorExp.LN2_HI);
    private static final FloatVector LN2_LO = FloatVector.broadcast(SPECIES, PosteriorExp.LN2_LO);
    private static final FloatVector C7 = FloatVector.broadcast(SPECIES, PosteriorExp.C7);

    /** Lane-wise twin of PosteriorExp.exp: the same IEEE operations in the same order, hence the same bits. */
    static FloatVector exp(FloatVector x) {
        VectorMask<Float> low = x.compare(VectorOperators.LT, LOWEST);
        FloatVector xc = x.max(LOWEST).min(HIGHEST);
        FloatVector n = xc.mul(PosteriorExp.LOG2E).add(PosteriorExp.ROUND).sub(PosteriorExp.ROUND);
        FloatVector nNeg = n.neg();
        FloatVector r = nNeg.fma(LN2_HI, xc);
        r = nNeg.fma(LN2_LO, r);
        FloatVector p = r.fma(C7, FloatVector.broadcast(SPECIES, PosteriorExp.C6));
        p = p.fma(r, FloatVector.broadcast(SPECIES, PosteriorExp.C5));
        p = p.fma(r, FloatVector.broadcast(SPECIES, PosteriorExp.C4));
        p = p.fma(r, FloatVector.broadcast(SPECIES, PosteriorExp.C3));
        p = p.fma(r, FloatVector.broadcast(SPECIES, PosteriorExp.C2));
        p = p.fma(r, FloatVector.broadcast(SPECIES, 1f));
        p = p.fma(r, FloatVector.broadcast(SPECIES, 1f));
        IntVector bits = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        FloatVector scale = bits.reinterpretAsFloats();
        FloatVector e = p.mul(scale);
        // x > HIGHEST: +inf as the scalar twin returns (xc was clamped, so e is finite there).
        e = e.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, HIGHEST));
        return e.blend(0f, low);
    }

    /**
     * Sums the lanes in lane order, in double. Used instead of reduceLanes(ADD), whose order is unspecified (and
     * may differ between interpreted and compiled code), so that results never depend on JIT state.
     */
    static double sumLanes(FloatVector v) {
        double s = 0;
        for (int i = 0; i < v.length(); i++) s += v.lane(i);
        return s;
    }

    @Override
    public String name() {
        return "simd";
    }

    @Override
    public float addRowAndMax(float[] acc, int accOff, float[] row, int rowOff, int n) {
        int step = SPECIES.length();
        int upper = SPECIES.loopBound(n);
        FloatVector max = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i < upper; i += step) {
            FloatVector a = FloatVector.fromArray(SPECIES, acc, accOff + i)
                    .add(FloatVector.fromArray(SPECIES, row, rowOff + i));
            a.intoArray(acc, accOff + i);
            max = max.max(a);
        }
        float m = max.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            float a = acc[accOff + i] + row[rowOff + i];
            acc[accOff + i] = a;
            m = Math.max(m, a);
        }
        return m;
    }

    @Override
    public float subtractScaledSquaredErrorAndMax(float[] acc, int accOff, float[] pred, int predOff, float y,
                                                  float scale, int n) {
        int step = SPECIES.length();
        int upper = SPECIES.loopBound(n);
        FloatVector max = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
        FloatVector yv = FloatVector.broadcast(SPECIES, y);
        FloatVector sv = FloatVector.broadcast(SPECIES, scale);
        int i = 0;
        for (; i < upper; i += step) {
            FloatVector e = yv.sub(FloatVector.fromArray(SPECIES, pred, predOff + i));
            FloatVector a = FloatVector.fromArray(SPECIES, acc, accOff + i).sub(sv.mul(e).mul(e));
            a.intoArray(acc, accOff + i);
            max = max.max(a);
        }
        float m = max.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            float e = y - pred[predOff + i];
            float a = acc[accOff + i] - scale * e * e;
            acc[accOff + i] = a;
            m = Math.max(m, a);
        }
        return m;
    }

    @Override
    public double shiftExpSum(float[] w, int wOff, float[] acc, int accOff, float shift, int n) {
        int step = SPECIES.length();
        int upper = SPECIES.loopBound(n);
        FloatVector sv = FloatVector.broadcast(SPECIES, shift);
        FloatVector sum = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i < upper; i += step) {
            FloatVector a = FloatVector.fromArray(SPECIES, acc, accOff + i).sub(sv);
            a.intoArray(acc, accOff + i);
            // Once the context has spoken, most tasks sit far below the leader: skip the polynomial for a
            // vector of them, all of whose weights are 0.
            VectorMask<Float> kept = a.compare(VectorOperators.GE, NEGLIGIBLE_V);
            if (kept.anyTrue()) {
                FloatVector e = exp(a).blend(0f, kept.not());
                e.intoArray(w, wOff + i);
                sum = sum.add(e);
            } else {
                ZERO.intoArray(w, wOff + i);
            }
        }
        double s = sumLanes(sum);
        for (; i < n; i++) {
            float a = acc[accOff + i] - shift;
            acc[accOff + i] = a;
            float e = a < NEGLIGIBLE ? 0f : PosteriorExp.exp(a);
            w[wOff + i] = e;
            s += e;
        }
        return s;
    }

    @Override
    public double dot(float[] a, int aOff, float[] b, int bOff, int n) {
        int step = SPECIES.length();
        int upper2 = n - n % (2 * step);
        FloatVector s0 = FloatVector.zero(SPECIES);
        FloatVector s1 = FloatVector.zero(SPECIES);
        int i = 0;
        // Two independent accumulators hide the FMA latency.
        for (; i < upper2; i += 2 * step) {
            s0 = FloatVector.fromArray(SPECIES, a, aOff + i).fma(FloatVector.fromArray(SPECIES, b, bOff + i), s0);
            s1 = FloatVector.fromArray(SPECIES, a, aOff + i + step)
                    .fma(FloatVector.fromArray(SPECIES, b, bOff + i + step), s1);
        }
        int upper = SPECIES.loopBound(n);
        for (; i < upper; i += step) {
            s0 = FloatVector.fromArray(SPECIES, a, aOff + i).fma(FloatVector.fromArray(SPECIES, b, bOff + i), s0);
        }
        double s = sumLanes(s0.add(s1));
        for (; i < n; i++) s += (double) a[aOff + i] * b[bOff + i];
        return s;
    }

    @Override
    public void weightedRowSums(double[] out, int outOff, float[] w, int wOff, float[] rows, int rowsOff, int ld,
                                int m, int n) {
        int step = SPECIES.length();
        int upper = SPECIES.loopBound(n);
        int k = 0;
        // Four rows at a time: each weight vector is loaded once for four FMAs into independent accumulators.
        for (; k + 4 <= m; k += 4) {
            int r0 = rowsOff + k * ld, r1 = r0 + ld, r2 = r1 + ld, r3 = r2 + ld;
            FloatVector s0 = FloatVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0;
            int i = 0;
            for (; i < upper; i += step) {
                FloatVector wv = FloatVector.fromArray(SPECIES, w, wOff + i);
                // Vectors of negligible tasks (all weights 0) add nothing: skip their row loads.
                if (!wv.compare(VectorOperators.NE, 0f).anyTrue()) continue;
                s0 = wv.fma(FloatVector.fromArray(SPECIES, rows, r0 + i), s0);
                s1 = wv.fma(FloatVector.fromArray(SPECIES, rows, r1 + i), s1);
                s2 = wv.fma(FloatVector.fromArray(SPECIES, rows, r2 + i), s2);
                s3 = wv.fma(FloatVector.fromArray(SPECIES, rows, r3 + i), s3);
            }
            double d0 = sumLanes(s0), d1 = sumLanes(s1), d2 = sumLanes(s2), d3 = sumLanes(s3);
            for (; i < n; i++) {
                double wi = w[wOff + i];
                d0 += wi * rows[r0 + i];
                d1 += wi * rows[r1 + i];
                d2 += wi * rows[r2 + i];
                d3 += wi * rows[r3 + i];
            }
            out[outOff + k] = d0;
            out[outOff + k + 1] = d1;
            out[outOff + k + 2] = d2;
            out[outOff + k + 3] = d3;
        }
        for (; k < m; k++) out[outOff + k] = dot(w, wOff, rows, rowsOff + k * ld, n);
    }

    @Override
    public void combineRows(float[] out, int outOff, float[] rows, int rowsOff, int ld, float[] c, int cOff, int m,
                            int n) {
        int step = SPECIES.length();
        int upper = SPECIES.loopBound(n);
        int i = 0;
        for (; i < upper; i += step) {
            FloatVector s = FloatVector.zero(SPECIES);
            for (int k = 0; k < m; k++) {
                s = FloatVector.fromArray(SPECIES, rows, rowsOff + k * ld + i)
                        .fma(FloatVector.broadcast(SPECIES, c[cOff + k]), s);
            }
            s.intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            float s = 0;
            for (int k = 0; k < m; k++) s += c[cOff + k] * rows[rowsOff + k * ld + i];
            out[outOff + i] = s;
        }
    }
}
