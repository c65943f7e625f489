// Balls & Urns predictors against closed forms and limits: G is the Dirichlet posterior mean, M with one task is
// θ, M concentrates on the generating task, M approaches G as the pool grows, long contexts do not underflow.
package org.rationalicl.analysis.predictors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

class CategoricalPredictorsTest {

    /** M computed the slow way, in double with a log-sum-exp at every position. (S, C, V). */
    static double[] referenceMemorizing(float[] pool, int poolSize, int vocab, int[] tokens, int sequences,
                                        int context) {
        double[] out = new double[sequences * context * vocab];
        double[] logW = new double[poolSize];
        for (int s = 0; s < sequences; s++) {
            Arrays.fill(logW, 0);
            for (int t = 0; t < context; t++) {
                if (t > 0) {
                    int x = tokens[s * (context + 1) + t];
                    for (int j = 0; j < poolSize; j++) logW[j] += Math.log(pool[j * vocab + x]);
                }
                double max = Double.NEGATIVE_INFINITY;
                for (double l : logW) max = Math.max(max, l);
                double z = 0;
                for (double l : logW) z += Math.exp(l - max);
                for (int j = 0; j < poolSize; j++) {
                    double p = Math.exp(logW[j] - max) / z;
                    for (int k = 0; k < vocab; k++) out[(s * context + t) * vocab + k] += p * pool[j * vocab + k];
                }
            }
        }
        return out;
    }

    @Test
    void generalizingIsTheDirichletPosteriorMean() {
        Random rng = new Random(11);
        int vocab = 5, context = 40, sequences = 7;
        float[] pool = TestData.dirichletPool(rng, 3, vocab);
        int[] tokens = TestData.categoricalSequences(rng, pool, vocab, TestData.uniformTasks(rng, sequences, 3), context);
        for (double[] alpha : new double[][] {{1, 1, 1, 1, 1}, {0.3, 2.5, 1, 0.7, 4}}) {
            float[] g = new CategoricalPredictors(pool, 3, vocab, alpha).generalizing(tokens, sequences, context);
            double[] expected = new double[sequences * context * vocab];
            double a0 = Arrays.stream(alpha).sum();
            for (int s = 0; s < sequences; s++) {
                for (int t = 0; t < context; t++) {
                    for (int k = 0; k < vocab; k++) {
                        int n = 0;
                        for (int i = 1; i <= t; i++) if (tokens[s * (context + 1) + i] == k) n++;
                        expected[(s * context + t) * vocab + k] = (alpha[k] + n) / (a0 + t);
                    }
                }
            }
            TestData.assertClose("G vs hand-computed Dirichlet posterior mean, alpha " + Arrays.toString(alpha),
                    expected, TestData.toDouble(g), 1e-6);
            // t = 0: the prior mean, which is also the constant baseline.
            float[] c = new CategoricalPredictors(pool, 3, vocab, alpha).constant(sequences, context);
            for (int k = 0; k < vocab; k++) {
                assertEquals(alpha[k] / a0, g[k], 1e-7, "G at t = 0, symbol " + k);
                assertEquals(alpha[k] / a0, c[(3 * context + 17) * vocab + k], 1e-7, "constant, symbol " + k);
            }
        }
    }

    @Test
    void memorizingWithOnePoolTaskPredictsThetaAtEveryPosition() {
        Random rng = new Random(12);
        int vocab = 8, context = 100, sequences = 5;
        float[] pool = TestData.dirichletPool(rng, 1, vocab);
        int[] tokens = TestData.categoricalSequences(rng, pool, vocab, new int[sequences], context);
        float[] m = new CategoricalPredictors(pool, 1, vocab).memorizing(tokens, sequences, context);
        double[] expected = new double[m.length];
        for (int i = 0; i < m.length; i++) expected[i] = pool[i % vocab];
        TestData.assertClose("M with D = 1 vs θ", expected, TestData.toDouble(m), 1e-6);
    }

    @Test
    void memorizingMatchesADoublePrecisionReference() {
        Random rng = new Random(13);
        int vocab = 5, poolSize = 37, context = 60, sequences = 9;
        float[] pool = TestData.dirichletPool(rng, poolSize, vocab);
        int[] tokens = TestData.categoricalSequences(rng, pool, vocab,
                TestData.uniformTasks(rng, sequences, poolSize), context);
        float[] m = new CategoricalPredictors(pool, poolSize, vocab).memorizing(tokens, sequences, context);
        double[] expected = referenceMemorizing(pool, poolSize, vocab, tokens, sequences, context);
        // The t = 0 prediction is the pool mean.
        for (int k = 0; k < vocab; k++) {
            double mean = 0;
            for (int j = 0; j < poolSize; j++) mean += pool[j * vocab + k];
            assertEquals(mean / poolSize, m[k], 1e-6, "M at t = 0 is the pool mean, symbol " + k);
        }
        TestData.assertClose("M (float, max-shifted) vs double reference", expected, TestData.toDouble(m), 1e-6);
    }

    @Test
    void memorizingPosteriorConcentratesOnTheGeneratingTask() {
        Random rng = new Random(14);
        int vocab = 8, poolSize = 16, context = 320, sequences = 20;
        float[] pool = TestData.dirichletPool(rng, poolSize, vocab);
        int[] taskOf = TestData.uniformTasks(rng, sequences, poolSize);
        int[] tokens = TestData.categoricalSequences(rng, pool, vocab, taskOf, context);
        CategoricalPredictors predictors = new CategoricalPredictors(pool, poolSize, vocab);
        int[] positions = {0, 5, 20, 80, 320};
        double[] meanMass = new double[positions.length];
        for (int s = 0; s < sequences; s++) {
            for (int p = 0; p < positions.length; p++) {
                double[] post = predictors.memorizingPosterior(tokens, sequences, context, s, positions[p]);
                assertEquals(1.0, Arrays.stream(post).sum(), 1e-12, "posterior sums to 1");
                meanMass[p] += post[taskOf[s]] / sequences;
            }
            double last = predictors.memorizingPosterior(tokens, sequences, context, s, context)[taskOf[s]];
            assertTrue(last > 0.99, "sequence " + s + ": posterior of the generating task after 320 draws = " + last);
        }
        assertEquals(1.0 / poolSize, meanMass[0], 1e-12, "uniform prior before any draw");
        for (int p = 1; p < positions.length; p++) {
            assertTrue(meanMass[p] > meanMass[p - 1], "mean posterior mass on the true task should grow with the "
                    + "context: " + Arrays.toString(meanMass));
        }
        // And the prediction at the last position is (nearly) the generating θ.
        float[] m = predictors.memorizing(tokens, sequences, context);
        double maxDiff = 0;
        for (int s = 0; s < sequences; s++) {
            for (int k = 0; k < vocab; k++) {
                maxDiff = Math.max(maxDiff, Math.abs(m[(s * context + context - 1) * vocab + k]
                        - pool[taskOf[s] * vocab + k]));
            }
        }
        assertTrue(maxDiff < 0.01, "M at t = C-1 vs the generating θ: max diff " + maxDiff);
    }

    @Test
    void memorizingApproachesGeneralizingAsThePoolGrowsOnOutOfDistributionSequences() {
        Random rng = new Random(15);
        int vocab = 8, context = 16, sequences = 200;
        float[] unseen = TestData.dirichletPool(rng, sequences, vocab); // one fresh task per sequence
        int[] taskOf = new int[sequences];
        for (int s = 0; s < sequences; s++) taskOf[s] = s;
        int[] tokens = TestData.categoricalSequences(rng, unseen, vocab, taskOf, context);
        int[] sizes = {4, 64, 1024, 16384};
        double[] distance = new double[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            CategoricalPredictors p = new CategoricalPredictors(TestData.dirichletPool(rng, sizes[i], vocab), sizes[i],
                    vocab);
            float[] m = p.memorizing(tokens, sequences, context);
            float[] g = p.generalizing(tokens, sequences, context);
            double sum = 0;
            for (int j = 0; j < m.length; j++) sum += Math.abs(m[j] - g[j]);
            distance[i] = sum / (sequences * context); // mean L1 distance between the two distributions
        }
        for (int i = 1; i < sizes.length; i++) {
            assertTrue(distance[i] < distance[i - 1], "mean L1(M, G) should shrink as D grows: D "
                    + Arrays.toString(sizes) + " -> " + Arrays.toString(distance));
        }
        assertTrue(distance[sizes.length - 1] < 0.03, "mean L1(M, G) at D = 16384: " + distance[sizes.length - 1]);
    }

    @Test
    void memorizingDoesNotUnderflowWithAPoolOf4096AndContext320() {
        Random rng = new Random(16);
        int vocab = 8, poolSize = 4096, context = 320, sequences = 4;
        float[] pool = TestData.dirichletPool(rng, poolSize, vocab);
        int[] tokens = TestData.categoricalSequences(rng, pool, vocab,
                TestData.uniformTasks(rng, sequences, poolSize), context);
        float[] m = new CategoricalPredictors(pool, poolSize, vocab).memorizing(tokens, sequences, context);
        for (int i = 0; i < sequences * context; i++) {
            double sum = 0;
            for (int k = 0; k < vocab; k++) {
                float p = m[i * vocab + k];
                assertTrue(Float.isFinite(p) && p >= 0, "prediction " + i + " symbol " + k + " = " + p);
                sum += p;
            }
            assertEquals(1.0, sum, 1e-5, "prediction " + i + " sums to 1");
        }
        TestData.assertClose("M at D = 4096, C = 320 vs double reference",
                referenceMemorizing(pool, poolSize, vocab, tokens, sequences, context), TestData.toDouble(m), 2e-6);
    }

    @Test
    void aTaskThatCannotProduceATokenIsRuledOutWithoutNaN() {
        int vocab = 3;
        float[] pool = {0.5f, 0.5f, 0f, 0.2f, 0.2f, 0.6f};
        int[] tokens = {3, 0, 2, 1};
        float[] m = new CategoricalPredictors(pool, 2, vocab).memorizing(tokens, 1, 3);
        // After x1 = 0: weights ∝ (0.5, 0.2). After x2 = 2: task 0 is impossible, only task 1 remains.
        double w0 = 0.5 / 0.7;
        assertEquals(w0 * 0.5 + (1 - w0) * 0.2, m[3], 1e-6);
        assertArrayEquals(new float[] {0.2f, 0.2f, 0.6f}, Arrays.copyOfRange(m, 6, 9), 1e-6f);
    }

    @Test
    void lossesAreMinusTheLogOfTheNextTokensProbability() {
        int vocab = 2;
        float[] pred = {0.25f, 0.75f, 0.9f, 0.1f}; // (1, 2, 2)
        int[] tokens = {2, 1, 1};
        double[] loss = CategoricalPredictors.losses(pred, tokens, 1, 2, vocab);
        assertArrayEquals(new double[] {-Math.log(0.75f), -Math.log(0.1f)}, loss, 1e-12);
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() throws Exception {
        Random rng = new Random(17);
        int vocab = 8, poolSize = 300, context = 40, sequences = 23;
        float[] pool = TestData.dirichletPool(rng, poolSize, vocab);
        int[] tokens = TestData.categoricalSequences(rng, pool, vocab,
                TestData.uniformTasks(rng, sequences, poolSize), context);
        CategoricalPredictors p = new CategoricalPredictors(pool, poolSize, vocab);
        float[] reference = null;
        for (int threads : new int[] {1, 2, 3}) {
            ForkJoinPool fj = new ForkJoinPool(threads);
            try {
                float[] m = fj.submit(() -> p.memorizing(tokens, sequences, context)).get();
                if (reference == null) reference = m;
                else assertArrayEquals(reference, m, "M with " + threads + " threads vs 1 thread");
            } finally {
                fj.shutdown();
            }
        }
    }

    @Test
    void badInputIsRejectedWithTheArgumentNamed() {
        float[] pool = {0.5f, 0.5f};
        CategoricalPredictors p = new CategoricalPredictors(pool, 1, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.memorizing(new int[] {0, 1, 1}, 1, 2));
        assertTrue(e.getMessage().contains("start token"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.memorizing(new int[] {2, 1, 5}, 1, 2));
        assertTrue(e.getMessage().contains("tokens[0, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CategoricalPredictors(new float[] {0.5f, 0.6f}, 1, 2));
        assertTrue(e.getMessage().contains("pool row 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CategoricalPredictors(pool, 2, 2));
        assertTrue(e.getMessage().contains("pool"), e.getMessage());
    }
}
