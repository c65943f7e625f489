// The ideal predictors of Balls & Urns (SPEC §2.1) on plain arrays: M (posterior over the D pool vectors, in log
// space), G (Dirichlet posterior mean) and the constant prior mean, for a batch of sequences at every position.
package org.rationalicl.analysis.predictors;

import java.util.Arrays;

/**
 * Layouts (row-major, flat):
 * <ul>
 *   <li>pool {@code (D, V)}: one probability vector θ_j per row;
 *   <li>tokens {@code (S, C+1)}: token 0 is the start token (id V), then C draws in 0..V-1;
 *   <li>predictions {@code (S, C, V)}: position t is the distribution of token t+1 after the t draws
 *       tokens[1..t] (t = 0: before any draw).
 * </ul>
 * Instances are immutable and thread-safe; every method parallelises over sequences, and its results do not
 * depend on the number of threads.
 */
public final class CategoricalPredictors {

    /**
     * log θ below this is treated as this: a task that gives a token probability 0 falls behind every task that
     * does not by ≥ 1000 nats per such token, and when no task can produce a token the posterior is unchanged
     * instead of becoming NaN (−∞ − (−∞)).
     */
    static final float LOG_FLOOR = -1000f;

    private final int poolSize;
    private final int vocab;
    private final double[] alpha;    // (V) Dirichlet prior of G and of the constant baseline
    private final float[] thetaT;    // (V, D) the pool transposed: each symbol's probabilities over tasks
    private final float[] logThetaT; // (V, D) max(log θ, LOG_FLOOR), transposed
    private final PosteriorKernels kernels;

    /** The SPEC prior: θ ~ Dirichlet(1, …, 1). */
    public CategoricalPredictors(float[] pool, int poolSize, int vocab) {
        this(pool, poolSize, vocab, ones(vocab));
    }

    /**
     * @param pool     {@code (D, V)} probability vectors (non-negative, each row summing to 1 within 1e-3)
     * @param poolSize D ≥ 1
     * @param vocab    V ≥ 2
     * @param alpha    {@code (V)} Dirichlet concentration of the task prior, every entry finite and > 0
     */
    public CategoricalPredictors(float[] pool, int poolSize, int vocab, double[] alpha) {
        Args.notNull("pool", pool);
        Args.notNull("alpha", alpha);
        Args.positive("poolSize", poolSize);
        Args.atLeast("vocab", vocab, 2);
        Args.length("pool", pool.length, "(poolSize, vocab)", poolSize, vocab);
        Args.length("alpha", alpha.length, "(vocab)", vocab);
        for (int k = 0; k < vocab; k++) Args.positiveFinite("alpha[" + k + "]", alpha[k]);
        for (int j = 0; j < poolSize; j++) {
            double sum = 0;
            for (int k = 0; k < vocab; k++) {
                float p = pool[j * vocab + k];
                if (!(p >= 0) || !Float.isFinite(p)) {
                    throw new IllegalArgumentException("pool[" + j + ", " + k + "] = " + p
                            + ": probabilities must be finite and >= 0");
                }
                sum += p;
            }
            if (Math.abs(sum - 1) > 1e-3) {
                throw new IllegalArgumentException("pool row " + j + " sums to " + sum + "; expected 1 (within 1e-3)");
            }
        }
        this.poolSize = poolSize;
        this.vocab = vocab;
        this.alpha = alpha.clone();
        this.thetaT = new float[poolSize * vocab];
        this.logThetaT = new float[poolSize * vocab];
        for (int j = 0; j < poolSize; j++) {
            for (int k = 0; k < vocab; k++) {
                float p = pool[j * vocab + k];
                thetaT[k * poolSize + j] = p;
                logThetaT[k * poolSize + j] = (float) Math.max(Math.log(p), LOG_FLOOR);
            }
        }
        this.kernels = PosteriorKernels.get();
    }

    private static double[] ones(int n) {
        Args.atLeast("vocab", n, 2);
        double[] a = new double[n];
        Arrays.fill(a, 1.0);
        return a;
    }

    public int poolSize() {
        return poolSize;
    }

    public int vocab() {
        return vocab;
    }

    /** Predictions {@code (S, C, V)} of the given strategy. */
    public float[] predict(Strategy strategy, int[] tokens, int sequences, int context) {
        return switch (strategy) {
            case MEMORIZING -> memorizing(tokens, sequences, context);
            case GENERALIZING -> generalizing(tokens, sequences, context);
            case CONSTANT -> {
                checkTokens(tokens, sequences, context);
                yield constant(sequences, context);
            }
        };
    }

    /**
     * M: Σ_j p(j | x_1..t) θ_j with p(j | x_1..t) ∝ Π_i θ_j[x_i] (uniform prior over the pool); at t = 0 the pool
     * mean. The log-posterior is updated by one row of log θ per token and renormalised by its max each position,
     * so no length of context underflows. Returns {@code (S, C, V)}.
     */
    public float[] memorizing(int[] tokens, int sequences, int context) {
        checkTokens(tokens, sequences, context);
        return MemorizingCategorical.predict(kernels, thetaT, logThetaT, poolSize, vocab, tokens, sequences, context);
    }

    /** G: the Dirichlet posterior mean (α_k + n_k) / (Σα + t), n the counts of tokens[1..t]. {@code (S, C, V)}. */
    public float[] generalizing(int[] tokens, int sequences, int context) {
        checkTokens(tokens, sequences, context);
        return GeneralizingCategorical.predict(alpha, vocab, tokens, sequences, context);
    }

    /** The constant baseline: the prior mean α/Σα at every position. {@code (S, C, V)}. */
    public float[] constant(int sequences, int context) {
        Args.atLeast("sequences", sequences, 0);
        Args.positive("context", context);
        double alphaSum = 0;
        for (double a : alpha) alphaSum += a;
        float[] out = new float[Args.toInt("predictions", (long) sequences * context * vocab)];
        for (int i = 0; i < out.length; i++) out[i] = (float) (alpha[i % vocab] / alphaSum);
        return out;
    }

    /**
     * M's posterior over the pool after the first {@code position} draws of one sequence, computed directly in
     * double with a log-sum-exp (slow; for inspection and tests). Returns {@code (D)}, summing to 1.
     */
    public double[] memorizingPosterior(int[] tokens, int sequences, int context, int sequence, int position) {
        checkTokens(tokens, sequences, context);
        if (sequence < 0 || sequence >= sequences) {
            throw new IllegalArgumentException("sequence = " + sequence + ": must be in [0, " + sequences + ")");
        }
        if (position < 0 || position > context) {
            throw new IllegalArgumentException("position = " + position + ": must be in [0, " + context + "]");
        }
        double[] logPost = new double[poolSize];
        int tok = sequence * (context + 1);
        for (int i = 1; i <= position; i++) {
            int x = tokens[tok + i];
            for (int j = 0; j < poolSize; j++) logPost[j] += Math.max(Math.log(thetaT[x * poolSize + j]), LOG_FLOOR);
        }
        return LogSpace.normalise(logPost);
    }

    /**
     * Per-position loss −log Q(next token) of predictions {@code (S, C, V)} on tokens {@code (S, C+1)}:
     * entry (s, t) is −log predictions[s, t, tokens[s, t+1]]. Returns {@code (S, C)} (+∞ where Q gave 0).
     */
    public static double[] losses(float[] predictions, int[] tokens, int sequences, int context, int vocab) {
        Args.notNull("predictions", predictions);
        Args.atLeast("vocab", vocab, 2);
        checkTokens(tokens, sequences, context, vocab);
        Args.length("predictions", predictions.length, "(sequences, context, vocab)", sequences, context, vocab);
        double[] out = new double[sequences * context]; // (S, C)
        for (int s = 0; s < sequences; s++) {
            for (int t = 0; t < context; t++) {
                int next = tokens[s * (context + 1) + t + 1];
                out[s * context + t] = -Math.log(predictions[(s * context + t) * vocab + next]);
            }
        }
        return out;
    }

    /** Mean per-token loss of each sequence the source yields, under the given strategy (for {@link TrainingLoss}). */
    public SequenceLossSource perSequenceLoss(Strategy strategy, SequenceBatches<int[]> source, int context) {
        Args.notNull("strategy", strategy);
        Args.notNull("source", source);
        Args.positive("context", context);
        return (first, count) -> {
            int[] tokens = source.batch(first, count);   // (count, C+1)
            float[] pred = predict(strategy, tokens, count, context);
            return Evidence.meanPerSequence(losses(pred, tokens, count, context, vocab), count, context);
        };
    }

    private void checkTokens(int[] tokens, int sequences, int context) {
        checkTokens(tokens, sequences, context, vocab);
    }

    private static void checkTokens(int[] tokens, int sequences, int context, int vocab) {
        Args.notNull("tokens", tokens);
        Args.atLeast("sequences", sequences, 0);
        Args.positive("context", context);
        Args.length("tokens", tokens.length, "(sequences, context + 1)", sequences, context + 1L);
        for (int s = 0; s < sequences; s++) {
            int start = tokens[s * (context + 1)];
            if (start != vocab) {
                throw new IllegalArgumentException("tokens[" + s + ", 0] = " + start + ": the start token must be "
                        + vocab + " (= vocab)");
            }
            for (int t = 1; t <= context; t++) {
                int x = tokens[s * (context + 1) + t];
                if (x < 0 || x >= vocab) {
                    throw new IllegalArgumentException("tokens[" + s + ", " + t + "] = " + x + ": draws must be in [0, "
                            + vocab + ")");
                }
            }
        }
    }
}
