// A power law N*(D) = prefactor * D^exponent fitted to transition steps, with a 95% interval on the exponent.
// Plain data: the fit itself is done by the analysis (derived predictions); the report only shows it.
package org.rationalicl.analysis.report;

/**
 * @param fittedTo      whose transition steps the law was fitted to; its line takes that source's colour
 * @param prefactor     a &gt; 0
 * @param exponent      b
 * @param exponentLow   lower end of the 95% confidence interval of b
 * @param exponentHigh  upper end of the 95% confidence interval of b
 */
public record PowerLawFit(FittedTo fittedTo, double prefactor, double exponent, double exponentLow, double exponentHigh) {

    public PowerLawFit {
        java.util.Objects.requireNonNull(fittedTo, "fittedTo");
        if (!(prefactor > 0) || !Double.isFinite(prefactor)) {
            throw new IllegalArgumentException("prefactor = " + prefactor + ": must be finite and > 0");
        }
        Checks.finite("exponent", exponent);
        Checks.finite("exponentLow", exponentLow);
        Checks.finite("exponentHigh", exponentHigh);
        if (!(exponentLow <= exponent && exponent <= exponentHigh)) {
            throw new IllegalArgumentException("95% interval [" + exponentLow + ", " + exponentHigh
                    + "] must contain the exponent " + exponent);
        }
    }

    /** Whose transition steps a power law describes. */
    public enum FittedTo {
        TRANSFORMER("transformer"), MODEL("fitted model");

        private final String label;

        FittedTo(String label) { this.label = label; }

        public String label() { return label; }
    }

    /** N* predicted at pool size D. */
    public double at(double poolSize) { return prefactor * Math.pow(poolSize, exponent); }
}
