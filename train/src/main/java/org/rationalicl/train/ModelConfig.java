// The shape of a GPT-NeoX network (SPEC §3) and of its task head; validated on construction.
// Derived sizes (sequence length, MLP width, rotary dims) are computed here once, as HuggingFace does.
package org.rationalicl.train;

import org.rationalicl.simd.Rotary;

/**
 * @param head        the task family's head
 * @param vocab       categorical: number of symbols V (vocabulary V+1 with the start token); else ignored (≥ 1)
 * @param dims        regression/classification: input dimension d; categorical: ignored (≥ 1)
 * @param context     C: categorical draws after the start token, regression pairs, classification pairs
 * @param hidden      H
 * @param layers      number of decoder layers
 * @param heads       attention heads (must divide H)
 * @param mlpFactor   I = H · mlpFactor, must be a positive integer
 * @param rotaryPct   fraction of each head's dims that are rotated (HF rotary_pct, 0.25)
 * @param rotaryBase  rotary base (10000)
 */
public record ModelConfig(Head head, int vocab, int dims, int context, int hidden, int layers, int heads,
                          double mlpFactor, double rotaryPct, double rotaryBase) {

    public static final float LAYER_NORM_EPS = 1e-5f;
    public static final double INIT_STD = 0.02;

    public ModelConfig {
        if (head == null) throw new IllegalArgumentException("head must not be null");
        requireRange("vocab", vocab, 1, 1 << 20);
        requireRange("dims", dims, 1, 1 << 16);
        requireRange("context", context, 1, 1 << 16);
        requireRange("hidden", hidden, 1, 1 << 16);
        requireRange("layers", layers, 1, 1024);
        requireRange("heads", heads, 1, hidden);
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("heads = " + heads + " must divide hidden = " + hidden);
        }
        if (!(mlpFactor > 0) || !Double.isFinite(mlpFactor)) {
            throw new IllegalArgumentException("mlpFactor = " + mlpFactor + " must be a positive number");
        }
        double inter = hidden * mlpFactor;
        if (inter < 1 || inter != Math.rint(inter) || inter > (1 << 20)) {
            throw new IllegalArgumentException("mlpFactor = " + mlpFactor + ": hidden · mlpFactor = " + inter
                    + " must be an integer in [1, 1048576]");
        }
        if (!(rotaryPct >= 0 && rotaryPct <= 1)) {
            throw new IllegalArgumentException("rotaryPct = " + rotaryPct + " must be in [0, 1]");
        }
        if (!(rotaryBase > 0) || !Double.isFinite(rotaryBase)) {
            throw new IllegalArgumentException("rotaryBase = " + rotaryBase + " must be a positive number");
        }
        int rot = Rotary.rotaryDims(hidden / heads, rotaryPct);
        if (rot % 2 != 0) {
            // HF's rotate-half needs an even slice; an odd one does not even run there.
            throw new IllegalArgumentException("rotaryPct = " + rotaryPct + " gives " + rot
                    + " rotary dims for head size " + hidden / heads + "; it must be even (or 0)");
        }
    }

    /** The paper's defaults for a head (SPEC §3): H 64, 1 head, mlp 4, layers 1 (8 for regression). */
    public static ModelConfig defaults(Head head, int vocabOrDims, int context) {
        return new ModelConfig(head, vocabOrDims, vocabOrDims, context, 64,
                head == Head.REGRESSION ? 8 : 1, 1, 4.0, 0.25, 10000.0);
    }

    private static void requireRange(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " = " + value + " must be in [" + min + ", " + max + "]");
        }
    }

    /** Tokens per sequence: C+1 (categorical, with the start token), 2C (regression), C (classification). */
    public int seqLen() {
        return switch (head) {
            case CATEGORICAL -> context + 1;
            case REGRESSION -> 2 * context;
            case CLASSIFICATION -> context;
        };
    }

    /**
     * Positions the network computes per sequence: the tokens up to the last one whose output a loss reads. A
     * causal network's output at a position depends on the tokens up to it only, so trailing tokens that no loss
     * reads change nothing and are not fed: C of categorical's C+1 (the prediction after the last draw is not
     * trained), 2C−1 of regression's 2C (the last y token follows the last x), and all C of classification.
     */
    public int positions() {
        return switch (head) {
            case CATEGORICAL -> context;
            case REGRESSION -> 2 * context - 1;
            case CLASSIFICATION -> context;
        };
    }

    /** MLP width I = H · mlpFactor. */
    public int intermediate() {
        return (int) Math.rint(hidden * mlpFactor);
    }

    public int headSize() {
        return hidden / heads;
    }

    /** Rotated dims per head, HF's int(head_size · rotary_pct); 0 means no rotary. */
    public int rotaryDims() {
        return Rotary.rotaryDims(headSize(), rotaryPct);
    }

    /** Width of a read-in input vector: 0 for categorical (embedding), d for regression, d+1 for classification. */
    public int inputDim() {
        return switch (head) {
            case CATEGORICAL -> 0;
            case REGRESSION -> dims;
            case CLASSIFICATION -> dims + 1;
        };
    }

    /** Width of the output head: V+1 logits, 1 regression value, 2 label logits. */
    public int outputDim() {
        return switch (head) {
            case CATEGORICAL -> vocab + 1;
            case REGRESSION -> 1;
            case CLASSIFICATION -> 2;
        };
    }

    /** Output rows per sequence: the C trained positions (categorical), the C x positions, or the last position. */
    public int outputRows() {
        return switch (head) {
            case CATEGORICAL -> context;
            case REGRESSION -> context;
            case CLASSIFICATION -> 1;
        };
    }
}
