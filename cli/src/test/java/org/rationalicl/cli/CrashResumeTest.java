// Crash safety of `icl train` and `icl sweep`, tested the hard way: the command runs in a child JVM that is
// killed with SIGKILL at seeded random moments (many of them inside checkpoint/state writes), then resumed.
package org.rationalicl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rationalicl.core.io.AtomicFiles;
import org.rationalicl.core.io.Safetensors;
import org.rationalicl.train.TrainingRun;

/**
 * Each test first trains an uninterrupted reference in a child JVM, then trains the same thing again in another
 * directory, killing the child ({@link Process#destroyForcibly()}, SIGKILL on Linux) {@code -Dkill.points} times
 * (default {@value #DEFAULT_KILL_POINTS}) at moments drawn from seed {@code -Dkill.seed}: kill point k comes a
 * uniform random time in [0, 2W/(K+1)) after child k printed its start line (W = the reference's time from its
 * start line to its exit), so the K kills spread over the whole run; then the last child finishes it. The children use the scalar kernels (bit-identity on the vector
 * kernels is a separate matter) and a test-only pause of {@value #WRITE_PAUSE_MILLIS} ms inside every
 * checkpoint, prediction and state write, so that many kills land in the middle of a write.
 *
 * <p>Checked after every kill: every safetensors file in the run directories verifies (its SHA-256), no
 * checkpoint that existed before the kill has gone, and the resumed child reports no damaged file. At the end:
 * every checkpoint, prediction and state file and metrics.csv is byte-identical to the reference.
 */
class CrashResumeTest {
    static final int DEFAULT_KILL_POINTS = 4;
    static final int KILL_POINTS = Integer.getInteger("kill.points", DEFAULT_KILL_POINTS);
    static final long SEED = Long.getLong("kill.seed", 20251126L);
    static final long WRITE_PAUSE_MILLIS = 15;

    @TempDir
    Path tmp;

    /** A tiny run that checkpoints often: 40 steps, 12 checkpoints from step 1. */
    private static List<String> trainArgs(Path out) {
        return List.of("train", "--task", "categorical", "--tasks", "3", "--dims", "4", "--context", "8", "--hidden", "8",
                "--batch", "4", "--steps", "40", "--checkpoints", "12", "--first-checkpoint", "1", "--eval-sequences", "6",
                "--threads", "1", "--log-every", "1", "--progress", "none", "--out", out.toString());
    }

    private static final String GRID = "task: categorical\ntasks: [2, 3]\ndims: [4]\ncontext: [8]\nmlp_factor: [2]\n"
            + "seeds: [0]\nhidden: 8\nbatch: 4\nsteps: 30\ncheckpoints: 8\nfirst_checkpoint: 1\neval_sequences: 4\nlog_every: 1\n";

    private List<String> sweepArgs(Path out) throws IOException {
        Path grid = tmp.resolve("grid.yaml");
        Files.writeString(grid, GRID);
        return List.of("sweep", "--config", grid.toString(), "--out", out.toString(), "--parallel", "2",
                "--threads-per-run", "1", "--progress", "none");
    }

    /** A started child: the process and where its output goes. */
    private record Child(Process process, Path log) {
        String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }
    }

    private int childCount;

    private Child start(List<String> args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Drationalicl.kernels=scalar", "-Drationalicl.fault.writePauseMillis=" + WRITE_PAUSE_MILLIS,
                "-cp", System.getProperty("java.class.path"), "org.rationalicl.cli.Icl"));
        command.addAll(args);
        Path log = tmp.resolve("child-" + (childCount++) + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Child(p, log);
    }

    private static int finish(Child c) throws Exception {
        if (!c.process.waitFor(120, TimeUnit.SECONDS)) {
            c.process.destroyForcibly();
            fail("child did not finish in 120 s:\n" + c.output());
        }
        return c.process.exitValue();
    }

    /** Waits until the child has printed its start line (the JVM is up and the command began). */
    private static void awaitStart(Child c, String marker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && c.process.isAlive()) {
            if (Files.exists(c.log) && c.output().contains(marker)) return;
            Thread.sleep(2);
        }
    }

    /** Runs the command to completion in {@code ref}, returning the milliseconds from its start line to its exit. */
    private long reference(List<String> args, String marker) throws Exception {
        Child c = start(args);
        awaitStart(c, marker);
        long t0 = System.nanoTime();
        int code = finish(c);
        assertEquals(0, code, c.output());
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Kills and resumes the command KILL_POINTS times, lets it finish, compares with the reference directories. */
    private void killAndResume(List<String> args, String marker, List<Path> runs, List<Path> refs, long windowMillis,
                               long seed) throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<Path, TreeSet<String>> kept = new TreeMap<>();
        int killed = 0, insideWrite = 0, finishedBeforeKill = 0;
        for (int k = 0; k < KILL_POINTS; k++) {
            // spread the kill points over the run: each resumed child has on average 1/(K+1) of it still to do
            long delay = rnd.nextLong(Math.max(2, 2 * windowMillis / (KILL_POINTS + 1)));
            Child c = start(args);
            awaitStart(c, marker);
            boolean exited = c.process.waitFor(delay, TimeUnit.MILLISECONDS);
            if (!exited) {
                c.process.destroyForcibly();
                c.process.waitFor(30, TimeUnit.SECONDS);
                killed++;
            } else {
                finishedBeforeKill++;
                assertEquals(0, c.process.exitValue(), c.output());
            }
            String out = c.output();
            // "recovered: resuming from previous.safetensors" is normal after a kill between the two steps of the
            // state rotation; a note about a damaged file is not
            assertFalse(out.contains("damaged"),
                    "a kill damaged a file (kill point " + k + ", " + delay + " ms):\n" + out);
            boolean temp = false;
            for (Path run : runs) temp |= hasTempFile(run);
            if (temp && !exited) insideWrite++;
            for (Path run : runs) {
                TreeSet<String> now = verifyAll(run);
                TreeSet<String> before = kept.getOrDefault(run, new TreeSet<>());
                for (String f : before) {
                    assertTrue(now.contains(f), f + " existed before kill point " + k + " and is gone");
                }
                kept.put(run, now);
            }
            if (exited) break; // the run finished: later kill points have nothing to interrupt
        }
        Child last = start(args);
        int code = finish(last);
        assertEquals(0, code, last.output());
        assertFalse(last.output().contains("damaged"), last.output());
        for (int i = 0; i < runs.size(); i++) {
            verifyAll(runs.get(i));
            assertSameFiles(refs.get(i), runs.get(i));
        }
        System.out.printf("crash test %s: %d kill points from seed %d over %d ms: %d killed (after %d of them a half-written"
                        + " temp file was left), %d finished first; final files identical to the uninterrupted run%n",
                args.get(0), KILL_POINTS, seed, windowMillis, killed, insideWrite, finishedBeforeKill);
        assertTrue(killed > 0, "no kill point landed while the command ran");
    }

    private static boolean hasTempFile(Path run) throws IOException {
        if (!Files.isDirectory(run)) return false;
        try (Stream<Path> all = Files.walk(run)) {
            return all.anyMatch(AtomicFiles::isTempFile);
        }
    }

    /** Verifies every safetensors file of a run directory; returns the checkpoint and prediction files present. */
    private static TreeSet<String> verifyAll(Path run) throws IOException {
        TreeSet<String> present = new TreeSet<>();
        if (!Files.isDirectory(run)) return present;
        List<Path> files;
        try (Stream<Path> all = Files.walk(run)) {
            files = all.filter(f -> f.getFileName().toString().endsWith(".safetensors")).sorted().toList();
        }
        for (Path f : files) {
            try {
                Safetensors.verify(f);
            } catch (IOException e) {
                fail("a file written by the killed process does not verify: " + e.getMessage());
            }
            String rel = run.relativize(f).toString();
            if (rel.startsWith(TrainingRun.CHECKPOINTS_DIR) || rel.startsWith(TrainingRun.PREDICTIONS_DIR)) present.add(rel);
        }
        return present;
    }

    private static void assertSameFiles(Path ref, Path run) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> all = Files.walk(ref)) {
            all.filter(Files::isRegularFile).forEach(f -> names.add(ref.relativize(f).toString()));
        }
        int compared = 0;
        for (String n : names) {
            // previous: see below; timing.json holds wall-clock seconds, which no two runs share
            if (n.endsWith(".log") || n.equals(TrainingRun.PREVIOUS_STATE_FILE) || Path.of(n).endsWith(TrainingRun.TIMING_FILE)) continue;
            assertTrue(Files.exists(run.resolve(n)), n + " is missing after the crashes");
            assertArrayEquals(Files.readAllBytes(ref.resolve(n)), Files.readAllBytes(run.resolve(n)),
                    n + " differs from the uninterrupted run");
            compared++;
        }
        // previous.safetensors is the state before the last save: a resumed finished run may have saved twice
        Safetensors.verify(run.resolve(TrainingRun.PREVIOUS_STATE_FILE));
        assertTrue(compared >= 10, "compared only " + compared + " files in " + ref);
    }

    @Test
    void killedTrainResumesToBitIdenticalFiles() throws Exception {
        Path ref = tmp.resolve("ref"), run = tmp.resolve("run");
        long window = reference(trainArgs(ref), "icl train:");
        killAndResume(trainArgs(run), "icl train:", List.of(run), List.of(ref), window, SEED);
    }

    @Test
    void killedSweepLosesNoRunAndResumesToBitIdenticalFiles() throws Exception {
        Path ref = tmp.resolve("ref-sweep"), out = tmp.resolve("sweep");
        long window = reference(sweepArgs(ref), "icl sweep:");
        List<String> names = List.of("categorical_V4_C8_mlp2_D2_seed0", "categorical_V4_C8_mlp2_D3_seed0");
        killAndResume(sweepArgs(out), "icl sweep:", names.stream().map(out::resolve).toList(),
                names.stream().map(ref::resolve).toList(), window, SEED + 1_000_003);
        assertArrayEquals(Files.readAllBytes(ref.resolve(SweepCommand.SWEEP_FILE)),
                Files.readAllBytes(out.resolve(SweepCommand.SWEEP_FILE)));
    }
}
