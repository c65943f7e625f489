// icl train: validation messages and exit codes, a tiny end-to-end run, exact resume, refusal of a different
// configuration without touching the directory, and the "already finished" path.
package org.rationalicl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rationalicl.core.io.Json;
import org.rationalicl.train.Checkpoint;
import org.rationalicl.train.TrainingConfig;
import org.rationalicl.train.TrainingRun;

class TrainCommandTest {
    @TempDir
    Path tmp;

    private static void assertUsage(CliRunner.Result r, String... fragments) {
        assertEquals(2, r.code(), r.toString());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, "one line on stderr:\n" + r.err());
        for (String f : fragments) assertTrue(r.err().contains(f), "stderr should mention '" + f + "':\n" + r.err());
    }

    @Test
    void badFlagsAreOneLineUsageErrorsNamingTheFlagAndRange() {
        Path out = tmp.resolve("run");
        assertUsage(CliRunner.run("train", "--task", "categorical", "--tasks", "0", "--out", out.toString()),
                "--tasks", "[1, 1048576]");
        assertUsage(CliRunner.run("train", "--task", "urns", "--out", out.toString()), "--task", "categorical, regression, classification");
        assertUsage(CliRunner.run("train", "--task", "categorical", "--heads", "3", "--out", out.toString()), "--heads", "divide");
        assertUsage(CliRunner.run("train", "--task", "categorical", "--lr", "-1", "--out", out.toString()), "--lr", "(0, 10]");
        assertUsage(CliRunner.run("train", "--task", "categorical", "--steps", "100", "--first-checkpoint", "500",
                "--out", out.toString()), "--first-checkpoint", "[0, 100]");
        assertUsage(CliRunner.run("train", "--task", "categorical", "--schedule", "step", "--out", out.toString()),
                "--schedule", "constant, linear, cosine");
        assertUsage(CliRunner.run("train", "--task", "categorical", "--tasks", "many", "--out", out.toString()), "--tasks", "many");
        assertUsage(CliRunner.run("train", "--task", "categorical", "--bogus", "--out", out.toString()), "--bogus");
        assertUsage(CliRunner.run("train", "--out", out.toString()), "--task is required");
        assertUsage(CliRunner.run("train", "--task", "categorical", "--progress", "fancy", "--out", out.toString()), "--progress");
        assertFalse(Files.exists(out), "nothing may be created on a usage error");
    }

    @Test
    void configFilesAreValidatedAndFlagsOverrideThem() throws Exception {
        Path yaml = tmp.resolve("run.yaml");
        Files.writeString(yaml, "task: categorical\ntasks: 3\nlearning_rate: 0.01\n");
        assertUsage(CliRunner.run("train", "--config", yaml.toString(), "--out", tmp.resolve("a").toString()),
                "unknown key 'learning_rate'", yaml.toString());
        Path json = tmp.resolve("run.json");
        Files.writeString(json, "{\"task\": \"categorical\", \"context\": 0}");
        assertUsage(CliRunner.run("train", "--config", json.toString(), "--out", tmp.resolve("b").toString()), "context", "[1, 65536]");
        Files.writeString(json, "{\"task\": \"categorical\", \"context\": 8,}");
        assertUsage(CliRunner.run("train", "--config", json.toString(), "--out", tmp.resolve("b").toString()), json.toString());
        assertUsage(CliRunner.run("train", "--config", tmp.resolve("none.yaml").toString(), "--out", tmp.resolve("b").toString()),
                "no such file");

        // a good file: its values are used, and a flag overrides one of them
        Files.writeString(yaml, "task: categorical\ntasks: 3\ndims: 4\ncontext: 8\nhidden: 8\nbatch: 4\nsteps: 4\n"
                + "checkpoints: 2\neval_sequences: 4\nlr: 0.002\n");
        Path out = tmp.resolve("c");
        CliRunner.Result r = CliRunner.run("train", "--config", yaml.toString(), "--lr", "0.003", "--threads", "1",
                "--progress", "none", "--out", out.toString());
        assertEquals(0, r.code(), r.toString());
        Map<String, Object> stored = Json.readObject(out.resolve("config.json"));
        assertEquals(3L, stored.get("tasks"));
        assertEquals(8L, stored.get("hidden"));
        assertEquals(0.003, (Double) stored.get("lr"), 0);
    }

    @Test
    void tinyRunTrainsResumesExactlyAndReportsFinished() throws Exception {
        // reference: 12 steps in one go
        Path whole = tmp.resolve("whole");
        CliRunner.Result r = CliRunner.run(CliRunner.tiny(whole, 12));
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("finished, step 12/12"), r.out());
        assertTrue(r.out().contains("eval_metric"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("  time +training \\d+\\.\\d%, evaluation \\d+\\.\\d%, checkpoints \\d+\\.\\d%")),
                r.out());
        for (String f : List.of("config.json", "pools.safetensors", "evalsets.safetensors", "metrics.csv", "state/state.safetensors",
                "timing.json")) {
            assertTrue(Files.exists(whole.resolve(f)), f);
        }
        List<Long> checkpoints = RunStatus.checkpointSteps(whole);
        assertEquals(3, checkpoints.size(), checkpoints.toString());

        // the same run stopped after 5 steps (engine API), then finished by the command: bit-identical weights
        Path split = tmp.resolve("split");
        TrainingConfig config = TrainingConfig.fromJson(Json.readObject(whole.resolve("config.json")));
        try (TrainingRun run = TrainingRun.open(config, split)) {
            run.trainUntil(5, null);
        }
        r = CliRunner.run(CliRunner.tiny(split, 12));
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.err().contains("resuming at step 5"), r.err());
        float[] a = Checkpoint.read(whole.resolve("checkpoints/step-12.safetensors")).params();
        float[] b = Checkpoint.read(split.resolve("checkpoints/step-12.safetensors")).params();
        assertArrayEquals(a, b, "resumed run must end with the uninterrupted run's weights");

        // again: nothing to do, exit 0, nothing rewritten
        long mtime = Files.getLastModifiedTime(whole.resolve("state/state.safetensors")).toMillis();
        r = CliRunner.run(CliRunner.tiny(whole, 12));
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("already finished"), r.out());
        assertEquals(mtime, Files.getLastModifiedTime(whole.resolve("state/state.safetensors")).toMillis());
    }

    @Test
    void outAloneResumesTheStoredRun() throws Exception {
        Path dir = tmp.resolve("run");
        List<String> args = CliRunner.tiny(dir, 8);
        TrainingConfig config;
        // create an unfinished run through the command's own config, then stop it early with the engine
        try (TrainingRun run = TrainingRun.open(configOf(args), dir)) {
            config = run.config();
            run.trainUntil(3, null);
        }
        CliRunner.Result r = CliRunner.run("train", "--out", dir.toString(), "--threads", "1", "--progress", "none");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.err().contains("resuming at step 3"), r.err());
        assertEquals(config.steps(), RunStatus.read(dir).step());
    }

    private TrainingConfig configOf(List<String> args) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 1; i < args.size(); i += 2) {
            String flag = args.get(i).substring(2);
            if (flag.equals("out") || flag.equals("progress")) continue;
            String key = flag.replace('-', '_').replace("zipf", "zipf_exponent");
            String v = args.get(i + 1);
            m.put(key, v.matches("-?\\d+") ? (Object) Long.parseLong(v) : v);
        }
        return TrainingConfig.fromJson(m);
    }

    @Test
    void differentConfigurationIsRefusedAndNothingIsOverwritten() throws Exception {
        Path dir = tmp.resolve("run");
        assertEquals(0, CliRunner.run(CliRunner.tiny(dir, 6)).code());
        byte[] config = Files.readAllBytes(dir.resolve("config.json"));
        byte[] metrics = Files.readAllBytes(dir.resolve("metrics.csv"));
        byte[] state = Files.readAllBytes(dir.resolve("state/state.safetensors"));
        List<String> other = CliRunner.tiny(dir, 6);
        other.set(other.indexOf("--tasks") + 1, "5");
        other.set(other.indexOf("--hidden") + 1, "16");
        CliRunner.Result r = CliRunner.run(other);
        assertUsage(r, "different configuration", "tasks 3 there, 5 requested", "hidden 8 there, 16 requested");
        assertArrayEquals(config, Files.readAllBytes(dir.resolve("config.json")));
        assertArrayEquals(metrics, Files.readAllBytes(dir.resolve("metrics.csv")));
        assertArrayEquals(state, Files.readAllBytes(dir.resolve("state/state.safetensors")));

        // a directory holding something else is not a run to write into
        Path stranger = tmp.resolve("stranger");
        Files.createDirectories(stranger);
        Files.writeString(stranger.resolve("notes.txt"), "mine");
        assertUsage(CliRunner.run(CliRunner.tiny(stranger, 6)), "not empty");
        assertEquals(List.of("notes.txt"), List.of(stranger.toFile().list()));
    }
}
