// The GPT-NeoX attention block of one layer: fused query_key_value (no bias), partial rotary on q and k,
// causal softmax attention per (sequence, head), dense (no bias), added to the residual stream.
// The attention core runs either as the fused attention kernels or as GEMMs over four causal row blocks of the
// T×T score matrix (more flops than causal, but the register-blocked GEMM is faster; see docs/PERFORMANCE.md).
package org.rationalicl.train;

import org.rationalicl.simd.Kernels;

final class AttentionBlock {
    private AttentionBlock() {}

    /**
     * Rows per causal block of the GEMM path: four blocks, so the GEMMs skip about 3/8 of the T×T matrix above
     * the diagonal (62.5 % of the full work instead of 100 %; the causal minimum is 50 %).
     */
    static int rowBlock(int t) {
        return Math.max(1, (t + 3) / 4);
    }

    /** How the per-(sequence, head) attention core is computed; both give the same values up to rounding. */
    enum Path {
        /** Kernels.attentionForward/attentionBackward, row by row, causal work only. */
        KERNEL,
        /** q·kᵀ, softmax and P·v (and their backward) as GEMMs plus the row softmax kernels. */
        GEMM;

        /** -Drationalicl.attention=kernel|gemm; GEMM by default. */
        static Path fromSystemProperty() {
            String v = System.getProperty("rationalicl.attention", "gemm");
            return switch (v) {
                case "gemm" -> GEMM;
                case "kernel" -> KERNEL;
                default -> throw new IllegalArgumentException("-Drationalicl.attention=" + v + ": expected gemm or kernel");
            };
        }
    }

    /**
     * dst (cols, rows) = s · src (rows, cols)ᵀ, src rows at srcOff + r·ld, dst row-major with leading dimension rows.
     * One transpose per (sequence, head) lets q·kᵀ and dOut·vᵀ run as A·B GEMMs, whose B packing is a plain copy;
     * gemmABt would transpose again in each of the causal row blocks. With s = 1/√hs folded in here, the scores
     * need no separate scaling pass (for hs = 64, s = 1/8 is a power of two and the scores are bit-identical).
     */
    static void transpose(float[] dst, int dstOff, float[] src, int srcOff, int ld, int rows, int cols, float s) {
        // blocks of 16 source rows: each destination row gets 16 consecutive stores, each source row stays in L1
        for (int r0 = 0; r0 < rows; r0 += 16) {
            int r1 = Math.min(rows, r0 + 16);
            for (int col = 0; col < cols; col++) {
                int d = dstOff + col * rows;
                for (int r = r0; r < r1; r++) dst[d + r] = s * src[srcOff + r * ld + col];
            }
        }
    }

    /**
     * mid (B, T, H) = residual (B, T, H) + dense(attention(ln1 (B, T, H))); saves qkv (B, T, 3H) after rotary,
     * probs (B, nh, T, T) and attn (B, T, H).
     * HF: qkv.view(B, T, nh, 3·hs) → q, k, v = [..., :hs], [..., hs:2hs], [..., 2hs:].
     */
    static void attentionForward(Kernels k, Path path, ModelConfig c, float[] cos, float[] sin, Activations acts,
                                 int l, float[] params, ParameterLayout.LayerOffsets p, int batch) {
        float[] a = acts.a;
        int t = c.seqLen(), h = c.hidden(), nh = c.heads(), hs = c.headSize(), rot = c.rotaryDims();
        int rows = batch * t, h3 = 3 * h;
        float scale = (float) (1.0 / Math.sqrt(hs));
        long t0 = StepProfile.start();
        Linear.linearForward(k, a, acts.qkv[l], h3, a, acts.ln1[l], h, params, p.qkvWeight(), -1, rows, h, h3, false);
        StepProfile.stop(StepProfile.Section.QKV_FWD, t0);
        t0 = StepProfile.start();
        for (int b = 0; b < batch; b++) {
            for (int head = 0; head < nh; head++) {
                int q = acts.qkv[l] + b * t * h3 + head * 3 * hs;   // q of (b, head); k at q + hs, v at q + 2hs
                if (rot > 0) {
                    k.rotaryForward(a, q, h3, cos, sin, t, rot);
                    k.rotaryForward(a, q + hs, h3, cos, sin, t, rot);
                }
                int out = acts.attn[l] + b * t * h + head * hs, probs = acts.probs[l] + (b * nh + head) * t * t;
                if (path == Path.KERNEL) {
                    k.attentionForward(a, out, h, a, probs, a, q, a, q + hs, a, q + 2 * hs, h3, t, hs, scale);
                } else {
                    int scores = acts.scores;                                                // (T, T)
                    int kT = acts.transposed;                                                // (hs, T)
                    transpose(a, kT, a, q + hs, h3, t, hs, scale);
                    int blk = rowBlock(t);
                    for (int r0 = 0; r0 < t; r0 += blk) {                                    // q · (scale·k)ᵀ
                        int r1 = Math.min(t, r0 + blk);
                        k.gemm(a, scores + r0 * t, t, a, q + r0 * h3, h3, a, kT, t, null, 0, r1 - r0, r1, hs, false);
                    }
                    k.softmaxForward(a, probs, a, scores, t, t, t, true, 0);                 // causal rows
                    for (int r0 = 0; r0 < t; r0 += blk) {                                    // P · v
                        int r1 = Math.min(t, r0 + blk);
                        k.gemm(a, out + r0 * h, h, a, probs + r0 * t, t, a, q + 2 * hs, h3, null, 0,
                                r1 - r0, hs, r1, false);
                    }
                }
            }
        }
        StepProfile.stop(StepProfile.Section.ATTN_CORE_FWD, t0);
        t0 = StepProfile.start();
        System.arraycopy(a, acts.residual[l], a, acts.mid[l], rows * h);
        Linear.linearForward(k, a, acts.mid[l], h, a, acts.attn[l], h, params, p.denseWeight(), -1, rows, h, h, true);
        StepProfile.stop(StepProfile.Section.DENSE_FWD, t0);
    }

    /**
     * From dResidual (B, T, H) = ∂L/∂mid: adds the dense and query_key_value weight gradients and writes
     * dLn (B, T, H) = ∂L/∂ln1 (the residual path's share stays in dResidual).
     */
    static void attentionBackward(Kernels k, Path path, ModelConfig c, float[] cos, float[] sin, Activations acts,
                                  int l, float[] params, float[] grads, ParameterLayout.LayerOffsets p, int batch) {
        float[] a = acts.a;
        int t = c.seqLen(), h = c.hidden(), nh = c.heads(), hs = c.headSize(), rot = c.rotaryDims();
        int rows = batch * t, h3 = 3 * h;
        float scale = (float) (1.0 / Math.sqrt(hs));
        long t0 = StepProfile.start();
        Linear.linearBackward(k, a, acts.dAttn, h, false, grads, p.denseWeight(), -1,
                a, acts.dResidual, h, a, acts.attn[l], h, params, rows, h, h);
        StepProfile.stop(StepProfile.Section.DENSE_BWD, t0);
        t0 = StepProfile.start();
        for (int b = 0; b < batch; b++) {
            for (int head = 0; head < nh; head++) {
                int q = acts.qkv[l] + b * t * h3 + head * 3 * hs;
                int dq = acts.dQkv + b * t * h3 + head * 3 * hs;
                int dOut = acts.dAttn + b * t * h + head * hs, probs = acts.probs[l] + (b * nh + head) * t * t;
                if (path == Path.KERNEL) {
                    k.attentionBackward(a, dq, a, dq + hs, a, dq + 2 * hs, h3, a, acts.scores,
                            a, dOut, h, a, probs, a, q, a, q + hs, a, q + 2 * hs, h3, t, hs, scale);
                } else {
                    int ds = acts.scores;                                                    // (T, T)
                    int vT = acts.transposed;                                                // (hs, T)
                    transpose(a, vT, a, q + 2 * hs, h3, t, hs, 1f);
                    int blk = rowBlock(t);
                    for (int r0 = 0; r0 < t; r0 += blk) {                                    // dP = dOut · vᵀ
                        int r1 = Math.min(t, r0 + blk);
                        k.gemm(a, ds + r0 * t, t, a, dOut + r0 * h, h, a, vT, t, null, 0, r1 - r0, r1, hs, false);
                    }
                    for (int c0 = 0; c0 < t; c0 += blk) {
                        // dv[j] = Σ_{t ≥ j} P[t, j] dOut[t]: P is 0 above the diagonal, so rows from c0 suffice
                        int c1 = Math.min(t, c0 + blk);
                        k.gemmAtB(a, dq + 2 * hs + c0 * h3, h3, a, probs + c0 * t + c0, t, a, dOut + c0 * h, h,
                                c1 - c0, hs, t - c0, false);
                    }
                    k.softmaxBackward(a, ds, a, probs, a, ds, t, t, t, true, 0);            // dS = P ⊙ (dP − Σ P dP), 0 masked
                    k.scale(a, ds, t * t, scale);                                            // scores = scale · q·kᵀ
                    for (int r0 = 0; r0 < t; r0 += blk) {                                    // dq = dS · k
                        int r1 = Math.min(t, r0 + blk);
                        k.gemm(a, dq + r0 * h3, h3, a, ds + r0 * t, t, a, q + hs, h3, null, 0, r1 - r0, hs, r1, false);
                    }
                    for (int c0 = 0; c0 < t; c0 += blk) {                                    // dk = dSᵀ · q
                        int c1 = Math.min(t, c0 + blk);
                        k.gemmAtB(a, dq + hs + c0 * h3, h3, a, ds + c0 * t + c0, t, a, q + c0 * h3, h3,
                                c1 - c0, hs, t - c0, false);
                    }
                }
                if (rot > 0) {
                    // the saved q, k are rotated; the gradient w.r.t. the projection's output is rotated back
                    k.rotaryBackward(a, dq, h3, cos, sin, t, rot);
                    k.rotaryBackward(a, dq + hs, h3, cos, sin, t, rot);
                }
            }
        }
        StepProfile.stop(StepProfile.Section.ATTN_CORE_BWD, t0);
        t0 = StepProfile.start();
        Linear.linearBackward(k, a, acts.dLn, h, false, grads, p.qkvWeight(), -1,
                a, acts.dQkv, h3, a, acts.ln1[l], h, params, rows, h, h3);
        StepProfile.stop(StepProfile.Section.QKV_BWD, t0);
    }
}
