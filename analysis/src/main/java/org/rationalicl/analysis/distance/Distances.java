// Behavioural distances between two predictors' outputs on the same sequences (SPEC section 6):
// symmetrised KL for distributions, MSE divided by the task dimension d for regression.
package org.rationalicl.analysis.distance;

import org.rationalicl.analysis.data.Predictions;
import org.rationalicl.analysis.data.TaskKind;

public final class Distances {
    /**
     * Probabilities enter logarithms as max(p, PROBABILITY_FLOOR): a network's float32 softmax can
     * underflow to 0 and classification predictors clamp at 1e-5, so 1e-10 guards log(0) while staying far
     * below any probability that carries information. The floor is applied to logs only; p itself is kept.
     */
    public static final double PROBABILITY_FLOOR = 1e-10;
    static final double LOG_FLOOR = Math.log(PROBABILITY_FLOOR);

    private Distances() {
    }

    /** log(max(p, floor)). */
    public static double flooredLog(double p) {
        return p > PROBABILITY_FLOOR ? Math.log(p) : LOG_FLOOR;
    }

    /**
     * ½(KL(p‖q) + KL(q‖p)) = ½ Σ_v (p_v − q_v)(log p_v − log q_v), summed over outcomes and averaged
     * over sequences and positions.
     */
    public static double symmetrisedKl(Predictions p, Predictions q) {
        p.requireSameShape(q, "q");
        float[] a = p.values();
        float[] b = q.values();
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - (double) b[i]) * (flooredLog(a[i]) - flooredLog(b[i]));
        }
        return 0.5 * sum / p.rows();
    }

    /** KL(p‖q) summed over outcomes, averaged over sequences and positions (0·log 0 = 0). */
    public static double kl(Predictions p, Predictions q) {
        p.requireSameShape(q, "q");
        float[] a = p.values();
        float[] b = q.values();
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] > 0) {
                sum += a[i] * (flooredLog(a[i]) - flooredLog(b[i]));
            }
        }
        return sum / p.rows();
    }

    /** Mean squared difference over all predicted values, divided by the task dimension d. */
    public static double mseOverDims(Predictions p, Predictions q, int dims) {
        p.requireSameShape(q, "q");
        if (dims < 1) {
            throw new IllegalArgumentException("dims must be >= 1; got " + dims);
        }
        float[] a = p.values();
        float[] b = q.values();
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double e = a[i] - (double) b[i];
            sum += e * e;
        }
        return sum / a.length / dims;
    }

    /** The task's distance: symmetrised KL for distributions, MSE/d for regression. */
    public static double distance(TaskKind task, int dims, Predictions p, Predictions q) {
        return task.isDistribution() ? symmetrisedKl(p, q) : mseOverDims(p, q, dims);
    }

    /**
     * Relative position of T between G and M: r = (d(T,G) − d(T,M)) / d(M,G) clipped to [−1, 1], reported as
     * w_M = (r + 1)/2 (0 = behaves like G, 1 = like M). When M and G coincide (d(M,G) = 0) returns 0.5.
     */
    public static double relativeWeight(double distanceTG, double distanceTM, double distanceMG) {
        if (!(distanceMG > 0)) {
            return 0.5;
        }
        double r = (distanceTG - distanceTM) / distanceMG;
        r = Math.max(-1.0, Math.min(1.0, r));
        return 0.5 * (r + 1.0);
    }

    /** Σ_q weights[q]·predictors[q], element by element. */
    public static Predictions mixture(Predictions[] predictors, double[] weights) {
        if (predictors.length != weights.length || predictors.length == 0) {
            throw new IllegalArgumentException("need one weight per predictor; got " + weights.length + " weights for "
                    + predictors.length + " predictors");
        }
        Predictions first = predictors[0];
        float[] out = new float[first.size()];
        for (int q = 0; q < predictors.length; q++) {
            first.requireSameShape(predictors[q], "predictors[" + q + "]");
            float[] v = predictors[q].values();
            double w = weights[q];
            for (int i = 0; i < out.length; i++) {
                out[i] += (float) (w * v[i]);
            }
        }
        return new Predictions(out, first.sequences(), first.positions(), first.outcomes());
    }

    /** d(T, w_M·M + (1 − w_M)·G). */
    public static double interpolationDistance(TaskKind task, int dims, Predictions target, Predictions memorizing,
                                               Predictions generalizing, double weightM) {
        Predictions h = mixture(new Predictions[] {memorizing, generalizing}, new double[] {weightM, 1 - weightM});
        return distance(task, dims, target, h);
    }
}
