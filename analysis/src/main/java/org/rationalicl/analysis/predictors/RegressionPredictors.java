// The ideal predictors of linear regression (SPEC §2.2) on plain arrays: M (discrete MMSE over the D pool
// weight vectors, Gaussian likelihood in log space), G (ridge = posterior mean under N(0, I)) and the constant 0.
package org.rationalicl.analysis.predictors;


/**
 * Layouts (row-major, flat): pool {@code (D, d)}; xs {@code (S, C, d)}; ys {@code (S, C)}; predictions
 * {@code (S, C)}, where position t predicts y_t from the pairs 0..t−1 and x_t. Instances are immutable and
 * thread-safe; every method parallelises over sequences, and its results do not depend on the number of threads.
 */
public final class RegressionPredictors {

    private final int poolSize;
    private final int dim;
    private final double noiseVariance;
    private final float[] poolT; // (d, D) the pool transposed: x·w_j for all j is a combination of d rows
    private final PosteriorKernels kernels;

    /** σ² = d/256, the SPEC default. */
    public static double defaultNoiseVariance(int dim) {
        Args.positive("dim", dim);
        return dim / 256.0;
    }

    /**
     * @param pool          {@code (D, d)} weight vectors, finite
     * @param poolSize      D ≥ 1
     * @param dim           d ≥ 1
     * @param noiseVariance σ² &gt; 0 (the SPEC default is {@link #defaultNoiseVariance(int)})
     */
    public RegressionPredictors(float[] pool, int poolSize, int dim, double noiseVariance) {
        Args.notNull("pool", pool);
        Args.positive("poolSize", poolSize);
        Args.positive("dim", dim);
        Args.positiveFinite("noiseVariance", noiseVariance);
        Args.length("pool", pool.length, "(poolSize, dim)", poolSize, dim);
        Args.finite("pool", pool);
        this.poolSize = poolSize;
        this.dim = dim;
        this.noiseVariance = noiseVariance;
        this.poolT = new float[poolSize * dim];
        for (int j = 0; j < poolSize; j++) {
            for (int k = 0; k < dim; k++) poolT[k * poolSize + j] = pool[j * dim + k];
        }
        this.kernels = PosteriorKernels.get();
    }

    public int poolSize() {
        return poolSize;
    }

    public int dim() {
        return dim;
    }

    public double noiseVariance() {
        return noiseVariance;
    }

    /** Predictions {@code (S, C)} of the given strategy. */
    public float[] predict(Strategy strategy, float[] xs, float[] ys, int sequences, int context) {
        return switch (strategy) {
            case MEMORIZING -> memorizing(xs, ys, sequences, context);
            case GENERALIZING -> generalizing(xs, ys, sequences, context);
            case CONSTANT -> {
                check(xs, ys, sequences, context);
                yield constant(sequences, context);
            }
        };
    }

    /**
     * M: Σ_j p(j | pairs before t) x_t·w_j with p(j | ·) ∝ exp(−SSE_j / 2σ²) (uniform prior over the pool); at
     * t = 0 the plain pool average of x_0·w_j. Log-posterior kept max-shifted to 0. Returns {@code (S, C)}.
     */
    public float[] memorizing(float[] xs, float[] ys, int sequences, int context) {
        check(xs, ys, sequences, context);
        return MemorizingRegression.predict(kernels, poolT, poolSize, dim, noiseVariance, xs, ys, sequences, context);
    }

    /**
     * G: x_t · w_t with w_t = (XᵀX + σ²I)⁻¹ Xᵀy over the pairs before t (0 at t = 0). The inverse is carried
     * from position to position by Sherman–Morrison rank-1 updates in double: O(d²) per position.
     * Returns {@code (S, C)}.
     */
    public float[] generalizing(float[] xs, float[] ys, int sequences, int context) {
        check(xs, ys, sequences, context);
        return GeneralizingRegression.predict(dim, noiseVariance, xs, ys, sequences, context);
    }

    /** The constant baseline: the prior mean of y, 0, at every position. {@code (S, C)}. */
    public float[] constant(int sequences, int context) {
        Args.atLeast("sequences", sequences, 0);
        Args.positive("context", context);
        return new float[Args.toInt("predictions", (long) sequences * context)];
    }

    /**
     * M's posterior over the pool after the pairs 0..position−1 of one sequence, computed directly in double
     * with a log-sum-exp (slow; for inspection and tests). Returns {@code (D)}, summing to 1.
     */
    public double[] memorizingPosterior(float[] xs, float[] ys, int sequences, int context, int sequence,
                                        int position) {
        check(xs, ys, sequences, context);
        if (sequence < 0 || sequence >= sequences) {
            throw new IllegalArgumentException("sequence = " + sequence + ": must be in [0, " + sequences + ")");
        }
        if (position < 0 || position > context) {
            throw new IllegalArgumentException("position = " + position + ": must be in [0, " + context + "]");
        }
        double[] logPost = new double[poolSize];
        for (int t = 0; t < position; t++) {
            int i = sequence * context + t;
            for (int j = 0; j < poolSize; j++) {
                double p = 0;
                for (int k = 0; k < dim; k++) p += (double) xs[i * dim + k] * poolT[k * poolSize + j];
                double e = ys[i] - p;
                logPost[j] -= e * e / (2 * noiseVariance);
            }
        }
        return LogSpace.normalise(logPost);
    }

    /** Per-position loss (y − ŷ)² / (2σ²) of predictions {@code (S, C)} against ys {@code (S, C)}, with this σ². */
    public double[] losses(float[] predictions, float[] ys, int sequences, int context) {
        return losses(predictions, ys, sequences, context, noiseVariance);
    }

    /** Per-position loss (y − ŷ)² / (2σ²) (SPEC: "MSE / (2σ²)"). Returns {@code (S, C)}. */
    public static double[] losses(float[] predictions, float[] ys, int sequences, int context, double noiseVariance) {
        Args.notNull("predictions", predictions);
        Args.notNull("ys", ys);
        Args.atLeast("sequences", sequences, 0);
        Args.positive("context", context);
        Args.positiveFinite("noiseVariance", noiseVariance);
        Args.length("predictions", predictions.length, "(sequences, context)", sequences, context);
        Args.length("ys", ys.length, "(sequences, context)", sequences, context);
        double[] out = new double[predictions.length];
        for (int i = 0; i < out.length; i++) {
            double e = (double) ys[i] - predictions[i];
            out[i] = e * e / (2 * noiseVariance);
        }
        return out;
    }

    /** A batch of regression sequences: xs {@code (count, C, d)}, ys {@code (count, C)}. */
    public record Batch(float[] xs, float[] ys) {}

    /** Mean per-token loss of each sequence the source yields, under the given strategy (for {@link TrainingLoss}). */
    public SequenceLossSource perSequenceLoss(Strategy strategy, SequenceBatches<Batch> source, int context) {
        Args.notNull("strategy", strategy);
        Args.notNull("source", source);
        Args.positive("context", context);
        return (first, count) -> {
            Batch b = source.batch(first, count);
            float[] pred = predict(strategy, b.xs(), b.ys(), count, context);
            return Evidence.meanPerSequence(losses(pred, b.ys(), count, context), count, context);
        };
    }

    private void check(float[] xs, float[] ys, int sequences, int context) {
        Args.notNull("xs", xs);
        Args.notNull("ys", ys);
        Args.atLeast("sequences", sequences, 0);
        Args.positive("context", context);
        Args.length("xs", xs.length, "(sequences, context, dim)", sequences, context, dim);
        Args.length("ys", ys.length, "(sequences, context)", sequences, context);
    }
}
