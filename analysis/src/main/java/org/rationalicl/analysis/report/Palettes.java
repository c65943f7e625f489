// Perceptually uniform colour maps (viridis for values, plasma for ordered pool sizes) as JFreeChart paint scales.
// The anchor colours are the maps' published 11-stop samples; between stops we interpolate linearly in sRGB,
// which stays within a just-noticeable difference of the full 256-entry tables.
package org.rationalicl.analysis.report;

import java.awt.Color;
import java.awt.Paint;
import org.jfree.chart.renderer.PaintScale;

final class Palettes {
    private Palettes() {}

    private static final int[] VIRIDIS = {
        0x440154, 0x482576, 0x414487, 0x35608D, 0x2A788E, 0x21908C, 0x22A884, 0x43BF71, 0x7AD151, 0xBBDF27, 0xFDE725};
    private static final int[] PLASMA = {
        0x0D0887, 0x41049D, 0x6A00A8, 0x8F0DA4, 0xB12A90, 0xCC4778, 0xE16462, 0xF2844B, 0xFCA636, 0xFCCE25, 0xF0F921};

    /** Colour for missing cells: light neutral grey, distinct from every viridis colour. */
    static final Color MISSING = new Color(0xD9D9D9);

    static Color viridis(double t) { return sample(VIRIDIS, t); }

    /**
     * Colour of the i-th of n ordered pool sizes: plasma from dark blue to orange, stopping at 0.85 because
     * plasma's yellow end is unreadable as a thin line on white.
     */
    static Color poolColour(int i, int n) {
        return sample(PLASMA, n <= 1 ? 0.0 : 0.85 * i / (n - 1));
    }

    private static Color sample(int[] stops, double t) {
        double x = Math.max(0.0, Math.min(1.0, t)) * (stops.length - 1);
        int i = Math.min((int) x, stops.length - 2);
        double f = x - i;
        int a = stops[i], b = stops[i + 1];
        return new Color(mix(a >> 16, b >> 16, f), mix(a >> 8, b >> 8, f), mix(a, b, f));
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round((a & 0xFF) * (1 - f) + (b & 0xFF) * f);
    }

    /** viridis on [lower, upper]; NaN maps to {@link #MISSING}. */
    static PaintScale viridisScale(double lower, double upper) {
        return new ViridisScale(lower, upper);
    }

    private record ViridisScale(double lower, double upper) implements PaintScale {
        @Override public double getLowerBound() { return lower; }

        @Override public double getUpperBound() { return upper; }

        @Override public Paint getPaint(double value) {
            return Double.isNaN(value) ? MISSING : viridis((value - lower) / (upper - lower));
        }
    }
}
