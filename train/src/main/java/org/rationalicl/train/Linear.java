// A PyTorch nn.Linear on row-major activations: weight (out, in) as PyTorch stores it, optional bias (out).
// Rows may be strided (ld ≥ width), which lets the heads read only the positions they use.
package org.rationalicl.train;

import org.rationalicl.simd.Kernels;

final class Linear {
    private Linear() {}

    /** out (rows, outDim) = in (rows, inDim) · Wᵀ + b; with {@code accumulate} the product is added to out. */
    static void linearForward(Kernels k, float[] out, int outOff, int ldOut,
                              float[] in, int inOff, int ldIn,
                              float[] params, int wOff, int bOff, int rows, int inDim, int outDim, boolean accumulate) {
        linearForward(k, out, outOff, ldOut, in, inOff, ldIn, params, wOff, bOff, null, rows, inDim, outDim, accumulate);
    }

    /**
     * The same, reading Wᵀ (inDim, outDim) at weightsT[wOff] when weightsT != null (see Model#prepareStepWeights):
     * A·B packs Wᵀ with row copies where A·Wᵀ would transpose W again in every pass. Bit-identical results (the
     * same packed panels, the same kernels) unless outDim is under 8 (see Model#forward).
     */
    static void linearForward(Kernels k, float[] out, int outOff, int ldOut,
                              float[] in, int inOff, int ldIn,
                              float[] params, int wOff, int bOff, float[] weightsT,
                              int rows, int inDim, int outDim, boolean accumulate) {
        float[] bias = bOff < 0 ? null : params;
        if (weightsT != null) {
            k.gemm(out, outOff, ldOut, in, inOff, ldIn, weightsT, wOff, outDim, bias, Math.max(bOff, 0),
                    rows, outDim, inDim, accumulate);
        } else {
            k.gemmABt(out, outOff, ldOut, in, inOff, ldIn, params, wOff, inDim, bias, Math.max(bOff, 0),
                    rows, outDim, inDim, accumulate);
        }
    }

    /**
     * dW (outDim, inDim) += dOutᵀ · in; dB += Σ_rows dOut; dIn (rows, inDim) = dOut · W (skipped when dIn is null;
     * added instead of written when {@code accumulateDIn}).
     */
    static void linearBackward(Kernels k, float[] dIn, int dInOff, int ldDIn, boolean accumulateDIn,
                               float[] grads, int wOff, int bOff,
                               float[] dOut, int dOutOff, int ldDOut,
                               float[] in, int inOff, int ldIn,
                               float[] params, int rows, int inDim, int outDim) {
        k.gemmAtB(grads, wOff, inDim, dOut, dOutOff, ldDOut, in, inOff, ldIn, outDim, inDim, rows, true);
        if (bOff >= 0) k.biasBackward(grads, bOff, dOut, dOutOff, ldDOut, rows, outDim);
        if (dIn != null) {
            k.gemm(dIn, dInOff, ldDIn, dOut, dOutOff, ldDOut, params, wOff, inDim, null, 0,
                    rows, inDim, outDim, accumulateDIn);
        }
    }
}
