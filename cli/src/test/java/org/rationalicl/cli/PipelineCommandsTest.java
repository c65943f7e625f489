// icl predict, analyze and demo on tiny real runs: predictor tensors shaped like the network's predictions,
// skipping done runs, usage errors, an analysis that writes results.jsonl and report.html, and a valid demo grid.
package org.rationalicl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rationalicl.analysis.pipeline.RunPredictors;
import org.rationalicl.cli.pipeline.DemoPlan;
import org.rationalicl.core.io.NdArray;
import org.rationalicl.core.io.Safetensors;
import org.rationalicl.train.TrainingConfig;

class PipelineCommandsTest {
    @TempDir
    Path tmp;

    @Test
    void predictWritesTensorsShapedLikeTheNetworksAndSkipsDoneRuns() throws Exception {
        Path run = tmp.resolve("run");
        CliRunner.Result t = CliRunner.run(CliRunner.tiny(run, 8));
        assertEquals(0, t.code(), t.toString());
        CliRunner.Result p = CliRunner.run("predict", "--run", run.toString(), "--loss-sequences", "40");
        assertEquals(0, p.code(), p.toString());
        assertTrue(p.out().contains("1 computed"), p.out());
        Map<String, NdArray> mine = Safetensors.readAll(run.resolve(RunPredictors.FILE));
        Path predictions = run.resolve("predictions");
        Path anyStep;
        try (var s = Files.list(predictions)) {
            anyStep = s.filter(f -> f.toString().endsWith(".safetensors")).findFirst().orElseThrow();
        }
        Map<String, NdArray> network = Safetensors.readAll(anyStep);
        for (String split : List.of("train", "eval")) {
            long[] shape = network.get(split + ".pred").shape();
            for (String q : List.of("M", "G", "constant")) {
                assertArrayEquals(shape, mine.get(q + "." + split + ".pred").shape(), q + "." + split + ".pred");
            }
        }
        CliRunner.Result again = CliRunner.run("predict", "--run", run.toString(), "--loss-sequences", "40");
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("1 already done"), again.out());
    }

    @Test
    void predictAndAnalyzeRejectBadInputWithExitCode2() {
        CliRunner.Result zero = CliRunner.run("predict", "--run", tmp.toString(), "--loss-sequences", "0");
        assertEquals(2, zero.code(), zero.toString());
        assertTrue(zero.err().contains("--loss-sequences"), zero.err());
        CliRunner.Result missing = CliRunner.run("analyze", "--sweep", tmp.resolve("nope").toString());
        assertEquals(2, missing.code(), missing.toString());
        CliRunner.Result empty = CliRunner.run("predict", "--run", tmp.toString());
        assertEquals(2, empty.code(), empty.toString());
        assertTrue(empty.err().contains("no run directory"), empty.err());
    }

    @Test
    void analyzeATinyTrainedSweepWritesResultsFiguresAndReport() throws Exception {
        Path grid = tmp.resolve("grid.yaml");
        Files.writeString(grid, "task: categorical\ntasks: [2, 4, 8]\ndims: [4]\ncontext: [8]\nmlp_factor: [2]\n"
                + "seeds: [0]\nhidden: 8\nbatch: 4\nsteps: 16\ncheckpoints: 5\nfirst_checkpoint: 1\neval_sequences: 6\n");
        Path sweep = tmp.resolve("sweep");
        CliRunner.Result s = CliRunner.run("sweep", "--config", grid.toString(), "--out", sweep.toString(),
                "--parallel", "1", "--threads-per-run", "1", "--progress", "none");
        assertEquals(0, s.code(), s.toString());
        Path out = tmp.resolve("report");
        CliRunner.Result a = CliRunner.run("analyze", "--sweep", sweep.toString(), "--out", out.toString(),
                "--loss-sequences", "30", "--no-ablations");
        assertEquals(0, a.code(), a.toString());
        List<String> lines = Files.readAllLines(out.resolve("results.jsonl"));
        assertEquals(1, lines.size(), lines.toString());
        for (String f : List.of("\"context_length\":8", "\"num_dims\":4", "\"mlp_expansion_factor\":2",
                "\"correlation_bms_relative_distance_id\"", "\"correlation_bms_relative_distance_ood\"",
                "\"average_results\"")) {
            assertTrue(lines.get(0).contains(f), "results.jsonl lacks " + f + ": " + lines.get(0));
        }
        assertTrue(Files.exists(out.resolve("figures/relative-distance-heatmap.png")));
        assertTrue(Files.readString(out.resolve("report.html")).contains("report-end"));
        assertTrue(a.out().contains("fitted alpha"), a.out());
        // every run got its predictors, computed once each
        for (String d : List.of("2", "4", "8")) {
            assertTrue(Files.exists(sweep.resolve("categorical_V4_C8_mlp2_D" + d + "_seed0/" + RunPredictors.FILE)));
        }
    }

    @Test
    void demoGridIsAValidSweepThatMatchesItsHelp() {
        for (DemoPlan plan : List.of(DemoPlan.full(), DemoPlan.quick())) {
            SweepGrid grid = SweepGrid.of(plan.sweepConfig(), "demo");
            assertEquals(plan.poolSizes().size(), grid.runs.size());
            int smallest = Integer.MAX_VALUE, largest = 0;
            for (SweepGrid.Run r : grid.runs) {
                TrainingConfig c = r.config();
                assertEquals(plan.steps(), c.steps(), r.name());
                assertEquals(8, c.dims(), "V = 8");
                assertEquals("categorical", c.task().name().toLowerCase(java.util.Locale.ROOT));
                smallest = Math.min(smallest, c.tasks());
                largest = Math.max(largest, c.tasks());
            }
            assertEquals(4, smallest, "D starts at 4");
            assertTrue(largest >= 1024, "D reaches 1024: " + largest);
        }
        // the help states the full demo's settings: keep it in sync with DemoPlan
        CliRunner.Result help = CliRunner.run("demo", "--help");
        String text = help.out().replaceAll("\\s+", " ");
        DemoPlan f = DemoPlan.full();
        for (String s : List.of("context " + f.context(), "hidden " + f.hidden(), "batch " + f.batch(),
                f.steps() + " steps", f.checkpoints() + " checkpoints", f.evalSequences() + " evaluation sequences",
                "D = 4, 8, 16, 32, 64, 128, 256 and 1024", f.lossSequences() + " fresh sequences")) {
            assertTrue(text.contains(s), "demo --help should say '" + s + "':\n" + help.out());
        }
    }
}
