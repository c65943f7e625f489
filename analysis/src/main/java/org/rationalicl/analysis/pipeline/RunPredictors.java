// Computes, stores and reuses the ideal predictors of one run (M, G, constant; SPEC sections 2, 5, 7): their
// predictions on the run's evaluation sets, L(Q) and K(Q), as <run>/predictors.safetensors, written atomically.
// Runs with the same predictor key (task, dims, context, D, seed, eval sets) get a copy instead of a recomputation.
package org.rationalicl.analysis.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rationalicl.analysis.complexity.Complexity;
import org.rationalicl.analysis.data.TaskKind;
import org.rationalicl.analysis.predictors.CategoricalPredictors;
import org.rationalicl.analysis.predictors.ClassificationPredictors;
import org.rationalicl.analysis.predictors.Evidence;
import org.rationalicl.analysis.predictors.RegressionPredictors;
import org.rationalicl.analysis.predictors.SequenceBatches;
import org.rationalicl.analysis.predictors.Strategy;
import org.rationalicl.analysis.predictors.TaskPredictors;
import org.rationalicl.analysis.predictors.TrainingLoss;
import org.rationalicl.core.io.AtomicFiles;
import org.rationalicl.core.io.NdArray;
import org.rationalicl.core.io.Safetensors;
import org.rationalicl.core.io.SafetensorsWriter;
import org.rationalicl.core.tasks.CategoricalConfig;
import org.rationalicl.core.tasks.CategoricalTasks;
import org.rationalicl.core.tasks.ClassificationConfig;
import org.rationalicl.core.tasks.ClassificationTasks;
import org.rationalicl.core.tasks.RegressionConfig;
import org.rationalicl.core.tasks.RegressionTasks;

public final class RunPredictors {
    public static final String FILE = "predictors.safetensors";
    /** Metadata keys of predictors.safetensors. */
    public static final String KEY = "predictor_key", LOSS_SEQUENCES = "loss_sequences";
    /** The strategies stored, in file order. */
    public static final List<Strategy> STRATEGIES = List.of(Strategy.MEMORIZING, Strategy.GENERALIZING,
            Strategy.CONSTANT);

    private RunPredictors() {}

    /** What {@link #ensure} did for a run. */
    public enum Action { ALREADY_DONE, COPIED, COMPUTED }

    /** Metadata key of L(Q) for a strategy, e.g. {@code loss.M}. */
    public static String lossKey(Strategy s) {
        return "loss." + s.tensorPrefix();
    }

    /** Metadata key of K(Q) in bits, e.g. {@code bits.M}. */
    public static String bitsKey(Strategy s) {
        return "bits." + s.tensorPrefix();
    }

    /** Tensor name of a strategy's predictions on a split, e.g. {@code M.eval.pred}. */
    public static String predName(Strategy s, String split) {
        return s.tensorPrefix() + "." + split + ".pred";
    }

    /** Tensor name of a strategy's in-context log-evidence (S, C) before each position on a split. */
    public static String evidenceName(Strategy s, String split) {
        return s.tensorPrefix() + "." + split + ".evidence";
    }

    /** True when the run already holds predictors for exactly this key. */
    public static boolean isDone(RunDirectory run, int lossSequences) {
        Path f = run.dir().resolve(FILE);
        if (!Files.isRegularFile(f)) return false;
        try {
            return run.predictorKey(lossSequences).equals(Safetensors.readMetadata(f).get(KEY));
        } catch (IOException | RuntimeException corrupt) {
            return false; // recomputed and replaced atomically
        }
    }

    /**
     * Makes sure {@code run/predictors.safetensors} exists for {@code lossSequences}: keeps a file with the same key,
     * else copies the file of a run in {@code cache} (key → file) with the same key, else computes it. Adds the
     * run's file to the cache.
     */
    public static Action ensure(RunDirectory run, int lossSequences, Map<String, Path> cache) throws IOException {
        String key = run.predictorKey(lossSequences);
        Path target = run.dir().resolve(FILE);
        if (isDone(run, lossSequences)) {
            cache.putIfAbsent(key, target);
            return Action.ALREADY_DONE;
        }
        Path source = cache.get(key);
        if (source != null && Files.isRegularFile(source)) {
            AtomicFiles.write(target, Files.readAllBytes(source));
            return Action.COPIED;
        }
        compute(run, lossSequences).write(target);
        cache.put(key, target);
        return Action.COMPUTED;
    }

    /** Computes every tensor and number of predictors.safetensors for the run (does not write it). */
    public static SafetensorsWriter compute(RunDirectory run, int lossSequences) throws IOException {
        if (lossSequences < 1) throw new IllegalArgumentException("lossSequences must be >= 1; got " + lossSequences);
        Map<String, NdArray> pools = Safetensors.readAll(run.dir().resolve(RunDirectory.POOLS_FILE));
        Map<String, NdArray> sets = Safetensors.readAll(run.dir().resolve(RunDirectory.EVALSETS_FILE));
        float[] train = floats(pools, "train_tasks", RunDirectory.POOLS_FILE);
        float[] eval = floats(pools, "eval_tasks", RunDirectory.POOLS_FILE);
        int evalPoolSize = (int) pools.get("eval_tasks").shape()[0];
        SafetensorsWriter w = new SafetensorsWriter();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(KEY, run.predictorKey(lossSequences));
        meta.put("task", run.task().id());
        meta.put(LOSS_SEQUENCES, Integer.toString(lossSequences));
        int c = run.context(), d = run.dims();
        double[] losses = new double[3];
        float[] priorParameters;
        String family;
        switch (run.task()) {
            case CATEGORICAL -> {
                CategoricalConfig cfg = new CategoricalConfig(d, c, CategoricalConfig.DEFAULT_ALPHA);
                CategoricalTasks tasks = new CategoricalTasks(cfg, CategoricalTasks.pool(cfg, train, run.tasks()),
                        CategoricalTasks.pool(cfg, eval, evalPoolSize), run.seed(), run.zipfExponent());
                CategoricalPredictors p = TaskPredictors.categorical(tasks);
                for (String split : run.splits()) {
                    int[] tokens = ints(sets, split + ".tokens", RunDirectory.EVALSETS_FILE);
                    int s = tokens.length / (c + 1);
                    for (Strategy q : STRATEGIES) {
                        float[] pred = p.predict(q, tokens, s, c);
                        w.addFloats(predName(q, split), pred, 0, s, c, d);
                        double[] ev = Evidence.cumulativeLogEvidence(
                                CategoricalPredictors.losses(pred, tokens, s, c, d), s, c);
                        w.addFloats(evidenceName(q, split), toFloats(ev), 0, s, c);
                    }
                }
                SequenceBatches<int[]> src = TaskPredictors.lossSource(tasks, lossSequences);
                for (int i = 0; i < 3; i++) {
                    losses[i] = TrainingLoss.estimate(p.perSequenceLoss(STRATEGIES.get(i), src, c), lossSequences);
                }
                priorParameters = new float[d];
                Arrays.fill(priorParameters, (float) CategoricalConfig.DEFAULT_ALPHA);
                family = "Categorical";
            }
            case REGRESSION -> {
                RegressionConfig cfg = RegressionConfig.of(d, c);
                RegressionTasks tasks = new RegressionTasks(cfg, RegressionTasks.pool(cfg, train, run.tasks()),
                        RegressionTasks.pool(cfg, eval, evalPoolSize), run.seed(), run.zipfExponent());
                RegressionPredictors p = TaskPredictors.regression(tasks);
                for (String split : run.splits()) {
                    float[] xs = floats(sets, split + ".xs", RunDirectory.EVALSETS_FILE);
                    float[] ys = floats(sets, split + ".ys", RunDirectory.EVALSETS_FILE);
                    int s = ys.length / c;
                    for (Strategy q : STRATEGIES) {
                        float[] pred = p.predict(q, xs, ys, s, c);
                        w.addFloats(predName(q, split), pred, 0, s, c);
                        double[] ev = Evidence.cumulativeLogEvidence(p.losses(pred, ys, s, c), s, c);
                        w.addFloats(evidenceName(q, split), toFloats(ev), 0, s, c);
                    }
                }
                SequenceBatches<RegressionPredictors.Batch> src = TaskPredictors.lossSource(tasks, lossSequences);
                for (int i = 0; i < 3; i++) {
                    losses[i] = TrainingLoss.estimate(p.perSequenceLoss(STRATEGIES.get(i), src, c), lossSequences);
                }
                // the prior N(0, I_d) and the noise variance
                priorParameters = new float[d + 2];
                priorParameters[d] = 1f;
                priorParameters[d + 1] = (float) cfg.noiseVariance();
                family = "Regression";
            }
            case CLASSIFICATION -> {
                ClassificationConfig cfg = new ClassificationConfig(d, c,
                        ClassificationConfig.DEFAULT_WITHIN_CLASS_VARIANCE);
                ClassificationTasks tasks = new ClassificationTasks(cfg,
                        ClassificationTasks.pool(cfg, train, run.tasks()),
                        ClassificationTasks.pool(cfg, eval, evalPoolSize), run.seed(), run.zipfExponent());
                ClassificationPredictors p = TaskPredictors.classification(tasks);
                for (String split : run.splits()) {
                    float[] pairs = floats(sets, split + ".pairs", RunDirectory.EVALSETS_FILE);
                    int s = pairs.length / (c * (d + 1));
                    for (Strategy q : STRATEGIES) {
                        w.addFloats(predName(q, split), p.predict(q, pairs, s, c), 0, s, 2);
                    }
                }
                SequenceBatches<ClassificationPredictors.Batch> src = TaskPredictors.lossSource(tasks, lossSequences);
                for (int i = 0; i < 3; i++) {
                    losses[i] = TrainingLoss.estimate(p.perSequenceLoss(STRATEGIES.get(i), src, c), lossSequences);
                }
                priorParameters = new float[] {(float) cfg.withinClassVariance()};
                family = "Classification";
            }
            default -> throw new IllegalStateException("unknown task " + run.task());
        }
        // Each strategy's algorithm is its own source file, so K(M) and K(G) count their own code (SPEC §7).
        Complexity.Report km = Complexity.ofPackagedSource(train, "Memorizing" + family + ".java");
        Complexity.Report kg = Complexity.ofPackagedSource(priorParameters, "Generalizing" + family + ".java");
        for (int i = 0; i < 3; i++) meta.put(lossKey(STRATEGIES.get(i)), Double.toString(losses[i]));
        meta.put(bitsKey(Strategy.MEMORIZING), Long.toString(km.totalBits()));
        meta.put(bitsKey(Strategy.GENERALIZING), Long.toString(kg.totalBits()));
        meta.put("bits.M.data", Long.toString(km.data().bits()));
        meta.put("bits.M.code", Long.toString(km.code().bits()));
        meta.put("bits.G.data", Long.toString(kg.data().bits()));
        meta.put("bits.G.code", Long.toString(kg.code().bits()));
        meta.put("bits.M.data.compressor", km.data().best());
        meta.put("bits.G.data.compressor", kg.data().best());
        meta.put("summary", String.format(Locale.ROOT, "L(M)=%.6g L(G)=%.6g L(const)=%.6g K(M)=%d K(G)=%d bits",
                losses[0], losses[1], losses[2], km.totalBits(), kg.totalBits()));
        return w.metadata(meta);
    }

    static float[] floats(Map<String, NdArray> tensors, String name, String file) {
        NdArray a = tensors.get(name);
        if (a == null) throw new IllegalArgumentException(file + ": tensor '" + name + "' is missing");
        if (!(a.data() instanceof float[] f)) {
            throw new IllegalArgumentException(file + ": tensor '" + name + "' must be F32; got " + a.dtype());
        }
        return f;
    }

    static int[] ints(Map<String, NdArray> tensors, String name, String file) {
        NdArray a = tensors.get(name);
        if (a == null) throw new IllegalArgumentException(file + ": tensor '" + name + "' is missing");
        if (!(a.data() instanceof int[] f)) {
            throw new IllegalArgumentException(file + ": tensor '" + name + "' must be I32; got " + a.dtype());
        }
        return f;
    }

    private static float[] toFloats(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) v[i];
        return out;
    }
}
