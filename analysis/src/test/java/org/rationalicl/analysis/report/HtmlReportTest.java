// Checks the report page without a browser: well-formed (XML parser), one section per configuration, every
// figure embedded as inline SVG with unique ids, strings escaped, numbers formatted, paper numbers shown,
// nothing external, deterministic, and written atomically.
package org.rationalicl.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class HtmlReportTest {
    private static final String HOSTILE = "<script>alert(\"x\")</script> & 'quoted' \u0001 end";
    private static final ConfigurationReport FIRST = SampleReports.categorical("categorical · V = 8 · MLP ×4", 3);
    private static final ConfigurationReport HOSTILE_CONFIG = withHostileStrings(SampleReports.categorical("x", 4));
    private static final String PAGE = HtmlReport.render(SampleReports.header(), List.of(FIRST, HOSTILE_CONFIG));

    private static ConfigurationReport withHostileStrings(ConfigurationReport c) {
        LinkedHashMap<String, String> config = new LinkedHashMap<>(c.configuration());
        config.put("note <b>", HOSTILE);
        List<FittedParameters> fits = List.of(new FittedParameters(HOSTILE, 0.5, 0.25, 1.5, 0.6, 0.2, 0.85,
                1.25e-5, 12, "status " + HOSTILE, true));
        return new ConfigurationReport(HOSTILE, c.task(), config, fits, c.metrics(), c.relativeDistance(),
                c.logOdds(), c.transitions(), c.losses());
    }

    @Test
    void pageIsWellFormedWithOneSectionPerConfiguration() throws Exception {
        Document doc = Xml.parse(PAGE);
        assertEquals("html", doc.getDocumentElement().getLocalName());
        List<Element> sections = Xml.elements(doc, "section");
        assertEquals(2, sections.size());
        assertEquals("config-1", sections.get(0).getAttribute("id"));
        assertEquals("config-2", sections.get(1).getAttribute("id"));
        assertEquals("1. categorical · V = 8 · MLP ×4", Xml.elements(sections.get(0), "h2").get(0).getTextContent());
        for (Element s : sections) {
            List<String> h3 = Xml.elements(s, "h3").stream().map(Element::getTextContent).toList();
            assertEquals(List.of("Configuration", "Fitted parameters", "How well the model explains the transformer",
                    "Derived predictions", "Figures"), h3);
        }
        // contents links point at the sections
        List<String> links = Xml.elements(doc, "a").stream().map(a -> a.getAttribute("href")).toList();
        assertEquals(List.of("#config-1", "#config-2"), links);
        assertEquals(1, Xml.elements(doc, "footer").stream()
                .filter(f -> HtmlReport.END_MARKER_ID.equals(f.getAttribute("id"))).count());
    }

    @Test
    void everyFigureIsEmbeddedAsInlineSvgWithUniqueIds() throws Exception {
        Document doc = Xml.parse(PAGE);
        List<Element> figures = Xml.elements(doc, "figure");
        assertEquals(10, figures.size());
        for (Element f : figures) {
            List<Element> svgs = Xml.elements(f, "svg");
            assertEquals(1, svgs.size(), f.getAttribute("id"));
            assertEquals("http://www.w3.org/2000/svg", svgs.get(0).getNamespaceURI());
            assertEquals("img", svgs.get(0).getAttribute("role"));
            assertFalse(svgs.get(0).getAttribute("aria-label").isBlank());
            assertTrue(Xml.elements(svgs.get(0), "text").size() >= 5, f.getAttribute("id") + ": SVG without text");
            assertTrue(Xml.elements(f, "figcaption").get(0).getTextContent().startsWith("Figure "));
        }
        assertEquals("Figure 2e. Loss over training.",
                Xml.elements(figures.get(9), "strong").get(0).getTextContent());
        Set<String> ids = new HashSet<>();
        Matcher m = Pattern.compile("\\sid=['\"]([^'\"]+)['\"]").matcher(PAGE);
        while (m.find()) assertTrue(ids.add(m.group(1)), "duplicate id " + m.group(1));
        assertTrue(ids.size() > 40, "ids found: " + ids.size());
        assertEquals(0, Xml.elements(doc, "img").size()); // SVG inline, no image files to fetch
    }

    @Test
    void stringsAreEscapedAndSurviveAsText() throws Exception {
        assertFalse(PAGE.contains("<script"), "raw script tag in the page");
        assertFalse(PAGE.contains("<b>"), "raw markup from a configuration key");
        assertTrue(PAGE.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;"));
        Document doc = Xml.parse(PAGE);
        assertEquals(0, Xml.elements(doc, "script").size());
        // After parsing, the reader sees the original text (control character replaced, as XML requires).
        String expected = HOSTILE.replace('\u0001', '\uFFFD');
        assertEquals("2. " + expected, Xml.elements(Xml.elements(doc, "section").get(1), "h2").get(0).getTextContent());
        assertEquals("note <b>", Xml.elements(Xml.elements(doc, "section").get(1), "th").stream()
                .map(Element::getTextContent).filter(t -> t.startsWith("note")).findFirst().orElseThrow());
        assertTrue(doc.getDocumentElement().getTextContent().contains("status " + expected));
    }

    @Test
    void numbersAreFormattedForReading() throws Exception {
        Document doc = Xml.parse(PAGE);
        Element first = Xml.elements(doc, "section").get(0);
        List<List<String>> metrics = rows(first, "metrics");
        assertEquals(List.of("Pearson r, predicted vs observed w_M (higher is better)", "ID (training pool)",
                "0.988", "—", "0.012", "≈ 0.99"), metrics.get(1));
        assertEquals(List.of("Pearson r, predicted vs observed w_M (higher is better)", "OOD (evaluation pool)",
                "0.971", "—", "−0.031", "≈ 0.97–0.98"), metrics.get(2));
        assertEquals(List.of("Mean total-variation distance, h vs T (lower is better)", "OOD (evaluation pool)",
                "0.090", "0.241", "0.120", "≈ 0.08–0.10"), metrics.get(4));
        List<List<String>> params = rows(first, "params");
        assertEquals(List.of("full model", "0.6012", "0.1987", "0.8534", "(0.6, 0.2, 0.85)", "0.002130", "57",
                "converged: relative reduction of f below 1e-7"), params.get(1));
        assertEquals("fixed", params.get(2).get(1));
        assertEquals("NOT converged: iteration limit reached", params.get(2).get(7));
        List<List<String>> law = rows(first, "powerlaw");
        assertEquals(List.of("transformer", "38.0", "1.10", "[0.92, 1.28]", "not distinguishable from linear"), law.get(1));
        assertEquals("super-linear growth (CI above 1)", law.get(2).get(4));
        List<List<String>> transitions = rows(first, "transitions");
        assertEquals(10, transitions.size()); // header + 9 pool sizes
        assertEquals(List.of("1024", "no transition", "no transition"), transitions.get(9));
        String modelStep = transitions.get(7).get(2); // D = 256: the model flips at ~16,700 steps
        assertTrue(modelStep.matches("1\\d,\\d{3}"), modelStep);
        Element second = Xml.elements(doc, "section").get(1);
        assertEquals("1.250e-5", rows(second, "params").get(1).get(5));
    }

    private static List<List<String>> rows(Element section, String tableClass) {
        Element table = Xml.elements(section, "table").stream()
                .filter(t -> tableClass.equals(t.getAttribute("class"))).findFirst().orElseThrow();
        return Xml.elements(table, "tr").stream().map(tr -> {
            List<Element> cells = new java.util.ArrayList<>(Xml.elements(tr, "td"));
            if (cells.isEmpty()) cells.addAll(Xml.elements(tr, "th"));
            return cells.stream().map(Element::getTextContent).toList();
        }).toList();
    }

    @Test
    void pageIsSelfContainedAndDeterministic() {
        assertFalse(Pattern.compile("(src|href)\\s*=\\s*['\"]https?:").matcher(PAGE).find(), "external reference");
        assertFalse(PAGE.contains("@import") || PAGE.contains("url(http"), "external CSS");
        assertTrue(PAGE.contains("<style>"));
        String again = HtmlReport.render(SampleReports.header(),
                List.of(SampleReports.categorical("categorical · V = 8 · MLP ×4", 3),
                        withHostileStrings(SampleReports.categorical("x", 4))));
        assertEquals(PAGE, again);
    }

    @Test
    void writeReplacesTheFileAtomically(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out/report.html");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "old");
        HtmlReport.write(file, SampleReports.header(), List.of(FIRST));
        String written = Files.readString(file, StandardCharsets.UTF_8);
        assertEquals(HtmlReport.render(SampleReports.header(), List.of(FIRST)), written);
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "temporary files left behind");
        }
    }

    @Test
    void htmlHelpersEscapeAndFormat() {
        assertEquals("a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; \uFFFD", Html.escape("a & b <c> \"d\" 'e' \u0007"));
        assertEquals("tab\tand\nnewline", Html.escape("tab\tand\nnewline"));
        assertEquals("0.988", Html.fixed(0.98765, 3));
        assertEquals("−0.031", Html.fixed(-0.0311, 3));
        assertEquals("—", Html.fixed(Double.NaN, 3));
        assertEquals("∞", Html.fixed(Double.POSITIVE_INFINITY, 3));
        assertEquals("0.001235", Html.significant(0.0012346, 4));
        assertEquals("38.0", Html.significant(38, 3));
        assertEquals("0.000", Html.significant(0, 4));
        assertEquals("1.235e-5", Html.significant(1.2345e-5, 4));
        assertEquals("2.500e6", Html.significant(2.5e6, 4));
        assertEquals("12,500", Html.steps(12_499.6));
        assertEquals("—", Html.steps(Double.NaN));
    }

    @Test
    void paperReferenceHasTheNumbersOfSpecSection8() {
        assertEquals("≈ 0.99", PaperReference.value("categorical", Metric.CORRELATION, Split.ID).orElseThrow());
        assertEquals("≈ 0.85", PaperReference.value("categorical", Metric.SPEARMAN, Split.OOD).orElseThrow());
        assertEquals("≈ 0.95", PaperReference.value("regression", Metric.R_SQUARED, Split.ID).orElseThrow());
        assertEquals("≈ 0.87", PaperReference.value("classification", Metric.AGREEMENT, Split.OOD).orElseThrow());
        assertTrue(PaperReference.value("regression", Metric.TOTAL_VARIATION, Split.ID).isEmpty());
    }
}
