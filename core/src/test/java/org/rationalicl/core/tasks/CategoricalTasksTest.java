// Balls & Urns: pool statistics (Dirichlet(1) marginals, rows sum to 1), sequence layout, token frequencies
// against θ, determinism and order independence, Zipf skew, and validation messages.
// Tolerances: KS / chi-square at level 0.001 and moments within 5 standard errors, with fixed seeds.
package org.rationalicl.core.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.rationalicl.core.random.Stats;
import org.rationalicl.core.random.Streams;

class CategoricalTasksTest {
    private static final CategoricalConfig SMALL = new CategoricalConfig(8, 32, 1.0);

    @Test
    void poolRowsAreDirichletOneVectors() {
        int d = 5000, v = 8;
        TaskPool pool = CategoricalTasks.drawPool(CategoricalConfig.defaults(), d, 123, Streams.POOL_TRAIN);
        assertEquals(d, pool.tasks());
        assertEquals(v, pool.width());
        float[] theta = pool.toArray();
        double[][] marginal = new double[v][d];
        for (int j = 0; j < d; j++) {
            double s = 0;
            for (int k = 0; k < v; k++) {
                float p = theta[j * v + k];
                assertTrue(p >= 0 && p <= 1, "theta[" + j + "," + k + "] = " + p);
                s += p;
                marginal[k][j] = p;
            }
            assertEquals(1.0, s, 1e-6, "row " + j);
        }
        // Dirichlet(1,...,1) over 8: every marginal is Beta(1, 7), mean 1/8, variance 7/(64·9).
        double var = 7.0 / (64 * 9);
        for (int k = 0; k < v; k++) {
            assertTrue(Math.abs(Stats.mean(marginal[k]) - 0.125) < 5 * Math.sqrt(var / d), "mean of symbol " + k);
            double crit = Stats.ksCritical(d, 1e-3);
            double ks = Stats.ksStatistic(marginal[k], x -> 1 - Math.pow(1 - Math.min(1, Math.max(0, x)), 7));
            assertTrue(ks < crit, "symbol " + k + ": KS " + ks + " >= " + crit);
        }
    }

    @Test
    void sparsePriorGivesSparseValidRows() {
        // Dirichlet(0.1) over V = 8: marginal mean 1/8, variance (1/8)(7/8)/(0.8 + 1); rows still sum to 1.
        int d = 5000, v = 8;
        float[] theta = CategoricalTasks.drawPool(new CategoricalConfig(v, 4, 0.1), d, 8, Streams.POOL_TRAIN).toArray();
        double[] first = new double[d];
        for (int j = 0; j < d; j++) {
            double sum = 0;
            for (int k = 0; k < v; k++) sum += theta[j * v + k];
            assertEquals(1.0, sum, 1e-6, "row " + j);
            first[j] = theta[j * v];
        }
        double var = 0.125 * 0.875 / 1.8;
        assertTrue(Math.abs(Stats.mean(first) - 0.125) < 5 * Math.sqrt(var / d), "mean " + Stats.mean(first));
        // Sample variance of a [0,1] variable has standard error below sqrt(E[x^2]/n).
        assertTrue(Math.abs(Stats.variance(first) - var) < 5 * Math.sqrt((var + 0.125 * 0.125) / d), "variance " + Stats.variance(first));
    }

    @Test
    void smallerPoolIsPrefixOfLargerOne() {
        float[] small = CategoricalTasks.drawPool(SMALL, 4, 9, Streams.POOL_TRAIN).toArray();
        float[] large = CategoricalTasks.drawPool(SMALL, 64, 9, Streams.POOL_TRAIN).toArray();
        assertArrayEquals(small, Arrays.copyOf(large, small.length));
    }

    @Test
    void sequencesHaveTheContractLayoutAndFollowTheirTask() {
        CategoricalTasks tasks = CategoricalTasks.create(SMALL, 16, 5, 0.0);
        CategoricalSequences s = tasks.sequences(SequenceSet.TRAIN, 2000);
        int len = 33, v = 8;
        assertEquals(2000 * len, s.tokens().length);
        assertEquals(2000 * v, s.theta().length);
        float[] pool = tasks.trainPool().toArray();
        long[] observed = new long[v];
        double[] expected = new double[v], variance = new double[v];
        for (int i = 0; i < s.count(); i++) {
            assertEquals(v, s.tokens()[i * len], "start token of sequence " + i);
            int task = s.taskIndex()[i];
            assertTrue(task >= 0 && task < 16);
            assertArrayEquals(Arrays.copyOfRange(pool, task * v, task * v + v), Arrays.copyOfRange(s.theta(), i * v, i * v + v));
            for (int t = 1; t < len; t++) {
                int tok = s.tokens()[i * len + t];
                assertTrue(tok >= 0 && tok < v, "token " + tok);
                observed[tok]++;
            }
            for (int k = 0; k < v; k++) {
                double p = s.theta()[i * v + k];
                expected[k] += 32 * p;
                variance[k] += 32 * p * (1 - p);
            }
        }
        for (int k = 0; k < v; k++) {
            double z = (observed[k] - expected[k]) / Math.sqrt(variance[k]);
            assertTrue(Math.abs(z) < 5, "symbol " + k + ": observed " + observed[k] + ", expected " + expected[k]);
        }
    }

    @Test
    void evalSplitUsesTheEvaluationPoolWhichDiffersFromTheTrainingPool() {
        CategoricalTasks tasks = CategoricalTasks.create(SMALL, 16, 5, 0.0);
        assertEquals(RunPools.EVAL_POOL_SIZE, tasks.evalPool().tasks());
        float[] train = tasks.trainPool().toArray(), eval = tasks.evalPool().toArray();
        for (int j = 0; j < 16; j++) {
            for (int e = 0; e < RunPools.EVAL_POOL_SIZE; e++) {
                assertFalse(Arrays.equals(train, j * 8, j * 8 + 8, eval, e * 8, e * 8 + 8), "train task " + j + " == eval task " + e);
            }
        }
        CategoricalSequences s = tasks.sequences(SequenceSet.EVAL, 300);
        int maxTask = 0;
        for (int i = 0; i < 300; i++) {
            int task = s.taskIndex()[i];
            maxTask = Math.max(maxTask, task);
            assertArrayEquals(Arrays.copyOfRange(eval, task * 8, task * 8 + 8), Arrays.copyOfRange(s.theta(), i * 8, i * 8 + 8));
        }
        assertTrue(maxTask >= 16, "eval sequences should range over all 500 evaluation tasks, max index " + maxTask);
        // The evaluation pool is the one drawn with seed + 1.
        assertTrue(tasks.evalPool().sameAs(CategoricalTasks.drawPool(SMALL, 500, 6, Streams.POOL_EVAL)));
    }

    @Test
    void batchesAreDeterministicAndIndependentOfSplittingAndOrder() {
        CategoricalTasks a = CategoricalTasks.create(SMALL, 64, 77, 0.0);
        CategoricalTasks b = CategoricalTasks.create(SMALL, 64, 77, 0.0);
        int batch = 24, len = 33;
        int[] whole = new int[batch * len];
        a.fill(SequenceSet.TRAINING, 1000, 0, batch, whole, null, null);
        int[] same = new int[batch * len];
        b.fill(SequenceSet.TRAINING, 1000, 0, batch, same, null, null);
        assertArrayEquals(whole, same, "same seed and step must give the same batch");
        // Filled in three chunks, last chunk first, each by its own thread.
        int[] pieces = new int[batch * len];
        int[][] ranges = {{16, 24}, {0, 5}, {5, 16}};
        Thread[] threads = new Thread[ranges.length];
        for (int r = 0; r < ranges.length; r++) {
            int from = ranges[r][0], to = ranges[r][1];
            threads[r] = new Thread(() -> a.fill(SequenceSet.TRAINING, 1000, from, to, pieces, null, null));
            threads[r].start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        assertArrayEquals(whole, pieces, "batch content must not depend on how it is split");
        int[] next = new int[batch * len];
        a.fill(SequenceSet.TRAINING, 1001, 0, batch, next, null, null);
        assertFalse(Arrays.equals(whole, next), "different steps must give different batches");
        CategoricalTasks other = CategoricalTasks.create(SMALL, 64, 78, 0.0);
        int[] otherSeed = new int[batch * len];
        other.fill(SequenceSet.TRAINING, 1000, 0, batch, otherSeed, null, null);
        assertFalse(Arrays.equals(whole, otherSeed), "different seeds must give different batches");
    }

    @Test
    void fixedSetsAreStableAndDistinct() {
        CategoricalTasks tasks = CategoricalTasks.create(SMALL, 64, 3, 0.0);
        CategoricalSequences t1 = tasks.sequences(SequenceSet.TRAIN, 100);
        CategoricalSequences t2 = CategoricalTasks.create(SMALL, 64, 3, 0.0).sequences(SequenceSet.TRAIN, 100);
        assertArrayEquals(t1.tokens(), t2.tokens());
        CategoricalSequences loss = tasks.sequences(SequenceSet.LOSS, 100);
        assertFalse(Arrays.equals(t1.tokens(), loss.tokens()), "loss set must not repeat the train split");
        int[] training = new int[100 * 33];
        tasks.fill(SequenceSet.TRAINING, 0, 0, 100, training, null, null);
        assertFalse(Arrays.equals(t1.tokens(), training), "train split must not repeat the step-0 batch");
        assertEquals(500, tasks.sequences(SequenceSet.EVAL).count());
        assertEquals(10_000, tasks.sequences(SequenceSet.LOSS).count());
        // A longer set starts with the shorter one.
        CategoricalSequences longer = tasks.sequences(SequenceSet.TRAIN, 150);
        assertArrayEquals(t1.tokens(), Arrays.copyOf(longer.tokens(), t1.tokens().length));
    }

    @Test
    void zipfExponentSkewsTaskFrequencies() {
        int d = 10, n = 40_000;
        for (double s : new double[] {0.0, 1.5}) {
            CategoricalTasks tasks = CategoricalTasks.create(new CategoricalConfig(8, 1, 1.0), d, 21, s);
            int[] tokens = new int[n * 2], index = new int[n];
            tasks.fill(SequenceSet.TRAINING, 7, 0, n, tokens, null, index);
            long[] counts = new long[d];
            for (int j : index) counts[j]++;
            double norm = 0;
            for (int k = 1; k <= d; k++) norm += Math.pow(k, -s);
            double[] p = new double[d];
            for (int k = 0; k < d; k++) p[k] = Math.pow(k + 1, -s) / norm;
            double pValue = Stats.chiSquarePValue(Stats.chiSquare(counts, p), d - 1);
            assertTrue(pValue > 1e-3, "s = " + s + ": p = " + pValue + ", counts " + Arrays.toString(counts));
        }
        // The evaluation split stays uniform whatever the exponent.
        CategoricalTasks skewed = CategoricalTasks.create(new CategoricalConfig(8, 1, 1.0), d, 21, 3.0);
        CategoricalSequences e = skewed.sequences(SequenceSet.EVAL, 5000);
        long firstTen = Arrays.stream(e.taskIndex()).filter(j -> j < 10).count();
        assertTrue(firstTen < 5000 * 10 / 500 * 2, "eval choice must be uniform over 500 tasks, got " + firstTen + " in the first 10");
    }

    @Test
    void poolFromArraysIsValidated() {
        CategoricalConfig c = new CategoricalConfig(3, 4, 1.0);
        float[] good = {0.2f, 0.3f, 0.5f, 1f, 0f, 0f};
        TaskPool pool = CategoricalTasks.pool(c, good, 2);
        good[0] = 0.9f; // the pool holds a copy
        assertEquals(0.2f, pool.get(0, 0));
        assertMessage("theta length = 5 must equal tasks (D) x vocab (V) = 2 x 3",
                () -> CategoricalTasks.pool(c, new float[5], 2));
        assertMessage("theta row 1 sums to", () -> CategoricalTasks.pool(c, new float[] {0.2f, 0.3f, 0.5f, 0.5f, 0f, 0f}, 2));
        assertMessage("theta[0, 1] = -0.1 must be finite and >= 0",
                () -> CategoricalTasks.pool(c, new float[] {0.6f, -0.1f, 0.5f, 1f, 0f, 0f}, 2));
        assertMessage("theta[0, 0] = NaN", () -> CategoricalTasks.pool(c, new float[] {Float.NaN, 0.5f, 0.5f, 1f, 0f, 0f}, 2));
        // Given pools drive the sequences: a one-hot task only ever emits its symbol.
        CategoricalTasks tasks = new CategoricalTasks(c, CategoricalTasks.pool(c, new float[] {0f, 1f, 0f}, 1),
                CategoricalTasks.pool(c, new float[] {0f, 0f, 1f}, 1), 1, 0.0);
        CategoricalSequences s = tasks.sequences(SequenceSet.TRAIN, 10);
        for (int i = 0; i < 10; i++) for (int t = 1; t < 5; t++) assertEquals(1, s.tokens()[i * 5 + t]);
        assertMessage("trainPool width = 2 must equal 3", () -> new CategoricalTasks(c,
                CategoricalTasks.pool(new CategoricalConfig(2, 4, 1.0), new float[] {0.5f, 0.5f}, 1),
                CategoricalTasks.pool(c, new float[] {0f, 0f, 1f}, 1), 1, 0.0));
    }

    @Test
    void configurationRangesAreValidated() {
        assertMessage("tasks (D) = 0 must be in [1, 1048576]", () -> CategoricalTasks.create(SMALL, 0, 1, 0.0));
        assertMessage("vocab (V) = 1 must be in [2, 4096]", () -> new CategoricalConfig(1, 8, 1.0));
        assertMessage("context (C) = 0 must be in [1, 65536]", () -> new CategoricalConfig(8, 0, 1.0));
        assertMessage("dirichletAlpha = 0.0 must be in (0.0, 1000000.0]", () -> new CategoricalConfig(8, 8, 0.0));
        assertMessage("zipfExponent = -1.0 must be in [0.0, 64.0]", () -> CategoricalTasks.create(SMALL, 4, 1, -1.0));
        CategoricalTasks tasks = CategoricalTasks.create(SMALL, 4, 1, 0.0);
        assertMessage("tokens: length 32 < 66 needed", () -> tasks.fill(SequenceSet.TRAINING, 0, 0, 2, new int[32], null, null));
        assertMessage("to = 1 must be in [2, ", () -> tasks.fill(SequenceSet.TRAINING, 0, 2, 1, new int[99], null, null));
        assertMessage("step = -1 must be in [0, ", () -> tasks.fill(SequenceSet.TRAINING, -1, 0, 1, new int[99], null, null));
        assertMessage("set = iwl exists only for classification", () -> tasks.sequences(SequenceSet.IWL, 5));
        assertMessage("count = 0 must be in [1, ", () -> tasks.sequences(SequenceSet.TRAIN, 0));
    }

    static void assertMessage(String expectedStart, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(expectedStart), "message '" + e.getMessage() + "' should start with '" + expectedStart + "'");
    }
}
