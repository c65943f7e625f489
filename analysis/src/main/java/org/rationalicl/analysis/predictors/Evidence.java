// Turns per-position losses (negative log-likelihoods) into the quantities the rational model uses: the
// in-context log-evidence position by position, and per-sequence mean losses for L(Q).
package org.rationalicl.analysis.predictors;

public final class Evidence {
    private Evidence() {}

    /**
     * In-context log-evidence of what a predictor has seen before each position:
     * evidence[s, t] = log Q(observations before position t) = −Σ_{i<t} losses[s, i], so evidence[s, 0] = 0.
     * For categorical losses this is log Q(x_1..x_t); for regression −Σ_{i<t} (y_i − ŷ_i)²/(2σ²).
     * Input and output {@code (S, C)}; summed in double.
     */
    public static double[] cumulativeLogEvidence(double[] losses, int sequences, int positions) {
        check(losses, sequences, positions);
        double[] out = new double[losses.length]; // (S, C)
        for (int s = 0; s < sequences; s++) {
            double sum = 0;
            for (int t = 0; t < positions; t++) {
                out[s * positions + t] = -sum;
                sum += losses[s * positions + t];
            }
        }
        return out;
    }

    /** Mean over positions of each sequence's losses: {@code (S, C)} → {@code (S)}. */
    public static double[] meanPerSequence(double[] losses, int sequences, int positions) {
        check(losses, sequences, positions);
        double[] out = new double[sequences];
        for (int s = 0; s < sequences; s++) {
            double sum = 0;
            for (int t = 0; t < positions; t++) sum += losses[s * positions + t];
            out[s] = sum / positions;
        }
        return out;
    }

    private static void check(double[] losses, int sequences, int positions) {
        Args.notNull("losses", losses);
        Args.atLeast("sequences", sequences, 0);
        Args.positive("positions", positions);
        Args.length("losses", losses.length, "(sequences, positions)", sequences, positions);
    }
}
