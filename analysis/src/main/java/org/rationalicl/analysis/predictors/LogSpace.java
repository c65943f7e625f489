// Small double-precision log-space helpers shared by the predictors (not on the hot paths).
package org.rationalicl.analysis.predictors;

final class LogSpace {
    private LogSpace() {}

    /** log Σ exp(x_i), stable (subtracts the max first). −∞ for an empty or all −∞ input. */
    static double logSumExp(double[] x, int off, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, x[off + i]);
        if (max == Double.NEGATIVE_INFINITY) return max;
        double sum = 0;
        for (int i = 0; i < n; i++) sum += Math.exp(x[off + i] - max);
        return max + Math.log(sum);
    }

    /** softmax of log-weights, as a new array. */
    static double[] normalise(double[] logWeights) {
        double lse = logSumExp(logWeights, 0, logWeights.length);
        double[] p = new double[logWeights.length];
        for (int i = 0; i < p.length; i++) p[i] = Math.exp(logWeights[i] - lse);
        return p;
    }
}
