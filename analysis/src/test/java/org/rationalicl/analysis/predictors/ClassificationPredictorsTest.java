// Classification predictors: in the noiseless limit G copies the matching context label and M the stored label;
// at the SPEC noise both agree with the likelihoods written out by hand; probabilities stay clamped.
package org.rationalicl.analysis.predictors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ClassificationPredictorsTest {

    @Test
    void inTheNoiselessLimitGCopiesTheContextLabelAndMTheStoredLabel() {
        Random rng = new Random(31);
        int dim = 8, poolSize = 64, context = 16, sequences = 50;
        double v = 1e-4;
        float[] pool = TestData.classificationPool(rng, poolSize, dim);
        ClassificationPredictors.Batch b = TestData.classificationSequences(rng, pool, poolSize, dim, sequences,
                context, v);
        ClassificationPredictors p = new ClassificationPredictors(pool, poolSize, dim, v);
        float[] m = p.memorizing(b.pairs(), sequences, context);
        float[] g = p.generalizing(b.pairs(), sequences, context);
        for (int s = 0; s < sequences; s++) {
            int y = b.labels()[s];
            assertEquals(1 - ClassificationPredictors.CLAMP, m[2 * s + y], 1e-6, "M, sequence " + s);
            assertEquals(ClassificationPredictors.CLAMP, m[2 * s + 1 - y], 1e-6, "M, sequence " + s);
            assertEquals(1 - ClassificationPredictors.CLAMP, g[2 * s + y], 1e-6, "G, sequence " + s);
            assertEquals(ClassificationPredictors.CLAMP, g[2 * s + 1 - y], 1e-6, "G, sequence " + s);
        }
    }

    @Test
    void gCopiesFromContextAndMFromMemoryOnTheInWeightsSet() {
        // The target's item is in the pool but not in the context: M still knows its label; G can only guess
        // from context items that are not it. Noiseless limit, one context item per label.
        int dim = 2;
        float[] pool = {1f, 0f, 1f, 0f, 1f, 0f, -1f, 0f, 1f};
        double v = 1e-4;
        ClassificationPredictors p = new ClassificationPredictors(pool, 3, dim, v);
        // context: item 1 (label 0), item 2 (label 1); target: item 0 (label 1), near item 1 and far from item 2.
        float[] pairs = {0f, 1f, 0f, -1f, 0f, 1f, 0.9f, 0.1f, -1f};
        float[] m = p.memorizing(pairs, 1, 3);
        float[] g = p.generalizing(pairs, 1, 3);
        assertEquals(1 - ClassificationPredictors.CLAMP, m[1], 1e-6, "M recalls the stored label 1");
        assertEquals(1 - ClassificationPredictors.CLAMP, g[0], 1e-6, "G copies the nearest context item's label 0");
    }

    @Test
    void atTheSpecNoiseBothMatchTheirLikelihoodsWrittenOut() {
        Random rng = new Random(32);
        int dim = 8, poolSize = 16, context = 12, sequences = 40;
        double v = 0.5;
        float[] pool = TestData.classificationPool(rng, poolSize, dim);
        ClassificationPredictors.Batch b = TestData.classificationSequences(rng, pool, poolSize, dim, sequences,
                context, v);
        ClassificationPredictors p = new ClassificationPredictors(pool, poolSize, dim, v);
        float[] m = p.memorizing(b.pairs(), sequences, context);
        float[] g = p.generalizing(b.pairs(), sequences, context);
        double[] expectedM = new double[2 * sequences];
        double[] expectedG = new double[2 * sequences];
        int row = dim + 1;
        for (int s = 0; s < sequences; s++) {
            int t = (s * context + context - 1) * row;
            double[] num = new double[2];
            double max = Double.NEGATIVE_INFINITY;
            double[] ll = new double[poolSize];
            for (int j = 0; j < poolSize; j++) {
                double sq = 0;
                for (int k = 0; k < dim; k++) {
                    double e = Math.sqrt(1 + v) * b.pairs()[t + k] - pool[j * row + k];
                    sq += e * e;
                }
                ll[j] = -dim / (2 * v) * sq;
                max = Math.max(max, ll[j]);
            }
            for (int j = 0; j < poolSize; j++) num[(int) pool[j * row + dim]] += Math.exp(ll[j] - max);
            double p1 = Math.min(1 - 1e-5, Math.max(1e-5, num[1] / (num[0] + num[1])));
            expectedM[2 * s] = 1 - p1;
            expectedM[2 * s + 1] = p1;

            num = new double[2];
            max = Double.NEGATIVE_INFINITY;
            ll = new double[context - 1];
            for (int i = 0; i < context - 1; i++) {
                double sq = 0;
                for (int k = 0; k < dim; k++) {
                    double e = b.pairs()[t + k] - b.pairs()[(s * context + i) * row + k] / (1 + v);
                    sq += e * e;
                }
                ll[i] = -dim * (1 + v) * (1 + v) / (2 * v * (2 + v)) * sq;
                max = Math.max(max, ll[i]);
            }
            for (int i = 0; i < context - 1; i++) {
                num[(int) b.pairs()[(s * context + i) * row + dim]] += Math.exp(ll[i] - max);
            }
            p1 = Math.min(1 - 1e-5, Math.max(1e-5, num[1] / (num[0] + num[1])));
            expectedG[2 * s] = 1 - p1;
            expectedG[2 * s + 1] = p1;
        }
        TestData.assertClose("M vs its likelihood written out", expectedM, TestData.toDouble(m), 1e-6);
        TestData.assertClose("G vs its likelihood written out", expectedG, TestData.toDouble(g), 1e-6);
        // Not every prediction is at the clamp, so the comparison above exercises the softmax, not just the clamp.
        int inside = 0;
        for (int i = 0; i < 2 * sequences; i++) if (g[i] > 1e-3 && g[i] < 1 - 1e-3) inside++;
        assertTrue(inside > 0, "no G prediction strictly inside (1e-3, 1 - 1e-3)");
    }

    @Test
    void constantIsUniformAndLossIsTheCrossEntropyAtTheTarget() {
        ClassificationPredictors p = new ClassificationPredictors(new float[] {0f, 1f}, 1, 1, 0.5);
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, p.constant(2));
        double[] loss = ClassificationPredictors.losses(new float[] {0.2f, 0.8f, 0.9f, 0.1f}, new int[] {1, 1}, 2);
        assertArrayEquals(new double[] {-Math.log(0.8f), -Math.log(0.1f)}, loss, 1e-12);
    }

    @Test
    void badInputIsRejectedWithTheArgumentNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ClassificationPredictors(new float[] {0f, 2f}, 1, 1, 0.5));
        assertTrue(e.getMessage().contains("labels must be 0 or 1"), e.getMessage());
        ClassificationPredictors p = new ClassificationPredictors(new float[] {0f, 1f}, 1, 1, 0.5);
        e = assertThrows(IllegalArgumentException.class, () -> p.memorizing(new float[] {0f, 1f, 0f, 1f}, 1, 2));
        assertTrue(e.getMessage().contains("target's label must be -1"), e.getMessage());
    }
}
