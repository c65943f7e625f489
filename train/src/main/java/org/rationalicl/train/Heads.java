// The task heads: how tokens enter the residual stream (embed_in, or read_in with bias) and how the final
// LayerNorm's output leaves it (embed_out at every position; read_out at the x positions or the last position,
// which are the only rows the last layer computes: see HeadRows).
package org.rationalicl.train;

import org.rationalicl.simd.Kernels;

final class Heads {
    private Heads() {}

    // ---------------------------------------------------------------- input

    /** residual[0] (B, T, H) = embed_in[token] (categorical) or inputs (B, T, d′) · read_inᵀ + bias. */
    static void inputForward(Kernels k, ModelConfig c, ParameterLayout layout, Activations acts,
                             float[] params, Batch batch, int first, int count) {
        float[] a = acts.a;
        int t = c.positions(), h = c.hidden(), rows = count * t;
        if (c.head() == Head.CATEGORICAL) {
            int dst = acts.residual[0];
            for (int r = 0; r < rows; r++) {
                int token = batch.tokens[first * t + r];
                System.arraycopy(params, layout.inWeight + token * h, a, dst + r * h, h);
            }
        } else {
            int d = c.inputDim();
            Linear.linearForward(k, a, acts.residual[0], h, batch.inputs, first * t * d, d,
                    params, layout.inWeight, layout.inBias, rows, d, h, false);
        }
    }

    /** Adds ∂L/∂embed_in (rows of the tokens seen) or ∂L/∂read_in from dResidual (B, T, H). */
    static void inputBackward(Kernels k, ModelConfig c, ParameterLayout layout, Activations acts,
                              float[] params, float[] grads, Batch batch, int first, int count) {
        float[] a = acts.a;
        int t = c.positions(), h = c.hidden(), rows = count * t;
        if (c.head() == Head.CATEGORICAL) {
            for (int r = 0; r < rows; r++) {
                int token = batch.tokens[first * t + r];
                k.axpy(grads, layout.inWeight + token * h, 1f, a, acts.dResidual + r * h, h);
            }
        } else {
            int d = c.inputDim();
            Linear.linearBackward(k, null, 0, 0, false, grads, layout.inWeight, layout.inBias,
                    a, acts.dResidual, h, batch.inputs, first * t * d, d, params, rows, d, h);
        }
    }

    // ---------------------------------------------------------------- output

    /** out (B, outputRows, outputDim) = lnf (B·outputRows, H) · W_outᵀ (+ bias): lnf holds only the head rows. */
    static void outputForward(Kernels k, ModelConfig c, ParameterLayout layout, Activations acts,
                              float[] params, int count) {
        float[] a = acts.a;
        int rows = count * c.outputRows(), n = c.outputDim(), h = c.hidden();
        Linear.linearForward(k, a, acts.out, n, a, acts.lnf, h, params, layout.outWeight, layout.outBias,
                rows, h, n, false);
    }

    /** From dOut (B, outputRows, outputDim): adds ∂L/∂W_out (and bias), writes dLn (B·outputRows, H) = ∂L/∂lnf. */
    static void outputBackward(Kernels k, ModelConfig c, ParameterLayout layout, Activations acts,
                               float[] params, float[] grads, int count) {
        float[] a = acts.a;
        int rows = count * c.outputRows(), n = c.outputDim(), h = c.hidden();
        Linear.linearBackward(k, a, acts.dLn, h, false, grads, layout.outWeight, layout.outBias,
                a, acts.dOut, n, a, acts.lnf, h, params, rows, h, n);
    }
}
