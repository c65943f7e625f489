// Linear-regression predictors against closed forms and limits: G is the ridge solution (solved here by Gaussian
// elimination), M with one task is x·w, M agrees with a double reference and concentrates on the true vector.
package org.rationalicl.analysis.predictors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

class RegressionPredictorsTest {

    /** Solves a·x = b (n×n, row-major) by Gaussian elimination with partial pivoting, in double. */
    static double[] solve(double[] a, double[] b, int n) {
        a = a.clone();
        b = b.clone();
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) if (Math.abs(a[r * n + col]) > Math.abs(a[pivot * n + col])) pivot = r;
            for (int c = 0; c < n; c++) {
                double tmp = a[col * n + c];
                a[col * n + c] = a[pivot * n + c];
                a[pivot * n + c] = tmp;
            }
            double tb = b[col];
            b[col] = b[pivot];
            b[pivot] = tb;
            for (int r = col + 1; r < n; r++) {
                double f = a[r * n + col] / a[col * n + col];
                for (int c = col; c < n; c++) a[r * n + c] -= f * a[col * n + c];
                b[r] -= f * b[col];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int c = r + 1; c < n; c++) s -= a[r * n + c] * x[c];
            x[r] = s / a[r * n + r];
        }
        return x;
    }

    @Test
    void generalizingIsTheRidgeSolutionAtEveryPosition() {
        Random rng = new Random(21);
        int dim = 8, context = 40, sequences = 6;
        double sigma2 = RegressionPredictors.defaultNoiseVariance(dim);
        float[] pool = TestData.gaussian(rng, 3 * dim, 1.0);
        RegressionPredictors.Batch b = TestData.regressionSequences(rng, pool, dim,
                TestData.uniformTasks(rng, sequences, 3), context, sigma2);
        float[] g = new RegressionPredictors(pool, 3, dim, sigma2).generalizing(b.xs(), b.ys(), sequences, context);
        double[] expected = new double[sequences * context];
        for (int s = 0; s < sequences; s++) {
            for (int t = 0; t < context; t++) {
                double[] a = new double[dim * dim];
                double[] xty = new double[dim];
                for (int k = 0; k < dim; k++) a[k * dim + k] = sigma2;
                for (int i = 0; i < t; i++) {
                    int o = (s * context + i) * dim;
                    for (int r = 0; r < dim; r++) {
                        for (int c = 0; c < dim; c++) a[r * dim + c] += (double) b.xs()[o + r] * b.xs()[o + c];
                        xty[r] += (double) b.xs()[o + r] * b.ys()[s * context + i];
                    }
                }
                double[] w = solve(a, xty, dim);
                double y = 0;
                for (int k = 0; k < dim; k++) y += w[k] * b.xs()[(s * context + t) * dim + k];
                expected[s * context + t] = y;
            }
        }
        for (int s = 0; s < sequences; s++) assertEquals(0f, g[s * context], "G at t = 0 predicts 0");
        TestData.assertClose("G vs (XᵀX + σ²I)⁻¹Xᵀy by Gaussian elimination", expected, TestData.toDouble(g), 1e-5);
    }

    @Test
    void memorizingWithOnePoolTaskIsTheLinearPrediction() {
        Random rng = new Random(22);
        int dim = 8, context = 16, sequences = 5;
        float[] pool = TestData.gaussian(rng, dim, 1.0);
        RegressionPredictors.Batch b = TestData.regressionSequences(rng, pool, dim, new int[sequences], context, 0.03);
        float[] m = new RegressionPredictors(pool, 1, dim, 0.03).memorizing(b.xs(), b.ys(), sequences, context);
        double[] expected = new double[sequences * context];
        for (int i = 0; i < expected.length; i++) {
            for (int k = 0; k < dim; k++) expected[i] += (double) b.xs()[i * dim + k] * pool[k];
        }
        TestData.assertClose("M with D = 1 vs x·w", expected, TestData.toDouble(m), 1e-5);
    }

    @Test
    void memorizingMatchesADoublePrecisionReference() {
        Random rng = new Random(23);
        int dim = 5, poolSize = 37, context = 20, sequences = 8;
        double sigma2 = RegressionPredictors.defaultNoiseVariance(dim);
        float[] pool = TestData.gaussian(rng, poolSize * dim, 1.0);
        RegressionPredictors.Batch b = TestData.regressionSequences(rng, pool, dim,
                TestData.uniformTasks(rng, sequences, poolSize), context, sigma2);
        float[] m = new RegressionPredictors(pool, poolSize, dim, sigma2).memorizing(b.xs(), b.ys(), sequences, context);
        double[] expected = new double[sequences * context];
        for (int s = 0; s < sequences; s++) {
            double[] logW = new double[poolSize];
            for (int t = 0; t < context; t++) {
                int i = s * context + t;
                double[] pred = new double[poolSize];
                for (int j = 0; j < poolSize; j++) {
                    for (int k = 0; k < dim; k++) pred[j] += (double) b.xs()[i * dim + k] * pool[j * dim + k];
                }
                double max = Arrays.stream(logW).max().orElseThrow();
                double z = 0;
                double y = 0;
                for (int j = 0; j < poolSize; j++) {
                    double w = Math.exp(logW[j] - max);
                    z += w;
                    y += w * pred[j];
                }
                expected[i] = y / z;
                for (int j = 0; j < poolSize; j++) {
                    double e = b.ys()[i] - pred[j];
                    logW[j] -= e * e / (2 * sigma2);
                }
            }
        }
        // t = 0: the plain pool average.
        double avg = 0;
        for (int j = 0; j < poolSize; j++) {
            for (int k = 0; k < dim; k++) avg += (double) b.xs()[k] * pool[j * dim + k] / poolSize;
        }
        assertEquals(avg, m[0], 1e-5, "M at t = 0 is the pool average");
        TestData.assertClose("M (float, max-shifted) vs double reference", expected, TestData.toDouble(m), 1e-5);
    }

    @Test
    void memorizingPosteriorConcentratesOnTheTruePoolVector() {
        Random rng = new Random(24);
        int dim = 8, poolSize = 64, context = 32, sequences = 20;
        double sigma2 = RegressionPredictors.defaultNoiseVariance(dim);
        float[] pool = TestData.gaussian(rng, poolSize * dim, 1.0);
        int[] taskOf = TestData.uniformTasks(rng, sequences, poolSize);
        RegressionPredictors.Batch b = TestData.regressionSequences(rng, pool, dim, taskOf, context, sigma2);
        RegressionPredictors p = new RegressionPredictors(pool, poolSize, dim, sigma2);
        int[] positions = {0, 1, 2, 4, 8};
        double[] meanMass = new double[positions.length];
        for (int s = 0; s < sequences; s++) {
            for (int q = 0; q < positions.length; q++) {
                double[] post = p.memorizingPosterior(b.xs(), b.ys(), sequences, context, s, positions[q]);
                assertEquals(1.0, Arrays.stream(post).sum(), 1e-12, "posterior sums to 1");
                meanMass[q] += post[taskOf[s]] / sequences;
            }
            double last = p.memorizingPosterior(b.xs(), b.ys(), sequences, context, s, context)[taskOf[s]];
            assertTrue(last > 0.999, "sequence " + s + ": posterior of the true vector after " + context + " pairs = "
                    + last);
        }
        assertEquals(1.0 / poolSize, meanMass[0], 1e-12, "uniform prior before any pair");
        for (int q = 1; q < positions.length; q++) {
            assertTrue(meanMass[q] > meanMass[q - 1], "mean posterior mass on the true vector should grow: "
                    + Arrays.toString(meanMass));
        }
        // Late predictions are the true vector's x·w.
        float[] m = p.memorizing(b.xs(), b.ys(), sequences, context);
        for (int s = 0; s < sequences; s++) {
            int i = s * context + context - 1;
            double y = 0;
            for (int k = 0; k < dim; k++) y += (double) b.xs()[i * dim + k] * pool[taskOf[s] * dim + k];
            assertEquals(y, m[i], 1e-4 * (1 + Math.abs(y)), "sequence " + s + ": M at the last position");
        }
    }

    @Test
    void constantPredictsZeroAndLossesAreScaledSquaredErrors() {
        RegressionPredictors p = new RegressionPredictors(new float[] {1f, 2f}, 1, 2, 0.25);
        assertArrayEquals(new float[6], p.constant(3, 2));
        double[] loss = p.losses(new float[] {1f, -0.5f}, new float[] {2f, 0.5f}, 1, 2);
        assertArrayEquals(new double[] {1.0 / 0.5, 1.0 / 0.5}, loss, 1e-12);
        assertArrayEquals(new double[] {0.0, -2.0}, Evidence.cumulativeLogEvidence(loss, 1, 2), 1e-12);
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() throws Exception {
        Random rng = new Random(25);
        int dim = 8, poolSize = 301, context = 16, sequences = 19;
        float[] pool = TestData.gaussian(rng, poolSize * dim, 1.0);
        RegressionPredictors.Batch b = TestData.regressionSequences(rng, pool, dim,
                TestData.uniformTasks(rng, sequences, poolSize), context, 0.03);
        RegressionPredictors p = new RegressionPredictors(pool, poolSize, dim, 0.03);
        float[][] reference = null;
        for (int threads : new int[] {1, 2, 3}) {
            ForkJoinPool fj = new ForkJoinPool(threads);
            try {
                float[][] r = fj.submit(() -> new float[][] {p.memorizing(b.xs(), b.ys(), sequences, context),
                        p.generalizing(b.xs(), b.ys(), sequences, context)}).get();
                if (reference == null) {
                    reference = r;
                } else {
                    assertArrayEquals(reference[0], r[0], "M with " + threads + " threads vs 1");
                    assertArrayEquals(reference[1], r[1], "G with " + threads + " threads vs 1");
                }
            } finally {
                fj.shutdown();
            }
        }
    }

    @Test
    void badInputIsRejectedWithTheArgumentNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RegressionPredictors(new float[4], 2, 2, 0));
        assertTrue(e.getMessage().contains("noiseVariance"), e.getMessage());
        RegressionPredictors p = new RegressionPredictors(new float[4], 2, 2, 0.1);
        e = assertThrows(IllegalArgumentException.class, () -> p.memorizing(new float[5], new float[2], 1, 2));
        assertTrue(e.getMessage().contains("xs"), e.getMessage());
    }
}
