// Everything the analysis needs about one ideal predictor (M, G, a further one, or the constant
// baseline) at one pool size D: its predictions on both evaluation sets, its loss L(Q) and complexity K(Q).
package org.rationalicl.analysis.data;

/**
 * @param name               a label such as "M", "G" or "constant"
 * @param id                 predictions on the in-distribution ("train") evaluation set
 * @param ood                predictions on the out-of-distribution ("eval") evaluation set
 * @param loss               L(Q): per-token loss on fresh training-distribution sequences (nats)
 * @param complexityBits     K(Q) in bits (SPEC section 7); ignored for the constant baseline
 * @param contextEvidenceId  (S, C) cumulative log-likelihood of the ID sequence before each predicted
 *                           position under this predictor, for context-dependent weights; may be null
 * @param contextEvidenceOod the same on the OOD set; may be null
 */
public record PredictorOutputs(String name, Predictions id, Predictions ood, double loss, double complexityBits,
                               float[] contextEvidenceId, float[] contextEvidenceOod) {
    public PredictorOutputs {
        if (id == null || ood == null) {
            throw new IllegalArgumentException("predictor " + name + ": id and ood predictions are required");
        }
        if (!Double.isFinite(loss)) {
            throw new IllegalArgumentException("predictor " + name + ": loss must be finite; got " + loss);
        }
        if (!(complexityBits >= 0) || Double.isInfinite(complexityBits)) {
            throw new IllegalArgumentException("predictor " + name + ": complexityBits must be finite and >= 0; got "
                    + complexityBits);
        }
        if (contextEvidenceId != null && contextEvidenceId.length != id.rows()) {
            throw new IllegalArgumentException("predictor " + name + ": contextEvidenceId must have S*C = " + id.rows()
                    + " values; got " + contextEvidenceId.length);
        }
        if (contextEvidenceOod != null && contextEvidenceOod.length != ood.rows()) {
            throw new IllegalArgumentException("predictor " + name + ": contextEvidenceOod must have S*C = "
                    + ood.rows() + " values; got " + contextEvidenceOod.length);
        }
    }

    /** A predictor without in-context evidence arrays. */
    public PredictorOutputs(String name, Predictions id, Predictions ood, double loss, double complexityBits) {
        this(name, id, ood, loss, complexityBits, null, null);
    }
}
