// Behavioural distances and relative distance: known limits (T = G, T = M), the even mixture in closed form
// (Bernoulli distributions for symmetrised KL, exactly 0.5 for MSE), the threshold rule on hand-made curves,
// and convex mixture weights recovered for three predictors.
package org.rationalicl.analysis.distance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rationalicl.analysis.data.Predictions;
import org.rationalicl.analysis.data.TaskKind;

class DistancesTest {

    private static Predictions bernoulli(double p) {
        return Predictions.classification(new float[] {(float) (1 - p), (float) p}, 1);
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }

    /** Closed form for Bernoulli: ½(KL(p‖q) + KL(q‖p)) = ½(p − q)(logit p − logit q). */
    private static double bernoulliSkl(double p, double q) {
        return 0.5 * (p - q) * (logit(p) - logit(q));
    }

    private static Predictions randomDistributions(long seed, int s, int c, int v) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[s * c * v];
        for (int off = 0; off < out.length; off += v) {
            double sum = 0;
            for (int o = 0; o < v; o++) {
                out[off + o] = (float) -Math.log(1 - r.nextDouble());
                sum += out[off + o];
            }
            for (int o = 0; o < v; o++) {
                out[off + o] /= (float) sum;
            }
        }
        return Predictions.categorical(out, s, c, v);
    }

    @Test
    void symmetrisedKlMatchesBernoulliClosedForm() {
        double[][] cases = {{0.7, 0.5}, {0.9, 0.2}, {0.01, 0.6}};
        for (double[] pq : cases) {
            double expected = bernoulliSkl(pq[0], pq[1]);
            assertEquals(expected, Distances.symmetrisedKl(bernoulli(pq[0]), bernoulli(pq[1])), 1e-6 * expected,
                    "SKL(" + pq[0] + ", " + pq[1] + ")");
        }
    }

    @Test
    void relativeWeightIsZeroForGeneralizingAndOneForMemorizing() {
        Predictions m = randomDistributions(1, 5, 7, 8);
        Predictions g = randomDistributions(2, 5, 7, 8);
        double mg = Distances.symmetrisedKl(m, g);
        assertEquals(0.0, Distances.relativeWeight(Distances.symmetrisedKl(g, g), Distances.symmetrisedKl(g, m), mg),
                0.0);
        assertEquals(1.0, Distances.relativeWeight(Distances.symmetrisedKl(m, g), Distances.symmetrisedKl(m, m), mg),
                0.0);
    }

    @Test
    void evenBernoulliMixtureHasTheClosedFormRelativeWeight() {
        // M = Bern(0.9), G = Bern(0.5), T = ½M + ½G = Bern(0.7). With the closed form above:
        // d(T,G) = 0.1·logit 0.7, d(T,M) = 0.1·(logit 0.9 − logit 0.7), d(M,G) = 0.2·logit 0.9, so
        // r = logit 0.7 / logit 0.9 − ½ and w = (r + 1)/2 = ¼ + logit 0.7 / (2·logit 0.9) ≈ 0.44281:
        // not ½, because KL is curved.
        double expected = 0.25 + logit(0.7) / (2 * logit(0.9));
        assertEquals(0.44281, expected, 1e-5);
        Predictions m = bernoulli(0.9);
        Predictions g = bernoulli(0.5);
        Predictions t = Distances.mixture(new Predictions[] {m, g}, new double[] {0.5, 0.5});
        double w = Distances.relativeWeight(Distances.symmetrisedKl(t, g), Distances.symmetrisedKl(t, m),
                Distances.symmetrisedKl(m, g));
        assertEquals(expected, w, 1e-6);
    }

    @Test
    void evenRegressionMixtureSitsExactlyHalfway() {
        SplittableRandom r = new SplittableRandom(5);
        float[] m = new float[40];
        float[] g = new float[40];
        float[] t = new float[40];
        for (int i = 0; i < 40; i++) {
            m[i] = (float) r.nextDouble(-2, 2);
            g[i] = (float) r.nextDouble(-2, 2);
            t[i] = 0.5f * m[i] + 0.5f * g[i];
        }
        Predictions pm = Predictions.regression(m, 4, 10);
        Predictions pg = Predictions.regression(g, 4, 10);
        Predictions pt = Predictions.regression(t, 4, 10);
        double w = Distances.relativeWeight(Distances.mseOverDims(pt, pg, 8), Distances.mseOverDims(pt, pm, 8),
                Distances.mseOverDims(pm, pg, 8));
        assertEquals(0.5, w, 1e-6);
        // MSE/d: a constant offset of 1 over d = 8 dims gives 1/8.
        float[] shifted = m.clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += 1;
        }
        assertEquals(0.125, Distances.mseOverDims(Predictions.regression(shifted, 4, 10), pm, 8), 1e-6);
    }

    @Test
    void relativeWeightIsClipped() {
        assertEquals(1.0, Distances.relativeWeight(5, 0, 1), 0);
        assertEquals(0.0, Distances.relativeWeight(0, 5, 1), 0);
        assertEquals(0.75, Distances.relativeWeight(0.75, 0.25, 1), 1e-15);
    }

    @Test
    void thresholdRuleOnHandMadeCurves() {
        // Range 10 − 1 = 9; 20%: threshold 1 + 1.8 = 2.8 → first value ≤ 2.8 is 2.5 at index 3.
        double[] curve = {10, 6, 3, 2.5, 1, 1.2, 2.9};
        assertEquals(3, InterpolationThreshold.firstIndexBelow(curve, 0.2));
        // 10%: threshold 1.9 → index 4.
        assertEquals(4, InterpolationThreshold.firstIndexBelow(curve, 0.1));
        long[] steps = {20, 50, 100, 200, 400, 800, 1600};
        double[] early = {5, 1, 1, 1, 1, 1, 1};   // threshold 1.8 → index 1 (step 50)
        long step = InterpolationThreshold.configurationStep(List.of(steps, steps), List.of(curve, early), 0.2);
        assertEquals(200, step, "latest over pools: max(200, 50)");
        assertThrows(IllegalArgumentException.class, () -> InterpolationThreshold.firstIndexBelow(new double[0], 0.2));
    }

    @Test
    void mixtureWeightsRecoverAKnownConvexCombination() {
        Predictions a = randomDistributions(11, 6, 9, 5);
        Predictions b = randomDistributions(12, 6, 9, 5);
        Predictions c = randomDistributions(13, 6, 9, 5);
        double[] truth = {0.2, 0.5, 0.3};
        Predictions[] qs = {a, b, c};
        Predictions t = Distances.mixture(qs, truth);
        MixtureWeights.Fit fit = MixtureWeights.fit(TaskKind.CATEGORICAL, 5, t, qs);
        for (int q = 0; q < 3; q++) {
            assertEquals(truth[q], fit.weights()[q], 2e-3, "weight " + q + " status " + fit.status());
        }
        assertTrue(fit.distance() < 1e-6, "distance " + fit.distance());
    }

    @Test
    void mixtureWeightGradientMatchesCentralDifferences() {
        Predictions[] qs = {randomDistributions(21, 3, 4, 6), randomDistributions(22, 3, 4, 6),
                randomDistributions(23, 3, 4, 6)};
        Predictions t = randomDistributions(24, 3, 4, 6);
        for (TaskKind task : new TaskKind[] {TaskKind.CATEGORICAL, TaskKind.REGRESSION}) {
            double[] z = {0.3, -0.7};
            double[] g = new double[2];
            MixtureWeights.value(task, 4, t, qs, z, g);
            for (int i = 0; i < 2; i++) {
                double h = 1e-6;
                double[] zp = z.clone();
                double[] zm = z.clone();
                zp[i] += h;
                zm[i] -= h;
                double fd = (MixtureWeights.value(task, 4, t, qs, zp, new double[2])
                        - MixtureWeights.value(task, 4, t, qs, zm, new double[2])) / (2 * h);
                assertEquals(fd, g[i], 1e-6 * Math.max(1, Math.abs(fd)), task + " logit " + i);
            }
        }
    }
}
