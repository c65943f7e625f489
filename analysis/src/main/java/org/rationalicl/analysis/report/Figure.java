// One rendered-on-demand figure: a JFreeChart with its file name, title, reading guide and pixel size, exported
// headless as PNG or SVG. SVG output is deterministic (fixed id prefix, locale-independent numbers).
package org.rationalicl.analysis.report;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.text.TextUtils;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

public final class Figure {
    static {
        // Figures are drawn off-screen; never try to reach a display (CI machines have none).
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        // JFreeChart's work-around for an old JDK bug draws rotated text (vertical axis labels) as glyph outlines,
        // which in SVG become unreadable, unsearchable paths; current JDKs draw rotated strings correctly.
        TextUtils.setUseDrawRotatedStringWorkaround(false);
    }

    private final String name;
    private final String title;
    private final String caption;
    private final JFreeChart chart;
    private final int width;
    private final int height;

    Figure(String name, String title, String caption, JFreeChart chart, int width, int height) {
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("name = '" + name + "': must be lower-case letters, digits and '-'");
        }
        if (width < 100 || height < 100) {
            throw new IllegalArgumentException("figure size " + width + " x " + height + ": both must be >= 100 px");
        }
        this.name = name;
        this.title = Objects.requireNonNull(title, "title");
        this.caption = Objects.requireNonNull(caption, "caption");
        this.chart = Objects.requireNonNull(chart, "chart");
        this.width = width;
        this.height = height;
    }

    /** File stem, e.g. "relative-distance-heatmap". */
    public String name() { return name; }

    public String title() { return title; }

    /** Plain-text reading guide shown under the figure in the report. */
    public String caption() { return caption; }

    public int width() { return width; }

    public int height() { return height; }

    /** PNG bytes at {@link #width()} x {@link #height()} pixels. */
    public byte[] png() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = image.createGraphics();
        try {
            chart.draw(g2, new Rectangle2D.Double(0, 0, width, height));
        } finally {
            g2.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) throw new IllegalStateException("no PNG writer in this JDK");
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory stream: cannot happen
        }
        return out.toByteArray();
    }

    /**
     * The figure as an {@code <svg>} element (no XML declaration), for inline use in HTML or as a file.
     * @param idPrefix prefix of every id in the element (clip paths, gradients); must be unique within one page
     */
    public String svgElement(String idPrefix) {
        if (!idPrefix.matches("[A-Za-z][A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException("idPrefix = '" + idPrefix + "': must be a letter then letters, digits, '-' or '_'");
        }
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        g2.setDefsKeyPrefix(idPrefix + "-");
        // Two decimals of a pixel are invisible but shrink the SVG about threefold versus shortest-round-trip doubles.
        g2.setGeomDoubleConverter(Figure::twoDecimals);
        g2.setTransformDoubleConverter(Figure::twoDecimals);
        chart.draw(g2, new Rectangle2D.Double(0, 0, width, height));
        return g2.getSVGElement(idPrefix, true, new ViewBox(0, 0, width, height), null, null);
    }

    private static String twoDecimals(double v) {
        long hundredths = Math.round(v * 100);
        if (hundredths == 0) return "0";
        String sign = hundredths < 0 ? "-" : "";
        long a = Math.abs(hundredths);
        long whole = a / 100, frac = a % 100;
        if (frac == 0) return sign + whole;
        return sign + whole + "." + (frac % 10 == 0 ? Long.toString(frac / 10) : String.format(java.util.Locale.ROOT, "%02d", frac));
    }

    /** A standalone SVG document. */
    public String svg() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svgElement("fig-" + name) + "\n";
    }

    public void writePng(Path file) throws IOException {
        AtomicWrite.bytes(file, png());
    }

    public void writeSvg(Path file) throws IOException {
        AtomicWrite.bytes(file, svg().getBytes(StandardCharsets.UTF_8));
    }
}
