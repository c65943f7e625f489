// The network's predictions at one checkpoint (training step N) on both evaluation sets.
package org.rationalicl.analysis.data;

/**
 * @param step the training step N (> 0)
 * @param id   predictions on the in-distribution ("train") evaluation set
 * @param ood  predictions on the out-of-distribution ("eval") evaluation set
 */
public record Checkpoint(long step, Predictions id, Predictions ood) {
    public Checkpoint {
        if (step < 1) {
            throw new IllegalArgumentException("checkpoint step must be >= 1 (N^(1-alpha) and log N need N > 0); got "
                    + step);
        }
        if (id == null || ood == null) {
            throw new IllegalArgumentException("checkpoint " + step + ": id and ood predictions are required");
        }
    }
}
