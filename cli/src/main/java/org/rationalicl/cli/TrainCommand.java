// `icl train`: one training run into a run directory — new, resumed (same configuration) or refused (different
// one) — with a progress bar, a clean stop on Ctrl-C (state saved, resumable) and a summary at the end.
package org.rationalicl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.rationalicl.core.io.AtomicFiles;
import org.rationalicl.train.TrainingConfig;
import org.rationalicl.train.TrainingListener;
import org.rationalicl.train.RunTimes;
import org.rationalicl.train.TrainingResult;
import org.rationalicl.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, usageHelpWidth = 110,
        header = "Train one model into a run directory: new, resumed exactly, or refused if it holds another configuration.", versionProvider = Icl.Version.class, sortOptions = false,
        showDefaultValues = true,
        description = "Train one GPT-NeoX model on a task mixture (SPEC §2–4) into a run directory. Unset settings take the "
                + "task's defaults (the paper's). Running it again on the same --out resumes an unfinished run of the "
                + "same configuration exactly; a different configuration there is refused. Ctrl-C stops after the "
                + "current step and saves the state; run the same command to continue.",
        footer = {"", "Examples:",
                "  icl train --task categorical --tasks 16 --steps 2000 --checkpoints 20 --out runs/d16",
                "  icl train --config run.yaml --lr 1e-3 --out runs/lr1e-3",
                "  icl train --out runs/d16            # resume the run stored there"})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TrainingOptions settings;

    @Option(names = "--config", paramLabel = "FILE",
            description = "JSON or YAML file of settings (keys as in config.json, e.g. mlp_factor); flags override it.")
    Path configFile;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Run directory (created if missing).")
    Path out;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "Progress display: auto (a bar on a terminal, plain lines in logs), bar, lines or none.")
    String progress;

    @Override
    public Integer call() throws IOException {
        PrintWriter outw = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        Progress.Mode mode = progressMode(progress);
        if (Files.exists(out) && !Files.isDirectory(out)) throw new UsageError("--out " + out + " is a file, not a directory");
        RunStatus existing = RunStatus.read(out);

        Map<String, Object> merged = new LinkedHashMap<>();
        if (configFile != null) {
            Map<String, Object> file = ConfigFiles.read(configFile);
            Settings.requireKnown(file, "config file " + configFile, Set.of(), true);
            merged.putAll(file);
        }
        Map<String, Object> flags = settings.given();
        if (!merged.containsKey("task") && !flags.containsKey("task") && existing.config() != null) {
            // `icl train --out DIR` alone continues the run stored there (on this machine's thread count)
            merged.putAll(existing.config().toJson());
            merged.remove("threads");
        }
        merged.putAll(flags);
        if (!merged.containsKey("task")) {
            throw new UsageError("--task is required (categorical, regression or classification), unless --config gives"
                    + " it or --out holds a run to resume");
        }
        TrainingConfig config = buildConfig(merged, true);
        MemoryEstimate.check(config, 1, Runtime.getRuntime().maxMemory(), "this run");

        if (existing.config() != null) {
            String diff = RunStatus.differences(existing.config(), config);
            if (!diff.isEmpty()) {
                throw new UsageError("--out " + out + " holds a run with a different configuration (" + diff
                        + "); choose another --out, or the same settings to resume it");
            }
            if (existing.state() == RunStatus.State.FINISHED) {
                outw.println("icl train: " + out + " is already finished (" + existing.step() + "/" + config.steps()
                        + " steps); nothing to do");
                printSummary(outw, RunStatus.read(out), null);
                outw.flush();
                return 0;
            }
        } else if (Files.isDirectory(out) && !isEmpty(out)) {
            throw new UsageError("--out " + out + " is not empty and holds no run (no config.json); choose a new or empty directory");
        }

        err.println("icl train: " + describe(config) + " → " + out
                + (existing.config() != null ? " (resuming at step " + existing.step() + ")" : " (new run)"));
        err.flush();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            err.println();
            err.println("icl train: interrupted; saving the state after the current step ...");
            err.flush();
            try {
                done.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "icl-train-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        long startNanos = System.nanoTime();
        long startStep;
        TrainingResult result;
        RunTimes times;
        RunListener listener = new RunListener(err, mode, stop);
        try {
            try (TrainingRun run = TrainingRun.open(config, out)) {
                for (String note : run.recoveryNotes()) err.println("icl train: recovered: " + note);
                err.flush();
                startStep = run.step();
                result = run.train(listener);
                times = run.sessionTimes();
            } finally {
                listener.finish();
            }
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            if (!result.finished()) {
                outw.println("icl train: stopped at step " + result.step() + "/" + config.steps() + "; the state is saved."
                        + " Run `icl train --out " + out + "` to continue.");
            }
            printSummary(outw, RunStatus.read(out), String.format(Locale.ROOT, "%d steps in %s (%.1f steps/s)",
                    result.step() - startStep, Progress.duration(seconds), (result.step() - startStep) / Math.max(seconds, 1e-9)));
            // this call's shares; the whole run's (every session) are in timing.json
            outw.println("  time         " + times.shares());
            outw.flush();
            return 0;
        } finally {
            // only now may an exiting JVM (Ctrl-C) stop: the state and the summary are out
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting because of Ctrl-C: the hook is running and waits for `done`
            }
        }
    }

    static Progress.Mode progressMode(String s) {
        try {
            return Progress.Mode.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageError("--progress = " + s + ": expected one of auto, bar, lines, none");
        }
    }

    /** A validated configuration from config.json-style keys; messages name the flag (or key) and its range. */
    static TrainingConfig buildConfig(Map<String, Object> settings, boolean asFlags) {
        try {
            return TrainingConfig.fromJson(settings);
        } catch (IllegalArgumentException e) {
            throw new UsageError(Settings.explain(e.getMessage(), asFlags));
        }
    }

    static String describe(TrainingConfig c) {
        return String.format(Locale.ROOT, "%s D=%d %s=%d C=%d H=%d layers=%d heads=%d mlp=%s batch=%d, %d steps, %d checkpoints,"
                        + " seed %d, %d thread%s", c.task().id(), c.tasks(), c.task().id().equals("categorical") ? "V" : "d",
                c.dims(), c.context(), c.hidden(), c.layers(), c.heads(), number(c.mlpFactor()), c.batch(), c.steps(),
                c.checkpointSteps().length, c.seed(), c.threads(), c.threads() == 1 ? "" : "s");
    }

    static String number(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** Empty apart from temp files of an interrupted write (a run killed before its config.json was in place). */
    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.allMatch(AtomicFiles::isTempFile);
        }
    }

    static void printSummary(PrintWriter out, RunStatus s, String timing) {
        TrainingConfig c = s.config();
        out.println("  run          " + s.dir() + " (" + s.state().name().toLowerCase(Locale.ROOT) + ", step "
                + s.step() + "/" + c.steps() + ")");
        if (timing != null) out.println("  this call    " + timing);
        Map<String, String> m = s.lastMetrics();
        if (!m.isEmpty()) {
            StringBuilder sb = new StringBuilder("step " + m.get("step"));
            if (m.containsKey("loss")) sb.append(": loss ").append(m.get("loss"));
            for (Map.Entry<String, String> e : m.entrySet()) {
                if (e.getKey().endsWith("_metric")) sb.append(", ").append(e.getKey()).append(' ').append(e.getValue());
            }
            out.println("  last eval    " + sb);
        }
        out.println("  checkpoints  " + s.checkpoints().size() + " of " + c.checkpointSteps().length + " in "
                + s.dir().resolve(TrainingRun.CHECKPOINTS_DIR));
    }

    /** Feeds the progress bar and carries the stop request of Ctrl-C to the run. */
    static final class RunListener implements TrainingListener {
        private final PrintWriter err;
        private final Progress.Mode mode;
        private final AtomicBoolean stop;
        private Progress progress;
        private String lastEval = "";
        private String lastLoss = "";

        RunListener(PrintWriter err, Progress.Mode mode, AtomicBoolean stop) {
            this.err = err;
            this.mode = mode;
            this.stop = stop;
        }

        @Override
        public void onStart(TrainingConfig config, long startStep, boolean resumed) {
            progress = new Progress(err, mode, "steps", startStep, config.steps());
        }

        @Override
        public void onStep(long step, double lr, double loss, double gradNorm) {
            lastLoss = String.format(Locale.ROOT, "loss %.4f", loss);
            progress.update(step, lastLoss + lastEval);
        }

        @Override
        public void onCheckpoint(long step, Map<String, Double> metrics) {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, Double> e : metrics.entrySet()) {
                sb.append(String.format(Locale.ROOT, " %s %.4g", e.getKey(), e.getValue()));
            }
            lastEval = "  eval@" + step + sb;
            progress.update(step, lastLoss + lastEval);
            if (Progress.resolve(mode) == Progress.Mode.LINES) progress.message("checkpoint " + step + ":" + sb);
        }

        @Override
        public boolean stopRequested() {
            return stop.get();
        }

        void finish() {
            if (progress != null) progress.finish();
        }
    }
}
