// Every row, element-wise, attention and optimiser kernel of VectorKernels against its ScalarKernels twin, over
// ragged sizes and offsets. Tolerances are worst-case float rounding bounds that grow with the reduction length.
package org.rationalicl.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rationalicl.simd.Compare.EPS;
import static org.rationalicl.simd.Compare.OFFSETS;
import static org.rationalicl.simd.Compare.SIZES;
import static org.rationalicl.simd.Compare.assertClose;
import static org.rationalicl.simd.Compare.assertSameBits;
import static org.rationalicl.simd.Compare.uniform;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Vector code is constructed explicitly, so it is tested in both surefire runs (the default one and the one
 * that forces scalar kernels for everything else). A sum of n float terms computed in two different orders
 * differs by at most about n·2⁻²⁴·Σ|terms| (each order's error is at most (n−1)·u·Σ|terms|), so each tolerance
 * below is a small multiple of (n + 8)·2⁻²⁴ times the magnitude of the terms; the +8 covers the few
 * individually rounded operations (exp, log, division) around the sum.
 */
class VectorOpsTest {
    private final Kernels vector = new VectorKernels();
    private final Kernels scalar = new ScalarKernels();

    /** Sizes paired in reverse, so each size is tested once as rows and once as columns without huge products. */
    private static int partner(int i) {
        return SIZES[SIZES.length - 1 - i];
    }

    @Test
    void theVectorKernelsAreTheVectorImplementationAtTheRequestedWidth() {
        assertEquals("simd", vector.name());
        String bits = System.getProperty(VectorWidth.PROPERTY, "");
        if (!bits.isEmpty()) assertEquals(Integer.parseInt(bits), VectorWidth.FLOATS.vectorBitSize());
    }

    // ---------------------------------------------------------------- softmax and cross-entropy

    @Test
    void softmaxForwardAndBackwardMatchScalar() {
        Random rnd = new Random(11);
        int[][] shifts = {{0, 0}, {1, 0}, {1, 2}, {1, -3}}; // {causal, shift}
        for (int i = 0; i < SIZES.length; i++) {
            for (int[] cs : shifts) {
                for (int off : OFFSETS) {
                    checkSoftmax(rnd, partner(i), SIZES[i], off, cs[0] == 1, cs[1]);
                    checkSoftmax(rnd, SIZES[i], partner(i), off, cs[0] == 1, cs[1]);
                }
            }
        }
        checkSoftmax(rnd, 129, 129, 0, true, 0); // the attention shape
    }

    private void checkSoftmax(Random rnd, int rows, int cols, int off, boolean causal, int shift) {
        int ld = cols + off;
        int n = off + rows * ld + 2;
        float[] in = uniform(rnd, n, -8, 8);
        float[] outS = new float[n], outV = new float[n];
        Arrays.fill(outV, Float.NaN); // masked entries must be written too
        String what = "softmaxForward rows=" + rows + " cols=" + cols + " off=" + off + " causal=" + causal + "/" + shift;
        scalar.softmaxForward(outS, off, in, off, ld, rows, cols, causal, shift);
        vector.softmaxForward(outV, off, in, off, ld, rows, cols, causal, shift);
        double rel = 4 * (cols + 8) * EPS;
        for (int r = 0; r < rows; r++) {
            assertClose(what + " row " + r, outS, outV, off + r * ld, cols, i -> rel * Math.abs(outS[i]));
        }

        float[] dOut = uniform(rnd, n, -1, 1);
        float[] dInS = new float[n], dInV = new float[n];
        Arrays.fill(dInV, Float.NaN);
        scalar.softmaxBackward(dInS, off, outS, off, dOut, off, ld, rows, cols, causal, shift);
        vector.softmaxBackward(dInV, off, outS, off, dOut, off, ld, rows, cols, causal, shift);
        // dIn_j = p_j (g_j − Σ p g): the dot's error (≤ n u max|g|) is multiplied by p_j
        for (int r = 0; r < rows; r++) {
            assertClose("softmaxBackward" + what.substring("softmaxForward".length()) + " row " + r, dInS, dInV,
                    off + r * ld, cols, i -> rel * (Math.abs(dInS[i]) + outS[i]));
        }
    }

    /**
     * Each row of the vector softmax forward gets the same bits whatever surrounds it: a matrix in a padded array
     * against the same matrix in a tight array (its last rows end the array) and against one call per row, with
     * NaN in the masked entries of in and in the padding (neither may leak into a row), and out = in.
     */
    @Test
    void softmaxForwardGivesEachRowTheBitsOfThatRowAloneWhereverTheArrayEnds() {
        Random rnd = new Random(21);
        int[][] shapes = {{4, 1}, {5, 3}, {7, 16}, {9, 17}, {32, 32}, {33, 15}, {13, 40}, {129, 129}, {6, 1021}};
        int[][] shifts = {{0, 0}, {1, 0}, {1, 2}, {1, -3}};
        for (int[] shape : shapes) {
            for (int[] cs : shifts) {
                int rows = shape[0], cols = shape[1], ld = cols + (cols % 3), off = 2;
                boolean causal = cs[0] == 1;
                String what = " rows=" + rows + " cols=" + cols + " ld=" + ld + " causal=" + causal + "/" + cs[1];
                int tight = off + (rows - 1) * ld + cols;
                float[] in = new float[tight + 64];
                Arrays.fill(in, Float.NaN);
                for (int r = 0; r < rows; r++) {
                    int len = ScalarKernels.rowLength(r, cols, causal, cs[1]);
                    for (int j = 0; j < len; j++) in[off + r * ld + j] = rnd.nextFloat() * 16 - 8;
                }
                float[] padded = new float[in.length];
                Arrays.fill(padded, Float.NaN);
                vector.softmaxForward(padded, off, in, off, ld, rows, cols, causal, cs[1]);
                float[] tightOut = new float[tight];
                vector.softmaxForward(tightOut, off, Arrays.copyOf(in, tight), off, ld, rows, cols, causal, cs[1]);
                float[] byRow = new float[in.length];
                for (int r = 0; r < rows; r++) {
                    vector.softmaxForward(byRow, off + r * ld, in, off + r * ld, ld, 1, cols, causal, cs[1] + r);
                }
                float[] inPlace = in.clone();
                vector.softmaxForward(inPlace, off, inPlace, off, ld, rows, cols, causal, cs[1]);
                float[] expected = new float[in.length];
                scalar.softmaxForward(expected, off, in, off, ld, rows, cols, causal, cs[1]);
                for (int r = 0; r < rows; r++) {
                    int at = off + r * ld;
                    assertSameBits("whole matrix vs one row" + what + " row " + r, byRow, padded, at, cols);
                    assertSameBits("tight array vs padded" + what + " row " + r, padded, tightOut, at, cols);
                    assertSameBits("out = in vs padded" + what + " row " + r, padded, inPlace, at, cols);
                    double rel = 4 * (cols + 8) * EPS;
                    assertClose("vector vs scalar" + what + " row " + r, expected, padded, at, cols,
                            i -> rel * Math.abs(expected[i]));
                }
                for (int i = off + (rows - 1) * ld + cols; i < padded.length; i++) {
                    if (!Float.isNaN(padded[i])) throw new AssertionError("written past the matrix at " + i + what);
                }
            }
        }
    }

    /**
     * The forward takes rows of at most two vectors (cols ≤ 2L) with their own maximum and scaling helpers: a row of
     * each length up to 2L gets the same bits in a matrix of at most 2L columns as in a wider one, forward and
     * backward, and zeros after its causal length.
     */
    @Test
    void shortSoftmaxRowsGetTheBitsOfTheLongPath() {
        int lanes = VectorWidth.FLOATS.length(), shortCols = 2 * lanes, longCols = 2 * lanes + 5;
        Random rnd = new Random(23);
        for (int len = 1; len <= shortCols; len++) {
            for (int cols = len; cols <= shortCols; cols += Math.max(1, shortCols - len)) {
                float[] in = uniform(rnd, longCols, -8, 8), dOut = uniform(rnd, longCols, -1, 1);
                float[] shortP = new float[cols], longP = new float[longCols];
                Arrays.fill(shortP, Float.NaN);
                // one causal row whose shift leaves it len entries, in a row of cols and in one of longCols
                vector.softmaxForward(shortP, 0, in, 0, cols, 1, cols, true, len - 1);
                vector.softmaxForward(longP, 0, in, 0, longCols, 1, longCols, true, len - 1);
                String what = " len=" + len + " cols=" + cols;
                assertSameBits("softmaxForward" + what, longP, shortP, 0, cols);
                float[] shortD = new float[cols], longD = new float[longCols];
                Arrays.fill(shortD, Float.NaN);
                vector.softmaxBackward(shortD, 0, longP, 0, dOut, 0, cols, 1, cols, true, len - 1);
                vector.softmaxBackward(longD, 0, longP, 0, dOut, 0, longCols, 1, longCols, true, len - 1);
                assertSameBits("softmaxBackward" + what, longD, shortD, 0, cols);
                for (int j = len; j < cols; j++) {
                    assertEquals(0f, shortP[j], "probability past the row" + what);
                    assertEquals(0f, shortD[j], "gradient past the row" + what);
                }
            }
        }
    }

    /** A row holding NaN comes out all NaN in both twins (the grouped max skips NaN lanes; the sum does not). */
    @Test
    void softmaxForwardRowWithNaNIsNaNAndOtherRowsAreUntouchedByIt() {
        int rows = 8, cols = 20;
        float[] in = uniform(new Random(22), rows * cols + 64, -4, 4);
        in[3 * cols + 5] = Float.NaN;
        float[] outS = new float[in.length], outV = new float[in.length];
        scalar.softmaxForward(outS, 0, in, 0, cols, rows, cols, false, 0);
        vector.softmaxForward(outV, 0, in, 0, cols, rows, cols, false, 0);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                int i = r * cols + j;
                assertEquals(Float.isNaN(outS[i]), Float.isNaN(outV[i]), "NaN at row " + r + " column " + j);
                assertEquals(r == 3, Float.isNaN(outV[i]), "row " + r + " column " + j);
            }
        }
    }

    @Test
    void logSoftmaxAndCrossEntropyMatchScalar() {
        Random rnd = new Random(12);
        for (int i = 0; i < SIZES.length; i++) {
            for (int off : OFFSETS) {
                checkLogSoftmax(rnd, partner(i), SIZES[i], off);
                checkLogSoftmax(rnd, SIZES[i], partner(i), off);
            }
        }
        checkLogSoftmax(rnd, 300, 9, 1); // the categorical head: 9 classes
    }

    private void checkLogSoftmax(Random rnd, int rows, int cols, int off) {
        int ld = cols + 2 * off;
        int n = off + rows * ld + 1;
        float[] in = uniform(rnd, n, -6, 6);
        String shape = " rows=" + rows + " cols=" + cols + " off=" + off;
        float[] outS = new float[n], outV = new float[n];
        scalar.logSoftmax(outS, off, in, off, ld, rows, cols);
        vector.logSoftmax(outV, off, in, off, ld, rows, cols);
        double rel = 4 * (cols + 8) * EPS;
        for (int r = 0; r < rows; r++) {
            // out = x − logSum: the log-sum's error is absolute, ≈ (n+8) u (1 + |logSum|)
            assertClose("logSoftmax" + shape + " row " + r, outS, outV, off + r * ld, cols,
                    i -> rel * (8 + Math.abs(outS[i])));
        }

        int[] targets = new int[rows + off];
        for (int r = 0; r < rows; r++) targets[off + r] = r % 5 == 3 ? -1 : rnd.nextInt(cols); // some ignored rows
        float gradScale = 1f / rows;
        float[] dS = new float[n], dV = new float[n];
        Arrays.fill(dV, Float.NaN);
        double lossS = scalar.crossEntropy(dS, off, in, off, ld, targets, off, rows, cols, gradScale);
        double lossV = vector.crossEntropy(dV, off, in, off, ld, targets, off, rows, cols, gradScale);
        double lossTol = rows * rel * (8 + 6 + Math.log(cols) + 1);
        assertClose("crossEntropy loss" + shape, i -> lossS, new float[] {(float) lossV}, 0, 1,
                i -> lossTol + 2 * EPS * Math.abs(lossS));
        assertEquals(lossS, scalar.crossEntropy(null, 0, in, off, ld, targets, off, rows, cols, gradScale),
                "loss without gradient");
        for (int r = 0; r < rows; r++) {
            assertClose("crossEntropy dLogits" + shape + " row " + r, dS, dV, off + r * ld, cols,
                    i -> rel * (Math.abs(dS[i]) + gradScale));
        }
    }

    /**
     * The vector cross-entropy takes one log of the product of up to 16 rows' softmax sums. With nearly equal
     * logits every sum is close to cols, the largest products: the loss must still match a double-precision
     * reference, for row counts around multiples of 16 and with ignored rows, and with gradient or without.
     */
    @Test
    void crossEntropyLossOverManyRowsMatchesDoubleReference() {
        Random rnd = new Random(23);
        for (int cols : new int[] {2, 9, 16, 17, 1021}) {
            for (int rows : new int[] {1, 15, 16, 17, 33, 50}) {
                float[] z = uniform(rnd, rows * cols, -0.01f, 0.01f);
                int[] targets = new int[rows];
                for (int r = 0; r < rows; r++) targets[r] = r % 7 == 4 ? -1 : rnd.nextInt(cols);
                double expected = 0;
                int counted = 0;
                for (int r = 0; r < rows; r++) {
                    if (targets[r] < 0) continue;
                    double sum = 0;
                    for (int j = 0; j < cols; j++) sum += Math.exp(z[r * cols + j]);
                    expected += Math.log(sum) - z[r * cols + targets[r]];
                    counted++;
                }
                double tol = counted * 4 * (cols + 8) * EPS * (1 + Math.log(cols));
                float[] dz = new float[rows * cols];
                double withGrad = vector.crossEntropy(dz, 0, z, 0, cols, targets, 0, rows, cols, 1f);
                double withoutGrad = vector.crossEntropy(null, 0, z, 0, cols, targets, 0, rows, cols, 1f);
                String what = "crossEntropy rows=" + rows + " cols=" + cols;
                assertEquals(expected, withGrad, tol, what);
                assertEquals(withGrad, withoutGrad, 0.0, what + ": the gradient must not change the loss");
            }
        }
    }

    // ---------------------------------------------------------------- LayerNorm

    @Test
    void layerNormMatchesScalar() {
        Random rnd = new Random(13);
        for (int i = 0; i < SIZES.length; i++) {
            for (int off : OFFSETS) {
                checkLayerNorm(rnd, partner(i), SIZES[i], off);
                checkLayerNorm(rnd, SIZES[i], partner(i), off);
            }
        }
        checkLayerNorm(rnd, 129, 64, 0); // the model's shape
    }

    @Test
    void layerNormGivesEachRowTheBitsItGetsAlone() {
        // the vector kernels take rows four at a time and the rest one by one: a row's results (and its terms in
        // dWeight and dBias, added in row order) must not depend on which path it took
        Random rnd = new Random(15);
        // 9, 10, 11 rows: the forward's last group of four redoes 3, 2, 1 rows already done
        for (int dim : new int[] {1, 3, 7, 16, 33, 48, 64, 65}) for (int rows = 9; rows <= 11; rows++) {
            int n = rows * dim;
            String shape = " rows=" + rows + " dim=" + dim;
            float[] in = uniform(rnd, n, -2, 3), dOut = uniform(rnd, n, -1, 1);
            float[] w = uniform(rnd, dim, 0.5, 1.5), b = uniform(rnd, dim, -0.5, 0.5);
            float[] out = new float[n], mean = new float[rows], rstd = new float[rows], dIn = new float[n];
            float[] dw = uniform(rnd, dim, -1, 1), db = uniform(rnd, dim, -1, 1);
            float[] outR = new float[n], meanR = new float[rows], rstdR = new float[rows], dInR = new float[n];
            float[] dwR = dw.clone(), dbR = db.clone();
            vector.layerNormForward(out, 0, mean, 0, rstd, 0, in, 0, w, 0, b, 0, rows, dim, 1e-5f);
            vector.layerNormBackward(dIn, 0, dw, 0, db, 0, dOut, 0, in, 0, mean, 0, rstd, 0, w, 0, rows, dim);
            for (int r = 0; r < rows; r++) {
                int x = r * dim;
                vector.layerNormForward(outR, x, meanR, r, rstdR, r, in, x, w, 0, b, 0, 1, dim, 1e-5f);
                vector.layerNormBackward(dInR, x, dwR, 0, dbR, 0, dOut, x, in, x, meanR, r, rstdR, r, w, 0, 1, dim);
            }
            assertSameBits("layerNorm mean" + shape, meanR, mean, 0, rows);
            assertSameBits("layerNorm rstd" + shape, rstdR, rstd, 0, rows);
            assertSameBits("layerNorm out" + shape, outR, out, 0, n);
            assertSameBits("layerNorm dIn" + shape, dInR, dIn, 0, n);
            assertSameBits("layerNorm dWeight" + shape, dwR, dw, 0, dim);
            assertSameBits("layerNorm dBias" + shape, dbR, db, 0, dim);
            // in place (out = in): the rows left over after the groups of four must not be redone from output
            float[] inPlace = in.clone();
            vector.layerNormForward(inPlace, 0, meanR, 0, rstdR, 0, inPlace, 0, w, 0, b, 0, rows, dim, 1e-5f);
            assertSameBits("layerNorm in place" + shape, out, inPlace, 0, n);
        }
    }

    /**
     * With accumulate, both kernels add to dIn exactly what they would write (one float add per element, as the
     * separate add pass it replaces), and dWeight and dBias get the same bits either way.
     */
    @Test
    void layerNormBackwardAccumulateAddsExactlyWhatItWouldWrite() {
        Random rnd = new Random(16);
        for (Kernels k : new Kernels[] {scalar, vector}) {
            for (int dim : new int[] {1, 7, 16, 33, 64, 65}) for (int rows : new int[] {1, 4, 9}) {
                int n = rows * dim;
                String shape = k.name() + " rows=" + rows + " dim=" + dim;
                float[] in = uniform(rnd, n, -2, 3), dOut = uniform(rnd, n, -1, 1);
                float[] w = uniform(rnd, dim, 0.5, 1.5), b = uniform(rnd, dim, -0.5, 0.5);
                float[] out = new float[n], mean = new float[rows], rstd = new float[rows];
                k.layerNormForward(out, 0, mean, 0, rstd, 0, in, 0, w, 0, b, 0, rows, dim, 1e-5f);
                float[] dw = uniform(rnd, dim, -1, 1), db = uniform(rnd, dim, -1, 1);
                float[] dwA = dw.clone(), dbA = db.clone();
                float[] written = new float[n], base = uniform(rnd, n, -4, 4), added = base.clone();
                k.layerNormBackward(written, 0, dw, 0, db, 0, dOut, 0, in, 0, mean, 0, rstd, 0, w, 0, rows, dim, false);
                k.layerNormBackward(added, 0, dwA, 0, dbA, 0, dOut, 0, in, 0, mean, 0, rstd, 0, w, 0, rows, dim, true);
                float[] expected = new float[n];
                for (int i = 0; i < n; i++) expected[i] = base[i] + written[i];
                assertSameBits("layerNorm dIn accumulated " + shape, expected, added, 0, n);
                assertSameBits("layerNorm dWeight accumulated " + shape, dw, dwA, 0, dim);
                assertSameBits("layerNorm dBias accumulated " + shape, db, dbA, 0, dim);
            }
        }
    }

    private void checkLayerNorm(Random rnd, int rows, int dim, int off) {
        int n = off + rows * dim;
        String shape = " rows=" + rows + " dim=" + dim + " off=" + off;
        float[] in = uniform(rnd, n, -2, 2);
        for (int i = off; i < n; i += 3) in[i] += 5f; // a mean far from 0, as residual streams have
        float[] w = uniform(rnd, dim + off, 0.5, 1.5), b = uniform(rnd, dim + off, -0.5, 0.5);
        float[] outS = new float[n], outV = new float[n];
        float[] meanS = new float[rows + off], meanV = new float[rows + off];
        float[] rstdS = new float[rows + off], rstdV = new float[rows + off];
        scalar.layerNormForward(outS, off, meanS, off, rstdS, off, in, off, w, off, b, off, rows, dim, 1e-5f);
        vector.layerNormForward(outV, off, meanV, off, rstdV, off, in, off, w, off, b, off, rows, dim, 1e-5f);
        double rel = 4 * (dim + 8) * EPS;
        assertClose("layerNorm mean" + shape, meanS, meanV, off, rows, i -> rel * (Math.abs(meanS[i]) + 2));
        assertClose("layerNorm rstd" + shape, rstdS, rstdV, off, rows, i -> rel * Math.abs(rstdS[i]) * 8);
        // out = xhat w + b with |x − mean| ≤ 7 and rstd up to ~2: the mean's error is magnified by rstd
        assertClose("layerNorm out" + shape, outS, outV, off, rows * dim, i -> rel * 16 * (1 + Math.abs(outS[i])));

        float[] dOut = uniform(rnd, n, -1, 1);
        float[] dInS = new float[n], dInV = new float[n];
        float[] dwS = uniform(rnd, dim + off, -1, 1), dbS = uniform(rnd, dim + off, -1, 1);
        float[] dwV = dwS.clone(), dbV = dbS.clone();
        scalar.layerNormBackward(dInS, off, dwS, off, dbS, off, dOut, off, in, off, meanS, off, rstdS, off, w, off,
                rows, dim);
        vector.layerNormBackward(dInV, off, dwV, off, dbV, off, dOut, off, in, off, meanS, off, rstdS, off, w, off,
                rows, dim);
        assertClose("layerNorm dIn" + shape, dInS, dInV, off, rows * dim, i -> rel * 16 * (1 + Math.abs(dInS[i])));
        // dWeight and dBias sum over rows, one term per row: identical order, so only the xhat rounding differs
        double relRows = 4 * (rows + 8) * EPS;
        assertClose("layerNorm dWeight" + shape, dwS, dwV, off, dim, i -> (relRows + rel * 4) * (rows + 1));
        assertClose("layerNorm dBias" + shape, dbS, dbV, off, dim, i -> relRows * (rows + 1));
    }

    // ---------------------------------------------------------------- GELU

    @Test
    void geluMatchesScalar() {
        Random rnd = new Random(14);
        for (int size : SIZES) {
            for (int off : OFFSETS) checkGelu(rnd, size, off);
        }
        checkGelu(rnd, 8256 * 4 + 5, 1);
    }

    private void checkGelu(Random rnd, int size, int off) {
        int n = size + off + 1;
        float[] in = uniform(rnd, n, -9, 9);
        String shape = " n=" + size + " off=" + off;
        float[] outS = new float[n], outV = new float[n];
        scalar.geluForward(outS, off, in, off, size);
        vector.geluForward(outV, off, in, off, size);
        // |Φ error| ≤ ½ |erf error| ≤ 1.5e-7, times |x|, plus the float rounding of the product
        assertClose("geluForward" + shape, outS, outV, off, size, i -> 2e-7 * Math.abs(in[i]) + 4 * EPS * Math.abs(outS[i]));
        assertEquals(0f, outV[off + size], "geluForward wrote past the end");

        float[] dOut = uniform(rnd, n, -1, 1);
        float[] dS = new float[n], dV = new float[n];
        scalar.geluBackward(dS, off, in, off, dOut, off, size);
        vector.geluBackward(dV, off, in, off, dOut, off, size);
        // Φ + x φ: Φ as above; φ carries exp's few-ulp error, times |x|
        assertClose("geluBackward" + shape, dS, dV, off, size,
                i -> Math.abs(dOut[i]) * (2e-7 + 8 * EPS * (1 + Math.abs(in[i]))));
    }

    // ---------------------------------------------------------------- rotary

    @Test
    void rotaryMatchesScalarBitForBit() {
        // the same products and sums in the same order (no FMA), so the results are identical
        Random rnd = new Random(15);
        for (int i = 0; i < SIZES.length; i++) {
            for (int off : OFFSETS) {
                checkRotary(rnd, partner(i), 2 * SIZES[i], off);
                checkRotary(rnd, SIZES[i], 2 * partner(i), off);
            }
        }
        checkRotary(rnd, 129, 16, 0); // headDim 64, 25% rotary
    }

    private void checkRotary(Random rnd, int positions, int rotaryDim, int off) {
        int stride = rotaryDim + 2 * off + 1;
        int n = off + positions * stride;
        int h = rotaryDim / 2;
        float[] cos = new float[positions * h], sin = new float[positions * h];
        Rotary.tables(cos, sin, positions, rotaryDim, 10000);
        float[] x = uniform(rnd, n, -2, 2);
        String shape = " positions=" + positions + " rotaryDim=" + rotaryDim + " off=" + off;
        float[] s = x.clone(), v = x.clone();
        scalar.rotaryForward(s, off, stride, cos, sin, positions, rotaryDim);
        vector.rotaryForward(v, off, stride, cos, sin, positions, rotaryDim);
        assertSameBits("rotaryForward" + shape, s, v, 0, n);
        scalar.rotaryBackward(s, off, stride, cos, sin, positions, rotaryDim);
        vector.rotaryBackward(v, off, stride, cos, sin, positions, rotaryDim);
        assertSameBits("rotaryBackward" + shape, s, v, 0, n);
        assertClose("rotary backward∘forward = identity" + shape, x, v, 0, n, i -> 8 * EPS * 2);
    }

    // ---------------------------------------------------------------- attention

    @Test
    void attentionMatchesScalar() {
        Random rnd = new Random(16);
        for (int i = 0; i < SIZES.length; i++) {
            for (int off : OFFSETS) checkAttention(rnd, SIZES[i], partner(i), off, false);
        }
        for (int off : OFFSETS) checkAttention(rnd, 129, 64, off, true); // the model's shape, [q|k|v] rows
    }

    private void checkAttention(Random rnd, int T, int headDim, int off, boolean packed) {
        // packed: q, k, v interleaved in one buffer of rows [q | k | v] (stride 3·headDim), as the QKV projection
        // writes them; otherwise three separate arrays with padded rows
        int qkvStride = packed ? 3 * headDim : headDim + off;
        int n = off + T * qkvStride + 2 * headDim + 1;
        float[] q = uniform(rnd, n, -1, 1);
        float[] k = packed ? q : uniform(rnd, n, -1, 1), v = packed ? q : uniform(rnd, n, -1, 1);
        int qOff = off, kOff = packed ? off + headDim : off, vOff = packed ? off + 2 * headDim : off;
        float scale = (float) (1 / Math.sqrt(headDim));
        int outStride = headDim + 1;
        int outN = off + T * outStride;
        String shape = " T=" + T + " headDim=" + headDim + " off=" + off + (packed ? " packed" : "");
        float[] outS = new float[outN], outV = new float[outN];
        float[] pS = new float[off + T * T], pV = new float[off + T * T];
        Arrays.fill(pV, Float.NaN);
        scalar.attentionForward(outS, off, outStride, pS, off, q, qOff, k, kOff, v, vOff, qkvStride, T, headDim, scale);
        vector.attentionForward(outV, off, outStride, pV, off, q, qOff, k, kOff, v, vOff, qkvStride, T, headDim, scale);
        // scores: a headDim-long dot of |terms| ≤ scale, so an absolute error ≤ headDim·u·√headDim in the exponent,
        // i.e. a relative error of each p; the softmax sum adds (T + 8) u
        double rel = 4 * (headDim * (1 + Math.sqrt(headDim)) + T + 8) * EPS;
        assertClose("attention probs" + shape, pS, pV, off, T * T, i -> rel * Math.abs(pS[i]));
        for (int t = 0; t < T; t++) {
            assertClose("attention out" + shape + " row " + t, outS, outV, off + t * outStride, headDim,
                    i -> rel * (1 + Math.abs(outS[i])));
        }

        float[] dOut = uniform(rnd, outN, -1, 1);
        int dStride = packed ? 3 * headDim : headDim + 2;
        int dn = off + T * dStride + 2 * headDim;
        float[][] dS = {new float[dn], packed ? null : new float[dn], packed ? null : new float[dn]};
        float[][] dV = {new float[dn], packed ? null : new float[dn], packed ? null : new float[dn]};
        if (packed) {
            dS[1] = dS[2] = dS[0];
            dV[1] = dV[2] = dV[0];
        }
        int dqOff = off, dkOff = packed ? off + headDim : off, dvOff = packed ? off + 2 * headDim : off;
        float[] scratchS = new float[T + off], scratchV = new float[T + off];
        scalar.attentionBackward(dS[0], dqOff, dS[1], dkOff, dS[2], dvOff, dStride, scratchS, off,
                dOut, off, outStride, pS, off, q, qOff, k, kOff, v, vOff, qkvStride, T, headDim, scale);
        vector.attentionBackward(dV[0], dqOff, dV[1], dkOff, dV[2], dvOff, dStride, scratchV, off,
                dOut, off, outStride, pS, off, q, qOff, k, kOff, v, vOff, qkvStride, T, headDim, scale);
        // dv sums T terms of P·dOut; dP and dq, dk add a headDim-long and a T-long sum: a bound of the same form
        double relB = 8 * (headDim * (1 + Math.sqrt(headDim)) + 2 * T + 8) * EPS;
        String[] names = {"dq", "dk", "dv"};
        int[] offs = {dqOff, dkOff, dvOff};
        for (int m = 0; m < 3; m++) {
            float[] es = dS[m], ev = dV[m];
            for (int t = 0; t < T; t++) {
                assertClose("attention " + names[m] + shape + " row " + t, es, ev, offs[m] + t * dStride, headDim,
                        i -> relB * (1 + Math.abs(es[i])));
            }
        }
    }

    // ---------------------------------------------------------------- optimiser and utilities

    @Test
    void adamwMatchesScalarBitForBit() {
        // identical float operations in identical order (no FMA, correctly rounded sqrt and division)
        Random rnd = new Random(17);
        for (int size : SIZES) {
            for (int off : OFFSETS) {
                int n = size + off;
                float[] p = uniform(rnd, n, -1, 1), g = uniform(rnd, n, -1e-2, 1e-2);
                float[] m = uniform(rnd, n, -1e-3, 1e-3), v = uniform(rnd, n, 0, 1e-5);
                float[] pS = p.clone(), mS = m.clone(), vS = v.clone();
                float[] pV = p.clone(), mV = m.clone(), vV = v.clone();
                for (int step = 1; step <= 3; step++) {
                    float bc1 = (float) (1 - Math.pow(0.9, step)), bc2 = (float) (1 - Math.pow(0.999, step));
                    scalar.adamw(pS, off, g, off, mS, off, vS, off, size, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, bc1, bc2);
                    vector.adamw(pV, off, g, off, mV, off, vV, off, size, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, bc1, bc2);
                }
                String shape = " n=" + size + " off=" + off;
                assertSameBits("adamw param" + shape, pS, pV, 0, n);
                assertSameBits("adamw m" + shape, mS, mV, 0, n);
                assertSameBits("adamw v" + shape, vS, vV, 0, n);
            }
        }
    }

    @Test
    void transposeMovesEveryElementAndNothingElse() {
        // ragged sizes paired both ways, and the step's weight shapes (whole 16 × 16 blocks)
        Random rnd = new Random(19);
        int[][] shapes = new int[SIZES.length + 4][];
        for (int i = 0; i < SIZES.length; i++) shapes[i] = new int[] {SIZES[i], partner(i)};
        shapes[SIZES.length] = new int[] {192, 64};
        shapes[SIZES.length + 1] = new int[] {64, 256};
        shapes[SIZES.length + 2] = new int[] {16, 16};
        shapes[SIZES.length + 3] = new int[] {48, 33};
        for (int[] shape : shapes) {
            int rows = shape[0], cols = shape[1];
            for (int off : OFFSETS) {
                float[] src = uniform(rnd, off + rows * cols + 5, -1, 1);
                for (Kernels k : new Kernels[] {scalar, vector}) {
                    float[] dst = new float[2 * off + rows * cols + 5];
                    Arrays.fill(dst, Float.NaN);
                    k.transpose(dst, 2 * off, src, off, rows, cols);
                    String what = k.name() + " transpose " + rows + "x" + cols + " off=" + off;
                    for (int r = 0; r < rows; r++) {
                        for (int c = 0; c < cols; c++) {
                            assertEquals(Float.floatToRawIntBits(src[off + r * cols + c]),
                                    Float.floatToRawIntBits(dst[2 * off + c * rows + r]), what + " at " + r + "," + c);
                        }
                    }
                    for (int i = 0; i < dst.length; i++) {
                        if (i < 2 * off || i >= 2 * off + rows * cols) assertEquals(Float.NaN, dst[i], what + " slot " + i);
                    }
                }
            }
        }
    }

    @Test
    void sumOfSquaresScaleAxpyAddMatchScalar() {
        Random rnd = new Random(18);
        int[] sizes = Arrays.copyOf(SIZES, SIZES.length + 1);
        sizes[SIZES.length] = 50_003; // several of the double-precision blocks
        for (int size : sizes) {
            for (int off : OFFSETS) {
                int n = size + off;
                String shape = " n=" + size + " off=" + off;
                float[] x = uniform(rnd, n, -3, 3), y = uniform(rnd, n, -3, 3);
                double sS = scalar.sumOfSquares(x, off, size), sV = vector.sumOfSquares(x, off, size);
                // float lanes sum at most 4096 terms before the double total: error ≤ 4096 u per block
                assertClose("sumOfSquares" + shape, i -> sS, new float[] {(float) sV}, 0, 1,
                        i -> (Math.min(size, 4096) + 8) * EPS * sS);

                float[] a = x.clone(), b = x.clone();
                scalar.scale(a, off, size, -1.7f);
                vector.scale(b, off, size, -1.7f);
                assertSameBits("scale" + shape, a, b, 0, n);

                float[] ya = y.clone(), yb = y.clone();
                scalar.axpy(ya, off, 0.3f, x, off, size);
                vector.axpy(yb, off, 0.3f, x, off, size);
                // vector uses one fused multiply-add, scalar rounds the product first
                assertClose("axpy" + shape, ya, yb, 0, n, i -> 2 * EPS * (Math.abs(ya[i]) + Math.abs(0.3 * x[i])));

                float[] oa = new float[n], ob = new float[n];
                scalar.add(oa, off, x, off, y, off, size);
                vector.add(ob, off, x, off, y, off, size);
                assertSameBits("add" + shape, oa, ob, 0, n);
            }
        }
    }
}
