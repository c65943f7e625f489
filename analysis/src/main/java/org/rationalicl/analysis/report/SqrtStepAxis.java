// A training-step axis on a square-root scale: checkpoints are spaced evenly in sqrt(step) (SPEC section 4), so
// this scale gives them equal room, and unlike a log scale it can show step 0. Ticks sit at round step values.
package org.rationalicl.analysis.report;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;

final class SqrtStepAxis extends NumberAxis {
    private static final double MIN_TICK_GAP_PX = 58;

    /** @param firstStep smallest step shown, lastStep largest; a 2% margin in sqrt space is added on both sides */
    SqrtStepAxis(String label, double firstStep, double lastStep) {
        super(label);
        double lo = Math.sqrt(Math.max(0, firstStep)), hi = Math.sqrt(Math.max(lastStep, firstStep + 1));
        double pad = 0.02 * (hi - lo);
        setAutoRange(false);
        setRange(new Range(square(Math.max(0, lo - pad)), square(hi + pad)), true, false);
    }

    private static double square(double x) { return x * x; }

    @Override
    public double valueToJava2D(double value, Rectangle2D area, RectangleEdge edge) {
        double lo = Math.sqrt(getLowerBound()), hi = Math.sqrt(getUpperBound());
        double f = (Math.sqrt(Math.max(0, value)) - lo) / (hi - lo);
        if (RectangleEdge.isTopOrBottom(edge)) return area.getX() + f * area.getWidth();
        return area.getMaxY() - f * area.getHeight();
    }

    @Override
    public double java2DToValue(double java2D, Rectangle2D area, RectangleEdge edge) {
        double lo = Math.sqrt(getLowerBound()), hi = Math.sqrt(getUpperBound());
        double f = RectangleEdge.isTopOrBottom(edge)
                ? (java2D - area.getX()) / area.getWidth() : (area.getMaxY() - java2D) / area.getHeight();
        return square(lo + f * (hi - lo));
    }

    @Override
    @SuppressWarnings("rawtypes") // NumberAxis declares the raw List; we return List<NumberTick>
    protected List refreshTicksHorizontal(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        return ticks(dataArea.getWidth(), true);
    }

    @Override
    @SuppressWarnings("rawtypes")
    protected List refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        return ticks(dataArea.getHeight(), false);
    }

    /** Round step values roughly evenly spaced in sqrt(step), at least MIN_TICK_GAP_PX apart. */
    private List<NumberTick> ticks(double lengthPx, boolean horizontal) {
        double lo = Math.sqrt(getLowerBound()), hi = Math.sqrt(getUpperBound());
        int wanted = Math.max(2, (int) (lengthPx / MIN_TICK_GAP_PX));
        List<NumberTick> ticks = new ArrayList<>();
        double lastPx = Double.NEGATIVE_INFINITY, lastValue = -1;
        for (int i = 0; i <= 4 * wanted; i++) {
            double v = roundNice(square(lo + (hi - lo) * i / (4.0 * wanted)));
            if (v < getLowerBound() || v > getUpperBound() || v == lastValue) continue;
            double px = (Math.sqrt(v) - lo) / (hi - lo) * lengthPx;
            if (px - lastPx < MIN_TICK_GAP_PX) continue;
            ticks.add(horizontal
                    ? new NumberTick(TickType.MAJOR, v, compact(v), TextAnchor.TOP_CENTER, TextAnchor.CENTER, 0.0)
                    : new NumberTick(TickType.MAJOR, v, compact(v), TextAnchor.CENTER_RIGHT, TextAnchor.CENTER, 0.0));
            lastPx = px;
            lastValue = v;
        }
        return ticks;
    }

    /** Rounds to 1, 2, 2.5 or 5 times a power of ten (0 stays 0). */
    static double roundNice(double v) {
        if (v <= 0) return 0;
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        double m = v / p;
        double nice = m < 1.5 ? 1 : m < 2.25 ? 2 : m < 3.5 ? 2.5 : m < 7.5 ? 5 : 10;
        return nice * p;
    }

    /** 0, 500, 2k, 12.5k, 1.5M: short labels that fit narrow panels. */
    static String compact(double v) {
        if (v >= 1e6) return trim(v / 1e6) + "M";
        if (v >= 1e3) return trim(v / 1e3) + "k";
        return trim(v);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
