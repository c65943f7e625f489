// The fitted (alpha, beta, gamma) of one model variant, with the starting point and how the optimiser ended.
// Plain data for the report's parameter table; variants are the full model and the ablations of SPEC section 8.
package org.rationalicl.analysis.report;

/**
 * @param variant     model variant, e.g. "full", "alpha = 0 (linear evidence)"
 * @param alpha       fitted alpha (NaN when the variant fixes it, shown as "fixed")
 * @param objective   final value of the fitted objective (mean KL or MSE over the fit pairs)
 * @param iterations  optimiser iterations used, &gt;= 0
 * @param status      the optimiser's own words for how it stopped, e.g. "converged: relative reduction &lt; 1e-7"
 * @param converged   whether the optimiser reports convergence
 */
public record FittedParameters(String variant, double alpha, double beta, double gamma,
                               double initialAlpha, double initialBeta, double initialGamma,
                               double objective, int iterations, String status, boolean converged) {

    public FittedParameters {
        Checks.text("variant", variant);
        Checks.text("status", status);
        if (iterations < 0) throw new IllegalArgumentException("iterations = " + iterations + ": must be >= 0");
    }
}
