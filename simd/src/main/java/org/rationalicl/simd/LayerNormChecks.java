// Validation for the LayerNorm kernels of both implementations.
package org.rationalicl.simd;

final class LayerNormChecks {
    private LayerNormChecks() {}

    static void forward(float[] out, int outOff, float[] mean, int meanOff, float[] rstd, int rstdOff,
                        float[] in, int inOff, float[] weight, int weightOff, float[] bias, int biasOff,
                        int rows, int dim) {
        Checks.span("out", out, outOff, (long) rows * dim);
        Checks.span("mean", mean, meanOff, rows);
        Checks.span("rstd", rstd, rstdOff, rows);
        Checks.span("in", in, inOff, (long) rows * dim);
        Checks.span("weight", weight, weightOff, dim);
        Checks.span("bias", bias, biasOff, dim);
    }

    static void backward(float[] dIn, int dInOff, float[] dWeight, int dWeightOff, float[] dBias, int dBiasOff,
                         float[] dOut, int dOutOff, float[] in, int inOff, float[] mean, int meanOff,
                         float[] rstd, int rstdOff, float[] weight, int weightOff, int rows, int dim) {
        Checks.span("dIn", dIn, dInOff, (long) rows * dim);
        Checks.span("dWeight", dWeight, dWeightOff, dim);
        Checks.span("dBias", dBias, dBiasOff, dim);
        Checks.span("dOut", dOut, dOutOff, (long) rows * dim);
        Checks.span("in", in, inOff, (long) rows * dim);
        Checks.span("mean", mean, meanOff, rows);
        Checks.span("rstd", rstd, rstdOff, rows);
        Checks.span("weight", weight, weightOff, dim);
    }
}
