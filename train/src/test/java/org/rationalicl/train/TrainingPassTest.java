// The trainer's fast paths against the plain forward and backward: weights pre-transposed once a step, and the
// loss gradient written by the forward's loss pass (forwardBackward). Both must give the same bits, on the scalar
// and the vector kernels.
package org.rationalicl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rationalicl.simd.Kernels;
import org.rationalicl.simd.ScalarKernels;

class TrainingPassTest {

    @Test
    void forwardIsBitIdenticalWithTransposedWeights() {
        // two layers, two heads, MLP factor 1.5 (intermediate 24 ≠ hidden), T = 10; every Linear at least 16 wide
        // (narrower outputs can take the vector A·Bᵀ kernel's dot-product path, which sums in another order)
        ModelConfig c = new ModelConfig(Head.CATEGORICAL, 5, 5, 9, 16, 2, 2, 1.5, 0.5, 10000);
        for (Kernels kernels : new Kernels[] {new ScalarKernels(), Kernels.get()}) {
            Model model = new Model(c, kernels);
            float[] params = model.newArena();
            model.initialize(params, 3);
            Random random = new Random(5);
            for (int i = 0; i < params.length; i++) params[i] += 0.1f * (float) random.nextGaussian();
            int sequences = 3, t = c.seqLen();
            Batch batch = new Batch(c, sequences);
            int[] tokens = new int[t];
            for (int s = 0; s < sequences; s++) {
                tokens[0] = c.vocab();
                for (int i = 1; i < t; i++) tokens[i] = random.nextInt(c.vocab());
                batch.setCategorical(s, tokens, 0);
            }
            float[] weightsT = model.newArena();
            model.prepareStepWeights(params, weightsT);

            Activations plain = new Activations(c, sequences), transposed = new Activations(c, sequences);
            double lossPlain = model.forward(params, plain, batch, 0, sequences);
            double lossTransposed = model.forward(params, weightsT, transposed, batch, 0, sequences);
            assertEquals(Double.doubleToRawLongBits(lossPlain), Double.doubleToRawLongBits(lossTransposed),
                    kernels.name() + ": loss " + lossPlain + " vs " + lossTransposed);
            int mismatches = 0;
            StringBuilder first = new StringBuilder();
            for (int s = 0; s < sequences; s++) {
                for (int r = 0; r < c.outputRows(); r++) {
                    for (int j = 0; j < c.outputDim(); j++) {
                        float x = model.output(plain, s, r, j), y = model.output(transposed, s, r, j);
                        if (Float.floatToRawIntBits(x) != Float.floatToRawIntBits(y) && mismatches++ < 5) {
                            first.append(" (").append(s).append(',').append(r).append(',').append(j).append(") ")
                                    .append(x).append(" vs ").append(y);
                        }
                    }
                }
            }
            if (mismatches > 0) fail(kernels.name() + ": " + mismatches + " outputs differ:" + first);
        }
    }

    @Test
    void forwardBackwardIsBitIdenticalToForwardThenBackward() {
        ModelConfig[] configs = {
            new ModelConfig(Head.CATEGORICAL, 5, 5, 9, 16, 2, 2, 1.5, 0.5, 10000),
            new ModelConfig(Head.REGRESSION, 1, 3, 4, 8, 2, 2, 1.5, 0.5, 10000),
            new ModelConfig(Head.CLASSIFICATION, 1, 3, 5, 12, 1, 3, 0.5, 0.5, 10000),
            // one head: layers 1 and 2 fold their dense projection into the values (FoldedDense)
            new ModelConfig(Head.REGRESSION, 1, 2, 4, 16, 3, 1, 2.0, 0.5, 10000),
        };
        for (ModelConfig c : configs) {
            for (Kernels kernels : new Kernels[] {new ScalarKernels(), Kernels.get()}) {
                Model model = new Model(c, kernels);
                float[] params = model.newArena();
                model.initialize(params, 3);
                Random random = new Random(7);
                for (int i = 0; i < params.length; i++) params[i] += 0.1f * (float) random.nextGaussian();
                int sequences = 3;
                Batch batch = randomBatch(c, sequences, random);
                float[] weightsT = model.newArena();
                model.prepareStepWeights(params, weightsT);
                float gradScale = 1f / model.lossTerms(sequences);

                Activations acts = new Activations(c, sequences);
                float[] twoCalls = model.newArena(), oneCall = model.newArena();
                double lossTwoCalls = model.forward(params, weightsT, acts, batch, 0, sequences);
                model.backward(params, weightsT, twoCalls, acts, batch, 0, sequences, gradScale);
                double lossOneCall = model.forwardBackward(params, weightsT, oneCall, acts, batch, 0, sequences,
                        gradScale);
                String what = c.head() + " " + kernels.name();
                assertEquals(Double.doubleToRawLongBits(lossTwoCalls), Double.doubleToRawLongBits(lossOneCall),
                        what + ": loss " + lossTwoCalls + " vs " + lossOneCall);
                assertArrayEquals(twoCalls, oneCall, what + ": gradients differ");
            }
        }
    }

    static Batch randomBatch(ModelConfig c, int sequences, Random random) {
        Batch batch = new Batch(c, sequences);
        int t = c.seqLen();
        for (int s = 0; s < sequences; s++) {
            switch (c.head()) {
                case CATEGORICAL -> {
                    int[] tokens = new int[t];
                    tokens[0] = c.vocab();
                    for (int i = 1; i < t; i++) tokens[i] = random.nextInt(c.vocab());
                    batch.setCategorical(s, tokens, 0);
                }
                case REGRESSION -> {
                    float[] xs = new float[c.context() * c.dims()], ys = new float[c.context()];
                    for (int i = 0; i < xs.length; i++) xs[i] = (float) random.nextGaussian();
                    for (int i = 0; i < ys.length; i++) ys[i] = (float) random.nextGaussian();
                    batch.setRegression(s, xs, 0, ys, 0);
                }
                case CLASSIFICATION -> {
                    float[] pairs = new float[t * c.inputDim()];
                    for (int i = 0; i < pairs.length; i++) pairs[i] = (float) random.nextGaussian();
                    batch.setClassification(s, pairs, 0, random.nextInt(2));
                }
            }
        }
        return batch;
    }
}
