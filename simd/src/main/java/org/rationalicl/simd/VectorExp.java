// exp(x) lane-wise from exact IEEE operations only (fma, add, mul, compares, integer shifts), so interpreted and
// compiled code give identical bits; VectorOperators.EXP is SVML when compiled and Math.exp per lane otherwise.
package org.rationalicl.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * e^x = 2^k · e^r with k = round(x / ln 2) and r = x − k ln 2, |r| ≤ ln2/2 + tiny:
 * <ul>
 *   <li>k: x·log2(e) is added to 1.5·2²³ + 254 in one fma, which rounds it to an integer (round-half-even) that
 *       also sits, as an int, in the low bits of the sum: no float→int conversion, whose out-of-range results
 *       differ between Java and SIMD instructions.
 *   <li>r: Cody–Waite, ln 2 = LN2_HI + LN2_LO with LN2_HI holding 15 significant bits, so k·LN2_HI is exact
 *       (|k| ≤ 150) and x − k·LN2_HI loses nothing; the fma then subtracts k·LN2_LO.
 *   <li>e^r: a degree-6 minimax polynomial by Horner with fma (relative error 1.7e-8).
 *   <li>2^k: two scalings 2^(e1 − 127)·2^(e2 − 127) built in the exponent field, b = k + 254 split into
 *       e1 = b/2 and e2 = b − e1, both normal floats for every k in [−150, 128], so results that overflow become
 *       +∞ and results below 2⁻¹²⁶ are rounded once, correctly, to subnormals or 0.
 * </ul>
 * Inputs are first clamped to [−104, 89]: below, e^x &lt; 2⁻¹⁵⁰ rounds to 0; above, e^x > Float.MAX_VALUE.
 * NaN stays NaN (it fails both clamp tests; its payload may differ between paths), ±∞ give +∞ and 0, −0 gives 1.
 * Measured against StrictMath.exp (VectorExpTest, which enforces ≤ 1.5 ulp): max 1.025 ulp on a grid of 4·10⁶
 * points over [−104, 89], max 0.984 ulp on every 509th float of each magnitude up to 104 (4.4·10⁶ points, both
 * signs); subnormal results are within 1 ulp of their (coarser) spacing. SVML's expf is also about 1 ulp.
 */
final class VectorExp {
    /**
     * 1.5·2²³ + 254: the ulp is 1 in [2²³, 2²⁴), so adding x·log2(e) rounds it to the integer k, and the low 9 bits
     * of the sum, read as an int, are b = k + 254 ∈ [104, 382] for the clamped inputs (|k| ≤ 150).
     */
    private static final float SHIFTER = 0x1.8p23f + 254;
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0x1.62e4p-1f; // 0.693145751953125: 15 significant bits
    private static final float LN2_LO = (float) (0.6931471805599453094 - 0.693145751953125);
    /**
     * e^r ≈ 1 + r + C2 r² + … + C6 r⁶ on |r| ≤ 0.3466: a minimax fit of the relative error (Lawson iterations on
     * 4000 Chebyshev nodes), then rounded to float: relative error 1.7e-8 (0.14 ulp) with these float
     * coefficients. One degree less than the Taylor series of the same accuracy.
     */
    private static final float C2 = 0x1.fffffcp-2f, C3 = 0x1.55541ap-3f, C4 = 0x1.555822p-5f, C5 = 0x1.126784p-7f,
            C6 = 0x1.6ae72cp-10f;
    private static final float X_MIN = -104f, X_MAX = 89f;

    // The constants as vectors of the kernels' species: a static final vector is one load, whereas a broadcast
    // per use is a chain of Vector API calls that C2 must parse each time. Parse size matters: exp is inlined into
    // every row kernel, and when a caller grows past C2's node budget its later helpers (LaneSum.sum) stop being
    // inlined and box their vectors on every call.
    private static final VectorSpecies<Float> S = VectorWidth.FLOATS;
    private static final FloatVector V_MIN = v(X_MIN), V_MAX = v(X_MAX), V_LOG2E = v(LOG2E), V_SHIFTER = v(SHIFTER);
    private static final FloatVector V_LN2_HI = v(-LN2_HI), V_LN2_LO = v(-LN2_LO), V_ONE = v(1f);
    private static final FloatVector V_C2 = v(C2), V_C3 = v(C3), V_C4 = v(C4), V_C5 = v(C5), V_C6 = v(C6);

    private VectorExp() {}

    private static FloatVector v(float c) {
        return FloatVector.broadcast(S, c);
    }

    /** e^x in every lane of a vector of the kernels' species ({@link VectorWidth#FLOATS}). */
    static FloatVector exp(FloatVector x) {
        // compare and blend rather than max/min: Java's max/min semantics (NaN, −0) cost several instructions per
        // lane-wise call, a plain compare one; NaN fails both tests and stays NaN
        FloatVector xc = x.blend(V_MIN, x.lt(V_MIN));
        xc = xc.blend(V_MAX, xc.compare(VectorOperators.GT, V_MAX));
        FloatVector shifted = xc.fma(V_LOG2E, V_SHIFTER); // SHIFTER + k, rounded once
        FloatVector p = expOfRemainder(xc, shifted.sub(V_SHIFTER));
        // 2^k = 2^(e1 − 127) · 2^(e2 − 127) with e1 = b/2 and e2 = b − e1, both in [52, 191]: normal floats, so
        // overflow gives +∞ and subnormal results are rounded once, by the second product. The shift by 23 drops
        // everything above b's 9 bits, so the SHIFTER's own bits need no masking.
        IntVector bits = (IntVector) shifted.viewAsIntegralLanes();
        IntVector half = bits.lanewise(VectorOperators.LSHR, 1);
        FloatVector s1 = (FloatVector) half.lanewise(VectorOperators.LSHL, 23).viewAsFloatingLanes();
        FloatVector s2 = (FloatVector) bits.sub(half).lanewise(VectorOperators.LSHL, 23).viewAsFloatingLanes();
        return p.mul(s1).mul(s2);
    }

    /** e^r for r = x − k·ln 2 (Cody–Waite in two steps), by the polynomial: exp's and expNonPositive's common part. */
    private static FloatVector expOfRemainder(FloatVector x, FloatVector k) {
        FloatVector r = k.fma(V_LN2_HI, x);
        r = k.fma(V_LN2_LO, r);
        FloatVector p = r.fma(V_C6, V_C5);
        p = p.fma(r, V_C4);
        p = p.fma(r, V_C3);
        p = p.fma(r, V_C2);
        p = p.fma(r, V_ONE);
        return p.fma(r, V_ONE);
    }

    /**
     * 1.5·2²³: as SHIFTER, but the low bits of the sum hold k itself (two's complement in 22 bits), so that the sum
     * shifted left by 23 is k in the exponent field. Adding it to p's bits scales p by 2^k, exactly, while the
     * result is a normal float. Rounding to k is as with SHIFTER (254 is even: the same ties).
     */
    private static final FloatVector V_SHIFTER0 = v(0x1.8p23f);
    /** ln(2⁻¹²⁶) = −87.3365…, rounded up: from here on e^x is a normal float, p·2^k with p ≥ 1 when k = −126. */
    private static final float NORMAL_MIN = -87.33f;
    private static final FloatVector V_NORMAL_MIN = v(NORMAL_MIN), V_ZERO = v(0f);

    /**
     * e^x for x ≤ 0, with {@link #exp}'s bits wherever e^x is a normal float (x ≥ −87.33), and 0 below (where
     * exp gives subnormals, at most 2⁻¹²⁶) and for NaN. Two multiplications fewer than exp: 2^k goes into the
     * exponent field by an integer add, and the only clamp is the lower one. For GELU, whose e^(−x²/2) below
     * 2⁻¹²⁶ only ever meets factors under 1.
     */
    static FloatVector expNonPositive(FloatVector x) {
        VectorMask<Float> normal = x.compare(VectorOperators.GE, V_NORMAL_MIN); // false for NaN
        FloatVector shifted = x.fma(V_LOG2E, V_SHIFTER0);
        FloatVector p = expOfRemainder(x, shifted.sub(V_SHIFTER0));
        IntVector scale = ((IntVector) shifted.viewAsIntegralLanes()).lanewise(VectorOperators.LSHL, 23);
        FloatVector e = (FloatVector) ((IntVector) p.viewAsIntegralLanes()).add(scale).viewAsFloatingLanes();
        return V_ZERO.blend(e, normal);
    }

    /** out[i] = e^in[i] at the kernels' vector width, for the accuracy and determinism tests. */
    static void exp(float[] out, int outOff, float[] in, int inOff, int n) {
        Checks.span("out", out, outOff, n);
        Checks.span("in", in, inOff, n);
        for (int i = 0; i < n; i += S.length()) { // one masked loop: a single, inlined call site of exp
            VectorMask<Float> m = S.indexInRange(i, n);
            exp(FloatVector.fromArray(S, in, inOff + i, m)).intoArray(out, outOff + i, m);
        }
    }

    /** out[i] = expNonPositive(in[i]), for its tests. */
    static void expNonPositive(float[] out, int outOff, float[] in, int inOff, int n) {
        Checks.span("out", out, outOff, n);
        Checks.span("in", in, inOff, n);
        for (int i = 0; i < n; i += S.length()) {
            VectorMask<Float> m = S.indexInRange(i, n);
            expNonPositive(FloatVector.fromArray(S, in, inOff + i, m)).intoArray(out, outOff + i, m);
        }
    }
}
