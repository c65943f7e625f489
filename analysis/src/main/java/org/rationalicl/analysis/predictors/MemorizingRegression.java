// M for linear regression (SPEC §2.2): discrete MMSE over the D pool vectors, Gaussian likelihood
// exp(−SSE_j / 2σ²) in log space. Kept in its own file so that its source is the code part of the complexity
// K(M) (SPEC §7). Inputs are validated by the caller.
package org.rationalicl.analysis.predictors;

import java.util.Arrays;

final class MemorizingRegression {
    private MemorizingRegression() {}

    /**
     * @param poolT (d, D) the pool transposed
     * @return (S, C): at position t, Σ_j p(j | pairs before t) x_t·w_j
     */
    static float[] predict(PosteriorKernels kernels, float[] poolT, int poolSize, int dim, double noiseVariance,
                           float[] xs, float[] ys, int sequences, int context) {
        float[] out = new float[sequences * context]; // (S, C)
        int n = poolSize;
        float scale = (float) (1.0 / (2.0 * noiseVariance));
        SequenceChunks.forEach(sequences, (from, to) -> {
            float[] logPost = new float[n]; // (D) log-posterior minus its max
            float[] weights = new float[n]; // (D)
            float[] pred = new float[n];    // (D) x_t · w_j
            for (int s = from; s < to; s++) {
                Arrays.fill(logPost, 0f);
                float max = 0f;
                for (int t = 0; t < context; t++) {
                    int i = s * context + t;
                    kernels.combineRows(pred, 0, poolT, 0, n, xs, i * dim, dim, n);
                    double z = kernels.shiftExpSum(weights, 0, logPost, 0, max, n);
                    out[i] = (float) (kernels.dot(weights, 0, pred, 0, n) / z);
                    max = kernels.subtractScaledSquaredErrorAndMax(logPost, 0, pred, 0, ys[i], scale, n);
                }
            }
        });
        return out;
    }
}
