// Zipf distribution over {0, ..., n-1}: P(k) ∝ (k+1)^(-s); exponent 0 is the uniform distribution.
// Used to skew which pool task a training sequence uses. The table costs 8 bytes per outcome.
package org.rationalicl.core.random;

/** Zipf(n, s) sampler with an exact cumulative table (inverse CDF by binary search); immutable, thread-safe. */
public final class Zipf {
    /** Largest supported number of outcomes. */
    public static final int MAX_SIZE = 1 << 24;
    /** Largest supported exponent (beyond it nearly all mass sits on outcome 0 anyway). */
    public static final double MAX_EXPONENT = 64.0;

    private final int n;
    private final double exponent;
    private final double[] cdf; // (n) cumulative probabilities, cdf[n-1] == 1; null when uniform

    /** Validates n in [1, MAX_SIZE] and exponent in [0, MAX_EXPONENT]. */
    public Zipf(int n, double exponent) {
        if (n < 1 || n > MAX_SIZE) throw new IllegalArgumentException("n = " + n + " must be in [1, " + MAX_SIZE + "]");
        if (!(exponent >= 0.0 && exponent <= MAX_EXPONENT)) {
            throw new IllegalArgumentException("exponent (s) = " + exponent + " must be in [0, " + MAX_EXPONENT + "]");
        }
        this.n = n;
        this.exponent = exponent;
        if (exponent == 0.0) {
            cdf = null;
        } else {
            cdf = new double[n];
            double acc = 0.0;
            for (int k = 0; k < n; k++) {
                acc += StrictMath.pow(k + 1.0, -exponent);
                cdf[k] = acc;
            }
            for (int k = 0; k < n; k++) cdf[k] /= acc;
            cdf[n - 1] = 1.0;
        }
    }

    public int size() { return n; }

    public double exponent() { return exponent; }

    /** P(k). */
    public double probability(int k) {
        if (k < 0 || k >= n) throw new IllegalArgumentException("k = " + k + " must be in [0, " + (n - 1) + "]");
        if (cdf == null) return 1.0 / n;
        return k == 0 ? cdf[0] : cdf[k] - cdf[k - 1];
    }

    /** One draw. */
    public int sample(CounterRandom rng) {
        if (cdf == null) return rng.nextInt(n);
        return search(rng.nextDouble());
    }

    /** One draw from the distribution conditioned on k != excluded (exact; needs n ≥ 2). */
    public int sampleExcluding(CounterRandom rng, int excluded) {
        if (n < 2) throw new IllegalArgumentException("n = " + n + " must be >= 2 to exclude an outcome");
        if (excluded < 0 || excluded >= n) {
            throw new IllegalArgumentException("excluded = " + excluded + " must be in [0, " + (n - 1) + "]");
        }
        if (cdf == null) {
            int k = rng.nextInt(n - 1);
            return k >= excluded ? k + 1 : k;
        }
        double below = excluded == 0 ? 0.0 : cdf[excluded - 1];
        double mass = cdf[excluded] - below;
        double u = rng.nextDouble() * (1.0 - mass);
        if (u >= below) u += mass; // skip the excluded interval
        int k = search(u);
        if (k == excluded) k = excluded + 1 < n ? excluded + 1 : excluded - 1; // rounding at the interval edge
        return k;
    }

    /** First k with u < cdf[k]. */
    private int search(double u) {
        int lo = 0, hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (u < cdf[mid]) hi = mid; else lo = mid + 1;
        }
        return lo;
    }
}
