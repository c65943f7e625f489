// The model's log posterior gradient against central differences in (log α, log β, log γ), for the full
// model and the linear-complexity variant; fixed parameters of ablations stay fixed.
package org.rationalicl.analysis.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HierarchicalModelTest {

    private static double u(ModelVariant v, double[] logs, double step, double loss, double bits) {
        return new HierarchicalModel(v, Math.exp(logs[0]), Math.exp(logs[1]), Math.exp(logs[2]))
                .logPosterior(step, loss, bits);
    }

    @Test
    void logPosteriorGradientMatchesCentralDifferences() {
        for (ModelVariant v : new ModelVariant[] {ModelVariant.FULL, ModelVariant.LINEAR_COMPLEXITY}) {
            double[] logs = {Math.log(0.6), Math.log(0.2), Math.log(0.85)};
            double[] g = new double[3];
            new HierarchicalModel(v, 0.6, 0.2, 0.85).logPosteriorGradient(5000, 1.93, 4096, g);
            for (int i = 0; i < 3; i++) {
                double h = 1e-6;
                double[] p = logs.clone();
                double[] m = logs.clone();
                p[i] += h;
                m[i] -= h;
                double fd = (u(v, p, 5000, 1.93, 4096) - u(v, m, 5000, 1.93, 4096)) / (2 * h);
                assertEquals(fd, g[i], 1e-6 * Math.max(1, Math.abs(fd)), v.name() + " parameter " + i);
            }
        }
    }

    @Test
    void ablationsHoldTheirFixedValues() {
        HierarchicalModel m = new HierarchicalModel(ModelVariant.ALPHA_ZERO, 0.6, 0.2, 0.85);
        assertEquals(0.0, m.alpha());
        assertEquals(-0.85 * 100 * 2 - Math.log(2) * Math.pow(1000, 0.2), m.logPosterior(100, 2, 1000), 1e-9);
        assertEquals(1.0, new HierarchicalModel(ModelVariant.BETA_ONE, 0.6, 0.2, 0.85).beta());
        assertEquals(1.0, new HierarchicalModel(ModelVariant.GAMMA_ONE, 0.6, 0.2, 0.85).gamma());
        HierarchicalModel linear = new HierarchicalModel(ModelVariant.LINEAR_COMPLEXITY, 0.6, 0.2, 0.85);
        assertEquals(Math.log(2) * 0.2 * 1000, linear.complexityPenalty(1000), 1e-9);
        double[] w = m.weights(100, new double[] {2, 2.1}, new double[] {1000, 1000});
        assertEquals(1 / (1 + Math.exp(-0.85 * 100 * 0.1)), w[0], 1e-12);
    }
}
