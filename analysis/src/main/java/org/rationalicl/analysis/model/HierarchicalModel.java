// The hierarchical Bayesian model of SPEC sections 1 and 8 for any number of strategies:
// log post(Q | N) = −γ·N^(1−α)·L(Q) − ln2·K(Q)^β (or −ln2·β·K(Q)), weights = softmax, h = Σ w_Q·Q.
package org.rationalicl.analysis.model;

public final class HierarchicalModel {
    private static final double LN2 = Math.log(2);

    private final ModelVariant variant;
    private final double alpha;
    private final double beta;
    private final double gamma;

    /** Parameters as they enter the formula; fixed parameters of the variant must hold their fixed value. */
    public HierarchicalModel(ModelVariant variant, double alpha, double beta, double gamma) {
        if (variant == null) {
            throw new IllegalArgumentException("variant must not be null");
        }
        if (!(alpha >= 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1); got " + alpha);
        }
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be finite and > 0; got " + beta);
        }
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("gamma must be finite and > 0; got " + gamma);
        }
        this.variant = variant;
        this.alpha = variant.fitAlpha() ? alpha : ModelVariant.FIXED_ALPHA;
        this.beta = variant.fitBeta() ? beta : ModelVariant.FIXED_BETA;
        this.gamma = variant.fitGamma() ? gamma : ModelVariant.FIXED_GAMMA;
    }

    /** The model at full parameters (α, β, γ). */
    public static HierarchicalModel of(ModelVariant variant, double[] parameters) {
        return new HierarchicalModel(variant, parameters[0], parameters[1], parameters[2]);
    }

    public ModelVariant variant() {
        return variant;
    }

    public double alpha() {
        return alpha;
    }

    public double beta() {
        return beta;
    }

    public double gamma() {
        return gamma;
    }

    public double[] parameters() {
        return new double[] {alpha, beta, gamma};
    }

    /** The prior term ln2·K^β (or ln2·β·K for the linear-complexity variant), K in bits. */
    public double complexityPenalty(double bits) {
        if (variant.linearComplexity()) {
            return LN2 * beta * bits;
        }
        return bits > 0 ? LN2 * Math.pow(bits, beta) : 0;
    }

    /** The evidence scale γ·N^(1−α) multiplying the loss. */
    public double evidenceScale(double step) {
        return gamma * Math.pow(step, 1 - alpha);
    }

    /** log post(Q | N) up to a constant shared by all Q. */
    public double logPosterior(double step, double loss, double bits) {
        return -evidenceScale(step) * loss - complexityPenalty(bits);
    }

    /**
     * ∂ log post(Q | N) / ∂(log α, log β, log γ), written into {@code out} (length 3; 0 for fixed parameters).
     * Derivation: u = −γ N^e L − c(K), e = 1 − α.
     * ∂u/∂log γ = −γ N^e L; ∂u/∂log α = α·γ·L·N^e·ln N; ∂u/∂log β = −β·ln2·K^β·ln K
     * (linear variant: −β·ln2·K).
     */
    public void logPosteriorGradient(double step, double loss, double bits, double[] out) {
        double scaled = evidenceScale(step) * loss;
        out[0] = variant.fitAlpha() ? alpha * scaled * Math.log(step) : 0;
        if (!variant.fitBeta()) {
            out[1] = 0;
        } else if (variant.linearComplexity()) {
            out[1] = -beta * LN2 * bits;
        } else {
            out[1] = bits > 0 ? -beta * LN2 * Math.pow(bits, beta) * Math.log(bits) : 0;
        }
        out[2] = variant.fitGamma() ? -scaled : 0;
    }

    /** Posterior weights over the strategies at step N (softmax of the log posteriors). */
    public double[] weights(double step, double[] losses, double[] bits) {
        if (losses.length != bits.length) {
            throw new IllegalArgumentException("need one complexity per loss; got " + bits.length + " for "
                    + losses.length);
        }
        double[] u = new double[losses.length];
        for (int q = 0; q < u.length; q++) {
            u[q] = logPosterior(step, losses[q], bits[q]);
        }
        return softmaxInPlace(u);
    }

    /** log post(M | N) − log post(G | N). */
    public double logOdds(double step, double lossM, double bitsM, double lossG, double bitsG) {
        return logPosterior(step, lossM, bitsM) - logPosterior(step, lossG, bitsG);
    }

    /**
     * The step where the log-odds of M over G cross 0:
     * N* = [(c(K_M) − c(K_G)) / (γ (L(G) − L(M)))]^(1/(1−α)), c the complexity penalty. Returns +∞ when M never
     * overtakes G (L(M) ≥ L(G) while M is more complex) and 0 when M is favoured from the start.
     */
    public double transitionStep(double lossM, double bitsM, double lossG, double bitsG) {
        double penalty = complexityPenalty(bitsM) - complexityPenalty(bitsG);
        double gain = gamma * (lossG - lossM);
        if (!(gain > 0)) {
            return penalty > 0 || gain < 0 ? Double.POSITIVE_INFINITY : 0;
        }
        if (penalty <= 0) {
            return 0;
        }
        return Math.pow(penalty / gain, 1 / (1 - alpha));
    }

    /** Numerically stable softmax, in place; returns its argument. */
    public static double[] softmaxInPlace(double[] u) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : u) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < u.length; i++) {
            u[i] = Math.exp(u[i] - max);
            sum += u[i];
        }
        for (int i = 0; i < u.length; i++) {
            u[i] /= sum;
        }
        return u;
    }
}
