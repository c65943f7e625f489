// One place for the figures' look: fonts, strokes, colours, plot chrome and hand-made legend entries, so every
// figure reads the same. Sizes are chosen for a 900 x 600 figure shown at about that size in the report.
package org.rationalicl.analysis.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

final class ChartStyle {
    private ChartStyle() {}

    static final String FAMILY = Font.SANS_SERIF;
    static final Font TITLE = new Font(FAMILY, Font.BOLD, 19);
    static final Font SUBTITLE = new Font(FAMILY, Font.PLAIN, 13);
    static final Font AXIS_LABEL = new Font(FAMILY, Font.PLAIN, 14);
    static final Font PANEL_LABEL = new Font(FAMILY, Font.BOLD, 15);
    static final Font TICK = new Font(FAMILY, Font.PLAIN, 12);
    static final Font LEGEND = new Font(FAMILY, Font.PLAIN, 13);

    static final Color TEXT = new Color(0x222222);
    static final Color GRID = new Color(0xE3E3E3);
    static final Color FRAME = new Color(0x9A9A9A);
    // Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
    static final Color TRANSFORMER = new Color(0x0072B2);
    static final Color MODEL = new Color(0xD55E00);

    static final Stroke SOLID = new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    static final Stroke DASHED = new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {7f, 4f}, 0f);
    static final Stroke DOTTED = new BasicStroke(2.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {2f, 3f}, 0f);
    static final Stroke ZERO_LINE = new BasicStroke(1.4f);

    /** Locale-independent number formats, so figures are the same bytes on every machine. */
    static NumberFormat format(String pattern) {
        return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
    }

    static JFreeChart chart(String title, Plot plot) {
        JFreeChart chart = new JFreeChart(title, TITLE, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setPadding(new RectangleInsets(10, 12, 10, 16));
        chart.getTitle().setPaint(TEXT);
        chart.getTitle().setMargin(0, 0, 6, 0);
        return chart;
    }

    static void subtitle(JFreeChart chart, String text) {
        TextTitle t = new TextTitle(text, SUBTITLE);
        t.setPaint(new Color(0x555555));
        t.setMargin(0, 0, 6, 0);
        chart.addSubtitle(t);
    }

    static void footnote(JFreeChart chart, String text) {
        TextTitle t = new TextTitle(text, SUBTITLE);
        t.setPaint(new Color(0x555555));
        t.setPosition(RectangleEdge.BOTTOM);
        t.setHorizontalAlignment(HorizontalAlignment.LEFT);
        t.setMargin(6, 0, 0, 0);
        chart.addSubtitle(t);
    }

    /** A legend outside the data area (right or bottom), so it never covers a curve. */
    static void legend(JFreeChart chart, RectangleEdge edge) {
        LegendTitle legend = new LegendTitle(chart.getPlot());
        legend.setItemFont(LEGEND);
        legend.setItemPaint(TEXT);
        legend.setPosition(edge);
        legend.setFrame(BlockBorder.NONE);
        legend.setBackgroundPaint(Color.WHITE);
        legend.setMargin(new RectangleInsets(4, 10, 4, 4));
        legend.setItemLabelPadding(new RectangleInsets(2, 4, 2, 8));
        chart.addSubtitle(legend);
    }

    static void plot(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(FRAME);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setAxisOffset(new RectangleInsets(4, 4, 4, 4));
        for (int i = 0; i < plot.getDomainAxisCount(); i++) axis(plot.getDomainAxis(i));
        for (int i = 0; i < plot.getRangeAxisCount(); i++) axis(plot.getRangeAxis(i));
    }

    static void axis(Axis axis) {
        if (axis == null) return;
        axis.setLabelFont(AXIS_LABEL);
        axis.setLabelPaint(TEXT);
        axis.setTickLabelFont(TICK);
        axis.setTickLabelPaint(TEXT);
        axis.setAxisLinePaint(FRAME);
        axis.setTickMarkPaint(FRAME);
    }

    static NumberAxis numberAxis(String label, String pattern) {
        NumberAxis axis = new NumberAxis(label);
        axis.setNumberFormatOverride(format(pattern));
        axis.setAutoRangeIncludesZero(false);
        axis(axis);
        return axis;
    }

    /** An axis that only carries a panel name above a sub-plot: no line, no ticks. */
    static ValueAxis panelLabel(String name) {
        NumberAxis axis = new NumberAxis(name);
        axis.setLabelFont(PANEL_LABEL);
        axis.setLabelPaint(TEXT);
        axis.setTickLabelsVisible(false);
        axis.setTickMarksVisible(false);
        axis.setAxisLineVisible(false);
        axis.setMinorTickMarksVisible(false);
        return axis;
    }

    static LegendItem line(String label, Color colour, Stroke stroke) {
        Shape line = new Line2D.Double(-14, 0, 14, 0);
        return new LegendItem(label, null, null, null, false, line, false, colour, false, colour,
                stroke, true, line, stroke, colour);
    }

    static LegendItem marker(String label, Color colour, Shape shape, boolean filled) {
        Shape none = new Line2D.Double(0, 0, 0, 0);
        return new LegendItem(label, null, null, null, true, shape, filled, colour, !filled, colour,
                new BasicStroke(1.6f), false, none, new BasicStroke(1f), colour);
    }

    static Shape circle(double r) { return new Ellipse2D.Double(-r, -r, 2 * r, 2 * r); }
}
