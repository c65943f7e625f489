// G for Balls & Urns (SPEC §2.1): the Dirichlet posterior mean (α_k + n_k) / (Σα + t). Kept in its own file so
// that its source is the code part of the complexity K(G) (SPEC §7). Inputs are validated by the caller.
package org.rationalicl.analysis.predictors;

import java.util.Arrays;

final class GeneralizingCategorical {
    private GeneralizingCategorical() {}

    /** @return (S, C, V) from tokens (S, C+1) under the Dirichlet(alpha) prior */
    static float[] predict(double[] alpha, int vocab, int[] tokens, int sequences, int context) {
        float[] out = new float[Args.toInt("predictions", (long) sequences * context * vocab)]; // (S, C, V)
        double alphaSum = 0;
        for (double a : alpha) alphaSum += a;
        double total = alphaSum;
        SequenceChunks.forEach(sequences, (from, to) -> {
            double[] counts = new double[vocab];
            for (int s = from; s < to; s++) {
                Arrays.fill(counts, 0);
                int tok = s * (context + 1);
                for (int t = 0; t < context; t++) {
                    if (t > 0) counts[tokens[tok + t]] += 1;
                    int o = (s * context + t) * vocab;
                    for (int k = 0; k < vocab; k++) out[o + k] = (float) ((alpha[k] + counts[k]) / (total + t));
                }
            }
        });
        return out;
    }
}
