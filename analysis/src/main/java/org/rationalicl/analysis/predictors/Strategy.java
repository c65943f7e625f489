// The three reference predictors of SPEC §2, with the names used for their tensors in predictors.safetensors.
package org.rationalicl.analysis.predictors;

/** Which ideal predictor: memorizing (M), generalizing (G) or the constant baseline. */
public enum Strategy {
    /** M: Bayes-optimal under a discrete uniform prior over the D training-pool tasks. */
    MEMORIZING("M"),
    /** G: Bayes-optimal under the true continuous task prior. */
    GENERALIZING("G"),
    /** The context-free baseline: the prior mean (categorical), 0 (regression), uniform (classification). */
    CONSTANT("constant");

    private final String tensorPrefix;

    Strategy(String tensorPrefix) {
        this.tensorPrefix = tensorPrefix;
    }

    /** "M", "G" or "constant": the prefix of this predictor's tensors, e.g. {@code M.eval.pred}. */
    public String tensorPrefix() {
        return tensorPrefix;
    }
}
