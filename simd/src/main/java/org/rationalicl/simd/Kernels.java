// The hot primitives of the network, on flat float[] arrays with explicit offsets.
// Two implementations: ScalarKernels (obviously right) and VectorKernels (Vector API); Kernels.get() picks one.
package org.rationalicl.simd;

/**
 * Conventions shared by every kernel:
 * <ul>
 *   <li>Arguments: outputs, saved values, inputs and weights, then sizes. Each array is followed by its offset.
 *   <li>Matrices are row-major; a leading dimension {@code ld} is the distance between rows (≥ the row length).
 *   <li>Backward kernels <em>write</em> activation gradients ({@code dIn}, {@code dq}, …) and <em>add</em> into
 *       parameter gradients ({@code dWeight}, {@code dBias}); the trainer zeroes parameter gradients once a step.
 *       GEMMs, and LayerNorm's backward for its input gradient, say which by their {@code accumulate} flag.
 *   <li>Element-wise kernels allow the output to be the same array region as an input (in place).
 *   <li>No kernel allocates. Each validates its sizes and offsets against the array lengths once per call and
 *       throws {@link IllegalArgumentException} naming the argument; none reads or writes out of bounds.
 * </ul>
 */
public interface Kernels {

    /** The implementation chosen at start-up: {@code -Drationalicl.kernels=scalar|simd} forces one. */
    static Kernels get() {
        return KernelProvider.INSTANCE;
    }

    /** "scalar" or "simd". */
    String name();

    // ---------------------------------------------------------------- GEMM

    /** C[m×n] (+)= A[m×k] · B[k×n] (+ bias[n] when bias != null; bias is added once, also when accumulating). */
    void gemm(float[] c, int cOff, int ldc,
              float[] a, int aOff, int lda,
              float[] b, int bOff, int ldb,
              float[] bias, int biasOff,
              int m, int n, int k, boolean accumulate);

    /** C[m×n] (+)= A[m×k] · B[n×k]ᵀ (+ bias[n]). With B a PyTorch Linear weight (out×in) this is its forward. */
    void gemmABt(float[] c, int cOff, int ldc,
                 float[] a, int aOff, int lda,
                 float[] b, int bOff, int ldb,
                 float[] bias, int biasOff,
                 int m, int n, int k, boolean accumulate);

    /** C[m×n] (+)= A[k×m]ᵀ · B[k×n]. With A = dOut (rows×out) and B = in (rows×in) this is a Linear's dWeight. */
    void gemmAtB(float[] c, int cOff, int ldc,
                 float[] a, int aOff, int lda,
                 float[] b, int bOff, int ldb,
                 int m, int n, int k, boolean accumulate);

    /**
     * The lower triangle of C[m×m] = alpha · A[m×k] · B[m×k]ᵀ: C[i, j] for j ≤ i is written (alpha times the
     * sum), C above the diagonal is left as it was. Causal attention's scores q·kᵀ/√hs and their gradient dOut·vᵀ.
     */
    void gemmLowerABt(float[] c, int cOff, int ldc,
                      float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb,
                      float alpha, int m, int k);

    /**
     * C[m×n] = tril(A) · B, A m×m: C[i, j] = Σ_{p ≤ i} A[i, p] B[p, j]. A's entries above the diagonal are not
     * read. Causal attention's P·v (A = probabilities) and dS·k.
     */
    void gemmLowerA(float[] c, int cOff, int ldc,
                    float[] a, int aOff, int lda,
                    float[] b, int bOff, int ldb,
                    int m, int n);

    /**
     * C[m×n] = tril(A)ᵀ · B, A m×m: C[i, j] = Σ_{p ≥ i} A[p, i] B[p, j]. A's entries above the diagonal are not
     * read. Causal attention's Pᵀ·dOut and dSᵀ·q.
     */
    void gemmLowerAtB(float[] c, int cOff, int ldc,
                      float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb,
                      int m, int n);

    /** dBias[n] += Σ_rows dOut[r, ·] — a Linear's bias gradient. */
    void biasBackward(float[] dBias, int dBiasOff, float[] dOut, int dOutOff, int ld, int rows, int n);

    // ---------------------------------------------------------------- softmax and cross-entropy

    /**
     * Row softmax of in[rows×cols] (leading dimension ld for both) into out. When {@code causal}, row r only
     * spans columns 0..min(r + causalShift, cols-1); the masked columns are written as 0. out may alias in.
     */
    void softmaxForward(float[] out, int outOff, float[] in, int inOff, int ld, int rows, int cols,
                        boolean causal, int causalShift);

    /** dIn = p ⊙ (dOut − Σ_j p_j dOut_j) row by row, for p from softmaxForward (same masking). dIn may alias dOut. */
    void softmaxBackward(float[] dIn, int dInOff, float[] probs, int probsOff, float[] dOut, int dOutOff,
                         int ld, int rows, int cols, boolean causal, int causalShift);

    /** out = log_softmax(in) row by row (rows×cols, leading dimension ld for both). out may alias in. */
    void logSoftmax(float[] out, int outOff, float[] in, int inOff, int ld, int rows, int cols);

    /**
     * Softmax cross-entropy of logits[rows×cols] (leading dimension ld) against targets[rows]. Returns the sum of
     * −log p[target] over rows whose target is ≥ 0 (rows with a negative target are ignored). When dLogits != null
     * it is written as (softmax − onehot(target)) · gradScale, and 0 for ignored rows; dLogits may alias logits
     * (the gradient overwrites the logits in place). Every target must be &lt; cols, checked before any work.
     */
    double crossEntropy(float[] dLogits, int dLogitsOff, float[] logits, int logitsOff, int ld,
                        int[] targets, int targetsOff, int rows, int cols, float gradScale);

    // ---------------------------------------------------------------- LayerNorm

    /**
     * out = (in − mean) · rstd · weight + bias per row of in[rows×dim] (contiguous rows); saves mean[rows] and
     * rstd[rows] = 1/√(var + eps), var the biased variance, as PyTorch does.
     */
    void layerNormForward(float[] out, int outOff, float[] mean, int meanOff, float[] rstd, int rstdOff,
                          float[] in, int inOff, float[] weight, int weightOff, float[] bias, int biasOff,
                          int rows, int dim, float eps);

    /** Writes dIn, adds into dWeight and dBias, from dOut and the values saved by layerNormForward. */
    default void layerNormBackward(float[] dIn, int dInOff, float[] dWeight, int dWeightOff, float[] dBias,
                                   int dBiasOff, float[] dOut, int dOutOff, float[] in, int inOff, float[] mean,
                                   int meanOff, float[] rstd, int rstdOff, float[] weight, int weightOff, int rows,
                                   int dim) {
        layerNormBackward(dIn, dInOff, dWeight, dWeightOff, dBias, dBiasOff, dOut, dOutOff, in, inOff, mean, meanOff,
                rstd, rstdOff, weight, weightOff, rows, dim, false);
    }

    /**
     * The same; with {@code accumulate}, dIn += ∂L/∂in instead of dIn = ∂L/∂in (a residual stream's gradient):
     * each element gets exactly the bits of writing ∂L/∂in elsewhere and adding it, without that extra pass.
     */
    void layerNormBackward(float[] dIn, int dInOff, float[] dWeight, int dWeightOff, float[] dBias, int dBiasOff,
                           float[] dOut, int dOutOff, float[] in, int inOff, float[] mean, int meanOff,
                           float[] rstd, int rstdOff, float[] weight, int weightOff, int rows, int dim,
                           boolean accumulate);

    // ---------------------------------------------------------------- GELU (exact, erf form)

    /** out = x · Φ(x) = ½ x (1 + erf(x/√2)), PyTorch's default GELU. */
    void geluForward(float[] out, int outOff, float[] in, int inOff, int n);

    /** dIn = dOut · (Φ(x) + x φ(x)). dIn may alias dOut. */
    void geluBackward(float[] dIn, int dInOff, float[] in, int inOff, float[] dOut, int dOutOff, int n);

    // ---------------------------------------------------------------- rotary position embedding

    /**
     * Rotates, in place, the first {@code rotaryDim} entries of each of {@code positions} rows of x (row p at
     * xOff + p·stride), "rotate-half" convention: dimension i pairs with i + rotaryDim/2 (i &lt; rotaryDim/2),
     * x_i' = x_i cos − x_{i+h} sin, x_{i+h}' = x_{i+h} cos + x_i sin, with cos/sin at cos[p·h + i], sin[p·h + i],
     * h = rotaryDim/2 (tables from {@link Rotary#tables}). rotaryDim must be even.
     */
    void rotaryForward(float[] x, int xOff, int stride, float[] cos, float[] sin, int positions, int rotaryDim);

    /** The transpose (inverse) rotation of rotaryForward, in place on the gradient dx. */
    void rotaryBackward(float[] dx, int dxOff, int stride, float[] cos, float[] sin, int positions, int rotaryDim);

    // ---------------------------------------------------------------- causal attention (one sequence, one head)

    /**
     * out[t] = Σ_{j≤t} P[t,j] v[j], P = softmax_j(scale · q[t]·k[j]) with the causal mask. q, k, v rows of
     * length headDim at qOff + t·qkvStride (likewise k, v); out rows at outOff + t·outStride; probs saves
     * P as a T×T matrix (row-major, masked entries 0).
     */
    void attentionForward(float[] out, int outOff, int outStride, float[] probs, int probsOff,
                          float[] q, int qOff, float[] k, int kOff, float[] v, int vOff, int qkvStride,
                          int T, int headDim, float scale);

    /**
     * Writes dq, dk, dv (rows at d?Off + t·dqkvStride) from dOut and the probs saved by attentionForward.
     * {@code scratch} holds at least T floats (a row of score gradients).
     */
    void attentionBackward(float[] dq, int dqOff, float[] dk, int dkOff, float[] dv, int dvOff, int dqkvStride,
                           float[] scratch, int scratchOff,
                           float[] dOut, int dOutOff, int dOutStride, float[] probs, int probsOff,
                           float[] q, int qOff, float[] k, int kOff, float[] v, int vOff, int qkvStride,
                           int T, int headDim, float scale);

    // ---------------------------------------------------------------- optimiser and vector utilities

    /**
     * One AdamW step on n parameters, PyTorch's order of operations: p ← p·(1 − lr·wd); m ← β1 m + (1−β1) g;
     * v ← β2 v + (1−β2) g²; p ← p − (lr / bc1) · m / (√v / √bc2 + eps), with bc1 = 1 − β1^t, bc2 = 1 − β2^t.
     */
    void adamw(float[] param, int paramOff, float[] grad, int gradOff, float[] m, int mOff, float[] v, int vOff,
               int n, float lr, float beta1, float beta2, float eps, float weightDecay, float bc1, float bc2);

    /** Σ x_i² over n values, accumulated in at least float precision per lane and summed in double. */
    double sumOfSquares(float[] x, int xOff, int n);

    /** x ← s · x. */
    void scale(float[] x, int xOff, int n, float s);

    /** y ← y + a · x. */
    void axpy(float[] y, int yOff, float a, float[] x, int xOff, int n);

    /** out = a + b element-wise (out may alias a or b). */
    void add(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n);

    /**
     * dst (cols × rows) = srcᵀ for a row-major src (rows × cols): dst[dstOff + c·rows + r] = src[srcOff + r·cols + c].
     * Pure data movement (the same bits in any implementation); dst must not overlap src.
     */
    void transpose(float[] dst, int dstOff, float[] src, int srcOff, int rows, int cols);

    // ---------------------------------------------------------------- fused kernels (VectorFused)

    /**
     * out = x·Φ(x) as {@link #geluForward}, and in the same pass deriv = Φ(x) + x φ(x), the factor
     * {@link #geluBackward} multiplies by, so that backward needs no second erf and exp. deriv may alias in (each
     * x is read before its derivative is written); out must not overlap in or deriv otherwise.
     */
    void geluForwardWithDerivative(float[] out, int outOff, float[] deriv, int derivOff, float[] in, int inOff, int n);

    /**
     * dIn (rows×n) = dOut ⊙ deriv (all three contiguous, row length n), and the bias gradient of the Linear that
     * produced the GELU's input: dBias[j] += dIn[r, j] for r = 0, 1, …, rows−1 in that order (a fixed order, so
     * the scalar and vector twins give identical bits). dIn may alias dOut.
     */
    void geluBackwardWithBias(float[] dIn, int dInOff, float[] dBias, int dBiasOff, float[] deriv, int derivOff,
                              float[] dOut, int dOutOff, int rows, int n);
}
