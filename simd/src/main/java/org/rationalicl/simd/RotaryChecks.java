// Validation for the rotary kernels of both implementations.
package org.rationalicl.simd;

final class RotaryChecks {
    private RotaryChecks() {}

    static void check(float[] x, int xOff, int stride, float[] cos, float[] sin, int positions, int rotaryDim) {
        if (rotaryDim < 0 || rotaryDim % 2 != 0) {
            throw new IllegalArgumentException("rotaryDim = " + rotaryDim + " must be even and >= 0");
        }
        Checks.size("positions", positions);
        if (positions == 0 || rotaryDim == 0) return;
        Checks.matrix("x", x, xOff, stride, positions, rotaryDim);
        Checks.span("cos", cos, 0, (long) positions * (rotaryDim / 2));
        Checks.span("sin", sin, 0, (long) positions * (rotaryDim / 2));
    }
}
