// Finite-difference checks of every backward kernel, for both implementations: the forward is rewritten here in
// double precision, a random objective Σ r ⊙ out is differentiated by central differences, and the float
// analytic gradient must agree.
package org.rationalicl.simd;

import static org.rationalicl.simd.Compare.assertClose;
import static org.rationalicl.simd.Compare.uniform;

import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tolerance: central differences in double with step H = 1e-4 have truncation error ~H²·|f'''| ≈ 1e-8 and
 * rounding error ~1e-16/H = 1e-12, so the reference is good to ~1e-8. The analytic gradients are computed in
 * float on these tiny shapes (reductions of ≤ 8 terms): their error is a few hundred units of 2⁻²⁴ ≈ 6e-8
 * relative at most, well under the tolerance 2e-5·(1 + |g|), while a wrong formula (a missing term, a wrong
 * sign or scale) moves gradients by O(1e-2) or more at these magnitudes.
 */
class GradientCheckTest {
    private static final double H = 1e-4;
    private static final double REL = 2e-5;

    static List<Kernels> implementations() {
        return List.of(new ScalarKernels(), new VectorKernels());
    }

    /** Central difference of f with respect to x[i] (x is perturbed and restored). */
    private static double fd(double[] x, int i, ToDoubleFunction<double[]> f) {
        double keep = x[i];
        x[i] = keep + H;
        double up = f.applyAsDouble(x);
        x[i] = keep - H;
        double down = f.applyAsDouble(x);
        x[i] = keep;
        return (up - down) / (2 * H);
    }

    private static double[] numericGradient(double[] x, ToDoubleFunction<double[]> f) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) g[i] = fd(x, i, f);
        return g;
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }

    private static void check(String what, double[] numeric, float[] analytic) {
        assertClose(what, numeric, analytic, 0, numeric.length, i -> REL * (1 + Math.abs(numeric[i])));
    }

    // ---------------------------------------------------------------- softmax

    private static double softmaxObjective(double[] x, double[] r, int rows, int cols, boolean causal, int shift) {
        double f = 0;
        for (int i = 0; i < rows; i++) {
            int len = ScalarKernels.rowLength(i, cols, causal, shift);
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < len; j++) max = Math.max(max, x[i * cols + j]);
            for (int j = 0; j < len; j++) sum += Math.exp(x[i * cols + j] - max);
            for (int j = 0; j < len; j++) f += r[i * cols + j] * Math.exp(x[i * cols + j] - max) / sum;
        }
        return f;
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void softmaxBackward(Kernels kernels) {
        Random rnd = new Random(21);
        int rows = 5, cols = 7;
        for (int[] cs : new int[][] {{0, 0}, {1, 0}, {1, 2}}) {
            boolean causal = cs[0] == 1;
            int shift = cs[1];
            float[] x = uniform(rnd, rows * cols, -2, 2), r = uniform(rnd, rows * cols, -1, 1);
            double[] rd = toDouble(r);
            double[] numeric = numericGradient(toDouble(x), xd -> softmaxObjective(xd, rd, rows, cols, causal, shift));
            float[] p = new float[rows * cols], dIn = new float[rows * cols];
            kernels.softmaxForward(p, 0, x, 0, cols, rows, cols, causal, shift);
            kernels.softmaxBackward(dIn, 0, p, 0, r, 0, cols, rows, cols, causal, shift);
            check(kernels.name() + " softmax dIn causal=" + causal + "/" + shift, numeric, dIn);
        }
    }

    // ---------------------------------------------------------------- log-softmax and cross-entropy

    @ParameterizedTest
    @MethodSource("implementations")
    void logSoftmaxAndCrossEntropy(Kernels kernels) {
        Random rnd = new Random(22);
        int rows = 6, cols = 9;
        float[] z = uniform(rnd, rows * cols, -3, 3);
        int[] targets = {4, -1, 0, 8, 2, 2};
        float gradScale = 1f / 5; // mean over the 5 counted rows
        ToDoubleFunction<double[]> loss = zd -> {
            double sum = 0;
            for (int i = 0; i < rows; i++) {
                if (targets[i] < 0) continue;
                double max = Double.NEGATIVE_INFINITY, s = 0;
                for (int j = 0; j < cols; j++) max = Math.max(max, zd[i * cols + j]);
                for (int j = 0; j < cols; j++) s += Math.exp(zd[i * cols + j] - max);
                sum += max + Math.log(s) - zd[i * cols + targets[i]];
            }
            return sum;
        };
        double[] zd = toDouble(z);
        float[] dz = new float[rows * cols];
        double value = kernels.crossEntropy(dz, 0, z, 0, cols, targets, 0, rows, cols, gradScale);
        double expected = loss.applyAsDouble(zd);
        assertClose(kernels.name() + " crossEntropy loss", i -> expected, new float[] {(float) value}, 0, 1,
                i -> 1e-6 * (1 + Math.abs(expected)));
        double[] numeric = numericGradient(zd, loss);
        for (int i = 0; i < numeric.length; i++) numeric[i] *= gradScale;
        check(kernels.name() + " crossEntropy dLogits", numeric, dz);

        // log-softmax has no backward kernel; its forward is checked against the double formula
        float[] out = new float[rows * cols];
        kernels.logSoftmax(out, 0, z, 0, cols, rows, cols);
        double[] ref = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            double max = Double.NEGATIVE_INFINITY, s = 0;
            for (int j = 0; j < cols; j++) max = Math.max(max, zd[i * cols + j]);
            for (int j = 0; j < cols; j++) s += Math.exp(zd[i * cols + j] - max);
            for (int j = 0; j < cols; j++) ref[i * cols + j] = zd[i * cols + j] - max - Math.log(s);
        }
        assertClose(kernels.name() + " logSoftmax", ref, out, 0, ref.length, i -> 1e-6 * (1 + Math.abs(ref[i])));
    }

    // ---------------------------------------------------------------- LayerNorm

    private static double layerNormObjective(double[] x, double[] w, double[] b, double[] r, int rows, int dim,
                                             double eps) {
        double f = 0;
        for (int i = 0; i < rows; i++) {
            double mean = 0, var = 0;
            for (int j = 0; j < dim; j++) mean += x[i * dim + j];
            mean /= dim;
            for (int j = 0; j < dim; j++) var += (x[i * dim + j] - mean) * (x[i * dim + j] - mean);
            var /= dim; // biased, as torch.nn.LayerNorm
            double rstd = 1 / Math.sqrt(var + eps);
            for (int j = 0; j < dim; j++) f += r[i * dim + j] * ((x[i * dim + j] - mean) * rstd * w[j] + b[j]);
        }
        return f;
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void layerNormBackward(Kernels kernels) {
        Random rnd = new Random(23);
        int rows = 4, dim = 7;
        float eps = 1e-5f;
        float[] x = uniform(rnd, rows * dim, -2, 2), w = uniform(rnd, dim, 0.5, 1.5), b = uniform(rnd, dim, -1, 1);
        float[] r = uniform(rnd, rows * dim, -1, 1);
        double[] xd = toDouble(x), wd = toDouble(w), bd = toDouble(b), rd = toDouble(r);
        double[] gx = numericGradient(xd, v -> layerNormObjective(v, wd, bd, rd, rows, dim, eps));
        double[] gw = numericGradient(wd, v -> layerNormObjective(xd, v, bd, rd, rows, dim, eps));
        double[] gb = numericGradient(bd, v -> layerNormObjective(xd, wd, v, rd, rows, dim, eps));

        float[] out = new float[rows * dim], mean = new float[rows], rstd = new float[rows];
        kernels.layerNormForward(out, 0, mean, 0, rstd, 0, x, 0, w, 0, b, 0, rows, dim, eps);
        float[] dIn = new float[rows * dim];
        float[] dw = new float[dim], db = new float[dim];
        java.util.Arrays.fill(dw, 0.25f); // parameter gradients are added to, not overwritten
        java.util.Arrays.fill(db, -0.5f);
        kernels.layerNormBackward(dIn, 0, dw, 0, db, 0, r, 0, x, 0, mean, 0, rstd, 0, w, 0, rows, dim);
        for (int j = 0; j < dim; j++) {
            gw[j] += 0.25;
            gb[j] -= 0.5;
        }
        check(kernels.name() + " layerNorm dIn", gx, dIn);
        check(kernels.name() + " layerNorm dWeight (+0.25 already there)", gw, dw);
        check(kernels.name() + " layerNorm dBias (−0.5 already there)", gb, db);
    }

    // ---------------------------------------------------------------- GELU

    @ParameterizedTest
    @MethodSource("implementations")
    void geluBackward(Kernels kernels) {
        Random rnd = new Random(24);
        int n = 41;
        float[] x = uniform(rnd, n, -5, 5), r = uniform(rnd, n, -1, 1);
        x[0] = 0f;
        x[1] = -1e-3f;
        double[] rd = toDouble(r);
        ToDoubleFunction<double[]> f = xd -> {
            double s = 0;
            for (int i = 0; i < n; i++) s += rd[i] * 0.5 * xd[i] * (1 + Erf.erf(xd[i] / Math.sqrt(2)));
            return s;
        };
        double[] numeric = numericGradient(toDouble(x), f);
        float[] dIn = new float[n];
        kernels.geluBackward(dIn, 0, x, 0, r, 0, n);
        check(kernels.name() + " gelu dIn", numeric, dIn);
    }

    // ---------------------------------------------------------------- rotary

    @ParameterizedTest
    @MethodSource("implementations")
    void rotaryBackward(Kernels kernels) {
        Random rnd = new Random(25);
        int positions = 5, rotaryDim = 6, stride = 9; // the 3 columns past rotaryDim are left alone
        int h = rotaryDim / 2;
        float[] cos = new float[positions * h], sin = new float[positions * h];
        Rotary.tables(cos, sin, positions, rotaryDim, 10);
        float[] x = uniform(rnd, positions * stride, -2, 2), r = uniform(rnd, positions * stride, -1, 1);
        double[] rd = toDouble(r);
        ToDoubleFunction<double[]> f = xd -> {
            double s = 0;
            for (int p = 0; p < positions; p++) {
                for (int i = 0; i < stride; i++) {
                    double y;
                    if (i < h) y = xd[p * stride + i] * cos[p * h + i] - xd[p * stride + i + h] * sin[p * h + i];
                    else if (i < rotaryDim) {
                        y = xd[p * stride + i] * cos[p * h + i - h] + xd[p * stride + i - h] * sin[p * h + i - h];
                    } else y = xd[p * stride + i];
                    s += rd[p * stride + i] * y;
                }
            }
            return s;
        };
        double[] numeric = numericGradient(toDouble(x), f);
        float[] dx = r.clone(); // rotaryBackward works in place on the gradient
        kernels.rotaryBackward(dx, 0, stride, cos, sin, positions, rotaryDim);
        check(kernels.name() + " rotary dx", numeric, dx);

        float[] y = x.clone();
        kernels.rotaryForward(y, 0, stride, cos, sin, positions, rotaryDim);
        // the forward itself, element by element, against the double formula used above
        double[] ref = new double[x.length];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < stride; i++) {
                int at = p * stride + i;
                if (i < h) ref[at] = (double) x[at] * cos[p * h + i] - (double) x[at + h] * sin[p * h + i];
                else if (i < rotaryDim) ref[at] = (double) x[at] * cos[p * h + i - h] + (double) x[at - h] * sin[p * h + i - h];
                else ref[at] = x[at];
            }
        }
        assertClose(kernels.name() + " rotary forward", ref, y, 0, ref.length, i -> 1e-6);
    }

    // ---------------------------------------------------------------- attention

    /** Σ r ⊙ out for causal single-head attention, q/k/v rows of length d at t·stride. */
    private static double attentionObjective(double[] q, double[] k, double[] v, double[] r, int T, int d, int stride,
                                             double scale) {
        double f = 0;
        double[] p = new double[T];
        for (int t = 0; t < T; t++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j <= t; j++) {
                double s = 0;
                for (int c = 0; c < d; c++) s += q[t * stride + c] * k[j * stride + c];
                p[j] = s * scale;
                max = Math.max(max, p[j]);
            }
            double sum = 0;
            for (int j = 0; j <= t; j++) {
                p[j] = Math.exp(p[j] - max);
                sum += p[j];
            }
            for (int c = 0; c < d; c++) {
                double o = 0;
                for (int j = 0; j <= t; j++) o += p[j] / sum * v[j * stride + c];
                f += r[t * d + c] * o;
            }
        }
        return f;
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void attentionBackward(Kernels kernels) {
        Random rnd = new Random(26);
        int T = 6, d = 5, stride = 7;
        float scale = (float) (1 / Math.sqrt(d));
        float[] q = uniform(rnd, T * stride, -1.5, 1.5), k = uniform(rnd, T * stride, -1.5, 1.5);
        float[] v = uniform(rnd, T * stride, -1, 1), r = uniform(rnd, T * d, -1, 1);
        double[] qd = toDouble(q), kd = toDouble(k), vd = toDouble(v), rd = toDouble(r);
        double[] gq = numericGradient(qd, a -> attentionObjective(a, kd, vd, rd, T, d, stride, scale));
        double[] gk = numericGradient(kd, a -> attentionObjective(qd, a, vd, rd, T, d, stride, scale));
        double[] gv = numericGradient(vd, a -> attentionObjective(qd, kd, a, rd, T, d, stride, scale));

        float[] out = new float[T * d], probs = new float[T * T];
        kernels.attentionForward(out, 0, d, probs, 0, q, 0, k, 0, v, 0, stride, T, d, scale);
        float[] dq = new float[T * stride], dk = new float[T * stride], dv = new float[T * stride];
        java.util.Arrays.fill(dq, 9f); // activation gradients are written, whatever was there
        java.util.Arrays.fill(dk, 9f);
        java.util.Arrays.fill(dv, 9f);
        kernels.attentionBackward(dq, 0, dk, 0, dv, 0, stride, new float[T], 0, r, 0, d, probs, 0,
                q, 0, k, 0, v, 0, stride, T, d, scale);
        // the padding columns d..stride−1 are not part of the rows: their numeric gradient is 0, and the kernels
        // must leave them as they were
        for (int t = 0; t < T; t++) {
            for (int c = d; c < stride; c++) {
                gq[t * stride + c] = gk[t * stride + c] = gv[t * stride + c] = 9;
            }
        }
        check(kernels.name() + " attention dq", gq, dq);
        check(kernels.name() + " attention dk", gk, dk);
        check(kernels.name() + " attention dv", gv, dv);
    }

    // ---------------------------------------------------------------- fused GELU with the bias gradient

    /** Σ r ⊙ gelu(x + b) over rows × n, b broadcast over rows: the objective of a Linear's bias through a GELU. */
    private static double geluBiasObjective(double[] x, double[] b, double[] r, int rows, int n) {
        double s = 0;
        for (int row = 0; row < rows; row++) {
            for (int j = 0; j < n; j++) {
                double z = x[row * n + j] + b[j];
                s += r[row * n + j] * 0.5 * z * (1 + Erf.erf(z / Math.sqrt(2)));
            }
        }
        return s;
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void geluBackwardWithBias(Kernels kernels) {
        Random rnd = new Random(27);
        int rows = 3, n = 19; // n: one full 16-lane vector and a ragged tail at 512 bits
        float[] x = uniform(rnd, rows * n, -4, 4), r = uniform(rnd, rows * n, -1, 1);
        x[0] = 0f;
        x[1] = -1e-3f;
        double[] xd = toDouble(x), rd = toDouble(r), zero = new double[n];
        double[] gx = numericGradient(xd, v -> geluBiasObjective(v, zero, rd, rows, n));
        double[] gb = numericGradient(zero.clone(), v -> geluBiasObjective(xd, v, rd, rows, n));
        float[] out = new float[rows * n], deriv = new float[rows * n], dIn = new float[rows * n];
        float[] dBias = new float[n];
        java.util.Arrays.fill(dBias, 0.25f);
        kernels.geluForwardWithDerivative(out, 0, deriv, 0, x, 0, rows * n);
        kernels.geluBackwardWithBias(dIn, 0, dBias, 0, deriv, 0, r, 0, rows, n);
        check(kernels.name() + " gelu (fused) dIn", gx, dIn);
        double[] gbPlus = new double[n];
        for (int j = 0; j < n; j++) gbPlus[j] = gb[j] + 0.25;
        check(kernels.name() + " gelu (fused) dBias (+0.25 already there)", gbPlus, dBias);
    }
}
