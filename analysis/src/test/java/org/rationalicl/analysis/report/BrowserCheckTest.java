// Opens a generated report in headless Chromium through scripts/check-report.sh and checks the script both
// accepts a good report and rejects a broken one. Tagged "browser": runs only with -Pbrowser-check, and there it
// FAILS (never skips) when /usr/bin/chromium is missing.
package org.rationalicl.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("browser")
class BrowserCheckTest {
    private static final Path SCRIPT = Path.of("..", "scripts", "check-report.sh").toAbsolutePath().normalize();

    @BeforeAll
    static void chromiumIsInstalled() {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/chromium")),
                "the browser check needs Debian's chromium: apt-get install -y chromium");
        assertTrue(Files.isExecutable(SCRIPT), "missing " + SCRIPT);
    }

    private record Result(int exit, String output) {}

    private static Result check(Path report) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", SCRIPT.toString(), report.toString(),
                report.resolveSibling("screenshot.png").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "check-report.sh did not finish");
        return new Result(p.exitValue(), out);
    }

    @Test
    void generatedReportRendersInChromium(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report.html");
        HtmlReport.write(report, SampleReports.header(), List.of(SampleReports.categorical("sample", 5)));
        Result r = check(report);
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("check-report: OK: 1 section(s), 5 figures (5 svg, 0 img)"), r.output());
        assertTrue(Files.size(dir.resolve("screenshot.png")) > 20_000);
    }

    @Test
    void truncatedReportIsRejected(@TempDir Path dir) throws Exception {
        // A page cut off in the middle of a figure (as after a crash without atomic writes) must not pass.
        String page = HtmlReport.render(SampleReports.header(), List.of(SampleReports.categorical("sample", 5)));
        Path report = dir.resolve("report.html");
        Files.writeString(report, page.substring(0, page.indexOf("<figure") + 2000), StandardCharsets.UTF_8);
        Result r = check(report);
        assertEquals(1, r.exit(), r.output());
        assertTrue(r.output().contains("FAIL"), r.output());
    }

    @Test
    void reportWithAMissingFigureIsRejected(@TempDir Path dir) throws Exception {
        String page = HtmlReport.render(SampleReports.header(), List.of(SampleReports.categorical("sample", 5)));
        int start = page.indexOf("<svg"), end = page.indexOf("</svg>", start) + "</svg>".length();
        Path report = dir.resolve("report.html");
        Files.writeString(report, page.substring(0, start) + page.substring(end), StandardCharsets.UTF_8);
        Result r = check(report);
        assertEquals(1, r.exit(), r.output());
        assertTrue(r.output().contains("images"), r.output());
    }
}
