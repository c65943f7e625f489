// Vector API GEMM kernels (C (+)= A·B, A·Bᵀ, Aᵀ·B) and the bias gradient, with the contracts of Kernels.
// Single-threaded per call and thread-safe (packing buffers are per thread); callers split rows across threads.
package org.rationalicl.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * How it works: B is seen, one k-chunk at a time, as column panels (panel of {@code NV} vectors: kc × NV·L floats,
 * then 2-vector panels for the last columns, the very last one 1 vector wide when that suffices; zero-padded).
 * Row-major B is read in place for its full panels (row p of a panel is row p of B, ldb apart); only the tail panels,
 * B stored transposed (gemmABt) and B with rows of {@link #LONG_ROW} floats or more are packed into a buffer
 * contiguous in k (the last panel by panel: each packed panel meets every row tile before the next). A
 * register-blocked micro-kernel keeps a {@link #tileRows}-row × {@code NV}-vector tile of C in registers, streaming
 * one broadcast A element per row and NV vectors of the panel per step of k; the tile is then merged into C
 * (bias, accumulate, ragged columns). The three GEMM shapes differ only in how B is packed and in the strides
 * used to walk A (row-major rows for gemm/gemmABt, columns of a k×m matrix for gemmAtB). The rows below the last
 * whole tile run on an {@code MR} = 4-row tile and one-row kernels, as do the tail panels and the triangular
 * products; very narrow gemmABt (n &lt; L/2) uses plain dot products instead of a mostly-empty panel.
 *
 * <p>The species comes from {@link #species()}, a one-line override returning a {@code static final}; C2
 * inlines it (the call site sees one class in production), so every vector shape is a compile-time constant.
 * Tests instantiate the 128/256/512-bit variants with {@link #forBits}; mixing them in one JVM only costs speed.
 */
abstract sealed class VectorGemm permits VectorGemm.Preferred, VectorGemm.Bits128, VectorGemm.Bits256,
        VectorGemm.Bits512 {

    /** -Drationalicl.vector.bits=128|256|512 overrides the preferred vector width (for tests). */
    static final String BITS_PROPERTY = "rationalicl.vector.bits";

    /** The instance VectorKernels uses: the preferred species unless the property says otherwise. */
    static final VectorGemm PREFERRED = new Preferred();

    /** Rows of C per small tile (the rows left below the six-row tiles, the tail panels, the triangular products):
     *  4 rows × 4 vectors = 16 accumulators + 4 B vectors + 1 broadcast, 16 independent FMA chains. */
    static final int MR = 4;
    /** Rows of C per tile of the plain products (gemm, gemmABt, gemmAtB) at 16 lanes: 24 accumulators + 4 B vectors
     *  + 1 broadcast = 29 of the 32 AVX-512 registers ({@link #kernel6x4}). */
    static final int TILE_ROWS = 6;
    /** Vectors (of L lanes) of C per micro-tile. */
    static final int NV = 4;
    /**
     * Vectors per tail panel (the columns after the last full panel). Two: the 4-row tail kernel is bound by its
     * four broadcasts per step, so a second vector of FMAs is nearly free (n = 32 runs on two panels, not four).
     */
    static final int TAIL_VECTORS = 2;
    /** k-chunk: a packed B chunk of KC × 64 floats (64 KB) stays in L2 while all rows of A stream past it. */
    static final int KC = 256;
    /**
     * Row-major B whose rows are at least this many floats apart (4 KB: every row of a panel in the same L1 sets)
     * is packed into contiguous panels and swept panel by panel: 8–17% faster at 64 × 1024 … 2048 × 129 (the
     * wide MLP's weight gradient), no gain at 512-float rows (docs/PERFORMANCE.md). Bit-identical either way.
     */
    static final int LONG_ROW = 1024;

    /** kernel4x4's corner modes: none (plain GEMM tiles), tril(A)·B, tril(A)ᵀ·B. */
    private static final int NO_CORNER = 0, LOWER_A_CORNER = 1, LOWER_AT_CORNER = 2;

    /** The vector shape; overridden by each subclass with a constant. */
    abstract VectorSpecies<Float> species();

    /** A fixed width, for tests that run every width in one JVM. */
    static VectorGemm forBits(int bits) {
        return switch (bits) {
            case 128 -> new Bits128();
            case 256 -> new Bits256();
            case 512 -> new Bits512();
            default -> throw new IllegalArgumentException("vector bits = " + bits + ": expected 128, 256 or 512");
        };
    }

    static final class Preferred extends VectorGemm {
        private static final VectorSpecies<Float> SPECIES = speciesFromProperty();

        @Override
        VectorSpecies<Float> species() {
            return SPECIES;
        }

        private static VectorSpecies<Float> speciesFromProperty() {
            String bits = System.getProperty(BITS_PROPERTY);
            if (bits == null || bits.isBlank()) return FloatVector.SPECIES_PREFERRED;
            return switch (bits.trim()) {
                case "128" -> FloatVector.SPECIES_128;
                case "256" -> FloatVector.SPECIES_256;
                case "512" -> FloatVector.SPECIES_512;
                default -> throw new IllegalArgumentException(
                        "-D" + BITS_PROPERTY + "=" + bits + ": expected 128, 256 or 512");
            };
        }
    }

    static final class Bits128 extends VectorGemm {
        private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_128;

        @Override
        VectorSpecies<Float> species() {
            return SPECIES;
        }
    }

    static final class Bits256 extends VectorGemm {
        private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_256;

        @Override
        VectorSpecies<Float> species() {
            return SPECIES;
        }
    }

    static final class Bits512 extends VectorGemm {
        private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_512;

        @Override
        VectorSpecies<Float> species() {
            return SPECIES;
        }
    }

    /** Per-thread scratch: the packed B chunk (or its tail panels) and one C tile. Grown when a larger size is first seen, never shrunk. */
    private static final class Workspace {
        float[] packed = new float[0];
        float[] tile = new float[0];

        float[] packed(int size) {
            if (packed.length < size) packed = new float[size];
            return packed;
        }

        float[] tile(int size) {
            if (tile.length < size) tile = new float[size];
            return tile;
        }
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    // ---------------------------------------------------------------- the Kernels contracts

    /** C[m×n] (+)= A[m×k] · B[k×n] (+ bias[n]). */
    final void gemm(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                    float[] bias, int biasOff, int m, int n, int k, boolean accumulate) {
        GemmChecks.check(c, cOff, ldc, a, aOff, lda, m, k, b, bOff, ldb, k, n, bias, biasOff, m, n);
        blocked(c, cOff, ldc, a, aOff, lda, 1, b, bOff, ldb, false, bias, biasOff, m, n, k, accumulate);
    }

    /** C[m×n] (+)= A[m×k] · B[n×k]ᵀ (+ bias[n]). */
    final void gemmABt(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float[] bias, int biasOff, int m, int n, int k, boolean accumulate) {
        GemmChecks.check(c, cOff, ldc, a, aOff, lda, m, k, b, bOff, ldb, n, k, bias, biasOff, m, n);
        if (2L * n < species().length()) {
            plainABt(c, cOff, ldc, a, aOff, lda, b, bOff, ldb, bias, biasOff, m, n, k, accumulate);
        } else {
            blocked(c, cOff, ldc, a, aOff, lda, 1, b, bOff, ldb, true, bias, biasOff, m, n, k, accumulate);
        }
    }

    /** C[m×n] (+)= A[k×m]ᵀ · B[k×n]. A's column i is row i of Aᵀ: walk it with row stride 1, k stride lda. */
    final void gemmAtB(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       int m, int n, int k, boolean accumulate) {
        GemmChecks.check(c, cOff, ldc, a, aOff, lda, k, m, b, bOff, ldb, k, n, null, 0, m, n);
        blocked(c, cOff, ldc, a, aOff, 1, lda, b, bOff, ldb, false, null, 0, m, n, k, accumulate);
    }

    /**
     * C[i, j] = alpha · Σ_p A[i, p]·B[j, p] for j ≤ i only (C m×m, A and B m×k); C above the diagonal is not
     * written.
     */
    final void gemmLowerABt(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float alpha, int m, int k) {
        GemmChecks.check(c, cOff, ldc, a, aOff, lda, m, k, b, bOff, ldb, m, k, null, 0, m, m);
        triangular(Triangle.OUT, c, cOff, ldc, a, aOff, lda, 1, b, bOff, ldb, alpha, m, m, k);
    }

    /** C[m×n] = tril(A)·B, C[i, j] = Σ_{p ≤ i} A[i, p]·B[p, j] (A m×m, B m×n); A above its diagonal is not read. */
    final void gemmLowerA(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                          int m, int n) {
        GemmChecks.check(c, cOff, ldc, a, aOff, lda, m, m, b, bOff, ldb, m, n, null, 0, m, n);
        triangular(Triangle.A, c, cOff, ldc, a, aOff, lda, 1, b, bOff, ldb, 1f, m, n, m);
    }

    /** C[m×n] = tril(A)ᵀ·B, C[i, j] = Σ_{p ≥ i} A[p, i]·B[p, j] (A m×m, B m×n); A above its diagonal is not read. */
    final void gemmLowerAtB(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            int m, int n) {
        GemmChecks.check(c, cOff, ldc, a, aOff, lda, m, m, b, bOff, ldb, m, n, null, 0, m, n);
        triangular(Triangle.AT, c, cOff, ldc, a, aOff, 1, lda, b, bOff, ldb, 1f, m, n, m);
    }

    /** dBias[n] += Σ_rows dOut[r, ·]. Each lane sums its column in row order, exactly as the scalar twin. */
    final void biasBackward(float[] dBias, int dBiasOff, float[] dOut, int dOutOff, int ld, int rows, int n) {
        Checks.span("dBias", dBias, dBiasOff, n);
        Checks.matrix("dOut", dOut, dOutOff, ld, rows, n);
        if (rows == 0) return;
        VectorSpecies<Float> s = species();
        int lanes = s.length();
        int j = 0;
        // Four column vectors at a time: four independent add chains per row.
        for (; j + 4 * lanes <= n; j += 4 * lanes) {
            FloatVector s0 = FloatVector.zero(s), s1 = FloatVector.zero(s);
            FloatVector s2 = FloatVector.zero(s), s3 = FloatVector.zero(s);
            for (int r = 0; r < rows; r++) {
                int at = dOutOff + r * ld + j;
                s0 = s0.add(FloatVector.fromArray(s, dOut, at));
                s1 = s1.add(FloatVector.fromArray(s, dOut, at + lanes));
                s2 = s2.add(FloatVector.fromArray(s, dOut, at + 2 * lanes));
                s3 = s3.add(FloatVector.fromArray(s, dOut, at + 3 * lanes));
            }
            int d = dBiasOff + j;
            FloatVector.fromArray(s, dBias, d).add(s0).intoArray(dBias, d);
            FloatVector.fromArray(s, dBias, d + lanes).add(s1).intoArray(dBias, d + lanes);
            FloatVector.fromArray(s, dBias, d + 2 * lanes).add(s2).intoArray(dBias, d + 2 * lanes);
            FloatVector.fromArray(s, dBias, d + 3 * lanes).add(s3).intoArray(dBias, d + 3 * lanes);
        }
        for (; j + lanes <= n; j += lanes) {
            FloatVector s0 = FloatVector.zero(s);
            for (int r = 0; r < rows; r++) s0 = s0.add(FloatVector.fromArray(s, dOut, dOutOff + r * ld + j));
            FloatVector.fromArray(s, dBias, dBiasOff + j).add(s0).intoArray(dBias, dBiasOff + j);
        }
        for (; j < n; j++) {
            float sum = 0f;
            for (int r = 0; r < rows; r++) sum += dOut[dOutOff + r * ld + j];
            dBias[dBiasOff + j] += sum;
        }
    }

    // ---------------------------------------------------------------- blocked driver

    /**
     * C[m×n] (+)= A·B (+ bias) with A(i, p) = a[aOff + i·aRowStride + p·aColStride] and B(p, j) =
     * b[bOff + p·ldb + j] (or b[bOff + j·ldb + p] when bTransposed). Arguments are already validated, so every
     * index formed from an existing row and column is inside its array and cannot overflow an int.
     */
    private void blocked(float[] c, int cOff, int ldc, float[] a, int aOff, int aRowStride, int aColStride,
                         float[] b, int bOff, int ldb, boolean bTransposed, float[] bias, int biasOff,
                         int m, int n, int k, boolean accumulate) {
        if (m == 0 || n == 0) return;
        if (k == 0) {
            emptySum(c, cOff, ldc, bias, biasOff, m, n, accumulate);
            return;
        }
        int lanes = species().length();
        int width = NV * lanes;
        int fullPanels = n / width;
        int tailWidth = TAIL_VECTORS * lanes;
        int tailPanels = (n - fullPanels * width + tailWidth - 1) / tailWidth;
        long paddedN = (long) fullPanels * width + (long) tailPanels * tailWidth; // may exceed n by < 2L
        Workspace ws = WORKSPACE.get();
        // a row-major B with long rows is packed too: read in place, a panel's rows lie LONG_ROW·4 bytes or more
        // apart, in the same few L1 sets, and the panels of an I = 2048 B do not fit L2 for the next row tile
        boolean packRows = !bTransposed && ldb >= LONG_ROW && fullPanels > 1;
        float[] packed = ws.packed(Math.toIntExact((long) Math.min(k, KC) * paddedN));
        float[] tile = ws.tile(MR * width);
        int tileRows = tileRows(lanes);
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            if (bTransposed) {
                packTransposed(packed, b, bOff, ldb, p0, kc, n, fullPanels, tailPanels);
            } else {
                packTails(packed, b, bOff, ldb, p0, kc, n, fullPanels, tailPanels);
                if (packRows) packFull(packed, b, bOff, ldb, p0, kc, fullPanels);
            }
            // Later chunks add to what the earlier ones wrote; the bias goes in with the last chunk only.
            boolean addC = accumulate || p0 > 0;
            float[] chunkBias = p0 + kc == k ? bias : null;
            int fullPanelSize = kc * width;
            int tailStart = fullPanels * fullPanelSize;
            // Row tiles outside, panels inside; a packed long-row B the other way round, so that each packed panel
            // meets every row tile while it is still in L1/L2 (packed whole, an I = 2048 B would not fit L2).
            // The kernels are called from here rather than through a per-tile helper, which C2 declined to inline
            // into this method (PrintInlining: "callee is too large"): no extra call per tile.
            int rowTiles = (m + tileRows - 1) / tileRows;
            int outer = packRows ? fullPanels : rowTiles, inner = packRows ? rowTiles : fullPanels;
            boolean fromPacked = bTransposed || packRows;
            for (int o = 0; o < outer; o++) {
                for (int x = 0; x < inner; x++) {
                    int q = packRows ? o : x, i = (packRows ? x : o) * tileRows;
                    int rows = Math.min(tileRows, m - i);
                    int ai = aOff + i * aRowStride + p0 * aColStride;
                    int cq = cOff + i * ldc + q * width;
                    // row-major B with short rows is read in place (its rows are the panel's rows, ldb apart)
                    float[] bp = fromPacked ? packed : b;
                    int bi = fromPacked ? q * fullPanelSize : bOff + p0 * ldb + q * width;
                    int stride = fromPacked ? width : ldb;
                    int qBias = biasOff + q * width;
                    if (rows == TILE_ROWS) {   // never, with four-row tiles
                        // a full tile of full columns: merged into C straight from the registers
                        kernel6x4(c, cq, ldc, chunkBias, qBias, addC, a, ai, aRowStride, aColStride, bp, bi, stride, kc);
                        continue;
                    }
                    // the rows below the last whole tile (all tiles where they are 4 rows): a 4-row tile, then one
                    // row at a time
                    int r = 0;
                    if (rows >= MR) {
                        kernel4x4(c, cq, ldc, chunkBias, qBias, addC, NO_CORNER, a, ai, aRowStride, aColStride, bp, bi,
                                stride, kc);
                        r = MR;
                    }
                    if (r < rows) {
                        for (int rr = r; rr < rows; rr++) {
                            kernel1x4(tile, (rr - r) * width, a, ai + rr * aRowStride, aColStride, bp, bi, stride, kc);
                        }
                        merge(c, cq + r * ldc, ldc, rows - r, width, tile, width, chunkBias, qBias, addC);
                    }
                }
            }
            // the tail panels, for every 4-row tile once the full panels are done
            for (int i = 0; tailPanels > 0 && i < m; i += MR) {
                int rows = Math.min(MR, m - i);
                int ai = aOff + i * aRowStride + p0 * aColStride;
                int ci = cOff + i * ldc;
                for (int t = 0; t < tailPanels; t++) {
                    int j0 = fullPanels * width + t * tailWidth;
                    int bi = tailStart + t * kc * tailWidth;
                    int panelWidth = tailPanelWidth(j0, n, lanes);
                    if (panelWidth == lanes) {
                        if (rows == MR) {
                            kernel4x1(tile, 0, lanes, -1, 0, 1f, a, ai, aRowStride, aColStride, packed, bi, lanes, kc);
                        } else {
                            for (int r = 0; r < rows; r++) {
                                kernel1x1(tile, r * lanes, a, ai + r * aRowStride, aColStride, packed, bi, kc);
                            }
                        }
                    } else if (rows == MR) {
                        kernel4x2(tile, 0, tailWidth, -1, 0, 1f, a, ai, aRowStride, aColStride, packed, bi, tailWidth,
                                kc);
                    } else {
                        for (int r = 0; r < rows; r++) {
                            kernel1x2(tile, r * tailWidth, a, ai + r * aRowStride, aColStride, packed, bi, kc);
                        }
                    }
                    merge(c, ci + j0, ldc, rows, Math.min(panelWidth, n - j0), tile, panelWidth, chunkBias,
                            biasOff + j0, addC);
                }
            }
        }
    }

    /** Which triangle a triangular product works on: of C (OUT), of A (A), of A read transposed (AT). */
    private enum Triangle { OUT, A, AT }

    /**
     * The triangular products of causal attention, on blocked()'s panels and micro-kernels, but each 4-row tile of
     * C does only its triangle's work: OUT computes the column vectors up to the tile's diagonal (and writes only
     * j ≤ i); A runs k up to the tile's first row (p ≤ i0), AT from its last (p ≥ i0 + 3), and the few products
     * between, in the 4×4 corner on the diagonal, are added by {@link #corner} row by row, so the other triangle of
     * A is never read. B is packed whole, without k-chunks: here k is a sequence length or a head size.
     * A(i, p) = a[aOff + i·aRowStride + p·aColStride]; B is row-major k×n, or n×k (transposed) for OUT, whose
     * tiles are scaled by alpha as they are stored; arguments already validated.
     */
    private void triangular(Triangle tri, float[] c, int cOff, int ldc, float[] a, int aOff, int aRowStride,
                            int aColStride, float[] b, int bOff, int ldb, float alpha, int m, int n, int k) {
        if (m == 0 || n == 0) return;
        if (k == 0) { // only OUT can have an empty product with m > 0
            for (int i = 0; i < m; i++) {
                for (int j = 0; j <= i; j++) c[cOff + i * ldc + j] = 0f;
            }
            return;
        }
        int lanes = species().length();
        int width = NV * lanes;
        int fullPanels = n / width;
        int tailWidth = TAIL_VECTORS * lanes;
        int tailPanels = (n - fullPanels * width + tailWidth - 1) / tailWidth;
        long paddedN = (long) fullPanels * width + (long) tailPanels * tailWidth;
        Workspace ws = WORKSPACE.get();
        float[] packed = ws.packed(Math.toIntExact(k * paddedN));
        float[] tile = ws.tile(MR * width);
        if (tri == Triangle.OUT) {
            packTransposed(packed, b, bOff, ldb, 0, k, n, fullPanels, tailPanels);
        } else {
            packTails(packed, b, bOff, ldb, 0, k, n, fullPanels, tailPanels);
        }
        int tailStart = fullPanels * k * width;
        // the m % MR rows that fill no whole tile run one at a time: for OUT and A at the top, where the triangle
        // is narrowest, for AT at the bottom (its rows' k ranges shrink downwards); at the other end they would be
        // the rows with the most work (tril(P)·v at T = 31: 0.78–0.80 µs against 0.92–0.93 with them at the bottom)
        int lead = tri == Triangle.AT ? 0 : m % MR;
        // OUT writes C rather than adding to it, so its lead rows can come from a whole tile over rows 0..3 that
        // the next tile, starting at row `lead`, overlaps: the overlapping rows get the same bits twice, and no
        // row runs alone on a one-row kernel, whose single k chain waits on every fma's latency (tril(q·kᵀ) at
        // T = 31: see docs/PERFORMANCE.md)
        boolean overlapLead = tri == Triangle.OUT && lead > 0 && m >= MR;
        for (int i0 = 0, rows, next; i0 < m; i0 = next) {
            if (i0 == 0 && lead > 0) {
                rows = overlapLead ? MR : lead;
                next = lead;
            } else {
                rows = Math.min(MR, m - i0);
                next = i0 + rows;
            }
            int colEnd = tri == Triangle.OUT ? i0 + rows : n;                 // columns this tile needs
            int pFrom = tri == Triangle.AT ? i0 + rows - 1 : 0;               // k range valid for every row
            int pTo = tri == Triangle.A ? i0 + 1 : k;
            int ci = cOff + i0 * ldc;
            for (int j0 = 0; j0 < colEnd; ) {
                // B's panel: row p at bp[bi + p·stride]; row-major B (A, AT) is read in place for full panels
                int panelWidth, bi, stride;
                float[] bp = packed;
                if (j0 < fullPanels * width) {
                    panelWidth = width;
                    if (tri == Triangle.OUT) {
                        bi = (j0 / width) * k * width;
                        stride = width;
                    } else {
                        bp = b;
                        bi = bOff + j0;
                        stride = ldb;
                    }
                } else {
                    panelWidth = tailPanelWidth(j0, n, lanes);
                    bi = tailStart + ((j0 - fullPanels * width) / tailWidth) * k * tailWidth;
                    stride = panelWidth;
                }
                int cols = Math.min(panelWidth, n - j0);
                int vectors = (Math.min(cols, colEnd - j0) + lanes - 1) / lanes;  // of this panel, for this tile
                int tileWidth;
                if (rows == MR && tri != Triangle.OUT && vectors > TAIL_VECTORS) {
                    // a full 4 × 4-vector tile of tril(A)·B or tril(A)ᵀ·B: the diagonal corner is added in
                    // registers, and the tile goes straight to C when the panel's columns all lie in C
                    int ai = aOff + i0 * aRowStride + pFrom * aColStride, bFrom = bi + pFrom * stride;
                    boolean direct = cols == width;
                    kernel4x4(direct ? c : tile, direct ? ci + j0 : 0, direct ? ldc : width, null, 0, false,
                            tri == Triangle.A ? LOWER_A_CORNER : LOWER_AT_CORNER, a, ai, aRowStride, aColStride, bp,
                            bFrom, stride, pTo - pFrom);
                    if (!direct) merge(c, ci + j0, ldc, rows, cols, tile, width, null, 0, false);
                    j0 += panelWidth;
                    continue;
                }
                if (rows == MR && tri == Triangle.OUT && vectors <= TAIL_VECTORS) {
                    // q·kᵀ-like 1- or 2-vector tiles go straight from their registers into C's lower triangle
                    // (through the tile and mergeLower a call at T = 32 took 1.75 µs, the bare loops 1.0)
                    int ai = aOff + i0 * aRowStride, first = i0 - j0 + 1;
                    if (vectors == TAIL_VECTORS) {
                        kernel4x2(c, ci + j0, ldc, cols, first, alpha, a, ai, aRowStride, aColStride, bp, bi, stride, k);
                    } else {
                        kernel4x1(c, ci + j0, ldc, cols, first, alpha, a, ai, aRowStride, aColStride, bp, bi, stride, k);
                    }
                    j0 += panelWidth;
                    continue;
                }
                if (rows == MR) {
                    int ai = aOff + i0 * aRowStride + pFrom * aColStride, bFrom = bi + pFrom * stride;
                    if (vectors > TAIL_VECTORS) {
                        kernel4x4(tile, 0, width, null, 0, false, NO_CORNER, a, ai, aRowStride, aColStride, bp,
                                bFrom, stride, pTo - pFrom);
                        tileWidth = width;
                    } else if (vectors == TAIL_VECTORS) {
                        kernel4x2(tile, 0, tailWidth, -1, 0, 1f, a, ai, aRowStride, aColStride, bp, bFrom, stride,
                                pTo - pFrom);
                        tileWidth = tailWidth;
                    } else {
                        kernel4x1(tile, 0, lanes, -1, 0, 1f, a, ai, aRowStride, aColStride, bp, bFrom, stride,
                                pTo - pFrom);
                        tileWidth = lanes;
                    }
                    if (tri != Triangle.OUT) {
                        corner(tri == Triangle.A, tile, tileWidth, a, aOff, aRowStride, aColStride, bp, bi,
                                stride, i0);
                    }
                } else {
                    // the rows outside whole tiles, one at a time, each with its own exact k range
                    tileWidth = panelWidth;
                    for (int r = 0; r < rows; r++) {
                        int i = i0 + r;
                        int from = tri == Triangle.AT ? i : 0, to = tri == Triangle.A ? i + 1 : k;
                        int ai = aOff + i * aRowStride + from * aColStride, bFrom = bi + from * stride;
                        if (panelWidth == width) {
                            kernel1x4(tile, r * width, a, ai, aColStride, bp, bFrom, stride, to - from);
                        } else if (panelWidth == tailWidth) {
                            kernel1x2(tile, r * tailWidth, a, ai, aColStride, bp, bFrom, to - from);
                        } else {
                            kernel1x1(tile, r * lanes, a, ai, aColStride, bp, bFrom, to - from);
                        }
                    }
                }
                if (tri == Triangle.OUT) {
                    mergeLower(c, ci + j0, ldc, rows, cols, tile, tileWidth, i0 - j0 + 1, alpha);
                } else {
                    merge(c, ci + j0, ldc, rows, cols, tile, tileWidth, null, 0, false);
                }
                j0 += panelWidth;
            }
        }
    }

    /**
     * The 4×4 corner on the diagonal of a full tile at rows i0..i0+3, for tril(A) (lowerA) or its transpose: adds
     * A(i0+r, i0+d)·B(i0+d, ·) to tile row r for the pairs in the triangle, r ≥ d ≥ 1 (lowerA: p = i0+d after
     * the main call's p ≤ i0) or r ≤ d ≤ 2 (transposed: p before the main call's p ≥ i0+3). Tile rows tileWidth
     * apart, all computed; B panel rows {@code stride} apart from bi.
     */
    private void corner(boolean lowerA, float[] tile, int tileWidth, float[] a, int aOff, int rs, int ps,
                        float[] bp, int bi, int stride, int i0) {
        VectorSpecies<Float> s = species();
        int lanes = s.length();
        for (int d = lowerA ? 1 : 0; d < (lowerA ? MR : MR - 1); d++) {
            int bq = bi + (i0 + d) * stride;
            for (int r = lowerA ? d : 0; r <= (lowerA ? MR - 1 : d); r++) {
                FloatVector x = FloatVector.broadcast(s, a[aOff + (i0 + r) * rs + (i0 + d) * ps]);
                for (int v = 0; v < tileWidth; v += lanes) {
                    int t = r * tileWidth + v;
                    x.fma(FloatVector.fromArray(s, bp, bq + v), FloatVector.fromArray(s, tile, t)).intoArray(tile, t);
                }
            }
        }
    }

    /**
     * C = alpha · tile for a lower-triangular C: row r gets its first min(cols, firstRowCols + r) columns, none
     * above.
     */
    private void mergeLower(float[] c, int ci, int ldc, int rows, int cols, float[] tile, int tileWidth,
                            int firstRowCols, float alpha) {
        VectorSpecies<Float> s = species();
        int lanes = s.length();
        for (int r = 0; r < rows; r++) {
            int count = Math.min(cols, firstRowCols + r);
            int cr = ci + r * ldc, tr = r * tileWidth;
            int j = 0;
            for (; j + lanes <= count; j += lanes) FloatVector.fromArray(s, tile, tr + j).mul(alpha).intoArray(c, cr + j);
            if (j < count) FloatVector.fromArray(s, tile, tr + j).mul(alpha).intoArray(c, cr + j, s.indexInRange(j, count));
        }
    }

    /**
     * Rows per tile of the plain products: {@link #TILE_ROWS} with 16-lane vectors (AVX-512, 32 registers), {@link #MR}
     * with narrower ones, whose machines may have only 16 (AVX2): there the six-row tile spills and ran 5–16% slower
     * than four rows (docs/PERFORMANCE.md, "Six-row GEMM tiles and read-ahead by CPU").
     */
    static int tileRows(int lanes) {
        return lanes >= 16 ? TILE_ROWS : MR;
    }

    /**
     * Width of the tail panel starting at column j0: 2L, except a last panel with at most L columns left, which
     * is L wide (n = 9 should not pay for a second, empty vector).
     */
    private static int tailPanelWidth(int j0, int n, int lanes) {
        return n - j0 <= lanes ? lanes : TAIL_VECTORS * lanes;
    }

    /** k = 0: the product is empty, C = (accumulate ? C : 0) + bias, as the scalar twin computes it. */
    private static void emptySum(float[] c, int cOff, int ldc, float[] bias, int biasOff, int m, int n,
                                 boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int at = cOff + i * ldc + j;
                float sum = bias != null ? bias[biasOff + j] : 0f;
                c[at] = accumulate ? c[at] + sum : sum;
            }
        }
    }

    /**
     * Packs the tail columns of rows p0..p0+kc of B (k×n, row-major): tail panel t holds the 2L columns after the
     * full panels (the last one L wide when that suffices) as kc rows, zero-padded past n. The full panels' columns
     * are read in place (their slots in the buffer stay unused), so only the ragged edge is copied.
     */
    private void packTails(float[] packed, float[] b, int bOff, int ldb, int p0, int kc, int n,
                           int fullPanels, int tailPanels) {
        VectorSpecies<Float> s = species();
        int lanes = s.length();
        int width = NV * lanes;
        int tailWidth = TAIL_VECTORS * lanes;
        int tailStart = fullPanels * kc * width;
        for (int p = 0; p < kc; p++) {
            int src = bOff + (p0 + p) * ldb;
            for (int t = 0; t < tailPanels; t++) {
                int j0 = fullPanels * width + t * tailWidth;
                int panelWidth = tailPanelWidth(j0, n, lanes);
                int to = tailStart + t * kc * tailWidth + p * panelWidth;
                int count = Math.min(panelWidth, n - j0);
                int jj = 0;
                for (; jj + lanes <= count; jj += lanes) {
                    FloatVector.fromArray(s, b, src + j0 + jj).intoArray(packed, to + jj);
                }
                for (; jj < count; jj++) packed[to + jj] = b[src + j0 + jj];
                for (; jj < panelWidth; jj++) packed[to + jj] = 0f;
            }
        }
    }

    /** Copies the full panels of a row-major B chunk (rows p0 .. p0+kc) into packed, each panel kc × NV·L, contiguous. */
    private void packFull(float[] packed, float[] b, int bOff, int ldb, int p0, int kc, int fullPanels) {
        VectorSpecies<Float> s = species();
        int lanes = s.length();
        int width = NV * lanes;
        for (int p = 0; p < kc; p++) {
            int src = bOff + (p0 + p) * ldb;
            for (int q = 0; q < fullPanels; q++) {
                int to = q * kc * width + p * width, from = src + q * width;
                for (int jj = 0; jj < width; jj += lanes) FloatVector.fromArray(s, b, from + jj).intoArray(packed, to + jj);
            }
        }
    }

    /** Same panels from B stored transposed (n×k, row-major): column j of the panel is row j of B, read along k. */
    private void packTransposed(float[] packed, float[] b, int bOff, int ldb, int p0, int kc, int n,
                                int fullPanels, int tailPanels) {
        int lanes = species().length();
        int width = NV * lanes;
        int tailWidth = TAIL_VECTORS * lanes;
        int tailStart = fullPanels * kc * width;
        for (int j = 0; j < n; j++) {
            int panelStart, panelWidth, jj;
            if (j < fullPanels * width) {
                panelStart = (j / width) * kc * width;
                panelWidth = width;
                jj = j % width;
            } else {
                int t = (j - fullPanels * width) / tailWidth;
                panelStart = tailStart + t * kc * tailWidth;
                panelWidth = tailPanelWidth(fullPanels * width + t * tailWidth, n, lanes);
                jj = (j - fullPanels * width) % tailWidth;
            }
            int dst = panelStart + jj;
            int src = bOff + j * ldb + p0;
            // Sixteen rows of B at a time with 16-lane vectors: 16×16 blocks transposed in registers (panels are
            // multiples of 16 wide and start at multiples of 16, so a block never straddles two), then the last
            // kc % 16 steps of k one by one.
            // A last block with fewer than 16 rows left is transposed whole when the rows after B's last still lie
            // inside the array (attention's k and v: the next positions' qkv rows). Their values land in padding
            // columns, whose products are never stored (and which are zeroed below); at T = 31 this replaces 15
            // rows of element copies in q·kᵀ's and dOut·vᵀ's packing.
            boolean block = j + Transpose16.N <= n
                    || bOff + (long) (j + Transpose16.N - 1) * ldb + p0 + kc <= b.length;
            if (lanes == Transpose16.N && jj % Transpose16.N == 0 && block) {
                int p = 0;
                for (; p + Transpose16.N <= kc; p += Transpose16.N) {
                    Transpose16.block(b, src + p, ldb, packed, dst + p * panelWidth, panelWidth);
                }
                for (; p < kc; p++) {
                    for (int r = 0; r < Transpose16.N; r++) packed[dst + p * panelWidth + r] = b[src + r * ldb + p];
                }
                j += Transpose16.N - 1;
                continue;
            }
            // Four rows of B at a time when they land in the same panel: four adjacent stores per step of k.
            if (jj % 4 == 0 && jj + 4 <= panelWidth && j + 4 <= n) {
                int s1 = src + ldb, s2 = src + 2 * ldb, s3 = src + 3 * ldb;
                for (int p = 0; p < kc; p++) {
                    int at = dst + p * panelWidth;
                    packed[at] = b[src + p];
                    packed[at + 1] = b[s1 + p];
                    packed[at + 2] = b[s2 + p];
                    packed[at + 3] = b[s3 + p];
                }
                j += 3;
                continue;
            }
            for (int p = 0; p < kc; p++) packed[dst + p * panelWidth] = b[src + p];
        }
        // Zero the padding columns of the last tail panel, so the kernels can run full vectors over it.
        int padFrom = n - fullPanels * width;
        if (tailPanels > 0 && padFrom % tailWidth != 0) {
            int lastStart = fullPanels * width + (tailPanels - 1) * tailWidth;
            int lastWidth = tailPanelWidth(lastStart, n, lanes);
            int start = tailStart + (tailPanels - 1) * kc * tailWidth;
            for (int p = 0; p < kc; p++) {
                for (int jj = n - lastStart; jj < lastWidth; jj++) packed[start + p * lastWidth + jj] = 0f;
            }
        }
    }

    /**
     * C[rows×cols] (+)= tile (+ bias), tile rows tileWidth apart. Same rounding order as the scalar twin:
     * c + (sum + bias). Full vectors, then one masked vector for the last cols % L columns (a scalar tail cost
     * the 9-column logits GEMM more than its products).
     */
    private void merge(float[] c, int ci, int ldc, int rows, int cols, float[] tile, int tileWidth,
                       float[] bias, int biasOff, boolean addC) {
        VectorSpecies<Float> s = species();
        int lanes = s.length();
        for (int r = 0; r < rows; r++) {
            int cr = ci + r * ldc;
            int tr = r * tileWidth;
            int j = 0;
            for (; j + lanes <= cols; j += lanes) {
                FloatVector v = FloatVector.fromArray(s, tile, tr + j);
                if (bias != null) v = v.add(FloatVector.fromArray(s, bias, biasOff + j));
                if (addC) v = FloatVector.fromArray(s, c, cr + j).add(v);
                v.intoArray(c, cr + j);
            }
            if (j < cols) { // one masked step: the same lane-wise operations as the full vectors
                VectorMask<Float> m = s.indexInRange(j, cols);
                FloatVector v = FloatVector.fromArray(s, tile, tr + j);
                if (bias != null) v = v.add(FloatVector.fromArray(s, bias, biasOff + j, m));
                if (addC) v = FloatVector.fromArray(s, c, cr + j, m).add(v);
                v.intoArray(c, cr + j, m);
            }
        }
    }

    // ---------------------------------------------------------------- micro-kernels

    /**
     * 4 rows × 4 vectors over kc steps of k: A(r, p) = a[ai + r·rs + p·ps], B panel rows of 4L floats from bi.
     * Sixteen accumulators: independent FMA chains, no reduction. The 4 × 4L result is merged into out (rows ld
     * apart from at) as {@link #merge} would: out (+)= (sum + bias); with out a tile (ld 4L, no bias, no addC) it is
     * just stored. Merging here saves the store and reload of a tile per call, ~3 % of a k = 64 GEMM.
     * {@code corner}: for a full tile of the triangular products, the 4 × 4 corner on the diagonal that
     * {@link #corner} would add, added in registers in the same order (same bits): tril(A)·B runs k over p ≤ i0
     * (kc = i0 + 1) and then adds p = i0 + d, d = 1..3, to rows r ≥ d; tril(A)ᵀ·B runs p ≥ i0 + 3 and then adds
     * p = i0 + d, d = 0..2, to rows r ≤ d (p relative to the main loop's first).
     */
    private void kernel4x4(float[] out, int at, int ld, float[] bias, int biasOff, boolean addC, int corner,
                           float[] a, int ai, int rs, int ps, float[] bp, int bi, int stride, int kc) {
        VectorSpecies<Float> s = species();
        int lanes = s.length();
        int width = NV * lanes;
        FloatVector c00 = FloatVector.zero(s), c01 = FloatVector.zero(s), c02 = FloatVector.zero(s), c03 = FloatVector.zero(s);
        FloatVector c10 = FloatVector.zero(s), c11 = FloatVector.zero(s), c12 = FloatVector.zero(s), c13 = FloatVector.zero(s);
        FloatVector c20 = FloatVector.zero(s), c21 = FloatVector.zero(s), c22 = FloatVector.zero(s), c23 = FloatVector.zero(s);
        FloatVector c30 = FloatVector.zero(s), c31 = FloatVector.zero(s), c32 = FloatVector.zero(s), c33 = FloatVector.zero(s);
        int a0 = ai, a1 = ai + rs, a2 = ai + 2 * rs, a3 = ai + 3 * rs;
        for (int p = 0; p < kc; p++) {
            // Indices linear in p with constant scales when ps == 1 (gemm, gemmABt), so C2 can hoist bounds checks.
            int bq = bi + p * stride;
            int ap = p * ps;
            FloatVector b0 = FloatVector.fromArray(s, bp, bq);
            FloatVector b1 = FloatVector.fromArray(s, bp, bq + lanes);
            FloatVector b2 = FloatVector.fromArray(s, bp, bq + 2 * lanes);
            FloatVector b3 = FloatVector.fromArray(s, bp, bq + 3 * lanes);
            FloatVector x = FloatVector.broadcast(s, a[a0 + ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(s, a[a1 + ap]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(s, a[a2 + ap]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(s, a[a3 + ap]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
        }
        // the triangular products' 4 × 4 corner on the diagonal (see triangular()), step by step of p, each step
        // feeding the rows of its part of the triangle, in the order corner() adds them
        if (corner != NO_CORNER) {
            boolean lowerA = corner == LOWER_A_CORNER;
            for (int d = lowerA ? 1 : 0; d < (lowerA ? MR : MR - 1); d++) {
                int p = lowerA ? kc - 1 + d : d - (MR - 1);   // relative to the main loop's first p
                int bq = bi + p * stride, ap = p * ps;
                FloatVector b0 = FloatVector.fromArray(s, bp, bq);
                FloatVector b1 = FloatVector.fromArray(s, bp, bq + lanes);
                FloatVector b2 = FloatVector.fromArray(s, bp, bq + 2 * lanes);
                FloatVector b3 = FloatVector.fromArray(s, bp, bq + 3 * lanes);
                // lowerA: rows d..3; transposed: rows 0..d
                if (!lowerA) {
                    FloatVector x = FloatVector.broadcast(s, a[a0 + ap]);
                    c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02); c03 = x.fma(b3, c03);
                }
                if (lowerA ? d <= 1 : d >= 1) {
                    FloatVector x = FloatVector.broadcast(s, a[a1 + ap]);
                    c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12); c13 = x.fma(b3, c13);
                }
                if (lowerA ? d <= 2 : d >= 2) {
                    FloatVector x = FloatVector.broadcast(s, a[a2 + ap]);
                    c20 = x.fma(b0, c20); c21 = x.fma(b1, c21); c22 = x.fma(b2, c22); c23 = x.fma(b3, c23);
                }
                if (lowerA) {
                    FloatVector x = FloatVector.broadcast(s, a[a3 + ap]);
                    c30 = x.fma(b0, c30); c31 = x.fma(b1, c31); c32 = x.fma(b2, c32); c33 = x.fma(b3, c33);
                }
            }
        }
        // merge()'s order, out + (sum + bias), written out per accumulator: a helper taking a vector would not be
        // inlined here (the epilogue is not hot enough) and would box all sixteen
        if (bias != null) {
            FloatVector b0 = FloatVector.fromArray(s, bias, biasOff), b1 = FloatVector.fromArray(s, bias, biasOff + lanes);
            FloatVector b2 = FloatVector.fromArray(s, bias, biasOff + 2 * lanes);
            FloatVector b3 = FloatVector.fromArray(s, bias, biasOff + 3 * lanes);
            c00 = c00.add(b0); c01 = c01.add(b1); c02 = c02.add(b2); c03 = c03.add(b3);
            c10 = c10.add(b0); c11 = c11.add(b1); c12 = c12.add(b2); c13 = c13.add(b3);
            c20 = c20.add(b0); c21 = c21.add(b1); c22 = c22.add(b2); c23 = c23.add(b3);
            c30 = c30.add(b0); c31 = c31.add(b1); c32 = c32.add(b2); c33 = c33.add(b3);
        }
        int o0 = at, o1 = at + ld, o2 = at + 2 * ld, o3 = at + 3 * ld;
        int l1 = lanes, l2 = 2 * lanes, l3 = 3 * lanes;
        if (addC) {
            c00 = FloatVector.fromArray(s, out, o0).add(c00); c01 = FloatVector.fromArray(s, out, o0 + l1).add(c01);
            c02 = FloatVector.fromArray(s, out, o0 + l2).add(c02); c03 = FloatVector.fromArray(s, out, o0 + l3).add(c03);
            c10 = FloatVector.fromArray(s, out, o1).add(c10); c11 = FloatVector.fromArray(s, out, o1 + l1).add(c11);
            c12 = FloatVector.fromArray(s, out, o1 + l2).add(c12); c13 = FloatVector.fromArray(s, out, o1 + l3).add(c13);
            c20 = FloatVector.fromArray(s, out, o2).add(c20); c21 = FloatVector.fromArray(s, out, o2 + l1).add(c21);
            c22 = FloatVector.fromArray(s, out, o2 + l2).add(c22); c23 = FloatVector.fromArray(s, out, o2 + l3).add(c23);
            c30 = FloatVector.fromArray(s, out, o3).add(c30); c31 = FloatVector.fromArray(s, out, o3 + l1).add(c31);
            c32 = FloatVector.fromArray(s, out, o3 + l2).add(c32); c33 = FloatVector.fromArray(s, out, o3 + l3).add(c33);
        }
        c00.intoArray(out, o0); c01.intoArray(out, o0 + l1); c02.intoArray(out, o0 + l2); c03.intoArray(out, o0 + l3);
        c10.intoArray(out, o1); c11.intoArray(out, o1 + l1); c12.intoArray(out, o1 + l2); c13.intoArray(out, o1 + l3);
        c20.intoArray(out, o2); c21.intoArray(out, o2 + l1); c22.intoArray(out, o2 + l2); c23.intoArray(out, o2 + l3);
        c30.intoArray(out, o3); c31.intoArray(out, o3 + l1); c32.intoArray(out, o3 + l2); c33.intoArray(out, o3 + l3);
    }

    /**
     * 6 rows × 4 vectors of a plain product, merged into out like {@link #kernel4x4}'s tiles. A(r, p) =
     * a[ai + r·rs + p·ps] with either ps = 1 (gemm, gemmABt: A's rows run along k) or rs = 1 (gemmAtB: down A's
     * columns). Each case has its own loop, indexed so that C2 can drop most bounds checks: rows along k are
     * linear in p with scale 1, so their checks are hoisted out of the loop; a column's six elements lie at
     * constant offsets from one index, so their six checks fold into two. With 24 accumulators the loop's loads,
     * index arithmetic and remaining checks ride along with 24 FMAs instead of 16, which is what a core with two
     * 512-bit FMA pipes needs (docs/PERFORMANCE.md, "Six-row GEMM tiles and read-ahead by CPU").
     */
    private void kernel6x4(float[] out, int at, int ld, float[] bias, int biasOff, boolean addC,
                           float[] a, int ai, int rs, int ps, float[] bp, int bi, int stride, int kc) {
        VectorSpecies<Float> s = species();
        int lanes = s.length();
        FloatVector c00 = FloatVector.zero(s), c01 = FloatVector.zero(s), c02 = FloatVector.zero(s), c03 = FloatVector.zero(s);
        FloatVector c10 = FloatVector.zero(s), c11 = FloatVector.zero(s), c12 = FloatVector.zero(s), c13 = FloatVector.zero(s);
        FloatVector c20 = FloatVector.zero(s), c21 = FloatVector.zero(s), c22 = FloatVector.zero(s), c23 = FloatVector.zero(s);
        FloatVector c30 = FloatVector.zero(s), c31 = FloatVector.zero(s), c32 = FloatVector.zero(s), c33 = FloatVector.zero(s);
        FloatVector c40 = FloatVector.zero(s), c41 = FloatVector.zero(s), c42 = FloatVector.zero(s), c43 = FloatVector.zero(s);
        FloatVector c50 = FloatVector.zero(s), c51 = FloatVector.zero(s), c52 = FloatVector.zero(s), c53 = FloatVector.zero(s);
        if (ps == 1) {
            int a0 = ai, a1 = ai + rs, a2 = ai + 2 * rs, a3 = ai + 3 * rs, a4 = ai + 4 * rs, a5 = ai + 5 * rs;
            for (int p = 0; p < kc; p++) {
                int bq = bi + p * stride;
                FloatVector b0 = FloatVector.fromArray(s, bp, bq);
                FloatVector b1 = FloatVector.fromArray(s, bp, bq + lanes);
                FloatVector b2 = FloatVector.fromArray(s, bp, bq + 2 * lanes);
                FloatVector b3 = FloatVector.fromArray(s, bp, bq + 3 * lanes);
                FloatVector x = FloatVector.broadcast(s, a[a0 + p]);
                c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02); c03 = x.fma(b3, c03);
                x = FloatVector.broadcast(s, a[a1 + p]);
                c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12); c13 = x.fma(b3, c13);
                x = FloatVector.broadcast(s, a[a2 + p]);
                c20 = x.fma(b0, c20); c21 = x.fma(b1, c21); c22 = x.fma(b2, c22); c23 = x.fma(b3, c23);
                x = FloatVector.broadcast(s, a[a3 + p]);
                c30 = x.fma(b0, c30); c31 = x.fma(b1, c31); c32 = x.fma(b2, c32); c33 = x.fma(b3, c33);
                x = FloatVector.broadcast(s, a[a4 + p]);
                c40 = x.fma(b0, c40); c41 = x.fma(b1, c41); c42 = x.fma(b2, c42); c43 = x.fma(b3, c43);
                x = FloatVector.broadcast(s, a[a5 + p]);
                c50 = x.fma(b0, c50); c51 = x.fma(b1, c51); c52 = x.fma(b2, c52); c53 = x.fma(b3, c53);
            }
        } else { // rs == 1
            for (int p = 0; p < kc; p++) {
                int bq = bi + p * stride, ap = ai + p * ps;
                FloatVector b0 = FloatVector.fromArray(s, bp, bq);
                FloatVector b1 = FloatVector.fromArray(s, bp, bq + lanes);
                FloatVector b2 = FloatVector.fromArray(s, bp, bq + 2 * lanes);
                FloatVector b3 = FloatVector.fromArray(s, bp, bq + 3 * lanes);
                FloatVector x = FloatVector.broadcast(s, a[ap]);
                c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02); c03 = x.fma(b3, c03);
                x = FloatVector.broadcast(s, a[ap + 1]);
                c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12); c13 = x.fma(b3, c13);
                x = FloatVector.broadcast(s, a[ap + 2]);
                c20 = x.fma(b0, c20); c21 = x.fma(b1, c21); c22 = x.fma(b2, c22); c23 = x.fma(b3, c23);
                x = FloatVector.broadcast(s, a[ap + 3]);
                c30 = x.fma(b0, c30); c31 = x.fma(b1, c31); c32 = x.fma(b2, c32); c33 = x.fma(b3, c33);
                x = FloatVector.broadcast(s, a[ap + 4]);
                c40 = x.fma(b0, c40); c41 = x.fma(b1, c41); c42 = x.fma(b2, c42); c43 = x.fma(b3, c43);
                x = FloatVector.broadcast(s, a[ap + 5]);
                c50 = x.fma(b0, c50); c51 = x.fma(b1, c51); c52 = x.fma(b2, c52); c53 = x.fma(b3, c53);
            }
        }
        // merge()'s order, out + (sum + bias), per accumulator (see kernel4x4)
        if (bias != null) {
            FloatVector b0 = FloatVector.fromArray(s, bias, biasOff), b1 = FloatVector.fromArray(s, bias, biasOff + lanes);
            FloatVector b2 = FloatVector.fromArray(s, bias, biasOff + 2 * lanes);
            FloatVector b3 = FloatVector.fromArray(s, bias, biasOff + 3 * lanes);
            c00 = c00.add(b0); c01 = c01.add(b1); c02 = c02.add(b2); c03 = c03.add(b3);
            c10 = c10.add(b0); c11 = c11.add(b1); c12 = c12.add(b2); c13 = c13.add(b3);
            c20 = c20.add(b0); c21 = c21.add(b1); c22 = c22.add(b2); c23 = c23.add(b3);
            c30 = c30.add(b0); c31 = c31.add(b1); c32 = c32.add(b2); c33 = c33.add(b3);
            c40 = c40.add(b0); c41 = c41.add(b1); c42 = c42.add(b2); c43 = c43.add(b3);
            c50 = c50.add(b0); c51 = c51.add(b1); c52 = c52.add(b2); c53 = c53.add(b3);
        }
        int o0 = at, o1 = at + ld, o2 = at + 2 * ld, o3 = at + 3 * ld, o4 = at + 4 * ld, o5 = at + 5 * ld;
        int l1 = lanes, l2 = 2 * lanes, l3 = 3 * lanes;
        if (addC) {
            c00 = FloatVector.fromArray(s, out, o0).add(c00); c01 = FloatVector.fromArray(s, out, o0 + l1).add(c01);
            c02 = FloatVector.fromArray(s, out, o0 + l2).add(c02); c03 = FloatVector.fromArray(s, out, o0 + l3).add(c03);
            c10 = FloatVector.fromArray(s, out, o1).add(c10); c11 = FloatVector.fromArray(s, out, o1 + l1).add(c11);
            c12 = FloatVector.fromArray(s, out, o1 + l2).add(c12); c13 = FloatVector.fromArray(s, out, o1 + l3).add(c13);
            c20 = FloatVector.fromArray(s, out, o2).add(c20); c21 = FloatVector.fromArray(s, out, o2 + l1).add(c21);
            c22 = FloatVector.fromArray(s, out, o2 + l2).add(c22); c23 = FloatVector.fromArray(s, out, o2 + l3).add(c23);
            c30 = FloatVector.fromArray(s, out, o3).add(c30); c31 = FloatVector.fromArray(s, out, o3 + l1).add(c31);
            c32 = FloatVector.fromArray(s, out, o3 + l2).add(c32); c33 = FloatVector.fromArray(s, out, o3 + l3).add(c33);
            c40 = FloatVector.fromArray(s, out, o4).add(c40); c41 = FloatVector.fromArray(s, out, o4 + l1).add(c41);
            c42 = FloatVector.fromArray(s, out, o4 + l2).add(c42); c43 = FloatVector.fromArray(s, out, o4 + l3).add(c43);
            c50 = FloatVector.fromArray(s, out, o5).add(c50); c51 = FloatVector.fromArray(s, out, o5 + l1).add(c51);
            c52 = FloatVector.fromArray(s, out, o5 + l2).add(c52); c53 = FloatVector.fromArray(s, out, o5 + l3).add(c53);
        }
        c00.intoArray(out, o0); c01.intoArray(out, o0 + l1); c02.intoArray(out, o0 + l2); c03.intoArray(out, o0 + l3);
        c10.intoArray(out, o1); c11.intoArray(out, o1 + l1); c12.intoArray(out, o1 + l2); c13.intoArray(out, o1 + l3);
        c20.intoArray(out, o2); c21.intoArray(out, o2 + l1); c22.intoArray(out, o2 + l2); c23.intoArray(out, o2 + l3);
        c30.intoArray(out, o3); c31.intoArray(out, o3 + l1); c32.intoArray(out, o3 + l2); c33.intoArray(out, o3 + l3);
        c40.intoArray(out, o4); c41.intoArray(out, o4 + l1); c42.intoArray(out, o4 + l2); c43.intoArray(out, o4 + l3);
        c50.intoArray(out, o5); c51.intoArray(out, o5 + l1); c52.intoArray(out, o5 + l2); c53.intoArray(out, o5 + l3);
    }

    /** One row × 4 vectors (rows left over below MR): A(p) = a[ai + p·ps]; writes 4L floats at tile[to]. */
    private void kernel1x4(float[] tile, int to, float[] a, int ai, int ps, float[] bp, int bi, int stride, int kc) {
        VectorSpecies<Float> s = species();
        int lanes = s.length();
        FloatVector c0 = FloatVector.zero(s), c1 = FloatVector.zero(s), c2 = FloatVector.zero(s), c3 = FloatVector.zero(s);
        int ap = ai;
        int bq = bi;
        for (int p = 0; p < kc; p++) {
            FloatVector x = FloatVector.broadcast(s, a[ap]);
            c0 = x.fma(FloatVector.fromArray(s, bp, bq), c0);
            c1 = x.fma(FloatVector.fromArray(s, bp, bq + lanes), c1);
            c2 = x.fma(FloatVector.fromArray(s, bp, bq + 2 * lanes), c2);
            c3 = x.fma(FloatVector.fromArray(s, bp, bq + 3 * lanes), c3);
            ap += ps;
            bq += stride;
        }
        c0.intoArray(tile, to);
        c1.intoArray(tile, to + lanes);
        c2.intoArray(tile, to + 2 * lanes);
        c3.intoArray(tile, to + 3 * lanes);
    }

    /**
     * 4 rows × 2 vectors: a tail panel (B panel rows {@code stride} = 2L floats apart), or the first two vectors
     * of a full panel (stride 4L) where a triangular product needs no more. Stores its rows ld apart from out[at]:
     * all of them (lowerCols < 0, a tile), or times alpha only the lower triangle of a tril(A·Bᵀ) tile (see there).
     */
    private void kernel4x2(float[] out, int at, int ld, int lowerCols, int firstRowCols, float alpha,
                           float[] a, int ai, int rs, int ps, float[] bp, int bi, int stride, int kc) {
        VectorSpecies<Float> s = species();
        int lanes = s.length();
        FloatVector c00 = FloatVector.zero(s), c01 = FloatVector.zero(s), c10 = FloatVector.zero(s), c11 = FloatVector.zero(s);
        FloatVector c20 = FloatVector.zero(s), c21 = FloatVector.zero(s), c30 = FloatVector.zero(s), c31 = FloatVector.zero(s);
        int a0 = ai, a1 = ai + rs, a2 = ai + 2 * rs, a3 = ai + 3 * rs;
        for (int p = 0; p < kc; p++) {
            int bq = bi + p * stride;
            int ap = p * ps;
            FloatVector b0 = FloatVector.fromArray(s, bp, bq);
            FloatVector b1 = FloatVector.fromArray(s, bp, bq + lanes);
            FloatVector x = FloatVector.broadcast(s, a[a0 + ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(s, a[a1 + ap]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(s, a[a2 + ap]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(s, a[a3 + ap]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        if (lowerCols < 0) {
            c00.intoArray(out, at);
            c01.intoArray(out, at + lanes);
            c10.intoArray(out, at + ld);
            c11.intoArray(out, at + ld + lanes);
            c20.intoArray(out, at + 2 * ld);
            c21.intoArray(out, at + 2 * ld + lanes);
            c30.intoArray(out, at + 3 * ld);
            c31.intoArray(out, at + 3 * ld + lanes);
            return;
        }
        // straight into C's lower triangle, times alpha, as mergeLower stores a tile: row r's first
        // min(lowerCols, firstRowCols + r) columns
        int n0 = Math.min(lowerCols, firstRowCols), n1 = Math.min(lowerCols, firstRowCols + 1);
        int n2 = Math.min(lowerCols, firstRowCols + 2), n3 = Math.min(lowerCols, firstRowCols + 3);
        c00.mul(alpha).intoArray(out, at, s.indexInRange(0, n0));
        c01.mul(alpha).intoArray(out, at + lanes, s.indexInRange(lanes, n0));
        c10.mul(alpha).intoArray(out, at + ld, s.indexInRange(0, n1));
        c11.mul(alpha).intoArray(out, at + ld + lanes, s.indexInRange(lanes, n1));
        c20.mul(alpha).intoArray(out, at + 2 * ld, s.indexInRange(0, n2));
        c21.mul(alpha).intoArray(out, at + 2 * ld + lanes, s.indexInRange(lanes, n2));
        c30.mul(alpha).intoArray(out, at + 3 * ld, s.indexInRange(0, n3));
        c31.mul(alpha).intoArray(out, at + 3 * ld + lanes, s.indexInRange(lanes, n3));
    }

    /** One row × 2 vectors: the corner left by both remainders. Even and odd k go to separate accumulators. */
    private void kernel1x2(float[] tile, int to, float[] a, int ai, int ps, float[] bp, int bi, int kc) {
        VectorSpecies<Float> s = species();
        int lanes = s.length();
        int width = TAIL_VECTORS * lanes;
        FloatVector c0 = FloatVector.zero(s), c1 = FloatVector.zero(s), d0 = FloatVector.zero(s), d1 = FloatVector.zero(s);
        int p = 0;
        for (; p + 1 < kc; p += 2) {
            int bq = bi + p * width;
            FloatVector x = FloatVector.broadcast(s, a[ai + p * ps]);
            FloatVector y = FloatVector.broadcast(s, a[ai + p * ps + ps]);
            c0 = x.fma(FloatVector.fromArray(s, bp, bq), c0);
            c1 = x.fma(FloatVector.fromArray(s, bp, bq + lanes), c1);
            d0 = y.fma(FloatVector.fromArray(s, bp, bq + width), d0);
            d1 = y.fma(FloatVector.fromArray(s, bp, bq + width + lanes), d1);
        }
        if (p < kc) {
            int bq = bi + p * width;
            FloatVector x = FloatVector.broadcast(s, a[ai + p * ps]);
            c0 = x.fma(FloatVector.fromArray(s, bp, bq), c0);
            c1 = x.fma(FloatVector.fromArray(s, bp, bq + lanes), c1);
        }
        c0.add(d0).intoArray(tile, to);
        c1.add(d1).intoArray(tile, to + lanes);
    }

    /**
     * 4 rows × one vector: the last columns (B panel rows {@code stride} = L floats apart), or the first vector of
     * a wider panel in a triangular product. Stores as kernel4x2.
     */
    private void kernel4x1(float[] out, int at, int ld, int lowerCols, int firstRowCols, float alpha,
                           float[] a, int ai, int rs, int ps, float[] bp, int bi, int stride, int kc) {
        VectorSpecies<Float> s = species();
        int lanes = s.length();
        FloatVector c0 = FloatVector.zero(s), c1 = FloatVector.zero(s), c2 = FloatVector.zero(s), c3 = FloatVector.zero(s);
        int r1 = rs, r2 = 2 * rs, r3 = 3 * rs;
        if (ps == 1) {
            // A's rows contiguous in p (q·kᵀ, dOut·vᵀ): indices linear in p with scale 1, so that C2 can hoist the
            // broadcasts' bounds checks, a large part of a step with only four fmas (tril(q·kᵀ) at T = 31: 1.89–1.92
            // → 1.74–1.81 µs). The same split of kernel4x2 was slower (1.70–1.76 → 1.92–1.99 µs) and is not made.
            int a1 = ai + r1, a2 = ai + r2, a3 = ai + r3;
            for (int p = 0; p < kc; p++) {
                FloatVector bv = FloatVector.fromArray(s, bp, bi + p * stride);
                c0 = FloatVector.broadcast(s, a[ai + p]).fma(bv, c0);
                c1 = FloatVector.broadcast(s, a[a1 + p]).fma(bv, c1);
                c2 = FloatVector.broadcast(s, a[a2 + p]).fma(bv, c2);
                c3 = FloatVector.broadcast(s, a[a3 + p]).fma(bv, c3);
            }
        } else {
            int ap = ai;
            int bq = bi;
            for (int p = 0; p < kc; p++) {
                FloatVector bv = FloatVector.fromArray(s, bp, bq);
                c0 = FloatVector.broadcast(s, a[ap]).fma(bv, c0);
                c1 = FloatVector.broadcast(s, a[ap + r1]).fma(bv, c1);
                c2 = FloatVector.broadcast(s, a[ap + r2]).fma(bv, c2);
                c3 = FloatVector.broadcast(s, a[ap + r3]).fma(bv, c3);
                ap += ps;
                bq += stride;
            }
        }
        if (lowerCols < 0) {
            c0.intoArray(out, at);
            c1.intoArray(out, at + ld);
            c2.intoArray(out, at + 2 * ld);
            c3.intoArray(out, at + 3 * ld);
            return;
        }
        // as kernel4x2's lower store
        c0.mul(alpha).intoArray(out, at, s.indexInRange(0, Math.min(lowerCols, firstRowCols)));
        c1.mul(alpha).intoArray(out, at + ld, s.indexInRange(0, Math.min(lowerCols, firstRowCols + 1)));
        c2.mul(alpha).intoArray(out, at + 2 * ld, s.indexInRange(0, Math.min(lowerCols, firstRowCols + 2)));
        c3.mul(alpha).intoArray(out, at + 3 * ld, s.indexInRange(0, Math.min(lowerCols, firstRowCols + 3)));
    }

    /** One row × one vector: the corner left by both remainders. Two accumulators (even/odd k) halve the FMA chain. */
    private void kernel1x1(float[] tile, int to, float[] a, int ai, int ps, float[] bp, int bi, int kc) {
        VectorSpecies<Float> s = species();
        int lanes = s.length();
        FloatVector c0 = FloatVector.zero(s), c1 = FloatVector.zero(s);
        int ap = ai;
        int bq = bi;
        int p = 0;
        for (; p + 1 < kc; p += 2) {
            c0 = FloatVector.broadcast(s, a[ap]).fma(FloatVector.fromArray(s, bp, bq), c0);
            c1 = FloatVector.broadcast(s, a[ap + ps]).fma(FloatVector.fromArray(s, bp, bq + lanes), c1);
            ap += 2 * ps;
            bq += 2 * lanes;
        }
        if (p < kc) c0 = FloatVector.broadcast(s, a[ap]).fma(FloatVector.fromArray(s, bp, bq), c0);
        c0.add(c1).intoArray(tile, to);
    }

    // ---------------------------------------------------------------- plain kernel for very narrow A·Bᵀ

    /**
     * C = A·Bᵀ as m·n dot products along k (both operands contiguous in k): used when n is under half a vector,
     * where a panel would be mostly padding. Four accumulators, one fixed-order lane sum after the loop, scalar tail.
     */
    private void plainABt(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                          float[] bias, int biasOff, int m, int n, int k, boolean accumulate) {
        VectorSpecies<Float> s = species();
        int lanes = s.length();
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * lda;
            for (int j = 0; j < n; j++) {
                int bj = bOff + j * ldb;
                FloatVector s0 = FloatVector.zero(s), s1 = FloatVector.zero(s);
                FloatVector s2 = FloatVector.zero(s), s3 = FloatVector.zero(s);
                int p = 0;
                for (; p + 4 * lanes <= k; p += 4 * lanes) {
                    s0 = FloatVector.fromArray(s, a, ai + p).fma(FloatVector.fromArray(s, b, bj + p), s0);
                    s1 = FloatVector.fromArray(s, a, ai + p + lanes).fma(FloatVector.fromArray(s, b, bj + p + lanes), s1);
                    s2 = FloatVector.fromArray(s, a, ai + p + 2 * lanes)
                            .fma(FloatVector.fromArray(s, b, bj + p + 2 * lanes), s2);
                    s3 = FloatVector.fromArray(s, a, ai + p + 3 * lanes)
                            .fma(FloatVector.fromArray(s, b, bj + p + 3 * lanes), s3);
                }
                for (; p + lanes <= k; p += lanes) {
                    s0 = FloatVector.fromArray(s, a, ai + p).fma(FloatVector.fromArray(s, b, bj + p), s0);
                }
                float sum = LaneSum.sum(s0.add(s1).add(s2.add(s3))); // fixed order: see LaneSum
                for (; p < k; p++) sum += a[ai + p] * b[bj + p];
                if (bias != null) sum += bias[biasOff + j];
                int at = cOff + i * ldc + j;
                c[at] = accumulate ? c[at] + sum : sum;
            }
        }
    }
}
