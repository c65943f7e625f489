// The reference kernels: plain loops, written to be obviously right. Every VectorKernels method is tested
// against its twin here. Accumulation order is the natural one; nothing is fused or reordered for speed.
package org.rationalicl.simd;

public class ScalarKernels implements Kernels {

    @Override
    public String name() {
        return "scalar";
    }

    // ---------------------------------------------------------------- GEMM

    @Override
    public void gemm(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float[] bias, int biasOff, int m, int n, int k, boolean accumulate) {
        GemmChecks.check(c, cOff, ldc, a, aOff, lda, m, k, b, bOff, ldb, k, n, bias, biasOff, m, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int p = 0; p < k; p++) sum += a[aOff + i * lda + p] * b[bOff + p * ldb + j];
                store(c, cOff + i * ldc + j, sum, bias, biasOff, j, accumulate);
            }
        }
    }

    @Override
    public void gemmABt(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        float[] bias, int biasOff, int m, int n, int k, boolean accumulate) {
        GemmChecks.check(c, cOff, ldc, a, aOff, lda, m, k, b, bOff, ldb, n, k, bias, biasOff, m, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int p = 0; p < k; p++) sum += a[aOff + i * lda + p] * b[bOff + j * ldb + p];
                store(c, cOff + i * ldc + j, sum, bias, biasOff, j, accumulate);
            }
        }
    }

    @Override
    public void gemmAtB(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        int m, int n, int k, boolean accumulate) {
        GemmChecks.check(c, cOff, ldc, a, aOff, lda, k, m, b, bOff, ldb, k, n, null, 0, m, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int p = 0; p < k; p++) sum += a[aOff + p * lda + i] * b[bOff + p * ldb + j];
                store(c, cOff + i * ldc + j, sum, null, 0, j, accumulate);
            }
        }
    }

    @Override
    public void gemmLowerABt(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float alpha, int m, int k) {
        GemmChecks.check(c, cOff, ldc, a, aOff, lda, m, k, b, bOff, ldb, m, k, null, 0, m, m);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= i; j++) {
                float sum = 0f;
                for (int p = 0; p < k; p++) sum += a[aOff + i * lda + p] * b[bOff + j * ldb + p];
                c[cOff + i * ldc + j] = alpha * sum;
            }
        }
    }

    @Override
    public void gemmLowerA(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                           int m, int n) {
        GemmChecks.check(c, cOff, ldc, a, aOff, lda, m, m, b, bOff, ldb, m, n, null, 0, m, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int p = 0; p <= i; p++) sum += a[aOff + i * lda + p] * b[bOff + p * ldb + j];
                c[cOff + i * ldc + j] = sum;
            }
        }
    }

    @Override
    public void gemmLowerAtB(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             int m, int n) {
        GemmChecks.check(c, cOff, ldc, a, aOff, lda, m, m, b, bOff, ldb, m, n, null, 0, m, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int p = i; p < m; p++) sum += a[aOff + p * lda + i] * b[bOff + p * ldb + j];
                c[cOff + i * ldc + j] = sum;
            }
        }
    }

    private static void store(float[] c, int at, float sum, float[] bias, int biasOff, int j, boolean accumulate) {
        if (bias != null) sum += bias[biasOff + j];
        c[at] = accumulate ? c[at] + sum : sum;
    }

    @Override
    public void biasBackward(float[] dBias, int dBiasOff, float[] dOut, int dOutOff, int ld, int rows, int n) {
        Checks.span("dBias", dBias, dBiasOff, n);
        Checks.matrix("dOut", dOut, dOutOff, ld, rows, n);
        for (int j = 0; j < n; j++) {
            float sum = 0f;
            for (int r = 0; r < rows; r++) sum += dOut[dOutOff + r * ld + j];
            dBias[dBiasOff + j] += sum;
        }
    }

    // ---------------------------------------------------------------- softmax and cross-entropy

    /** Number of unmasked columns of row r. */
    static int rowLength(int r, int cols, boolean causal, int causalShift) {
        return causal ? Math.max(0, Math.min(cols, r + causalShift + 1)) : cols;
    }

    @Override
    public void softmaxForward(float[] out, int outOff, float[] in, int inOff, int ld, int rows, int cols,
                               boolean causal, int causalShift) {
        Checks.matrix("out", out, outOff, ld, rows, cols);
        Checks.matrix("in", in, inOff, ld, rows, cols);
        for (int r = 0; r < rows; r++) {
            int len = rowLength(r, cols, causal, causalShift);
            int row = r * ld;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < len; j++) max = Math.max(max, in[inOff + row + j]);
            float sum = 0f;
            for (int j = 0; j < len; j++) {
                float e = (float) Math.exp(in[inOff + row + j] - max);
                out[outOff + row + j] = e;
                sum += e;
            }
            float inv = 1f / sum;
            for (int j = 0; j < len; j++) out[outOff + row + j] *= inv;
            for (int j = len; j < cols; j++) out[outOff + row + j] = 0f;
        }
    }

    @Override
    public void softmaxBackward(float[] dIn, int dInOff, float[] probs, int probsOff, float[] dOut, int dOutOff,
                                int ld, int rows, int cols, boolean causal, int causalShift) {
        Checks.matrix("dIn", dIn, dInOff, ld, rows, cols);
        Checks.matrix("probs", probs, probsOff, ld, rows, cols);
        Checks.matrix("dOut", dOut, dOutOff, ld, rows, cols);
        for (int r = 0; r < rows; r++) {
            int len = rowLength(r, cols, causal, causalShift);
            int row = r * ld;
            float dot = 0f;
            for (int j = 0; j < len; j++) dot += probs[probsOff + row + j] * dOut[dOutOff + row + j];
            for (int j = 0; j < len; j++) {
                dIn[dInOff + row + j] = probs[probsOff + row + j] * (dOut[dOutOff + row + j] - dot);
            }
            for (int j = len; j < cols; j++) dIn[dInOff + row + j] = 0f;
        }
    }

    @Override
    public void logSoftmax(float[] out, int outOff, float[] in, int inOff, int ld, int rows, int cols) {
        Checks.matrix("out", out, outOff, ld, rows, cols);
        Checks.matrix("in", in, inOff, ld, rows, cols);
        for (int r = 0; r < rows; r++) {
            int row = r * ld;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) max = Math.max(max, in[inOff + row + j]);
            float sum = 0f;
            for (int j = 0; j < cols; j++) sum += (float) Math.exp(in[inOff + row + j] - max);
            float logSum = max + (float) Math.log(sum);
            for (int j = 0; j < cols; j++) out[outOff + row + j] = in[inOff + row + j] - logSum;
        }
    }

    @Override
    public double crossEntropy(float[] dLogits, int dLogitsOff, float[] logits, int logitsOff, int ld,
                               int[] targets, int targetsOff, int rows, int cols, float gradScale) {
        Checks.matrix("logits", logits, logitsOff, ld, rows, cols);
        if (dLogits != null) Checks.matrix("dLogits", dLogits, dLogitsOff, ld, rows, cols);
        Checks.span("targets", targets, targetsOff, rows);
        checkTargets(targets, targetsOff, rows, cols);
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            int row = r * ld;
            int target = targets[targetsOff + r];
            if (target < 0) {
                if (dLogits != null) for (int j = 0; j < cols; j++) dLogits[dLogitsOff + row + j] = 0f;
                continue;
            }
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) max = Math.max(max, logits[logitsOff + row + j]);
            float sum = 0f;
            for (int j = 0; j < cols; j++) sum += (float) Math.exp(logits[logitsOff + row + j] - max);
            float logSum = max + (float) Math.log(sum);
            loss += logSum - logits[logitsOff + row + target];
            if (dLogits != null) {
                for (int j = 0; j < cols; j++) {
                    float p = (float) Math.exp(logits[logitsOff + row + j] - logSum);
                    dLogits[dLogitsOff + row + j] = (p - (j == target ? 1f : 0f)) * gradScale;
                }
            }
        }
        return loss;
    }

    /** Every target must be a class index (< cols) or negative (ignored); checked before any row is written. */
    static void checkTargets(int[] targets, int targetsOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int target = targets[targetsOff + r];
            if (target >= cols) {
                throw new IllegalArgumentException("targets[" + r + "] = " + target + " must be < cols = " + cols
                        + " (or negative to ignore the row)");
            }
        }
    }

    // ---------------------------------------------------------------- LayerNorm

    @Override
    public void layerNormForward(float[] out, int outOff, float[] mean, int meanOff, float[] rstd, int rstdOff,
                                 float[] in, int inOff, float[] weight, int weightOff, float[] bias, int biasOff,
                                 int rows, int dim, float eps) {
        LayerNormChecks.forward(out, outOff, mean, meanOff, rstd, rstdOff, in, inOff, weight, weightOff, bias, biasOff,
                rows, dim);
        for (int r = 0; r < rows; r++) {
            int row = r * dim;
            float sum = 0f;
            for (int j = 0; j < dim; j++) sum += in[inOff + row + j];
            float mu = sum / dim;
            float sq = 0f;
            for (int j = 0; j < dim; j++) {
                float d = in[inOff + row + j] - mu;
                sq += d * d;
            }
            float s = (float) (1.0 / Math.sqrt(sq / dim + eps));
            for (int j = 0; j < dim; j++) {
                out[outOff + row + j] = (in[inOff + row + j] - mu) * s * weight[weightOff + j] + bias[biasOff + j];
            }
            mean[meanOff + r] = mu;
            rstd[rstdOff + r] = s;
        }
    }

    @Override
    public void layerNormBackward(float[] dIn, int dInOff, float[] dWeight, int dWeightOff, float[] dBias, int dBiasOff,
                                  float[] dOut, int dOutOff, float[] in, int inOff, float[] mean, int meanOff,
                                  float[] rstd, int rstdOff, float[] weight, int weightOff, int rows, int dim,
                                  boolean accumulate) {
        LayerNormChecks.backward(dIn, dInOff, dWeight, dWeightOff, dBias, dBiasOff, dOut, dOutOff, in, inOff, mean, meanOff,
                rstd, rstdOff, weight, weightOff, rows, dim);
        for (int r = 0; r < rows; r++) {
            int row = r * dim;
            float mu = mean[meanOff + r];
            float s = rstd[rstdOff + r];
            // xhat = (x - mu) s;  dxhat = dOut * w;  dx = s (dxhat - mean(dxhat) - xhat mean(dxhat xhat))
            float meanD = 0f, meanDX = 0f;
            for (int j = 0; j < dim; j++) {
                float xhat = (in[inOff + row + j] - mu) * s;
                float dxhat = dOut[dOutOff + row + j] * weight[weightOff + j];
                meanD += dxhat;
                meanDX += dxhat * xhat;
            }
            meanD /= dim;
            meanDX /= dim;
            for (int j = 0; j < dim; j++) {
                float xhat = (in[inOff + row + j] - mu) * s;
                float g = dOut[dOutOff + row + j];
                dBias[dBiasOff + j] += g;
                dWeight[dWeightOff + j] += g * xhat;
                float dxhat = g * weight[weightOff + j];
                float v = s * (dxhat - meanD - xhat * meanDX);
                dIn[dInOff + row + j] = accumulate ? dIn[dInOff + row + j] + v : v;
            }
        }
    }

    // ---------------------------------------------------------------- GELU

    private static final double INV_SQRT2 = 1.0 / Math.sqrt(2.0);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    @Override
    public void geluForward(float[] out, int outOff, float[] in, int inOff, int n) {
        Checks.span("out", out, outOff, n);
        Checks.span("in", in, inOff, n);
        for (int i = 0; i < n; i++) {
            double x = in[inOff + i];
            out[outOff + i] = (float) (0.5 * x * (1.0 + Erf.erf(x * INV_SQRT2)));
        }
    }

    @Override
    public void geluBackward(float[] dIn, int dInOff, float[] in, int inOff, float[] dOut, int dOutOff, int n) {
        Checks.span("dIn", dIn, dInOff, n);
        Checks.span("in", in, inOff, n);
        Checks.span("dOut", dOut, dOutOff, n);
        for (int i = 0; i < n; i++) {
            double x = in[inOff + i];
            double cdf = 0.5 * (1.0 + Erf.erf(x * INV_SQRT2));
            double pdf = INV_SQRT_2PI * Math.exp(-0.5 * x * x);
            dIn[dInOff + i] = (float) (dOut[dOutOff + i] * (cdf + x * pdf));
        }
    }

    // ---------------------------------------------------------------- rotary

    @Override
    public void rotaryForward(float[] x, int xOff, int stride, float[] cos, float[] sin, int positions, int rotaryDim) {
        rotate(x, xOff, stride, cos, sin, positions, rotaryDim, 1f);
    }

    @Override
    public void rotaryBackward(float[] dx, int dxOff, int stride, float[] cos, float[] sin, int positions, int rotaryDim) {
        rotate(dx, dxOff, stride, cos, sin, positions, rotaryDim, -1f);
    }

    /** A rotation by +angle (forward) or −angle (its transpose, the backward). */
    private static void rotate(float[] x, int xOff, int stride, float[] cos, float[] sin, int positions,
                               int rotaryDim, float direction) {
        RotaryChecks.check(x, xOff, stride, cos, sin, positions, rotaryDim);
        int h = rotaryDim / 2;
        for (int p = 0; p < positions; p++) {
            int row = xOff + p * stride;
            for (int i = 0; i < h; i++) {
                float c = cos[p * h + i], s = direction * sin[p * h + i];
                float x1 = x[row + i], x2 = x[row + i + h];
                x[row + i] = x1 * c - x2 * s;
                x[row + i + h] = x2 * c + x1 * s;
            }
        }
    }

    // ---------------------------------------------------------------- attention

    @Override
    public void attentionForward(float[] out, int outOff, int outStride, float[] probs, int probsOff,
                                 float[] q, int qOff, float[] k, int kOff, float[] v, int vOff, int qkvStride,
                                 int T, int headDim, float scale) {
        AttentionChecks.forward(out, outOff, outStride, probs, probsOff, q, qOff, k, kOff, v, vOff, qkvStride, T, headDim);
        for (int t = 0; t < T; t++) {
            int prow = probsOff + t * T;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j <= t; j++) {
                float dot = 0f;
                for (int d = 0; d < headDim; d++) dot += q[qOff + t * qkvStride + d] * k[kOff + j * qkvStride + d];
                probs[prow + j] = dot * scale;
                max = Math.max(max, probs[prow + j]);
            }
            float sum = 0f;
            for (int j = 0; j <= t; j++) {
                probs[prow + j] = (float) Math.exp(probs[prow + j] - max);
                sum += probs[prow + j];
            }
            float inv = 1f / sum;
            for (int j = 0; j <= t; j++) probs[prow + j] *= inv;
            for (int j = t + 1; j < T; j++) probs[prow + j] = 0f;
            for (int d = 0; d < headDim; d++) {
                float acc = 0f;
                for (int j = 0; j <= t; j++) acc += probs[prow + j] * v[vOff + j * qkvStride + d];
                out[outOff + t * outStride + d] = acc;
            }
        }
    }

    @Override
    public void attentionBackward(float[] dq, int dqOff, float[] dk, int dkOff, float[] dv, int dvOff, int dqkvStride,
                                  float[] scratch, int scratchOff,
                                  float[] dOut, int dOutOff, int dOutStride, float[] probs, int probsOff,
                                  float[] q, int qOff, float[] k, int kOff, float[] v, int vOff, int qkvStride,
                                  int T, int headDim, float scale) {
        AttentionChecks.backward(dq, dqOff, dk, dkOff, dv, dvOff, dqkvStride, scratch, scratchOff,
                dOut, dOutOff, dOutStride, probs, probsOff, q, qOff, k, kOff, v, vOff, qkvStride, T, headDim);
        for (int t = 0; t < T; t++) {
            for (int d = 0; d < headDim; d++) {
                dq[dqOff + t * dqkvStride + d] = 0f;
                dk[dkOff + t * dqkvStride + d] = 0f;
                dv[dvOff + t * dqkvStride + d] = 0f;
            }
        }
        for (int t = 0; t < T; t++) {
            int prow = probsOff + t * T;
            int gRow = dOutOff + t * dOutStride;
            // dP[t,j] = dOut[t]·v[j];  dv[j] += P[t,j] dOut[t]
            float dot = 0f;
            for (int j = 0; j <= t; j++) {
                float dp = 0f;
                for (int d = 0; d < headDim; d++) {
                    dp += dOut[gRow + d] * v[vOff + j * qkvStride + d];
                    dv[dvOff + j * dqkvStride + d] += probs[prow + j] * dOut[gRow + d];
                }
                scratch[scratchOff + j] = dp;
                dot += probs[prow + j] * dp;
            }
            // dS[t,j] = P (dP − Σ P dP);  scores = scale q·k  ⇒  dq[t] += scale dS k[j], dk[j] += scale dS q[t]
            for (int j = 0; j <= t; j++) {
                float ds = probs[prow + j] * (scratch[scratchOff + j] - dot) * scale;
                for (int d = 0; d < headDim; d++) {
                    dq[dqOff + t * dqkvStride + d] += ds * k[kOff + j * qkvStride + d];
                    dk[dkOff + j * dqkvStride + d] += ds * q[qOff + t * qkvStride + d];
                }
            }
        }
    }

    // ---------------------------------------------------------------- optimiser and utilities

    @Override
    public void adamw(float[] param, int paramOff, float[] grad, int gradOff, float[] m, int mOff, float[] v, int vOff,
                      int n, float lr, float beta1, float beta2, float eps, float weightDecay, float bc1, float bc2) {
        Checks.span("param", param, paramOff, n);
        Checks.span("grad", grad, gradOff, n);
        Checks.span("m", m, mOff, n);
        Checks.span("v", v, vOff, n);
        float decay = 1f - lr * weightDecay;
        float stepSize = lr / bc1;
        float sqrtBc2 = (float) Math.sqrt(bc2);
        for (int i = 0; i < n; i++) {
            float g = grad[gradOff + i];
            float mi = beta1 * m[mOff + i] + (1f - beta1) * g;
            float vi = beta2 * v[vOff + i] + (1f - beta2) * g * g;
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            float denom = (float) Math.sqrt(vi) / sqrtBc2 + eps;
            // torch: param.addcdiv_(exp_avg, denom, value=-step_size), i.e. step_size · (m / denom)
            param[paramOff + i] = param[paramOff + i] * decay - stepSize * (mi / denom);
        }
    }

    @Override
    public double sumOfSquares(float[] x, int xOff, int n) {
        Checks.span("x", x, xOff, n);
        double sum = 0;
        for (int i = 0; i < n; i++) sum += (double) x[xOff + i] * x[xOff + i];
        return sum;
    }

    @Override
    public void scale(float[] x, int xOff, int n, float s) {
        Checks.span("x", x, xOff, n);
        for (int i = 0; i < n; i++) x[xOff + i] *= s;
    }

    @Override
    public void axpy(float[] y, int yOff, float a, float[] x, int xOff, int n) {
        Checks.span("y", y, yOff, n);
        Checks.span("x", x, xOff, n);
        for (int i = 0; i < n; i++) y[yOff + i] += a * x[xOff + i];
    }

    @Override
    public void add(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n) {
        Checks.span("out", out, outOff, n);
        Checks.span("a", a, aOff, n);
        Checks.span("b", b, bOff, n);
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i] + b[bOff + i];
    }

    @Override
    public void transpose(float[] dst, int dstOff, float[] src, int srcOff, int rows, int cols) {
        checkTranspose(dst, dstOff, src, srcOff, rows, cols);
        transposeRange(dst, dstOff, src, srcOff, rows, cols, 0, rows, 0, cols);
    }

    static void checkTranspose(float[] dst, int dstOff, float[] src, int srcOff, int rows, int cols) {
        Checks.size("rows", rows);
        Checks.size("cols", cols);
        Checks.span("dst", dst, dstOff, (long) rows * cols);
        Checks.span("src", src, srcOff, (long) rows * cols);
    }

    /** transpose's element loop over rows [r0, r1) and columns [c0, c1). */
    static void transposeRange(float[] dst, int dstOff, float[] src, int srcOff, int rows, int cols,
                               int r0, int r1, int c0, int c1) {
        for (int r = r0; r < r1; r++) {
            for (int c = c0; c < c1; c++) dst[dstOff + c * rows + r] = src[srcOff + r * cols + c];
        }
    }

    // ---------------------------------------------------------------- fused kernels

    @Override
    public void geluForwardWithDerivative(float[] out, int outOff, float[] deriv, int derivOff, float[] in, int inOff,
                                          int n) {
        Checks.span("out", out, outOff, n);
        Checks.span("deriv", deriv, derivOff, n);
        Checks.span("in", in, inOff, n);
        for (int i = 0; i < n; i++) {
            double x = in[inOff + i];
            double cdf = 0.5 * (1.0 + Erf.erf(x * INV_SQRT2));
            double pdf = INV_SQRT_2PI * Math.exp(-0.5 * x * x);
            out[outOff + i] = (float) (x * cdf);
            deriv[derivOff + i] = (float) (cdf + x * pdf);
        }
    }

    @Override
    public void geluBackwardWithBias(float[] dIn, int dInOff, float[] dBias, int dBiasOff, float[] deriv, int derivOff,
                                     float[] dOut, int dOutOff, int rows, int n) {
        Checks.size("rows", rows);
        Checks.size("n", n);
        long size = (long) rows * n;
        Checks.span("dIn", dIn, dInOff, size);
        Checks.span("dBias", dBias, dBiasOff, n);
        Checks.span("deriv", deriv, derivOff, size);
        Checks.span("dOut", dOut, dOutOff, size);
        for (int r = 0; r < rows; r++) {
            int row = r * n;
            for (int j = 0; j < n; j++) {
                float g = dOut[dOutOff + row + j] * deriv[derivOff + row + j];
                dIn[dInOff + row + j] = g;
                dBias[dBiasOff + j] += g;
            }
        }
    }
}
