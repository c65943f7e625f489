// `icl sweep`: trains every run of a grid, P at once, each in its own directory under the sweep root. Idempotent:
// finished runs are skipped, unfinished ones resumed; --shard i/n takes every n-th run for cluster job arrays.
package org.rationalicl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.rationalicl.core.io.AtomicFiles;
import org.rationalicl.core.io.Json;
import org.rationalicl.train.TrainingConfig;
import org.rationalicl.train.TrainingListener;
import org.rationalicl.train.TrainingResult;
import org.rationalicl.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sweep", mixinStandardHelpOptions = true, usageHelpWidth = 110,
        header = "Train a grid of runs from a JSON/YAML file, P at once; idempotent, resumable, shardable (--shard i/n).", versionProvider = Icl.Version.class, sortOptions = false,
        showDefaultValues = true,
        description = "Train every run of a grid (a JSON or YAML file) into DIR/<run name>, P runs at once. The file has "
                + "`task`, lists for tasks (D), context, mlp_factor, dims and seeds, and a value or a list for every "
                + "other training setting (steps, checkpoints, lr, warmup, batch, hidden, layers, heads, ...). "
                + "Rerunning skips finished runs and resumes unfinished ones; a run directory holding a different "
                + "configuration is refused before anything starts. DIR/sweep.json records the grid and the run list.",
        footer = {"", "Examples:",
                "  icl sweep --config examples/sweep-categorical.yaml --out sweeps/cat --dry-run",
                "  icl sweep --config examples/sweep-categorical.yaml --out sweeps/cat --parallel 2 --threads-per-run 1",
                "  icl sweep --config grid.yaml --out /scratch/sweep --shard $SLURM_ARRAY_TASK_ID/16",
                "  (examples/slurm-array.sh splits a sweep over a Slurm job array)"})
final class SweepCommand implements Callable<Integer> {
    static final String SWEEP_FILE = "sweep.json";

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The grid: a .json, .yaml or .yml file.")
    Path configFile;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Sweep directory; one sub-directory per run.")
    Path out;

    @Option(names = "--parallel", paramLabel = "P", description = "Runs trained at once (default: cores / threads-per-run).")
    Integer parallel;

    @Option(names = "--threads-per-run", paramLabel = "T", description = "Worker threads of each run (default: cores / parallel, at least 1).")
    Integer threadsPerRun;

    @Option(names = "--shard", paramLabel = "i/n", description = "Only runs i, i+n, i+2n, ... of the grid (0-based), e.g. 3/16.")
    String shard;

    @Option(names = "--dry-run", description = "List the runs (and what would happen to each) without training.")
    boolean dryRun;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "Progress display: auto (a bar on a terminal, plain lines in logs), bar, lines or none.")
    String progress;

    @Override
    public Integer call() throws Exception {
        PrintWriter outw = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        Progress.Mode mode = TrainCommand.progressMode(progress);
        int[] sh = parseShard(shard);
        int cores = Runtime.getRuntime().availableProcessors();
        if (parallel != null && (parallel < 1 || parallel > 4096)) throw new UsageError("--parallel = " + parallel + " must be in [1, 4096]");
        if (threadsPerRun != null && (threadsPerRun < 1 || threadsPerRun > 4096)) {
            throw new UsageError("--threads-per-run = " + threadsPerRun + " must be in [1, 4096]");
        }
        int t = threadsPerRun != null ? threadsPerRun : parallel != null ? Math.max(1, cores / parallel) : 1;
        int p = parallel != null ? parallel : Math.max(1, cores / t);
        if (Files.exists(out) && !Files.isDirectory(out)) throw new UsageError("--out " + out + " is a file, not a directory");

        SweepGrid grid = SweepGrid.read(configFile);
        Path root = out.toAbsolutePath().normalize();
        List<SweepGrid.Run> mine = new ArrayList<>();
        for (int i = sh[0]; i < grid.runs.size(); i += sh[1]) mine.add(grid.runs.get(i));

        // look at every run directory first: a different configuration anywhere stops the sweep before it starts
        List<Plan> plans = new ArrayList<>();
        for (SweepGrid.Run r : mine) {
            Path dir = root.resolve(r.name()).normalize();
            if (!dir.getParent().equals(root)) throw new UsageError("run name " + r.name() + " escapes the sweep directory");
            RunStatus s = RunStatus.read(dir);
            if (s.config() != null) {
                String diff = RunStatus.differences(s.config(), r.config());
                if (!diff.isEmpty()) {
                    throw new UsageError("run directory " + dir + " holds a different configuration (" + diff
                            + "); use another --out or remove that directory");
                }
            }
            plans.add(new Plan(r, dir, s));
        }
        long todo = plans.stream().filter(x -> x.status.state() != RunStatus.State.FINISHED).count();
        String shardText = sh[1] > 1 ? " (shard " + sh[0] + "/" + sh[1] + " of " + grid.runs.size() + ")" : "";
        if (dryRun) {
            outw.println(mine.size() + " runs" + shardText + " in " + out + ":");
            for (Plan x : plans) {
                String what = switch (x.status.state()) {
                    case FINISHED -> "finished, skip";
                    case UNFINISHED -> "resume at step " + x.status.step() + "/" + x.run.config().steps();
                    case MISSING -> "new, " + x.run.config().steps() + " steps";
                };
                outw.printf(Locale.ROOT, "  %-48s %s%n", x.run.name(), what);
            }
            outw.flush();
            return 0;
        }

        Files.createDirectories(root);
        AtomicFiles.writeString(root.resolve(SWEEP_FILE), Json.writePretty(grid.toJson()));
        if ((long) p * t > cores) {
            err.println("icl sweep: note: --parallel " + p + " × --threads-per-run " + t + " = " + (long) p * t
                    + " threads on " + cores + " cores; runs will compete for them");
        }
        long totalSteps = 0, doneSteps = 0;
        for (Plan x : plans) {
            totalSteps += x.run.config().steps();
            doneSteps += Math.min(x.status.step(), x.run.config().steps());
        }
        err.println("icl sweep: " + mine.size() + " runs" + shardText + ", " + (mine.size() - todo) + " already finished, "
                + todo + " to train; " + p + " at once × " + t + " thread" + (t == 1 ? "" : "s") + " → " + out);
        err.flush();
        Progress bar = new Progress(err, mode, "steps", doneSteps, totalSteps);
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            bar.message("icl sweep: interrupted; saving the state of the running runs ...");
            try {
                done.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "icl-sweep-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<String> finished = Collections.synchronizedList(new ArrayList<>());
        long startNanos = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(p, r -> {
            Thread th = new Thread(r, "icl-sweep-run");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            int index = 0;
            for (Plan x : plans) {
                if (x.status.state() == RunStatus.State.FINISHED) continue;
                String tag = "[" + (++index) + "/" + todo + "] ";
                futures.add(pool.submit(() -> trainOne(x, tag, t, bar, stop, failures, finished)));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdown();
            bar.finish();
        }
        try {
            return summarize(outw, plans, mine.size(), shardText, finished, failures, stop, startNanos);
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // exiting on Ctrl-C: the hook waits for `done`
            }
        }
    }

    private int summarize(PrintWriter outw, List<Plan> plans, int runs, String shardText, List<String> finished,
                          List<String> failures, AtomicBoolean stop, long startNanos) throws IOException {
        int complete = 0;
        for (Plan x : plans) if (RunStatus.read(x.dir).state() == RunStatus.State.FINISHED) complete++;
        outw.printf(Locale.ROOT, "icl sweep: %d/%d runs finished%s (%d trained now in %s), %d failed → %s%n", complete,
                runs, shardText, finished.size(), Progress.duration((System.nanoTime() - startNanos) / 1e9),
                failures.size(), out);
        for (String f : failures) outw.println("  failed: " + f);
        if (stop.get()) outw.println("  interrupted: rerun the same command to resume");
        outw.flush();
        return failures.isEmpty() ? 0 : 1;
    }

    private record Plan(SweepGrid.Run run, Path dir, RunStatus status) {}

    private static void trainOne(Plan x, String tag, int threads, Progress bar, AtomicBoolean stop, List<String> failures,
                                 List<String> finished) {
        if (stop.get()) return;
        String name = x.run.name();
        TrainingConfig config = x.run.config().toBuilder().threads(threads).build();
        long start = System.nanoTime();
        long[] lastStep = {x.status.step()};
        bar.message(tag + "start  " + name + (x.status.step() > 0 ? " (resuming at step " + x.status.step() + ")" : ""));
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onStart(TrainingConfig c, long startStep, boolean resumed) {
                // the state on disk may be ahead of what was read before (a checkpoint written by a killed process)
                bar.advance(startStep - lastStep[0], null);
                lastStep[0] = startStep;
            }

            @Override
            public void onStep(long step, double lr, double loss, double gradNorm) {
                bar.advance(step - lastStep[0], null);
                lastStep[0] = step;
            }

            @Override
            public boolean stopRequested() {
                return stop.get();
            }
        };
        try (TrainingRun run = TrainingRun.open(config, x.dir)) {
            TrainingResult r = run.train(listener);
            if (r.finished()) {
                finished.add(name);
                StringBuilder sb = new StringBuilder();
                for (Map.Entry<String, Double> e : r.lastMetrics().entrySet()) {
                    sb.append(String.format(Locale.ROOT, ", %s %.4g", e.getKey(), e.getValue()));
                }
                bar.message(String.format(Locale.ROOT, "%sdone   %s in %s: loss %.4f%s", tag, name,
                        Progress.duration((System.nanoTime() - start) / 1e9), r.lastLoss(), sb));
            } else {
                bar.message(tag + "paused " + name + " at step " + r.step());
            }
        } catch (Exception | OutOfMemoryError e) {
            String why = e.getMessage() != null ? e.getMessage() : e.toString();
            // file-system errors carry only the path as their message: say what happened to it
            if (e instanceof java.nio.file.FileSystemException) why = e.getClass().getSimpleName() + " " + why;
            failures.add(name + ": " + why);
            bar.message(tag + "FAILED " + name + ": " + why);
        }
    }

    /** "i/n" with 0 ≤ i < n; null → all runs. */
    static int[] parseShard(String s) {
        if (s == null) return new int[] {0, 1};
        String[] parts = s.split("/", -1);
        try {
            if (parts.length == 2) {
                int i = Integer.parseInt(parts[0].trim()), n = Integer.parseInt(parts[1].trim());
                if (n >= 1 && i >= 0 && i < n) return new int[] {i, n};
            }
        } catch (NumberFormatException ignored) {
            // reported below with the allowed form
        }
        throw new UsageError("--shard = " + s + " must be i/n with n >= 1 and 0 <= i < n (e.g. 0/4 ... 3/4)");
    }
}
