// The predictors on core.tasks data: the layouts agree, the loss source serves the run's LOSS set exactly, M
// recognises the generating pool task, and L(M) ≤ L(G) < L(constant) on the run's own loss set.
package org.rationalicl.analysis.predictors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
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

class TaskPredictorsTest {

    static final int N = 600; // loss-set sequences per estimate in these tests

    @Test
    void categoricalOnARunsSets() {
        CategoricalTasks tasks = CategoricalTasks.create(new CategoricalConfig(8, 96, 1.0), 8, 7, 0.0);
        CategoricalPredictors p = TaskPredictors.categorical(tasks);
        CategoricalSequences train = tasks.sequences(SequenceSet.TRAIN, 40);
        float[] m = p.memorizing(train.tokens(), train.count(), train.context());
        // After 95 draws M has (nearly) found the generating pool task: its prediction is close to θ.
        double maxDiff = 0;
        for (int s = 0; s < train.count(); s++) {
            for (int k = 0; k < 8; k++) {
                maxDiff = Math.max(maxDiff, Math.abs(m[(s * 96 + 95) * 8 + k] - train.theta()[s * 8 + k]));
            }
        }
        assertTrue(maxDiff < 0.05, "M at the last position vs the generating θ: max diff " + maxDiff);
        CategoricalSequences eval = tasks.sequences(SequenceSet.EVAL, 20);
        for (Strategy st : Strategy.values()) {
            float[] pred = p.predict(st, eval.tokens(), eval.count(), eval.context());
            for (int i = 0; i < eval.count() * eval.context(); i++) {
                double sum = 0;
                for (int k = 0; k < 8; k++) sum += pred[i * 8 + k];
                assertEquals(1.0, sum, 1e-5, st + " prediction " + i + " on eval sums to 1");
            }
        }

        SequenceBatches<int[]> source = TaskPredictors.lossSource(tasks, N);
        CategoricalSequences loss = tasks.sequences(SequenceSet.LOSS, N);
        assertArrayEquals(java.util.Arrays.copyOfRange(loss.tokens(), 250 * 97, 300 * 97), source.batch(250, 50),
                "the loss source serves the run's LOSS sequences 250..299");
        TrainingLossTest.assertOrdered("categorical (core LOSS set)",
                TrainingLoss.estimate(p.perSequenceLoss(Strategy.MEMORIZING, source, 96), N, 128),
                TrainingLoss.estimate(p.perSequenceLoss(Strategy.GENERALIZING, source, 96), N, 128),
                TrainingLoss.estimate(p.perSequenceLoss(Strategy.CONSTANT, source, 96), N, 128));
    }

    @Test
    void regressionOnARunsSets() {
        RegressionTasks tasks = RegressionTasks.create(RegressionConfig.of(8, 16), 4, 8, 0.0);
        RegressionPredictors p = TaskPredictors.regression(tasks);
        assertEquals(8 / 256.0, p.noiseVariance(), 0);
        RegressionSequences train = tasks.sequences(SequenceSet.TRAIN, 30);
        float[] m = p.memorizing(train.xs(), train.ys(), train.count(), train.context());
        for (int s = 0; s < train.count(); s++) {
            int i = s * 16 + 15;
            double y = 0;
            for (int k = 0; k < 8; k++) y += (double) train.xs()[i * 8 + k] * train.w()[s * 8 + k];
            assertEquals(y, m[i], 1e-3 * (1 + Math.abs(y)), "sequence " + s + ": M at the last position is x·w");
        }
        SequenceBatches<RegressionPredictors.Batch> source = TaskPredictors.lossSource(tasks, N);
        RegressionSequences loss = tasks.sequences(SequenceSet.LOSS, N);
        RegressionPredictors.Batch b = source.batch(100, 7);
        assertArrayEquals(java.util.Arrays.copyOfRange(loss.ys(), 100 * 16, 107 * 16), b.ys());
        assertArrayEquals(java.util.Arrays.copyOfRange(loss.xs(), 100 * 16 * 8, 107 * 16 * 8), b.xs());
        TrainingLossTest.assertOrdered("regression (core LOSS set)",
                TrainingLoss.estimate(p.perSequenceLoss(Strategy.MEMORIZING, source, 16), N, 128),
                TrainingLoss.estimate(p.perSequenceLoss(Strategy.GENERALIZING, source, 16), N, 128),
                TrainingLoss.estimate(p.perSequenceLoss(Strategy.CONSTANT, source, 16), N, 128));
    }

    @Test
    void classificationOnARunsSetsIncludingInWeights() {
        ClassificationTasks tasks = ClassificationTasks.create(new ClassificationConfig(8, 32, 0.5), 6, 9, 0.0);
        ClassificationPredictors p = TaskPredictors.classification(tasks);
        // In-weights set: the target is absent from the context, so only M (memory) knows its label.
        ClassificationSequences iwl = tasks.sequences(SequenceSet.IWL, 200);
        double[] lossM = ClassificationPredictors.losses(p.memorizing(iwl.pairs(), 200, 32), iwl.labels(), 200);
        double[] lossG = ClassificationPredictors.losses(p.generalizing(iwl.pairs(), 200, 32), iwl.labels(), 200);
        double meanM = java.util.Arrays.stream(lossM).average().orElseThrow();
        double meanG = java.util.Arrays.stream(lossG).average().orElseThrow();
        assertTrue(meanM < 0.1 && meanG > 1.0, "iwl cross-entropy: M " + meanM + " (should be small), G " + meanG
                + " (should be large)");
        SequenceBatches<ClassificationPredictors.Batch> source = TaskPredictors.lossSource(tasks, N);
        ClassificationSequences loss = tasks.sequences(SequenceSet.LOSS, N);
        assertArrayEquals(java.util.Arrays.copyOfRange(loss.labels(), 10, 30), source.batch(10, 20).labels());
        TrainingLossTest.assertOrdered("classification (core LOSS set)",
                TrainingLoss.estimate(p.perSequenceLoss(Strategy.MEMORIZING, source, 32), N, 128),
                TrainingLoss.estimate(p.perSequenceLoss(Strategy.GENERALIZING, source, 32), N, 128),
                TrainingLoss.estimate(p.perSequenceLoss(Strategy.CONSTANT, source, 32), N, 128));
    }
}
