// Layer 0 of a read-in model (regression, classification) sees h0 = W_in·z + b_in, an affine image of the d′-wide
// input z. Its LN1 output is therefore rstd·(Ā·z̃) scaled and shifted, with z̃ = [z, 1] and Ā = [W_in | b_in] centred
// over the hidden units, so its query_key_value output is a rank-(d′+2) product: qkv_r = z″_r · Kᵀ with
// z″_r = [rstd_r·z̃_r, 1] and K = W_qkv · [diag(g)·Ā | β], instead of an H-deep product per row. Backward needs
// only sums over rows of the same rank: the weight gradient, LN1's parameter gradients and LN1's input gradient,
// which reaches read_in's gradient without passing through the rows. The same function as the per-position layer
// in real arithmetic; in float the sums run in another order.
package org.rationalicl.train;

import org.rationalicl.simd.Kernels;

public final class ReadInProjection {
    private ReadInProjection() {}

    /**
     * True for a read-in model whose input is narrow against its width (d′ + 2 ≤ H / 2, the regression and
     * classification defaults: 10 and 11 against 32): then the rank-(d′+2) products do less than half the work.
     */
    public static boolean applies(ModelConfig c) {
        return c.head() != Head.CATEGORICAL && 2 * (c.inputDim() + 2) <= c.hidden();
    }

    /** Columns of z″: d′ input columns and the bias column, both times rstd, then 1 for β. */
    public static int width(ModelConfig c) {
        return c.inputDim() + 2;
    }

    /**
     * ln1Mean[0] and ln1Rstd[0] as the per-position layer keeps them (the normalised rows themselves are never
     * needed: they go to the backward scratch dScratch, unused during forward); readInCentered (H, d′+1) = Ā;
     * readInGainT (d′+2, H) = [diag(g)·Ā | β]ᵀ; readInKT (d′+2, 3H) = readInGainT · W_qkvᵀ; readInZ (B·T, d′+2) = z″;
     * qkv[0] (B·T, 3H) = readInZ · readInKT, before rotary. The wide dimension (3H, H or the rows) is always the
     * products' output width: 10-wide outputs would run at a third of the speed.
     */
    static void forward(Kernels k, ModelConfig c, ParameterLayout layout, Activations acts, float[] params,
                        float[] weightsT, Batch batch, int first, int count) {
        float[] a = acts.a;
        ParameterLayout.LayerOffsets p = layout.layer(0);
        int t = c.positions(), h = c.hidden(), h3 = 3 * h, d = c.inputDim(), e = d + 1, w = d + 2, rows = count * t;
        long t0 = StepProfile.start();
        // rstd of each row of h0, exactly as the per-position LayerNorm computes it
        LayerNorm.layerNormForward(k, a, acts.dScratch, acts.ln1Mean[0], acts.ln1Rstd[0], acts.residual[0],
                params, p.ln1Weight(), p.ln1Bias(), rows, h);
        StepProfile.stop(StepProfile.Section.LN_FWD, t0);
        t0 = StepProfile.start();
        int centered = acts.readInCentered, gainT = acts.readInGainT, kt = acts.readInKT;
        for (int i = 0; i < e; i++) {
            int col = i < d ? layout.inWeight + i : layout.inBias, step = i < d ? d : 1;
            double sum = 0;
            for (int u = 0; u < h; u++) sum += params[col + u * step];
            float mean = (float) (sum / h);
            for (int u = 0; u < h; u++) {
                float centred = params[col + u * step] - mean;
                a[centered + u * e + i] = centred;
                a[gainT + i * h + u] = params[p.ln1Weight() + u] * centred;
            }
        }
        System.arraycopy(params, p.ln1Bias(), a, gainT + e * h, h);
        if (weightsT != null) {
            k.gemm(a, kt, h3, a, gainT, h, weightsT, p.qkvWeight(), h3, null, 0, w, h3, h, false);
        } else {
            k.gemmABt(a, kt, h3, a, gainT, h, params, p.qkvWeight(), h, null, 0, w, h3, h, false);
        }
        int z = acts.readInZ, rstd = acts.ln1Rstd[0], in = first * t * d;
        for (int r = 0; r < rows; r++) {
            float s = a[rstd + r];
            int zr = z + r * w;
            for (int i = 0; i < d; i++) a[zr + i] = s * batch.inputs[in + r * d + i];
            a[zr + d] = s;
            a[zr + e] = 1f;
        }
        k.gemm(a, acts.qkv[0], h3, a, z, w, a, kt, h3, null, 0, rows, h3, w, false);
        StepProfile.stop(StepProfile.Section.QKV_FWD, t0);
    }

    /**
     * From dQkv (B·T, 3H) = ∂L/∂qkv[0] before rotary: adds the query_key_value, LN1 and read_in gradients (LN1's
     * input gradient goes straight into read_in's; the residual path's share is added by Heads.inputBackward).
     * With D = dQkv, Gᵀ = z″ᵀ·D (d′+2, 3H) and Pᵀ = Gᵀ·W_qkv (d′+2, H), whose rows are Σ_r z″_r ∂L/∂ln1_r:
     * <ul>
     *   <li>∂L/∂W_qkv = G · [diag(g)·Ā | β]ᵀ;
     *   <li>∂L/∂β = Pᵀ's last row, ∂L/∂g_u = Σ_i Ā[u, i] Pᵀ[i, u] (x̂_r = Ā·rstd_r z̃_r);
     *   <li>LN1's input gradient rstd·(g⊙δ − mean(g⊙δ) − x̂·m_r), m_r = mean(g⊙δ⊙x̂), times z̃ᵀ and summed over rows:
     *       diag(g)·P − its column means − Ā·S with S = Σ_r m_r z′_r z′_rᵀ (z′ = rstd·z̃), where
     *       m_r = z′_r · (D·W_qkv·diag(g)·Ā)_r / H = z′_r · (readInKT · Dᵀ)_{·, r} / H over its first d′+1 rows.
     * </ul>
     */
    static void backward(Kernels k, ModelConfig c, ParameterLayout layout, Activations acts, float[] params,
                         float[] grads, int count) {
        float[] a = acts.a;
        ParameterLayout.LayerOffsets p = layout.layer(0);
        int h = c.hidden(), h3 = 3 * h, d = c.inputDim(), e = d + 1, w = d + 2, rows = count * c.positions();
        int z = acts.readInZ, gT = acts.readInGT, pT = acts.readInPT, yT = acts.readInYT, m = acts.readInM;
        int s = acts.readInS, as = acts.readInAs, centered = acts.readInCentered;
        long t0 = StepProfile.start();
        k.gemmAtB(a, gT, h3, a, z, w, a, acts.dQkv, h3, w, h3, rows, false);
        k.gemmAtB(grads, p.qkvWeight(), h, a, gT, h3, a, acts.readInGainT, h, h3, h, w, true);
        StepProfile.stop(StepProfile.Section.QKV_BWD, t0);
        t0 = StepProfile.start();
        k.gemm(a, pT, h, a, gT, h3, params, p.qkvWeight(), h, null, 0, w, h, h3, false);
        k.gemmABt(a, yT, rows, a, acts.readInKT, h3, a, acts.dQkv, h3, null, 0, e, rows, h3, false);
        // row r of M = m_r z′_r, then S = Mᵀ · z′
        for (int r = 0; r < rows; r++) {
            int zr = z + r * w;
            float mr = 0f;
            for (int i = 0; i < e; i++) mr += a[zr + i] * a[yT + i * rows + r];
            mr /= h;
            for (int i = 0; i < e; i++) a[m + r * e + i] = mr * a[zr + i];
        }
        k.gemmAtB(a, s, e, a, m, e, a, z, w, e, e, rows, false);
        k.gemm(a, as, e, a, centered, e, a, s, e, null, 0, h, e, e, false);   // Ā · S
        for (int i = 0; i < e; i++) {
            int row = pT + i * h;
            double sum = 0;
            for (int u = 0; u < h; u++) sum += params[p.ln1Weight() + u] * a[row + u];
            float mean = (float) (sum / h);
            int col = i < d ? layout.inWeight + i : layout.inBias, step = i < d ? d : 1;
            for (int u = 0; u < h; u++) {
                grads[col + u * step] += params[p.ln1Weight() + u] * a[row + u] - mean - a[as + u * e + i];
            }
        }
        for (int u = 0; u < h; u++) {
            float dg = 0f;
            for (int i = 0; i < e; i++) dg += a[centered + u * e + i] * a[pT + i * h + u];
            grads[p.ln1Weight() + u] += dg;
            grads[p.ln1Bias() + u] += a[pT + e * h + u];
        }
        StepProfile.stop(StepProfile.Section.LN_BWD, t0);
    }
}
