// Useful floating-point work of one training step: matrix products only (2·m·n·k each), backward = 2× forward,
// and causal attention counted as half of the T×T score matrix. The categorical default comes to 2.87 GFLOP per step.
package org.rationalicl.cli;

import org.rationalicl.train.Head;
import org.rationalicl.train.ModelConfig;

final class StepFlops {
    private StepFlops() {
    }

    /**
     * Forward FLOPs of a batch; {@code causalHalf} counts T²/2 query-key pairs per sequence (the causal mask keeps
     * T(T+1)/2; the half is the convention of the peer's recorded 2.87 GFLOP, 0.1 % less at T = 129), else T².
     */
    static double forward(ModelConfig c, int batch, boolean causalHalf) {
        double t = c.seqLen(), h = c.hidden(), rows = (double) batch * t;
        double pairs = causalHalf ? t * t / 2 : t * t;   // per sequence (and per head: heads split H)
        double perLayer = 2 * rows * h * 3 * h                  // query_key_value
                + 2 * rows * h * h                              // attention dense
                + 2 * 2 * rows * h * c.intermediate()           // dense_h_to_4h and dense_4h_to_h
                + 2 * 2 * batch * pairs * h;                    // Q·Kᵀ and P·V over all heads
        double heads;
        if (c.head() == Head.CATEGORICAL) {
            heads = 2 * rows * h * c.outputDim();               // embed_out at every position (the input is a lookup)
        } else {
            heads = 2 * rows * c.inputDim() * h + 2 * (double) batch * c.outputRows() * h * c.outputDim();
        }
        return c.layers() * perLayer + heads;
    }

    /** Useful FLOPs of one training step: forward + backward (2× forward: input and weight gradients). */
    static double trainingStep(ModelConfig c, int batch) {
        return 3 * forward(c, batch, true);
    }
}
