// The bridge from a run's task family (org.rationalicl.core.tasks) to the network: training batches keyed by
// (seed, step, index), the pools, and the fixed evaluation splits with their on-disk tensors and metrics.
package org.rationalicl.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rationalicl.core.io.NdArray;
import org.rationalicl.core.tasks.CategoricalConfig;
import org.rationalicl.core.tasks.CategoricalSequences;
import org.rationalicl.core.tasks.CategoricalTasks;
import org.rationalicl.core.tasks.ClassificationConfig;
import org.rationalicl.core.tasks.ClassificationSequences;
import org.rationalicl.core.tasks.ClassificationTasks;
import org.rationalicl.core.tasks.RegressionConfig;
import org.rationalicl.core.tasks.RegressionSequences;
import org.rationalicl.core.tasks.RegressionTasks;
import org.rationalicl.core.tasks.SequenceSet;
import org.rationalicl.core.tasks.TaskPool;

abstract class TaskData {

    /** One fixed evaluation split: its sequences, how to load one into a batch, and the metric of predictions. */
    abstract static class Split {
        final String name;
        final int count;

        Split(String name, int count) {
            this.name = name;
            this.count = count;
        }

        /** Tensors of this split for evalsets.safetensors, named "<split>.<field>". */
        abstract Map<String, NdArray> tensors();

        /** Loads sequence {@code sequence} of the split into slot {@code slot} of {@code batch}. */
        abstract void load(Batch batch, int slot, int sequence);

        /**
         * The split's metric of predictions (count, predictionSize): categorical mean KL(θ ‖ p) over sequences
         * and positions 0..C−1; regression mean squared error of ŷ; classification mean cross-entropy.
         */
        abstract double metric(float[] predictions);
    }

    /** The family of a run: pools from (seed, seed+1), as core.tasks draws them. */
    static TaskData create(TrainingConfig c) {
        return switch (c.task()) {
            case CATEGORICAL -> new Categorical(c);
            case REGRESSION -> new Regression(c);
            case CLASSIFICATION -> new Classification(c);
        };
    }

    /** Fills training batches of up to {@code batchSize} sequences (scratch buffers sized once). */
    abstract BatchSource training(int batchSize);

    abstract TaskPool trainPool();

    abstract TaskPool evalPool();

    /** The fixed evaluation splits: train and eval (and iwl for classification), {@code count} sequences each. */
    abstract List<Split> splits(int count);

    /** pools.safetensors content: train_tasks [D, width], eval_tasks [500, width]. */
    Map<String, NdArray> poolTensors() {
        Map<String, NdArray> m = new LinkedHashMap<>();
        m.put("train_tasks", NdArray.ofFloats(trainPool().toArray(), trainPool().tasks(), trainPool().width()));
        m.put("eval_tasks", NdArray.ofFloats(evalPool().toArray(), evalPool().tasks(), evalPool().width()));
        return m;
    }

    // ---------------------------------------------------------------- categorical

    private static final class Categorical extends TaskData {
        final CategoricalTasks tasks;

        Categorical(TrainingConfig c) {
            tasks = CategoricalTasks.create(new CategoricalConfig(c.dims(), c.context(), CategoricalConfig.DEFAULT_ALPHA),
                    c.tasks(), c.seed(), c.zipfExponent());
        }

        @Override
        BatchSource training(int batchSize) {
            return (batch, step, from, to) -> {
                tasks.fill(SequenceSet.TRAINING, step, from, to, batch.sequences, null, null);
                batch.categoricalRows(from, to);
            };
        }

        @Override
        TaskPool trainPool() {
            return tasks.trainPool();
        }

        @Override
        TaskPool evalPool() {
            return tasks.evalPool();
        }

        @Override
        List<Split> splits(int count) {
            List<Split> list = new ArrayList<>();
            for (SequenceSet set : new SequenceSet[] {SequenceSet.TRAIN, SequenceSet.EVAL}) {
                CategoricalSequences seqs = tasks.sequences(set, count);
                int v = seqs.vocab(), c = seqs.context(), t = c + 1;
                list.add(new Split(set.id(), count) {
                    @Override
                    Map<String, NdArray> tensors() {
                        Map<String, NdArray> m = new LinkedHashMap<>();
                        m.put(name + ".tokens", NdArray.ofInts(seqs.tokens(), count, t));
                        m.put(name + ".theta", NdArray.ofFloats(seqs.theta(), count, v));
                        return m;
                    }

                    @Override
                    void load(Batch batch, int slot, int sequence) {
                        batch.setCategorical(slot, seqs.tokens(), sequence * t);
                    }

                    @Override
                    double metric(float[] pred) {
                        double kl = 0;
                        for (int s = 0; s < count; s++) {
                            for (int pos = 0; pos < c; pos++) {
                                for (int j = 0; j < v; j++) {
                                    double theta = seqs.theta()[s * v + j];
                                    if (theta > 0) kl += theta * (Math.log(theta) - Math.log(Math.max(pred[(s * c + pos) * v + j], Float.MIN_NORMAL)));
                                }
                            }
                        }
                        return kl / ((double) count * c);
                    }
                });
            }
            return list;
        }
    }

    // ---------------------------------------------------------------- regression

    private static final class Regression extends TaskData {
        final RegressionTasks tasks;

        Regression(TrainingConfig c) {
            tasks = RegressionTasks.create(RegressionConfig.of(c.dims(), c.context()), c.tasks(), c.seed(), c.zipfExponent());
        }

        @Override
        BatchSource training(int batchSize) {
            int c = tasks.config().context(), d = tasks.config().dim();
            float[] xs = new float[Math.multiplyExact(Math.multiplyExact(batchSize, c), d)]; // (B, C, d)
            float[] ys = new float[Math.multiplyExact(batchSize, c)];                        // (B, C)
            return (batch, step, from, to) -> {
                tasks.fill(SequenceSet.TRAINING, step, from, to, xs, ys, null, null);
                for (int b = from; b < to; b++) batch.setRegression(b, xs, b * c * d, ys, b * c);
            };
        }

        @Override
        TaskPool trainPool() {
            return tasks.trainPool();
        }

        @Override
        TaskPool evalPool() {
            return tasks.evalPool();
        }

        @Override
        List<Split> splits(int count) {
            List<Split> list = new ArrayList<>();
            for (SequenceSet set : new SequenceSet[] {SequenceSet.TRAIN, SequenceSet.EVAL}) {
                RegressionSequences seqs = tasks.sequences(set, count);
                int c = seqs.context(), d = seqs.dim();
                list.add(new Split(set.id(), count) {
                    @Override
                    Map<String, NdArray> tensors() {
                        Map<String, NdArray> m = new LinkedHashMap<>();
                        m.put(name + ".xs", NdArray.ofFloats(seqs.xs(), count, c, d));
                        m.put(name + ".ys", NdArray.ofFloats(seqs.ys(), count, c));
                        m.put(name + ".w", NdArray.ofFloats(seqs.w(), count, d));
                        return m;
                    }

                    @Override
                    void load(Batch batch, int slot, int sequence) {
                        batch.setRegression(slot, seqs.xs(), sequence * c * d, seqs.ys(), sequence * c);
                    }

                    @Override
                    double metric(float[] pred) {
                        double sum = 0;
                        for (int i = 0; i < count * c; i++) {
                            double e = pred[i] - seqs.ys()[i];
                            sum += e * e;
                        }
                        return sum / ((double) count * c);
                    }
                });
            }
            return list;
        }
    }

    // ---------------------------------------------------------------- classification

    private static final class Classification extends TaskData {
        final ClassificationTasks tasks;

        Classification(TrainingConfig c) {
            tasks = ClassificationTasks.create(new ClassificationConfig(c.dims(), c.context(),
                    ClassificationConfig.DEFAULT_WITHIN_CLASS_VARIANCE), c.tasks(), c.seed(), c.zipfExponent());
        }

        @Override
        BatchSource training(int batchSize) {
            return (batch, step, from, to) ->
                    tasks.fill(SequenceSet.TRAINING, step, from, to, batch.inputs, batch.targets, null);
        }

        @Override
        TaskPool trainPool() {
            return tasks.trainPool();
        }

        @Override
        TaskPool evalPool() {
            return tasks.evalPool();
        }

        @Override
        List<Split> splits(int count) {
            List<Split> list = new ArrayList<>();
            for (SequenceSet set : new SequenceSet[] {SequenceSet.TRAIN, SequenceSet.EVAL, SequenceSet.IWL}) {
                ClassificationSequences seqs = tasks.sequences(set, count);
                int c = seqs.context(), w = seqs.dim() + 1;
                list.add(new Split(set.id(), count) {
                    @Override
                    Map<String, NdArray> tensors() {
                        Map<String, NdArray> m = new LinkedHashMap<>();
                        m.put(name + ".pairs", NdArray.ofFloats(seqs.pairs(), count, c, w));
                        m.put(name + ".labels", NdArray.ofInts(seqs.labels(), count));
                        return m;
                    }

                    @Override
                    void load(Batch batch, int slot, int sequence) {
                        batch.setClassification(slot, seqs.pairs(), sequence * c * w, seqs.labels()[sequence]);
                    }

                    @Override
                    double metric(float[] pred) {
                        double sum = 0;
                        for (int s = 0; s < count; s++) sum -= Math.log(Math.max(pred[2 * s + seqs.labels()[s]], Float.MIN_NORMAL));
                        return sum / count;
                    }
                });
            }
            return list;
        }
    }
}
