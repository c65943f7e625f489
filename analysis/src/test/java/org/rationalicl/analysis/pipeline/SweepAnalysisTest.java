// icl analyze on a synthetic sweep whose "network" is the hierarchical model itself: results.jsonl with the
// reference field names, a fit that tracks the observed w_M, the figures and a complete report.html.
package org.rationalicl.analysis.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rationalicl.analysis.model.HierarchicalModel;
import org.rationalicl.analysis.report.HtmlReport;

class SweepAnalysisTest {

    @Test
    void analyzesASweepGeneratedByTheModel(@TempDir Path tmp) throws Exception {
        Path sweep = tmp.resolve("sweep");
        HierarchicalModel truth = SyntheticSweep.model(0.5, 0.5, 1.0);
        int[] sizes = {2, 4, 8, 16};
        List<RunDirectory> runs = new ArrayList<>();
        for (int d : sizes) runs.add(SyntheticSweep.writeRun(sweep.resolve("D" + d), d, 4, 100_000));
        PredictSweep.ensureAll(runs, RunPredictorsTest.LOSS_SEQUENCES, line -> {});
        long[] steps = new long[16];
        for (int i = 0; i < steps.length; i++) steps[i] = Math.round(Math.pow(10, 1 + 4.0 * i / (steps.length - 1)));
        for (RunDirectory r : runs) SyntheticSweep.writeModelPredictions(r, truth, steps);

        Path out = tmp.resolve("out");
        List<String> log = new ArrayList<>();
        SweepAnalysis.Outcome o = SweepAnalysis.run(sweep, out, new SweepAnalysis.Options(
                RunPredictorsTest.LOSS_SEQUENCES, true, true, "test", log::add));

        List<String> lines = Files.readAllLines(out.resolve(SweepAnalysis.RESULTS_FILE));
        assertEquals(1, lines.size(), "one configuration, one line: " + lines);
        JsonNode j = new ObjectMapper().readTree(lines.get(0));
        for (String f : List.of("context_length", "num_dims", "mlp_expansion_factor",
                "correlation_bms_relative_distance_id", "correlation_bms_relative_distance_ood", "average_results",
                "task", "fitted_parameters", "initial_parameters", "optimizer", "hold_out", "derived", "ablations")) {
            assertTrue(j.has(f), "results.jsonl lacks " + f + ": " + lines.get(0));
        }
        for (String f : List.of("total_variation_distance_id", "total_variation_distance_ood",
                "spearman_correlation_id", "spearman_correlation_ood")) {
            assertTrue(j.get("average_results").has(f), "average_results lacks " + f);
        }
        assertEquals(SyntheticSweep.C, j.get("context_length").asInt());
        assertEquals(SyntheticSweep.V, j.get("num_dims").asInt());
        assertEquals(0.6, j.get("initial_parameters").get("alpha").asDouble(), 1e-12, "SPEC section 8 initial alpha");
        assertEquals(5, j.get("ablations").size(), "alpha=0, beta=1, gamma=1, linear K, context-dependent: " + log);
        assertEquals("context_dependent", j.get("ablations").get(4).get("variant").asText());
        // the data are the model's own mixture: the fit must follow the observed weights closely
        double r = j.get("correlation_bms_relative_distance_id").asDouble();
        assertTrue(r > 0.95, "correlation of predicted and observed w_M on data made by the model: " + r + "; " + log);

        Path figures = out.resolve(SweepAnalysis.FIGURES_DIR);
        for (String name : List.of("relative-distance-heatmap", "relative-distance-curves", "posterior-log-odds",
                "transition-steps", "loss-curves")) {
            assertTrue(Files.size(figures.resolve(name + ".png")) > 1000, name + ".png");
            assertTrue(Files.readString(figures.resolve(name + ".svg")).contains("<svg"), name + ".svg");
        }
        String html = Files.readString(out.resolve(SweepAnalysis.REPORT_FILE));
        assertTrue(html.contains(HtmlReport.END_MARKER_ID), "report.html is complete");
        assertTrue(html.contains("categorical"), "report names the task");
        assertEquals(4, o.configurations().get(0).poolSizes().length);
    }
}
