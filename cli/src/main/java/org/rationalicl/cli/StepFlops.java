// Useful floating-point work of one training step: matrix products only (2·m·n·k each), backward = 2× forward,
// causal attention counted as half of the T×T score matrix, and the last layer's dense projection and MLP only
// on the rows the head reads (no other row reaches the loss; the network computes only those, see HeadRows), its
// attention from the last position only for classification.
// The categorical default comes to 2.87 GFLOP per step, of which a step here executes 1.65 (see executed).
package org.rationalicl.cli;

import org.rationalicl.train.FoldedDense;
import org.rationalicl.train.Head;
import org.rationalicl.train.ModelConfig;
import org.rationalicl.train.ReadInProjection;
import org.rationalicl.train.MidAtRank;

final class StepFlops {
    private StepFlops() {
    }

    /**
     * Forward FLOPs of a batch; {@code causalHalf} counts T²/2 query-key pairs per sequence (the causal mask keeps
     * T(T+1)/2; the half is the convention of the peer's recorded 2.87 GFLOP, 0.1 % less at T = 129), else T².
     */
    static double forward(ModelConfig c, int batch, boolean causalHalf) {
        // every position of every token (the categorical head at all T = C+1 of them, as the reference stack runs it)
        return forward(c, batch, causalHalf, c.seqLen(), c.head() == Head.CATEGORICAL ? c.seqLen() : c.outputRows());
    }

    /** The same over t positions per sequence, headRows of them read by the head. */
    private static double forward(ModelConfig c, int batch, boolean causalHalf, double t, double headRowsPerSequence) {
        double h = c.hidden(), rows = (double) batch * t;
        double headRows = batch * headRowsPerSequence;
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

    /**
     * The FLOPs a training step of this network actually executes in {@code passes} passes (one per micro-batch
     * slice): {@link #trainingStep} on the positions the network computes (ModelConfig.positions(): no trailing
     * token that no loss reads), except for layer 0's query_key_value (and, categorical, its attention values) and
     * its dense projection and fc1, which the train module computes at a lower rank.
     * <ul>
     *   <li>Categorical (TokenProjection): query_key_value runs on the V+1 embedding rows once per pass instead of
     *       on every position, and P·v, dP and dv go through the per-token values: with P = T²/2 pairs and
     *       n = V+1 per sequence and head, P·v is P·onehot (2·P·n) then (2·T·n·hs); dP is X = dOut·v_tokenᵀ
     *       (2·T·n·hs) then X·onehotᵀ (2·P·n); dv is 2·n·T·hs.
     *   <li>Where MidAtRank applies (on the default GEMM attention path), layer 0's dense projection, fc1's forward
     *       and both their weight gradients run on narrow coefficient rows (see midAtRankDelta).
     *   <li>Read-in models where ReadInProjection applies (rank w = d′+2, e = w − 1): per pass the products
     *       Kᵀ = Gainᵀ·W_qkvᵀ, ∂W_qkv = G·Gainᵀ and Pᵀ = Gᵀ·W_qkv (2·w·H·3H each) and Ā·S (2·H·e²); per row
     *       qkv = z″·Kᵀ and Gᵀ = z″ᵀ·D (2·w·3H each), Yᵀ = (first e rows of Kᵀ)·Dᵀ (2·e·3H) and S (2·e²).
     *   <li>Layers whose dense projection folds into their values (FoldedDense) run no dense product per row (see
     *       foldedDelta).
     * </ul>
     */
    static double executed(ModelConfig c, int batch, int passes) {
        return atRank(c, batch, passes) + foldedDelta(c, batch);
    }

    /** What {@link #executed} counts before foldedDelta: the positions computed, layer 0 at its rank. */
    private static double atRank(ModelConfig c, int batch, int passes) {
        double t = c.positions(), h = c.hidden(), h3 = 3 * h, seqs = batch;
        double standard = 3 * forward(c, batch, true, t, c.outputRows());
        double qkvStandard = 3 * 2 * seqs * t * h * h3;
        double executed;
        if (c.head() != Head.CATEGORICAL) {
            if (!ReadInProjection.applies(c)) return standard;
            double w = ReadInProjection.width(c), e = w - 1;
            double perPass = 3 * 2 * w * h * h3 + 2 * h * e * e;
            double perRow = 2 * 2 * w * h3 + 2 * e * h3 + 2 * e * e;
            executed = standard - qkvStandard + passes * perPass + seqs * t * perRow;
        } else {
            double n = c.vocab() + 1, nh = c.heads();
            double pairs = t * t / 2, headSize = h / nh;
            double qkvExecuted = 3 * 2 * (double) passes * n * h * h3;
            // P·v forward 2·P·h, backward dP and dv 2·P·h each (summed over heads)
            double mixStandard = seqs * 3 * 2 * pairs * h;
            double mixExecuted = seqs * nh * (2 * pairs * n + 2 * t * n * headSize          // forward
                    + 2 * t * n * headSize + 2 * pairs * n + 2 * n * t * headSize);         // dP, dv
            executed = standard - qkvStandard + qkvExecuted - mixStandard + mixExecuted;
        }
        return MidAtRank.applies(c) ? executed + midAtRankDelta(c, seqs, passes) : executed;
    }

    /**
     * What MidAtRank changes (m-wide coefficient rows, q per head): per row, the dense projection's forward and
     * weight gradient (2·H² each) become Y·U and Yᵀ·∂mid (2·nh·q·H each), fc1's forward and weight gradient
     * (2·H·I each) the coefficient rows' products (2·m·I each); per pass, U = values·W_denseᵀ and Qᵀ·values
     * (2·q·H² each), K = basis·W_fc1ᵀ and Gᵀ·basis (2·m·H·I each). The attention output is not formed: categorical
     * skips π·v_token (2·n·H per row), a read-in model P·v (2·P·H per sequence, P = T²/2) for P·z″ (2·P·q per
     * sequence and head).
     */
    private static double midAtRankDelta(ModelConfig c, double seqs, int passes) {
        double t = c.positions(), h = c.hidden(), in = c.intermediate(), nh = c.heads(), rows = seqs * t;
        double m = MidAtRank.width(c), q = MidAtRank.perHead(c), pairs = t * t / 2;
        double perRow = -2 * 2 * h * h - 2 * 2 * h * in + 2 * 2 * m * in + 2 * 2 * nh * q * h;
        double perPass = 2 * 2 * q * h * h + 2 * 2 * m * h * in;
        double values = c.head() == Head.CATEGORICAL ? -rows * 2 * q * h : seqs * (-2 * pairs * h + nh * 2 * pairs * q);
        return rows * perRow + passes * perPass + values;
    }

    /**
     * What FoldedDense changes: a folding layer's dense projection (forward, input and weight gradients, 2·H² each
     * per row, on the head rows in the last layer) is not run; once a step, M = W_dense·W_v and the two products
     * that split ∂L/∂M into the gradients of W_v and W_dense (2·H³ each).
     */
    private static double foldedDelta(ModelConfig c, double seqs) {
        double h = c.hidden(), delta = 0;
        for (int l = 0; l < c.layers(); l++) {
            if (!FoldedDense.applies(c, l)) continue;
            double rows = seqs * (l == c.layers() - 1 ? c.outputRows() : c.positions());
            delta += -3 * 2 * rows * h * h + 3 * 2 * h * h * h;
        }
        return delta;
    }

    /** Passes of a step: each of min(threads, batch) workers takes its slice in passes of microBatch sequences. */
    static int passes(int batch, int threads, int microBatch) {
        int workers = Math.min(threads, batch), passes = 0;
        for (int w = 0; w < workers; w++) {
            int slice = (int) ((long) (w + 1) * batch / workers - (long) w * batch / workers);
            passes += (slice + microBatch - 1) / microBatch;
        }
        return passes;
    }
}
