// Compares the triangular GEMMs of causal attention (gemmLowerABt, gemmLowerA, gemmLowerAtB) with their
// ScalarKernels twins on ragged shapes, offsets and padded leading dimensions, at each vector width.
package org.rationalicl.simd;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Same tolerance as {@link VectorGemmTest}: |vector − scalar| ≤ 2·(terms+2)·u·Σ|a·b| per element, u = 2⁻²⁴, where
 * the terms are only those of the triangle (times |alpha| for LOWER_ABT, whose alpha is 0.37, not a power of two). A's other triangle is filled with NaN, so a kernel that reads it (or
 * lets it into a sum) fails; every element of C outside the written region (above the diagonal for OUT, outside
 * the m×n block for all) must keep its bits.
 */
class TriangularGemmTest {

    enum Variant { LOWER_ABT, LOWER_A, LOWER_ATB }

    private static final float ALPHA = 0.37f;

    /** m (the triangle's side) and the other size (k for LOWER_ABT, n otherwise): tails at every vector width. */
    private static final int[][] SHAPES = {
        {1, 1}, {1, 17}, {2, 3}, {3, 64}, {4, 4}, {5, 16}, {7, 33}, {8, 1}, {9, 65}, {15, 31}, {16, 64},
        {17, 8}, {31, 17}, {33, 64}, {63, 2}, {64, 64}, {65, 40}, {100, 7}, {129, 64}, {130, 129}, {4, 0}, {0, 5},
        {31, 64}, {20, 64}, {19, 16}, {28, 5},   // rows outside whole tiles; the last 3–15 rows of a transposed B
    };

    record Impl(String name, VectorGemm gemm, Kernels kernels) {
        void run(Variant v, float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                 int m, int other) {
            if (kernels != null) {
                runKernels(kernels, v, c, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, other);
                return;
            }
            switch (v) {
                case LOWER_ABT -> gemm.gemmLowerABt(c, cOff, ldc, a, aOff, lda, b, bOff, ldb, ALPHA, m, other);
                case LOWER_A -> gemm.gemmLowerA(c, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, other);
                case LOWER_ATB -> gemm.gemmLowerAtB(c, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, other);
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static void runKernels(Kernels k, Variant v, float[] c, int cOff, int ldc, float[] a, int aOff, int lda,
                           float[] b, int bOff, int ldb, int m, int other) {
        switch (v) {
            case LOWER_ABT -> k.gemmLowerABt(c, cOff, ldc, a, aOff, lda, b, bOff, ldb, ALPHA, m, other);
            case LOWER_A -> k.gemmLowerA(c, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, other);
            case LOWER_ATB -> k.gemmLowerAtB(c, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, other);
        }
    }

    /** Always the explicit vector implementations, so the forced-scalar test run still checks the vector code. */
    static Stream<Arguments> cases() {
        List<Impl> impls = List.of(new Impl("VectorKernels", null, new VectorKernels()),
                new Impl("128-bit", VectorGemm.forBits(128), null),
                new Impl("256-bit", VectorGemm.forBits(256), null),
                new Impl("512-bit", VectorGemm.forBits(512), null));
        List<Arguments> out = new ArrayList<>();
        for (Impl impl : impls) {
            for (Variant v : Variant.values()) out.add(Arguments.of(impl, v));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesScalarTwin(Impl impl, Variant variant) {
        Random random = new Random(20261126L + 17 * variant.ordinal());
        ScalarKernels scalar = new ScalarKernels();
        int config = 0;
        for (int[] shape : SHAPES) {
            for (int round = 0; round < 2; round++, config++) {
                int pad = round == 0 ? 0 : 3;
                checkOne(impl, scalar, variant, random, shape[0], shape[1], config % 3, (config + 1) % 3,
                        (config + 2) % 3, pad);
            }
        }
    }

    private void checkOne(Impl impl, ScalarKernels scalar, Variant variant, Random random, int m, int other,
                          int aOff, int bOff, int cOff, int pad) {
        boolean out = variant == Variant.LOWER_ABT;
        int n = out ? m : other, k = out ? other : m;
        int aCols = out ? k : m;                       // A is m×k (ABt) or m×m
        int bRows = out ? m : k, bCols = out ? k : n;  // B is m×k (ABt, read transposed) or m×n
        int lda = aCols + pad, ldb = bCols + (pad + 1) % 4, ldc = n + pad;
        float[] a = randomArray(random, aOff + m * lda + 2);
        if (!out) {
            // the triangle that must not be read: NaN poisons any sum it enters
            for (int i = 0; i < m; i++) {
                for (int p = i + 1; p < m; p++) a[aOff + i * lda + p] = Float.NaN;
            }
        }
        // with a pad, 16 rows of NaN follow B: q·kᵀ's packing transposes k's last rows as a whole 16-row block
        // when the array allows it, and what it reads past B's last row must stay out of every sum
        float[] b = randomArray(random, bOff + bRows * ldb + 2 + (pad > 0 ? 16 * ldb : 0));
        if (pad > 0) java.util.Arrays.fill(b, bOff + bRows * ldb + 2, b.length, Float.NaN);
        float[] c0 = randomArray(random, cOff + m * ldc + 3);
        float[] expected = c0.clone(), actual = c0.clone();
        runKernels(scalar, variant, expected, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, other);
        impl.run(variant, actual, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, other);

        String where = impl + " " + variant + " m=" + m + " n=" + n + " k=" + k + " aOff=" + aOff + " bOff=" + bOff
                + " cOff=" + cOff + " lda=" + lda + " ldb=" + ldb + " ldc=" + ldc;
        GemmComparison check = new GemmComparison(c0, expected, actual);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < (out ? i + 1 : n); j++) {
                double size = 0;
                int terms = 0;
                for (int p = 0; p < k; p++) {
                    float av, bv = out ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    switch (variant) {
                        case LOWER_ABT -> av = ALPHA * a[aOff + i * lda + p];
                        case LOWER_A -> av = p <= i ? a[aOff + i * lda + p] : 0f;
                        default -> av = p >= i ? a[aOff + p * lda + i] : 0f;
                    }
                    size += Math.abs((double) av * bv);
                    terms++;
                }
                check.element(i, j, cOff + i * ldc + j, 2 * (terms + 2) * (Math.ulp(1f) / 2) * size);
            }
        }
        check.assertAll(where);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void invalidArgumentsAreNamed(Impl impl, Variant variant) {
        int m = 5, other = 6;
        boolean out = variant == Variant.LOWER_ABT;
        int n = out ? m : other, k = out ? other : m, aCols = out ? k : m;
        int bRows = out ? m : k, ldb = out ? k : n;
        float[] a = new float[m * aCols], b = new float[bRows * ldb], c = new float[m * n];
        assertRejected("C", () -> impl.run(variant, new float[m * n - 1], 0, n, a, 0, aCols, b, 0, ldb, m, other));
        assertRejected("A", () -> impl.run(variant, c, 0, n, new float[m * aCols - 1], 0, aCols, b, 0, ldb, m, other));
        assertRejected("B", () -> impl.run(variant, c, 0, n, a, 0, aCols, new float[bRows * ldb - 1], 0, ldb, m, other));
        assertRejected("negative GEMM size", () -> impl.run(variant, c, 0, n, a, 0, aCols, b, 0, ldb, -1, other));
    }

    private static void assertRejected(String namePrefix, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().startsWith(namePrefix), "message should name '" + namePrefix + "': " + e.getMessage());
    }

    private static float[] randomArray(Random random, int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) x[i] = random.nextFloat() * 2f - 1f;
        return x;
    }
}
