// The three task families of SPEC section 2, as the analysis sees them: how predictions are shaped,
// which distance and metrics apply, and the paper's initial values for the fit (SPEC section 8).
package org.rationalicl.analysis.data;

import java.util.Locale;

public enum TaskKind {
    /** Balls & urns: next-token distributions (S, C, V). */
    CATEGORICAL(0.6, 0.2, 0.85, 0.20),
    /** Linear regression: scalar predictions (S, C). */
    REGRESSION(0.65, 0.3, 0.01, 0.10),
    /** Classification: label distributions at the target (S, 2). */
    CLASSIFICATION(0.8, 0.12, 1.5, 0.20);

    private final double initialAlpha;
    private final double initialBeta;
    private final double initialGamma;
    private final double thresholdFraction;

    TaskKind(double initialAlpha, double initialBeta, double initialGamma, double thresholdFraction) {
        this.initialAlpha = initialAlpha;
        this.initialBeta = initialBeta;
        this.initialGamma = initialGamma;
        this.thresholdFraction = thresholdFraction;
    }

    /** The paper's initial (α, β, γ) for this task (SPEC section 8). */
    public double[] initialParameters() {
        return new double[] {initialAlpha, initialBeta, initialGamma};
    }

    /** Fraction of the interpolation-distance range above its minimum used by the threshold rule (SPEC section 6). */
    public double thresholdFraction() {
        return thresholdFraction;
    }

    /** True when predictions are probability distributions (distance: symmetrised KL). */
    public boolean isDistribution() {
        return this != REGRESSION;
    }

    /** The name used in files and on the command line: categorical, regression, classification. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TaskKind parse(String name) {
        for (TaskKind kind : values()) {
            if (kind.id().equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("task must be one of categorical, regression, classification; got '" + name + "'");
    }
}
