// Reference distribution functions and goodness-of-fit statistics for the sampler tests, written from the
// textbook formulas (series / continued fractions), independent of the code under test.
package org.rationalicl.core.random;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

public final class Stats {
    private Stats() {}

    /** ln Γ(x) for x > 0: Stirling's series (error < 1e-12 for x ≥ 10) after shifting x up by recurrence. */
    public static double logGamma(double x) {
        double shift = 0.0;
        while (x < 10.0) {
            shift += Math.log(x);
            x += 1.0;
        }
        double inv = 1.0 / x, inv2 = inv * inv;
        double series = inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 / 1680)));
        return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series - shift;
    }

    /** Regularised lower incomplete gamma P(a, x): power series below a+1, Lentz continued fraction above. */
    public static double gammaP(double a, double x) {
        if (x <= 0) return 0.0;
        double logPrefactor = a * Math.log(x) - x - logGamma(a);
        if (x < a + 1.0) {
            double term = 1.0 / a, sum = term;
            for (int n = 1; n < 10_000; n++) {
                term *= x / (a + n);
                sum += term;
                if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
            }
            return sum * Math.exp(logPrefactor);
        }
        // Q(a,x) = e^{-x} x^a / Γ(a) · 1/(x+1-a- 1(1-a)/(x+3-a- 2(2-a)/(x+5-a- ...)))
        double tiny = 1e-300;
        double b = x + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;
        for (int i = 1; i < 10_000; i++) {
            double an = -i * (i - a);
            b += 2.0;
            d = an * d + b;
            if (Math.abs(d) < tiny) d = tiny;
            c = b + an / c;
            if (Math.abs(c) < tiny) c = tiny;
            d = 1.0 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1.0) < 1e-16) break;
        }
        return 1.0 - Math.exp(logPrefactor) * h;
    }

    /** Standard normal CDF: Φ(x) = ½ (1 + sign(x) P(½, x²/2)). */
    public static double normalCdf(double x) {
        double p = gammaP(0.5, 0.5 * x * x);
        return x >= 0 ? 0.5 + 0.5 * p : 0.5 - 0.5 * p;
    }

    /** Kolmogorov–Smirnov statistic sup |F_n − F| of the sample against the continuous CDF F. */
    public static double ksStatistic(double[] sample, DoubleUnaryOperator cdf) {
        double[] x = sample.clone();
        Arrays.sort(x);
        int n = x.length;
        double d = 0.0;
        for (int i = 0; i < n; i++) {
            double f = cdf.applyAsDouble(x[i]);
            d = Math.max(d, Math.max((i + 1.0) / n - f, f - (double) i / n));
        }
        return d;
    }

    /**
     * Critical value of the one-sample KS test at level alpha: the asymptotic Kolmogorov quantile
     * sqrt(−ln(alpha/2)/2) with Stephens' finite-n correction (√n + 0.12 + 0.11/√n).
     */
    public static double ksCritical(int n, double alpha) {
        double c = Math.sqrt(-0.5 * Math.log(alpha / 2.0));
        double rn = Math.sqrt(n);
        return c / (rn + 0.12 + 0.11 / rn);
    }

    /** Pearson chi-square statistic of observed counts against expected probabilities (summing to 1). */
    public static double chiSquare(long[] counts, double[] probabilities) {
        long n = 0;
        for (long c : counts) n += c;
        double chi = 0.0;
        for (int k = 0; k < counts.length; k++) {
            double e = n * probabilities[k];
            chi += (counts[k] - e) * (counts[k] - e) / e;
        }
        return chi;
    }

    /** Upper-tail p-value of a chi-square statistic with df degrees of freedom: 1 − P(df/2, chi/2). */
    public static double chiSquarePValue(double chi, int df) {
        return 1.0 - gammaP(0.5 * df, 0.5 * chi);
    }

    public static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }

    public static double variance(double[] x) {
        double m = mean(x), s = 0;
        for (double v : x) s += (v - m) * (v - m);
        return s / (x.length - 1);
    }
}
