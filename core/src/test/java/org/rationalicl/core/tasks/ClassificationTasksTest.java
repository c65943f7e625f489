// Classification: pool statistics, target copies a uniformly chosen context pair with hidden label, noise
// follows x ← (x + √v ε)/√(1+v), iwl targets never appear in context, determinism, validation.
// Tolerances: 5 standard errors on moments, chi-square at level 0.001, fixed seeds.
package org.rationalicl.core.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rationalicl.core.tasks.CategoricalTasksTest.assertMessage;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.rationalicl.core.random.Stats;
import org.rationalicl.core.random.Streams;

class ClassificationTasksTest {
    private static final ClassificationConfig SMALL = new ClassificationConfig(8, 16, 0.5);

    @Test
    void poolItemsHaveVarianceOneOverDAndBalancedLabels() {
        int n = 4000, d = 8;
        TaskPool pool = ClassificationTasks.drawPool(SMALL, n, 3, Streams.POOL_TRAIN);
        assertEquals(d + 1, pool.width());
        double[] scaled = new double[n * d];
        int ones = 0;
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < d; k++) scaled[j * d + k] = pool.get(j, k) * Math.sqrt(d); // should be N(0, 1)
            float label = pool.get(j, d);
            assertTrue(label == 0f || label == 1f, "label " + label);
            ones += (int) label;
        }
        double ks = Stats.ksStatistic(scaled, Stats::normalCdf), crit = Stats.ksCritical(scaled.length, 1e-3);
        assertTrue(ks < crit, "√d·item KS " + ks + " >= " + crit);
        assertTrue(Math.abs(ones - n / 2.0) < 5 * Math.sqrt(n / 4.0), "ones " + ones + " of " + n);
    }

    @Test
    void targetCopiesAUniformlyChosenContextPairWithHiddenLabel() {
        // A large pool makes repeated pairs within one sequence rare, so the copied position is identifiable.
        ClassificationTasks tasks = ClassificationTasks.create(SMALL, 1 << 18, 12, 0.0);
        int s = 6000, c = SMALL.context(), w = SMALL.rowWidth();
        ClassificationSequences seq = tasks.sequences(SequenceSet.TRAIN, s);
        TaskPool pool = tasks.trainPool();
        long[] position = new long[c - 1];
        int identified = 0;
        for (int b = 0; b < s; b++) {
            int target = seq.taskIndex()[b * c + c - 1];
            assertEquals(-1f, seq.pairs()[(b * c + c - 1) * w + SMALL.dim()], "target label must be hidden");
            assertEquals((int) pool.get(target, SMALL.dim()), seq.labels()[b], "label of sequence " + b);
            int found = -1, hits = 0;
            for (int r = 0; r < c - 1; r++) {
                int task = seq.taskIndex()[b * c + r];
                assertEquals(pool.get(task, SMALL.dim()), seq.pairs()[(b * c + r) * w + SMALL.dim()], "context label");
                if (task == target) {
                    found = r;
                    hits++;
                }
            }
            assertTrue(found >= 0, "sequence " + b + ": target pair " + target + " is not in its context");
            if (hits == 1) {
                position[found]++;
                identified++;
            }
        }
        double[] uniform = new double[c - 1];
        Arrays.fill(uniform, 1.0 / (c - 1));
        double pValue = Stats.chiSquarePValue(Stats.chiSquare(position, uniform), c - 2);
        assertTrue(identified > 0.99 * s, "identified " + identified);
        assertTrue(pValue > 1e-3, "copied position not uniform: p = " + pValue + " " + Arrays.toString(position));
    }

    @Test
    void noiseFollowsTheNormalisationRule() {
        // Context rows: x = (item + √v ε)/√(1+v), so x − item/√(1+v) has per-coordinate variance v/(d(1+v)).
        // Target: √(1+v)·x − item has variance v/d (the M predictor's likelihood).
        for (double v : new double[] {0.5, 2.0}) {
            ClassificationConfig cfg = new ClassificationConfig(8, 16, v);
            ClassificationTasks tasks = ClassificationTasks.create(cfg, 256, 5, 0.0);
            int s = 1500, c = cfg.context(), d = cfg.dim(), w = cfg.rowWidth();
            ClassificationSequences seq = tasks.sequences(SequenceSet.TRAIN, s);
            TaskPool pool = tasks.trainPool();
            double[] ctxResidual = new double[s * (c - 1) * d];
            double[] tgtResidual = new double[s * d];
            double scale = Math.sqrt(1 + v);
            for (int b = 0; b < s; b++) {
                for (int r = 0; r < c; r++) {
                    int task = seq.taskIndex()[b * c + r];
                    for (int k = 0; k < d; k++) {
                        double x = seq.pairs()[(b * c + r) * w + k];
                        if (r < c - 1) {
                            ctxResidual[(b * (c - 1) + r) * d + k] = x - pool.get(task, k) / scale;
                        } else {
                            tgtResidual[b * d + k] = scale * x - pool.get(task, k);
                        }
                    }
                }
            }
            assertVariance("context residual, v = " + v, v / (d * (1 + v)), ctxResidual);
            assertVariance("target residual, v = " + v, v / d, tgtResidual);
            assertTrue(Math.abs(Stats.mean(ctxResidual)) < 5 * Math.sqrt(v / (d * (1 + v)) / ctxResidual.length));
        }
    }

    private static void assertVariance(String what, double expected, double[] x) {
        double got = Stats.variance(x);
        assertTrue(Math.abs(got - expected) < 5 * expected * Math.sqrt(2.0 / x.length), what + ": variance " + got + ", expected " + expected);
    }

    @Test
    void inWeightsTargetsNeverAppearInTheirContext() {
        for (double zipf : new double[] {0.0, 2.0}) {
            ClassificationTasks tasks = ClassificationTasks.create(SMALL, 4, 17, zipf); // tiny pool: collisions would be frequent
            int s = 500, c = SMALL.context();
            ClassificationSequences seq = tasks.sequences(SequenceSet.IWL, s);
            TaskPool pool = tasks.trainPool();
            long[] targets = new long[4];
            for (int b = 0; b < s; b++) {
                int target = seq.taskIndex()[b * c + c - 1];
                targets[target]++;
                assertEquals((int) pool.get(target, SMALL.dim()), seq.labels()[b]);
                for (int r = 0; r < c - 1; r++) {
                    assertTrue(seq.taskIndex()[b * c + r] != target, "zipf " + zipf + " sequence " + b + ": target in context at row " + r);
                }
            }
            for (int j = 0; j < 4; j++) assertTrue(targets[j] > 0, "every training pair should be a target sometime: " + Arrays.toString(targets));
        }
        ClassificationTasks single = ClassificationTasks.create(SMALL, 1, 1, 0.0);
        assertMessage("trainPool tasks (D) = 1 must be >= 2 for set = iwl", () -> single.sequences(SequenceSet.IWL, 3));
    }

    @Test
    void evalSplitUsesTheEvaluationPool() {
        ClassificationTasks tasks = ClassificationTasks.create(SMALL, 64, 9, 0.0);
        assertFalse(tasks.trainPool().sameAs(tasks.evalPool()));
        assertTrue(tasks.evalPool().sameAs(ClassificationTasks.drawPool(SMALL, 500, 10, Streams.POOL_EVAL)));
        ClassificationSequences seq = tasks.sequences(SequenceSet.EVAL, 200);
        int c = SMALL.context();
        int max = Arrays.stream(seq.taskIndex()).max().orElseThrow();
        assertTrue(max >= 64 && max < 500, "eval rows index the 500-pair evaluation pool, max " + max);
        for (int b = 0; b < 200; b++) {
            int target = seq.taskIndex()[b * c + c - 1];
            assertEquals((int) tasks.evalPool().get(target, SMALL.dim()), seq.labels()[b]);
        }
    }

    @Test
    void batchesAreDeterministicAndIndependentOfSplitting() {
        ClassificationTasks a = ClassificationTasks.create(SMALL, 128, 40, 0.0);
        int batch = 12, len = batch * SMALL.context() * SMALL.rowWidth();
        float[] whole = new float[len], pieces = new float[len];
        int[] labels = new int[batch], labels2 = new int[batch];
        a.fill(SequenceSet.TRAINING, 3, 0, batch, whole, labels, null);
        ClassificationTasks b = ClassificationTasks.create(SMALL, 128, 40, 0.0);
        for (int i = batch - 1; i >= 0; i--) b.fill(SequenceSet.TRAINING, 3, i, i + 1, pieces, labels2, null);
        assertArrayEquals(whole, pieces);
        assertArrayEquals(labels, labels2);
        a.fill(SequenceSet.TRAINING, 4, 0, batch, pieces, labels2, null);
        assertFalse(Arrays.equals(whole, pieces));
    }

    @Test
    void validation() {
        assertMessage("context (C) = 1 must be in [2, 65536]", () -> new ClassificationConfig(8, 1, 0.5));
        assertMessage("withinClassVariance (v) = 0.0 must be in (0.0, 1000000.0]", () -> new ClassificationConfig(8, 4, 0.0));
        ClassificationConfig c = new ClassificationConfig(2, 4, 0.5);
        assertMessage("pairs length = 5 must equal tasks (D) x (dim + 1) = 2 x 3", () -> ClassificationTasks.pool(c, new float[5], 2));
        assertMessage("pairs[1, 2] (label) = 0.5 must be 0 or 1",
                () -> ClassificationTasks.pool(c, new float[] {0, 0, 1, 0, 0, 0.5f}, 2));
        assertMessage("pairs[0, 1] = NaN must be finite", () -> ClassificationTasks.pool(c, new float[] {0, Float.NaN, 1}, 1));
        TaskPool ok = ClassificationTasks.pool(c, new float[] {0.1f, 0.2f, 1, 0.3f, 0.4f, 0}, 2);
        ClassificationTasks t = new ClassificationTasks(c, ok, ok, 1, 0.0);
        assertMessage("labels must not be null", () -> t.fill(SequenceSet.TRAINING, 0, 0, 1, new float[12], null, null));
        assertMessage("taskIndex: length 3 < 4", () -> t.fill(SequenceSet.TRAINING, 0, 0, 1, new float[12], new int[1], new int[3]));
    }
}
