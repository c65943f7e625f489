// Seeded test data for the predictor tests, sampled here with java.util.Random so that the tests do not depend
// on the code they check: Dirichlet(1) tasks (normalised Exp(1) = Gamma(1) draws), Gaussian regression tasks,
// classification pools and sequences built as SPEC §2 describes.
package org.rationalicl.analysis.predictors;

import java.util.Random;

final class TestData {
    private TestData() {}

    /** (D, V) rows ~ Dirichlet(1, …, 1). */
    static float[] dirichletPool(Random rng, int poolSize, int vocab) {
        float[] pool = new float[poolSize * vocab];
        for (int j = 0; j < poolSize; j++) {
            double[] g = new double[vocab];
            double sum = 0;
            for (int k = 0; k < vocab; k++) {
                g[k] = -Math.log(1 - rng.nextDouble()); // Gamma(1, 1)
                sum += g[k];
            }
            for (int k = 0; k < vocab; k++) pool[j * vocab + k] = (float) (g[k] / sum);
        }
        return pool;
    }

    /** One categorical draw from row j of a (·, V) table. */
    static int draw(Random rng, float[] pool, int j, int vocab) {
        double u = rng.nextDouble();
        double c = 0;
        for (int k = 0; k < vocab - 1; k++) {
            c += pool[j * vocab + k];
            if (u < c) return k;
        }
        return vocab - 1;
    }

    /** Tokens (S, C+1): start token V, then C draws from the task taskOf[s] of the pool. */
    static int[] categoricalSequences(Random rng, float[] pool, int vocab, int[] taskOf, int context) {
        int sequences = taskOf.length;
        int[] tokens = new int[sequences * (context + 1)];
        for (int s = 0; s < sequences; s++) {
            tokens[s * (context + 1)] = vocab;
            for (int t = 1; t <= context; t++) tokens[s * (context + 1) + t] = draw(rng, pool, taskOf[s], vocab);
        }
        return tokens;
    }

    static int[] uniformTasks(Random rng, int sequences, int poolSize) {
        int[] taskOf = new int[sequences];
        for (int s = 0; s < sequences; s++) taskOf[s] = rng.nextInt(poolSize);
        return taskOf;
    }

    static float[] gaussian(Random rng, int n, double sd) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (sd * rng.nextGaussian());
        return x;
    }

    /** Regression sequences from pool tasks taskOf[s]: xs (S, C, d) ~ N(0, I), ys = x·w + N(0, σ²). */
    static RegressionPredictors.Batch regressionSequences(Random rng, float[] pool, int dim, int[] taskOf, int context,
                                                         double noiseVariance) {
        int sequences = taskOf.length;
        float[] xs = gaussian(rng, sequences * context * dim, 1.0);
        float[] ys = new float[sequences * context];
        for (int s = 0; s < sequences; s++) {
            for (int t = 0; t < context; t++) {
                int i = s * context + t;
                double y = 0;
                for (int k = 0; k < dim; k++) y += (double) xs[i * dim + k] * pool[taskOf[s] * dim + k];
                ys[i] = (float) (y + Math.sqrt(noiseVariance) * rng.nextGaussian());
            }
        }
        return new RegressionPredictors.Batch(xs, ys);
    }

    /** (D, d+1): items ~ N(0, I/d), labels uniform in {0, 1}. */
    static float[] classificationPool(Random rng, int poolSize, int dim) {
        float[] pool = new float[poolSize * (dim + 1)];
        for (int j = 0; j < poolSize; j++) {
            for (int k = 0; k < dim; k++) pool[j * (dim + 1) + k] = (float) (rng.nextGaussian() / Math.sqrt(dim));
            pool[j * (dim + 1) + dim] = rng.nextInt(2);
        }
        return pool;
    }

    /**
     * Training sequences of SPEC §2.3: C−1 context pairs drawn with replacement from the pool, a target copying a
     * uniformly chosen context pair with its label hidden (−1), every item noised x ← (x + √v·ε)/√(1+v),
     * ε ~ N(0, I/d). Returns the pairs and the hidden labels.
     */
    static ClassificationPredictors.Batch classificationSequences(Random rng, float[] pool, int poolSize, int dim,
                                                                  int sequences, int context, double v) {
        int row = dim + 1;
        float[] pairs = new float[sequences * context * row];
        int[] labels = new int[sequences];
        int[] source = new int[context];
        for (int s = 0; s < sequences; s++) {
            for (int i = 0; i < context - 1; i++) source[i] = rng.nextInt(poolSize);
            source[context - 1] = source[rng.nextInt(context - 1)];
            for (int i = 0; i < context; i++) {
                int o = (s * context + i) * row;
                for (int k = 0; k < dim; k++) {
                    double eps = rng.nextGaussian() / Math.sqrt(dim);
                    pairs[o + k] = (float) ((pool[source[i] * row + k] + Math.sqrt(v) * eps) / Math.sqrt(1 + v));
                }
                float label = pool[source[i] * row + dim];
                pairs[o + dim] = i == context - 1 ? -1f : label;
            }
            labels[s] = (int) pool[source[context - 1] * row + dim];
        }
        return new ClassificationPredictors.Batch(pairs, labels);
    }

    /** Fails with the first few mismatches and the max difference when |a − b| > tol·(1 + |b|) anywhere. */
    static void assertClose(String what, double[] expected, double[] actual, double tol) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": lengths " + expected.length + " vs " + actual.length);
        }
        StringBuilder first = new StringBuilder();
        int bad = 0;
        double maxDiff = 0;
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(expected[i] - actual[i]);
            if (!(diff <= maxDiff)) maxDiff = diff;
            if (!(diff <= tol * (1 + Math.abs(expected[i])))) {
                if (bad++ < 5) first.append(String.format(" [%d] expected %.9g got %.9g;", i, expected[i], actual[i]));
            }
        }
        if (bad > 0) {
            throw new AssertionError(what + ": " + bad + " of " + expected.length + " values differ beyond " + tol
                    + " (max diff " + maxDiff + "):" + first);
        }
    }

    static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }
}
