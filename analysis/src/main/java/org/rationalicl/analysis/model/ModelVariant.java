// Which parameters of the hierarchical Bayesian model are fitted, and in which functional form
// (SPEC section 8): the full model and its ablations, optionally with context-dependent weights.
package org.rationalicl.analysis.model;

/**
 * @param name             label written to results ("full", "alpha_zero", ...)
 * @param fitAlpha         false: α fixed at 0 (evidence linear in N)
 * @param fitBeta          false: β fixed at 1
 * @param fitGamma         false: γ fixed at 1
 * @param linearComplexity true: complexity penalty ln2·β·K instead of ln2·K^β
 * @param contextDependent true: each predictor's in-context evidence (cumulative log-likelihood of the
 *                         sequence so far) is added to its log posterior, position by position
 */
public record ModelVariant(String name, boolean fitAlpha, boolean fitBeta, boolean fitGamma,
                           boolean linearComplexity, boolean contextDependent) {
    public static final double FIXED_ALPHA = 0.0;
    public static final double FIXED_BETA = 1.0;
    public static final double FIXED_GAMMA = 1.0;

    public static final ModelVariant FULL = new ModelVariant("full", true, true, true, false, false);
    public static final ModelVariant ALPHA_ZERO = new ModelVariant("alpha_zero", false, true, true, false, false);
    public static final ModelVariant BETA_ONE = new ModelVariant("beta_one", true, false, true, false, false);
    public static final ModelVariant GAMMA_ONE = new ModelVariant("gamma_one", true, true, false, false, false);
    public static final ModelVariant LINEAR_COMPLEXITY =
            new ModelVariant("linear_complexity", true, true, true, true, false);
    public static final ModelVariant CONTEXT_DEPENDENT =
            new ModelVariant("context_dependent", true, true, true, false, true);

    public ModelVariant {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("variant name must not be blank");
        }
        if (!fitAlpha && !fitBeta && !fitGamma) {
            throw new IllegalArgumentException("variant " + name + " fixes every parameter; nothing to fit");
        }
    }

    public static ModelVariant parse(String name) {
        for (ModelVariant v : new ModelVariant[] {FULL, ALPHA_ZERO, BETA_ONE, GAMMA_ONE, LINEAR_COMPLEXITY,
                CONTEXT_DEPENDENT}) {
            if (v.name.equals(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("variant must be one of full, alpha_zero, beta_one, gamma_one, "
                + "linear_complexity, context_dependent; got '" + name + "'");
    }

    /** Number of fitted parameters. */
    public int freeCount() {
        return (fitAlpha ? 1 : 0) + (fitBeta ? 1 : 0) + (fitGamma ? 1 : 0);
    }

    /** The fitted coordinates (log α, log β, log γ, free ones only) of full parameters (α, β, γ). */
    public double[] toFree(double[] parameters) {
        double[] free = new double[freeCount()];
        int k = 0;
        if (fitAlpha) {
            free[k++] = Math.log(requirePositive(parameters[0], "alpha"));
        }
        if (fitBeta) {
            free[k++] = Math.log(requirePositive(parameters[1], "beta"));
        }
        if (fitGamma) {
            free[k] = Math.log(requirePositive(parameters[2], "gamma"));
        }
        return free;
    }

    /** Full parameters (α, β, γ) from the fitted coordinates; fixed ones take their fixed values. */
    public double[] fromFree(double[] free) {
        int k = 0;
        double alpha = fitAlpha ? Math.exp(free[k++]) : FIXED_ALPHA;
        double beta = fitBeta ? Math.exp(free[k++]) : FIXED_BETA;
        double gamma = fitGamma ? Math.exp(free[k]) : FIXED_GAMMA;
        return new double[] {alpha, beta, gamma};
    }

    /** Picks the free components of a 3-vector laid out as (log α, log β, log γ). */
    public double[] selectFree(double[] full3) {
        double[] free = new double[freeCount()];
        int k = 0;
        if (fitAlpha) {
            free[k++] = full3[0];
        }
        if (fitBeta) {
            free[k++] = full3[1];
        }
        if (fitGamma) {
            free[k] = full3[2];
        }
        return free;
    }

    private static double requirePositive(double v, String what) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be finite and > 0; got " + v);
        }
        return v;
    }
}
