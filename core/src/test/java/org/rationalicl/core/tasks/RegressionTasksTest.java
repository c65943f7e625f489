// Linear regression: pool w ~ N(0, I) (KS), inputs N(0, 1), noise variance σ² = d/256 and independence of
// x, determinism / split independence, validation. Tolerances: 5 standard errors, KS at level 0.001.
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

class RegressionTasksTest {
    @Test
    void defaultsFollowTheSpec() {
        RegressionConfig c = RegressionConfig.defaults();
        assertEquals(8, c.dim());
        assertEquals(16, c.context());
        assertEquals(8.0 / 256.0, c.noiseVariance(), 0.0);
        assertEquals(16.0 / 256.0, RegressionConfig.of(16, 32).noiseVariance(), 0.0);
    }

    @Test
    void poolIsStandardNormal() {
        TaskPool pool = RegressionTasks.drawPool(RegressionConfig.defaults(), 2500, 4, Streams.POOL_TRAIN);
        double[] w = new double[pool.tasks() * pool.width()];
        float[] raw = pool.toArray();
        for (int i = 0; i < w.length; i++) w[i] = raw[i];
        double ks = Stats.ksStatistic(w, Stats::normalCdf), crit = Stats.ksCritical(w.length, 1e-3);
        assertTrue(ks < crit, "pool KS " + ks + " >= " + crit);
    }

    @Test
    void targetsAreLinearPlusNoiseOfTheSpecifiedVariance() {
        RegressionConfig c = RegressionConfig.defaults();
        RegressionTasks tasks = RegressionTasks.create(c, 32, 8, 0.0);
        int s = 2000, ctx = c.context(), d = c.dim(), n = s * ctx;
        RegressionSequences seq = tasks.sequences(SequenceSet.TRAIN, s);
        float[] pool = tasks.trainPool().toArray();
        double[] noise = new double[n], x = new double[n * d];
        double noiseTimesX = 0;
        for (int b = 0; b < s; b++) {
            int task = seq.taskIndex()[b];
            assertArrayEquals(Arrays.copyOfRange(pool, task * d, task * d + d), Arrays.copyOfRange(seq.w(), b * d, b * d + d));
            for (int i = 0; i < ctx; i++) {
                double dot = 0;
                for (int k = 0; k < d; k++) {
                    float xi = seq.xs()[(b * ctx + i) * d + k];
                    x[(b * ctx + i) * d + k] = xi;
                    dot += xi * (double) seq.w()[b * d + k];
                }
                noise[b * ctx + i] = seq.ys()[b * ctx + i] - dot;
                noiseTimesX += noise[b * ctx + i] * x[(b * ctx + i) * d];
            }
        }
        double sigma2 = c.noiseVariance();
        assertTrue(Math.abs(Stats.mean(noise)) < 5 * Math.sqrt(sigma2 / n), "noise mean " + Stats.mean(noise));
        assertTrue(Math.abs(Stats.variance(noise) - sigma2) < 5 * sigma2 * Math.sqrt(2.0 / n),
                "noise variance " + Stats.variance(noise) + " vs sigma^2 " + sigma2);
        // Noise independent of x: E[ε x_0] = 0 with standard error σ/√n.
        assertTrue(Math.abs(noiseTimesX / n) < 5 * Math.sqrt(sigma2 / n), "E[eps x0] = " + noiseTimesX / n);
        assertTrue(Math.abs(Stats.mean(x)) < 5 / Math.sqrt(x.length));
        assertTrue(Math.abs(Stats.variance(x) - 1) < 5 * Math.sqrt(2.0 / x.length), "x variance " + Stats.variance(x));
    }

    @Test
    void batchesAreDeterministicAndIndependentOfSplitting() {
        RegressionConfig c = RegressionConfig.defaults();
        RegressionTasks a = RegressionTasks.create(c, 1024, 31, 0.0);
        int batch = 16, xLen = batch * c.context() * c.dim(), yLen = batch * c.context();
        float[] xs = new float[xLen], ys = new float[yLen];
        a.fill(SequenceSet.TRAINING, 500, 0, batch, xs, ys, null, null);
        float[] xs2 = new float[xLen], ys2 = new float[yLen];
        RegressionTasks b = RegressionTasks.create(c, 1024, 31, 0.0);
        b.fill(SequenceSet.TRAINING, 500, 9, batch, xs2, ys2, null, null);
        b.fill(SequenceSet.TRAINING, 500, 0, 9, xs2, ys2, null, null);
        assertArrayEquals(xs, xs2);
        assertArrayEquals(ys, ys2);
        a.fill(SequenceSet.TRAINING, 501, 0, batch, xs2, ys2, null, null);
        assertFalse(Arrays.equals(xs, xs2), "different steps must differ");
        assertFalse(tasks(c).evalPool().sameAs(tasks(c).trainPool()));
    }

    private static RegressionTasks tasks(RegressionConfig c) {
        return RegressionTasks.create(c, 500, 2, 0.0);
    }

    @Test
    void validation() {
        RegressionConfig c = new RegressionConfig(2, 3, 0.1);
        assertMessage("dim (d) = 0 must be in [1, 1024]", () -> new RegressionConfig(0, 3, 0.1));
        assertMessage("noiseVariance (sigma^2) = NaN must be in (0.0, 1000000.0]", () -> new RegressionConfig(2, 3, Double.NaN));
        assertMessage("tasks (D) = 2000000 must be in [1, 1048576]", () -> RegressionTasks.drawPool(c, 2_000_000, 1, 1));
        assertMessage("w length = 3 must equal tasks (D) x dim (d) = 2 x 2", () -> RegressionTasks.pool(c, new float[3], 2));
        assertMessage("w[1, 0] = Infinity must be finite", () -> RegressionTasks.pool(c, new float[] {0, 0, Float.POSITIVE_INFINITY, 0}, 2));
        RegressionTasks t = RegressionTasks.create(c, 2, 1, 0.0);
        assertMessage("ys must not be null", () -> t.fill(SequenceSet.TRAINING, 0, 0, 1, new float[6], null, null, null));
        assertMessage("xs: length 5 < 6", () -> t.fill(SequenceSet.TRAINING, 0, 0, 1, new float[5], new float[3], null, null));
        assertMessage("set = iwl exists only for classification", () -> t.sequences(SequenceSet.IWL, 1));
    }
}
