// Stream ids: the "purpose" part of a random key, so that different uses of one run seed never share numbers.
// Ids below 100 belong to core; other modules take ids from 100 up and list them here so they stay unique.
package org.rationalicl.core.random;

/** Named stream ids for {@link CounterRandom}. Changing a value changes every data set drawn with it. */
public final class Streams {
    private Streams() {}

    /** Training pool: task j of the pool is drawn from key (seed, POOL_TRAIN, 0, j). */
    public static final int POOL_TRAIN = 1;
    /** Evaluation pool: task j is drawn from key (seed + 1, POOL_EVAL, 0, j). */
    public static final int POOL_EVAL = 2;
    /** Training batches: sequence b of step s is drawn from key (seed, TRAINING, s, b). */
    public static final int TRAINING = 10;
    /** Fixed evaluation set "train" (training pool, in distribution): sequence i from (seed, EVAL_TRAIN, 0, i). */
    public static final int EVAL_TRAIN = 11;
    /** Fixed evaluation set "eval" (evaluation pool, out of distribution). */
    public static final int EVAL_EVAL = 12;
    /** Fixed evaluation set "iwl" (classification: target from the training pool, absent from the context). */
    public static final int EVAL_IWL = 13;
    /** Fresh training-distribution sequences for the predictors' loss L(Q). */
    public static final int LOSS = 14;

    /** Network parameter initialisation (module train): parameter tensor k from (seed, INIT, 0, k). */
    public static final int INIT = 100;
}
