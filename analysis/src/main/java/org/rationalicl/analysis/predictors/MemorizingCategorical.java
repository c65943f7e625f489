// M for Balls & Urns (SPEC §2.1): Σ_j p(j | x_1..t) θ_j with p(j | ·) ∝ Π θ_j[x_i], in log space. Kept in its
// own file so that its source is the code part of the complexity K(M) (SPEC §7). Inputs are validated by the caller.
package org.rationalicl.analysis.predictors;

import java.util.Arrays;

final class MemorizingCategorical {
    private MemorizingCategorical() {}

    /**
     * @param thetaT    (V, D) the pool transposed
     * @param logThetaT (V, D) max(log θ, LOG_FLOOR), transposed
     * @param tokens    (S, C+1) start token then C draws
     * @return (S, C, V); position t is the pool mean mixed by the posterior after tokens[1..t]
     */
    static float[] predict(PosteriorKernels kernels, float[] thetaT, float[] logThetaT, int poolSize, int vocab,
                           int[] tokens, int sequences, int context) {
        float[] out = new float[Args.toInt("predictions", (long) sequences * context * vocab)]; // (S, C, V)
        int d = poolSize;
        int v = vocab;
        SequenceChunks.forEach(sequences, (from, to) -> {
            float[] logPost = new float[d]; // (D) log-posterior minus its max
            float[] weights = new float[d]; // (D) exp(logPost)
            double[] mixed = new double[v]; // (V) Σ_j weights_j θ_j
            for (int s = from; s < to; s++) {
                Arrays.fill(logPost, 0f);
                float max = 0f;
                int tok = s * (context + 1);
                for (int t = 0; t < context; t++) {
                    // One row of log θ per token; the max is subtracted in the same sweep as the exp.
                    if (t > 0) max = kernels.addRowAndMax(logPost, 0, logThetaT, tokens[tok + t] * d, d);
                    double z = kernels.shiftExpSum(weights, 0, logPost, 0, max, d);
                    max = 0f;
                    int o = (s * context + t) * v;
                    kernels.weightedRowSums(mixed, 0, weights, 0, thetaT, 0, d, v, d);
                    for (int k = 0; k < v; k++) out[o + k] = (float) (mixed[k] / z);
                }
            }
        });
        return out;
    }
}
