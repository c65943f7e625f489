// A training run bound to a run directory (layout in docs/FORMATS.md): creates it, or resumes it exactly when
// it holds the same configuration, or refuses it when it holds a different one. Every file is written
// atomically; state/ holds what exact resume needs (weights, AdamW moments, step — data is keyed by step).
package org.rationalicl.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.rationalicl.core.io.AtomicFiles;
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
    public static final String CHECKPOINTS_DIR = "checkpoints";
    public static final String PREDICTIONS_DIR = "predictions";
    public static final String STATE_FILE = "state/state.safetensors";

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

    private TrainingRun(TrainingConfig config, Path dir, Kernels kernels) throws IOException {
        this.config = config;
        this.dir = dir;
        Files.createDirectories(dir);
        AtomicFiles.deleteStaleTempFiles(dir);
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
            Path state = dir.resolve(STATE_FILE);
            resumed = Files.exists(state);
            if (resumed) restore(state);
        } catch (IOException | RuntimeException e) {
            trainer.close(); // do not leave the worker threads behind
            throw e;
        }
    }

    /** pools.safetensors and evalsets.safetensors, unless a previous session of this run wrote them. */
    private void writeDataFiles(TaskData data) throws IOException {
        if (!Files.exists(dir.resolve(POOLS_FILE))) {
            SafetensorsWriter w = new SafetensorsWriter().metadata(commonMetadata());
            data.poolTensors().forEach(w::add);
            w.write(dir.resolve(POOLS_FILE));
        }
        if (!Files.exists(dir.resolve(EVALSETS_FILE))) {
            SafetensorsWriter w = new SafetensorsWriter().metadata(commonMetadata());
            for (TaskData.Split s : splits) s.tensors().forEach(w::add);
            w.write(dir.resolve(EVALSETS_FILE));
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

    /** Trains to the configured number of steps. */
    public TrainingResult train(TrainingListener listener) throws IOException {
        return trainUntil(config.steps(), listener);
    }

    /**
     * Trains until {@code stopStep} (capped at the configured steps) or until the listener asks to stop, then
     * saves the state; checkpoints and evaluations happen at the configured steps on the way.
     */
    public TrainingResult trainUntil(long stopStep, TrainingListener listener) throws IOException {
        TrainingListener l = listener == null ? TrainingListener.NONE : listener;
        long target = Math.min(stopStep, config.steps());
        l.onStart(config, trainer.step(), resumed);
        Map<String, Double> lastMetrics = Map.of();
        double lastLoss = Double.NaN;
        if (trainer.step() == 0 && checkpointSteps[0] == 0 && !Files.exists(checkpointFile(0))) {
            lastMetrics = checkpoint(l);
        }
        boolean savedHere = false;
        while (trainer.step() < target) {
            long s = trainer.step();
            double lr = config.lrAt(s);
            trainer.trainStep(source, lr, config.clip());
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
        Map<String, Evaluator.Result> results = evaluator.evaluate(splits);
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
        ck.write(checkpointFile(n));

        SafetensorsWriter pred = new SafetensorsWriter().metadata(commonMetadata()).metadata("step", Long.toString(n));
        for (Evaluator.Result r : results.values()) {
            pred.add(r.split() + ".pred", NdArray.ofFloats(r.predictions(), predictionShape(r.predictions().length)));
        }
        pred.write(dir.resolve(PREDICTIONS_DIR).resolve("step-" + n + ".safetensors"));

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

    /** metrics.csv, then state (so a saved state always has its metrics and checkpoints on disk). */
    private void saveState() throws IOException {
        StringBuilder csv = new StringBuilder(metricsHeader).append('\n');
        for (String r : metricsRows) csv.append(r).append('\n');
        AtomicFiles.writeString(dir.resolve(METRICS_FILE), csv.toString());
        int size = model.layout.size();
        new SafetensorsWriter()
                .metadata(commonMetadata())
                .metadata("step", Long.toString(trainer.step()))
                .addFloats("params", trainer.parameters(), 0, size)
                .addFloats("adam_m", trainer.firstMoment(), 0, size)
                .addFloats("adam_v", trainer.secondMoment(), 0, size)
                .write(dir.resolve(STATE_FILE));
    }

    private void restore(Path state) throws IOException {
        int size = model.layout.size();
        float[] p = new float[size], m = new float[size], v = new float[size];
        long step;
        try (SafetensorsReader r = SafetensorsReader.open(state)) {
            String s = r.metadata().get("step");
            try {
                step = Long.parseLong(Objects.requireNonNull(s, "missing"));
            } catch (RuntimeException e) {
                throw new IOException(state + ": __metadata__.step = " + s + " is not a step number", e);
            }
            r.readFloats("params", p, 0, size);
            r.readFloats("adam_m", m, 0, size);
            r.readFloats("adam_v", v, 0, size);
        }
        if (step > config.steps()) throw new IOException(state + ": step " + step + " beyond the run's " + config.steps());
        trainer.restore(step, p, m, v);
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
