// Synthetic but plausible report data for the figure and report tests: the rational model's own log-odds with
// the paper's categorical parameters, plus seeded noise for the "transformer". Not a test of the model itself.
package org.rationalicl.analysis.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.SequencedMap;

final class SampleReports {
    private SampleReports() {}

    static final double ALPHA = 0.6, BETA = 0.2, GAMMA = 0.85;

    /** Checkpoints evenly spaced in sqrt(step), as SPEC section 4 prescribes. */
    static long[] checkpoints(long first, long last, int count) {
        long[] steps = new long[count];
        for (int k = 0; k < count; k++) {
            double r = Math.sqrt(first) + k * (Math.sqrt(last) - Math.sqrt(first)) / (count - 1);
            steps[k] = Math.round(r * r);
        }
        return steps;
    }

    static double lossG() { return 2.0; }

    static double lossM(int d) { return 2.0 - 0.3 / (1 + d / 256.0); }

    static double complexityM(int d) { return 20_000 + 2000.0 * d; }

    static final double COMPLEXITY_G = 3000;

    static double logOdds(long step, int d) {
        double evidence = -GAMMA * Math.pow(step, 1 - ALPHA) * (lossM(d) - lossG());
        double prior = -Math.log(2) * (Math.pow(complexityM(d), BETA) - Math.pow(COMPLEXITY_G, BETA));
        return evidence + prior;
    }

    static double transition(int d) {
        double n = Math.log(2) * (Math.pow(complexityM(d), BETA) - Math.pow(COMPLEXITY_G, BETA))
                / (GAMMA * (lossG() - lossM(d)));
        return Math.pow(n, 1 / (1 - ALPHA));
    }

    static ConfigurationReport categorical(String title, long seed) {
        int[] pools = {4, 8, 16, 32, 64, 128, 256, 512, 1024};
        long[] steps = checkpoints(20, 20_000, 40);
        Random random = new Random(seed);
        double[][] network = new double[pools.length][steps.length];
        double[][] model = new double[pools.length][steps.length];
        double[][] odds = new double[pools.length][steps.length];
        for (int i = 0; i < pools.length; i++) {
            for (int s = 0; s < steps.length; s++) {
                odds[i][s] = logOdds(steps[s], pools[i]);
                model[i][s] = 1 / (1 + Math.exp(-odds[i][s]));
                double noisy = 1 / (1 + Math.exp(-(odds[i][s] * 1.1 + 0.3 * random.nextGaussian())));
                network[i][s] = Math.min(1, Math.max(0, noisy + 0.02 * random.nextGaussian()));
            }
        }
        network[pools.length - 1][steps.length - 1] = Double.NaN; // one missing checkpoint
        double[] netTransition = new double[pools.length], modelTransition = new double[pools.length];
        for (int i = 0; i < pools.length; i++) {
            double t = transition(pools[i]);
            modelTransition[i] = t <= steps[steps.length - 1] ? t : Double.POSITIVE_INFINITY;
            netTransition[i] = t <= steps[steps.length - 1] * 0.8 ? t * Math.exp(0.15 * random.nextGaussian()) : Double.NaN;
        }
        List<PowerLawFit> fits = List.of(
                new PowerLawFit(PowerLawFit.FittedTo.TRANSFORMER, 38.0, 1.10, 0.92, 1.28),
                new PowerLawFit(PowerLawFit.FittedTo.MODEL, 35.0, 1.11, 1.02, 1.20));
        List<LossCurve> curves = new java.util.ArrayList<>();
        for (int i = 0; i < pools.length; i++) {
            double[] id = new double[steps.length], ood = new double[steps.length];
            for (int s = 0; s < steps.length; s++) {
                double w = model[i][s];
                double early = 0.25 * Math.exp(-steps[s] / 300.0);
                id[s] = early + w * lossM(pools[i]) + (1 - w) * lossG() + 0.005 * random.nextGaussian();
                ood[s] = early + w * (lossG() + 0.4 / Math.sqrt(pools[i])) + (1 - w) * lossG() + 0.005 * random.nextGaussian();
            }
            curves.add(new LossCurve(pools[i], steps, id, ood, lossM(pools[i]), lossG(),
                    lossG() + 0.4 / Math.sqrt(pools[i]), lossG() + 0.001));
        }
        SequencedMap<String, String> config = new LinkedHashMap<>();
        config.put("vocabulary V", "8");
        config.put("context length C", "128");
        config.put("MLP factor", "4");
        config.put("pool sizes D", "4, 8, 16, 32, 64, 128, 256, 512, 1024");
        config.put("steps", "20,000 (40 checkpoints, √-spaced from 20)");
        config.put("interpolation threshold", "step 180");
        List<FittedParameters> params = List.of(
                new FittedParameters("full model", 0.6012, 0.1987, 0.8534, 0.6, 0.2, 0.85, 0.00213, 57,
                        "relative reduction of f below 1e-7", true),
                new FittedParameters("ablation: α = 0 (linear evidence)", Double.NaN, 0.31, 0.0042, 0.6, 0.2, 0.85,
                        0.0187, 1000, "iteration limit reached", false));
        List<MetricRow> metrics = List.of(
                new MetricRow(Metric.CORRELATION, Split.ID, 0.9876, Double.NaN, 0.0123),
                new MetricRow(Metric.CORRELATION, Split.OOD, 0.9712, Double.NaN, -0.0311),
                new MetricRow(Metric.TOTAL_VARIATION, Split.ID, 0.0412, 0.2310, 0.0823),
                new MetricRow(Metric.TOTAL_VARIATION, Split.OOD, 0.0897, 0.2412, 0.1204),
                new MetricRow(Metric.SPEARMAN, Split.ID, 0.9534, 0.0, 0.8123),
                new MetricRow(Metric.SPEARMAN, Split.OOD, 0.8488, 0.0, 0.7012));
        return new ConfigurationReport(title, "categorical", config, params, metrics,
                RelativeDistanceGrid.of(pools, steps, network, model), LogOddsGrid.of(pools, steps, odds),
                new TransitionSteps(pools, netTransition, modelTransition, fits),
                new LossCurves("Cross-entropy (nats/token)", curves));
    }

    static ReportHeader header() {
        return new ReportHeader("Rational ICL analysis report", "runs/demo (synthetic test data)", "icl 0.1.0-SNAPSHOT");
    }
}
