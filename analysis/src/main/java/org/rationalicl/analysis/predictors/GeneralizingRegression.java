// G for linear regression (SPEC §2.2): ridge, the posterior mean under w ~ N(0, I), (XᵀX + σ²I)⁻¹Xᵀy on the pairs
// before t, by Sherman–Morrison updates in double. Kept in its own file so that its source is the code part of
// the complexity K(G) (SPEC §7). Inputs are validated by the caller.
package org.rationalicl.analysis.predictors;

import java.util.Arrays;

final class GeneralizingRegression {
    private GeneralizingRegression() {}

    /** @return (S, C): at position t, x_t · w_t (0 at t = 0) */
    static float[] predict(int dim, double noiseVariance, float[] xs, float[] ys, int sequences, int context) {
        float[] out = new float[sequences * context]; // (S, C)
        int d = dim;
        SequenceChunks.forEach(sequences, (from, to) -> {
            double[] inv = new double[d * d]; // (d, d) (XᵀX + σ²I)⁻¹, symmetric
            double[] xty = new double[d];     // (d) Xᵀy
            double[] x = new double[d];
            double[] u = new double[d];       // inv · x
            for (int s = from; s < to; s++) {
                Arrays.fill(inv, 0);
                Arrays.fill(xty, 0);
                for (int k = 0; k < d; k++) inv[k * d + k] = 1.0 / noiseVariance;
                for (int t = 0; t < context; t++) {
                    int i = s * context + t;
                    for (int k = 0; k < d; k++) x[k] = xs[i * d + k];
                    double xu = 0;
                    double prediction = 0;
                    for (int r = 0; r < d; r++) {
                        double ur = 0;
                        double wr = 0;
                        for (int c = 0; c < d; c++) {
                            ur += inv[r * d + c] * x[c];
                            wr += inv[r * d + c] * xty[c];
                        }
                        u[r] = ur;
                        xu += x[r] * ur;
                        prediction += x[r] * wr;
                    }
                    out[i] = (float) prediction;
                    // (A + x xᵀ)⁻¹ = A⁻¹ − (A⁻¹x)(A⁻¹x)ᵀ / (1 + xᵀA⁻¹x); A⁻¹ symmetric so u is both factors.
                    double denom = 1.0 + xu;
                    for (int r = 0; r < d; r++) {
                        double ur = u[r] / denom;
                        for (int c = 0; c < d; c++) inv[r * d + c] -= ur * u[c];
                    }
                    double y = ys[i];
                    for (int k = 0; k < d; k++) xty[k] += x[k] * y;
                }
            }
        });
        return out;
    }
}
