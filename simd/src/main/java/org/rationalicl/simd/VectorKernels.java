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
    public void biasBackward(float[] dBias, int dBiasOff, float[] dOut, int dOutOff, int ld, int rows, int n) {
        VectorGemm.PREFERRED.biasBackward(dBias, dBiasOff, dOut, dOutOff, ld, rows, n);
    }

    // ---- row, element-wise, attention and optimiser kernels (VectorOps) ----
}
