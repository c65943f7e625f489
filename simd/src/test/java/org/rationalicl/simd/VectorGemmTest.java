// Compares every Vector API GEMM variant (and biasBackward) with its ScalarKernels twin on ragged shapes, offsets,
// padded leading dimensions, accumulate and bias, at each vector width (128/256/512 bits and the preferred one).
package org.rationalicl.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tolerance: the scalar twin and the vector kernels sum the same k products in different orders (and with FMA),
 * so each lies within about (k+2)·u·S of the exact value, where u = 2⁻²⁴ and S = Σ_p |a·b| + |bias| + |C_old|.
 * An element fails when |vector − scalar| &gt; 2·(k+2)·u·S. A wrong index or a lost term costs O(S), far above
 * that bound. Elements of C outside the m×n region must be bit-for-bit unchanged.
 */
class VectorGemmTest {

    private static final int[] SIZES = {1, 2, 3, 7, 8, 15, 16, 17, 31, 33, 63, 65, 127, 129, 207, 1021};
    private static final int[] OFFSETS = {0, 1, 3};
    private static final double U = Math.ulp(1f) / 2; // 2^-24, the float unit round-off

    enum Variant { GEMM, GEMM_ABT, GEMM_ATB }

    /** The vector code under test at one width; "kernels" is VectorKernels itself (the preferred width). */
    record Impl(String name, VectorGemm gemm, Kernels kernels) {
        void run(Variant v, float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                 float[] bias, int biasOff, int m, int n, int k, boolean acc) {
            if (kernels != null) {
                runKernels(kernels, v, c, cOff, ldc, a, aOff, lda, b, bOff, ldb, bias, biasOff, m, n, k, acc);
                return;
            }
            switch (v) {
                case GEMM -> gemm.gemm(c, cOff, ldc, a, aOff, lda, b, bOff, ldb, bias, biasOff, m, n, k, acc);
                case GEMM_ABT -> gemm.gemmABt(c, cOff, ldc, a, aOff, lda, b, bOff, ldb, bias, biasOff, m, n, k, acc);
                case GEMM_ATB -> gemm.gemmAtB(c, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, n, k, acc);
            }
        }

        void biasBackward(float[] dBias, int dBiasOff, float[] dOut, int dOutOff, int ld, int rows, int n) {
            if (kernels != null) kernels.biasBackward(dBias, dBiasOff, dOut, dOutOff, ld, rows, n);
            else gemm.biasBackward(dBias, dBiasOff, dOut, dOutOff, ld, rows, n);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static void runKernels(Kernels kernels, Variant v, float[] c, int cOff, int ldc, float[] a, int aOff, int lda,
                           float[] b, int bOff, int ldb, float[] bias, int biasOff, int m, int n, int k, boolean acc) {
        switch (v) {
            case GEMM -> kernels.gemm(c, cOff, ldc, a, aOff, lda, b, bOff, ldb, bias, biasOff, m, n, k, acc);
            case GEMM_ABT -> kernels.gemmABt(c, cOff, ldc, a, aOff, lda, b, bOff, ldb, bias, biasOff, m, n, k, acc);
            case GEMM_ATB -> kernels.gemmAtB(c, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, n, k, acc);
        }
    }

    /** Always the explicit vector implementations, so the forced-scalar test run still checks the vector code. */
    static List<Impl> impls() {
        return List.of(new Impl("VectorKernels", null, new VectorKernels()),
                new Impl("128-bit", VectorGemm.forBits(128), null),
                new Impl("256-bit", VectorGemm.forBits(256), null),
                new Impl("512-bit", VectorGemm.forBits(512), null));
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Impl impl : impls()) {
            for (Variant v : Variant.values()) out.add(Arguments.of(impl, v));
        }
        return out.stream();
    }

    /**
     * Each size appears once as m, once as n and once as k (three rotations of the list), plus shapes the model
     * uses in small: an attention block (129×129, head 64), a full-tile Linear, and k spanning several k-chunks.
     */
    static List<int[]> shapes() {
        List<int[]> shapes = new ArrayList<>();
        int s = SIZES.length;
        for (int i = 0; i < s; i++) shapes.add(new int[] {SIZES[i], SIZES[(i + 5) % s], SIZES[(i + 10) % s]});
        shapes.add(new int[] {129, 129, 64});
        shapes.add(new int[] {68, 192, 64});
        shapes.add(new int[] {36, 72, 2 * VectorGemm.KC + 9});
        // six-row tiles with every remainder of m % 6 (rows along k, and down A's columns for Aᵀ·B), several full
        // panels, more than one k-chunk
        shapes.add(new int[] {35, 272, VectorGemm.KC + 21});
        shapes.add(new int[] {22, 300, 40});
        shapes.add(new int[] {6, 256, 17});
        shapes.add(new int[] {124, 256, 64});
        shapes.add(new int[] {0, 5, 3});
        shapes.add(new int[] {5, 0, 3});
        shapes.add(new int[] {5, 7, 0});
        return shapes;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesScalarTwin(Impl impl, Variant variant) {
        Random random = new Random(20261126L + variant.ordinal());
        ScalarKernels scalar = new ScalarKernels();
        int config = 0;
        for (int[] shape : shapes()) {
            // Four configurations per shape: every offset, padded and exact leading dimensions,
            // accumulate on and off, bias present and absent (bias only where the variant has one).
            for (int round = 0; round < 4; round++, config++) {
                int m = shape[0], n = shape[1], k = shape[2];
                boolean accumulate = round % 2 == 1;
                boolean withBias = variant != Variant.GEMM_ATB && (round == 1 || round == 2);
                int aOff = OFFSETS[config % 3], bOff = OFFSETS[(config + 1) % 3], cOff = OFFSETS[(config + 2) % 3];
                int pad = new int[] {0, 3, 1, 5}[round];
                checkOne(impl, scalar, variant, random, m, n, k, aOff, bOff, cOff, pad, accumulate, withBias);
            }
        }
    }

    private void checkOne(Impl impl, ScalarKernels scalar, Variant variant, Random random, int m, int n, int k,
                          int aOff, int bOff, int cOff, int pad, boolean accumulate, boolean withBias) {
        // Stored shapes: gemm A m×k, B k×n; gemmABt A m×k, B n×k; gemmAtB A k×m, B k×n.
        int aRows = variant == Variant.GEMM_ATB ? k : m, aCols = variant == Variant.GEMM_ATB ? m : k;
        int bRows = variant == Variant.GEMM_ABT ? n : k, bCols = variant == Variant.GEMM_ABT ? k : n;
        int lda = aCols + pad, ldb = bCols + (pad + 2) % 4, ldc = n + pad;
        float[] a = randomArray(random, aOff + aRows * lda + 2);
        // with an odd pad, 16 rows of NaN follow B: a packing that reads past B's last row (transposed B, whose
        // last block of rows is transposed whole when the array allows) must keep them out of every sum
        float[] b = randomArray(random, bOff + bRows * ldb + 2 + (pad % 2 == 1 ? 16 * ldb : 0));
        if (pad % 2 == 1) java.util.Arrays.fill(b, bOff + bRows * ldb + 2, b.length, Float.NaN);
        float[] bias = withBias ? randomArray(random, 1 + n) : null;
        int biasOff = withBias ? 1 : 0;
        float[] c0 = randomArray(random, cOff + m * ldc + 3);
        float[] expected = c0.clone();
        float[] actual = c0.clone();
        runKernels(scalar, variant, expected, cOff, ldc, a, aOff, lda, b, bOff, ldb, bias, biasOff, m, n, k, accumulate);
        impl.run(variant, actual, cOff, ldc, a, aOff, lda, b, bOff, ldb, bias, biasOff, m, n, k, accumulate);

        String where = impl + " " + variant + " m=" + m + " n=" + n + " k=" + k + " aOff=" + aOff + " bOff=" + bOff
                + " cOff=" + cOff + " lda=" + lda + " ldb=" + ldb + " ldc=" + ldc + " accumulate=" + accumulate
                + " bias=" + withBias;
        GemmComparison check = new GemmComparison(c0, expected, actual);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int at = cOff + i * ldc + j;
                double size = accumulate ? Math.abs(c0[at]) : 0;
                if (bias != null) size += Math.abs(bias[biasOff + j]);
                for (int p = 0; p < k; p++) {
                    float av = variant == Variant.GEMM_ATB ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bv = variant == Variant.GEMM_ABT ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    size += Math.abs((double) av * bv);
                }
                check.element(i, j, at, 2 * (k + 2) * U * size);
            }
        }
        check.assertAll(where);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void longRowsOfBArePackedWithTheSameBits(Impl impl, Variant variant) {
        // B with rows LONG_ROW floats or more apart is packed and swept panel by panel; the products and their
        // order are those of the in-place path, so a copy of B with short rows must give identical bits. Two full
        // panels of the widest species and a tail, k over two chunks, ragged rows, accumulate and bias.
        if (variant == Variant.GEMM_ABT) return;   // B stored transposed is always packed: nothing to compare
        Random random = new Random(41);
        int m = 37, n = 2 * 64 + 20, k = VectorGemm.KC + 9, lda = variant == Variant.GEMM_ATB ? m : k;
        int longLd = VectorGemm.LONG_ROW + 6, shortLd = n + 1;
        float[] a = randomArray(random, k * m);
        float[] longB = randomArray(random, k * longLd), shortB = new float[k * shortLd];
        for (int p = 0; p < k; p++) System.arraycopy(longB, p * longLd, shortB, p * shortLd, n);
        float[] bias = variant == Variant.GEMM ? randomArray(random, n) : null;
        for (boolean accumulate : new boolean[] {false, true}) {
            float[] c0 = randomArray(random, m * n);
            float[] fromLong = c0.clone(), fromShort = c0.clone();
            impl.run(variant, fromLong, 0, n, a, 0, lda, longB, 0, longLd, bias, 0, m, n, k, accumulate);
            impl.run(variant, fromShort, 0, n, a, 0, lda, shortB, 0, shortLd, bias, 0, m, n, k, accumulate);
            for (int i = 0; i < fromLong.length; i++) {
                if (Float.floatToRawIntBits(fromLong[i]) != Float.floatToRawIntBits(fromShort[i])) {
                    fail(impl + " " + variant + " accumulate=" + accumulate + ": C[" + i / n + ", " + i % n
                            + "] = " + fromLong[i] + " with ldb " + longLd + ", " + fromShort[i] + " with " + shortLd);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void biasBackwardMatchesScalarExactly(Impl impl) {
        // Each lane sums its column in row order from 0, as the scalar loop does: results are bit-identical.
        Random random = new Random(7);
        ScalarKernels scalar = new ScalarKernels();
        for (int i = 0; i < SIZES.length; i++) {
            int rows = SIZES[i], n = SIZES[(i + 7) % SIZES.length];
            int off = OFFSETS[i % 3], dOff = OFFSETS[(i + 1) % 3], ld = n + (i % 4);
            float[] dOut = randomArray(random, off + rows * ld + 1);
            float[] start = randomArray(random, dOff + n + 2);
            float[] expected = start.clone();
            float[] actual = start.clone();
            scalar.biasBackward(expected, dOff, dOut, off, ld, rows, n);
            impl.biasBackward(actual, dOff, dOut, off, ld, rows, n);
            for (int j = 0; j < start.length; j++) {
                if (Float.floatToRawIntBits(actual[j]) != Float.floatToRawIntBits(expected[j])) {
                    fail(impl + " biasBackward rows=" + rows + " n=" + n + " off=" + off + " dBiasOff=" + dOff
                            + " ld=" + ld + ": dBias index " + j + " vector=" + actual[j] + " scalar=" + expected[j]);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void invalidArgumentsAreNamedAndNothingIsWritten(Impl impl, Variant variant) {
        int m = 5, n = 6, k = 7;
        int aLen = variant == Variant.GEMM_ATB ? k * m : m * k;
        int bLen = variant == Variant.GEMM_ABT ? n * k : k * n;
        float[] a = new float[aLen], b = new float[bLen], c = new float[m * n];
        int lda = variant == Variant.GEMM_ATB ? m : k, ldb = variant == Variant.GEMM_ABT ? k : n;
        Arrays.fill(c, 42f);
        assertRejected("C", () -> impl.run(variant, new float[m * n - 1], 0, n, a, 0, lda, b, 0, ldb, null, 0, m, n, k, false));
        assertRejected("C", () -> impl.run(variant, c, 1, n, a, 0, lda, b, 0, ldb, null, 0, m, n, k, false));
        assertRejected("C: leading dimension", () -> impl.run(variant, c, 0, n - 1, a, 0, lda, b, 0, ldb, null, 0, m, n, k, false));
        assertRejected("A", () -> impl.run(variant, c, 0, n, new float[aLen - 1], 0, lda, b, 0, ldb, null, 0, m, n, k, false));
        assertRejected("A", () -> impl.run(variant, c, 0, n, a, -1, lda, b, 0, ldb, null, 0, m, n, k, false));
        assertRejected("B", () -> impl.run(variant, c, 0, n, a, 0, lda, new float[bLen - 1], 0, ldb, null, 0, m, n, k, false));
        assertRejected("B: leading dimension", () -> impl.run(variant, c, 0, n, a, 0, lda, b, 0, ldb - 1, null, 0, m, n, k, false));
        assertRejected("negative GEMM size", () -> impl.run(variant, c, 0, n, a, 0, lda, b, 0, ldb, null, 0, -1, n, k, false));
        if (variant != Variant.GEMM_ATB) {
            assertRejected("bias", () -> impl.run(variant, c, 0, n, a, 0, lda, b, 0, ldb, new float[n], 1, m, n, k, false));
        }
        float[] untouched = new float[m * n];
        Arrays.fill(untouched, 42f);
        assertArrayEquals(untouched, c, "C must not be written when the arguments are rejected");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impls")
    void biasBackwardRejectsShortArrays(Impl impl) {
        assertRejected("dBias", () -> impl.biasBackward(new float[3], 0, new float[20], 0, 4, 5, 4));
        assertRejected("dOut", () -> impl.biasBackward(new float[4], 0, new float[19], 0, 4, 5, 4));
        assertRejected("dOut: leading dimension", () -> impl.biasBackward(new float[4], 0, new float[20], 0, 3, 5, 4));
    }

    private static void assertRejected(String namePrefix, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().startsWith(namePrefix), "message should name '" + namePrefix + "': " + e.getMessage());
    }

    @Test
    void widthsAreWhatTheyClaim() {
        assertEquals(128, VectorGemm.forBits(128).species().vectorBitSize());
        assertEquals(256, VectorGemm.forBits(256).species().vectorBitSize());
        assertEquals(512, VectorGemm.forBits(512).species().vectorBitSize());
        assertThrows(IllegalArgumentException.class, () -> VectorGemm.forBits(64));
        String forced = System.getProperty(VectorGemm.BITS_PROPERTY);
        int expectedBits = forced != null ? Integer.parseInt(forced.trim())
                : jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
        assertEquals(expectedBits, VectorGemm.PREFERRED.species().vectorBitSize());
    }

    /** Six-row tiles need AVX-512's 32 registers; narrower vectors (possibly AVX2's 16 registers) keep four rows. */
    @Test
    void sixRowTilesOnlyWithSixteenLanes() {
        assertEquals(6, VectorGemm.tileRows(16));
        assertEquals(4, VectorGemm.tileRows(8));
        assertEquals(4, VectorGemm.tileRows(4));
    }

    @Test
    void concurrentCallsGiveTheSameResultsAsSequentialOnes() throws Exception {
        // Two threads, each on its own rows and its own growing shapes: per-thread packing buffers must not mix.
        VectorGemm gemm = VectorGemm.PREFERRED;
        int[][] shapes = {{67, 65, 70}, {130, 200, 300}, {33, 129, 64}, {260, 64, 600}};
        Random random = new Random(99);
        int jobs = 8;
        float[][] as = new float[jobs][], bs = new float[jobs][], sequential = new float[jobs][];
        for (int t = 0; t < jobs; t++) {
            int[] s = shapes[t % shapes.length];
            as[t] = randomArray(random, s[0] * s[2]);
            bs[t] = randomArray(random, s[1] * s[2]);
            sequential[t] = new float[s[0] * s[1]];
            gemm.gemmABt(sequential[t], 0, s[1], as[t], 0, s[2], bs[t], 0, s[2], null, 0, s[0], s[1], s[2], false);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int repeat = 0; repeat < 3; repeat++) {
                List<Future<float[]>> results = new ArrayList<>();
                for (int t = 0; t < jobs; t++) {
                    int job = t;
                    int[] s = shapes[t % shapes.length];
                    results.add(pool.submit(() -> {
                        float[] c = new float[s[0] * s[1]];
                        gemm.gemmABt(c, 0, s[1], as[job], 0, s[2], bs[job], 0, s[2], null, 0, s[0], s[1], s[2], false);
                        return c;
                    }));
                }
                for (int t = 0; t < jobs; t++) {
                    assertArrayEquals(sequential[t], results.get(t).get(), "job " + t + " differs when run concurrently");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static float[] randomArray(Random random, int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) x[i] = random.nextFloat() * 2f - 1f;
        return x;
    }
}
