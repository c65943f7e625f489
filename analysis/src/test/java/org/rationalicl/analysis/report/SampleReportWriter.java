// Writes the sample report and its figure files to a directory given on the command line, for looking at them
// (and for the browser check script's own test). Not part of any test run.
package org.rationalicl.analysis.report;

import java.nio.file.Path;
import java.util.List;

final class SampleReportWriter {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/sample-report");
        ConfigurationReport a = SampleReports.categorical("categorical · V = 8 · C = 128 · MLP ×4", 1);
        ConfigurationReport b = SampleReports.categorical("categorical · V = 8 · C = 128 · MLP ×0.5", 2);
        Figures.write(a, dir.resolve("figures"));
        HtmlReport.write(dir.resolve("report.html"), SampleReports.header(), List.of(a, b));
        System.out.println(dir.resolve("report.html").toAbsolutePath());
    }
}
