// Useful floating-point work of one training step: matrix products only (2·m·n·k each), backward = 2× forward,
// causal attention counted as half of the T×T score matrix, and the last layer's dense projection and MLP only
// on the rows the head reads (no other row reaches the loss; the network computes only those, see HeadRows), its
// attention from the last position only for classification.
// The categorical default comes to 2.87 GFLOP per step.
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
        double headRows = (double) batch * c.outputRows();
        double pairs = causalHalf ? t * t / 2 : t * t;   // per sequence (and per head: heads split H)
        // the last layer of the classification model attends from the last position only: T pairs per sequence
        double lastPairs = c.head() == Head.CLASSIFICATION ? t : pairs;
        double qkv = 2 * rows * h * 3 * h;                      // query_key_value
        double scoresAndMix = 2 * 2 * batch * h;                // Q·Kᵀ and P·V over all heads, per pair
        double perRow = 2 * h * h                               // attention dense
                + 2 * 2 * h * c.intermediate();                 // dense_h_to_4h and dense_4h_to_h
        double layers = c.layers() * qkv + ((c.layers() - 1) * pairs + lastPairs) * scoresAndMix
                + ((c.layers() - 1) * rows + headRows) * perRow;
        double heads;
        if (c.head() == Head.CATEGORICAL) {
            heads = 2 * rows * h * c.outputDim();               // embed_out at every position (the input is a lookup)
        } else {
            heads = 2 * rows * c.inputDim() * h + 2 * headRows * h * c.outputDim();
        }
        return layers + heads;
    }

    /** Useful FLOPs of one training step: forward + backward (2× forward: input and weight gradients). */
    static double trainingStep(ModelConfig c, int batch) {
        return 3 * forward(c, batch, true);
    }
}
