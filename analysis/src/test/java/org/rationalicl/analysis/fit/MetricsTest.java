// The configuration's observed weights and metrics, recomputed independently from the fitted parameters
// with the plain distance and statistics functions; the JSON line carries the reference's field names.
package org.rationalicl.analysis.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rationalicl.analysis.data.Checkpoint;
import org.rationalicl.analysis.data.ConfigurationData;
import org.rationalicl.analysis.data.PoolRun;
import org.rationalicl.analysis.data.Predictions;
import org.rationalicl.analysis.data.PredictorOutputs;
import org.rationalicl.analysis.data.TaskKind;
import org.rationalicl.analysis.distance.Distances;
import org.rationalicl.analysis.model.HierarchicalModel;
import org.rationalicl.analysis.model.ModelVariant;

class MetricsTest {

    @Test
    void observedWeightsMatchThePlainDistanceFunctions() {
        ConfigurationData data = ConfigurationFitTest.small(9, 0.05);
        ConfigurationFit fit = new ConfigurationFit(data, FitOptions.defaults(data.task()), false);
        int pair = 0;
        for (PoolRun run : data.pools()) {
            for (Checkpoint c : run.checkpoints()) {
                double wId = Distances.relativeWeight(Distances.symmetrisedKl(c.id(), run.generalizing().id()),
                        Distances.symmetrisedKl(c.id(), run.memorizing().id()),
                        Distances.symmetrisedKl(run.memorizing().id(), run.generalizing().id()));
                double wOod = Distances.relativeWeight(Distances.symmetrisedKl(c.ood(), run.generalizing().ood()),
                        Distances.symmetrisedKl(c.ood(), run.memorizing().ood()),
                        Distances.symmetrisedKl(run.memorizing().ood(), run.generalizing().ood()));
                // The fit caches log M and log G as float32 (half the memory at paper size): agreement to 1e-6.
                assertEquals(wId, fit.observedWeightId(pair), 1e-6, "ID weight of pair " + pair);
                assertEquals(wOod, fit.observedWeightOod(pair), 1e-6, "OOD weight of pair " + pair);
                double interp = Distances.interpolationDistance(TaskKind.CATEGORICAL, 8, c.id(), run.memorizing().id(),
                        run.generalizing().id(), wId);
                assertEquals(interp, fit.interpolationDistance(pair), 1e-6 * interp + 1e-12, "interp " + pair);
                pair++;
            }
        }
    }

    @Test
    void categoricalMetricsMatchDirectComputation() {
        ConfigurationData data = ConfigurationFitTest.small(4, 0.05);
        ConfigurationResult r = ConfigurationFit.fit(data, FitOptions.defaults(data.task()));
        HierarchicalModel model = HierarchicalModel.of(ModelVariant.FULL, r.fittedParameters());
        double tvdSum = 0;
        double spearmanSum = 0;
        double constantTvd = 0;
        int pairs = 0;
        List<Double> predicted = new ArrayList<>();
        List<Double> observed = new ArrayList<>();
        for (PoolRun run : data.pools()) {
            for (Checkpoint c : run.checkpoints()) {
                if (c.step() < r.thresholdStep()) {
                    continue;
                }
                double w = model.weights(c.step(), new double[] {run.memorizing().loss(), run.generalizing().loss()},
                        new double[] {run.memorizing().complexityBits(), run.generalizing().complexityBits()})[0];
                predicted.add(w);
                observed.add(Distances.relativeWeight(Distances.symmetrisedKl(c.id(), run.generalizing().id()),
                        Distances.symmetrisedKl(c.id(), run.memorizing().id()),
                        Distances.symmetrisedKl(run.memorizing().id(), run.generalizing().id())));
                Predictions t = c.id();
                int v = t.outcomes();
                double tvd = 0;
                double rho = 0;
                double ctvd = 0;
                for (int row = 0; row < t.rows(); row++) {
                    double[] tr = new double[v];
                    double[] hr = new double[v];
                    double[] cr = new double[v];
                    for (int o = 0; o < v; o++) {
                        tr[o] = t.values()[row * v + o];
                        hr[o] = (float) (w * run.memorizing().id().values()[row * v + o]
                                + (1 - w) * run.generalizing().id().values()[row * v + o]);
                        cr[o] = run.constant().id().values()[row * v + o];
                    }
                    tvd += Statistics.totalVariation(hr, tr);
                    rho += Statistics.spearman(hr, tr);
                    ctvd += Statistics.totalVariation(cr, tr);
                }
                tvdSum += tvd / t.rows();
                spearmanSum += rho / t.rows();
                constantTvd += ctvd / t.rows();
                pairs++;
            }
        }
        assertEquals(pairs, r.holdOut().evaluatedPairs());
        assertEquals(tvdSum / pairs, r.modelId().totalVariation(), 1e-6);
        assertEquals(spearmanSum / pairs, r.modelId().spearman(), 1e-6);
        ConfigurationResult.Baseline constant = r.baselines().get(1);
        assertEquals("constant", constant.name());
        assertEquals(constantTvd / pairs, constant.id().totalVariation(), 1e-6);
        assertTrue(Double.isNaN(constant.id().spearman()), "uniform constant has no rank order");
        double[] p = predicted.stream().mapToDouble(Double::doubleValue).toArray();
        double[] o = observed.stream().mapToDouble(Double::doubleValue).toArray();
        assertEquals(Statistics.pearson(p, o), r.correlationId(), 1e-9);
    }

    /** A regression configuration: T = w·M + (1 − w)·G + noise with w from the model. */
    static ConfigurationData regression(long seed, double noise) {
        SplittableRandom random = new SplittableRandom(seed);
        HierarchicalModel model = HierarchicalModel.of(ModelVariant.FULL, new double[] {0.65, 0.3, 0.01});
        long[] steps = SyntheticConfiguration.sqrtSpacedSteps(20, 100_000, 25);
        List<PoolRun> pools = new ArrayList<>();
        int s = 10;
        int c = 8;
        for (int d : new int[] {2, 4, 8, 16, 32, 64, 128}) {
            float[][] sets = new float[4][s * c];
            for (float[] set : sets) {
                for (int i = 0; i < set.length; i++) {
                    set[i] = (float) (2 * random.nextDouble() - 1);
                }
            }
            double lossG = 1.0;
            double lossM = lossG - 3.0 / Math.sqrt(d);
            double bitsM = 500 + 256.0 * d;
            double bitsG = 500;
            PredictorOutputs m = new PredictorOutputs("M", Predictions.regression(sets[0], s, c),
                    Predictions.regression(sets[2], s, c), lossM, bitsM);
            PredictorOutputs g = new PredictorOutputs("G", Predictions.regression(sets[1], s, c),
                    Predictions.regression(sets[3], s, c), lossG, bitsG);
            List<Checkpoint> cps = new ArrayList<>();
            for (long step : steps) {
                double w = model.weights(step, new double[] {lossM, lossG}, new double[] {bitsM, bitsG})[0];
                double sigma = noise + 0.5 * Math.exp(-step / 200.0);
                float[] id = new float[s * c];
                float[] ood = new float[s * c];
                for (int i = 0; i < id.length; i++) {
                    id[i] = (float) (w * sets[0][i] + (1 - w) * sets[1][i] + sigma * (random.nextDouble() - 0.5));
                    ood[i] = (float) (w * sets[2][i] + (1 - w) * sets[3][i] + sigma * (random.nextDouble() - 0.5));
                }
                cps.add(new Checkpoint(step, Predictions.regression(id, s, c), Predictions.regression(ood, s, c)));
            }
            pools.add(new PoolRun(d, List.of(m, g), null, cps));
        }
        return new ConfigurationData(TaskKind.REGRESSION, 8, c, 4, pools);
    }

    @Test
    void regressionFitRecoversParametersAndReportsRSquared() {
        ConfigurationData data = regression(3, 0.01);
        ConfigurationFit fit = new ConfigurationFit(data, FitOptions.defaults(TaskKind.REGRESSION), false);
        ConfigurationResult r = fit.run();
        String report = java.util.Arrays.toString(r.fittedParameters()) + " " + r.status() + " corr "
                + r.correlationId() + " r2 " + r.modelId().rSquared();
        double[] truth = {0.65, 0.3, 0.01};
        for (int i = 0; i < 3; i++) {
            assertEquals(truth[i], r.fittedParameters()[i], 0.05 * truth[i], report);
        }
        assertTrue(r.correlationId() > 0.99, report);
        assertTrue(r.modelId().rSquared() > 0.99, report);
        assertTrue(Double.isNaN(r.modelId().totalVariation()), "TVD does not apply to regression");
        // The quadratic per-pair statistics are exact: they agree with the per-element objective.
        ConfigurationFit exact = new ConfigurationFit(data, FitOptions.defaults(TaskKind.REGRESSION), true);
        double[] at = ModelVariant.FULL.toFree(new double[] {0.5, 0.4, 0.02});
        double[] g1 = new double[3];
        double[] g2 = new double[3];
        double f1 = fit.objective(at, g1);
        double f2 = exact.objective(at, g2);
        assertEquals(f2, f1, 1e-6 * f2);
        for (int i = 0; i < 3; i++) {
            assertEquals(g2[i], g1[i], 1e-6 * Math.abs(g2[i]) + 1e-12, "gradient " + i);
        }
    }

    @Test
    void classificationReportsAgreementAndNoSpearman() throws Exception {
        ConfigurationData base = SyntheticConfiguration.generate(new SyntheticConfiguration.Spec(2, 300, 1,
                new int[] {2, 4, 8, 16, 32, 64, 128, 256}, SyntheticConfiguration.sqrtSpacedSteps(20, 100_000, 25),
                new double[] {0.6, 0.2, 0.85}, 0.05, 0.5, 0, 13));
        ConfigurationData data = new ConfigurationData(TaskKind.CLASSIFICATION, 8, 128, 4, base.pools());
        ConfigurationResult r = ConfigurationFit.fit(data, FitOptions.defaults(TaskKind.CLASSIFICATION)
                .withInitialParameters(new double[] {0.6, 0.2, 0.85}));
        String report = java.util.Arrays.toString(r.fittedParameters()) + " agreement " + r.modelId().agreement();
        assertTrue(r.modelId().agreement() > 0.9, report);
        assertTrue(r.modelId().agreement() <= 1, report);
        assertTrue(Double.isNaN(r.modelId().spearman()), "Spearman over two labels is not reported");
        assertTrue(r.correlationId() > 0.95, report + " corr " + r.correlationId());
        JsonNode avg = new ObjectMapper().readTree(ResultsJson.toLine(r)).get("average_results");
        assertTrue(avg.get("agreement_id").isNumber() && avg.get("agreement_ood").isNumber(), avg.toString());
    }

    @Test
    void jsonLineHasTheReferenceFieldNames(@TempDir Path dir) throws Exception {
        ConfigurationData data = ConfigurationFitTest.small(6, 0.05);
        ConfigurationResult r = ConfigurationFit.fit(data, FitOptions.defaults(data.task()));
        Path file = dir.resolve("results.jsonl");
        ResultsJson.append(file, r);
        ResultsJson.append(file, r);
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        JsonNode o = new ObjectMapper().readTree(lines.get(0));
        assertEquals(16, o.get("context_length").asInt());
        assertEquals(8, o.get("num_dims").asInt());
        assertEquals(4, o.get("mlp_expansion_factor").asInt());
        assertEquals(r.correlationId(), o.get("correlation_bms_relative_distance_id").asDouble(), 0);
        assertEquals(r.correlationOod(), o.get("correlation_bms_relative_distance_ood").asDouble(), 0);
        JsonNode avg = o.get("average_results");
        for (String f : new String[] {"total_variation_distance_id", "total_variation_distance_ood",
                "spearman_correlation_id", "spearman_correlation_ood"}) {
            assertTrue(avg.get(f).isNumber(), f + " in " + avg);
        }
        assertEquals("categorical", o.get("task").asText());
        assertEquals(r.fittedParameters()[0], o.get("fitted_parameters").get("alpha").asDouble(), 0);
        assertEquals(0.6, o.get("initial_parameters").get("alpha").asDouble(), 0);
        assertTrue(o.get("optimizer").get("status").asText().startsWith("converged"), o.get("optimizer").toString());
        assertEquals(0.8, o.get("hold_out").get("checkpoint_fraction").asDouble(), 0);
        assertTrue(o.get("baselines").get("constant").get("correlation_bms_relative_distance_id").isNull());
        assertTrue(o.get("baselines").get("random_weights").get("average_results").has("total_variation_distance_id"));
    }
}
