// Counter-based random source: the numbers for (seed, stream, step, index) are a pure function of those four
// integers, so data never depend on thread count or generation order. Not for cryptography.
package org.rationalicl.core.random;

/**
 * A small generator keyed by the tuple (seed, stream, step, index).
 *
 * <p>The tuple is hashed into a 64-bit key by chained SplitMix64 finalisers; the key seeds a xoshiro256++
 * generator (state expanded with SplitMix64, as its authors recommend). One instance is meant to produce the
 * numbers of one sequence (or one task); {@link #reset} re-keys it without allocating, so a worker thread keeps
 * one instance and resets it per sequence.
 *
 * <p>All transcendental functions go through {@link StrictMath}, so the samples are bit-identical on every
 * JVM and platform, not only from run to run. Instances are not thread-safe; share the key, not the object.
 */
public final class CounterRandom {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final double INV_2_53 = 0x1.0p-53;

    private long s0, s1, s2, s3;

    /** A generator positioned at the start of stream (seed, stream, step, index). */
    public CounterRandom(long seed, int stream, long step, long index) {
        reset(seed, stream, step, index);
    }

    /** Re-keys this generator to (seed, stream, step, index); returns this. */
    public CounterRandom reset(long seed, int stream, long step, long index) {
        long k = key(seed, stream, step, index);
        // SplitMix64 expansion of the key into the 256-bit xoshiro state; never all zero (mix64 is a bijection
        // and the four inputs differ, so at most one word can be zero).
        s0 = mix64(k += GOLDEN);
        s1 = mix64(k += GOLDEN);
        s2 = mix64(k += GOLDEN);
        s3 = mix64(k + GOLDEN);
        return this;
    }

    /**
     * The 64-bit key of a tuple: each component is absorbed by xor/add and a full avalanche finaliser, with a
     * distinct odd constant per position so that swapping components changes the key.
     */
    public static long key(long seed, int stream, long step, long index) {
        long h = mix64(seed ^ 0x243F6A8885A308D3L);
        h = mix64(h + (stream * 0x13198A2E03707345L) + 0xA4093822299F31D0L);
        h = mix64(h ^ ((step * 0x082EFA98EC4E6C89L) + 0x452821E638D01377L));
        h = mix64((h + (index * 0xBE5466CF34E90C6DL)) ^ 0xC0AC29B7C97C50DDL);
        return h;
    }

    /** SplitMix64 finaliser (Stafford variant 13): a bijection of 64-bit words with full avalanche. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** 64 uniformly random bits (xoshiro256++). */
    public long nextLong() {
        long result = Long.rotateLeft(s0 + s3, 23) + s0;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform integer in [0, bound), exactly unbiased (Lemire's multiply-and-reject). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound = " + bound + " must be >= 1");
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** Uniform double in [0, 1) on the 2^-53 grid. */
    public double nextDouble() {
        return (nextLong() >>> 11) * INV_2_53;
    }

    /** Uniform double in (0, 1): never exactly 0, so its logarithm is finite. */
    public double nextOpenDouble() {
        return ((nextLong() >>> 11) + 0.5) * INV_2_53;
    }

    /**
     * Standard normal N(0, 1) by the ziggurat method (Marsaglia and Tsang 2000, in Doornik's 2005 form with
     * 128 layers of equal area and Marsaglia's exact tail): exact, and about 99% of draws cost one 64-bit
     * random number, a comparison and a multiplication.
     */
    public double nextGaussian() {
        while (true) {
            long bits = nextLong();
            int layer = (int) (bits & (ZIG_LAYERS - 1));             // low 7 bits: the layer
            double u = 2.0 * ((bits >>> 11) * INV_2_53) - 1.0;     // top 53 bits: uniform in [-1, 1)
            if (Math.abs(u) < ZIG_RATIO[layer]) return u * ZIG_X[layer]; // inside the part of the box under the curve
            if (layer == 0) return normalTail(u < 0.0);
            double x = u * ZIG_X[layer];
            // The point's height is uniform between the layer's bottom f(x_i) and top f(x_{i+1}); accept if below f(x).
            double x2 = x * x;
            double f0 = StrictMath.exp(-0.5 * (ZIG_X[layer] * ZIG_X[layer] - x2));
            double f1 = StrictMath.exp(-0.5 * (ZIG_X[layer + 1] * ZIG_X[layer + 1] - x2));
            if (f1 + nextDouble() * (f0 - f1) < 1.0) return x;
        }
    }

    /** Normal tail beyond ±ZIG_R (Marsaglia 1964): exponential proposal, exact rejection. */
    private double normalTail(boolean negative) {
        double x, y;
        do {
            x = -StrictMath.log(nextOpenDouble()) / ZIG_R;
            y = -StrictMath.log(nextOpenDouble());
        } while (2.0 * y < x * x);
        return negative ? -(ZIG_R + x) : ZIG_R + x;
    }

    private static final int ZIG_LAYERS = 128;
    /** Start of the tail and the common area of every layer for 128 layers (Marsaglia and Tsang's constants). */
    private static final double ZIG_R = 3.442619855899;
    private static final double ZIG_AREA = 9.91256303526217e-3;
    /** Layer i is the box [−x_i, x_i] × [f(x_i), f(x_{i+1})]; x_0 = area / f(R) makes the base layer cover the tail. */
    private static final double[] ZIG_X = new double[ZIG_LAYERS + 1];
    /** x_{i+1} / x_i: the fraction of layer i's width lying entirely under the curve. */
    private static final double[] ZIG_RATIO = new double[ZIG_LAYERS];

    static {
        // Built with StrictMath so the tables, hence the samples, are identical on every platform.
        double f = StrictMath.exp(-0.5 * ZIG_R * ZIG_R);
        ZIG_X[0] = ZIG_AREA / f;
        ZIG_X[1] = ZIG_R;
        for (int i = 2; i < ZIG_LAYERS; i++) {
            // Equal areas: x_i (f(x_i) − f(x_{i−1})) = area, solved for x_i.
            ZIG_X[i] = StrictMath.sqrt(-2.0 * StrictMath.log(ZIG_AREA / ZIG_X[i - 1] + f));
            f = StrictMath.exp(-0.5 * ZIG_X[i] * ZIG_X[i]);
        }
        ZIG_X[ZIG_LAYERS] = 0.0;
        for (int i = 0; i < ZIG_LAYERS; i++) ZIG_RATIO[i] = ZIG_X[i + 1] / ZIG_X[i];
    }

    /** The layer edges x_0..x_128, for the test that checks the layers' areas. */
    static double[] zigguratEdges() {
        return ZIG_X.clone();
    }

    /**
     * Gamma(shape, 1) by Marsaglia and Tsang (2000); for shape < 1 it samples Gamma(shape + 1) and multiplies by
     * U^(1/shape). For very small shapes the result can underflow to 0: use {@link #nextLogGamma} then.
     */
    public double nextGamma(double shape) {
        checkShape(shape);
        if (shape >= 1.0) return marsagliaTsang(shape);
        return StrictMath.exp(nextLogGamma(shape));
    }

    /**
     * log of a Gamma(shape, 1) sample, computed without underflow even for tiny shapes (log G = log G' + log(U)/shape
     * with G' ~ Gamma(shape + 1)). Used by the Dirichlet sampler.
     */
    public double nextLogGamma(double shape) {
        checkShape(shape);
        if (shape >= 1.0) return StrictMath.log(marsagliaTsang(shape));
        double boosted = marsagliaTsang(shape + 1.0);
        return StrictMath.log(boosted) + StrictMath.log(nextOpenDouble()) / shape;
    }

    private double marsagliaTsang(double shape) {
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / StrictMath.sqrt(9.0 * d);
        while (true) {
            double x, v;
            do {
                x = nextGaussian();
                v = 1.0 + c * x;
            } while (v <= 0.0);
            v = v * v * v;
            double u = nextOpenDouble();
            double x2 = x * x;
            // Cheap squeeze first; the log test only for the few points it does not decide.
            if (u < 1.0 - 0.0331 * x2 * x2) return d * v;
            if (StrictMath.log(u) < 0.5 * x2 + d * (1.0 - v + StrictMath.log(v))) return d * v;
        }
    }

    private static void checkShape(double shape) {
        if (!(shape > 0.0) || !Double.isFinite(shape)) {
            throw new IllegalArgumentException("shape = " + shape + " must be finite and > 0");
        }
    }

    /**
     * Fills out[0..n) with a Dirichlet(alpha[0..n)) sample (any alpha &gt; 0, including alpha &lt; 1), computed
     * from log-Gamma draws normalised by log-sum-exp, so tiny alphas give a valid (very sparse) vector
     * instead of 0/0. out may not alias alpha.
     */
    public void nextDirichlet(double[] alpha, double[] out) {
        if (alpha == null || out == null) throw new IllegalArgumentException("alpha and out must not be null");
        if (alpha.length == 0 || out.length < alpha.length) {
            throw new IllegalArgumentException("alpha.length = " + alpha.length + " must be >= 1 and <= out.length = " + out.length);
        }
        int n = alpha.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            out[k] = nextLogGamma(alpha[k]);
            if (out[k] > max) max = out[k];
        }
        normaliseLogs(out, n, max);
    }

    /** Symmetric Dirichlet(alpha, ..., alpha) over out[0..n). */
    public void nextDirichlet(double alpha, double[] out, int n) {
        if (out == null) throw new IllegalArgumentException("out must not be null");
        if (n < 1 || n > out.length) throw new IllegalArgumentException("n = " + n + " must be in [1, " + out.length + "]");
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            out[k] = nextLogGamma(alpha);
            if (out[k] > max) max = out[k];
        }
        normaliseLogs(out, n, max);
    }

    private static void normaliseLogs(double[] logs, int n, double max) {
        double sum = 0.0;
        for (int k = 0; k < n; k++) {
            logs[k] = StrictMath.exp(logs[k] - max);
            sum += logs[k];
        }
        double inv = 1.0 / sum;
        for (int k = 0; k < n; k++) logs[k] *= inv;
    }

    /**
     * Index k in [0, n) with probability p[off + k] / Σ p (inverse CDF by linear scan: meant for short vectors
     * such as V ≤ a few hundred). Weights must be finite and ≥ 0 with a positive sum; this is checked only as far
     * as the scan needs (a caller validates its vectors once, not per draw).
     */
    public int nextCategorical(float[] p, int off, int n) {
        double total = 0.0;
        for (int k = 0; k < n; k++) total += p[off + k];
        if (!(total > 0.0) || !Double.isFinite(total)) {
            throw new IllegalArgumentException("probability vector sum = " + total + " must be finite and > 0");
        }
        double u = nextDouble() * total;
        double acc = 0.0;
        int lastPositive = -1;
        for (int k = 0; k < n; k++) {
            float pk = p[off + k];
            if (pk > 0f) {
                acc += pk;
                lastPositive = k;
                if (u < acc) return k;
            }
        }
        return lastPositive; // u rounded up to the total: the last symbol with mass
    }
}
