// Where a training step's sequences come from. Implementations must be pure functions of (step, sequence
// index) — never of the thread that calls them — so that results do not depend on scheduling.
package org.rationalicl.train;

@FunctionalInterface
public interface BatchSource {
    /**
     * Fills sequences [from, to) of {@code batch} with the training sequences of 0-based optimizer step
     * {@code step}. Called concurrently by several threads on disjoint ranges of the same batch.
     */
    void fill(Batch batch, long step, int from, int to);
}
