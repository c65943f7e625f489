// icl sweep: grid validation at the edge (unknown keys, ranges, path escapes, shards), deterministic run names,
// --shard, --dry-run, and idempotent reruns that skip finished runs.
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

class SweepCommandTest {
    @TempDir
    Path tmp;

    static final String TINY = "task: categorical\ntasks: [2, 3, 4]\ndims: [4]\ncontext: [8]\nmlp_factor: [2]\nseeds: [0]\n"
            + "hidden: 8\nbatch: 4\nsteps: 6\ncheckpoints: 2\neval_sequences: 4\n";
    static final List<String> NAMES = List.of("categorical_V4_C8_mlp2_D2_seed0", "categorical_V4_C8_mlp2_D3_seed0",
            "categorical_V4_C8_mlp2_D4_seed0");

    private Path config(String text) throws Exception {
        Path f = tmp.resolve("grid" + text.hashCode() + ".yaml");
        Files.writeString(f, text);
        return f;
    }

    private CliRunner.Result sweep(Path config, Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("sweep", "--config", config.toString(), "--out", out.toString(),
                "--parallel", "2", "--threads-per-run", "1", "--progress", "none"));
        args.addAll(List.of(more));
        return CliRunner.run(args);
    }

    private static void assertUsage(CliRunner.Result r, String... fragments) {
        assertEquals(2, r.code(), r.toString());
        assertEquals(1, r.err().strip().split("\n").length, "one line on stderr:\n" + r.err());
        for (String f : fragments) assertTrue(r.err().contains(f), "stderr should mention '" + f + "':\n" + r.err());
    }

    @Test
    void shardThenFullRunThenIdempotentRerun() throws Exception {
        Path grid = config(TINY);
        Path out = tmp.resolve("sweep");
        CliRunner.Result dry = sweep(grid, out, "--dry-run");
        assertEquals(0, dry.code(), dry.toString());
        for (String n : NAMES) assertTrue(dry.out().contains(n + " "), dry.out());
        assertFalse(Files.exists(out), "--dry-run writes nothing");

        // shard 1/2 of 3 runs: only the middle one
        CliRunner.Result r = sweep(grid, out, "--shard", "1/2");
        assertEquals(0, r.code(), r.toString());
        assertEquals(RunStatus.State.MISSING, RunStatus.read(out.resolve(NAMES.get(0))).state());
        assertEquals(RunStatus.State.FINISHED, RunStatus.read(out.resolve(NAMES.get(1))).state());
        assertEquals(RunStatus.State.MISSING, RunStatus.read(out.resolve(NAMES.get(2))).state());
        Map<String, Object> sweepJson = Json.readObject(out.resolve("sweep.json"));
        List<?> runs = (List<?>) sweepJson.get("runs");
        assertEquals(3, runs.size());
        assertEquals(NAMES.get(0), ((Map<?, ?>) runs.get(0)).get("name"));

        // the whole grid: the finished run is skipped (its state untouched), the other two are trained
        byte[] state = Files.readAllBytes(out.resolve(NAMES.get(1)).resolve("state/state.safetensors"));
        r = sweep(grid, out);
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.err().contains("1 already finished, 2 to train"), r.err());
        assertTrue(r.out().contains("3/3 runs finished"), r.out());
        assertArrayEquals(state, Files.readAllBytes(out.resolve(NAMES.get(1)).resolve("state/state.safetensors")));
        for (String n : NAMES) assertEquals(RunStatus.State.FINISHED, RunStatus.read(out.resolve(n)).state(), n);

        // a third time: nothing to do
        r = sweep(grid, out);
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.err().contains("3 already finished, 0 to train"), r.err());

        // inspect the sweep
        CliRunner.Result inspect = CliRunner.run("inspect", out.toString());
        assertEquals(0, inspect.code(), inspect.toString());
        assertTrue(inspect.out().contains("3 finished, 0 unfinished, 0 missing"), inspect.out());
    }

    @Test
    void aRunDirectoryWithAnotherConfigurationStopsTheSweepBeforeItStarts() throws Exception {
        Path out = tmp.resolve("sweep");
        Path dir = out.resolve(NAMES.get(2));
        // a run of different length where the grid's D=4 run belongs
        CliRunner.Result r = CliRunner.run("train", "--task", "categorical", "--tasks", "4", "--dims", "4", "--context", "8",
                "--mlp-factor", "2", "--hidden", "8", "--batch", "4", "--steps", "7", "--checkpoints", "2",
                "--eval-sequences", "4", "--threads", "1", "--progress", "none", "--out", dir.toString());
        assertEquals(0, r.code(), r.toString());
        byte[] config = Files.readAllBytes(dir.resolve("config.json"));
        assertUsage(sweep(config(TINY), out), NAMES.get(2), "different configuration", "steps 7 there, 6 requested");
        assertArrayEquals(config, Files.readAllBytes(dir.resolve("config.json")));
        assertFalse(Files.exists(out.resolve(NAMES.get(0))), "no run may start");
        assertFalse(Files.exists(out.resolve("sweep.json")));
    }

    @Test
    void aFailingRunDoesNotStopTheOthersAndTheSweepExitsWithOne() throws Exception {
        Path out = tmp.resolve("sweep");
        Files.createDirectories(out);
        Files.writeString(out.resolve(NAMES.get(0)), "a file where the D=2 run's directory should be");
        CliRunner.Result r = sweep(config(TINY), out);
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().contains("2/3 runs finished"), r.out());
        assertTrue(r.out().contains("1 failed"), r.out());
        assertTrue(r.out().contains("failed: " + NAMES.get(0)), r.out());
        assertEquals(RunStatus.State.FINISHED, RunStatus.read(out.resolve(NAMES.get(1))).state());
        assertEquals(RunStatus.State.FINISHED, RunStatus.read(out.resolve(NAMES.get(2))).state());
    }

    @Test
    void gridFieldsAreValidatedAtTheEdge() throws Exception {
        Path out = tmp.resolve("sweep");
        assertUsage(sweep(config(TINY + "learning_rate: 0.1\n"), out), "unknown key 'learning_rate'");
        assertUsage(sweep(config(TINY.replace("tasks: [2, 3, 4]", "tasks: [2, 0]")), out), "tasks = 0", "[1, 1048576]");
        assertUsage(sweep(config(TINY.replace("tasks: [2, 3, 4]", "tasks: []")), out), "tasks", "empty");
        assertUsage(sweep(config(TINY.replace("tasks: [2, 3, 4]", "tasks: [2, 2]")), out), "tasks", "twice");
        assertUsage(sweep(config(TINY.replace("hidden: 8", "hidden: 8\nheads: 3")), out), "heads", "divide");
        assertUsage(sweep(config(TINY + "threads: 2\n"), out), "--threads-per-run");
        assertUsage(sweep(config(TINY + "prefix: ../escape\n"), out), "prefix", "sweep directory");
        assertUsage(sweep(config(TINY + "prefix: /abs\n"), out), "prefix");
        assertUsage(sweep(config(TINY.replace("task: categorical", "task: [categorical, regression]")), out), "task");
        assertUsage(sweep(config("task: categorical\ntasks: [2\n"), out), "line");
        Path grid = config(TINY);
        assertUsage(sweep(grid, out, "--shard", "2/2"), "--shard", "0 <= i < n");
        assertUsage(sweep(grid, out, "--shard", "-1/2"), "--shard");
        assertUsage(sweep(grid, out, "--shard", "one/two"), "--shard");
        assertUsage(sweep(grid, out, "--shard", "0/0"), "--shard");
        assertUsage(CliRunner.run("sweep", "--config", grid.toString(), "--out", out.toString(), "--parallel", "0"), "--parallel");
        assertFalse(Files.exists(out), "nothing may be created on a usage error");
    }

    @Test
    void otherVariedSettingsAppearInTheRunNames() throws Exception {
        SweepGrid g = SweepGrid.of(Map.of("task", "regression", "tasks", List.of(16), "lr", List.of(0.001, 0.0005),
                "steps", 10, "warmup", 0), "test");
        assertEquals(List.of("regression_d8_C16_mlp4_D16_seed0_lr0.001", "regression_d8_C16_mlp4_D16_seed0_lr0.0005"),
                g.runs.stream().map(SweepGrid.Run::name).toList());
        SweepGrid p = SweepGrid.of(Map.of("task", "categorical", "prefix", "pilot", "steps", 10), "test");
        assertEquals("pilot_categorical_V8_C128_mlp4_D64_seed0", p.runs.get(0).name());
    }
}
