// The network's evaluation metric over training (metrics.csv, ID = train_metric, OOD = eval_metric) and the same
// metric for M and G on the same evaluation sequences, for the loss figure (SPEC section 10).
package org.rationalicl.analysis.pipeline;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.rationalicl.analysis.data.TaskKind;
import org.rationalicl.analysis.predictors.Strategy;
import org.rationalicl.analysis.report.LossCurve;
import org.rationalicl.core.io.NdArray;
import org.rationalicl.core.io.Safetensors;

public final class MetricLevels {
    private MetricLevels() {}

    /** The axis label naming the metric that metrics.csv records for this task (docs/FORMATS.md). */
    public static String label(TaskKind task) {
        return switch (task) {
            case CATEGORICAL -> "KL(θ ‖ prediction) (nats/token)";
            case REGRESSION -> "Mean squared error of ŷ";
            case CLASSIFICATION -> "Cross-entropy of the label (nats)";
        };
    }

    /** The run's curve: metric at every checkpoint row of metrics.csv plus M's and G's levels (NaN if absent). */
    public static LossCurve lossCurve(RunDirectory run) throws IOException {
        Map<String, TreeMap<Long, Double>> m = run.metrics();
        TreeMap<Long, Double> id = m.getOrDefault("train_metric", new TreeMap<>());
        TreeMap<Long, Double> ood = m.getOrDefault("eval_metric", new TreeMap<>());
        TreeMap<Long, double[]> rows = new TreeMap<>();
        id.forEach((s, v) -> rows.computeIfAbsent(s, k -> new double[] {Double.NaN, Double.NaN})[0] = v);
        ood.forEach((s, v) -> rows.computeIfAbsent(s, k -> new double[] {Double.NaN, Double.NaN})[1] = v);
        rows.headMap(1L).clear(); // the figure's step axis starts at 1
        if (rows.isEmpty()) {
            // no metrics file: one NaN point keeps the curve well-formed
            rows.put(Math.max(1, run.predictionSteps().length > 0 ? run.predictionSteps()[0] : 1),
                    new double[] {Double.NaN, Double.NaN});
        }
        long[] steps = rows.keySet().stream().mapToLong(Long::longValue).toArray();
        double[] a = new double[steps.length], b = new double[steps.length];
        int i = 0;
        for (double[] v : rows.values()) {
            a[i] = v[0];
            b[i++] = v[1];
        }
        Map<String, NdArray> pred = Safetensors.readAll(run.dir().resolve(RunPredictors.FILE));
        Map<String, NdArray> sets = Safetensors.readAll(run.dir().resolve(RunDirectory.EVALSETS_FILE));
        return new LossCurve(run.tasks(), steps, a, b,
                metric(run, pred, sets, Strategy.MEMORIZING, RunData.ID_SPLIT),
                metric(run, pred, sets, Strategy.GENERALIZING, RunData.ID_SPLIT),
                metric(run, pred, sets, Strategy.MEMORIZING, RunData.OOD_SPLIT),
                metric(run, pred, sets, Strategy.GENERALIZING, RunData.OOD_SPLIT));
    }

    /** The task's evaluation metric of a strategy's predictions on a split, as metrics.csv defines it. */
    static double metric(RunDirectory run, Map<String, NdArray> pred, Map<String, NdArray> sets, Strategy q,
                         String split) {
        float[] p = RunPredictors.floats(pred, RunPredictors.predName(q, split), RunPredictors.FILE);
        int c = run.context(), d = run.dims();
        double sum = 0;
        long n = 0;
        switch (run.task()) {
            case CATEGORICAL -> {
                float[] theta = RunPredictors.floats(sets, split + ".theta", RunDirectory.EVALSETS_FILE);
                int s = theta.length / d;
                for (int q0 = 0; q0 < s; q0++) {
                    for (int t = 0; t < c; t++) {
                        int off = (q0 * c + t) * d;
                        for (int k = 0; k < d; k++) {
                            double th = theta[q0 * d + k];
                            if (th > 0) sum += th * Math.log(th / Math.max(p[off + k], 1e-30));
                        }
                        n++;
                    }
                }
            }
            case REGRESSION -> {
                float[] ys = RunPredictors.floats(sets, split + ".ys", RunDirectory.EVALSETS_FILE);
                for (int k = 0; k < ys.length; k++) {
                    double e = p[k] - ys[k];
                    sum += e * e;
                    n++;
                }
            }
            case CLASSIFICATION -> {
                int[] labels = RunPredictors.ints(sets, split + ".labels", RunDirectory.EVALSETS_FILE);
                for (int k = 0; k < labels.length; k++) {
                    sum -= Math.log(Math.max(p[2 * k + labels[k]], 1e-30));
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
