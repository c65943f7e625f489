// Loads one run for the fit: its ideal predictors (predictors.safetensors) and the network's predictions at every
// checkpoint, as the analysis.data records (ID = the "train" split, OOD = the "eval" split; SPEC section 5).
package org.rationalicl.analysis.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rationalicl.analysis.data.Checkpoint;
import org.rationalicl.analysis.data.PoolRun;
import org.rationalicl.analysis.data.Predictions;
import org.rationalicl.analysis.data.PredictorOutputs;
import org.rationalicl.analysis.data.TaskKind;
import org.rationalicl.analysis.predictors.Strategy;
import org.rationalicl.core.io.NdArray;
import org.rationalicl.core.io.Safetensors;
import org.rationalicl.core.io.SafetensorsReader;

public final class RunData {
    public static final String ID_SPLIT = "train", OOD_SPLIT = "eval";

    private RunData() {}

    /** The run as a PoolRun: M and G (with their in-context evidence where stored), the constant, every checkpoint ≥ 1. */
    public static PoolRun load(RunDirectory run) throws IOException {
        Path file = run.dir().resolve(RunPredictors.FILE);
        Map<String, String> meta;
        Map<String, NdArray> t;
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            meta = r.metadata();
            t = r.getAll();
        }
        List<PredictorOutputs> strategies = new ArrayList<>();
        PredictorOutputs constant = null;
        for (Strategy q : RunPredictors.STRATEGIES) {
            Predictions id = shape(run, RunPredictors.floats(t, RunPredictors.predName(q, ID_SPLIT), file.toString()));
            Predictions ood = shape(run, RunPredictors.floats(t, RunPredictors.predName(q, OOD_SPLIT), file.toString()));
            double loss = number(meta, RunPredictors.lossKey(q), file);
            if (q == Strategy.CONSTANT) {
                constant = new PredictorOutputs(q.tensorPrefix(), id, ood, loss, 0);
            } else {
                NdArray evId = t.get(RunPredictors.evidenceName(q, ID_SPLIT));
                NdArray evOod = t.get(RunPredictors.evidenceName(q, OOD_SPLIT));
                strategies.add(new PredictorOutputs(q.tensorPrefix(), id, ood, loss,
                        number(meta, RunPredictors.bitsKey(q), file),
                        evId == null ? null : (float[]) evId.data(), evOod == null ? null : (float[]) evOod.data()));
            }
        }
        List<Checkpoint> checkpoints = new ArrayList<>();
        for (long step : run.predictionSteps()) {
            if (step < 1) continue; // N = 0 has no evidence; the model is defined for N > 0 only
            Path f = run.predictionsFile(step);
            Map<String, NdArray> p = Safetensors.readAll(f);
            checkpoints.add(new Checkpoint(step, shape(run, RunPredictors.floats(p, ID_SPLIT + ".pred", f.toString())),
                    shape(run, RunPredictors.floats(p, OOD_SPLIT + ".pred", f.toString()))));
        }
        if (checkpoints.isEmpty()) {
            throw new IllegalArgumentException("run " + run.dir() + " has no checkpoint predictions (predictions/step-N"
                    + ".safetensors with N >= 1)");
        }
        return new PoolRun(run.tasks(), strategies, constant, checkpoints);
    }

    /** Flat values as Predictions of the task's shape: (S, C, V), (S, C) or (S, 2). */
    static Predictions shape(RunDirectory run, float[] v) {
        int c = run.context(), d = run.dims();
        return switch (run.task()) {
            case CATEGORICAL -> Predictions.categorical(v, v.length / (c * d), c, d);
            case REGRESSION -> Predictions.regression(v, v.length / c, c);
            case CLASSIFICATION -> Predictions.classification(v, v.length / 2);
        };
    }

    private static double number(Map<String, String> meta, String key, Path file) {
        String v = meta.get(key);
        if (v == null) throw new IllegalArgumentException(file + ": __metadata__ lacks '" + key + "'");
        return Double.parseDouble(v);
    }

    static boolean isDistribution(TaskKind t) {
        return t.isDistribution();
    }
}
