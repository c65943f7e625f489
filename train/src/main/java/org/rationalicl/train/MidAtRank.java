// Layer 0 past its attention core, when its input rows and its values are narrow combinations of fixed rows:
//   categorical (TokenProjection): input E[token], attention output per head π^h·v^h_token, π = P·onehot;
//   read-in (ReadInProjection): input z̃·[W_in | b_in]ᵀ, z̃ = [z, 1], attention output (P^h·z″)·K^h_v, where
//   z″ = [rstd₁·z̃, 1] and K_v = the v columns of readInKT.
// Either way mid_r = Z_r·B with Z_r = [residual coefficients | Y¹_r | … | Y^nh_r] (Y^h = π^h or P^h·z″) and
// B = [residual rows; U¹; …; U^nh], U^h = (values of head h)·W_dense,hᵀ. LN2 is affine on a row given its mean and
// rstd, so its output is rstd_r·Z_r·((B − rowmean(B))∘g) + β: the dense projection, fc1 and both their weight
// gradients run on these coefficient rows, m wide (19 categorical, 20 regression at the defaults) instead of H.
// The gradients that flow through mid are unchanged: ∂L/∂ln2 and ∂L/∂(attention output) are still formed per row.
// The same function as the per-position layer in real arithmetic; in float the sums run in another order.
package org.rationalicl.train;

import java.util.Arrays;
import org.rationalicl.simd.Kernels;

public final class MidAtRank {
    private MidAtRank() {}

    /**
     * True when layer 0 is categorical or a read-in model's (at the read-in's rank) and not the last layer of a
     * read-in model (whose head rows are compact), and its coefficient rows are at most half as wide as the hidden
     * rows. The model uses it on the GEMM attention path.
     */
    public static boolean applies(ModelConfig c) {
        boolean token = TokenProjection.applies(c), readIn = ReadInProjection.applies(c) && c.layers() > 1;
        return (token || readIn) && 2 * width(c) <= c.hidden();
    }

    /** Columns of a coefficient row: the residual's, each head's, and 1 for LN2's bias β. */
    public static int width(ModelConfig c) {
        return residualRows(c) + c.heads() * perHead(c) + 1;
    }

    /** Coefficients of one head's attention output: V+1 (π) or d′+2 (P·z″). */
    public static int perHead(ModelConfig c) {
        return TokenProjection.applies(c) ? c.vocab() + 1 : ReadInProjection.width(c);
    }

    /** Rows spanning the residual stream's input: V+1 embedding rows, or read_in's d′ columns and its bias. */
    static int residualRows(ModelConfig c) {
        return TokenProjection.applies(c) ? c.vocab() + 1 : c.inputDim() + 1;
    }

    /** Y^h of every sequence, (B, nh, T, perHead): tokenProbs, or midP. */
    private static int coefficients(ModelConfig c, Activations acts) {
        return TokenProjection.applies(c) ? acts.tokenProbs : acts.midP;
    }

    /** Value rows (perHead, 3H), head h's values in columns h·3hs + 2hs onwards: tokenQkv, or readInKT. */
    private static int values(ModelConfig c, Activations acts) {
        return TokenProjection.applies(c) ? acts.tokenQkv : acts.readInKT;
    }

    /**
     * After layer 0's attention core (probabilities saved, the attention output not formed): writes mid[0], LN2's
     * mean and rstd, midZ (B·T, m) = [rstd·Z | 1], midBasis (m, H) = [(B − rowmean(B))∘g; β] and fcPre[0]
     * (B·T, I) = midZ · (midBasis · W_fc1ᵀ) + b_fc1, before GELU. LN2's output rows are not kept.
     */
    static void forward(Kernels k, ModelConfig c, ParameterLayout layout, Activations acts, float[] params,
                        float[] weightsT, Batch batch, int first, int count) {
        float[] a = acts.a;
        ParameterLayout.LayerOffsets p = layout.layer(0);
        boolean token = TokenProjection.applies(c);
        int t = c.positions(), h = c.hidden(), in = c.intermediate(), nh = c.heads(), hs = c.headSize();
        int q = perHead(c), res = residualRows(c), m = width(c), rows = count * t;
        int y = coefficients(c, acts), v = values(c, acts);
        long t0 = StepProfile.start();
        if (!token) { // Y^h = P^h · z″, one (sequence, head) at a time
            for (int b = 0; b < count; b++) {
                for (int head = 0; head < nh; head++) {
                    int at = (b * nh + head) * t;
                    k.gemmLowerA(a, y + at * q, q, a, acts.probs[0] + at * t, t, a, acts.readInZ + b * t * q, q, t, q);
                }
            }
        }
        // U^h = (values of head h) · W_dense,hᵀ, W_dense,h being the head's hs input columns of the dense weight
        for (int head = 0; head < nh; head++) {
            int u = acts.midU + head * q * h, vh = v + head * 3 * hs + 2 * hs;
            if (weightsT != null) {
                k.gemm(a, u, h, a, vh, 3 * h, weightsT, p.denseWeight() + head * hs * h, h, null, 0, q, h, hs, false);
            } else {
                k.gemmABt(a, u, h, a, vh, 3 * h, params, p.denseWeight() + head * hs, h, null, 0, q, h, hs, false);
            }
        }
        // mid = residual + Σ_h Y^h · U^h, a sequence and head at a time
        System.arraycopy(a, acts.residual[0], a, acts.mid[0], rows * h);
        for (int b = 0; b < count; b++) {
            for (int head = 0; head < nh; head++) {
                k.gemm(a, acts.mid[0] + b * t * h, h, a, y + (b * nh + head) * t * q, q, a, acts.midU + head * q * h, h,
                        null, 0, t, h, q, true);
            }
        }
        StepProfile.stop(StepProfile.Section.DENSE_FWD, t0);
        t0 = StepProfile.start();
        // LN2's statistics of the actual mid rows; its output goes to a scratch buffer nothing reads
        LayerNorm.layerNormForward(k, a, acts.dScratch, acts.ln2Mean[0], acts.ln2Rstd[0], acts.mid[0], params,
                p.ln2Weight(), p.ln2Bias(), rows, h);
        StepProfile.stop(StepProfile.Section.LN_FWD, t0);
        t0 = StepProfile.start();
        int basis = acts.midBasis, d = c.inputDim();
        for (int i = 0; i < m - 1; i++) {
            if (i < res) {
                // an embedding row, or a read_in column (read_in is (H, d′), its column i d′ apart) or its bias
                int col = token ? layout.inWeight + i * h : i < d ? layout.inWeight + i : layout.inBias;
                centredGainRow(a, basis + i * h, params, col, token || i == d ? 1 : d, params, p.ln2Weight(), h);
            } else {
                centredGainRow(a, basis + i * h, a, acts.midU + (i - res) * h, 1, params, p.ln2Weight(), h);
            }
        }
        System.arraycopy(params, p.ln2Bias(), a, basis + (m - 1) * h, h);
        Linear.linearForward(k, a, acts.midK, in, a, basis, h, params, p.fc1Weight(), -1, weightsT, m, h, in, false);
        // coefficient rows [rstd·(residual coefficients) | rstd·Y¹ | … | 1]
        int z = acts.midZ;
        Arrays.fill(a, z, z + rows * m, 0f);
        for (int r = 0; r < rows; r++) {
            int b = r / t, i = r % t, row = z + r * m;
            float rstd = a[acts.ln2Rstd[0] + r];
            if (token) {
                a[row + batch.tokens[first * t + r]] = rstd;
            } else {
                for (int j = 0; j < d; j++) a[row + j] = rstd * batch.inputs[(first * t + r) * d + j];
                a[row + d] = rstd;
            }
            for (int head = 0; head < nh; head++) {
                int from = y + ((b * nh + head) * t + i) * q, to = row + res + head * q;
                for (int j = 0; j < q; j++) a[to + j] = rstd * a[from + j];
            }
            a[row + m - 1] = 1f;
        }
        k.gemm(a, acts.fcPre[0], in, a, z, m, a, acts.midK, in, params, p.fc1Bias(), rows, in, m, false);
        StepProfile.stop(StepProfile.Section.FC1_FWD, t0);
    }

    /** out[o + u] = (src[s + u·step] − mean) · gain[g + u] over u < h, the mean over the h source values. */
    private static void centredGainRow(float[] out, int o, float[] src, int s, int step, float[] gain, int g, int h) {
        double sum = 0;
        for (int u = 0; u < h; u++) sum += src[s + u * step];
        float mean = (float) (sum / h);
        for (int u = 0; u < h; u++) out[o + u] = (src[s + u * step] - mean) * gain[g + u];
    }

    /**
     * fc1's backward from dFc (B·T, I) = ∂L/∂(fc1 output): dLn (B·T, H) = dFc · W_fc1, and W_fc1's gradient
     * dFcᵀ · ln2 = (midZᵀ · dFc)ᵀ · midBasis. The bias gradient is added with GELU's backward.
     */
    static void fc1Backward(Kernels k, ModelConfig c, Activations acts, float[] params, float[] grads,
                            ParameterLayout.LayerOffsets p, int count) {
        float[] a = acts.a;
        int h = c.hidden(), in = c.intermediate(), m = width(c), rows = count * c.positions();
        long t0 = StepProfile.start();
        k.gemm(a, acts.dLn, h, a, acts.dFc, in, params, p.fc1Weight(), h, null, 0, rows, h, in, false);
        k.gemmAtB(a, acts.midG, in, a, acts.midZ, m, a, acts.dFc, in, m, in, rows, false);
        k.gemmAtB(grads, p.fc1Weight(), h, a, acts.midG, in, a, acts.midBasis, h, in, h, m, true);
        StepProfile.stop(StepProfile.Section.FC1_BWD, t0);
    }

    /**
     * The dense projection's backward from dResidual (B·T, H) = ∂L/∂mid: dAttn (B·T, H) = dResidual · W_dense, and
     * W_dense's gradient: its head-h columns get Σ_rows dResidualᵀ · (Y^h · values^h) = (Σ_b Y^h_bᵀ · dResidual_b)ᵀ
     * · values^h.
     */
    static void denseBackward(Kernels k, ModelConfig c, Activations acts, float[] params, float[] grads,
                              ParameterLayout.LayerOffsets p, int count) {
        float[] a = acts.a;
        int t = c.positions(), h = c.hidden(), nh = c.heads(), hs = c.headSize(), q = perHead(c);
        int rows = count * t, y = coefficients(c, acts), v = values(c, acts);
        long t0 = StepProfile.start();
        k.gemm(a, acts.dAttn, h, a, acts.dResidual, h, params, p.denseWeight(), h, null, 0, rows, h, h, false);
        for (int head = 0; head < nh; head++) {
            for (int b = 0; b < count; b++) {
                k.gemmAtB(a, acts.midQ, h, a, y + (b * nh + head) * t * q, q, a, acts.dResidual + b * t * h, h,
                        q, h, t, b > 0);
            }
            k.gemmAtB(grads, p.denseWeight() + head * hs, h, a, acts.midQ, h, a, v + head * 3 * hs + 2 * hs, 3 * h,
                    h, hs, q, true);
        }
        StepProfile.stop(StepProfile.Section.DENSE_BWD, t0);
    }
}
