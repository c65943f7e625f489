// Balls & Urns task family (SPEC §2.1): draws the pools, fills training batches and builds the fixed
// evaluation and loss sets, all as pure functions of (seed, set, step, index). Immutable and thread-safe.
package org.rationalicl.core.tasks;

import org.rationalicl.core.random.CounterRandom;
import org.rationalicl.core.random.Streams;

/**
 * The categorical task family of one run.
 *
 * <p>Sequence {@code b} of set {@code s} at step {@code n} uses the generator keyed (seed, s.stream(), n, b):
 * it first picks a task of the set's pool (Zipf-skewed for training-pool sets, uniform for "eval"), then draws
 * the C tokens from that θ. So a sequence depends only on those integers, never on the thread that fills it.
 */
public final class CategoricalTasks {
    /** Relative tolerance on the row sums of a given pool: float32 vectors saved by numpy sum to 1 ± ~1e-7·V. */
    public static final double ROW_SUM_TOLERANCE = 1e-4;

    private final CategoricalConfig config;
    private final TaskChoice choice;

    /**
     * A family from given pools (for example loaded from disk; build them with {@link #pool}).
     *
     * @param zipfExponent skew of the training-pool task choice, 0 = uniform, in [0, 64]
     */
    public CategoricalTasks(CategoricalConfig config, TaskPool trainPool, TaskPool evalPool, long seed, double zipfExponent) {
        Args.notNull("config", config);
        this.config = config;
        this.choice = new TaskChoice(trainPool, evalPool, config.vocab(), seed, zipfExponent);
    }

    /**
     * The run's family: training pool of {@code tasks} tasks drawn with {@code seed}, evaluation pool of
     * {@link RunPools#EVAL_POOL_SIZE} tasks drawn with {@code seed + 1}.
     */
    public static CategoricalTasks create(CategoricalConfig config, int tasks, long seed, double zipfExponent) {
        Args.notNull("config", config);
        return new CategoricalTasks(config, drawPool(config, tasks, seed, Streams.POOL_TRAIN),
                drawPool(config, RunPools.EVAL_POOL_SIZE, seed + 1, Streams.POOL_EVAL), seed, zipfExponent);
    }

    /**
     * D tasks from the prior; task j comes from key (seed, stream, 0, j), so a pool of D tasks is the first D
     * rows of any larger pool drawn with the same seed and stream.
     */
    public static TaskPool drawPool(CategoricalConfig config, int tasks, long seed, int stream) {
        Args.notNull("config", config);
        RunPools.checkTasks(tasks);
        int v = config.vocab();
        float[] data = new float[Args.size("pool", tasks, v)]; // (D, V)
        double[] row = new double[v];
        CounterRandom rng = new CounterRandom(seed, stream, 0, 0);
        for (int j = 0; j < tasks; j++) {
            rng.reset(seed, stream, 0, j);
            rng.nextDirichlet(config.dirichletAlpha(), row, v);
            for (int k = 0; k < v; k++) data[j * v + k] = (float) row[k];
        }
        return new TaskPool(tasks, v, data);
    }

    /**
     * A pool from given rows θ (D, V) row-major, e.g. a [D, V] float32 numpy array: every value finite and ≥ 0,
     * every row summing to 1 within {@link #ROW_SUM_TOLERANCE}. The array is copied.
     */
    public static TaskPool pool(CategoricalConfig config, float[] theta, int tasks) {
        Args.notNull("config", config);
        Args.notNull("theta", theta);
        RunPools.checkTasks(tasks);
        int v = config.vocab();
        if ((long) tasks * v != theta.length) {
            throw new IllegalArgumentException("theta length = " + theta.length + " must equal tasks (D) x vocab (V) = "
                    + tasks + " x " + v);
        }
        for (int j = 0; j < tasks; j++) {
            double sum = 0;
            for (int k = 0; k < v; k++) {
                float p = theta[j * v + k];
                if (!(p >= 0f) || !Float.isFinite(p)) {
                    throw new IllegalArgumentException("theta[" + j + ", " + k + "] = " + p + " must be finite and >= 0");
                }
                sum += p;
            }
            if (Math.abs(sum - 1.0) > ROW_SUM_TOLERANCE) {
                throw new IllegalArgumentException("theta row " + j + " sums to " + sum + ", must be 1 within " + ROW_SUM_TOLERANCE);
            }
        }
        return new TaskPool(tasks, v, theta.clone());
    }

    public CategoricalConfig config() { return config; }

    public long seed() { return choice.seed; }

    public TaskPool trainPool() { return choice.trainPool; }

    public TaskPool evalPool() { return choice.evalPool; }

    public double zipfExponent() { return choice.trainChoice.exponent(); }

    /**
     * Fills rows [from, to) of batch-shaped arrays with sequences from..to-1 of {@code set} at {@code step}.
     * Threads may fill disjoint row ranges of the same arrays concurrently. Allocates only a generator and a
     * V-sized buffer per call, nothing per sequence.
     *
     * @param tokens    (≥ to, C+1) required
     * @param theta     (≥ to, V) or null
     * @param taskIndex (≥ to) or null
     */
    public void fill(SequenceSet set, long step, int from, int to, int[] tokens, float[] theta, int[] taskIndex) {
        TaskChoice.checkRange(set, step, from, to);
        if (set == SequenceSet.IWL) throw new IllegalArgumentException("set = iwl exists only for classification");
        int len = config.sequenceLength(), v = config.vocab();
        Args.output("tokens", tokens == null ? 0 : tokens.length, tokens != null, true, to, len);
        Args.output("theta", theta == null ? 0 : theta.length, theta != null, false, to, v);
        Args.output("taskIndex", taskIndex == null ? 0 : taskIndex.length, taskIndex != null, false, to, 1);
        float[] pool = choice.pool(set).data();
        var pick = choice.choice(set);
        CounterRandom rng = new CounterRandom(0, 0, 0, 0);
        double[] cdf = new double[v]; // (V) cumulative θ of the current sequence's task, once per call
        for (int b = from; b < to; b++) {
            choice.rng(rng, set, step, b);
            int task = pick.sample(rng);
            int off = task * v;
            double acc = 0.0;
            int lastPositive = 0;
            for (int k = 0; k < v; k++) {
                acc += pool[off + k];
                cdf[k] = acc;
                if (pool[off + k] > 0f) lastPositive = k;
            }
            tokens[b * len] = config.startToken();
            for (int t = 1; t < len; t++) tokens[b * len + t] = drawSymbol(rng.nextDouble() * acc, cdf, v, lastPositive);
            if (theta != null) System.arraycopy(pool, off, theta, b * v, v);
            if (taskIndex != null) taskIndex[b] = task;
        }
    }

    /**
     * Inverse CDF by linear scan (V is small): the first k with u &lt; cdf[k], which always has θ_k &gt; 0;
     * u rounded up to the total falls back to the last symbol with mass.
     */
    private static int drawSymbol(double u, double[] cdf, int v, int lastPositive) {
        for (int k = 0; k < v; k++) if (u < cdf[k]) return k;
        return lastPositive;
    }

    /** The fixed set at its default size ({@link SequenceSet#defaultSize()}: 500, or 10 000 for LOSS). */
    public CategoricalSequences sequences(SequenceSet set) {
        Args.notNull("set", set);
        return sequences(set, set.defaultSize());
    }

    /** Sequences 0..count-1 of {@code set} at step 0, in newly allocated arrays (the fixed evaluation sets). */
    public CategoricalSequences sequences(SequenceSet set, int count) {
        TaskChoice.count("count", count);
        int[] tokens = new int[Args.size("tokens", count, config.sequenceLength())];
        float[] theta = new float[Args.size("theta", count, config.vocab())];
        int[] taskIndex = new int[count];
        fill(set, 0, 0, count, tokens, theta, taskIndex);
        return new CategoricalSequences(count, config.vocab(), config.context(), tokens, theta, taskIndex);
    }
}
