// Heatmap cells with their own edges: on the sqrt step axis checkpoint columns have unequal widths, which
// JFreeChart's fixed-size XYBlockRenderer cannot draw. Each cell spans midpoint to midpoint between checkpoints.
package org.rationalicl.analysis.report;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.data.xy.AbstractXYZDataset;
import org.jfree.data.xy.XYDataset;

final class HeatmapCells {
    private HeatmapCells() {}

    /** One series of cells: row i (pool size index) x column j (checkpoint) with value z. */
    static final class Dataset extends AbstractXYZDataset {
        private final long[] steps;
        private final int rows;
        private final double[] values; // (rows, steps)
        private final double[] columnEdges; // steps.length + 1 edges in step units

        Dataset(long[] steps, int rows, double[] values) {
            this.steps = steps.clone();
            this.rows = rows;
            this.values = values.clone();
            this.columnEdges = edges(steps);
        }

        /** Edges halfway (in sqrt space) between neighbouring steps; the outer edges mirror the inner ones. */
        private static double[] edges(long[] steps) {
            int n = steps.length;
            double[] e = new double[n + 1];
            if (n == 1) {
                double r = Math.sqrt(steps[0]);
                e[0] = Math.pow(Math.max(0, r - 1), 2);
                e[1] = Math.pow(r + 1, 2);
                return e;
            }
            for (int j = 1; j < n; j++) e[j] = Math.pow((Math.sqrt(steps[j - 1]) + Math.sqrt(steps[j])) / 2, 2);
            e[0] = Math.pow(Math.max(0, 2 * Math.sqrt(steps[0]) - Math.sqrt(e[1])), 2);
            e[n] = Math.pow(2 * Math.sqrt(steps[n - 1]) - Math.sqrt(e[n - 1]), 2);
            return e;
        }

        double firstEdge() { return columnEdges[0]; }

        double lastEdge() { return columnEdges[steps.length]; }

        double xStart(int item) { return columnEdges[item % steps.length]; }

        double xEnd(int item) { return columnEdges[item % steps.length + 1]; }

        @Override public int getSeriesCount() { return 1; }

        @Override public Comparable<String> getSeriesKey(int series) { return "cells"; }

        @Override public int getItemCount(int series) { return rows * steps.length; }

        @Override public Number getX(int series, int item) { return steps[item % steps.length]; }

        @Override public Number getY(int series, int item) { return item / steps.length; }

        @Override public Number getZ(int series, int item) { return values[item]; }
    }

    /** Fills each cell of a {@link Dataset} with the colour of its value. */
    static final class Renderer extends XYBlockRenderer {
        // Cells are filled and outlined in their own colour: anti-aliased neighbours would otherwise leave
        // hairline seams of background between them in browsers.
        private static final BasicStroke SEAM = new BasicStroke(0.6f);

        Renderer(PaintScale scale) {
            setPaintScale(scale);
        }

        @Override
        public void drawItem(Graphics2D g2, XYItemRendererState state, Rectangle2D dataArea, PlotRenderingInfo info,
                             XYPlot plot, ValueAxis domainAxis, ValueAxis rangeAxis, XYDataset dataset, int series,
                             int item, CrosshairState crosshairState, int pass) {
            Dataset cells = (Dataset) dataset;
            double row = cells.getYValue(series, item);
            double x0 = domainAxis.valueToJava2D(cells.xStart(item), dataArea, plot.getDomainAxisEdge());
            double x1 = domainAxis.valueToJava2D(cells.xEnd(item), dataArea, plot.getDomainAxisEdge());
            double y0 = rangeAxis.valueToJava2D(row - 0.5, dataArea, plot.getRangeAxisEdge());
            double y1 = rangeAxis.valueToJava2D(row + 0.5, dataArea, plot.getRangeAxisEdge());
            Rectangle2D cell = new Rectangle2D.Double(Math.min(x0, x1), Math.min(y0, y1),
                    Math.abs(x1 - x0), Math.abs(y1 - y0));
            Paint paint = getPaintScale().getPaint(cells.getZValue(series, item));
            g2.setPaint(paint);
            g2.fill(cell);
            g2.setStroke(SEAM);
            g2.draw(cell);
        }
    }
}
