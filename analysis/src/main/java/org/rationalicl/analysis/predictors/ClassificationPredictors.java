// The ideal predictors of classification (SPEC §2.3) on plain arrays: M (posterior over the D pool pairs given
// the noisy target item), G (posterior over the context items, copying their labels) and the uniform constant.
package org.rationalicl.analysis.predictors;

/**
 * Layouts (row-major, flat): pool {@code (D, d+1)} (item, label 0/1); pairs {@code (S, C, d+1)} (noised items
 * with their labels; rows 0..C−2 are the context, row C−1 the target, whose label is −1); predictions
 * {@code (S, 2)}: the label distribution at the target, clamped to [1e-5, 1 − 1e-5]. Log-likelihoods are
 * computed in double and normalised by a log-sum-exp. Instances are immutable and thread-safe.
 */
public final class ClassificationPredictors {

    /** Both M and G keep each label's probability in [CLAMP, 1 − CLAMP] (SPEC §2.3). */
    public static final double CLAMP = 1e-5;

    private final float[] pool; // (D, d+1)
    private final int poolSize;
    private final int dim;
    private final double variance;

    /** v = 0.5, the SPEC's within-class variance. */
    public static final double DEFAULT_WITHIN_CLASS_VARIANCE = 0.5;

    /**
     * @param pool                {@code (D, d+1)} pairs: a finite item of dimension d, then its label 0 or 1
     * @param poolSize            D ≥ 1
     * @param dim                 d ≥ 1
     * @param withinClassVariance v &gt; 0 (the noise added to every item; the limit v → 0 is noiseless)
     */
    public ClassificationPredictors(float[] pool, int poolSize, int dim, double withinClassVariance) {
        Args.notNull("pool", pool);
        Args.positive("poolSize", poolSize);
        Args.positive("dim", dim);
        Args.positiveFinite("withinClassVariance", withinClassVariance);
        Args.length("pool", pool.length, "(poolSize, dim + 1)", poolSize, dim + 1L);
        Args.finite("pool", pool);
        for (int j = 0; j < poolSize; j++) {
            float label = pool[j * (dim + 1) + dim];
            if (label != 0f && label != 1f) {
                throw new IllegalArgumentException("pool[" + j + ", " + dim + "] = " + label + ": labels must be 0 or 1");
            }
        }
        this.pool = pool.clone();
        this.poolSize = poolSize;
        this.dim = dim;
        this.variance = withinClassVariance;
    }

    public int poolSize() {
        return poolSize;
    }

    public int dim() {
        return dim;
    }

    /** Predictions {@code (S, 2)} of the given strategy. */
    public float[] predict(Strategy strategy, float[] pairs, int sequences, int context) {
        return switch (strategy) {
            case MEMORIZING -> memorizing(pairs, sequences, context);
            case GENERALIZING -> generalizing(pairs, sequences, context);
            case CONSTANT -> {
                check(pairs, sequences, context);
                yield constant(sequences);
            }
        };
    }

    /**
     * M: posterior over the pool pairs with log-likelihood −(d / 2v)·‖√(1+v)·x_target − item_j‖² (uniform prior),
     * prediction = posterior-weighted one-hot labels, clamped. Returns {@code (S, 2)}.
     */
    public float[] memorizing(float[] pairs, int sequences, int context) {
        check(pairs, sequences, context);
        return MemorizingClassification.predict(pool, poolSize, dim, variance, pairs, sequences, context);
    }

    /**
     * G: posterior over the C−1 context items with log-likelihood −(d(1+v)² / (2v(2+v)))·‖x_target − x_i/(1+v)‖²
     * (the predictive density of a second noisy copy of the item behind x_i, under the N(0, I/d) item prior),
     * prediction = posterior-weighted one-hot context labels, clamped. Returns {@code (S, 2)}.
     */
    public float[] generalizing(float[] pairs, int sequences, int context) {
        check(pairs, sequences, context);
        return GeneralizingClassification.predict(dim, variance, pairs, sequences, context);
    }

    /** The constant baseline: uniform over the two labels. {@code (S, 2)}. */
    public float[] constant(int sequences) {
        Args.atLeast("sequences", sequences, 0);
        float[] out = new float[2 * sequences];
        java.util.Arrays.fill(out, 0.5f);
        return out;
    }

    /** Cross-entropy −log predictions[s, labels[s]] at each target. Returns {@code (S)}. */
    public static double[] losses(float[] predictions, int[] labels, int sequences) {
        Args.notNull("predictions", predictions);
        Args.notNull("labels", labels);
        Args.atLeast("sequences", sequences, 0);
        Args.length("predictions", predictions.length, "(sequences, 2)", sequences, 2);
        Args.length("labels", labels.length, "(sequences)", sequences);
        double[] out = new double[sequences];
        for (int s = 0; s < sequences; s++) {
            int y = labels[s];
            if (y != 0 && y != 1) {
                throw new IllegalArgumentException("labels[" + s + "] = " + y + ": must be 0 or 1");
            }
            out[s] = -Math.log(predictions[2 * s + y]);
        }
        return out;
    }

    /** A batch of classification sequences: pairs {@code (count, C, d+1)} and the hidden target labels {@code (count)}. */
    public record Batch(float[] pairs, int[] labels) {}

    /** The cross-entropy at the target of each sequence the source yields (one token per sequence). */
    public SequenceLossSource perSequenceLoss(Strategy strategy, SequenceBatches<Batch> source, int context) {
        Args.notNull("strategy", strategy);
        Args.notNull("source", source);
        Args.positive("context", context);
        return (first, count) -> {
            Batch b = source.batch(first, count);
            return losses(predict(strategy, b.pairs(), count, context), b.labels(), count);
        };
    }

    /** Softmax of logLik over n candidates whose labels sit at labels[off + i·row + dim]; writes the clamped pair. */
    static void writeLabelDistribution(float[] out, int s, double[] logLik, float[] labels, int off, int n,
                                               int row, int dim) {
        double lse = LogSpace.logSumExp(logLik, 0, n);
        double p1 = 0;
        for (int i = 0; i < n; i++) {
            if (labels[off + i * row + dim] == 1f) p1 += Math.exp(logLik[i] - lse);
        }
        p1 = Math.min(1 - CLAMP, Math.max(CLAMP, p1));
        out[2 * s] = (float) (1 - p1);
        out[2 * s + 1] = (float) p1;
    }

    private void check(float[] pairs, int sequences, int context) {
        Args.notNull("pairs", pairs);
        Args.atLeast("sequences", sequences, 0);
        Args.atLeast("context", context, 2);
        Args.length("pairs", pairs.length, "(sequences, context, dim + 1)", sequences, context, dim + 1L);
        int row = dim + 1;
        for (int s = 0; s < sequences; s++) {
            for (int i = 0; i < context; i++) {
                float label = pairs[(s * context + i) * row + dim];
                boolean target = i == context - 1;
                if (target ? label != -1f : label != 0f && label != 1f) {
                    throw new IllegalArgumentException("pairs[" + s + ", " + i + ", " + dim + "] = " + label
                            + (target ? ": the target's label must be -1 (hidden)" : ": context labels must be 0 or 1"));
                }
            }
        }
    }
}
