// Sampler tests: moments against closed forms and KS / chi-square goodness of fit with fixed seeds, plus
// determinism (pure function of the key) and independence of streams.
// Tolerances: moments within 5 standard errors; KS and chi-square at level 0.001 (fixed seeds, so each test
// either always passes or always fails).
package org.rationalicl.core.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class CounterRandomTest {
    private static final int N = 20_000;
    private static final double KS_ALPHA = 1e-3;

    private static void assertKs(String what, double[] sample, DoubleUnaryOperator cdf) {
        double d = Stats.ksStatistic(sample, cdf);
        double crit = Stats.ksCritical(sample.length, KS_ALPHA);
        assertTrue(d < crit, what + ": KS D = " + d + " >= critical " + crit + " (n = " + sample.length + ")");
    }

    private static void assertMoment(String what, double expected, double observed, double standardError) {
        assertTrue(Math.abs(observed - expected) < 5 * standardError,
                what + ": observed " + observed + ", expected " + expected + " ± 5·" + standardError);
    }

    @Test
    void sameKeyGivesSameNumbersAndResetEqualsNew() {
        CounterRandom a = new CounterRandom(42, 3, 17, 5);
        long[] first = new long[64];
        for (int i = 0; i < first.length; i++) first[i] = a.nextLong();
        CounterRandom b = new CounterRandom(0, 0, 0, 0).reset(42, 3, 17, 5);
        long[] second = new long[64];
        for (int i = 0; i < second.length; i++) second[i] = b.nextLong();
        assertArrayEquals(first, second);
        a.reset(42, 3, 17, 5);
        CounterRandom c = new CounterRandom(42, 3, 17, 5);
        for (int i = 0; i < 10; i++) assertEquals(c.nextGaussian(), a.nextGaussian());
    }

    @Test
    void everyKeyComponentMatters() {
        Set<Long> firsts = new HashSet<>();
        long[][] tuples = {{1, 1, 1, 1}, {2, 1, 1, 1}, {1, 2, 1, 1}, {1, 1, 2, 1}, {1, 1, 1, 2}, {1, 1, 2, 2},
            {0, 0, 0, 0}, {-1, 0, 0, 0}, {0, 0, 0, -1}, {1, 2, 1, 2}, {2, 1, 2, 1}};
        for (long[] t : tuples) {
            firsts.add(new CounterRandom(t[0], (int) t[1], t[2], t[3]).nextLong());
        }
        assertEquals(tuples.length, firsts.size(), "distinct tuples must give distinct first outputs");
        // Swapping step and index must change the key (each position has its own constant).
        assertNotEquals(CounterRandom.key(5, 1, 3, 9), CounterRandom.key(5, 1, 9, 3));
        // Keys of neighbouring indices differ in about half their bits (avalanche).
        double bits = 0;
        for (int i = 0; i < 1000; i++) bits += Long.bitCount(CounterRandom.key(7, 10, 0, i) ^ CounterRandom.key(7, 10, 0, i + 1));
        assertEquals(32.0, bits / 1000, 1.0);
    }

    @Test
    void generationOrderDoesNotMatter() {
        // Values of sequence i are the same whether indices are visited forwards, backwards or interleaved.
        int count = 50;
        double[] forward = new double[count];
        CounterRandom r = new CounterRandom(0, 0, 0, 0);
        for (int i = 0; i < count; i++) forward[i] = r.reset(9, Streams.TRAINING, 4, i).nextGaussian();
        double[] backward = new double[count];
        for (int i = count - 1; i >= 0; i--) backward[i] = new CounterRandom(9, Streams.TRAINING, 4, i).nextGaussian();
        assertArrayEquals(forward, backward);
    }

    @Test
    void neighbouringStreamsAreUncorrelated() {
        // Correlation of the k-th uniform across indices i and i+1 and across streams: |r| < 5/√n.
        double[] a = new double[N], b = new double[N], c = new double[N];
        for (int i = 0; i < N; i++) {
            a[i] = new CounterRandom(1, 10, 0, i).nextDouble();
            b[i] = new CounterRandom(1, 10, 0, i + 1).nextDouble();
            c[i] = new CounterRandom(1, 11, 0, i).nextDouble();
        }
        assertTrue(Math.abs(correlation(a, b)) < 5 / Math.sqrt(N), "index neighbours: r = " + correlation(a, b));
        assertTrue(Math.abs(correlation(a, c)) < 5 / Math.sqrt(N), "stream neighbours: r = " + correlation(a, c));
        // The first uniforms over many keys are themselves uniform.
        assertKs("first uniform over keys", a, x -> Math.min(1, Math.max(0, x)));
    }

    private static double correlation(double[] x, double[] y) {
        double mx = Stats.mean(x), my = Stats.mean(y), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    @Test
    void uniformDoubles() {
        CounterRandom r = new CounterRandom(1, 0, 0, 0);
        double[] x = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = r.nextDouble();
            double o = r.nextOpenDouble();
            assertTrue(x[i] >= 0 && x[i] < 1 && o > 0 && o < 1);
        }
        assertMoment("mean", 0.5, Stats.mean(x), Math.sqrt(1.0 / 12 / N));
        assertMoment("variance", 1.0 / 12, Stats.variance(x), Math.sqrt(1.0 / 180 / N));
        assertKs("uniform", x, v -> v);
    }

    @Test
    void uniformIntsAreUnbiased() {
        CounterRandom r = new CounterRandom(2, 0, 0, 0);
        for (int bound : new int[] {1, 2, 7, 10, 1000}) {
            long[] counts = new long[bound];
            int n = 200 * bound;
            for (int i = 0; i < n; i++) counts[r.nextInt(bound)]++;
            if (bound == 1) {
                assertEquals(n, counts[0]);
                continue;
            }
            double[] p = new double[bound];
            java.util.Arrays.fill(p, 1.0 / bound);
            double pValue = Stats.chiSquarePValue(Stats.chiSquare(counts, p), bound - 1);
            assertTrue(pValue > 1e-3, "nextInt(" + bound + "): chi-square p = " + pValue);
        }
        // A bound near 2^31 exercises the rejection branch.
        int big = (1 << 30) + (1 << 29);
        for (int i = 0; i < 1000; i++) {
            int v = r.nextInt(big);
            assertTrue(v >= 0 && v < big);
        }
        assertThrows(IllegalArgumentException.class, () -> r.nextInt(0));
    }

    @Test
    void gaussian() {
        CounterRandom r = new CounterRandom(3, 0, 0, 0);
        double[] x = new double[N];
        double m4 = 0;
        for (int i = 0; i < N; i++) {
            x[i] = r.nextGaussian();
            m4 += x[i] * x[i] * x[i] * x[i];
        }
        m4 /= N;
        assertMoment("mean", 0, Stats.mean(x), Math.sqrt(1.0 / N));
        assertMoment("variance", 1, Stats.variance(x), Math.sqrt(2.0 / N));
        assertMoment("4th moment", 3, m4, Math.sqrt(96.0 / N)); // Var(x⁴) = 105 − 9
        assertKs("normal", x, Stats::normalCdf);
    }

    @Test
    void zigguratLayersHaveEqualAreas() {
        // Layer i ≥ 1 is the box x_i × [f(x_i), f(x_{i+1})] with f(x) = exp(−x²/2); the base layer is the box
        // R × f(R) plus the tail ∫_R^∞ f = √(2π)(1 − Φ(R)). All must have the same area, including the top
        // layer that ends at x = 0 (this checks the two published constants against each other).
        double[] x = CounterRandom.zigguratEdges();
        double r = x[1];
        double base = r * Math.exp(-0.5 * r * r) + Math.sqrt(2 * Math.PI) * Stats.normalCdf(-r);
        double worst = 0;
        int worstLayer = -1;
        for (int i = 1; i < x.length - 1; i++) {
            double area = x[i] * (Math.exp(-0.5 * x[i + 1] * x[i + 1]) - Math.exp(-0.5 * x[i] * x[i]));
            if (Math.abs(area / base - 1) > worst) {
                worst = Math.abs(area / base - 1);
                worstLayer = i;
            }
        }
        // The constants are published to 12-13 digits; the recursion carries their mismatch into the top layer,
        // so its area is off by ~1e-9 relative (a density error far below anything a sample could detect).
        assertTrue(worst < 1e-8, "largest relative area mismatch " + worst + " in layer " + worstLayer);
        assertEquals(base, x[0] * Math.exp(-0.5 * r * r), 1e-15);
    }

    @Test
    void gaussianHistogramIncludingTheTail() {
        // 10^6 draws binned at edges that include the ziggurat's tail start R = 3.4426 and its layer edges'
        // neighbourhood, compared with Φ by chi-square (level 0.001): catches a wrong layer or tail by ~1%.
        double[] edges = {-5, -4, -3.442619855899, -3, -2.5, -2, -1.5, -1, -0.75, -0.5, -0.25, 0,
            0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 3.442619855899, 4, 5};
        int bins = edges.length + 1, n = 1_000_000;
        long[] counts = new long[bins];
        CounterRandom r = new CounterRandom(13, 0, 0, 0);
        for (int i = 0; i < n; i++) {
            double x = r.nextGaussian();
            int b = 0;
            while (b < edges.length && x >= edges[b]) b++;
            counts[b]++;
        }
        double[] p = new double[bins];
        double below = 0;
        for (int b = 0; b < bins; b++) {
            double upper = b < edges.length ? Stats.normalCdf(edges[b]) : 1.0;
            p[b] = upper - below;
            below = upper;
        }
        // Merge the outermost bins (expected counts below 5 would make chi-square unreliable).
        long[] c = new long[bins - 2];
        double[] q = new double[bins - 2];
        for (int b = 0; b < bins; b++) {
            int j = Math.min(Math.max(b - 1, 0), bins - 3);
            c[j] += counts[b];
            q[j] += p[b];
        }
        double pValue = Stats.chiSquarePValue(Stats.chiSquare(c, q), c.length - 1);
        assertTrue(pValue > 1e-3, "normal histogram: p = " + pValue + " counts " + java.util.Arrays.toString(counts));
        long tail = counts[3] + counts[2] + counts[1] + counts[0] + counts[bins - 1] + counts[bins - 2] + counts[bins - 3] + counts[bins - 4];
        double expectedTail = n * 2 * Stats.normalCdf(-3.0);
        assertMoment("P(|x| > 3)", expectedTail, tail, Math.sqrt(expectedTail));
    }

    @Test
    void gammaMatchesItsCdfForSmallAndLargeShapes() {
        for (double shape : new double[] {0.1, 0.5, 1.0, 2.5, 7.3}) {
            CounterRandom r = new CounterRandom(4, 0, 0, (long) (shape * 100));
            double[] x = new double[N];
            for (int i = 0; i < N; i++) {
                x[i] = r.nextGamma(shape);
                assertTrue(x[i] >= 0 && Double.isFinite(x[i]));
            }
            // Gamma(a, 1): mean a, variance a; Var(sample variance) ≈ (μ4 − σ⁴)/n with μ4 = 3a² + 6a.
            assertMoment("Gamma(" + shape + ") mean", shape, Stats.mean(x), Math.sqrt(shape / N));
            assertMoment("Gamma(" + shape + ") variance", shape, Stats.variance(x),
                    Math.sqrt((3 * shape * shape + 6 * shape - shape * shape) / N));
            assertKs("Gamma(" + shape + ")", x, v -> Stats.gammaP(shape, v));
        }
    }

    @Test
    void logGammaOfTinyShapeDoesNotUnderflow() {
        // Gamma(0.001) samples are mostly below 1e-300; their logs must still be finite and match
        // E[log G] = ψ(a) ≈ −1/a − γ for small a.
        CounterRandom r = new CounterRandom(5, 0, 0, 0);
        double shape = 0.001, sum = 0;
        for (int i = 0; i < N; i++) {
            double lg = r.nextLogGamma(shape);
            assertTrue(Double.isFinite(lg));
            sum += lg;
        }
        double expected = -1 / shape - 0.5772156649015329;
        // Var(log G) = ψ'(a) ≈ 1/a² for small a.
        assertMoment("E[log Gamma(0.001)]", expected, sum / N, Math.sqrt(1 / (shape * shape) / N));
        assertThrows(IllegalArgumentException.class, () -> r.nextGamma(0));
        assertThrows(IllegalArgumentException.class, () -> r.nextGamma(Double.NaN));
    }

    @Test
    void dirichletMomentsAndMarginals() {
        double[] alpha = {0.3, 1.0, 2.5, 0.05};
        double a0 = 0;
        for (double a : alpha) a0 += a;
        CounterRandom r = new CounterRandom(6, 0, 0, 0);
        double[][] comp = new double[alpha.length][N];
        double[] out = new double[alpha.length];
        for (int i = 0; i < N; i++) {
            r.nextDirichlet(alpha, out);
            double s = 0;
            for (int k = 0; k < alpha.length; k++) {
                assertTrue(out[k] >= 0 && Double.isFinite(out[k]));
                comp[k][i] = out[k];
                s += out[k];
            }
            assertEquals(1.0, s, 1e-12);
        }
        for (int k = 0; k < alpha.length; k++) {
            double m = alpha[k] / a0, v = m * (1 - m) / (a0 + 1);
            assertMoment("Dirichlet mean " + k, m, Stats.mean(comp[k]), Math.sqrt(v / N));
            // Var of the sample variance is bounded by E[x⁴]/n ≤ E[x²]/n for x in [0,1].
            assertMoment("Dirichlet variance " + k, v, Stats.variance(comp[k]), Math.sqrt((v + m * m) / N));
        }
        // Symmetric Dirichlet(1) over V = 8: each marginal is Beta(1, 7) with CDF 1 − (1 − x)^7.
        double[] sym = new double[8];
        double[] first = new double[N], last = new double[N];
        for (int i = 0; i < N; i++) {
            r.nextDirichlet(1.0, sym, 8);
            first[i] = sym[0];
            last[i] = sym[7];
        }
        assertKs("Dirichlet(1) marginal 0", first, x -> 1 - Math.pow(1 - x, 7));
        assertKs("Dirichlet(1) marginal 7", last, x -> 1 - Math.pow(1 - x, 7));
    }

    @Test
    void categoricalMatchesItsProbabilities() {
        float[] p = {0.0f, 0.1f, 0.25f, 0.0f, 0.4f, 0.25f};
        // Weights given at an offset and not normalised: the sampler uses p / Σp.
        float[] buffer = new float[p.length + 3];
        for (int k = 0; k < p.length; k++) buffer[3 + k] = 2 * p[k];
        CounterRandom r = new CounterRandom(7, 0, 0, 0);
        long[] counts = new long[p.length];
        for (int i = 0; i < N; i++) counts[r.nextCategorical(buffer, 3, p.length)]++;
        assertEquals(0, counts[0]);
        assertEquals(0, counts[3]);
        long[] positive = {counts[1], counts[2], counts[4], counts[5]};
        double pValue = Stats.chiSquarePValue(Stats.chiSquare(positive, new double[] {0.1, 0.25, 0.4, 0.25}), 3);
        assertTrue(pValue > 1e-3, "categorical chi-square p = " + pValue + " counts " + java.util.Arrays.toString(counts));
        assertThrows(IllegalArgumentException.class, () -> r.nextCategorical(new float[3], 0, 3));
    }
}
