// Transition steps N*(D), where the model flips from G to M: read off the transformer's curves and predicted by
// the fitted model, plus the power laws fitted to them. Plain data for the log-log figure and the derived table.
package org.rationalicl.analysis.report;

import java.util.List;
import java.util.Objects;

/**
 * @param poolSizes D values, strictly ascending
 * @param network   the transformer's transition step per D; NaN when it never flipped within the run
 * @param model     the fitted model's transition step per D; NaN (or +infinity) when it never flips
 * @param fits      power laws fitted to these points, at most one per source (may be empty)
 */
public record TransitionSteps(int[] poolSizes, double[] network, double[] model, List<PowerLawFit> fits) {

    public TransitionSteps {
        poolSizes = Checks.poolSizes("poolSizes", poolSizes);
        network = steps("network", network, poolSizes.length);
        model = steps("model", model, poolSizes.length);
        fits = List.copyOf(Objects.requireNonNull(fits, "fits"));
        if (fits.stream().map(PowerLawFit::fittedTo).distinct().count() != fits.size()) {
            throw new IllegalArgumentException("fits: at most one power law per source (transformer, model)");
        }
    }

    private static double[] steps(String field, double[] values, int n) {
        Objects.requireNonNull(values, field);
        if (values.length != n) {
            throw new IllegalArgumentException(field + ": " + values.length + " values but there are " + n + " pool sizes");
        }
        double[] copy = values.clone();
        for (int i = 0; i < n; i++) {
            if (Double.POSITIVE_INFINITY == copy[i]) copy[i] = Double.NaN; // "never" has one spelling inside
            if (!Double.isNaN(copy[i]) && !(copy[i] > 0 && Double.isFinite(copy[i]))) {
                throw new IllegalArgumentException(field + "[" + i + "] = " + values[i]
                        + ": a transition step must be > 0, or NaN / +infinity for none");
            }
        }
        return copy;
    }

    public int poolCount() { return poolSizes.length; }

    /** True when the value is a real transition (not "never flipped"). */
    public static boolean observed(double step) { return !Double.isNaN(step); }

    @Override public int[] poolSizes() { return poolSizes.clone(); }

    @Override public double[] network() { return network.clone(); }

    @Override public double[] model() { return model.clone(); }
}
