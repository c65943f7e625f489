// Zipf sampler: probabilities follow (k+1)^-s, draws match them (chi-square at level 0.001, fixed seeds),
// exclusion gives the exact conditional distribution, and ranges are validated.
package org.rationalicl.core.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ZipfTest {
    @Test
    void probabilitiesFollowThePowerLaw() {
        Zipf z = new Zipf(5, 1.5);
        double norm = 0;
        for (int k = 1; k <= 5; k++) norm += Math.pow(k, -1.5);
        for (int k = 0; k < 5; k++) assertEquals(Math.pow(k + 1, -1.5) / norm, z.probability(k), 1e-14);
        Zipf u = new Zipf(4, 0.0);
        for (int k = 0; k < 4; k++) assertEquals(0.25, u.probability(k), 0.0);
    }

    @Test
    void drawsMatchProbabilities() {
        for (double s : new double[] {0.0, 0.7, 2.0}) {
            int n = 20;
            Zipf z = new Zipf(n, s);
            CounterRandom r = new CounterRandom(11, 0, 0, (long) (s * 10));
            long[] counts = new long[n];
            for (int i = 0; i < 50_000; i++) counts[z.sample(r)]++;
            double[] p = new double[n];
            for (int k = 0; k < n; k++) p[k] = z.probability(k);
            double pValue = Stats.chiSquarePValue(Stats.chiSquare(counts, p), n - 1);
            assertTrue(pValue > 1e-3, "Zipf s=" + s + ": chi-square p = " + pValue);
        }
    }

    @Test
    void exclusionGivesTheConditionalDistribution() {
        for (double s : new double[] {0.0, 1.2}) {
            for (int excluded : new int[] {0, 3, 9}) {
                int n = 10;
                Zipf z = new Zipf(n, s);
                CounterRandom r = new CounterRandom(12, 0, excluded, (long) (s * 10));
                long[] counts = new long[n];
                for (int i = 0; i < 30_000; i++) counts[z.sampleExcluding(r, excluded)]++;
                assertEquals(0, counts[excluded], "excluded outcome drawn");
                long[] rest = new long[n - 1];
                double[] p = new double[n - 1];
                double keep = 1 - z.probability(excluded);
                for (int k = 0, j = 0; k < n; k++) {
                    if (k == excluded) continue;
                    rest[j] = counts[k];
                    p[j++] = z.probability(k) / keep;
                }
                double pValue = Stats.chiSquarePValue(Stats.chiSquare(rest, p), n - 2);
                assertTrue(pValue > 1e-3, "s=" + s + " excluded=" + excluded + ": p = " + pValue);
            }
        }
    }

    @Test
    void rangesAreValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Zipf(0, 1));
        assertTrue(e.getMessage().startsWith("n = 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Zipf(3, -0.5));
        assertTrue(e.getMessage().contains("exponent"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Zipf(3, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Zipf(1, 0).sampleExcluding(new CounterRandom(0, 0, 0, 0), 0));
    }
}
