// Builds the figures of SPEC section 10 from the report's plain data: relative-distance heatmap and curves,
// posterior log-odds, transition step vs D with its power law, and loss curves with M's and G's levels.
package org.rationalicl.analysis.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Stroke;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.Range;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

public final class Figures {
    private Figures() {}

    public static final int WIDTH = 900;
    public static final int HEIGHT = 600;
    /** The loss figure shows at most this many pool sizes (spread over the range), so its lines stay legible. */
    public static final int MAX_LOSS_CURVES = 6;

    static final String STEP_LABEL = "Training step (√ scale)";
    static final String D_LABEL = "Pool size D (tasks)";

    /** The five figures of one configuration, in report order. */
    public static List<Figure> all(ConfigurationReport report) {
        return List.of(relativeDistanceHeatmap(report.relativeDistance()),
                relativeDistanceCurves(report.relativeDistance()),
                logOdds(report.logOdds()),
                transitionSteps(report.transitions()),
                lossCurves(report.losses()));
    }

    /**
     * Writes every figure of a configuration into dir as NAME.png and NAME.svg (atomically), returning the paths
     * in the order written.
     */
    public static List<Path> write(ConfigurationReport report, Path dir) throws IOException {
        List<Path> written = new ArrayList<>();
        for (Figure f : all(report)) {
            Path png = dir.resolve(f.name() + ".png"), svg = dir.resolve(f.name() + ".svg");
            f.writePng(png);
            f.writeSvg(svg);
            written.add(png);
            written.add(svg);
        }
        return written;
    }

    // ---------------------------------------------------------------- (a) heatmap

    public static Figure relativeDistanceHeatmap(RelativeDistanceGrid grid) {
        String[] labels = new String[grid.poolCount()];
        for (int i = 0; i < labels.length; i++) labels[i] = Integer.toString(grid.poolSize(i));
        SymbolAxis poolAxis = new SymbolAxis(D_LABEL + ", one row each", labels);
        poolAxis.setGridBandsVisible(false);
        poolAxis.setAutoRange(false);
        poolAxis.setRange(-0.5, labels.length - 0.5);
        ChartStyle.axis(poolAxis);

        PaintScale scale = Palettes.viridisScale(0.0, 1.0);
        CombinedRangeXYPlot combined = new CombinedRangeXYPlot(poolAxis);
        combined.setGap(18);
        combined.add(heatmapPanel("Transformer", grid, grid.network(), scale));
        combined.add(heatmapPanel("Fitted model", grid, grid.model(), scale));

        JFreeChart chart = ChartStyle.chart("Relative distance w_M between G and M", combined);
        ChartStyle.subtitle(chart, "0 = behaves like G (generalizing), 1 = behaves like M (memorizing)");
        NumberAxis barAxis = ChartStyle.numberAxis("w_M", "0.0");
        barAxis.setRange(0.0, 1.0);
        barAxis.setTickUnit(new NumberTickUnit(0.2));
        PaintScaleLegend bar = new PaintScaleLegend(scale, barAxis);
        bar.setPosition(RectangleEdge.RIGHT);
        bar.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        bar.setStripWidth(16);
        bar.setStripOutlineVisible(true);
        bar.setSubdivisionCount(200);
        bar.setFrame(BlockBorder.NONE);
        bar.setMargin(new RectangleInsets(40, 14, 40, 0));
        bar.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(bar);
        return new Figure("relative-distance-heatmap", "Relative distance heatmap",
                "Each cell is one checkpoint (column) of the run with pool size D (row); colour is where the "
                        + "network sits between the generalizing predictor G (0, dark purple) and the memorizing "
                        + "predictor M (1, yellow). Left: the transformer as measured; right: the fitted "
                        + "hierarchical Bayesian model at the same (D, step). Small D should turn yellow late in "
                        + "training and large D should stay purple; the closer the two panels, the better the fit. "
                        + "Grey cells are missing checkpoints.",
                chart, WIDTH, HEIGHT);
    }

    private static XYPlot heatmapPanel(String name, RelativeDistanceGrid grid, double[] values, PaintScale scale) {
        HeatmapCells.Dataset cells = new HeatmapCells.Dataset(grid.steps(), grid.poolCount(), values);
        SqrtStepAxis steps = new SqrtStepAxis(STEP_LABEL, cells.firstEdge(), cells.lastEdge());
        steps.setRange(new Range(cells.firstEdge(), cells.lastEdge()), true, false); // cells fill the panel
        ChartStyle.axis(steps);
        XYPlot plot = new XYPlot(cells, steps, null, new HeatmapCells.Renderer(scale));
        plot.setDomainAxis(1, ChartStyle.panelLabel(name));
        plot.setDomainAxisLocation(1, AxisLocation.TOP_OR_LEFT);
        ChartStyle.plot(plot);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        return plot;
    }

    // ---------------------------------------------------------------- (b) curves

    public static Figure relativeDistanceCurves(RelativeDistanceGrid grid) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        LegendItemCollection legend = new LegendItemCollection();
        int n = grid.poolCount();
        for (int d = 0; d < n; d++) {
            Color colour = Palettes.poolColour(d, n);
            XYSeries network = new XYSeries("transformer D=" + grid.poolSize(d), false, true);
            XYSeries model = new XYSeries("model D=" + grid.poolSize(d), false, true);
            for (int s = 0; s < grid.stepCount(); s++) {
                network.add(grid.step(s), grid.network(d, s));
                model.add(grid.step(s), grid.model(d, s));
            }
            style(renderer, data, network, colour, ChartStyle.SOLID);
            style(renderer, data, model, colour, ChartStyle.DASHED);
            legend.add(ChartStyle.line("D = " + grid.poolSize(d), colour, ChartStyle.SOLID));
        }
        legend.add(ChartStyle.line("transformer", Color.DARK_GRAY, ChartStyle.SOLID));
        legend.add(ChartStyle.line("fitted model", Color.DARK_GRAY, ChartStyle.DASHED));

        NumberAxis y = ChartStyle.numberAxis("Relative distance w_M (0 = G-like, 1 = M-like)", "0.0");
        y.setRange(-0.03, 1.03);
        y.setTickUnit(new NumberTickUnit(0.2));
        XYPlot plot = linePlot(data, renderer, stepAxis(grid.step(0), grid.step(grid.stepCount() - 1)), y, legend);
        JFreeChart chart = ChartStyle.chart("Relative distance over training", plot);
        ChartStyle.subtitle(chart, "Solid: transformer, dashed: fitted model; one colour per pool size D");
        ChartStyle.legend(chart, RectangleEdge.RIGHT);
        return new Figure("relative-distance-curves", "Relative distance over training",
                "One colour per pool size D: the solid line is the transformer's relative distance w_M at each "
                        + "checkpoint, the dashed line the fitted model's prediction. Curves start near 0 (G-like) "
                        + "and, for small enough D, rise to 1 (M-like); the model should track each solid line, "
                        + "including the step where it rises.",
                chart, WIDTH, HEIGHT);
    }

    // ---------------------------------------------------------------- (c) log-odds

    public static Figure logOdds(LogOddsGrid grid) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        LegendItemCollection legend = new LegendItemCollection();
        long[] steps = grid.steps();
        int n = grid.poolCount();
        int[] pools = grid.poolSizes();
        for (int d = 0; d < n; d++) {
            Color colour = Palettes.poolColour(d, n);
            XYSeries series = new XYSeries("D=" + pools[d], false, true);
            for (int s = 0; s < steps.length; s++) series.add(steps[s], grid.logOdds(d, s));
            style(renderer, data, series, colour, ChartStyle.SOLID);
            legend.add(ChartStyle.line("D = " + pools[d], colour, ChartStyle.SOLID));
        }
        legend.add(ChartStyle.line("even odds (0)", Color.BLACK, ChartStyle.ZERO_LINE));
        NumberAxis y = ChartStyle.numberAxis("Log-odds ln[p(M | N) / p(G | N)] (nats)", "0.#");
        y.setAutoRangeIncludesZero(true);
        XYPlot plot = linePlot(data, renderer, stepAxis(steps[0], steps[steps.length - 1]), y, legend);
        ValueMarker zero = new ValueMarker(0.0, Color.BLACK, ChartStyle.ZERO_LINE);
        plot.addRangeMarker(zero);
        JFreeChart chart = ChartStyle.chart("Posterior log-odds of M over G", plot);
        ChartStyle.subtitle(chart, "Fitted model; above 0 the memorizing predictor M is favoured");
        ChartStyle.legend(chart, RectangleEdge.RIGHT);
        return new Figure("posterior-log-odds", "Posterior log-odds of M over G",
                "The fitted model's posterior log-odds ln[p(M | N) / p(G | N)] after N training steps, one line "
                        + "per pool size D. Below the black zero line G is favoured (the model generalizes), above "
                        + "it M is (the model memorizes); where a line crosses zero is that D's predicted "
                        + "transition step. The odds start below zero because G is simpler (smaller "
                        + "complexity K) and rise as the sub-linear evidence N^(1-α) for M's better fit of the "
                        + "training data accumulates; the larger D, the costlier M and the later (if ever) the crossing.",
                chart, WIDTH, HEIGHT);
    }

    // ---------------------------------------------------------------- (d) transition steps

    public static Figure transitionSteps(TransitionSteps t) {
        int[] pools = t.poolSizes();
        double[] network = t.network(), model = t.model();
        XYSeriesCollection points = new XYSeriesCollection();
        XYSeries networkPoints = new XYSeries("transformer", false, true);
        XYSeries modelPoints = new XYSeries("fitted model", false, true);
        List<String> networkMissing = new ArrayList<>(), modelMissing = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (int i = 0; i < pools.length; i++) {
            if (TransitionSteps.observed(network[i])) {
                networkPoints.add(pools[i], network[i]);
                lo = Math.min(lo, network[i]);
                hi = Math.max(hi, network[i]);
            } else {
                networkMissing.add(Integer.toString(pools[i]));
            }
            if (TransitionSteps.observed(model[i])) {
                modelPoints.add(pools[i], model[i]);
                lo = Math.min(lo, model[i]);
                hi = Math.max(hi, model[i]);
            } else {
                modelMissing.add(Integer.toString(pools[i]));
            }
        }
        points.addSeries(networkPoints);
        points.addSeries(modelPoints);
        XYLineAndShapeRenderer pointRenderer = new XYLineAndShapeRenderer(false, true);
        pointRenderer.setSeriesPaint(0, ChartStyle.TRANSFORMER);
        pointRenderer.setSeriesShape(0, ChartStyle.circle(5));
        pointRenderer.setSeriesShapesFilled(0, true);
        pointRenderer.setSeriesPaint(1, ChartStyle.MODEL);
        pointRenderer.setSeriesShape(1, new Rectangle2D.Double(-5, -5, 10, 10));
        pointRenderer.setSeriesShapesFilled(1, false);
        pointRenderer.setUseOutlinePaint(false);
        pointRenderer.setDrawOutlines(true);
        pointRenderer.setSeriesOutlineStroke(1, new BasicStroke(1.8f));

        LegendItemCollection legend = new LegendItemCollection();
        legend.add(ChartStyle.marker("transformer (read off its curves)", ChartStyle.TRANSFORMER,
                ChartStyle.circle(5), true));
        legend.add(ChartStyle.marker("fitted model (where the log-odds cross 0)", ChartStyle.MODEL,
                new Rectangle2D.Double(-5, -5, 10, 10), false));

        double dLo = pools[0] / Math.sqrt(2), dHi = pools[pools.length - 1] * Math.sqrt(2);
        XYSeriesCollection lines = new XYSeriesCollection();
        XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer(true, false);
        for (PowerLawFit fit : t.fits()) {
            XYSeries line = new XYSeries("fit to " + fit.fittedTo().label(), false, true);
            for (int k = 0; k <= 60; k++) {
                double d = dLo * Math.pow(dHi / dLo, k / 60.0);
                line.add(d, fit.at(d));
            }
            Color colour = fit.fittedTo() == PowerLawFit.FittedTo.TRANSFORMER ? ChartStyle.TRANSFORMER : ChartStyle.MODEL;
            int index = lines.getSeriesCount();
            lines.addSeries(line);
            lineRenderer.setSeriesPaint(index, colour);
            lineRenderer.setSeriesStroke(index, ChartStyle.DASHED);
            legend.add(ChartStyle.line(String.format(Locale.ROOT,
                    "power law fitted to %s: N* = %s · D^%.2f, exponent 95%% CI [%.2f, %.2f]",
                    fit.fittedTo().label(), Html.significant(fit.prefactor(), 3), fit.exponent(),
                    fit.exponentLow(), fit.exponentHigh()), colour, ChartStyle.DASHED));
        }

        LogAxis x = new LogAxis(D_LABEL + ", log₂ scale");
        x.setBase(2);
        x.setRange(dLo, dHi);
        double decades2 = Math.log(dHi / dLo) / Math.log(2);
        x.setTickUnit(new NumberTickUnit(Math.max(1, Math.ceil(decades2 / 10))));
        x.setNumberFormatOverride(ChartStyle.format("0"));
        x.setMinorTickMarksVisible(false);
        ChartStyle.axis(x);
        LogAxis y = new LogAxis("Transition step N* (training steps, log scale)");
        y.setBase(10);
        if (hi > 0) {
            double yLo = lo / 2, yHi = hi * 2;
            if (yHi / yLo < 10) { // keep at least one decade visible, so there is a labelled tick
                double mid = Math.sqrt(yLo * yHi);
                yLo = mid / Math.sqrt(10);
                yHi = mid * Math.sqrt(10);
            }
            y.setRange(yLo, yHi);
        } else {
            y.setRange(1, 1e5);
        }
        y.setTickUnit(new NumberTickUnit(1));
        y.setMinorTickCount(9);
        y.setMinorTickMarksVisible(true);
        y.setNumberFormatOverride(ChartStyle.format("#,##0"));
        ChartStyle.axis(y);

        XYPlot plot = new XYPlot(lines, x, y, lineRenderer);
        plot.setDataset(1, points);
        plot.setRenderer(1, pointRenderer);
        plot.setFixedLegendItems(legend);
        ChartStyle.plot(plot);
        JFreeChart chart = ChartStyle.chart("Transition step vs pool size", plot);
        ChartStyle.subtitle(chart, "Step at which behaviour flips from G to M, log-log axes");
        ChartStyle.legend(chart, RectangleEdge.BOTTOM);
        if (!networkMissing.isEmpty() || !modelMissing.isEmpty()) {
            ChartStyle.footnote(chart, "No transition (not plotted): transformer D = "
                    + (networkMissing.isEmpty() ? "none" : String.join(", ", networkMissing))
                    + "; fitted model D = " + (modelMissing.isEmpty() ? "none" : String.join(", ", modelMissing)));
        }
        return new Figure("transition-steps", "Transition step vs pool size",
                "For each pool size D, the training step N* at which behaviour flips from generalizing to "
                        + "memorizing: filled circles read off the transformer's relative-distance curves, open "
                        + "squares where the fitted model's log-odds cross zero. On log-log axes a power law "
                        + "N* = a·D^b is a straight line (dashed); an exponent b > 1 means the transition is delayed "
                        + "super-linearly as task diversity grows. D values that never flip are listed under the plot.",
                chart, WIDTH, HEIGHT);
    }

    // ---------------------------------------------------------------- (e) losses

    public static Figure lossCurves(LossCurves losses) {
        List<LossCurve> shown = spread(losses.curves(), MAX_LOSS_CURVES);
        long first = Long.MAX_VALUE, last = 0;
        for (LossCurve c : shown) {
            long[] s = c.steps();
            first = Math.min(first, s[0]);
            last = Math.max(last, s[s.length - 1]);
        }
        XYSeriesCollection idData = new XYSeriesCollection(), oodData = new XYSeriesCollection();
        XYLineAndShapeRenderer idRenderer = new XYLineAndShapeRenderer(true, false);
        XYLineAndShapeRenderer oodRenderer = new XYLineAndShapeRenderer(true, false);
        LegendItemCollection legend = new LegendItemCollection();
        for (int i = 0; i < shown.size(); i++) {
            LossCurve c = shown.get(i);
            Color colour = Palettes.poolColour(i, shown.size());
            long[] steps = c.steps();
            double[] id = c.idLoss(), ood = c.oodLoss();
            XYSeries idSeries = new XYSeries("ID D=" + c.poolSize(), false, true);
            XYSeries oodSeries = new XYSeries("OOD D=" + c.poolSize(), false, true);
            for (int s = 0; s < steps.length; s++) {
                idSeries.add(steps[s], id[s]);
                oodSeries.add(steps[s], ood[s]);
            }
            style(idRenderer, idData, idSeries, colour, ChartStyle.SOLID);
            style(oodRenderer, oodData, oodSeries, colour, ChartStyle.SOLID);
            style(idRenderer, idData, level("ID M D=" + c.poolSize(), first, last, c.memorizingIdLoss()),
                    colour, ChartStyle.DASHED);
            style(idRenderer, idData, level("ID G D=" + c.poolSize(), first, last, c.generalizingIdLoss()),
                    colour, ChartStyle.DOTTED);
            style(oodRenderer, oodData, level("OOD M D=" + c.poolSize(), first, last, c.memorizingOodLoss()),
                    colour, ChartStyle.DASHED);
            style(oodRenderer, oodData, level("OOD G D=" + c.poolSize(), first, last, c.generalizingOodLoss()),
                    colour, ChartStyle.DOTTED);
            legend.add(ChartStyle.line("D = " + c.poolSize(), colour, ChartStyle.SOLID));
        }
        legend.add(ChartStyle.line("transformer", Color.DARK_GRAY, ChartStyle.SOLID));
        legend.add(ChartStyle.line("M's loss", Color.DARK_GRAY, ChartStyle.DASHED));
        legend.add(ChartStyle.line("G's loss", Color.DARK_GRAY, ChartStyle.DOTTED));

        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(stepAxis(first, last));
        combined.setGap(14);
        XYPlot idPlot = new XYPlot(idData, null, ChartStyle.numberAxis("ID loss", "0.0##"), idRenderer);
        XYPlot oodPlot = new XYPlot(oodData, null, ChartStyle.numberAxis("OOD loss", "0.0##"), oodRenderer);
        ChartStyle.plot(idPlot);
        ChartStyle.plot(oodPlot);
        combined.add(idPlot, 1);
        combined.add(oodPlot, 1);
        combined.setFixedLegendItems(legend);
        JFreeChart chart = ChartStyle.chart("Loss over training", combined);
        ChartStyle.subtitle(chart, losses.lossLabel() + "; ID = training pool, OOD = held-out tasks");
        ChartStyle.legend(chart, RectangleEdge.RIGHT);
        String subset = shown.size() < losses.curves().size()
                ? " Only " + shown.size() + " of the " + losses.curves().size() + " pool sizes are drawn, spread over the range."
                : "";
        return new Figure("loss-curves", "Loss over training",
                "The transformer's loss at each checkpoint (solid) on sequences from its own training pool (ID, top) "
                        + "and from held-out tasks (OOD, bottom), with the losses of the ideal memorizing predictor "
                        + "M (dashed) and generalizing predictor G (dotted) in the same colour. A run that generalizes "
                        + "sits on G's level in both panels; one that memorizes drops to M's level on ID and rises "
                        + "towards M's level on OOD." + subset,
                chart, WIDTH, 680);
    }

    // ---------------------------------------------------------------- helpers

    private static XYSeries level(String key, long first, long last, double value) {
        XYSeries s = new XYSeries(key, false, true);
        s.add(first, value);
        s.add(last, value);
        return s;
    }

    private static void style(XYLineAndShapeRenderer renderer, XYSeriesCollection data, XYSeries series,
                              Color colour, Stroke stroke) {
        int index = data.getSeriesCount();
        data.addSeries(series);
        renderer.setSeriesPaint(index, colour);
        renderer.setSeriesStroke(index, stroke);
    }

    private static SqrtStepAxis stepAxis(long first, long last) {
        SqrtStepAxis axis = new SqrtStepAxis(STEP_LABEL, first, last);
        ChartStyle.axis(axis);
        return axis;
    }

    private static XYPlot linePlot(XYSeriesCollection data, XYLineAndShapeRenderer renderer, SqrtStepAxis x,
                                   NumberAxis y, LegendItemCollection legend) {
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setFixedLegendItems(legend);
        ChartStyle.plot(plot);
        return plot;
    }

    /** At most max items, always the first and the last, the rest evenly spread by index. */
    static <T> List<T> spread(List<T> items, int max) {
        if (items.size() <= max) return items;
        List<T> out = new ArrayList<>(max);
        for (int k = 0; k < max; k++) out.add(items.get((int) Math.round(k * (items.size() - 1) / (double) (max - 1))));
        return out;
    }
}
