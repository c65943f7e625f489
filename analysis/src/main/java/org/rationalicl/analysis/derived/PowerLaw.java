// A power law y = a·x^b fitted by least squares in log-log space, with a 95% confidence interval for the
// exponent from the Student-t distribution (n − 2 degrees of freedom).
package org.rationalicl.analysis.derived;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * @param prefactor     a
 * @param exponent      b
 * @param exponentLow   lower end of the 95% t-interval for b (NaN with fewer than 3 points)
 * @param exponentHigh  upper end
 * @param points        points used (finite and positive x and y only)
 * @param rSquared      R² of the log-log regression
 */
public record PowerLaw(double prefactor, double exponent, double exponentLow, double exponentHigh, int points,
                       double rSquared) {

    /** Fits y = a·x^b on the pairs where both are finite and positive; needs at least 2 such pairs. */
    public static PowerLaw fit(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y must have equal length; got " + x.length + " and " + y.length);
        }
        int n = 0;
        double[] lx = new double[x.length];
        double[] ly = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            if (x[i] > 0 && y[i] > 0 && Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                lx[n] = Math.log(x[i]);
                ly[n] = Math.log(y[i]);
                n++;
            }
        }
        if (n < 2) {
            throw new IllegalArgumentException("a power law needs at least 2 finite positive points; got " + n);
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += lx[i];
            my += ly[i];
        }
        mx /= n;
        my /= n;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (lx[i] - mx) * (lx[i] - mx);
            sxy += (lx[i] - mx) * (ly[i] - my);
            syy += (ly[i] - my) * (ly[i] - my);
        }
        if (!(sxx > 0)) {
            throw new IllegalArgumentException("a power law needs at least two distinct x values");
        }
        double b = sxy / sxx;
        double intercept = my - b * mx;
        double sse = 0;
        for (int i = 0; i < n; i++) {
            double e = ly[i] - intercept - b * lx[i];
            sse += e * e;
        }
        double low = Double.NaN;
        double high = Double.NaN;
        if (n >= 3) {
            double se = Math.sqrt(sse / (n - 2) / sxx);
            double t = new TDistribution(null, n - 2).inverseCumulativeProbability(0.975);
            low = b - t * se;
            high = b + t * se;
        }
        double r2 = syy > 0 ? 1 - sse / syy : Double.NaN;
        return new PowerLaw(Math.exp(intercept), b, low, high, n, r2);
    }
}
