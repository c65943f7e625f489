// With one head, a layer's dense projection folds into its value projection: dense(P·v) = P·v·W_dᵀ =
// P·(ln1·Mᵀ) with M = W_d·W_v (H × H, as wide as W_v when the head is the whole hidden width). So the training
// step computes v′ = ln1·Mᵀ in query_key_value's place of v, and P·v′ is the attention block's output: no dense
// product forward, no dense input or weight gradient per row. Backward, query_key_value's weight gradient then
// holds ∂L/∂M where ∂L/∂W_v belongs (∂L/∂M = dv′ᵀ·ln1); once a step, after the passes and the workers are summed,
// ∂L/∂W_d = ∂L/∂M·W_vᵀ and ∂L/∂W_v = W_dᵀ·∂L/∂M. The same function as the two products in real arithmetic; in
// float the products associate differently. Checkpoints keep W_v and W_d as they are.
package org.rationalicl.train;

import org.rationalicl.simd.Kernels;

public final class FoldedDense {
    private FoldedDense() {}

    /**
     * True for a layer with one head (v is H wide, so v′ costs what v does) that runs per position: not layer 0
     * of a categorical or read-in-rank model (TokenProjection, ReadInProjection and MidAtRank treat those).
     */
    public static boolean applies(ModelConfig c, int layer) {
        boolean layerZeroAtRank = TokenProjection.applies(c) || ReadInProjection.applies(c);
        return c.heads() == 1 && !(layer == 0 && layerZeroAtRank);
    }

    /**
     * Into the step weights of a folding layer (Model#prepareStepWeights, after the transposes): M = W_d·W_v
     * row-major in the dense weight's place, which the folded step never reads as such, and Mᵀ in place of W_vᵀ,
     * columns 2H..3H of query_key_value's transpose (H, 3H).
     */
    static void prepare(Kernels k, ModelConfig c, ParameterLayout.LayerOffsets p, float[] params, float[] weightsT) {
        int h = c.hidden(), h3 = 3 * h, m = p.denseWeight();
        k.gemm(weightsT, m, h, params, p.denseWeight(), h, params, valueRows(c, p), h, null, 0, h, h, h, false);
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < h; j++) weightsT[p.qkvWeight() + i * h3 + 2 * h + j] = weightsT[m + j * h + i];
        }
    }

    /**
     * dLn (rows, H) = ∂L/∂ln1 = dQkv · [W_q; W_k; M]: the q and k columns against the weight rows of params, then
     * the v′ columns against M from the step weights.
     */
    static void qkvInputGradient(Kernels k, ModelConfig c, ParameterLayout.LayerOffsets p, float[] a, int dLn,
                                 int dQkv, float[] params, float[] weightsT, int rows) {
        int h = c.hidden(), h3 = 3 * h;
        k.gemm(a, dLn, h, a, dQkv, h3, params, p.qkvWeight(), h, null, 0, rows, h, 2 * h, false);
        k.gemm(a, dLn, h, a, dQkv + 2 * h, h3, weightsT, p.denseWeight(), h, null, 0, rows, h, h, true);
    }

    /**
     * Turns ∂L/∂M, held in a folding layer's value rows of grads, into ∂L/∂W_d (added to the dense gradient) and
     * ∂L/∂W_v (in its own place); scratch holds at least H² floats.
     */
    static void unfold(Kernels k, ModelConfig c, ParameterLayout.LayerOffsets p, float[] params, float[] grads,
                       float[] scratch) {
        int h = c.hidden(), v = valueRows(c, p);
        System.arraycopy(grads, v, scratch, 0, h * h);
        k.gemmABt(grads, p.denseWeight(), h, scratch, 0, h, params, v, h, null, 0, h, h, h, true);
        k.gemmAtB(grads, v, h, params, p.denseWeight(), h, scratch, 0, h, h, h, h, false);
    }

    /** Offset of W_v, the value rows 2H..3H of query_key_value's (3H, H) weight (one head: [q | k | v]). */
    private static int valueRows(ModelConfig c, ParameterLayout.LayerOffsets p) {
        return p.qkvWeight() + 2 * c.hidden() * c.hidden();
    }
}
