// The GPT-NeoX attention block of one layer: fused query_key_value (no bias), partial rotary on q and k,
// causal softmax attention per (sequence, head), dense (no bias), added to the residual stream.
// The attention core runs either as the fused attention kernels or as triangular GEMMs (register-blocked, each
// 4-row tile doing only its causal part; faster than the row kernels, see docs/PERFORMANCE.md). Given the tokens
// (layer 0 of a categorical model, see TokenProjection), the GEMM path takes v per vocabulary entry.
package org.rationalicl.train;

import java.util.Arrays;
import org.rationalicl.simd.Kernels;

final class AttentionBlock {
    private AttentionBlock() {}

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

    /** qkv (B, T, 3H) = ln1 (B, T, H) · W_qkvᵀ, before rotary (layer 0 of a categorical model: TokenProjection). */
    static void qkvForward(Kernels k, ModelConfig c, Activations acts, int l, float[] params, float[] weightsT,
                           ParameterLayout.LayerOffsets p, int batch) {
        int h = c.hidden(), rows = batch * c.positions();
        long t0 = StepProfile.start();
        Linear.linearForward(k, acts.a, acts.qkv[l], 3 * h, acts.a, acts.ln1[l], h, params, p.qkvWeight(), -1,
                weightsT, rows, h, 3 * h, false);
        StepProfile.stop(StepProfile.Section.QKV_FWD, t0);
    }

    /**
     * Adds the query_key_value weight gradient and writes dLn (B, T, H) = ∂L/∂ln1, from dQkv (B, T, 3H). With
     * {@code folded} (FoldedDense) the value rows' gradient is ∂L/∂M and dLn goes through M from weightsT.
     */
    static void qkvBackward(Kernels k, ModelConfig c, Activations acts, int l, float[] params, float[] weightsT,
                            float[] grads, ParameterLayout.LayerOffsets p, int batch, boolean folded) {
        int h = c.hidden(), rows = batch * c.positions();
        long t0 = StepProfile.start();
        Linear.linearBackward(k, folded ? null : acts.a, acts.dLn, h, false, grads, p.qkvWeight(), -1,
                acts.a, acts.dQkv, 3 * h, acts.a, acts.ln1[l], h, params, rows, h, 3 * h);
        if (folded) FoldedDense.qkvInputGradient(k, c, p, acts.a, acts.dLn, acts.dQkv, params, weightsT, rows);
        StepProfile.stop(StepProfile.Section.QKV_BWD, t0);
    }

    /**
     * mid (B, T, H) = residual (B, T, H) + dense(attention(qkv)), from qkv before rotary; saves qkv after rotary,
     * probs (B, nh, T, T) and attn (B, T, H). With {@code headRows} (the last layer) the dense projection and mid
     * cover only the rows the head reads, compact: mid (count, H), and attn keeps those rows alone, compact. With
     * {@code tokens} (the slice's tokens from tokens[tokensOff], layer 0 of a categorical model) the GEMM path reads
     * v from tokenQkv and saves tokenProbs (B, nh, T, V+1), the probabilities summed per key token; with
     * {@code midAtRank} (MidAtRank, layer 0) it stops after the probabilities: neither P·v nor attn nor mid is formed.
     * With {@code folded} (FoldedDense) qkv holds v′ = ln1·Mᵀ for v, so P·v′ is already the dense projection's
     * output: mid = residual + P·v′ (attn is left unwritten unless only the head rows go on).
     * HF: qkv.view(B, T, nh, 3·hs) → q, k, v = [..., :hs], [..., hs:2hs], [..., 2hs:].
     */
    static void attentionForward(Kernels k, Path path, ModelConfig c, float[] cos, float[] sin, Activations acts,
                                 int l, float[] params, float[] weightsT, ParameterLayout.LayerOffsets p, int batch,
                                 HeadRows headRows, int[] tokens, int tokensOff, boolean midAtRank, boolean folded) {
        float[] a = acts.a;
        int t = c.positions(), h = c.hidden(), nh = c.heads(), hs = c.headSize(), rot = c.rotaryDims();
        int rows = batch * t, h3 = 3 * h, nt = c.vocab() + 1;
        float scale = (float) (1.0 / Math.sqrt(hs));
        long t0 = StepProfile.start();
        boolean lastRowOnly = lastRowOnly(path, headRows, t);
        boolean byToken = tokens != null && path == Path.GEMM;
        // folded on every row no dense product reads attn: P·v′ goes to the dAttn scratch, free in forward and warm,
        // then mid = P·v′ + residual in one streaming pass (the product's tile stores would wait on mid's cold lines)
        int outBase = folded && headRows == null ? acts.dAttn : acts.attn[l];
        for (int b = 0; b < batch; b++) {
            if (byToken) oneHot(a, acts.oneHot, tokens, tokensOff + b * t, t, nt);
            for (int head = 0; head < nh; head++) {
                int q = acts.qkv[l] + b * t * h3 + head * 3 * hs;   // q of (b, head); k at q + hs, v at q + 2hs
                if (rot > 0) {
                    k.rotaryForward(a, q, h3, cos, sin, t, rot);
                    k.rotaryForward(a, q + hs, h3, cos, sin, t, rot);
                }
                int out = outBase + b * t * h + head * hs, probs = acts.probs[l] + (b * nh + head) * t * t;
                if (lastRowOnly) {
                    lastRowForward(k, a, out + (t - 1) * h, probs + (t - 1) * t, acts.scores, q, h3, t, hs, scale);
                } else if (path == Path.KERNEL) {
                    k.attentionForward(a, out, h, a, probs, a, q, a, q + hs, a, q + 2 * hs, h3, t, hs, scale);
                } else {
                    int scores = acts.scores;                                                // (T, T)
                    k.gemmLowerABt(a, scores, t, a, q, h3, a, q + hs, h3, scale, t, hs);     // scale · q·kᵀ, j ≤ i
                    k.softmaxForward(a, probs, a, scores, t, t, t, true, 0);                 // causal rows
                    if (byToken) {
                        // v is a row of tokenQkv: P · v = (P · onehot) · v_token, (T, V+1) then (V+1, hs)
                        int pt = acts.tokenProbs + (b * nh + head) * t * nt;
                        k.gemmLowerA(a, pt, nt, a, probs, t, a, acts.oneHot, nt, t, nt);
                        if (!midAtRank) {
                            k.gemm(a, out, h, a, pt, nt, a, acts.tokenQkv + head * 3 * hs + 2 * hs, h3, null, 0,
                                    t, hs, nt, false);
                        }
                    } else {
                        if (!midAtRank) k.gemmLowerA(a, out, h, a, probs, t, a, q + 2 * hs, h3, t, hs);   // P · v
                    }
                }
            }
        }
        StepProfile.stop(StepProfile.Section.ATTN_CORE_FWD, t0);
        if (midAtRank) return;
        t0 = StepProfile.start();
        if (headRows == null) {
            if (folded) {
                k.add(a, acts.mid[l], a, acts.dAttn, a, acts.residual[l], rows * h);
            } else {
                System.arraycopy(a, acts.residual[l], a, acts.mid[l], rows * h);
                Linear.linearForward(k, a, acts.mid[l], h, a, acts.attn[l], h, params, p.denseWeight(), -1,
                        weightsT, rows, h, h, true);
            }
        } else {
            int count = headRows.count(batch);
            headRows.gather(a, acts.residual[l], acts.mid[l], h, count);
            // the head rows' attention output, compact in place: all that the dense projection and its backward read
            headRows.gather(a, acts.attn[l], acts.attn[l], h, count);
            if (folded) {
                k.add(a, acts.mid[l], a, acts.mid[l], a, acts.attn[l], count * h);
            } else {
                Linear.linearForward(k, a, acts.mid[l], h, a, acts.attn[l], h, params, p.denseWeight(), -1,
                        weightsT, count, h, h, true);
            }
        }
        StepProfile.stop(StepProfile.Section.DENSE_FWD, t0);
    }

    /**
     * From dResidual (B, T, H) = ∂L/∂mid: adds the dense weight gradient and writes dQkv (B, T, 3H) = ∂L/∂qkv
     * before rotary (the residual path's share stays in dResidual). With {@code headRows}, as in
     * forward: dResidual is compact (count, H) and the attention output's gradient is 0 off the head rows. With
     * {@code tokens}, ∂L/∂v goes to tokenDv (V+1, H) per token and dQkv's v columns are left unwritten. With
     * {@code midAtRank}, MidAtRank.denseBackward has already written dAttn and the dense weight's gradient. With
     * {@code folded} (FoldedDense), dAttn is dResidual itself and dQkv's v columns hold ∂L/∂v′.
     */
    static void attentionBackward(Kernels k, Path path, ModelConfig c, float[] cos, float[] sin, Activations acts,
                                  int l, float[] params, float[] grads, ParameterLayout.LayerOffsets p, int batch,
                                  HeadRows headRows, int[] tokens, int tokensOff, boolean midAtRank, boolean folded) {
        float[] a = acts.a;
        int t = c.positions(), h = c.hidden(), nh = c.heads(), hs = c.headSize(), rot = c.rotaryDims();
        int rows = batch * t, h3 = 3 * h, nt = c.vocab() + 1;
        float scale = (float) (1.0 / Math.sqrt(hs));
        if (!midAtRank) denseBackward(k, c, acts, l, params, grads, p, batch, headRows, folded);
        long t0 = StepProfile.start();
        boolean lastRowOnly = lastRowOnly(path, headRows, t);
        // folded on every row, ∂L/∂(attention output) is dResidual itself
        int dOutBase = folded && headRows == null ? acts.dResidual : acts.dAttn;
        if (lastRowOnly) Arrays.fill(a, acts.dQkv, acts.dQkv + rows * h3, 0f);   // dq of the other rows stays 0
        if (tokens != null) Arrays.fill(a, acts.tokenDv, acts.tokenDv + nt * h, 0f);
        for (int b = 0; b < batch; b++) {
            if (tokens != null && path == Path.GEMM) oneHot(a, acts.oneHot, tokens, tokensOff + b * t, t, nt);
            for (int head = 0; head < nh; head++) {
                int q = acts.qkv[l] + b * t * h3 + head * 3 * hs;
                int dq = acts.dQkv + b * t * h3 + head * 3 * hs;
                int dOut = dOutBase + b * t * h + head * hs, probs = acts.probs[l] + (b * nh + head) * t * t;
                if (lastRowOnly) {
                    lastRowBackward(k, a, dq, dOut + (t - 1) * h, probs + (t - 1) * t, acts.scores, q, h3, t, hs,
                            scale);
                } else if (path == Path.KERNEL) {
                    k.attentionBackward(a, dq, a, dq + hs, a, dq + 2 * hs, h3, a, acts.scores,
                            a, dOut, h, a, probs, a, q, a, q + hs, a, q + 2 * hs, h3, t, hs, scale);
                    if (tokens != null) { // dv per token, as TokenProjection takes it
                        for (int j = 0; j < t; j++) {
                            int at = acts.tokenDv + tokens[tokensOff + b * t + j] * h + head * hs;
                            k.add(a, at, a, at, a, dq + 2 * hs + j * h3, hs);
                        }
                    }
                } else {
                    int ds = acts.scores;                                                    // (T, T)
                    if (tokens != null) {
                        // layer 0 of a categorical model, v = v_token[token] (see forward): with X = dOut·v_tokenᵀ
                        // (T, V+1), dP[i, j] = X[i, token j] = (X · onehotᵀ)[i, j]; dv_token += (P·onehot)ᵀ · dOut
                        int x = acts.tokenX, pt = acts.tokenProbs + (b * nh + head) * t * nt;
                        k.gemmABt(a, x, nt, a, dOut, h, a, acts.tokenQkv + head * 3 * hs + 2 * hs, h3, null, 0,
                                t, nt, hs, false);
                        k.gemmLowerABt(a, ds, t, a, x, nt, a, acts.oneHot, nt, 1f, t, nt);
                        k.gemmAtB(a, acts.tokenDv + head * hs, h, a, pt, nt, a, dOut, h, nt, hs, t, true);
                    } else {
                        k.gemmLowerABt(a, ds, t, a, dOut, h, a, q + 2 * hs, h3, 1f, t, hs); // dP = dOut · vᵀ, j ≤ i
                        // dv[j] = Σ_{i ≥ j} P[i, j] dOut[i]
                        k.gemmLowerAtB(a, dq + 2 * hs, h3, a, probs, t, a, dOut, h, t, hs);
                    }
                    k.softmaxBackward(a, ds, a, probs, a, ds, t, t, t, true, 0);            // dS = P ⊙ (dP − Σ P dP)
                    k.scale(a, ds, t * t, scale);                                            // scores = scale · q·kᵀ
                    k.gemmLowerA(a, dq, h3, a, ds, t, a, q + hs, h3, t, hs);                 // dq = dS · k
                    k.gemmLowerAtB(a, dq + hs, h3, a, ds, t, a, q, h3, t, hs);               // dk = dSᵀ · q
                }
                if (rot > 0) {
                    // the saved q, k are rotated; the gradient w.r.t. the projection's output is rotated back
                    k.rotaryBackward(a, dq, h3, cos, sin, t, rot);
                    k.rotaryBackward(a, dq + hs, h3, cos, sin, t, rot);
                }
            }
        }
        StepProfile.stop(StepProfile.Section.ATTN_CORE_BWD, t0);
    }

    /**
     * dAttn (B, T, H) = dResidual · W_dense and the dense weight's gradient (see attentionBackward); folded, dAttn =
     * dResidual, copied only where the head rows must be expanded (else the core reads dResidual).
     */
    private static void denseBackward(Kernels k, ModelConfig c, Activations acts, int l, float[] params, float[] grads,
                                      ParameterLayout.LayerOffsets p, int batch, HeadRows headRows, boolean folded) {
        float[] a = acts.a;
        int h = c.hidden(), rows = batch * c.positions(), count = headRows == null ? rows : headRows.count(batch);
        long t0 = StepProfile.start();
        if (folded) {
            if (headRows != null) System.arraycopy(a, acts.dResidual, a, acts.dAttn, count * h);
        } else {
            Linear.linearBackward(k, a, acts.dAttn, h, false, grads, p.denseWeight(), -1,
                    a, acts.dResidual, h, a, acts.attn[l], h, params, count, h, h);
        }
        if (headRows != null) headRows.expand(a, acts.dAttn, h, rows, count);
        StepProfile.stop(StepProfile.Section.DENSE_BWD, t0);
    }

    /** onehot (T, V+1) of one sequence's tokens: row j is e_{token j}. */
    private static void oneHot(float[] a, int at, int[] tokens, int off, int t, int nt) {
        Arrays.fill(a, at, at + t * nt, 0f);
        for (int j = 0; j < t; j++) a[at + j * nt + tokens[off + j]] = 1f;
    }

    /**
     * True when only the last position's query matters (the head reads one row per sequence, the last): the GEMM
     * path then computes that row's attention alone. The fused kernels compute every row either way.
     */
    private static boolean lastRowOnly(Path path, HeadRows headRows, int t) {
        return path == Path.GEMM && headRows != null && headRows.perSequence == 1 && headRows.first == t - 1;
    }

    /**
     * The last query row of one (sequence, head): scores (1, T) = scale · q_last·kᵀ, p = softmax (it sees every
     * key), out_last = p·v. q at a[q + (T−1)·ld], k and v rows at q + hs and q + 2hs, ld apart.
     */
    private static void lastRowForward(Kernels k, float[] a, int out, int probsRow, int scores, int q, int ld, int t,
                                       int hs, float scale) {
        k.gemmABt(a, scores, t, a, q + (t - 1) * ld, ld, a, q + hs, ld, null, 0, 1, t, hs, false);
        k.scale(a, scores, t, scale);
        k.softmaxForward(a, probsRow, a, scores, t, 1, t, false, 0);
        k.gemm(a, out, hs, a, probsRow, t, a, q + 2 * hs, ld, null, 0, 1, hs, t, false);
    }

    /**
     * Its backward from dOut_last: dv = pᵀ·dOut_last and dk = dSᵀ·q_last (outer products over every key),
     * dq_last = dS·k; dq of the other rows is left as the caller zeroed it.
     */
    private static void lastRowBackward(Kernels k, float[] a, int dq, int dOutRow, int probsRow, int scores, int q,
                                        int ld, int t, int hs, float scale) {
        k.gemmABt(a, scores, t, a, dOutRow, hs, a, q + 2 * hs, ld, null, 0, 1, t, hs, false);   // dP = dOut·vᵀ
        k.gemmAtB(a, dq + 2 * hs, ld, a, probsRow, t, a, dOutRow, hs, t, hs, 1, false);         // dv = pᵀ·dOut
        k.softmaxBackward(a, scores, a, probsRow, a, scores, t, 1, t, false, 0);
        k.scale(a, scores, t, scale);
        k.gemm(a, dq + (t - 1) * ld, ld, a, scores, t, a, q + hs, ld, null, 0, 1, hs, t, false); // dq = dS·k
        k.gemmAtB(a, dq + hs, ld, a, scores, t, a, q + (t - 1) * ld, ld, t, hs, 1, false);       // dk = dSᵀ·q
    }
}
