// Scalar/vector pairs of the GEMM kernels at the shapes one training step of the default model uses
// (batch 64 × length 129 = 8256 rows, hidden 64, MLP 256, vocab 9), plus odd sizes. One thread, one call per op.
package org.rationalicl.jmh;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rationalicl.simd.ArrayAlignment;
import org.rationalicl.simd.Kernels;
import org.rationalicl.simd.ScalarKernels;

/**
 * {@code shape} is "VARIANT MxNxK": C is M×N and K is the reduction length, so one call is 2·M·N·K flops
 * (GFLOP/s = 2·M·N·K / time). AB = gemm (backward dX = dY·W), ABt = gemmABt (forward Linear, attention
 * scores), AtB = gemmAtB (dW = dYᵀ·X, K = 8256 rows). "bias MxN" is biasBackward over M rows of N (memory-bound).
 * The causal attention products of one sequence (T 129, and the regression model's 31; head 64) count only their
 * triangle, m(m+1)/2 pairs: LABt = gemmLowerABt (scores q·kᵀ, dP; N = M), LA = gemmLowerA (P·v, dS·k; K = M),
 * LAtB = gemmLowerAtB (Pᵀ·dOut, dSᵀ·q; K = M).
 * "AB 129x2048x64" and "AtB 64x2048x129" are one pass of the MLP ×32 model (fc1 forward, fc2's weight gradient),
 * whose B rows are long enough to be packed (VectorGemm.LONG_ROW). The "124" shapes are one pass of the 8-layer
 * regression model (4 sequences × 31 positions): QKV, fc1, fc2 and dense forward, the input gradients of QKV (k 192),
 * fc2 and fc1, and the four weight gradients (K = 124 rows).
 * Scalar runs at these shapes take ~0.1 s per call, hence their shorter measurement.
 * A, B and C start on 64-byte boundaries, as the training arenas' buffers do under the launcher's G1 with 1 MB regions:
 * each is an array of at least half a region (which G1 starts on a region) used from {@link ArrayAlignment#FLOAT_LEAD}.
 * On an Intel Xeon, operands 16 bytes off a boundary ran 15–20% slower.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseG1GC",
        "-XX:G1HeapRegionSize=1m"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemmBenchmark {

    @Param({
            "AB 8256x64x256", "AB 8256x256x64", "AB 8256x64x192", "AB 8256x32x64", "AB 129x64x129", "AB 1021x33x65",
            "ABt 8256x192x64", "ABt 8256x256x64", "ABt 8256x64x256", "ABt 8256x64x64", "ABt 8256x32x64",
            "ABt 8256x9x64",
            "ABt 129x129x64", "ABt 1021x33x65",
            "AtB 256x64x8256", "AtB 64x256x8256", "AtB 192x64x8256", "AtB 65x33x1021",
            "AB 129x2048x64", "AtB 64x2048x129",
            "AB 124x192x64", "AB 124x256x64", "AB 124x64x256", "AB 124x64x64", "AB 124x64x192",
            "AtB 192x64x124", "AtB 64x256x124", "AtB 256x64x124", "AtB 64x64x124",
            "LABt 129x129x64", "LA 129x64x129", "LAtB 129x64x129", "LABt 31x31x64", "LA 31x64x31", "LAtB 31x64x31",
            "bias 8256x256"})
    public String shape;

    private String variant;
    private int m, n, k;
    /** 2·m·n·k per call (for "bias": m·n additions). */
    private double flops;
    private float[] a, b, c, bias;
    private final Kernels scalar = new ScalarKernels();
    private final Kernels vector = Kernels.get();

    @Setup(Level.Trial)
    public void setUp() {
        if (!vector.name().equals("simd")) {
            throw new IllegalStateException("Kernels.get() is " + vector.name() + "; run with --add-modules jdk.incubator.vector");
        }
        String[] parts = shape.split(" ");
        variant = parts[0];
        String[] dims = parts[1].split("x");
        m = Integer.parseInt(dims[0]);
        n = Integer.parseInt(dims[1]);
        k = dims.length > 2 ? Integer.parseInt(dims[2]) : 0;
        // the causal products (one sequence's attention) count their triangle: m(m+1)/2 (row, column) pairs
        double pairs = (double) m * (m + 1) / 2;
        flops = switch (variant) {
            case "bias" -> (double) m * n;
            case "LABt" -> 2 * pairs * k;
            case "LA", "LAtB" -> 2 * pairs * n;
            default -> 2.0 * m * n * k;
        };
        Random random = new Random(42);
        a = random(random, (long) m * Math.max(k, 1));
        b = random(random, variant.equals("bias") ? (long) m * n : (long) Math.max(k, 1) * n); // bias: dOut (M, N)
        c = new float[Math.max(HALF_REGION, AT + Math.multiplyExact(m, n))];
        bias = random(random, n);
        checkVectorAgainstScalar();
    }

    /** The vector result must lie within 2·(k+2)·2⁻²⁴·Σ|a·b| of the scalar one (the unit tests' bound). */
    private void checkVectorAgainstScalar() {
        float[] expected = new float[c.length];
        float[] actual = new float[c.length];
        float[] size = new float[c.length];
        run(scalar, expected);
        run(vector, actual);
        float[] aSaved = a, bSaved = b;
        a = abs(a);
        b = abs(b);
        run(scalar, size);
        a = aSaved;
        b = bSaved;
        double u = Math.ulp(1f) / 2;
        for (int i = 0; i < c.length; i++) {
            double tolerance = variant.equals("bias") ? 0 : 2 * (k + 2) * u * size[i] * 1.01 + 1e-30;
            if (!(Math.abs((double) actual[i] - expected[i]) <= tolerance)) {
                throw new IllegalStateException(shape + ": vector " + actual[i] + " vs scalar " + expected[i]
                        + " at " + i + " (tolerance " + tolerance + ")");
            }
        }
    }

    private void run(Kernels kernels, float[] out) {
        switch (variant) {
            case "AB" -> kernels.gemm(out, AT, n, a, AT, k, b, AT, n, null, 0, m, n, k, false);
            case "ABt" -> kernels.gemmABt(out, AT, n, a, AT, k, b, AT, k, bias, 0, m, n, k, false);
            case "AtB" -> kernels.gemmAtB(out, AT, n, a, AT, m, b, AT, n, m, n, k, true);
            case "LABt" -> kernels.gemmLowerABt(out, AT, m, a, AT, k, b, AT, k, 1f, m, k);   // scores q·kᵀ, n = m
            case "LA" -> kernels.gemmLowerA(out, AT, n, a, AT, m, b, AT, n, m, n);           // P·v, k = m
            case "LAtB" -> kernels.gemmLowerAtB(out, AT, n, a, AT, m, b, AT, n, m, n);       // Pᵀ·dOut, k = m
            case "bias" -> kernels.biasBackward(out, 0, b, AT, n, m, n);
            default -> throw new IllegalArgumentException("unknown variant in shape '" + shape + "'");
        }
    }

    @Benchmark
    @Warmup(iterations = 4, time = 1)
    @Measurement(iterations = 3, time = 1)
    public float[] gemmScalar(CpuTime cpu) {
        cpu.start();
        run(scalar, c);
        cpu.stop(flops);
        return c;
    }

    @Benchmark
    public float[] gemmVector(CpuTime cpu) {
        cpu.start();
        run(vector, c);
        cpu.stop(flops);
        return c;
    }

    /**
     * The vector call alone, wall clock only: for the attention's few-µs products, where CpuTime's two clock reads
     * (~1 µs) would be a third of the score. Compare with gemmVector on a quiet machine only.
     */
    @Benchmark
    public float[] gemmVectorWall() {
        run(vector, c);
        return c;
    }

    /** Where the operands start: the first 64-byte boundary of an array that G1 starts on a region. */
    private static final int AT = ArrayAlignment.FLOAT_LEAD;
    /** Half of a 1 MB region in floats: arrays at least this long start on a region. */
    private static final int HALF_REGION = (1 << 20) / 2 / Float.BYTES;

    /** An operand of length floats from AT, in an array long enough to start on a region (random values throughout). */
    private static float[] random(Random random, long length) {
        float[] x = new float[Math.max(HALF_REGION, Math.toIntExact(AT + length))];
        for (int i = 0; i < x.length; i++) x[i] = random.nextFloat() * 2f - 1f;
        return x;
    }

    private static float[] abs(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) y[i] = Math.abs(x[i]);
        return y;
    }
}
