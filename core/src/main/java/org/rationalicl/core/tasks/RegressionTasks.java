// Linear-regression task family (SPEC §2.2): pools of weight vectors, training batches and fixed sets, all
// pure functions of (seed, set, step, index). Immutable and thread-safe.
package org.rationalicl.core.tasks;

import org.rationalicl.core.random.CounterRandom;
import org.rationalicl.core.random.Streams;

/**
 * The regression task family of one run.
 *
 * <p>Per sequence, in this order: the task (Zipf-skewed for training-pool sets, uniform for "eval"), then for
 * each of the C pairs the d coordinates of x followed by ε. y is computed in double from the float x, so
 * y − x·w is ε up to one float rounding.
 */
public final class RegressionTasks {
    private final RegressionConfig config;
    private final TaskChoice choice;
    private final double noiseStd;

    /** A family from given pools (build them with {@link #pool}); zipfExponent in [0, 64], 0 = uniform. */
    public RegressionTasks(RegressionConfig config, TaskPool trainPool, TaskPool evalPool, long seed, double zipfExponent) {
        Args.notNull("config", config);
        this.config = config;
        this.choice = new TaskChoice(trainPool, evalPool, config.dim(), seed, zipfExponent);
        this.noiseStd = Math.sqrt(config.noiseVariance());
    }

    /** The run's family: training pool of D tasks drawn with seed, evaluation pool of 500 drawn with seed + 1. */
    public static RegressionTasks create(RegressionConfig config, int tasks, long seed, double zipfExponent) {
        Args.notNull("config", config);
        return new RegressionTasks(config, drawPool(config, tasks, seed, Streams.POOL_TRAIN),
                drawPool(config, RunPools.EVAL_POOL_SIZE, seed + 1, Streams.POOL_EVAL), seed, zipfExponent);
    }

    /** D weight vectors w ~ N(0, I_d); task j from key (seed, stream, 0, j), so smaller pools are prefixes. */
    public static TaskPool drawPool(RegressionConfig config, int tasks, long seed, int stream) {
        Args.notNull("config", config);
        RunPools.checkTasks(tasks);
        int d = config.dim();
        float[] data = new float[Args.size("pool", tasks, d)]; // (D, d)
        CounterRandom rng = new CounterRandom(seed, stream, 0, 0);
        for (int j = 0; j < tasks; j++) {
            rng.reset(seed, stream, 0, j);
            for (int k = 0; k < d; k++) data[j * d + k] = (float) rng.nextGaussian();
        }
        return new TaskPool(tasks, d, data);
    }

    /** A pool from given weight vectors (D, d) row-major, every value finite. The array is copied. */
    public static TaskPool pool(RegressionConfig config, float[] w, int tasks) {
        Args.notNull("config", config);
        Args.notNull("w", w);
        RunPools.checkTasks(tasks);
        int d = config.dim();
        if ((long) tasks * d != w.length) {
            throw new IllegalArgumentException("w length = " + w.length + " must equal tasks (D) x dim (d) = " + tasks + " x " + d);
        }
        for (int i = 0; i < w.length; i++) {
            if (!Float.isFinite(w[i])) throw new IllegalArgumentException("w[" + i / d + ", " + i % d + "] = " + w[i] + " must be finite");
        }
        return new TaskPool(tasks, d, w.clone());
    }

    public RegressionConfig config() { return config; }

    public long seed() { return choice.seed; }

    public TaskPool trainPool() { return choice.trainPool; }

    public TaskPool evalPool() { return choice.evalPool; }

    public double zipfExponent() { return choice.trainChoice.exponent(); }

    /**
     * Fills rows [from, to) of batch-shaped arrays with sequences from..to-1 of {@code set} at {@code step};
     * disjoint row ranges may be filled by different threads at once.
     *
     * @param xs        (≥ to, C, d) required
     * @param ys        (≥ to, C) required
     * @param w         (≥ to, d) or null
     * @param taskIndex (≥ to) or null
     */
    public void fill(SequenceSet set, long step, int from, int to, float[] xs, float[] ys, float[] w, int[] taskIndex) {
        TaskChoice.checkRange(set, step, from, to);
        if (set == SequenceSet.IWL) throw new IllegalArgumentException("set = iwl exists only for classification");
        int c = config.context(), d = config.dim();
        Args.output("xs", xs == null ? 0 : xs.length, xs != null, true, to, c * d);
        Args.output("ys", ys == null ? 0 : ys.length, ys != null, true, to, c);
        Args.output("w", w == null ? 0 : w.length, w != null, false, to, d);
        Args.output("taskIndex", taskIndex == null ? 0 : taskIndex.length, taskIndex != null, false, to, 1);
        float[] pool = choice.pool(set).data();
        var pick = choice.choice(set);
        CounterRandom rng = new CounterRandom(0, 0, 0, 0);
        for (int b = from; b < to; b++) {
            choice.rng(rng, set, step, b);
            int task = pick.sample(rng);
            int wOff = task * d;
            for (int i = 0; i < c; i++) {
                int xOff = (b * c + i) * d;
                double dot = 0.0;
                for (int k = 0; k < d; k++) {
                    float x = (float) rng.nextGaussian();
                    xs[xOff + k] = x;
                    dot += (double) x * pool[wOff + k];
                }
                ys[b * c + i] = (float) (dot + noiseStd * rng.nextGaussian());
            }
            if (w != null) System.arraycopy(pool, wOff, w, b * d, d);
            if (taskIndex != null) taskIndex[b] = task;
        }
    }

    /** The fixed set at its default size ({@link SequenceSet#defaultSize()}: 500, or 10 000 for LOSS). */
    public RegressionSequences sequences(SequenceSet set) {
        Args.notNull("set", set);
        return sequences(set, set.defaultSize());
    }

    /** Sequences 0..count-1 of {@code set} at step 0, in newly allocated arrays. */
    public RegressionSequences sequences(SequenceSet set, int count) {
        TaskChoice.count("count", count);
        int c = config.context(), d = config.dim();
        float[] xs = new float[Args.size("xs", count, (long) c * d)];
        float[] ys = new float[Args.size("ys", count, c)];
        float[] w = new float[Args.size("w", count, d)];
        int[] taskIndex = new int[count];
        fill(set, 0, 0, count, xs, ys, w, taskIndex);
        return new RegressionSequences(count, d, c, xs, ys, w, taskIndex);
    }
}
