// Where the transformer and the fitted model sit between G and M, on the grid pool size D x checkpoint step.
// Plain data for the heatmap and the per-D curves; values are w_M in [0, 1] (0 = G-like, 1 = M-like), NaN = missing.
package org.rationalicl.analysis.report;

/**
 * @param poolSizes D values, strictly ascending
 * @param steps     checkpoint steps, strictly ascending
 * @param network   the transformer's relative distance w_M, flat {@code (D, steps)} row-major, NaN = missing
 * @param model     the fitted model's predicted w_M on the same grid, flat {@code (D, steps)}, NaN = missing
 */
public record RelativeDistanceGrid(int[] poolSizes, long[] steps, double[] network, double[] model) {

    public RelativeDistanceGrid {
        poolSizes = Checks.poolSizes("poolSizes", poolSizes);
        steps = Checks.steps("steps", steps);
        network = Checks.matrix("network", network, poolSizes.length, steps.length, 0.0, 1.0);
        model = Checks.matrix("model", model, poolSizes.length, steps.length, 0.0, 1.0);
    }

    /** Builds the grid from one row per D ({@code network[d][step]}), the natural shape for a caller. */
    public static RelativeDistanceGrid of(int[] poolSizes, long[] steps, double[][] network, double[][] model) {
        int rows = poolSizes.length, cols = steps.length;
        return new RelativeDistanceGrid(poolSizes, steps,
                Checks.flatten("network", network, rows, cols), Checks.flatten("model", model, rows, cols));
    }

    public int poolCount() { return poolSizes.length; }

    public int stepCount() { return steps.length; }

    public int poolSize(int d) { return poolSizes[d]; }

    public long step(int s) { return steps[s]; }

    public double network(int d, int s) { return network[d * steps.length + s]; }

    public double model(int d, int s) { return model[d * steps.length + s]; }

    @Override public int[] poolSizes() { return poolSizes.clone(); }

    @Override public long[] steps() { return steps.clone(); }

    @Override public double[] network() { return network.clone(); }

    @Override public double[] model() { return model.clone(); }
}
