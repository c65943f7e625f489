// Cos/sin tables of the rotary position embedding, computed exactly as HuggingFace's GPTNeoXRotaryEmbedding
// does in float32: inv_freq = 1 / base^(2i/r), angle = float(p) * inv_freq, then cos/sin of the float angle.
package org.rationalicl.simd;

public final class Rotary {
    private Rotary() {}

    /** Writes cos[p·h + i] and sin[p·h + i] for p < positions, i < h = rotaryDim/2. */
    public static void tables(float[] cos, float[] sin, int positions, int rotaryDim, double base) {
        if (rotaryDim <= 0 || rotaryDim % 2 != 0) {
            throw new IllegalArgumentException("rotaryDim = " + rotaryDim + " must be a positive even number");
        }
        int h = rotaryDim / 2;
        Checks.span("cos", cos, 0, (long) positions * h);
        Checks.span("sin", sin, 0, (long) positions * h);
        for (int i = 0; i < h; i++) {
            // torch: 1.0 / (base ** (arange(0, r, 2).float() / r)), all float32
            float exponent = (float) (2 * i) / (float) rotaryDim;
            float invFreq = (float) (1.0 / (float) Math.pow(base, exponent));
            for (int p = 0; p < positions; p++) {
                float angle = (float) p * invFreq;
                cos[p * h + i] = (float) Math.cos(angle);
                sin[p * h + i] = (float) Math.sin(angle);
            }
        }
    }

    /** Number of rotary dimensions for a head: the rotary fraction of headSize, as HF's int(head_size * pct). */
    public static int rotaryDims(int headSize, double rotaryPct) {
        return (int) (headSize * rotaryPct);
    }
}
