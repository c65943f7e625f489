// The training losses of SPEC §2, as sums over their terms; the caller scales by 1/terms of the whole batch
// (so data-parallel workers, each with a slice, produce the gradient of the global mean).
package org.rationalicl.train;

import org.rationalicl.simd.Kernels;

final class Losses {
    private Losses() {}

    /** Number of loss terms of {@code sequences} sequences: B·C (categorical, regression) or B (classification). */
    static long terms(ModelConfig c, int sequences) {
        return c.head() == Head.CLASSIFICATION ? sequences : (long) sequences * c.context();
    }

    /** Sum of the loss terms of sequences [first, first+count) from out (B, outputRows, outputDim). */
    static double lossForward(Kernels k, ModelConfig c, Activations acts, Batch batch, int first, int count) {
        return loss(k, c, acts, batch, first, count, false, 0f);
    }

    /** lossForward and lossBackward in one pass: returns the sum of the loss terms and writes dOut. */
    static double lossWithGradient(Kernels k, ModelConfig c, Activations acts, Batch batch, int first, int count,
                                   float gradScale) {
        return loss(k, c, acts, batch, first, count, true, gradScale);
    }

    /** Writes dOut (B, outputRows, outputDim) = gradScale · ∂(sum of loss terms)/∂out. */
    static void lossBackward(Kernels k, ModelConfig c, Activations acts, Batch batch, int first, int count,
                             float gradScale) {
        loss(k, c, acts, batch, first, count, true, gradScale);
    }

    private static double loss(Kernels k, ModelConfig c, Activations acts, Batch batch, int first, int count,
                               boolean backward, float gradScale) {
        float[] a = acts.a;
        switch (c.head()) {
            case CATEGORICAL -> {
                // position t predicts token t+1; every position the network computes has its target (ModelConfig.positions())
                int t = c.positions();
                return k.crossEntropy(backward ? a : null, acts.dOut, a, acts.out, c.outputDim(),
                        batch.targets, first * t, count * t, c.outputDim(), gradScale);
            }
            case CLASSIFICATION -> {
                return k.crossEntropy(backward ? a : null, acts.dOut, a, acts.out, 2,
                        batch.targets, first, count, 2, gradScale);
            }
            case REGRESSION -> {
                // L = Σ (ŷ − y)²  ⇒  ∂L/∂ŷ = 2 (ŷ − y)
                int n = count * c.context(), y0 = first * c.context();
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    float diff = a[acts.out + i] - batch.values[y0 + i];
                    if (backward) a[acts.dOut + i] = 2f * diff * gradScale;
                    sum += (double) diff * diff;
                }
                return sum;
            }
            default -> throw new AssertionError(c.head());
        }
    }
}
