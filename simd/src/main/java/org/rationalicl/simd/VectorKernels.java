// Vector API kernels (jdk.incubator.vector). Loaded reflectively by KernelProvider, so that a JVM without
// the incubator module never touches this class. Each method is tested against its ScalarKernels twin.
package org.rationalicl.simd;

final class VectorKernels extends ScalarKernels {

    @Override
    public String name() {
        return "simd";
    }

    // ---- GEMM (VectorGemm) ----

    @Override
    public void gemm(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float[] bias, int biasOff, int m, int n, int k, boolean accumulate) {
        VectorGemm.PREFERRED.gemm(c, cOff, ldc, a, aOff, lda, b, bOff, ldb, bias, biasOff, m, n, k, accumulate);
    }

    @Override
    public void gemmABt(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        float[] bias, int biasOff, int m, int n, int k, boolean accumulate) {
        VectorGemm.PREFERRED.gemmABt(c, cOff, ldc, a, aOff, lda, b, bOff, ldb, bias, biasOff, m, n, k, accumulate);
    }

    @Override
    public void gemmAtB(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        int m, int n, int k, boolean accumulate) {
        VectorGemm.PREFERRED.gemmAtB(c, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, n, k, accumulate);
    }

    @Override
    public void gemmLowerABt(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float alpha, int m, int k) {
        VectorGemm.PREFERRED.gemmLowerABt(c, cOff, ldc, a, aOff, lda, b, bOff, ldb, alpha, m, k);
    }

    @Override
    public void gemmLowerA(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                           int m, int n) {
        VectorGemm.PREFERRED.gemmLowerA(c, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, n);
    }

    @Override
    public void gemmLowerAtB(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             int m, int n) {
        VectorGemm.PREFERRED.gemmLowerAtB(c, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, n);
    }

    @Override
    public void biasBackward(float[] dBias, int dBiasOff, float[] dOut, int dOutOff, int ld, int rows, int n) {
        VectorGemm.PREFERRED.biasBackward(dBias, dBiasOff, dOut, dOutOff, ld, rows, n);
    }

    // ---- row, element-wise, attention and optimiser kernels (VectorOps) ----

    @Override
    public void softmaxForward(float[] out, int outOff, float[] in, int inOff, int ld, int rows, int cols,
                               boolean causal, int causalShift) {
        VectorOps.softmaxForward(out, outOff, in, inOff, ld, rows, cols, causal, causalShift);
    }

    @Override
    public void softmaxBackward(float[] dIn, int dInOff, float[] probs, int probsOff, float[] dOut, int dOutOff,
                                int ld, int rows, int cols, boolean causal, int causalShift) {
        VectorOps.softmaxBackward(dIn, dInOff, probs, probsOff, dOut, dOutOff, ld, rows, cols, causal, causalShift);
    }

    @Override
    public void logSoftmax(float[] out, int outOff, float[] in, int inOff, int ld, int rows, int cols) {
        VectorOps.logSoftmax(out, outOff, in, inOff, ld, rows, cols);
    }

    @Override
    public double crossEntropy(float[] dLogits, int dLogitsOff, float[] logits, int logitsOff, int ld,
                               int[] targets, int targetsOff, int rows, int cols, float gradScale) {
        return VectorOps.crossEntropy(dLogits, dLogitsOff, logits, logitsOff, ld, targets, targetsOff, rows, cols,
                gradScale);
    }

    @Override
    public void layerNormForward(float[] out, int outOff, float[] mean, int meanOff, float[] rstd, int rstdOff,
                                 float[] in, int inOff, float[] weight, int weightOff, float[] bias, int biasOff,
                                 int rows, int dim, float eps) {
        VectorOps.layerNormForward(out, outOff, mean, meanOff, rstd, rstdOff, in, inOff, weight, weightOff,
                bias, biasOff, rows, dim, eps);
    }

    @Override
    public void layerNormBackward(float[] dIn, int dInOff, float[] dWeight, int dWeightOff, float[] dBias, int dBiasOff,
                                  float[] dOut, int dOutOff, float[] in, int inOff, float[] mean, int meanOff,
                                  float[] rstd, int rstdOff, float[] weight, int weightOff, int rows, int dim,
                                  boolean accumulate) {
        VectorOps.layerNormBackward(dIn, dInOff, dWeight, dWeightOff, dBias, dBiasOff, dOut, dOutOff, in, inOff,
                mean, meanOff, rstd, rstdOff, weight, weightOff, rows, dim, accumulate);
    }

    @Override
    public void geluForward(float[] out, int outOff, float[] in, int inOff, int n) {
        VectorOps.geluForward(out, outOff, in, inOff, n);
    }

    @Override
    public void geluBackward(float[] dIn, int dInOff, float[] in, int inOff, float[] dOut, int dOutOff, int n) {
        VectorOps.geluBackward(dIn, dInOff, in, inOff, dOut, dOutOff, n);
    }

    @Override
    public void rotaryForward(float[] x, int xOff, int stride, float[] cos, float[] sin, int positions, int rotaryDim) {
        VectorOps.rotate(x, xOff, stride, cos, sin, positions, rotaryDim, 1f);
    }

    @Override
    public void rotaryBackward(float[] dx, int dxOff, int stride, float[] cos, float[] sin, int positions, int rotaryDim) {
        VectorOps.rotate(dx, dxOff, stride, cos, sin, positions, rotaryDim, -1f);
    }

    @Override
    public void attentionForward(float[] out, int outOff, int outStride, float[] probs, int probsOff,
                                 float[] q, int qOff, float[] k, int kOff, float[] v, int vOff, int qkvStride,
                                 int T, int headDim, float scale) {
        VectorOps.attentionForward(out, outOff, outStride, probs, probsOff, q, qOff, k, kOff, v, vOff, qkvStride,
                T, headDim, scale);
    }

    @Override
    public void attentionBackward(float[] dq, int dqOff, float[] dk, int dkOff, float[] dv, int dvOff, int dqkvStride,
                                  float[] scratch, int scratchOff,
                                  float[] dOut, int dOutOff, int dOutStride, float[] probs, int probsOff,
                                  float[] q, int qOff, float[] k, int kOff, float[] v, int vOff, int qkvStride,
                                  int T, int headDim, float scale) {
        VectorOps.attentionBackward(dq, dqOff, dk, dkOff, dv, dvOff, dqkvStride, scratch, scratchOff,
                dOut, dOutOff, dOutStride, probs, probsOff, q, qOff, k, kOff, v, vOff, qkvStride, T, headDim, scale);
    }

    @Override
    public void adamw(float[] param, int paramOff, float[] grad, int gradOff, float[] m, int mOff, float[] v, int vOff,
                      int n, float lr, float beta1, float beta2, float eps, float weightDecay, float bc1, float bc2) {
        VectorOps.adamw(param, paramOff, grad, gradOff, m, mOff, v, vOff, n, lr, beta1, beta2, eps, weightDecay,
                bc1, bc2);
    }

    @Override
    public double sumOfSquares(float[] x, int xOff, int n) {
        return VectorOps.sumOfSquares(x, xOff, n);
    }

    @Override
    public void scale(float[] x, int xOff, int n, float s) {
        VectorOps.scale(x, xOff, n, s);
    }

    @Override
    public void axpy(float[] y, int yOff, float a, float[] x, int xOff, int n) {
        VectorOps.axpy(y, yOff, a, x, xOff, n);
    }

    @Override
    public void add(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n) {
        VectorOps.add(out, outOff, a, aOff, b, bOff, n);
    }

    /** 16 × 16 blocks in registers (Transpose16) at 16 lanes, the ragged edges element by element. */
    @Override
    public void transpose(float[] dst, int dstOff, float[] src, int srcOff, int rows, int cols) {
        checkTranspose(dst, dstOff, src, srcOff, rows, cols);
        int n = Transpose16.N;
        if (VectorWidth.FLOATS.length() != n) {
            transposeRange(dst, dstOff, src, srcOff, rows, cols, 0, rows, 0, cols);
            return;
        }
        int fullRows = rows - rows % n, fullCols = cols - cols % n;
        for (int r = 0; r < fullRows; r += n) {
            for (int c = 0; c < fullCols; c += n) {
                Transpose16.block(src, srcOff + r * cols + c, cols, dst, dstOff + c * rows + r, rows);
            }
        }
        transposeRange(dst, dstOff, src, srcOff, rows, cols, 0, fullRows, fullCols, cols);
        transposeRange(dst, dstOff, src, srcOff, rows, cols, fullRows, rows, 0, cols);
    }

    // ---- fused kernels (VectorFused) ----

    @Override
    public void geluForwardWithDerivative(float[] out, int outOff, float[] deriv, int derivOff, float[] in, int inOff,
                                          int n) {
        VectorFused.geluForwardWithDerivative(out, outOff, deriv, derivOff, in, inOff, n);
    }

    @Override
    public void geluBackwardWithBias(float[] dIn, int dInOff, float[] dBias, int dBiasOff, float[] deriv, int derivOff,
                                     float[] dOut, int dOutOff, int rows, int n) {
        VectorFused.geluBackwardWithBias(dIn, dInOff, dBias, dBiasOff, deriv, derivOff, dOut, dOutOff, rows, n);
    }
}
