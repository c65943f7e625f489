// icl bench on a tiny model: the table is printed; a peer that prints the PyTorch figures is put side by side (the
// regression model through the task peer, told the model's settings), once per round; a missing peer is a usage error.
package org.rationalicl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    @TempDir
    Path tmp;

    static final String[] TINY = {"bench", "--threads", "1,2", "--steps", "3", "--timing-warmup", "1", "--dims", "4",
        "--context", "8", "--hidden", "8", "--batch", "4"};

    @Test
    void printsTheTableAndThePeerSideBySide() throws Exception {
        Path peer = tmp.resolve("peer.sh");
        // a stand-in with the real peer's output line: 10 ms median, 9 ms min
        Files.writeString(peer, "#!/bin/sh\necho 'params=1 timed_steps=3 ms/step median=10.000 min=9.000 p10=9.1'\n");
        String[] args = java.util.Arrays.copyOf(TINY, TINY.length + 3);
        args[TINY.length] = "--compare-torch";
        args[TINY.length + 1] = "--torch-peer";
        args[TINY.length + 2] = peer.toString();
        CliRunner.Result r = CliRunner.run(args);
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("median ms"), r.out());
        assertTrue(r.out().contains("% peak"), r.out());
        assertTrue(r.out().contains("torch med ms"), r.out());
        assertTrue(r.out().contains("10.00"), r.out());
        // the machine-dependent choices that change speed and not results
        assertTrue(r.out().lines().anyMatch(l -> l.matches("icl bench: kernels (simd|scalar); read-ahead sweeps (on|off) .*")),
                r.out());
        long rows = r.out().lines().filter(l -> l.matches("\\s+[12]\\s+\\d.*x")).count();
        assertEquals(2, rows, r.out());
    }

    @Test
    void roundsPairOursWithThePeerAndTakeTheMedianRatio() throws Exception {
        Path peer = tmp.resolve("peer.sh");
        Path calls = tmp.resolve("calls.txt");
        // counts its calls; 10 ms median, 9 ms min each time
        Files.writeString(peer, "#!/bin/sh\necho x >> '" + calls + "'\n"
                + "echo 'params=1 timed_steps=3 ms/step median=10.000 min=9.000 p10=9.1'\n");
        CliRunner.Result r = CliRunner.run("bench", "--threads", "1", "--steps", "3", "--timing-warmup", "1", "--dims",
                "4", "--context", "8", "--hidden", "8", "--batch", "4", "--compare-torch", "--torch-peer",
                peer.toString(), "--rounds", "3");
        assertEquals(0, r.code(), r.toString());
        assertEquals(3, Files.readAllLines(calls).size(), "one peer run per round");
        assertTrue(r.out().contains("3 rounds per thread count"), r.out());
        assertTrue(r.err().contains("round 3 of 3"), r.err());
        // rounds of ours at 10, 20, 30 ms against the peer's 25, 30, 90: ratios 2.5, 1.5, 3.0
        BenchCommand.Timing[] ours = {new BenchCommand.Timing(1, 10, 9), new BenchCommand.Timing(1, 20, 8),
            new BenchCommand.Timing(1, 30, 12)};
        BenchCommand.Timing[] theirs = {new BenchCommand.Timing(1, 25, 20), new BenchCommand.Timing(1, 30, 29),
            new BenchCommand.Timing(1, 90, 40)};
        assertEquals(2.5, BenchCommand.medianRatio(theirs, ours), 0);
        assertEquals(new BenchCommand.Timing(1, 20, 8), BenchCommand.combine(ours));
        assertEquals(2.75, BenchCommand.median(new double[] {3, 1, 2.5, 4}), 0);
    }

    @Test
    void regressionRunsTheTaskPeerWithTheModelsSettings() throws Exception {
        Path shared = Files.createDirectories(tmp.resolve("peers"));
        Path peer = Files.writeString(shared.resolve("run-torch-peer.sh"), "#!/bin/sh\nexit 1\n");
        Path args = tmp.resolve("args.txt");
        Path taskPeer = tmp.resolve("task-peer.sh");
        // a stand-in that records its arguments and prints the real peer's summary line: 20 ms median, 18 ms min
        Files.writeString(taskPeer, "#!/bin/sh\necho \"$@\" >> '" + args + "'\n"
                + "echo 'params=1 timed_steps=3 ms/step median=20.000 min=18.000 p10=18.1'\n");
        CliRunner.Result r = CliRunner.run("bench", "--task", "regression", "--threads", "1", "--steps", "3",
                "--timing-warmup", "1", "--dims", "3", "--context", "4", "--hidden", "8", "--layers", "2", "--batch", "4",
                "--compare-torch", "--torch-peer", peer.toString(), "--torch-task-peer", taskPeer.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("torch med ms"), r.out());
        assertTrue(r.out().contains("20.00"), r.out());
        String line = Files.readString(args).strip();
        assertEquals("--peer " + shared.toAbsolutePath() + " --task regression --threads 1 --steps 4 --timing-warmup 1"
                + " --batch 4 --context 4 --dims 3 --hidden 8 --layers 2 --heads 1 --mlp-factor 4.0", line);
    }

    @Test
    void disturbedRunsAndSharedCoresAreFlagged() {
        var clean = java.util.List.of(new BenchCommand.Timing(1, 33.4, 33.0), new BenchCommand.Timing(2, 17.2, 16.9));
        BenchCommand.Timing[] peer = {new BenchCommand.Timing(1, 64.2, 62.6), new BenchCommand.Timing(2, 39.6, 37.7)};
        assertEquals(java.util.List.of(), BenchCommand.cautions(clean, peer));

        // PyTorch's 2-thread median no better than its 1-thread one; ours disturbed at 1 thread
        var disturbed = java.util.List.of(new BenchCommand.Timing(1, 38.4, 33.0), new BenchCommand.Timing(2, 17.2, 16.9));
        BenchCommand.Timing[] unscaled = {new BenchCommand.Timing(1, 64.2, 62.6), new BenchCommand.Timing(2, 63.7, 60.2)};
        var lines = BenchCommand.cautions(disturbed, unscaled);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("caution: ours at 1 thread: median 16% above"), lines.get(0));
        assertTrue(lines.get(1).startsWith("caution: PyTorch at 2 threads: only 1.01× the 1-thread speed"), lines.get(1));

        // a missing peer row (its run failed) and no 1-thread row to scale against: nothing to say about scaling
        BenchCommand.Timing[] partial = {null, new BenchCommand.Timing(2, 39.6, 37.7)};
        assertEquals(java.util.List.of(), BenchCommand.cautions(java.util.List.of(new BenchCommand.Timing(2, 17.2, 16.9)),
                partial));
    }

    @Test
    void badSettingsAreUsageErrors() {
        CliRunner.Result r = CliRunner.run("bench", "--threads", "0");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--threads"), r.err());
        r = CliRunner.run("bench", "--compare-torch", "--torch-peer", tmp.resolve("none.sh").toString(), "--steps", "1",
                "--timing-warmup", "0", "--context", "4", "--hidden", "8", "--batch", "2");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--torch-peer"), r.err());
        r = CliRunner.run("bench", "--mlp-factor", "0.3");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--mlp-factor"), r.err());
        r = CliRunner.run("bench", "--rounds", "0");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--rounds = 0 must be in [1, 100]"), r.err());
    }
}
