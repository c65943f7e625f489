// The named sets of sequences a run uses: training batches, the fixed evaluation splits and the loss set.
// Each set has its own random stream, so the sets never share numbers.
package org.rationalicl.core.tasks;

import org.rationalicl.core.random.Streams;

/** Which sequences to generate, which pool they come from and which random stream keys them. */
public enum SequenceSet {
    /** Training batches: training pool (task choice skewed by the Zipf exponent), key (seed, TRAINING, step, b). */
    TRAINING("training", Streams.TRAINING, true),
    /** Fixed evaluation split "train": training pool, in distribution (ID). */
    TRAIN("train", Streams.EVAL_TRAIN, true),
    /** Fixed evaluation split "eval": evaluation pool, out of distribution (OOD), uniform task choice. */
    EVAL("eval", Streams.EVAL_EVAL, false),
    /** Fixed evaluation split "iwl" (classification only): target from the training pool, absent from the context. */
    IWL("iwl", Streams.EVAL_IWL, true),
    /** Fresh training-distribution sequences for the predictors' loss L(Q). */
    LOSS("loss", Streams.LOSS, true);

    /** Default size of the fixed evaluation splits (the paper's 500). */
    public static final int DEFAULT_EVAL_SIZE = 500;
    /** Default size of the loss set (the paper's 10 000). */
    public static final int DEFAULT_LOSS_SIZE = 10_000;

    private final String id;
    private final int stream;
    private final boolean trainingPool;

    SequenceSet(String id, int stream, boolean trainingPool) {
        this.id = id;
        this.stream = stream;
        this.trainingPool = trainingPool;
    }

    /** Lower-case name used in files and on the command line ("train", "eval", "iwl", ...). */
    public String id() { return id; }

    /** The random stream id ({@link Streams}). */
    public int stream() { return stream; }

    /** True when the sequences use the training pool, false for the evaluation pool. */
    public boolean usesTrainingPool() { return trainingPool; }

    /** Default number of sequences: 500 for the evaluation splits, 10 000 for LOSS; TRAINING has none. */
    public int defaultSize() {
        return switch (this) {
            case TRAIN, EVAL, IWL -> DEFAULT_EVAL_SIZE;
            case LOSS -> DEFAULT_LOSS_SIZE;
            case TRAINING -> throw new IllegalArgumentException("set = training has no default size: batches are sized by the trainer");
        };
    }

    /** The set with this {@link #id()}. */
    public static SequenceSet byId(String id) {
        for (SequenceSet s : values()) if (s.id.equals(id)) return s;
        throw new IllegalArgumentException("set = '" + id + "' must be one of training, train, eval, iwl, loss");
    }
}
