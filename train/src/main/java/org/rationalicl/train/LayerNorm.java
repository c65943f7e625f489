// LayerNorm over the hidden dimension (eps 1e-5, weight and bias), as torch.nn.LayerNorm.
// Forward saves the row mean and 1/std; backward adds the input gradient into the residual-stream gradient.
package org.rationalicl.train;

import org.rationalicl.simd.Kernels;

final class LayerNorm {
    private LayerNorm() {}

    /** out (rows, H) = LN(in (rows, H)); saves mean (rows) and rstd (rows). */
    static void layerNormForward(Kernels k, float[] acts, int out, int mean, int rstd, int in,
                                 float[] params, int wOff, int bOff, int rows, int h) {
        k.layerNormForward(acts, out, acts, mean, acts, rstd, acts, in, params, wOff, params, bOff,
                rows, h, ModelConfig.LAYER_NORM_EPS);
    }

    /**
     * dResidual (rows, H) += ∂L/∂in (or = when not {@code accumulate}), from dOut (rows, H); dWeight, dBias +=
     * their gradients.
     */
    static void layerNormBackward(Kernels k, float[] acts, int dResidual, boolean accumulate, int dOut,
                                  int in, int mean, int rstd,
                                  float[] params, float[] grads, int wOff, int bOff, int rows, int h) {
        k.layerNormBackward(acts, dResidual, grads, wOff, grads, bOff, acts, dOut, acts, in, acts, mean, acts, rstd,
                params, wOff, rows, h, accumulate);
    }
}
