// L(Q) on fresh training sequences: the estimator's batching, per-sequence means and cumulative evidence, and the
// ordering L(M) ≤ L(G) < L(constant) of every family with a small pool.
package org.rationalicl.analysis.predictors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainingLossTest {

    static final int N = 2000; // fresh sequences per estimate: enough to order the predictors, fast in tests

    @Test
    void estimateIsTheMedianOfMeansOfAllSequencesAskedInOrderedBatches() {
        double[] perSequence = new double[1000];
        Random rng = new Random(61);
        for (int i = 0; i < perSequence.length; i++) perSequence[i] = rng.nextDouble();
        List<long[]> calls = new ArrayList<>();
        SequenceLossSource source = (first, count) -> {
            calls.add(new long[] {first, count});
            double[] out = new double[count];
            System.arraycopy(perSequence, (int) first, out, 0, count);
            return out;
        };
        double estimate = TrainingLoss.estimate(source, 1000, 64);
        assertEquals(MedianOfMeans.estimate(perSequence, 31), estimate, 0);
        assertEquals(16, calls.size());
        assertArrayEquals(new long[] {960, 40}, calls.get(15), "last, ragged batch");
    }

    @Test
    void evidenceIsMinusTheLossesSeenBeforeEachPosition() {
        double[] losses = {1, 2, 3, 0.5, 0.25, 0.125}; // (2, 3)
        assertArrayEquals(new double[] {0, -1, -3, 0, -0.5, -0.75},
                Evidence.cumulativeLogEvidence(losses, 2, 3), 0);
        assertArrayEquals(new double[] {2, 0.875 / 3}, Evidence.meanPerSequence(losses, 2, 3), 1e-15);
    }

    @Test
    void categoricalMemorizingBeatsGeneralizingBeatsConstant() {
        int vocab = 8, poolSize = 4, context = 64;
        float[] pool = TestData.dirichletPool(new Random(62), poolSize, vocab);
        CategoricalPredictors p = new CategoricalPredictors(pool, poolSize, vocab);
        SequenceBatches<int[]> source = (first, count) -> {
            Random rng = new Random(1000 + first);
            return TestData.categoricalSequences(rng, pool, vocab, TestData.uniformTasks(rng, count, poolSize), context);
        };
        assertOrdered("categorical", TrainingLoss.estimate(p.perSequenceLoss(Strategy.MEMORIZING, source, context), N),
                TrainingLoss.estimate(p.perSequenceLoss(Strategy.GENERALIZING, source, context), N),
                TrainingLoss.estimate(p.perSequenceLoss(Strategy.CONSTANT, source, context), N));
    }

    @Test
    void regressionMemorizingBeatsGeneralizingBeatsConstant() {
        int dim = 8, poolSize = 4, context = 16;
        double sigma2 = RegressionPredictors.defaultNoiseVariance(dim);
        float[] pool = TestData.gaussian(new Random(63), poolSize * dim, 1.0);
        RegressionPredictors p = new RegressionPredictors(pool, poolSize, dim, sigma2);
        SequenceBatches<RegressionPredictors.Batch> source = (first, count) -> {
            Random rng = new Random(2000 + first);
            return TestData.regressionSequences(rng, pool, dim, TestData.uniformTasks(rng, count, poolSize), context,
                    sigma2);
        };
        assertOrdered("regression", TrainingLoss.estimate(p.perSequenceLoss(Strategy.MEMORIZING, source, context), N),
                TrainingLoss.estimate(p.perSequenceLoss(Strategy.GENERALIZING, source, context), N),
                TrainingLoss.estimate(p.perSequenceLoss(Strategy.CONSTANT, source, context), N));
    }

    @Test
    void classificationMemorizingBeatsGeneralizingBeatsConstant() {
        int dim = 8, poolSize = 4, context = 16;
        double v = ClassificationPredictors.DEFAULT_WITHIN_CLASS_VARIANCE;
        float[] pool = TestData.classificationPool(new Random(64), poolSize, dim);
        ClassificationPredictors p = new ClassificationPredictors(pool, poolSize, dim, v);
        SequenceBatches<ClassificationPredictors.Batch> source = (first, count) ->
                TestData.classificationSequences(new Random(3000 + first), pool, poolSize, dim, count, context, v);
        assertOrdered("classification",
                TrainingLoss.estimate(p.perSequenceLoss(Strategy.MEMORIZING, source, context), N),
                TrainingLoss.estimate(p.perSequenceLoss(Strategy.GENERALIZING, source, context), N),
                TrainingLoss.estimate(p.perSequenceLoss(Strategy.CONSTANT, source, context), N));
    }

    static void assertOrdered(String family, double m, double g, double constant) {
        String values = family + ": L(M) = " + m + ", L(G) = " + g + ", L(constant) = " + constant;
        System.out.println(values);
        assertTrue(m <= g, values);
        assertTrue(g < constant, values);
    }
}
