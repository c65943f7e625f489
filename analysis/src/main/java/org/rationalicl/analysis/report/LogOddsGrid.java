// The fitted model's posterior log-odds of M over G, ln(post(M|N) / post(G|N)), on a pool size D x step grid.
// Plain data for the log-odds figure; positive = M favoured. The caller may use denser steps than the checkpoints.
package org.rationalicl.analysis.report;

/**
 * @param poolSizes D values, strictly ascending
 * @param steps     training steps N, strictly ascending
 * @param logOdds   natural-log odds, flat {@code (D, steps)} row-major, finite or NaN for missing
 */
public record LogOddsGrid(int[] poolSizes, long[] steps, double[] logOdds) {

    public LogOddsGrid {
        poolSizes = Checks.poolSizes("poolSizes", poolSizes);
        steps = Checks.steps("steps", steps);
        logOdds = Checks.matrix("logOdds", logOdds, poolSizes.length, steps.length,
                -Double.MAX_VALUE, Double.MAX_VALUE);
    }

    public static LogOddsGrid of(int[] poolSizes, long[] steps, double[][] logOdds) {
        return new LogOddsGrid(poolSizes, steps,
                Checks.flatten("logOdds", logOdds, poolSizes.length, steps.length));
    }

    public int poolCount() { return poolSizes.length; }

    public int stepCount() { return steps.length; }

    public double logOdds(int d, int s) { return logOdds[d * steps.length + s]; }

    @Override public int[] poolSizes() { return poolSizes.clone(); }

    @Override public long[] steps() { return steps.clone(); }

    @Override public double[] logOdds() { return logOdds.clone(); }
}
