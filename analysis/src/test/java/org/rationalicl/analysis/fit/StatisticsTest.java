// Summary statistics against values computed by hand.
package org.rationalicl.analysis.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatisticsTest {

    @Test
    void pearsonByHand() {
        // x = (1,2,3,4), y = (2,4,5,9): means 2.5, 5; Sxy = 1.5·3 + 0.5·1 + 0.5·0 + 1.5·4 = 11,
        // Sxx = 5, Syy = 9 + 1 + 0 + 16 = 26 → r = 11 / √130.
        assertEquals(11 / Math.sqrt(130), Statistics.pearson(new double[] {1, 2, 3, 4}, new double[] {2, 4, 5, 9}),
                1e-15);
        assertTrue(Double.isNaN(Statistics.pearson(new double[] {1, 1, 1}, new double[] {1, 2, 3})));
    }

    @Test
    void averageRanksWithTies() {
        assertArrayEquals(new double[] {2.5, 1, 2.5, 4}, Statistics.averageRanks(new double[] {0.3, 0.1, 0.3, 0.9}),
                0);
        assertArrayEquals(new double[] {2, 2, 2}, Statistics.averageRanks(new double[] {5, 5, 5}), 0);
    }

    @Test
    void spearmanWithTiesByHand() {
        // x ranks (1, 2.5, 2.5, 4), y ranks (1, 2, 3, 4); centred: (−1.5, 0, 0, 1.5) and (−1.5, −.5, .5, 1.5):
        // cov = 2.25 + 2.25 = 4.5, var_x = 4.5, var_y = 5 → ρ = 4.5 / √22.5.
        double rho = Statistics.spearman(new double[] {1, 2, 2, 3}, new double[] {10, 20, 30, 40});
        assertEquals(4.5 / Math.sqrt(22.5), rho, 1e-15);
        assertEquals(-1, Statistics.spearman(new double[] {1, 2, 3}, new double[] {9, 4, 1}), 1e-15);
    }

    @Test
    void floatRanksMatchDoubleRanks() {
        float[] x = {0.2f, 0.7f, 0.2f, 0.1f, 0.7f, 0.7f};
        double[] ranks = new double[6];
        Statistics.averageRanks(x, 0, 6, ranks, new int[6]);
        assertArrayEquals(new double[] {2.5, 5, 2.5, 1, 5, 5}, ranks, 0);
    }

    @Test
    void rSquaredByHand() {
        // y = (1, 2, 3), ŷ = (1, 2, 4): SSE = 1, SST = 2 → R² = 0.5.
        assertEquals(0.5, Statistics.rSquared(new double[] {1, 2, 3}, new double[] {1, 2, 4}), 1e-15);
    }

    @Test
    void totalVariationByHand() {
        assertEquals(0.3, Statistics.totalVariation(new double[] {0.5, 0.3, 0.2}, new double[] {0.2, 0.4, 0.4}),
                1e-15);
    }

    @Test
    void signRanksAreTwiceTheCentredAverageRanks() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(8);
        for (int n : new int[] {1, 2, 3, 7, 8, 12, 16}) {
            float[] x = new float[n + 3];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) Math.floor(r.nextDouble() * 4) / 4; // many ties
            }
            int[] signs = new int[n];
            Statistics.signRanks(x, 3, n, signs);
            double[] copy = new double[n];
            for (int i = 0; i < n; i++) {
                copy[i] = x[3 + i];
            }
            double[] ranks = Statistics.averageRanks(copy);
            for (int i = 0; i < n; i++) {
                assertEquals(2 * (ranks[i] - 0.5 * (n + 1)), signs[i], 1e-12, "n=" + n + " i=" + i);
            }
        }
    }
}
