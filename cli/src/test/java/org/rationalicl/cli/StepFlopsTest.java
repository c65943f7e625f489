// The useful-FLOP formula of icl bench against the numbers the peer's README records and a hand count.
package org.rationalicl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.rationalicl.train.Head;
import org.rationalicl.train.ModelConfig;

class StepFlopsTest {
    @Test
    void categoricalDefaultIs287GflopUsefulAnd328AsExecuted() {
        ModelConfig c = new ModelConfig(Head.CATEGORICAL, 8, 8, 128, 64, 1, 1, 4.0, 0.25, 10000);
        // ../shared/peers/README.md: 2.87 GFLOP useful; 3.28 GFLOP with the full 129×129 attention (as PyTorch runs it)
        assertEquals(2.87e9, StepFlops.trainingStep(c, 64), 0.005e9);
        assertEquals(3.28e9, 3 * StepFlops.forward(c, 64, false), 0.005e9);
    }

    @Test
    void executedCountsLayerZeroPerToken() {
        // V 2 → n = 3 embedding rows, C 2 → T 3 tokens of which the network computes the first 2 (the prediction
        // after the last draw is not trained), H 4, one head, mlp 2, batch 1 in one pass: P = 2²/2 = 2 pairs.
        // On 2 positions: qkv 2·2·4·12 = 192, dense 2·2·4·4 = 64, MLP 2·2·(4·8)·2 = 256, attention 2·2·2·4 = 32,
        // embed_out 2·2·4·3 = 48 → forward 592.
        // query_key_value on 3 rows instead of 2: 3·2·3·4·12 = 864 instead of 3·2·2·4·12 = 576;
        // P·v: forward 2·2·3 + 2·2·3·4 = 60, dP 2·2·3·4 + 2·2·3 = 60, dv 2·3·2·4 = 48 instead of 3·2·2·4 = 48
        ModelConfig c = new ModelConfig(Head.CATEGORICAL, 2, 2, 2, 4, 1, 1, 2.0, 0.5, 10000);
        assertEquals(3 * 592 - 576 + 864 - 48 + 60 + 60 + 48, StepFlops.executed(c, 1, 1), 0);
        // two passes: the 3-row projection runs twice
        assertEquals(3 * 2 * 592 - 2 * 576 + 2 * 864 - 2 * 48 + 2 * 168, StepFlops.executed(c, 2, 2), 0);
    }

    @Test
    void executedCountsLayerZeroDenseAndFc1OfACategoricalModelAtTheTokenRank() {
        // V 1 → n = 2, one head → coefficient rows m = 2·2 + 1 = 5 ≤ H / 2 (H 10), I 20, C 2 → 2 positions
        // computed, batch 1 in one pass (2 rows). Per position (the count of executedCountsLayerZeroPerToken):
        // forward qkv 2·2·10·30 = 1200, dense 2·2·10·10 = 400, MLP 2·2·(10·20)·2 = 1600, attention 2 pairs ·
        // 2·2·10 = 80, embed_out 2·2·10·2 = 80 → 3360; query_key_value on n = 2 rows as on 2 positions; P·v
        // 3·2·2·10 = 120 counted, executed 2·2·2 + 3·(2·2·2·10) + 2·2·2 = 256.
        // MidAtRank (q = n = 2 per head), per row: dense forward and weight gradient −2·2·10·10, fc1 forward and weight gradient
        // −2·2·10·20 + 2·2·5·20, π·U and πᵀ·∂mid +2·2·2·10, no π·v_token −2·2·10 → −760;
        // per pass: U and Qᵀ·v_token 2·2·2·10·10 = 800, K and Yᵀ·basis 2·2·5·10·20 = 4000.
        ModelConfig c = new ModelConfig(Head.CATEGORICAL, 1, 1, 2, 10, 1, 1, 2.0, 0.4, 10000);
        assertEquals(3 * 3360 - 120 + 256 + 2 * -760 + 800 + 4000, StepFlops.executed(c, 1, 1), 0);
        // the categorical default: 1.65 GFLOP executed against 2.87 counted (32 passes of two sequences)
        ModelConfig d = new ModelConfig(Head.CATEGORICAL, 8, 8, 128, 64, 1, 1, 4.0, 0.25, 10000);
        assertEquals(1.652e9, StepFlops.executed(d, 64, 32), 0.002e9);
    }

    @Test
    void executedLeavesOutTheLastYTokenOfARegressionModel() {
        // d 2, C 2 → T 4 tokens x1 y1 x2 y2, of which the network computes x1 y1 x2 (3 positions); H 4, I 8, two
        // layers, too narrow for ReadInProjection (d′ + 2 = 4 > H / 2 = 2). Per sequence, forward:
        //   per layer qkv 3·2·4·12 = 288 and attention 3²/2 = 4.5 pairs · 2·2·4 = 72;
        //   dense + MLP 2·4·4 + 2·2·4·8 = 160 per row: layer 0 on 3 rows, layer 1 on the 2 x rows → 5·160;
        //   read-in 2·3·2·4 = 48, read-out 2·2·4·1 = 16
        // One head: both layers fold their dense projection into their values (FoldedDense), so the dense
        // products, 3·2·4·4 = 96 per row and 5 rows per sequence, are not run; once a step, M and the two products
        // that split its gradient, 3·2·4³ = 384 per layer.
        ModelConfig r = new ModelConfig(Head.REGRESSION, 2, 2, 2, 4, 2, 1, 2.0, 0.5, 10000);
        double forward = 2 * (288 + 72) + 5 * 160 + 48 + 16;
        assertEquals(3 * (3 * forward - 5 * 96) + 2 * 384, StepFlops.executed(r, 3, 2), 0);
    }

    @Test
    void executedCountsLayerZeroOfAReadInModelAtItsRank() {
        // regression d 1 → w = d′ + 2 = 3, e = 2 (2·3 ≤ H = 8), C 1 → one position computed (x1; y1 reaches no
        // loss), one layer, I 8, batch 1 in one pass. On that row, forward: qkv 2·8·24 = 384, attention ½ pair ·
        // 2·2·8 = 16, dense + MLP 2·8·8 + 2·2·8·8 = 384, read-in 2·1·8 = 16, read-out 2·8·1 = 16 → 816.
        // Per position query_key_value would be 3·2·1·8·24 = 1152 (forward, input and weight gradients).
        // Per pass: Kᵀ, ∂W_qkv and Pᵀ 3·2·3·8·24 = 3456, Ā·S 2·8·2·2 = 64;
        // per row: qkv and Gᵀ 2·2·3·24 = 288, Yᵀ 2·2·24 = 96, S 2·2·2 = 8 → 392.
        ModelConfig c = new ModelConfig(Head.REGRESSION, 1, 1, 1, 8, 1, 1, 1.0, 0.5, 10000);
        assertEquals(3 * 816 - 1152 + 3456 + 64 + 392, StepFlops.executed(c, 1, 1), 0);
        // two sequences in two passes: the per-pass products run twice, the per-row ones on 2 rows
        assertEquals(2 * (3 * 816 - 1152) + 2 * (3456 + 64) + 2 * 392, StepFlops.executed(c, 2, 2), 0);
    }

    @Test
    void executedCountsLayerZeroDenseAndFc1OfAReadInModelAtItsRank() {
        // regression d 1, C 1 → one position (x1), H 12, I 12, two layers (MidAtRank needs layer 0 not to be the
        // last), one head, batch 1 in one pass. Counted on that row: per layer qkv 2·12·36 = 864, attention ½
        // pair · 2·2·12 = 24, dense + MLP 2·144 + 2·2·144 = 864 (layer 1 on the head row); read-in 2·1·12 = 24,
        // read-out 2·12 = 24 → forward 3552.
        // ReadInProjection (w = 3, e = 2): −3·2·12·36 = −2592; per pass 3·2·3·12·36 + 2·12·4 = 7872; per row
        // 2·2·3·36 + 2·2·36 + 2·4 = 584.
        // MidAtRank (q = 3, m = 2 + 3 + 1 = 6): per row −2·2·144 − 2·2·144 + 2·2·6·12 + 2·2·3·12 = −720; per pass
        // 2·2·3·144 + 2·2·6·12·12 = 5184; P·v (2·½·12) not formed, P·z″ 2·½·3 → −9.
        // FoldedDense in layer 1 (one head): its dense products on the head row −3·2·144 = −864, once a step
        // 3·2·12³ = 10368.
        ModelConfig c = new ModelConfig(Head.REGRESSION, 1, 1, 1, 12, 2, 1, 1.0, 0, 10000);
        assertEquals(3 * 3552 - 2592 + 7872 + 584 - 720 + 5184 - 9 - 864 + 10368, StepFlops.executed(c, 1, 1), 0);
    }

    @Test
    void passesFollowTheWorkersSlices() {
        assertEquals(64, StepFlops.passes(64, 1, 1));
        assertEquals(22, StepFlops.passes(64, 1, 3));   // ⌈64/3⌉
        assertEquals(22, StepFlops.passes(64, 2, 3));   // 2 · ⌈32/3⌉
        assertEquals(3, StepFlops.passes(5, 2, 2));     // slices 2 and 3: 1 + 2
        assertEquals(3, StepFlops.passes(3, 8, 2));     // 3 workers of one sequence
    }

    @Test
    void handCountOfATinyNetwork() {
        // V 2 (3 logits), C 1 → T 2, H 4, mlp 2 → I 8, one layer, batch 1: rows = 2
        //   qkv 2·2·4·12 = 192, dense 2·2·4·4 = 64, MLP 2·2·(4·8)·2 = 256,
        //   attention: T²/2 = 2 pairs, Q·Kᵀ and P·V 2·2·2·4 = 32; embed_out 2·2·4·3 = 48 → forward 592
        ModelConfig c = new ModelConfig(Head.CATEGORICAL, 2, 2, 1, 4, 1, 1, 2.0, 0.5, 10000);
        assertEquals(592, StepFlops.forward(c, 1, true), 0);
        assertEquals(3 * 592, StepFlops.trainingStep(c, 1), 0);
        // full attention: 4 pairs → 64 instead of 32
        assertEquals(592 + 32, StepFlops.forward(c, 1, false), 0);
        // two heads split H: the same FLOPs; two layers double the layer part only (592 − 48 per layer)
        assertEquals(592, StepFlops.forward(new ModelConfig(Head.CATEGORICAL, 2, 2, 1, 4, 1, 2, 2.0, 0, 10000), 1, true), 0);
        assertEquals(2 * 544 + 48, StepFlops.forward(new ModelConfig(Head.CATEGORICAL, 2, 2, 1, 4, 2, 1, 2.0, 0.5, 10000), 1, true), 0);
        // classification, d 2 → read-in width 3, C 1 → T 1, H 4, I 8, batch 1:
        //   layer 2·1·4·12 + 2·1·4·4 + 2·2·1·4·8 = 96 + 32 + 128,
        //   read-in 2·1·3·4 = 24, read-out at the last position only 2·1·4·2 = 16
        //   (the last position's attention: T = 1 pair, 2·2·1·4 = 16 instead of T²/2)
        ModelConfig k = new ModelConfig(Head.CLASSIFICATION, 2, 2, 1, 4, 1, 1, 2.0, 0.5, 10000);
        assertEquals(96 + 32 + 128 + 16 + 24 + 16, StepFlops.forward(k, 1, true), 0);
        // the same with C 3 → T 3 (rows 3): the (last) layer attends from the last position only, 3 pairs:
        // 2·2·3·4 = 48, and its dense projection and MLP run on that row, 32 + 128; query_key_value 3·96 = 288,
        // read-in 3·24 = 72
        ModelConfig k3 = new ModelConfig(Head.CLASSIFICATION, 2, 2, 3, 4, 1, 1, 2.0, 0.5, 10000);
        assertEquals(288 + 48 + 32 + 128 + 72 + 16, StepFlops.forward(k3, 1, true), 0);
        // regression, d 2, C 2 → T 4, two layers: layer 0 on all 4 rows, layer 1's dense and MLP on the 2 x rows;
        //   per layer qkv 4·96 = 384 and attention 2·2·8·4 = 128; dense + MLP 160 per row → 4·160 + 2·160;
        //   read-in 2·4·2·4 = 64, read-out 2·2·4·1 = 16
        ModelConfig r = new ModelConfig(Head.REGRESSION, 2, 2, 2, 4, 2, 1, 2.0, 0.5, 10000);
        assertEquals(2 * (384 + 128) + 6 * 160 + 64 + 16, StepFlops.forward(r, 1, true), 0);
    }
}
