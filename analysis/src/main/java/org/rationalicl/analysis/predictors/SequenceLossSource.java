// The per-sequence losses L(Q) is estimated from: a predictor applied to fresh training sequences.
package org.rationalicl.analysis.predictors;

/** Each family's {@code perSequenceLoss(strategy, source, context)} builds one from a sequence source. */
@FunctionalInterface
public interface SequenceLossSource {
    /**
     * Mean per-token loss of each of the training sequences firstSequence … firstSequence+count−1 (length count).
     * Must be a pure function of its arguments, so the estimate is reproducible.
     */
    double[] perSequenceLoss(long firstSequence, int count);
}
