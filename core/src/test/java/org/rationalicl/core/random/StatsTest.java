// Checks the reference functions used by the sampler tests against closed forms, so a broken reference
// cannot make a sampler test pass.
package org.rationalicl.core.random;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void logGammaMatchesKnownValues() {
        assertEquals(Math.log(Math.sqrt(Math.PI)), Stats.logGamma(0.5), 1e-12);
        assertEquals(0.0, Stats.logGamma(1.0), 1e-12);
        assertEquals(Math.log(24.0), Stats.logGamma(5.0), 1e-12);
        assertEquals(Math.log(362880.0), Stats.logGamma(10.0), 1e-11);
        assertEquals(Math.log(0.886226925452758), Stats.logGamma(1.5), 1e-12);
    }

    @Test
    void gammaPMatchesClosedForms() {
        for (double x : new double[] {0.01, 0.3, 1.0, 2.5, 7.0, 20.0}) {
            // P(1, x) = 1 − e^{−x}; P(3, x) = 1 − e^{−x}(1 + x + x²/2)
            assertEquals(1 - Math.exp(-x), Stats.gammaP(1.0, x), 1e-12, "P(1," + x + ")");
            assertEquals(1 - Math.exp(-x) * (1 + x + x * x / 2), Stats.gammaP(3.0, x), 1e-12, "P(3," + x + ")");
        }
        // Φ at tabulated points
        assertEquals(0.5, Stats.normalCdf(0.0), 1e-15);
        assertEquals(0.8413447460685429, Stats.normalCdf(1.0), 1e-12);
        assertEquals(0.9750021048517795, Stats.normalCdf(1.96), 1e-12);
        assertEquals(0.0013498980316301, Stats.normalCdf(-3.0), 1e-13);
    }

    @Test
    void ksCriticalMatchesTable() {
        // Large-n Kolmogorov quantiles: 1.358 at 5%, 1.949 at 0.1%.
        assertEquals(1.358, Stats.ksCritical(1_000_000, 0.05) * 1000.12, 2e-3);
        assertEquals(1.949, Stats.ksCritical(1_000_000, 0.001) * 1000.12, 2e-3);
    }
}
