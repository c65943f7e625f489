// Layer 0 of a categorical model reads embed_in rows, so its LN1 and query_key_value outputs depend on the token
// alone: they are computed once per vocabulary entry, (V+1) rows instead of B·T, and gathered to the positions.
// Backward is linear in ∂L/∂qkv given the token, so it sums that gradient per token first and runs the
// projection's and LayerNorm's backward on V+1 rows. AttentionBlock uses the same fact for v (P·v through the
// per-token v, ∂L/∂v summed per token). The same function as the per-position layer; the gradient sums run in
// another order.
package org.rationalicl.train;

import java.util.Arrays;
import org.rationalicl.simd.Kernels;

final class TokenProjection {
    private TokenProjection() {}

    /** True when layer 0's input rows are embedding rows (a token's row of embed_in, nothing added). */
    static boolean applies(ModelConfig c) {
        return c.head() == Head.CATEGORICAL;
    }

    /**
     * tokenLn1 (V+1, H) = LN1(embed_in), tokenQkv (V+1, 3H) = tokenLn1 · W_qkvᵀ, then qkv[0] (B·T, 3H) =
     * tokenQkv[token] row by row, before rotary.
     */
    static void forward(Kernels k, ModelConfig c, ParameterLayout layout, Activations acts, float[] params,
                        float[] weightsT, Batch batch, int first, int count) {
        float[] a = acts.a;
        ParameterLayout.LayerOffsets p = layout.layer(0);
        int t = c.positions(), h = c.hidden(), h3 = 3 * h, tokens = c.vocab() + 1, rows = count * t;
        long t0 = StepProfile.start();
        k.layerNormForward(a, acts.tokenLn1, a, acts.tokenLn1Mean, a, acts.tokenLn1Rstd, params, layout.inWeight,
                params, p.ln1Weight(), params, p.ln1Bias(), tokens, h, ModelConfig.LAYER_NORM_EPS);
        StepProfile.stop(StepProfile.Section.LN_FWD, t0);
        t0 = StepProfile.start();
        Linear.linearForward(k, a, acts.tokenQkv, h3, a, acts.tokenLn1, h, params, p.qkvWeight(), -1, weightsT,
                tokens, h, h3, false);
        int qkv = acts.qkv[0];
        for (int r = 0; r < rows; r++) {
            int token = batch.tokens[first * t + r];
            System.arraycopy(a, acts.tokenQkv + token * h3, a, qkv + r * h3, h3);
        }
        StepProfile.stop(StepProfile.Section.QKV_FWD, t0);
    }

    /**
     * From dQkv (B·T, 3H) = ∂L/∂qkv[0] before rotary, whose v columns the attention block left unwritten, and
     * tokenDv (V+1, H), ∂L/∂v already per token: tokenDQkv (V+1, 3H) = the q and k columns of dQkv summed per
     * token, in row order, and tokenDv's columns as v. Adds the query_key_value and LN1 parameter gradients, and
     * LN1's input gradient into the embed_in rows of grads; the residual path's share of embed_in's gradient is
     * added by Heads.inputBackward.
     */
    static void backward(Kernels k, ModelConfig c, ParameterLayout layout, Activations acts, float[] params,
                         float[] grads, Batch batch, int first, int count) {
        float[] a = acts.a;
        ParameterLayout.LayerOffsets p = layout.layer(0);
        int t = c.positions(), h = c.hidden(), h3 = 3 * h, tokens = c.vocab() + 1, rows = count * t;
        long t0 = StepProfile.start();
        int sum = acts.tokenDQkv, hs = c.headSize();
        Arrays.fill(a, sum, sum + tokens * h3, 0f);
        for (int r = 0; r < rows; r++) {
            int to = sum + batch.tokens[first * t + r] * h3, from = acts.dQkv + r * h3;
            for (int head = 0; head < c.heads(); head++, to += 3 * hs, from += 3 * hs) {
                k.add(a, to, a, to, a, from, 2 * hs);   // dq, dk of the row
            }
        }
        for (int token = 0; token < tokens; token++) {
            for (int head = 0; head < c.heads(); head++) {
                System.arraycopy(a, acts.tokenDv + token * h + head * hs, a, sum + token * h3 + head * 3 * hs + 2 * hs,
                        hs);
            }
        }
        Linear.linearBackward(k, a, acts.tokenDLn, h, false, grads, p.qkvWeight(), -1,
                a, sum, h3, a, acts.tokenLn1, h, params, tokens, h, h3);
        StepProfile.stop(StepProfile.Section.QKV_BWD, t0);
        t0 = StepProfile.start();
        k.layerNormBackward(a, acts.tokenDIn, grads, p.ln1Weight(), grads, p.ln1Bias(), a, acts.tokenDLn,
                params, layout.inWeight, a, acts.tokenLn1Mean, a, acts.tokenLn1Rstd, params, p.ln1Weight(), tokens, h);
        k.add(grads, layout.inWeight, grads, layout.inWeight, a, acts.tokenDIn, tokens * h);
        StepProfile.stop(StepProfile.Section.LN_BWD, t0);
    }
}
