// exp(x) for posterior weights, built only from IEEE-exact float operations (add, mul, fma, bit shifts), so the
// scalar and Vector API kernels give bit-identical weights whether the code runs interpreted or JIT-compiled
// (the Vector API's own EXP may round differently in those two modes). Flushes results below e^-87.3 to 0.
package org.rationalicl.analysis.predictors;

final class PosteriorExp {
    private PosteriorExp() {}

    /** Below this, 2^n would be subnormal: the weight is flushed to 0 (negligible next to the leading weight 1). */
    static final float LOWEST = -87.3f;
    /** Above this, the result would overflow float. */
    static final float HIGHEST = 88f;
    static final float LOG2E = 1.44269504f;
    /** 1.5·2^23: adding and subtracting it rounds a float of magnitude &lt; 2^22 to the nearest integer. */
    static final float ROUND = 12582912f;
    // ln 2 split so that n · LN2_HI is exact for |n| ≤ 128 (Cody–Waite).
    static final float LN2_HI = 0.693145751953125f;
    static final float LN2_LO = 1.42860677e-6f;
    // Taylor coefficients of e^r on |r| ≤ ln2/2: the degree-8 remainder is below 5.3e-9, under float's half ulp.
    static final float C2 = 1f / 2, C3 = 1f / 6, C4 = 1f / 24, C5 = 1f / 120, C6 = 1f / 720, C7 = 1f / 5040;

    /** e^x within ~2 ulp for x in [LOWEST, HIGHEST]; 0 below; +∞ above; NaN for NaN. */
    static float exp(float x) {
        if (x < LOWEST) return 0f;
        if (x > HIGHEST) return Float.POSITIVE_INFINITY;
        float n = (x * LOG2E + ROUND) - ROUND;
        float r = Math.fma(-n, LN2_HI, x);
        r = Math.fma(-n, LN2_LO, r);
        float p = Math.fma(C7, r, C6);
        p = Math.fma(p, r, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        return p * Float.intBitsToFloat(((int) n + 127) << 23);
    }
}
