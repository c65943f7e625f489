// The fit objective of one (checkpoint, pool size) pair as a function of the mixture weight w of M,
// reduced to sufficient statistics that do not depend on (α, β, γ) (two strategies only).
package org.rationalicl.analysis.fit;

/** f(w) = loss of h = w·M + (1 − w)·G against T, and f'(w). */
interface PairLoss {
    /** Writes f(w) into out[0] and f'(w) into out[1]. */
    void evaluate(double w, double[] out);

    /**
     * KL(T ‖ wM + (1 − w)G) = c − Σ_b W_b·log(A_b(1 − w) + B_b·w) with, per element, s = m + g,
     * c = mean Σ t(log t − log s) + Σ_b W_b log W_b, A = Σ t·g/s, B = Σ t·m/s, W = A + B. Elements are pooled
     * into bins of log(m/g); inside a bin log(a(w)) is replaced by log of its t-weighted mean a (exact when a bin
     * holds one element; otherwise a second-order error, below 1e-5 relative with the default bins).
     */
    record BinnedKl(double constant, double[] a, double[] b) implements PairLoss {
        @Override
        public void evaluate(double w, double[] out) {
            double value = constant;
            double slope = 0;
            double v = 1 - w;
            for (int i = 0; i < a.length; i++) {
                double ai = a[i];
                double bi = b[i];
                double arg = ai * v + bi * w;
                double weight = ai + bi;
                value -= weight * Math.log(arg);
                slope -= weight * (bi - ai) / arg;
            }
            out[0] = value;
            out[1] = slope;
        }
    }

    /** MSE/d of T against wM + (1 − w)G: with e = t − g and δ = m − g, (mean e² − 2w mean eδ + w² mean δ²)/d. */
    record QuadraticMse(double ee, double ed, double dd) implements PairLoss {
        @Override
        public void evaluate(double w, double[] out) {
            out[0] = ee - 2 * w * ed + w * w * dd;
            out[1] = -2 * ed + 2 * w * dd;
        }
    }
}
