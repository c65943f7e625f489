// Shape and bounds validation shared by the GEMM kernels of both implementations.
package org.rationalicl.simd;

final class GemmChecks {
    private GemmChecks() {}

    /** A is aRows×aCols, B is bRows×bCols (as stored), C is m×n, bias (if any) has n entries. */
    static void check(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, int aRows, int aCols,
                      float[] b, int bOff, int ldb, int bRows, int bCols, float[] bias, int biasOff, int m, int n) {
        if (m < 0 || n < 0 || aRows < 0 || aCols < 0) {
            throw new IllegalArgumentException("negative GEMM size: m=" + m + " n=" + n + " A " + aRows + "x" + aCols);
        }
        Checks.matrix("C", c, cOff, ldc, m, n);
        Checks.matrix("A", a, aOff, lda, aRows, aCols);
        Checks.matrix("B", b, bOff, ldb, bRows, bCols);
        if (bias != null) Checks.span("bias", bias, biasOff, n);
    }
}
