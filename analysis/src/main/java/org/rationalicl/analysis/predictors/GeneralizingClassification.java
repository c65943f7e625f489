// G for classification (SPEC §2.3): posterior over the context items, log-likelihood
// −(d(1+v)² / (2v(2+v)))·‖x_target − x_i/(1+v)‖², context labels mixed and clamped. Kept in its own file so that
// its source is the code part of the complexity K(G) (SPEC §7). Inputs are validated by the caller.
package org.rationalicl.analysis.predictors;

final class GeneralizingClassification {
    private GeneralizingClassification() {}

    /** @return (S, 2) label distributions at the targets of pairs (S, C, d+1) */
    static float[] predict(int dim, double variance, float[] pairs, int sequences, int context) {
        float[] out = new float[2 * sequences];
        int row = dim + 1;
        double coefficient = dim * (1 + variance) * (1 + variance) / (2 * variance * (2 + variance));
        double shrink = 1 / (1 + variance);
        int items = context - 1;
        SequenceChunks.forEach(sequences, (from, to) -> {
            double[] logLik = new double[items];
            for (int s = from; s < to; s++) {
                int base = s * context * row;
                int t = base + items * row;
                for (int i = 0; i < items; i++) {
                    double sq = 0;
                    for (int k = 0; k < dim; k++) {
                        double e = pairs[t + k] - shrink * pairs[base + i * row + k];
                        sq += e * e;
                    }
                    logLik[i] = -coefficient * sq;
                }
                ClassificationPredictors.writeLabelDistribution(out, s, logLik, pairs, base, items, row, dim);
            }
        });
        return out;
    }
}
