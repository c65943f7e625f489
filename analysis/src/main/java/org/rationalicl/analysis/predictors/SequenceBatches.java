// Fresh training-distribution sequences for L(Q), served by index range; one interface for every task family,
// whose batch type says what a sequence holds (categorical tokens, regression (xs, ys), classification pairs).
package org.rationalicl.analysis.predictors;

/** @param <B> one family's batch of sequences */
@FunctionalInterface
public interface SequenceBatches<B> {
    /** The sequences firstSequence..firstSequence+count−1. */
    B batch(long firstSequence, int count);
}
