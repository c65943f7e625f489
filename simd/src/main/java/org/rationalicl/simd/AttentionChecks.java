// Validation for the attention kernels of both implementations.
package org.rationalicl.simd;

final class AttentionChecks {
    private AttentionChecks() {}

    static void forward(float[] out, int outOff, int outStride, float[] probs, int probsOff,
                        float[] q, int qOff, float[] k, int kOff, float[] v, int vOff, int qkvStride, int T, int headDim) {
        Checks.size("T", T);
        Checks.size("headDim", headDim);
        Checks.matrix("out", out, outOff, outStride, T, headDim);
        Checks.span("probs", probs, probsOff, (long) T * T);
        Checks.matrix("q", q, qOff, qkvStride, T, headDim);
        Checks.matrix("k", k, kOff, qkvStride, T, headDim);
        Checks.matrix("v", v, vOff, qkvStride, T, headDim);
    }

    static void backward(float[] dq, int dqOff, float[] dk, int dkOff, float[] dv, int dvOff, int dqkvStride,
                         float[] scratch, int scratchOff, float[] dOut, int dOutOff, int dOutStride,
                         float[] probs, int probsOff, float[] q, int qOff, float[] k, int kOff, float[] v, int vOff,
                         int qkvStride, int T, int headDim) {
        Checks.size("T", T);
        Checks.size("headDim", headDim);
        Checks.matrix("dOut", dOut, dOutOff, dOutStride, T, headDim);
        Checks.span("probs", probs, probsOff, (long) T * T);
        Checks.matrix("q", q, qOff, qkvStride, T, headDim);
        Checks.matrix("k", k, kOff, qkvStride, T, headDim);
        Checks.matrix("v", v, vOff, qkvStride, T, headDim);
        Checks.matrix("dq", dq, dqOff, dqkvStride, T, headDim);
        Checks.matrix("dk", dk, dkOff, dqkvStride, T, headDim);
        Checks.matrix("dv", dv, dvOff, dqkvStride, T, headDim);
        Checks.span("scratch", scratch, scratchOff, T);
    }
}
