// Checks every figure exports a PNG of the stated size with real content and a well-formed, deterministic SVG
// holding its title and axis labels; plus the heatmap's colours, the step axis and the palettes.
package org.rationalicl.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class FiguresTest {
    private static final ConfigurationReport SAMPLE = SampleReports.categorical("sample", 7);

    /** What each figure's SVG must say: title and axis labels (as the reader sees them). */
    private static final Map<String, List<String>> EXPECTED_TEXT = Map.of(
            "relative-distance-heatmap", List.of("Relative distance w_M between G and M", "Transformer",
                    "Fitted model", "Training step (√ scale)", "Pool size D (tasks), one row each", "w_M", "1024"),
            "relative-distance-curves", List.of("Relative distance over training", "Training step (√ scale)",
                    "Relative distance w_M (0 = G-like, 1 = M-like)", "D = 4", "D = 1024", "transformer", "fitted model"),
            "posterior-log-odds", List.of("Posterior log-odds of M over G", "Training step (√ scale)",
                    "Log-odds ln[p(M | N) / p(G | N)] (nats)", "even odds (0)", "D = 64"),
            "transition-steps", List.of("Transition step vs pool size", "Pool size D (tasks), log₂ scale",
                    "Transition step N* (training steps, log scale)",
                    "power law fitted to transformer: N* = 38.0 · D^1.10, exponent 95% CI [0.92, 1.28]",
                    "power law fitted to fitted model: N* = 35.0 · D^1.11, exponent 95% CI [1.02, 1.20]"),
            "loss-curves", List.of("Loss over training", "ID loss", "OOD loss", "Training step (√ scale)",
                    "Cross-entropy (nats/token); ID = training pool, OOD = held-out tasks", "M's loss", "G's loss"));

    @Test
    void everyFigureWritesAPngOfItsSizeWithContent() throws Exception {
        List<Figure> figures = Figures.all(SAMPLE);
        assertEquals(5, figures.size());
        for (Figure f : figures) {
            byte[] png = f.png();
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertNotNull(image, f.name() + ": PNG does not decode");
            assertEquals(f.width(), image.getWidth(), f.name() + " width");
            assertEquals(f.height(), image.getHeight(), f.name() + " height");
            Set<Integer> colours = new HashSet<>();
            long nonWhite = 0;
            for (int y = 0; y < image.getHeight(); y += 2) {
                for (int x = 0; x < image.getWidth(); x += 2) {
                    int rgb = image.getRGB(x, y) & 0xFFFFFF;
                    colours.add(rgb);
                    if (rgb != 0xFFFFFF) nonWhite++;
                }
            }
            long sampled = (long) ((image.getWidth() + 1) / 2) * ((image.getHeight() + 1) / 2);
            assertTrue(colours.size() > 50, f.name() + ": only " + colours.size() + " colours, looks blank");
            assertTrue(nonWhite > sampled / 50, f.name() + ": only " + nonWhite + " of " + sampled + " pixels drawn");
        }
    }

    @Test
    void everyFigureWritesAWellFormedSvgWithItsTitleAndLabels() throws Exception {
        for (Figure f : Figures.all(SAMPLE)) {
            Document doc = Xml.parse(f.svg());
            Element root = doc.getDocumentElement();
            assertEquals("svg", root.getLocalName(), f.name());
            assertEquals(Integer.toString(f.width()), root.getAttribute("width"), f.name() + " width");
            assertEquals(Integer.toString(f.height()), root.getAttribute("height"), f.name() + " height");
            String text = Xml.svgText(doc);
            List<String> expected = EXPECTED_TEXT.get(f.name());
            assertNotNull(expected, "no expectations for figure " + f.name());
            for (String s : expected) {
                assertTrue(text.contains(s), f.name() + ": SVG text lacks '" + s + "'; it has:\n" + text);
            }
        }
    }

    @Test
    void svgIsByteForByteDeterministic() {
        // Two independent builds of the same data (fresh records, fresh charts) must give identical SVG.
        List<Figure> first = Figures.all(SampleReports.categorical("sample", 7));
        List<Figure> second = Figures.all(SampleReports.categorical("sample", 7));
        for (int i = 0; i < first.size(); i++) {
            String a = first.get(i).svg(), b = second.get(i).svg();
            assertEquals(a.length(), b.length(), first.get(i).name() + ": SVG length differs");
            assertEquals(a, b, first.get(i).name() + ": SVG differs");
        }
    }

    @Test
    void heatmapPaintsTransformerAndModelPanelsWithTheirValues() throws Exception {
        // Transformer all G-like (0), model all M-like (1), one missing transformer cell: each colour must fill
        // a large area, the missing cell must be grey.
        int[] pools = {4, 16, 64};
        long[] steps = SampleReports.checkpoints(20, 5000, 12);
        double[][] zeros = new double[3][12], ones = new double[3][12];
        for (double[] row : ones) java.util.Arrays.fill(row, 1.0);
        zeros[2][11] = Double.NaN;
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(
                Figures.relativeDistanceHeatmap(RelativeDistanceGrid.of(pools, steps, zeros, ones)).png()));
        long g = count(image, Palettes.viridis(0)), m = count(image, Palettes.viridis(1)), missing = count(image, Palettes.MISSING);
        assertEquals(new Color(0x440154), Palettes.viridis(0));
        assertTrue(g > 60_000, "G-coloured pixels: " + g);
        assertTrue(m > 60_000, "M-coloured pixels: " + m);
        assertTrue(missing > 300 && missing < g / 5, "missing-cell pixels: " + missing);
    }

    private static long count(BufferedImage image, Color colour) {
        long n = 0;
        int want = colour.getRGB() & 0xFFFFFF;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) if ((image.getRGB(x, y) & 0xFFFFFF) == want) n++;
        }
        return n;
    }

    @Test
    void transitionFigureListsPoolSizesThatNeverFlip() throws Exception {
        int[] pools = {4, 8, 16};
        TransitionSteps t = new TransitionSteps(pools, new double[] {100, 400, Double.NaN},
                new double[] {90, 380, Double.POSITIVE_INFINITY}, List.of());
        String text = Xml.svgText(Xml.parse(Figures.transitionSteps(t).svg()));
        assertTrue(text.contains("No transition (not plotted): transformer D = 16; fitted model D = 16"), text);
    }

    @Test
    void lossFigureShowsAtMostSixPoolSizesIncludingBothEnds() throws Exception {
        String text = Xml.svgText(Xml.parse(Figures.lossCurves(SAMPLE.losses()).svg()));
        int shown = 0;
        for (int d : SAMPLE.relativeDistance().poolSizes()) if (text.contains("D = " + d + "\n")) shown++;
        assertEquals(Figures.MAX_LOSS_CURVES, shown, text);
        assertTrue(text.contains("D = 4\n") && text.contains("D = 1024\n"), text);
        assertEquals(List.of(1, 2, 3), Figures.spread(List.of(1, 2, 3), 6));
        assertEquals(List.of(0, 2, 5, 7, 9), Figures.spread(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 5));
    }

    @Test
    void writeProducesPngAndSvgFilesForEveryFigure(@TempDir Path dir) throws Exception {
        List<Path> written = Figures.write(SAMPLE, dir.resolve("figs"));
        assertEquals(10, written.size());
        for (Path p : written) assertTrue(Files.size(p) > 1000, p + " is nearly empty");
        assertTrue(Files.exists(dir.resolve("figs/relative-distance-heatmap.svg")));
        assertTrue(Files.exists(dir.resolve("figs/loss-curves.png")));
        try (var s = Files.list(dir.resolve("figs"))) {
            assertEquals(10, s.count(), "temporary files left behind");
        }
    }

    @Test
    void sqrtAxisMapsSquareRootLinearlyAndLabelsRoundSteps() {
        SqrtStepAxis axis = new SqrtStepAxis("x", 0, 10_000);
        axis.setRange(0, 10_000);
        Rectangle2D area = new Rectangle2D.Double(100, 0, 400, 300);
        assertEquals(100.0, axis.valueToJava2D(0, area, RectangleEdge.BOTTOM), 1e-9);
        assertEquals(300.0, axis.valueToJava2D(2500, area, RectangleEdge.BOTTOM), 1e-9); // sqrt: halfway
        assertEquals(500.0, axis.valueToJava2D(10_000, area, RectangleEdge.BOTTOM), 1e-9);
        assertEquals(150.0, axis.valueToJava2D(2500, area, RectangleEdge.LEFT), 1e-9); // vertical: up from bottom
        assertEquals(2500.0, axis.java2DToValue(300, area, RectangleEdge.BOTTOM), 1e-6);
        assertEquals(0.0, SqrtStepAxis.roundNice(0));
        assertEquals(2000.0, SqrtStepAxis.roundNice(1870));
        assertEquals(2500.0, SqrtStepAxis.roundNice(2600));
        assertEquals(50_000.0, SqrtStepAxis.roundNice(61_000));
        assertEquals("0", SqrtStepAxis.compact(0));
        assertEquals("500", SqrtStepAxis.compact(500));
        assertEquals("12.5k", SqrtStepAxis.compact(12_500));
        assertEquals("2k", SqrtStepAxis.compact(2000));
        assertEquals("1.5M", SqrtStepAxis.compact(1_500_000));
    }

    @Test
    void palettesStartAndEndAtThePublishedColours() {
        assertEquals(new Color(0x440154), Palettes.viridis(0));
        assertEquals(new Color(0xFDE725), Palettes.viridis(1));
        assertEquals(new Color(0x21908C), Palettes.viridis(0.5));
        assertEquals(Palettes.viridis(0), Palettes.viridis(-3)); // clamped
        assertEquals(new Color(0x0D0887), Palettes.poolColour(0, 5));
        Set<Color> distinct = new HashSet<>();
        for (int i = 0; i < 12; i++) distinct.add(Palettes.poolColour(i, 12));
        assertEquals(12, distinct.size(), "pool colours must differ");
    }

    @Test
    void tinyConfigurationStillRenders() throws Exception {
        // One pool size, two checkpoints (a smoke-sized run), no transitions, no power law: nothing may throw and
        // every figure must still be a valid image of the right size.
        int[] pools = {4};
        long[] steps = {0, 10};
        ConfigurationReport tiny = new ConfigurationReport("tiny", "regression", new java.util.LinkedHashMap<>(),
                List.of(new FittedParameters("full", 0.5, 0.5, 0.5, 0.65, 0.3, 0.01, 0.1, 3, "stopped", false)),
                List.of(),
                RelativeDistanceGrid.of(pools, steps, new double[][] {{0, 0.2}}, new double[][] {{0.1, 0.1}}),
                LogOddsGrid.of(pools, steps, new double[][] {{-2, -1}}),
                new TransitionSteps(pools, new double[] {Double.NaN}, new double[] {Double.NaN}, List.of()),
                new LossCurves("MSE / 2σ² <&> \"q\"", List.of(new LossCurve(4, steps, new double[] {3, 2}, new double[] {3, 2.5},
                        1, 1.5, 4, 1.5))));
        for (Figure f : Figures.all(tiny)) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(f.png()));
            assertEquals(f.width(), image.getWidth(), f.name());
            Xml.parse(f.svg()); // also proves caller text (the loss label) is escaped inside the SVG
        }
        assertTrue(Xml.svgText(Xml.parse(Figures.lossCurves(tiny.losses()).svg())).contains("MSE / 2σ² <&> \"q\""));
        Document page = Xml.parse(HtmlReport.render(SampleReports.header(), List.of(tiny)));
        assertEquals(5, Xml.elements(page, "figure").size());
    }
}
