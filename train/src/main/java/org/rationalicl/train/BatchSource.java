// Where a training step's sequences come from. Implementations must be pure functions of (step, sequence
// index) — never of the thread that calls them — so that results do not depend on scheduling.
package org.rationalicl.train;

import java.util.SplittableRandom;

@FunctionalInterface
public interface BatchSource {
    /**
     * Fills sequences [from, to) of {@code batch} with the training sequences of 0-based optimizer step
     * {@code step}. Called concurrently by several threads on disjoint ranges of the same batch.
     */
    void fill(Batch batch, long step, int from, int to);

    /**
     * One batch of random sequences of the model's task, drawn once (seed 1) and copied in at every step, so a
     * benchmark times the step and not the sampling: categorical tokens, Gaussian regression pairs, or Gaussian
     * classification pairs with the target's label hidden.
     */
    static BatchSource fixed(ModelConfig c, int batchSize) {
        SplittableRandom random = new SplittableRandom(1);
        int t = c.seqLen();
        switch (c.head()) {
            case CATEGORICAL -> {
                int[] tokens = new int[batchSize * t];   // (B, C+1)
                for (int b = 0; b < batchSize; b++) {
                    tokens[b * t] = c.vocab();
                    for (int i = 1; i < t; i++) tokens[b * t + i] = random.nextInt(c.vocab());
                }
                return (batch, step, from, to) -> {
                    for (int b = from; b < to; b++) batch.setCategorical(b, tokens, b * t);
                };
            }
            case REGRESSION -> {
                int d = c.dims(), n = c.context();
                float[] xs = new float[batchSize * n * d], ys = new float[batchSize * n];   // (B, C, d), (B, C)
                for (int i = 0; i < xs.length; i++) xs[i] = (float) random.nextGaussian();
                for (int i = 0; i < ys.length; i++) ys[i] = (float) random.nextGaussian();
                return (batch, step, from, to) -> {
                    for (int b = from; b < to; b++) batch.setRegression(b, xs, b * n * d, ys, b * n);
                };
            }
            default -> {
                int w = c.inputDim(), per = t * w;
                float[] pairs = new float[batchSize * per];   // (B, C, d+1)
                int[] labels = new int[batchSize];
                for (int b = 0; b < batchSize; b++) {
                    for (int i = 0; i < per; i++) pairs[b * per + i] = (float) random.nextGaussian();
                    pairs[b * per + per - 1] = -1;   // the target's hidden label
                    labels[b] = random.nextInt(2);
                }
                return (batch, step, from, to) -> {
                    for (int b = from; b < to; b++) batch.setClassification(b, pairs, b * per, labels[b]);
                };
            }
        }
    }
}
