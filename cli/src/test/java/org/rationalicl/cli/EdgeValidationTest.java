// Every bad setting is refused at the edge — flags and config files alike — with exit code 2 and one line that
// names the setting and its allowed range, before anything is written; runs too large for the heap included.
package org.rationalicl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rationalicl.train.Head;
import org.rationalicl.train.TrainingConfig;
import org.rationalicl.train.TrainingRun;

class EdgeValidationTest {
    @TempDir
    Path tmp;

    private int tried;

    private void refused(CliRunner.Result r, String... fragments) {
        tried++;
        assertEquals(2, r.code(), r.toString());
        assertEquals(1, r.err().strip().split("\n").length, "one line on stderr:\n" + r.err());
        for (String f : fragments) assertTrue(r.err().contains(f), "stderr should mention '" + f + "':\n" + r.err());
    }

    private CliRunner.Result train(Path out, String... flags) {
        List<String> args = new ArrayList<>(List.of("train", "--task", "categorical", "--progress", "none", "--out", out.toString()));
        args.addAll(List.of(flags));
        return CliRunner.run(args);
    }

    @Test
    void badFlagValuesNameTheFlagAndItsRange() {
        Path out = tmp.resolve("run");
        refused(train(out, "--lr", "NaN"), "--lr", "(0, 10]");
        refused(train(out, "--lr", "Infinity"), "--lr", "(0, 10]");
        refused(train(out, "--lr", "0"), "--lr", "(0, 10]");
        refused(train(out, "--clip", "-1"), "--clip", ">= 0");
        refused(train(out, "--clip", "NaN"), "--clip");
        refused(train(out, "--zipf", "NaN"), "--zipf", "[0, 64]");
        refused(train(out, "--mlp-factor", "2.3"), "--mlp-factor", "integer");
        refused(train(out, "--mlp-factor", "-4"), "--mlp-factor", "positive");
        refused(train(out, "--context", "0"), "--context", "[1, 65536]");
        refused(train(out, "--context", "70000"), "--context", "[1, 65536]");
        refused(train(out, "--dims", "1"), "--dims", "[2, 4096]");
        refused(train(out, "--hidden", "0"), "--hidden");
        refused(train(out, "--layers", "0"), "--layers");
        refused(train(out, "--batch", "0"), "--batch", "[1, 1048576]");
        refused(train(out, "--steps", "0"), "--steps");
        refused(train(out, "--threads", "0"), "--threads", "[1, 4096]");
        refused(train(out, "--checkpoints", "0"), "--checkpoints");
        refused(train(out, "--eval-sequences", "0"), "--eval-sequences");
        refused(train(out, "--log-every", "0"), "--log-every");
        refused(train(out, "--warmup", "-5"), "--warmup");
        refused(train(out, "--steps", "99999999999999999999"), "--steps");
        refused(train(out, "--seed", "1.5"), "--seed");
        assertFalse(Files.exists(out), "nothing may be created on a usage error");
        System.out.println("edge validation: " + tried + " bad flag values refused with exit 2");
    }

    @Test
    void runsThatCannotFitTheHeapAreRefusedWithTheEstimate() {
        Path out = tmp.resolve("big");
        // ~12·H²·L = 1.26e9 parameters (one array still holds them), × 4 arenas × 4 bytes: far beyond the test heap
        refused(train(out, "--hidden", "1024", "--layers", "100", "--heads", "16", "--context", "8", "--batch", "1",
                "--threads", "1"), "needs about", "GiB", "at most", "-Xmx");
        refused(train(out, "--hidden", "4096", "--layers", "64", "--heads", "32"), "parameter arena", "Java array");
        // the training pool alone would be a 4.3e9-element array (D × V)
        refused(train(out, "--tasks", "1048576", "--dims", "4096"), "training pool", "Java array");
        // attention probabilities of one sequence of 65536 tokens
        refused(train(out, "--context", "65536", "--batch", "1", "--threads", "1"), "activations");
        assertFalse(Files.exists(out));
    }

    @Test
    void theEstimateIsCloseToWhatARunAllocates() {
        // a mid-sized run: the estimate is dominated by activations and must not be wildly off the exact arena
        TrainingConfig c = TrainingConfig.builder(Head.CATEGORICAL).tasks(64).dims(64).context(128).hidden(64)
                .batch(64).threads(2).evalSequences(500).build();
        MemoryEstimate.Estimate e = MemoryEstimate.of(c);
        org.rationalicl.train.Activations acts = new org.rationalicl.train.Activations(c.model(), Math.min(32, MemoryEstimate.microBatch(c.model())));
        double perSequence = new org.rationalicl.train.Activations(c.model(), 1).floats();
        double actBytes = 4.0 * acts.floats()
                + 4.0 * new org.rationalicl.train.Activations(c.model(), TrainingRun.evaluationChunk((long) perSequence)).floats();
        org.rationalicl.train.ParameterLayout layout = new org.rationalicl.train.ParameterLayout(c.model());
        double paramsBytes = 4.0 * layout.size();
        assertEquals(layout.parameterCount(), MemoryEstimate.parameters(c.model()), 0.0, "parameter count");
        // the arena adds under 16 aligning floats per tensor
        assertTrue(layout.size() - layout.parameterCount() < 16L * layout.tensors().size(), "arena padding");
        // two workers' activations (training and evaluation) + 5 arenas (params, m, v, 2 gradients) + data: the estimate covers at least that;
        // it adds at most the 3 arenas a resume reads, the evaluation data and the fixed base
        assertTrue(e.bytes() >= 2 * actBytes + 5 * paramsBytes, e + " vs activations " + actBytes);
        assertTrue(e.bytes() <= 2 * actBytes + 8 * paramsBytes + (64L << 20) + 4.0 * 2 * 500 * 128 * 64 * 1.1,
                e + " is far above what the run holds");
    }

    @Test
    void sweepsMultiplyTheEstimateByTheRunsTrainedAtOnce() throws Exception {
        Path grid = tmp.resolve("grid.yaml");
        // ~8.8e7 parameters × 7 arenas × 4 bytes ≈ 2.5 GB per run: one fits the 4 GB test heap, two at once do not
        Files.writeString(grid, "task: categorical\ntasks: [4, 8]\ndims: [8]\ncontext: [8]\nmlp_factor: [4]\n"
                + "seeds: [0]\nhidden: 1024\nlayers: 7\nheads: 16\nbatch: 1\nsteps: 10\n");
        Path out = tmp.resolve("sweep");
        refused(CliRunner.run("sweep", "--config", grid.toString(), "--out", out.toString(), "--parallel", "2",
                "--threads-per-run", "1", "--progress", "none"), "needs about", "2 runs at once");
        assertFalse(Files.exists(out));
    }

    @Test
    void badConfigFileValuesAreRefusedToo() throws Exception {
        Path out = tmp.resolve("run");
        String[][] cases = {
            {"tasks: 18446744073709551617\n", "tasks", "out of range"},   // would wrap to 1 as a long
            {"tasks: 1e400\n", "tasks"},
            {"lr: .nan\n", "line 2"},
            {"lr: .inf\n", "line 2"},
            {"lr: 1e999\n", "lr", "(0, 10]"},
            {"tasks: sixteen\n", "tasks", "integer"},
            {"tasks: [16]\n", "tasks", "integer"},
            {"tasks: {a: 1}\n", "tasks", "integer"},
            {"context: 2.5\n", "context", "integer"},
            {"learning_rate: 0.1\n", "unknown key 'learning_rate'"},
            {"task: urns\n", "task", "categorical, regression, classification"},
            {"schedule: ../../x\n", "schedule"},
            {"tasks: 4\ntasks: 8\n", "tasks", "uplicate"},
            {"[1, 2]\n", "mapping"},
        };
        for (String[] c : cases) {
            Path f = tmp.resolve("c" + tried + ".yaml");
            Files.writeString(f, "task: categorical\n" + c[0]);
            if (c[0].startsWith("task:") || c[0].startsWith("[")) Files.writeString(f, c[0]);
            String[] fragments = java.util.Arrays.copyOfRange(c, 1, c.length);
            refused(CliRunner.run("train", "--config", f.toString(), "--progress", "none", "--out", out.toString()), fragments);
        }
        Path json = tmp.resolve("c.json");
        Files.writeString(json, "{\"task\": \"categorical\", \"tasks\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}");
        refused(CliRunner.run("train", "--config", json.toString(), "--out", out.toString()), "c.json");
        Files.writeString(json, "{\"task\": \"categorical\", \"lr\": -1e999}");
        refused(CliRunner.run("train", "--config", json.toString(), "--out", out.toString()), "lr", "-Infinity", "(0, 10]");
        assertFalse(Files.exists(out));
        System.out.println("edge validation: " + tried + " bad config files refused with exit 2");
    }

    @Test
    void runAndSweepNamesCannotLeaveTheOutputDirectory() throws Exception {
        Path out = tmp.resolve("sweep");
        String tiny = "task: categorical\ntasks: [2]\ndims: [4]\ncontext: [8]\nmlp_factor: [2]\nseeds: [0]\nhidden: 8\n"
                + "batch: 4\nsteps: 4\ncheckpoints: 2\neval_sequences: 4\n";
        for (String prefix : List.of("../up", "/abs", "a/b", "..", ".", "a\\\\b", "\"\"", "'x/../../y'", "~")) {
            Path f = tmp.resolve("p" + tried + ".yaml");
            Files.writeString(f, tiny + "prefix: " + prefix + "\n");
            refused(CliRunner.run("sweep", "--config", f.toString(), "--out", out.toString(), "--dry-run"), "prefix");
        }
        // the names of varied string settings are sanitised: a schedule list makes names with only [A-Za-z0-9._-]
        Path f = tmp.resolve("sched.yaml");
        Files.writeString(f, tiny + "schedule: [constant, cosine]\n");
        CliRunner.Result r = CliRunner.run("sweep", "--config", f.toString(), "--out", out.toString(), "--dry-run");
        assertEquals(0, r.code(), r.toString());
        SweepGrid g = SweepGrid.read(f);
        for (SweepGrid.Run run : g.runs) {
            assertTrue(run.name().matches("[A-Za-z0-9][A-Za-z0-9._-]*") && !run.name().contains(".."), run.name());
            Path dir = out.resolve(run.name()).normalize();
            assertEquals(out, dir.getParent());
        }
        // --out that is a file is refused, not overwritten
        Path file = tmp.resolve("afile");
        Files.writeString(file, "keep");
        refused(train(file), "is a file");
        assertEquals("keep", Files.readString(file));
    }
}
