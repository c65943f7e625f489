// M for classification (SPEC §2.3): posterior over the D pool pairs given the noisy target item, log-likelihood
// −(d / 2v)·‖√(1+v)·x_target − item_j‖², labels mixed and clamped. Kept in its own file so that its source is the
// code part of the complexity K(M) (SPEC §7). Inputs are validated by the caller.
package org.rationalicl.analysis.predictors;

final class MemorizingClassification {
    private MemorizingClassification() {}

    /** @return (S, 2) label distributions at the targets of pairs (S, C, d+1), from pool (D, d+1) */
    static float[] predict(float[] pool, int poolSize, int dim, double variance, float[] pairs, int sequences,
                           int context) {
        float[] out = new float[2 * sequences];
        int row = dim + 1;
        double coefficient = dim / (2 * variance);
        double stretch = Math.sqrt(1 + variance);
        SequenceChunks.forEach(sequences, (from, to) -> {
            double[] logLik = new double[poolSize];
            double[] target = new double[dim];
            for (int s = from; s < to; s++) {
                int t = (s * context + context - 1) * row;
                for (int k = 0; k < dim; k++) target[k] = stretch * pairs[t + k];
                for (int j = 0; j < poolSize; j++) {
                    double sq = 0;
                    for (int k = 0; k < dim; k++) {
                        double e = target[k] - pool[j * row + k];
                        sq += e * e;
                    }
                    logLik[j] = -coefficient * sq;
                }
                ClassificationPredictors.writeLabelDistribution(out, s, logLik, pool, 0, poolSize, row, dim);
            }
        });
        return out;
    }
}
