// Bridges core.tasks and the predictors: the predictors of a run's training pool with the run's own prior and
// noise settings, and the run's LOSS set (fresh training-distribution sequences) as the source of L(Q).
package org.rationalicl.analysis.predictors;

import java.util.Arrays;
import org.rationalicl.core.tasks.CategoricalTasks;
import org.rationalicl.core.tasks.ClassificationTasks;
import org.rationalicl.core.tasks.RegressionTasks;
import org.rationalicl.core.tasks.SequenceSet;

public final class TaskPredictors {
    private TaskPredictors() {}

    /** M over the run's training pool; G and the constant under Dirichlet(α, …, α) with the run's α. */
    public static CategoricalPredictors categorical(CategoricalTasks tasks) {
        Args.notNull("tasks", tasks);
        double[] alpha = new double[tasks.config().vocab()];
        Arrays.fill(alpha, tasks.config().dirichletAlpha());
        return new CategoricalPredictors(tasks.trainPool().toArray(), tasks.trainPool().tasks(), tasks.config().vocab(),
                alpha);
    }

    /** M over the run's training pool, with the run's noise variance σ². */
    public static RegressionPredictors regression(RegressionTasks tasks) {
        Args.notNull("tasks", tasks);
        return new RegressionPredictors(tasks.trainPool().toArray(), tasks.trainPool().tasks(), tasks.config().dim(),
                tasks.config().noiseVariance());
    }

    /** M over the run's training pool, with the run's within-class variance v. */
    public static ClassificationPredictors classification(ClassificationTasks tasks) {
        Args.notNull("tasks", tasks);
        return new ClassificationPredictors(tasks.trainPool().toArray(), tasks.trainPool().tasks(),
                tasks.config().dim(), tasks.config().withinClassVariance());
    }

    /**
     * The run's LOSS set, sequences 0..sequences−1, served in the batches {@link TrainingLoss} asks for. Each
     * sequence is generated once (the first time it is asked for) and kept, so one source can serve M, G and the
     * constant; memory is the whole set (categorical C = 320: 13 MB for 10 000 sequences).
     */
    public static SequenceBatches<int[]> lossSource(CategoricalTasks tasks, int sequences) {
        Args.notNull("tasks", tasks);
        Args.positive("sequences", sequences);
        int len = tasks.config().sequenceLength();
        int[] tokens = new int[Args.toInt("tokens", (long) sequences * len)]; // (n, C+1)
        LazyRows rows = new LazyRows(sequences, (from, to) -> tasks.fill(SequenceSet.LOSS, 0, from, to, tokens, null,
                null));
        return (first, count) -> {
            rows.ensure(first, count);
            return Arrays.copyOfRange(tokens, (int) first * len, (int) (first + count) * len);
        };
    }

    /** As {@link #lossSource(CategoricalTasks, int)}, for regression (xs, ys). */
    public static SequenceBatches<RegressionPredictors.Batch> lossSource(RegressionTasks tasks, int sequences) {
        Args.notNull("tasks", tasks);
        Args.positive("sequences", sequences);
        int c = tasks.config().context();
        int d = tasks.config().dim();
        float[] xs = new float[Args.toInt("xs", (long) sequences * c * d)]; // (n, C, d)
        float[] ys = new float[Args.toInt("ys", (long) sequences * c)];     // (n, C)
        LazyRows rows = new LazyRows(sequences, (from, to) -> tasks.fill(SequenceSet.LOSS, 0, from, to, xs, ys, null,
                null));
        return (first, count) -> {
            rows.ensure(first, count);
            int f = (int) first;
            return new RegressionPredictors.Batch(Arrays.copyOfRange(xs, f * c * d, (f + count) * c * d),
                    Arrays.copyOfRange(ys, f * c, (f + count) * c));
        };
    }

    /** As {@link #lossSource(CategoricalTasks, int)}, for classification (pairs, target labels). */
    public static SequenceBatches<ClassificationPredictors.Batch> lossSource(ClassificationTasks tasks, int sequences) {
        Args.notNull("tasks", tasks);
        Args.positive("sequences", sequences);
        int row = tasks.config().context() * tasks.config().rowWidth();
        float[] pairs = new float[Args.toInt("pairs", (long) sequences * row)]; // (n, C, d+1)
        int[] labels = new int[sequences];                                       // (n)
        LazyRows rows = new LazyRows(sequences, (from, to) -> tasks.fill(SequenceSet.LOSS, 0, from, to, pairs, labels,
                null));
        return (first, count) -> {
            rows.ensure(first, count);
            int f = (int) first;
            return new ClassificationPredictors.Batch(Arrays.copyOfRange(pairs, f * row, (f + count) * row),
                    Arrays.copyOfRange(labels, f, f + count));
        };
    }

    /** Generates rows of a fixed-size set on demand, each row once; filling is split over the cores. */
    private static final class LazyRows {
        interface Filler {
            void fill(int from, int to);
        }

        private final int size;
        private final Filler filler;
        private int filled; // rows [0, filled) are generated

        LazyRows(int size, Filler filler) {
            this.size = size;
            this.filler = filler;
        }

        synchronized void ensure(long first, int count) {
            if (first < 0 || count < 0 || first + count > size) {
                throw new IllegalArgumentException("sequences [" + first + ", " + (first + count)
                        + ") are outside the loss set [0, " + size + ")");
            }
            int to = (int) (first + count);
            if (to <= filled) return;
            int from = filled;
            // core.tasks fills disjoint row ranges concurrently with identical content whatever the split.
            SequenceChunks.forEach(to - from, (a, b) -> filler.fill(from + a, from + b));
            filled = to;
        }
    }
}
