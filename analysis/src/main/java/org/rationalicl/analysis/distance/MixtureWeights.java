// Convex mixture weights for more than two predictors (SPEC section 6): the softmax-parameterised weights
// that minimise the task's distance between the network and the mixture, fitted with L-BFGS.
// Limits: exact per-element evaluation (no precomputation); meant for a checkpoint at a time.
package org.rationalicl.analysis.distance;

import org.rationalicl.analysis.data.Predictions;
import org.rationalicl.analysis.data.TaskKind;
import org.rationalicl.analysis.fit.Lbfgsb;

public final class MixtureWeights {
    private MixtureWeights() {
    }

    /** The fitted weights (they sum to 1) and the distance they achieve. */
    public record Fit(double[] weights, double distance, Lbfgsb.Status status) {
    }

    /**
     * Minimises d(T, Σ_q softmax(z)_q·Q_q) over z, with z_0 fixed at 0 (softmax is invariant to a shift).
     */
    public static Fit fit(TaskKind task, int dims, Predictions target, Predictions[] predictors) {
        int p = predictors.length;
        if (p < 2) {
            throw new IllegalArgumentException("need at least two predictors; got " + p);
        }
        for (int q = 0; q < p; q++) {
            target.requireSameShape(predictors[q], "predictors[" + q + "]");
        }
        Lbfgsb.Objective objective = (z, grad) -> value(task, dims, target, predictors, z, grad);
        Lbfgsb.Result r = Lbfgsb.minimize(objective, new double[p - 1], Lbfgsb.Options.defaults());
        return new Fit(softmax(r.x()), r.value(), r.status());
    }

    /** Weights from free logits z_1..z_{P−1} (z_0 = 0). */
    static double[] softmax(double[] free) {
        double[] w = new double[free.length + 1];
        double max = 0;
        for (double v : free) {
            max = Math.max(max, v);
        }
        double sum = Math.exp(-max);
        w[0] = sum;
        for (int i = 0; i < free.length; i++) {
            w[i + 1] = Math.exp(free[i] - max);
            sum += w[i + 1];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= sum;
        }
        return w;
    }

    /** Distance of T to the mixture at free logits z, with its gradient w.r.t. z (package-private for tests). */
    static double value(TaskKind task, int dims, Predictions target, Predictions[] predictors, double[] z,
                        double[] grad) {
        int p = predictors.length;
        double[] w = softmax(z);
        double[] dw = new double[p];
        float[] t = target.values();
        int n = t.length;
        double sum = 0;
        boolean distribution = task.isDistribution();
        for (int i = 0; i < n; i++) {
            double h = 0;
            for (int q = 0; q < p; q++) {
                h += w[q] * predictors[q].values()[i];
            }
            double dh;
            if (distribution) {
                // ½(t − h)(log t − log h); d/dh = ½(log h − log t + (h − t)/h), floored like the distance.
                double lt = Distances.flooredLog(t[i]);
                double lh = Distances.flooredLog(h);
                sum += 0.5 * (t[i] - h) * (lt - lh);
                double hf = Math.max(h, Distances.PROBABILITY_FLOOR);
                dh = 0.5 * (lh - lt + (h - t[i]) / hf);
            } else {
                double e = h - t[i];
                sum += e * e;
                dh = 2 * e;
            }
            for (int q = 0; q < p; q++) {
                dw[q] += dh * predictors[q].values()[i];
            }
        }
        double norm = distribution ? target.rows() : (double) n * dims;
        double mean = 0;
        for (int q = 0; q < p; q++) {
            dw[q] /= norm;
            mean += w[q] * dw[q];
        }
        // Softmax chain rule: ∂F/∂z_q = w_q (∂F/∂w_q − Σ_r w_r ∂F/∂w_r), for the free logits q ≥ 1.
        for (int q = 1; q < p; q++) {
            grad[q - 1] = w[q] * (dw[q] - mean);
        }
        return sum / norm;
    }
}
