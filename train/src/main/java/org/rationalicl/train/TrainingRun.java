// A training run bound to a run directory (layout in docs/FORMATS.md): creates it, or resumes it exactly when
// it holds the same configuration, or refuses it when it holds a different one. Every file is written
// atomically; state/ holds what exact resume needs (weights, AdamW moments, step — data is keyed by step) twice:
// the newest state and the one before it, so a damaged file falls back to an older one (docs/RELIABILITY.md).
package org.rationalicl.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.rationalicl.core.io.AtomicFiles;
import org.rationalicl.core.io.FormatException;
import org.rationalicl.core.io.Safetensors;
import org.rationalicl.core.io.Json;
import org.rationalicl.core.io.NdArray;
import org.rationalicl.core.io.SafetensorsReader;
import org.rationalicl.core.io.SafetensorsWriter;
import org.rationalicl.simd.Kernels;

public final class TrainingRun implements AutoCloseable {
    public static final String CONFIG_FILE = "config.json";
    public static final String POOLS_FILE = "pools.safetensors";
    public static final String EVALSETS_FILE = "evalsets.safetensors";
    public static final String METRICS_FILE = "metrics.csv";
    /** Wall time spent training, evaluating and writing, summed over every session of the run ({@link RunTimes}). */
    public static final String TIMING_FILE = "timing.json";
    public static final String CHECKPOINTS_DIR = "checkpoints";
    public static final String PREDICTIONS_DIR = "predictions";
    public static final String STATE_FILE = "state/state.safetensors";
    /** The state saved before {@link #STATE_FILE}; resume falls back to it when the newest one is damaged. */
    public static final String PREVIOUS_STATE_FILE = "state/previous.safetensors";
    /** A damaged state file is renamed to its name plus this suffix (kept for inspection, never read). */
    public static final String DAMAGED_SUFFIX = ".damaged";

    /**
     * Test-only fault injection (child-process crash tests): milliseconds to sleep after a checkpoint, prediction
     * or state file's content is written and before it is renamed into place, widening the window in which a
     * kill lands inside a write. 0 (the default) disables it.
     */
    static final String WRITE_PAUSE_PROPERTY = "rationalicl.fault.writePauseMillis";
    /** Test-only fault injection: before optimizer step N+1 is taken (N = the value), one weight is set to NaN. */
    static final String NAN_AT_STEP_PROPERTY = "rationalicl.fault.nanAtStep";

    private final TrainingConfig config;
    private final Path dir;
    private final Model model;
    private final Trainer trainer;
    private final List<TaskData.Split> splits;
    private final BatchSource source;
    private final Evaluator evaluator;
    private final long[] checkpointSteps;
    private final List<String> metricsRows = new ArrayList<>();
    private final String metricsHeader;
    private final boolean resumed;
    private final List<String> recoveryNotes = new ArrayList<>();
    private final long writePauseMillis = Long.getLong(WRITE_PAUSE_PROPERTY, 0L);
    private final long nanAtStep = Long.getLong(NAN_AT_STEP_PROPERTY, -1L);
    /** timing.json as this session found it (earlier sessions' totals); this session's own nanoseconds below. */
    private final RunTimes storedTimes;
    private long trainingNanos, evaluationNanos, writingNanos, finishedCallNanos;
    /** System.nanoTime() when the running trainUntil call began (valid while inCall). */
    private long callStartNanos;
    private boolean inCall;

    private TrainingRun(TrainingConfig config, Path dir, Kernels kernels) throws IOException {
        this.config = config;
        this.dir = dir;
        Files.createDirectories(dir);
        // a killed process can leave temp files in any directory it writes to
        for (String d : List.of("", CHECKPOINTS_DIR, PREDICTIONS_DIR, "state")) AtomicFiles.deleteStaleTempFiles(dir.resolve(d));
        Path configFile = dir.resolve(CONFIG_FILE);
        boolean existing = Files.exists(configFile);
        if (existing) {
            TrainingConfig old = TrainingConfig.fromJson(Json.parseObject(
                    Files.readString(configFile, StandardCharsets.UTF_8), configFile.toString()));
            if (!old.identity().equals(config.identity())) {
                throw new IllegalArgumentException("run directory " + dir + " holds a different configuration ("
                        + differences(old.identity(), config.identity())
                        + "); choose another directory or the same settings to resume it");
            }
        }
        AtomicFiles.writeString(configFile, Json.writePretty(config.toJson()));

        TaskData data = TaskData.create(config);
        splits = data.splits(config.evalSequences());
        model = new Model(config.model(), kernels);
        trainer = new Trainer(model, config.batch(), config.threads());
        source = data.training(config.batch());
        evaluator = new Evaluator(trainer);
        checkpointSteps = config.checkpointSteps();
        StringBuilder header = new StringBuilder("step,lr,loss,grad_norm");
        for (TaskData.Split s : splits) header.append(',').append(s.name).append("_metric");
        metricsHeader = header.toString();

        try {
            writeDataFiles(data);
            model.initialize(trainer.parameters(), config.seed());
            resumed = restoreNewestGoodState();
            storedTimes = resumed ? readStoredTimes() : RunTimes.NONE;
        } catch (IOException | RuntimeException e) {
            trainer.close(); // do not leave the worker threads behind
            throw e;
        }
    }

    /** pools.safetensors and evalsets.safetensors, unless a previous session of this run wrote them intact. */
    private void writeDataFiles(TaskData data) throws IOException {
        if (!intact(dir.resolve(POOLS_FILE))) {
            SafetensorsWriter w = new SafetensorsWriter().metadata(commonMetadata());
            data.poolTensors().forEach(w::add);
            w.write(dir.resolve(POOLS_FILE));
        }
        if (!intact(dir.resolve(EVALSETS_FILE))) {
            SafetensorsWriter w = new SafetensorsWriter().metadata(commonMetadata());
            for (TaskData.Split s : splits) s.tensors().forEach(w::add);
            w.write(dir.resolve(EVALSETS_FILE));
        }
    }

    /** True when {@code file} exists and verifies; a damaged one is noted (it is a pure function of the config: rewritten). */
    private boolean intact(Path file) {
        if (!Files.exists(file)) return false;
        try {
            Safetensors.verify(file);
            return true;
        } catch (IOException e) {
            recoveryNotes.add("damaged, rewritten: " + e.getMessage());
            return false;
        }
    }

    /**
     * Opens {@code runDir} for {@code config}: a new or empty directory starts a run; a directory with the same
     * configuration (threads may differ) resumes from its saved state; a different configuration is refused
     * with an {@link IllegalArgumentException} that lists the differing fields.
     */
    public static TrainingRun open(TrainingConfig config, Path runDir) throws IOException {
        return open(config, runDir, Kernels.get());
    }

    /** As {@link #open(TrainingConfig, Path)} on the given kernels (tests pin the scalar ones). */
    static TrainingRun open(TrainingConfig config, Path runDir, Kernels kernels) throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(kernels, "kernels");
        return new TrainingRun(config, runDir, kernels);
    }

    /** Opens the run directory and trains to the configured number of steps (or until the listener stops it). */
    public static TrainingResult start(TrainingConfig config, Path runDir, TrainingListener listener) throws IOException {
        try (TrainingRun run = open(config, runDir)) {
            return run.train(listener);
        }
    }

    public TrainingConfig config() {
        return config;
    }

    public Path directory() {
        return dir;
    }

    /** True when this run continued from a saved state. */
    public boolean resumed() {
        return resumed;
    }

    /**
     * What opening the directory had to repair, one line each naming the file: damaged state files set aside
     * (resume then used an older state), damaged checkpoints and predictions that will be recomputed, damaged
     * data files rewritten. Empty for an intact directory.
     */
    public List<String> recoveryNotes() {
        return List.copyOf(recoveryNotes);
    }

    /** Optimizer steps taken so far. */
    public long step() {
        return trainer.step();
    }

    /** A copy of the current weights, in {@link #layout()} order. */
    public float[] parameters() {
        return trainer.parameters().clone();
    }

    public ParameterLayout layout() {
        return model.layout;
    }

    /**
     * Sequences per evaluation pass for a model whose activations take {@code activationFloatsPerSequence} floats
     * per sequence (each worker holds one such arena beside its training one; for memory estimates).
     */
    public static int evaluationChunk(long activationFloatsPerSequence) {
        return Evaluator.chunk(activationFloatsPerSequence);
    }

    /** Where this session's wall time went so far (its trainUntil calls; sessions = 1 once one has run). */
    public RunTimes sessionTimes() {
        long total = finishedCallNanos + (inCall ? System.nanoTime() - callStartNanos : 0);
        return new RunTimes(total > 0 ? 1 : 0, trainingNanos / 1e9, evaluationNanos / 1e9, writingNanos / 1e9, total / 1e9);
    }

    /** The whole run's times: the sessions before this one (from timing.json) plus this one. */
    public RunTimes runTimes() {
        return storedTimes.plus(sessionTimes());
    }

    /** Trains to the configured number of steps. */
    public TrainingResult train(TrainingListener listener) throws IOException {
        return trainUntil(config.steps(), listener);
    }

    /**
     * Trains until {@code stopStep} (capped at the configured steps) or until the listener asks to stop, then
     * saves the state; checkpoints and evaluations happen at the configured steps on the way.
     */
    public TrainingResult trainUntil(long stopStep, TrainingListener listener) throws IOException {
        callStartNanos = System.nanoTime();
        inCall = true;
        try {
            return timedTrainUntil(stopStep, listener);
        } finally {
            finishedCallNanos += System.nanoTime() - callStartNanos;
            inCall = false;
        }
    }

    private TrainingResult timedTrainUntil(long stopStep, TrainingListener listener) throws IOException {
        TrainingListener l = listener == null ? TrainingListener.NONE : listener;
        long target = Math.min(stopStep, config.steps());
        l.onStart(config, trainer.step(), resumed);
        Map<String, Double> lastMetrics = Map.of();
        double lastLoss = Double.NaN;
        if (trainer.step() == 0 && checkpointSteps[0] == 0
                && !(Files.exists(checkpointFile(0)) && Files.exists(predictionFile(0)))) {
            lastMetrics = checkpoint(l);
        }
        boolean savedHere = false;
        while (trainer.step() < target) {
            long s = trainer.step();
            double lr = config.lrAt(s);
            if (s == nanAtStep) trainer.parameters()[model.layout.tensors().get(0).offset()] = Float.NaN;
            long t0 = System.nanoTime();
            try {
                trainer.trainStep(source, lr, config.clip());
            } catch (IllegalStateException e) {
                // the trainer checks loss and gradient norm before the update: the weights in memory and every
                // file on disk are still those of a good step
                throw new TrainingDivergedException(s + 1, e.getMessage() + "; nothing of that step was saved, "
                        + savedStateText() + " (lower the learning rate or enable clipping, in a new run directory)");
            }
            trainingNanos += System.nanoTime() - t0;
            long n = trainer.step();
            lastLoss = trainer.lastLoss();
            l.onStep(n, lr, lastLoss, trainer.lastGradNorm());
            savedHere = false;
            if (Arrays.binarySearch(checkpointSteps, n) >= 0) {
                lastMetrics = checkpoint(l);
                savedHere = true;
            } else if (n % config.logEvery() == 0) {
                metricsRows.add(row(n, lr, lastLoss, trainer.lastGradNorm(), null));
            }
            if (l.stopRequested()) break;
        }
        if (!savedHere) saveState();
        return new TrainingResult(trainer.step(), trainer.step() >= config.steps(), lastLoss, lastMetrics);
    }

    /** Evaluates, writes checkpoint + predictions + metrics + state for the current step. */
    private Map<String, Double> checkpoint(TrainingListener l) throws IOException {
        long n = trainer.step();
        requireFiniteWeights(n);
        long t0 = System.nanoTime();
        Map<String, Evaluator.Result> results = evaluator.evaluate(splits);
        long t1 = System.nanoTime();
        evaluationNanos += t1 - t0;
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Evaluator.Result r : results.values()) metrics.put(r.split(), r.metric());

        SafetensorsWriter ck = new SafetensorsWriter().metadata(commonMetadata()).metadata("step", Long.toString(n));
        float[] p = trainer.parameters();
        for (ParameterLayout.Tensor t : model.layout.tensors()) {
            int[] shape = t.shape();
            long[] s = new long[shape.length];
            for (int i = 0; i < shape.length; i++) s[i] = shape[i];
            ck.addFloats(t.name(), p, t.offset(), s);
        }
        write(ck, checkpointFile(n));

        SafetensorsWriter pred = new SafetensorsWriter().metadata(commonMetadata()).metadata("step", Long.toString(n));
        for (Evaluator.Result r : results.values()) {
            pred.add(r.split() + ".pred", NdArray.ofFloats(r.predictions(), predictionShape(r.predictions().length)));
        }
        write(pred, predictionFile(n));
        writingNanos += System.nanoTime() - t1;

        metricsRows.add(row(n, n == 0 ? Double.NaN : trainer.lastLr(), n == 0 ? Double.NaN : trainer.lastLoss(),
                n == 0 ? Double.NaN : trainer.lastGradNorm(), metrics));
        saveState();
        l.onCheckpoint(n, metrics);
        return metrics;
    }

    private long[] predictionShape(int size) {
        ModelConfig c = config.model();
        int per = model.predictionSize();
        int count = size / per;
        return switch (c.head()) {
            case CATEGORICAL -> new long[] {count, c.context(), c.vocab()};
            case REGRESSION -> new long[] {count, c.context()};
            case CLASSIFICATION -> new long[] {count, 2};
        };
    }

    private Path checkpointFile(long step) {
        return dir.resolve(CHECKPOINTS_DIR).resolve("step-" + step + ".safetensors");
    }

    private Path predictionFile(long step) {
        return dir.resolve(PREDICTIONS_DIR).resolve("step-" + step + ".safetensors");
    }

    /** Atomically writes a safetensors file; with the test-only write pause, sleeps before the rename. */
    private void write(SafetensorsWriter w, Path target) throws IOException {
        if (writePauseMillis <= 0) {
            w.write(target);
            return;
        }
        AtomicFiles.write(target, out -> {
            out.write(w.toBytes());
            out.flush();
            try {
                Thread.sleep(writePauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while writing " + target, e);
            }
        });
    }

    /** NaN or infinite weights are never written: they would poison every later resume. */
    private void requireFiniteWeights(long step) {
        float[] p = trainer.parameters();
        for (int i = 0; i < p.length; i++) {
            if (!Float.isFinite(p[i])) {
                throw new TrainingDivergedException(step, "weight " + i + " is " + p[i] + " after step " + step
                        + "; nothing of that step was saved, " + savedStateText());
            }
        }
    }

    private String savedStateText() {
        Path state = dir.resolve(STATE_FILE);
        try {
            if (Files.exists(state)) return "the last good state is " + state + " (step " + Safetensors.readMetadata(state).get("step") + ")";
        } catch (IOException e) {
            // reported as unknown below; the run is failing anyway
        }
        return "no state was saved yet";
    }

    private Map<String, String> commonMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", "pt");
        m.put("task", config.task().id());
        m.put("config", Json.write(config.toJson()));
        return m;
    }

    private String row(long step, double lr, double loss, double gradNorm, Map<String, Double> metrics) {
        StringBuilder sb = new StringBuilder().append(step).append(',').append(num(lr)).append(',')
                .append(num(loss)).append(',').append(num(gradNorm));
        for (TaskData.Split s : splits) {
            sb.append(',');
            if (metrics != null) sb.append(num(metrics.get(s.name)));
        }
        return sb.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.9g", v);
    }

    /**
     * metrics.csv, then state (so a saved state always has its metrics and checkpoints on disk). The state
     * before is first renamed to previous.safetensors (one atomic rename), so a kill at any moment leaves at
     * least one complete state, and a state damaged later on disk still has an older one to fall back to.
     */
    private void saveState() throws IOException {
        long t0 = System.nanoTime();
        requireFiniteWeights(trainer.step());
        StringBuilder csv = new StringBuilder(metricsHeader).append('\n');
        for (String r : metricsRows) csv.append(r).append('\n');
        AtomicFiles.writeString(dir.resolve(METRICS_FILE), csv.toString());
        int size = model.layout.size();
        SafetensorsWriter w = new SafetensorsWriter()
                .metadata(commonMetadata())
                .metadata("step", Long.toString(trainer.step()))
                .addFloats("params", trainer.parameters(), 0, size)
                .addFloats("adam_m", trainer.firstMoment(), 0, size)
                .addFloats("adam_v", trainer.secondMoment(), 0, size);
        Path state = dir.resolve(STATE_FILE);
        if (Files.exists(state)) {
            Files.move(state, dir.resolve(PREVIOUS_STATE_FILE), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }
        write(w, state);
        writingNanos += System.nanoTime() - t0;
        // after the state: a kill in between loses one interval's times, never a state
        AtomicFiles.writeString(dir.resolve(TIMING_FILE), Json.writePretty(runTimes().toJson()));
    }

    /**
     * The earlier sessions' times; a missing or damaged timing.json (it only reports, nothing depends on it)
     * counts as none, noted in {@link #recoveryNotes()} when damaged.
     */
    private RunTimes readStoredTimes() {
        Path file = dir.resolve(TIMING_FILE);
        if (!Files.exists(file)) return RunTimes.NONE;
        try {
            return RunTimes.fromJson(Json.readObject(file), file.toString());
        } catch (IOException e) {
            recoveryNotes.add("damaged, its times restart from zero: " + e.getMessage());
            return RunTimes.NONE;
        }
    }

    /** A state file read and checked completely: its step and the three arenas. */
    private record SavedState(Path file, long step, float[] params, float[] m, float[] v) {}

    /**
     * Restores the newest state that verifies and whose checkpoints and predictions verify too; returns whether
     * one was restored (false: the run starts at step 0). Damaged state files are renamed aside and reported;
     * a damaged checkpoint or prediction file at step c is deleted and the run resumes from a state before c,
     * so that it is recomputed (bit-identically: data and updates are pure functions of the step).
     */
    private boolean restoreNewestGoodState() throws IOException {
        long firstDamaged = Long.MAX_VALUE;
        for (long c : checkpointSteps) {
            for (Path f : List.of(checkpointFile(c), predictionFile(c))) {
                if (!Files.exists(f)) continue;
                try {
                    Safetensors.verify(f);
                } catch (IOException e) {
                    Files.delete(f);
                    recoveryNotes.add("damaged, deleted to be recomputed: " + e.getMessage());
                    firstDamaged = Math.min(firstDamaged, c);
                }
            }
        }
        // newest first (a save renames state to previous, so state is never older); one state in memory at a time
        boolean any = false;
        for (String name : List.of(STATE_FILE, PREVIOUS_STATE_FILE)) {
            Path file = dir.resolve(name);
            if (!Files.exists(file)) continue;
            any = true;
            SavedState s;
            try {
                s = readState(file);
            } catch (IOException e) {
                Path aside = file.resolveSibling(file.getFileName() + DAMAGED_SUFFIX);
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
                recoveryNotes.add("damaged state set aside as " + aside + ": " + e.getMessage());
                continue;
            }
            // a checkpoint is written when its step is reached: resuming at or after a damaged one would skip it
            if (s.step >= firstDamaged) continue;
            trainer.restore(s.step, s.params, s.m, s.v);
            if (!name.equals(STATE_FILE) || firstDamaged != Long.MAX_VALUE) {
                recoveryNotes.add("resuming from " + file + " at step " + s.step);
            }
            keepMetricsUpTo(s.step);
            return true;
        }
        if (any || firstDamaged != Long.MAX_VALUE) {
            recoveryNotes.add("no usable state before the damage: starting again from step 0");
            // the step-0 row stays with an intact step-0 checkpoint; a deleted one is recomputed with its row
            if (firstDamaged > 0) keepMetricsUpTo(0);
        }
        return false;
    }

    private SavedState readState(Path state) throws IOException {
        int size = model.layout.size();
        float[] p = new float[size], m = new float[size], v = new float[size];
        long step;
        try (SafetensorsReader r = SafetensorsReader.open(state)) {
            String s = r.metadata().get("step");
            try {
                step = Long.parseLong(Objects.requireNonNull(s, "missing"));
            } catch (RuntimeException e) {
                throw new FormatException(state.toString(), "__metadata__.step", "'" + s + "' is not a step number");
            }
            readArena(r, "params", p);
            readArena(r, "adam_m", m);
            readArena(r, "adam_v", v);
        }
        if (step < 0 || step > config.steps()) {
            throw new FormatException(state.toString(), "__metadata__.step", "step " + step + " is outside [0, " + config.steps() + "]");
        }
        for (float[] a : List.of(p, m, v)) {
            for (float x : a) {
                if (!Float.isFinite(x)) throw new FormatException(state.toString(), "arenas", "holds a non-finite value");
            }
        }
        return new SavedState(state, step, p, m, v);
    }

    /**
     * An arena of the state file into dst: saved in this layout, or with the tensors packed end to end, as builds
     * before the tensors' 64-byte alignment (ParameterLayout) wrote it.
     */
    private void readArena(SafetensorsReader r, String name, float[] dst) throws IOException {
        ParameterLayout layout = model.layout;
        long packed = layout.parameterCount();
        long[] shape = r.info(name).shape();
        if (packed == layout.size() || shape.length != 1 || shape[0] != packed) {
            r.readFloats(name, dst, 0, layout.size());
            return;
        }
        float[] tensors = new float[Math.toIntExact(packed)];
        r.readFloats(name, tensors, 0, packed);
        int at = 0;
        for (ParameterLayout.Tensor t : layout.tensors()) {
            System.arraycopy(tensors, at, dst, t.offset(), t.size());
            at += t.size();
        }
    }

    private void keepMetricsUpTo(long step) throws IOException {
        Path metrics = dir.resolve(METRICS_FILE);
        if (Files.exists(metrics)) {
            List<String> lines = Files.readAllLines(metrics, StandardCharsets.UTF_8);
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i);
                int comma = line.indexOf(',');
                if (comma <= 0) continue;
                long rowStep;
                try {
                    rowStep = Long.parseLong(line.substring(0, comma));
                } catch (NumberFormatException e) {
                    continue;
                }
                // rows after the saved state belong to steps that will be taken again
                if (rowStep <= step) metricsRows.add(line);
            }
        }
    }

    private static String differences(Map<String, Object> old, Map<String, Object> now) {
        List<String> diffs = new ArrayList<>();
        for (Map.Entry<String, Object> e : now.entrySet()) {
            Object before = old.get(e.getKey());
            if (!Objects.equals(before, e.getValue())) diffs.add(e.getKey() + ": " + before + " there, " + e.getValue() + " requested");
        }
        return String.join("; ", diffs);
    }

    @Override
    public void close() {
        trainer.close();
    }
}
