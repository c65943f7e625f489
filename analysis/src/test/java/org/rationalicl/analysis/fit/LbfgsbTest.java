// L-BFGS-B on problems with known minima: Rosenbrock (unbounded, 2 and 10 dimensions) and a quadratic whose
// unconstrained minimum lies outside the box, so the solution sits on the bounds.
package org.rationalicl.analysis.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LbfgsbTest {

    private static double rosenbrock(double[] x, double[] g) {
        double f = 0;
        java.util.Arrays.fill(g, 0);
        for (int i = 0; i + 1 < x.length; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            f += 100 * a * a + b * b;
            g[i] += -400 * x[i] * a - 2 * b;
            g[i + 1] += 200 * a;
        }
        return f;
    }

    @Test
    void rosenbrockTwoDimensions() {
        Lbfgsb.Result r = Lbfgsb.minimize(LbfgsbTest::rosenbrock, new double[] {-1.2, 1.0},
                new Lbfgsb.Options(10, 1000, 0, 1e-9));
        assertTrue(r.status().converged(), "status " + r.status());
        assertEquals(1.0, r.x()[0], 1e-6, "x0 after " + r.iterations() + " iterations");
        assertEquals(1.0, r.x()[1], 1e-6, "x1");
        assertTrue(r.iterations() < 100, "iterations " + r.iterations());
    }

    @Test
    void rosenbrockTenDimensions() {
        double[] x0 = new double[10];
        for (int i = 0; i < x0.length; i++) {
            x0[i] = i % 2 == 0 ? -1.2 : 1.0;
        }
        Lbfgsb.Result r = Lbfgsb.minimize(LbfgsbTest::rosenbrock, x0, new Lbfgsb.Options(10, 2000, 0, 1e-9));
        assertTrue(r.status().converged(), "status " + r.status());
        for (int i = 0; i < x0.length; i++) {
            assertEquals(1.0, r.x()[i], 1e-5, "x" + i);
        }
    }

    @Test
    void boundedQuadraticStopsOnTheBox() {
        // f = Σ c_i (x_i − a_i)² with a = (3, −2, 0.5, 1); box [−1, 1]^4. Solution: clamp(a) = (1, −1, 0.5, 1).
        double[] a = {3, -2, 0.5, 1};
        double[] c = {1, 4, 2, 0.5};
        Lbfgsb.Objective f = (x, g) -> {
            double v = 0;
            for (int i = 0; i < x.length; i++) {
                double d = x[i] - a[i];
                v += c[i] * d * d;
                g[i] = 2 * c[i] * d;
            }
            return v;
        };
        double[] lower = {-1, -1, -1, -1};
        double[] upper = {1, 1, 1, 1};
        Lbfgsb.Result r = Lbfgsb.minimize(f, new double[] {0, 0, 0, 0}, lower, upper,
                new Lbfgsb.Options(10, 1000, 0, 1e-8));
        assertEquals(Lbfgsb.Status.CONVERGED_GRADIENT, r.status());
        double[] expected = {1, -1, 0.5, 1};
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], r.x()[i], 1e-8, "x" + i);
        }
        assertEquals(4 + 4, r.value(), 1e-12);
    }

    @Test
    void maxIterationsIsReported() {
        Lbfgsb.Result r = Lbfgsb.minimize(LbfgsbTest::rosenbrock, new double[] {-1.2, 1.0},
                new Lbfgsb.Options(10, 3, 0, 0));
        assertEquals(Lbfgsb.Status.MAX_ITERATIONS, r.status());
        assertEquals(3, r.iterations());
    }
}
