// Settings of one configuration's fit: model variant, initial values, hold-out, threshold rule, optimiser.
package org.rationalicl.analysis.fit;

import org.rationalicl.analysis.data.TaskKind;
import org.rationalicl.analysis.model.ModelVariant;

/**
 * @param variant            which parameters are fitted and how (full model, ablations, context-dependent)
 * @param initialParameters  (α, β, γ) to start from (fixed parameters of the variant are ignored)
 * @param checkpointFraction fraction of the (post-threshold) checkpoint steps, ascending, used for fitting
 * @param poolFraction       fraction of the pool sizes D, ascending, used for fitting
 * @param thresholdFraction  interpolation-threshold fraction of the range (SPEC section 6)
 * @param optimizer          L-BFGS settings
 * @param histogramBins      bins (uniform in log(M/G)) of the per-pair sufficient statistics of the KL
 *                           objective; pairs with fewer elements are kept exactly
 * @param randomSeed         seed of the random-mixture-weights baseline
 */
public record FitOptions(ModelVariant variant, double[] initialParameters, double checkpointFraction,
                         double poolFraction, double thresholdFraction, Lbfgsb.Options optimizer, int histogramBins,
                         long randomSeed) {
    public FitOptions {
        if (variant == null || optimizer == null) {
            throw new IllegalArgumentException("variant and optimizer must not be null");
        }
        if (initialParameters == null || initialParameters.length != 3) {
            throw new IllegalArgumentException("initialParameters must be (alpha, beta, gamma)");
        }
        initialParameters = initialParameters.clone();
        if (!(initialParameters[0] > 0 && initialParameters[0] < 1)) {
            throw new IllegalArgumentException("initial alpha must be in (0, 1); got " + initialParameters[0]);
        }
        if (!(initialParameters[1] > 0) || !(initialParameters[2] > 0)) {
            throw new IllegalArgumentException("initial beta and gamma must be > 0; got " + initialParameters[1]
                    + ", " + initialParameters[2]);
        }
        if (!(checkpointFraction > 0 && checkpointFraction <= 1) || !(poolFraction > 0 && poolFraction <= 1)) {
            throw new IllegalArgumentException("checkpointFraction and poolFraction must be in (0, 1]; got "
                    + checkpointFraction + ", " + poolFraction);
        }
        if (!(thresholdFraction >= 0 && thresholdFraction <= 1)) {
            throw new IllegalArgumentException("thresholdFraction must be in [0, 1]; got " + thresholdFraction);
        }
        if (histogramBins < 16 || histogramBins > (1 << 24)) {
            throw new IllegalArgumentException("histogramBins must be in [16, 2^24]; got " + histogramBins);
        }
    }

    /** SPEC section 8 defaults: full model, the paper's initial values, 80% × 80% hold-out. */
    public static FitOptions defaults(TaskKind task) {
        return new FitOptions(ModelVariant.FULL, task.initialParameters(), 0.8, 0.8, task.thresholdFraction(),
                Lbfgsb.Options.defaults(), 16384, 20250617L);
    }

    public FitOptions withVariant(ModelVariant v) {
        return new FitOptions(v, initialParameters, checkpointFraction, poolFraction, thresholdFraction, optimizer,
                histogramBins, randomSeed);
    }

    public FitOptions withHoldOut(double checkpoints, double pools) {
        return new FitOptions(variant, initialParameters, checkpoints, pools, thresholdFraction, optimizer,
                histogramBins, randomSeed);
    }

    public FitOptions withInitialParameters(double[] parameters) {
        return new FitOptions(variant, parameters, checkpointFraction, poolFraction, thresholdFraction, optimizer,
                histogramBins, randomSeed);
    }

    public FitOptions withThresholdFraction(double fraction) {
        return new FitOptions(variant, initialParameters, checkpointFraction, poolFraction, fraction, optimizer,
                histogramBins, randomSeed);
    }

    /** Number of the n ascending values used for fitting: floor(fraction·n), at least 1. */
    static int fitCount(int n, double fraction) {
        return Math.max(1, (int) Math.floor(fraction * n + 1e-9));
    }
}
