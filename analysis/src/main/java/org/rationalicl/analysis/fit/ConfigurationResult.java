// Everything the fit of one configuration produced: parameters, optimiser status, hold-out, per-pair
// observed and predicted weights, metrics for the model and the baselines.
package org.rationalicl.analysis.fit;

import java.util.List;
import org.rationalicl.analysis.data.TaskKind;

public record ConfigurationResult(
        TaskKind task, int numDims, int contextLength, double mlpFactor, String variant,
        double[] initialParameters, double[] fittedParameters,
        Lbfgsb.Status status, int iterations, int evaluations, double objective,
        long thresholdStep, HoldOut holdOut,
        List<PoolSummary> pools, List<PairResult> pairs,
        double correlationId, double correlationOod, SetMetrics modelId, SetMetrics modelOod,
        List<Baseline> baselines) {

    /** The loss L(Q) and complexity K(Q) of every strategy at one pool size (index 0 = M, 1 = G). */
    public record PoolSummary(int poolSize, List<String> names, double[] losses, double[] bits) {
    }

    /**
     * One (checkpoint, pool size) pair.
     *
     * @param observedWeightId      w_M read off the relative distance on the ID set
     * @param observedWeightOod     the same on the OOD set
     * @param predictedWeightId     the model's w_M (averaged over positions for context-dependent weights)
     * @param predictedWeightOod    the model's w_M on the OOD set (differs from ID only with context evidence)
     * @param interpolationDistance d(T, w·M + (1 − w)·G) on the ID set with the observed w
     * @param pastThreshold         step at or after the interpolation threshold (entered the evaluation)
     * @param inFit                 used to fit the parameters (hold-out)
     */
    public record PairResult(long step, int poolSize, double observedWeightId, double observedWeightOod,
                             double predictedWeightId, double predictedWeightOod, double interpolationDistance,
                             boolean pastThreshold, boolean inFit) {
    }

    /** Which steps and pool sizes the parameters were fitted on. */
    public record HoldOut(double checkpointFraction, double poolFraction, List<Long> fitSteps,
                          List<Integer> fitPoolSizes, int fitPairs, int evaluatedPairs) {
    }

    /**
     * Agreement of a predictor with the network on one set, averaged over pairs; NaN where a metric does not
     * apply to the task (TVD and Spearman: distributions; R²: regression; agreement: distributions).
     */
    public record SetMetrics(double totalVariation, double spearman, double rSquared, double agreement) {
    }

    /** A baseline's metrics; correlations are NaN for the constant predictor (it has no weight). */
    public record Baseline(String name, double correlationId, double correlationOod, SetMetrics id, SetMetrics ood) {
    }
}
