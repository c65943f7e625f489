// One run's loss over training (ID = training pool, OOD = evaluation pool) and the loss levels of the ideal
// predictors M and G on the same sequences. Plain data for the loss figure; NaN marks a missing checkpoint.
package org.rationalicl.analysis.report;

/**
 * @param poolSize D of the run
 * @param steps    checkpoint steps, strictly ascending
 * @param idLoss   transformer loss on ID sequences per step, NaN = missing
 * @param oodLoss  transformer loss on OOD sequences per step, NaN = missing
 */
public record LossCurve(int poolSize, long[] steps, double[] idLoss, double[] oodLoss,
                        double memorizingIdLoss, double generalizingIdLoss,
                        double memorizingOodLoss, double generalizingOodLoss) {

    public LossCurve {
        if (poolSize < 1) throw new IllegalArgumentException("poolSize = " + poolSize + ": must be >= 1");
        steps = Checks.steps("steps", steps);
        idLoss = Checks.matrix("idLoss", idLoss, 1, steps.length, -Double.MAX_VALUE, Double.MAX_VALUE);
        oodLoss = Checks.matrix("oodLoss", oodLoss, 1, steps.length, -Double.MAX_VALUE, Double.MAX_VALUE);
        Checks.finite("memorizingIdLoss", memorizingIdLoss);
        Checks.finite("generalizingIdLoss", generalizingIdLoss);
        Checks.finite("memorizingOodLoss", memorizingOodLoss);
        Checks.finite("generalizingOodLoss", generalizingOodLoss);
    }

    @Override public long[] steps() { return steps.clone(); }

    @Override public double[] idLoss() { return idLoss.clone(); }

    @Override public double[] oodLoss() { return oodLoss.clone(); }
}
