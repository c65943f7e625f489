// The interpolation threshold of SPEC section 6: the training step after which the network is well
// described as a mixture of M and G, so that only later checkpoints enter the fit.
package org.rationalicl.analysis.distance;

import java.util.List;

public final class InterpolationThreshold {
    private InterpolationThreshold() {
    }

    /**
     * Index of the first entry of {@code curve} (interpolation distance over checkpoints sorted by step) at or
     * below min + fraction·(max − min).
     */
    public static int firstIndexBelow(double[] curve, double fraction) {
        if (curve.length == 0) {
            throw new IllegalArgumentException("curve must not be empty");
        }
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in [0, 1]; got " + fraction);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : curve) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("curve values must be finite; got " + v);
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double threshold = min + fraction * (max - min);
        for (int i = 0; i < curve.length; i++) {
            if (curve[i] <= threshold) {
                return i;
            }
        }
        throw new AssertionError("the minimum is always at or below the threshold");
    }

    /**
     * The configuration's threshold step: per pool size the step of the first checkpoint whose interpolation
     * distance falls below min + fraction·range, then the latest of those over all pool sizes.
     *
     * @param steps  per pool size, checkpoint steps ascending
     * @param curves per pool size, interpolation distance at those steps
     */
    public static long configurationStep(List<long[]> steps, List<double[]> curves, double fraction) {
        if (steps.size() != curves.size() || steps.isEmpty()) {
            throw new IllegalArgumentException("need one non-empty curve per pool size; got " + steps.size()
                    + " step lists and " + curves.size() + " curves");
        }
        long latest = Long.MIN_VALUE;
        for (int k = 0; k < steps.size(); k++) {
            if (steps.get(k).length != curves.get(k).length) {
                throw new IllegalArgumentException("curve " + k + " has " + curves.get(k).length + " values for "
                        + steps.get(k).length + " steps");
            }
            latest = Math.max(latest, steps.get(k)[firstIndexBelow(curves.get(k), fraction)]);
        }
        return latest;
    }
}
