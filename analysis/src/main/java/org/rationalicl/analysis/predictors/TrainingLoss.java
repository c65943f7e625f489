// L(Q) of SPEC §5: a predictor's per-token loss on fresh training-distribution sequences, summarised by
// median-of-means over ⌊√n⌋ blocks of whole sequences.
package org.rationalicl.analysis.predictors;

public final class TrainingLoss {
    private TrainingLoss() {}

    /** The paper's number of fresh sequences. */
    public static final int DEFAULT_SEQUENCES = 10_000;
    /** Sequences asked of the source at once (bounds memory: categorical C = 320, V = 16 is ~10 MB a batch). */
    public static final int DEFAULT_BATCH = 500;

    /** {@link #estimate(SequenceLossSource, int, int)} with batches of {@link #DEFAULT_BATCH}. */
    public static double estimate(SequenceLossSource source, int sequences) {
        return estimate(source, sequences, DEFAULT_BATCH);
    }

    /**
     * Asks the source for sequences 0 … n−1 in batches, in order, and returns the median-of-means of their
     * per-token losses over ⌊√n⌋ blocks of whole sequences (blocks in sequence order).
     *
     * @param sequences n ≥ 1 (default {@link #DEFAULT_SEQUENCES})
     * @param batch     sequences per call to the source, ≥ 1
     */
    public static double estimate(SequenceLossSource source, int sequences, int batch) {
        Args.notNull("source", source);
        Args.positive("sequences", sequences);
        Args.positive("batch", batch);
        double[] perSequence = new double[sequences];
        for (int first = 0; first < sequences; first += batch) {
            int count = Math.min(batch, sequences - first);
            double[] losses = source.perSequenceLoss(first, count);
            if (losses == null || losses.length != count) {
                throw new IllegalStateException("sequence loss source returned "
                        + (losses == null ? "null" : losses.length + " values") + " for " + count + " sequences");
            }
            System.arraycopy(losses, 0, perSequence, first, count);
        }
        return MedianOfMeans.estimate(perSequence);
    }
}
