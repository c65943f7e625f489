// Derived predictions: transition step formula against the log-odds root, crossing read-off in log N, the
// power law and its t-interval against hand-computed values, diversity threshold.
package org.rationalicl.analysis.derived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rationalicl.analysis.fit.ConfigurationResult;
import org.rationalicl.analysis.model.HierarchicalModel;
import org.rationalicl.analysis.model.ModelVariant;

class TransitionAnalysisTest {

    @Test
    void transitionStepIsWhereTheLogOddsCrossZero() {
        HierarchicalModel model = new HierarchicalModel(ModelVariant.FULL, 0.6, 0.2, 0.85);
        double lossM = 1.9;
        double lossG = 2.0;
        double bitsM = 8692;
        double bitsG = 500;
        double n = model.transitionStep(lossM, bitsM, lossG, bitsG);
        // Closed form: [ln2 (K_M^β − K_G^β) / (γ (L_G − L_M))]^(1/(1−α)).
        double expected = Math.pow(Math.log(2) * (Math.pow(bitsM, 0.2) - Math.pow(bitsG, 0.2)) / (0.85 * 0.1), 2.5);
        assertEquals(expected, n, 1e-9 * expected);
        assertEquals(0, model.logOdds(n, lossM, bitsM, lossG, bitsG), 1e-9);
        assertTrue(model.logOdds(0.5 * n, lossM, bitsM, lossG, bitsG) < 0);
        assertTrue(model.logOdds(2 * n, lossM, bitsM, lossG, bitsG) > 0);
        assertEquals(Double.POSITIVE_INFINITY, model.transitionStep(2.1, bitsM, lossG, bitsG));
    }

    @Test
    void crossingIsInterpolatedInLogSteps() {
        // Between 100 (w 0.25) and 10000 (w 0.75): halfway in log N → 1000.
        assertEquals(1000, TransitionAnalysis.crossingStep(new long[] {10, 100, 10000}, new double[] {0, 0.25, 0.75}),
                1e-9);
        assertTrue(Double.isNaN(TransitionAnalysis.crossingStep(new long[] {10, 100}, new double[] {0.1, 0.2})));
        // never G-side: no transition to read off (not the first checkpoint's step)
        assertTrue(Double.isNaN(TransitionAnalysis.crossingStep(new long[] {10, 100}, new double[] {0.6, 0.9})));
        assertTrue(TransitionAnalysis.startsMemorizing(new double[] {0.5, 0.1}));
        assertTrue(!TransitionAnalysis.startsMemorizing(new double[] {0.49, 0.9}));
    }

    @Test
    void powerLawByHand() {
        // Exact y = 3 x^1.5: exponent 1.5, prefactor 3, R² 1, zero-width interval.
        double[] x = {2, 4, 8, 16};
        double[] y = new double[4];
        for (int i = 0; i < 4; i++) {
            y[i] = 3 * Math.pow(x[i], 1.5);
        }
        PowerLaw exact = PowerLaw.fit(x, y);
        assertEquals(1.5, exact.exponent(), 1e-12);
        assertEquals(3, exact.prefactor(), 1e-10);
        assertEquals(1.5, exact.exponentLow(), 1e-6);
        // Noisy: log y = (0, 1.1, 1.9, 3.0) at log x = (0, 1, 2, 3): b = Sxy/Sxx = (1.5·0 … ) computed by hand:
        // mean lx 1.5, mean ly 1.5; Sxy = (−1.5)(−1.5) + (−.5)(−.4) + (.5)(.4) + (1.5)(1.5) = 4.9, Sxx = 5 → b = 0.98;
        // residuals: 0 − (0.03 + 0) = −0.03, 1.1 − 1.01 = 0.09, 1.9 − 1.99 = −0.09, 3 − 2.97 = 0.03 → SSE = 0.018;
        // se = √(0.018 / 2 / 5) = √0.0018; t(0.975, 2) = 4.302653.
        double[] lx = {1, Math.E, Math.exp(2), Math.exp(3)};
        double[] ly = {1, Math.exp(1.1), Math.exp(1.9), Math.exp(3)};
        PowerLaw noisy = PowerLaw.fit(lx, ly);
        assertEquals(0.98, noisy.exponent(), 1e-12);
        double half = 4.302653 * Math.sqrt(0.0018);
        assertEquals(0.98 - half, noisy.exponentLow(), 1e-6);
        assertEquals(0.98 + half, noisy.exponentHigh(), 1e-6);
        // Infinite transition steps (never memorizes) are left out.
        PowerLaw partial = TransitionAnalysis.transitionPowerLaw(new int[] {2, 4, 8, 16, 32},
                new double[] {y[0], y[1], y[2], y[3], Double.POSITIVE_INFINITY});
        assertEquals(4, partial.points());
    }

    @Test
    void diversityThresholdIsTheLargestMemorizedPool() {
        HierarchicalModel model = new HierarchicalModel(ModelVariant.FULL, 0.6, 0.2, 0.85);
        List<ConfigurationResult.PoolSummary> pools = List.of(
                new ConfigurationResult.PoolSummary(4, List.of("M", "G"), new double[] {1.85, 2.0},
                        new double[] {1524, 500}),
                new ConfigurationResult.PoolSummary(64, List.of("M", "G"), new double[] {1.9625, 2.0},
                        new double[] {16884, 500}));
        double[] nStar = TransitionAnalysis.modelTransitionSteps(model, pools);
        assertTrue(nStar[0] < nStar[1], "transition grows with D: " + nStar[0] + ", " + nStar[1]);
        double[] steps = {0.5 * nStar[0], 2 * nStar[0], 2 * nStar[1]};
        int[] dStar = TransitionAnalysis.modelDiversityThreshold(model, pools, steps);
        assertEquals(0, dStar[0]);
        assertEquals(4, dStar[1]);
        assertEquals(64, dStar[2]);
    }
}
