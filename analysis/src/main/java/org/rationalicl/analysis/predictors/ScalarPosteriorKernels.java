// Scalar reference for PosteriorKernels: plain loops, the twin every vector kernel is tested against.
package org.rationalicl.analysis.predictors;

class ScalarPosteriorKernels implements PosteriorKernels {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public float addRowAndMax(float[] acc, int accOff, float[] row, int rowOff, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float a = acc[accOff + i] + row[rowOff + i];
            acc[accOff + i] = a;
            max = Math.max(max, a);
        }
        return max;
    }

    @Override
    public float subtractScaledSquaredErrorAndMax(float[] acc, int accOff, float[] pred, int predOff, float y,
                                                  float scale, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float e = y - pred[predOff + i];
            float a = acc[accOff + i] - scale * e * e;
            acc[accOff + i] = a;
            max = Math.max(max, a);
        }
        return max;
    }

    @Override
    public double shiftExpSum(float[] w, int wOff, float[] acc, int accOff, float shift, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float a = acc[accOff + i] - shift;
            acc[accOff + i] = a;
            float e = a < NEGLIGIBLE ? 0f : PosteriorExp.exp(a);
            w[wOff + i] = e;
            sum += e;
        }
        return sum;
    }

    @Override
    public double dot(float[] a, int aOff, float[] b, int bOff, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) sum += (double) a[aOff + i] * b[bOff + i];
        return sum;
    }

    @Override
    public void weightedRowSums(double[] out, int outOff, float[] w, int wOff, float[] rows, int rowsOff, int ld,
                                int m, int n) {
        for (int k = 0; k < m; k++) out[outOff + k] = dot(w, wOff, rows, rowsOff + k * ld, n);
    }

    @Override
    public void combineRows(float[] out, int outOff, float[] rows, int rowsOff, int ld, float[] c, int cOff, int m,
                            int n) {
        for (int i = 0; i < n; i++) {
            float s = 0;
            for (int k = 0; k < m; k++) s += c[cOff + k] * rows[rowsOff + k * ld + i];
            out[outOff + i] = s;
        }
    }
}
