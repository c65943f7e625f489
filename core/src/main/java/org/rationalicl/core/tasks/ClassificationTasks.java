// Classification task family (SPEC §2.3): pools of (item, label) pairs, training batches, the fixed
// train/eval/iwl sets and the loss set, all pure functions of (seed, set, step, index). Immutable, thread-safe.
package org.rationalicl.core.tasks;

import org.rationalicl.core.random.CounterRandom;
import org.rationalicl.core.random.Streams;
import org.rationalicl.core.random.Zipf;

/**
 * The classification task family of one run.
 *
 * <p>Per sequence, in this order: (a) for the ordinary sets, the position j in [0, C−1) of the context pair the
 * target copies (drawn first, which is equivalent to choosing it after the context and needs no buffer); for
 * "iwl", the target's pool pair; (b) for each context row, its pool pair (Zipf-skewed on the training pool,
 * uniform on the evaluation pool; for "iwl" conditioned on differing from the target's pair) followed by its d
 * noise values; (c) the target's own d noise values (the target is a fresh noisy copy of the clean pair).
 */
public final class ClassificationTasks {
    private final ClassificationConfig config;
    private final TaskChoice choice;
    private final double itemScale; // 1/√(1+v)
    private final double noiseStd;  // √v · √(1/d): std of √v·ε per coordinate

    /** A family from given pools (build them with {@link #pool}); zipfExponent in [0, 64], 0 = uniform. */
    public ClassificationTasks(ClassificationConfig config, TaskPool trainPool, TaskPool evalPool, long seed, double zipfExponent) {
        Args.notNull("config", config);
        this.config = config;
        this.choice = new TaskChoice(trainPool, evalPool, config.rowWidth(), seed, zipfExponent);
        double v = config.withinClassVariance();
        this.itemScale = 1.0 / Math.sqrt(1.0 + v);
        this.noiseStd = Math.sqrt(v / config.dim());
    }

    /** The run's family: training pool of D pairs drawn with seed, evaluation pool of 500 drawn with seed + 1. */
    public static ClassificationTasks create(ClassificationConfig config, int tasks, long seed, double zipfExponent) {
        Args.notNull("config", config);
        return new ClassificationTasks(config, drawPool(config, tasks, seed, Streams.POOL_TRAIN),
                drawPool(config, RunPools.EVAL_POOL_SIZE, seed + 1, Streams.POOL_EVAL), seed, zipfExponent);
    }

    /**
     * D pairs (item ~ N(0, I_d/d), label uniform in {0, 1} stored as 0f/1f), width d+1; pair j from key
     * (seed, stream, 0, j), so smaller pools are prefixes of larger ones.
     */
    public static TaskPool drawPool(ClassificationConfig config, int tasks, long seed, int stream) {
        Args.notNull("config", config);
        RunPools.checkTasks(tasks);
        int d = config.dim(), width = config.rowWidth();
        double std = Math.sqrt(1.0 / d);
        float[] data = new float[Args.size("pool", tasks, width)]; // (D, d+1)
        CounterRandom rng = new CounterRandom(seed, stream, 0, 0);
        for (int j = 0; j < tasks; j++) {
            rng.reset(seed, stream, 0, j);
            for (int k = 0; k < d; k++) data[j * width + k] = (float) (std * rng.nextGaussian());
            data[j * width + d] = rng.nextInt(2);
        }
        return new TaskPool(tasks, width, data);
    }

    /** A pool from given pairs (D, d+1) row-major: items finite, labels exactly 0 or 1. The array is copied. */
    public static TaskPool pool(ClassificationConfig config, float[] pairs, int tasks) {
        Args.notNull("config", config);
        Args.notNull("pairs", pairs);
        RunPools.checkTasks(tasks);
        int d = config.dim(), width = config.rowWidth();
        if ((long) tasks * width != pairs.length) {
            throw new IllegalArgumentException("pairs length = " + pairs.length + " must equal tasks (D) x (dim + 1) = "
                    + tasks + " x " + width);
        }
        for (int j = 0; j < tasks; j++) {
            for (int k = 0; k < d; k++) {
                float x = pairs[j * width + k];
                if (!Float.isFinite(x)) throw new IllegalArgumentException("pairs[" + j + ", " + k + "] = " + x + " must be finite");
            }
            float label = pairs[j * width + d];
            if (label != 0f && label != 1f) {
                throw new IllegalArgumentException("pairs[" + j + ", " + d + "] (label) = " + label + " must be 0 or 1");
            }
        }
        return new TaskPool(tasks, width, pairs.clone());
    }

    public ClassificationConfig config() { return config; }

    public long seed() { return choice.seed; }

    public TaskPool trainPool() { return choice.trainPool; }

    public TaskPool evalPool() { return choice.evalPool; }

    public double zipfExponent() { return choice.trainChoice.exponent(); }

    /**
     * Fills rows [from, to) of batch-shaped arrays with sequences from..to-1 of {@code set} at {@code step};
     * disjoint row ranges may be filled by different threads at once. "iwl" needs a training pool of ≥ 2 pairs.
     *
     * @param pairs     (≥ to, C, d+1) required
     * @param labels    (≥ to) required: the target's true label
     * @param taskIndex (≥ to, C) or null: pool index behind each row
     */
    public void fill(SequenceSet set, long step, int from, int to, float[] pairs, int[] labels, int[] taskIndex) {
        TaskChoice.checkRange(set, step, from, to);
        int c = config.context(), d = config.dim(), width = config.rowWidth();
        Args.output("pairs", pairs == null ? 0 : pairs.length, pairs != null, true, to, c * width);
        Args.output("labels", labels == null ? 0 : labels.length, labels != null, true, to, 1);
        Args.output("taskIndex", taskIndex == null ? 0 : taskIndex.length, taskIndex != null, false, to, c);
        boolean inWeights = set == SequenceSet.IWL;
        if (inWeights && choice.trainPool.tasks() < 2) {
            throw new IllegalArgumentException("trainPool tasks (D) = 1 must be >= 2 for set = iwl (the target must be absent from the context)");
        }
        float[] pool = choice.pool(set).data();
        Zipf pick = choice.choice(set);
        CounterRandom rng = new CounterRandom(0, 0, 0, 0);
        for (int b = from; b < to; b++) {
            choice.rng(rng, set, step, b);
            int copied = -1;
            int target;
            if (inWeights) {
                target = pick.sample(rng);
            } else {
                copied = rng.nextInt(c - 1);
                target = -1;
            }
            int seqOff = b * c * width;
            for (int r = 0; r < c - 1; r++) {
                int task = inWeights ? pick.sampleExcluding(rng, target) : pick.sample(rng);
                if (r == copied) target = task;
                int rowOff = seqOff + r * width;
                writeNoisyItem(rng, pool, task * width, pairs, rowOff);
                pairs[rowOff + d] = pool[task * width + d];
                if (taskIndex != null) taskIndex[b * c + r] = task;
            }
            int rowOff = seqOff + (c - 1) * width;
            writeNoisyItem(rng, pool, target * width, pairs, rowOff);
            pairs[rowOff + d] = -1f;
            labels[b] = (int) pool[target * width + d];
            if (taskIndex != null) taskIndex[b * c + c - 1] = target;
        }
    }

    /** x ← (x + √v·ε)/√(1+v) with ε ~ N(0, I_d/d), computed in double and stored as float. */
    private void writeNoisyItem(CounterRandom rng, float[] pool, int itemOff, float[] out, int outOff) {
        for (int k = 0; k < config.dim(); k++) {
            out[outOff + k] = (float) ((pool[itemOff + k] + noiseStd * rng.nextGaussian()) * itemScale);
        }
    }

    /** The fixed set at its default size ({@link SequenceSet#defaultSize()}: 500, or 10 000 for LOSS). */
    public ClassificationSequences sequences(SequenceSet set) {
        Args.notNull("set", set);
        return sequences(set, set.defaultSize());
    }

    /** Sequences 0..count-1 of {@code set} at step 0, in newly allocated arrays. */
    public ClassificationSequences sequences(SequenceSet set, int count) {
        TaskChoice.count("count", count);
        int c = config.context(), d = config.dim();
        float[] pairs = new float[Args.size("pairs", count, (long) c * config.rowWidth())];
        int[] labels = new int[count];
        int[] taskIndex = new int[Args.size("taskIndex", count, c)];
        fill(set, 0, 0, count, pairs, labels, taskIndex);
        return new ClassificationSequences(count, d, c, pairs, labels, taskIndex);
    }
}
