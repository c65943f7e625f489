// The hot loops of the memorizing predictors (posterior over D pool tasks, one position at a time), on flat
// float[] with explicit offsets. Two implementations: scalar (obviously right) and Vector API; get() picks one.
package org.rationalicl.analysis.predictors;

import org.rationalicl.simd.Kernels;

/**
 * Kernels over the D pool tasks of one sequence position. Log-posteriors are kept shifted so that their
 * maximum is 0 (the caller subtracts the max at every position): the values that matter stay near 0, so
 * float keeps full relative precision however long the context, and exp never underflows for the leading task.
 * No kernel allocates; sizes are the caller's responsibility (checked once per predictor call).
 */
interface PosteriorKernels {

    /** Follows the simd module's choice (-Drationalicl.kernels=scalar|simd), so both layers agree. */
    static PosteriorKernels get() {
        return Holder.INSTANCE;
    }

    String name();

    /** acc[i] += row[i] for i &lt; n; returns max_i acc[i] (−∞ when n = 0). */
    float addRowAndMax(float[] acc, int accOff, float[] row, int rowOff, int n);

    /**
     * acc[i] −= scale · (y − pred[i])² for i &lt; n; returns max_i acc[i]. The Gaussian log-likelihood update of
     * regression's memorizing posterior.
     */
    float subtractScaledSquaredErrorAndMax(float[] acc, int accOff, float[] pred, int predOff, float y, float scale,
                                           int n);

    /**
     * Log-weights below this (relative to the leading task, whose log-weight is 0) get weight exactly 0: even
     * 2^20 tasks there add under 2^20·e^-40 ≈ 4e-12 of the leader's weight, far below float resolution, and
     * skipping their exp is what makes long contexts cheap once the posterior has concentrated.
     */
    float NEGLIGIBLE = -40f;

    /**
     * acc[i] −= shift (in place), w[i] = exp(acc[i]) (0 where acc[i] &lt; NEGLIGIBLE); returns Σ w[i]
     * (accumulated in float lanes, summed in double).
     */
    double shiftExpSum(float[] w, int wOff, float[] acc, int accOff, float shift, int n);

    /** Σ a[i]·b[i] over n values. */
    double dot(float[] a, int aOff, float[] b, int bOff, int n);

    /**
     * out[outOff + k] = Σ_i w[i] · rows[rowsOff + k·ld + i] for k &lt; m, i &lt; n: m dot products sharing w (the
     * posterior-weighted average of the m symbol rows in one sweep over the weights). Sums end in double.
     */
    void weightedRowSums(double[] out, int outOff, float[] w, int wOff, float[] rows, int rowsOff, int ld, int m,
                         int n);

    /** out[i] = Σ_k c[k] · rows[rowsOff + k·ld + i] for i &lt; n, k &lt; m: m rows combined with coefficients c. */
    void combineRows(float[] out, int outOff, float[] rows, int rowsOff, int ld, float[] c, int cOff, int m, int n);

    /** Chooses once, at class initialisation. */
    final class Holder {
        static final PosteriorKernels INSTANCE = choose(Kernels.get().name());

        private Holder() {}

        static PosteriorKernels choose(String wanted) {
            if (wanted.equals("simd")) {
                try {
                    Class<?> type = Class.forName("org.rationalicl.analysis.predictors.VectorPosteriorKernels");
                    return (PosteriorKernels) type.getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                    System.err.println("rationalicl: Vector API posterior kernels unavailable (" + e
                            + "); using scalar");
                }
            }
            return new ScalarPosteriorKernels();
        }
    }
}
