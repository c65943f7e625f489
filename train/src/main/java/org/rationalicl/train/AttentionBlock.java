// The GPT-NeoX attention block of one layer: fused query_key_value (no bias), partial rotary on q and k,
// causal softmax attention per (sequence, head), dense (no bias), added to the residual stream.
package org.rationalicl.train;

import org.rationalicl.simd.Kernels;

final class AttentionBlock {
    private AttentionBlock() {}

    /**
     * mid (B, T, H) = residual (B, T, H) + dense(attention(ln1 (B, T, H))); saves qkv (B, T, 3H) after rotary,
     * probs (B, nh, T, T) and attn (B, T, H).
     * HF: qkv.view(B, T, nh, 3·hs) → q, k, v = [..., :hs], [..., hs:2hs], [..., 2hs:].
     */
    static void attentionForward(Kernels k, ModelConfig c, float[] cos, float[] sin, Activations acts, int l,
                                 float[] params, ParameterLayout.LayerOffsets p, int batch) {
        float[] a = acts.a;
        int t = c.seqLen(), h = c.hidden(), nh = c.heads(), hs = c.headSize(), rot = c.rotaryDims();
        int rows = batch * t, h3 = 3 * h;
        float scale = (float) (1.0 / Math.sqrt(hs));
        Linear.linearForward(k, a, acts.qkv[l], h3, a, acts.ln1[l], h, params, p.qkvWeight(), -1, rows, h, h3, false);
        for (int b = 0; b < batch; b++) {
            for (int head = 0; head < nh; head++) {
                int q = acts.qkv[l] + b * t * h3 + head * 3 * hs;   // q of (b, head); k at q + hs, v at q + 2hs
                if (rot > 0) {
                    k.rotaryForward(a, q, h3, cos, sin, t, rot);
                    k.rotaryForward(a, q + hs, h3, cos, sin, t, rot);
                }
                k.attentionForward(a, acts.attn[l] + b * t * h + head * hs, h,
                        a, acts.probs[l] + (b * nh + head) * t * t,
                        a, q, a, q + hs, a, q + 2 * hs, h3, t, hs, scale);
            }
        }
        System.arraycopy(a, acts.residual[l], a, acts.mid[l], rows * h);
        Linear.linearForward(k, a, acts.mid[l], h, a, acts.attn[l], h, params, p.denseWeight(), -1, rows, h, h, true);
    }

    /**
     * From dResidual (B, T, H) = ∂L/∂mid: adds the dense and query_key_value weight gradients and writes
     * dLn (B, T, H) = ∂L/∂ln1 (the residual path's share stays in dResidual).
     */
    static void attentionBackward(Kernels k, ModelConfig c, float[] cos, float[] sin, Activations acts, int l,
                                  float[] params, float[] grads, ParameterLayout.LayerOffsets p, int batch) {
        float[] a = acts.a;
        int t = c.seqLen(), h = c.hidden(), nh = c.heads(), hs = c.headSize(), rot = c.rotaryDims();
        int rows = batch * t, h3 = 3 * h;
        float scale = (float) (1.0 / Math.sqrt(hs));
        Linear.linearBackward(k, a, acts.dAttn, h, false, grads, p.denseWeight(), -1,
                a, acts.dResidual, h, a, acts.attn[l], h, params, rows, h, h);
        for (int b = 0; b < batch; b++) {
            for (int head = 0; head < nh; head++) {
                int q = acts.qkv[l] + b * t * h3 + head * 3 * hs;
                int dq = acts.dQkv + b * t * h3 + head * 3 * hs;
                k.attentionBackward(a, dq, a, dq + hs, a, dq + 2 * hs, h3, a, acts.rowScratch,
                        a, acts.dAttn + b * t * h + head * hs, h, a, acts.probs[l] + (b * nh + head) * t * t,
                        a, q, a, q + hs, a, q + 2 * hs, h3, t, hs, scale);
                if (rot > 0) {
                    // the saved q, k are rotated; the gradient w.r.t. the projection's output is rotated back
                    k.rotaryBackward(a, dq, h3, cos, sin, t, rot);
                    k.rotaryBackward(a, dq + hs, h3, cos, sin, t, rot);
                }
            }
        }
        Linear.linearBackward(k, a, acts.dLn, h, false, grads, p.qkvWeight(), -1,
                a, acts.dQkv, h3, a, acts.ln1[l], h, params, rows, h, h3);
    }
}
