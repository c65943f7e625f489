// The forward pass that reads the layers' weights pre-transposed (the trainer's path) against the one that
// transposes them inside each GEMM (evaluation's path): the same bits, on the scalar and the vector kernels.
package org.rationalicl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rationalicl.simd.Kernels;
import org.rationalicl.simd.ScalarKernels;

class TransposedWeightsTest {

    @Test
    void forwardIsBitIdenticalWithTransposedWeights() {
        // two layers, two heads, MLP factor 1.5 (intermediate 24 ≠ hidden), T = 10
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
            model.transposeLayerWeights(params, weightsT);

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
}
