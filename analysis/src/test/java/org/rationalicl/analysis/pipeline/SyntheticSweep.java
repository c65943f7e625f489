// Test helper: categorical run directories in the documented format (docs/FORMATS.md) built from core.tasks, whose
// "network" predictions are the hierarchical model's own mixture w_M·M + (1 − w_M)·G with known (α, β, γ).
package org.rationalicl.analysis.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rationalicl.analysis.model.HierarchicalModel;
import org.rationalicl.analysis.model.ModelVariant;
import org.rationalicl.analysis.predictors.Strategy;
import org.rationalicl.core.io.Json;
import org.rationalicl.core.io.NdArray;
import org.rationalicl.core.io.Safetensors;
import org.rationalicl.core.io.SafetensorsWriter;
import org.rationalicl.core.tasks.CategoricalConfig;
import org.rationalicl.core.tasks.CategoricalTasks;
import org.rationalicl.core.tasks.CategoricalSequences;
import org.rationalicl.core.tasks.SequenceSet;

final class SyntheticSweep {
    static final int V = 4, C = 8, S = 12;
    static final long SEED = 7;

    private SyntheticSweep() {}

    /** Writes config.json, pools.safetensors, evalsets.safetensors and metrics.csv (no predictions yet). */
    static RunDirectory writeRun(Path dir, int d, double mlpFactor, long steps) throws IOException {
        Files.createDirectories(dir);
        CategoricalConfig cfg = new CategoricalConfig(V, C, CategoricalConfig.DEFAULT_ALPHA);
        CategoricalTasks tasks = CategoricalTasks.create(cfg, d, SEED, 0.0);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("task", "categorical");
        c.put("tasks", d);
        c.put("dims", V);
        c.put("context", C);
        c.put("hidden", 8);
        c.put("mlp_factor", mlpFactor);
        c.put("seed", SEED);
        c.put("steps", steps);
        c.put("eval_sequences", S);
        c.put("zipf_exponent", 0.0);
        Files.writeString(dir.resolve("config.json"), Json.writePretty(c));
        new SafetensorsWriter().addFloats("train_tasks", tasks.trainPool().toArray(), 0, d, V)
                .addFloats("eval_tasks", tasks.evalPool().toArray(), 0, tasks.evalPool().tasks(), V)
                .write(dir.resolve("pools.safetensors"));
        SafetensorsWriter sets = new SafetensorsWriter();
        for (SequenceSet set : List.of(SequenceSet.TRAIN, SequenceSet.EVAL)) {
            CategoricalSequences q = tasks.sequences(set, S);
            sets.add(set.id() + ".tokens", NdArray.ofInts(q.tokens(), S, C + 1));
            sets.add(set.id() + ".theta", NdArray.ofFloats(q.theta(), S, V));
        }
        sets.write(dir.resolve("evalsets.safetensors"));
        Files.writeString(dir.resolve("metrics.csv"), "step,lr,loss,grad_norm,train_metric,eval_metric\n");
        return RunDirectory.read(dir);
    }

    /**
     * Writes predictions/step-N.safetensors for the given steps: the model's w_M (from the run's own L(Q), K(Q) in
     * predictors.safetensors) mixing M and G, and appends the matching metrics.csv rows.
     */
    static void writeModelPredictions(RunDirectory run, HierarchicalModel model, long[] steps) throws IOException {
        Path file = run.dir().resolve(RunPredictors.FILE);
        Map<String, String> meta = Safetensors.readMetadata(file);
        Map<String, NdArray> t = Safetensors.readAll(file);
        double lm = Double.parseDouble(meta.get(RunPredictors.lossKey(Strategy.MEMORIZING)));
        double lg = Double.parseDouble(meta.get(RunPredictors.lossKey(Strategy.GENERALIZING)));
        double km = Double.parseDouble(meta.get(RunPredictors.bitsKey(Strategy.MEMORIZING)));
        double kg = Double.parseDouble(meta.get(RunPredictors.bitsKey(Strategy.GENERALIZING)));
        Files.createDirectories(run.dir().resolve("predictions"));
        StringBuilder csv = new StringBuilder(Files.readString(run.dir().resolve("metrics.csv")));
        for (long n : steps) {
            double w = 1 / (1 + Math.exp(-model.logOdds(n, lm, km, lg, kg)));
            SafetensorsWriter out = new SafetensorsWriter();
            for (String split : List.of("train", "eval")) {
                float[] m = (float[]) t.get(RunPredictors.predName(Strategy.MEMORIZING, split)).data();
                float[] g = (float[]) t.get(RunPredictors.predName(Strategy.GENERALIZING, split)).data();
                float[] h = new float[m.length];
                for (int i = 0; i < h.length; i++) h[i] = (float) (w * m[i] + (1 - w) * g[i]);
                out.addFloats(split + ".pred", h, 0, S, C, V);
            }
            out.write(run.predictionsFile(n));
            csv.append(n).append(",0.001,1.0,1.0,").append(0.1 + 0.1 / n).append(',').append(0.2).append('\n');
        }
        Files.writeString(run.dir().resolve("metrics.csv"), csv.toString());
    }

    static HierarchicalModel model(double alpha, double beta, double gamma) {
        return new HierarchicalModel(ModelVariant.FULL, alpha, beta, gamma);
    }
}
