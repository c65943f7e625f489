// Predictions derived from the fitted model (SPEC section 9) and their counterparts read off the network's
// relative-distance curves: posterior log-odds over (N, D), transition steps N*(D), the power law of N* in
// D, and the task-diversity threshold D*(N).
package org.rationalicl.analysis.derived;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rationalicl.analysis.fit.ConfigurationResult;
import org.rationalicl.analysis.model.HierarchicalModel;

public final class TransitionAnalysis {
    private TransitionAnalysis() {
    }

    /** log post(M | N) − log post(G | N) on the grid: (pools, steps) indexed [d][n]. */
    public static double[][] logOddsGrid(HierarchicalModel model, List<ConfigurationResult.PoolSummary> pools,
                                         double[] steps) {
        double[][] grid = new double[pools.size()][steps.length];
        for (int d = 0; d < pools.size(); d++) {
            ConfigurationResult.PoolSummary p = pools.get(d);
            for (int n = 0; n < steps.length; n++) {
                grid[d][n] = model.logOdds(steps[n], p.losses()[0], p.bits()[0], p.losses()[1], p.bits()[1]);
            }
        }
        return grid;
    }

    /** The same grid at integer checkpoint steps (the shape report.LogOddsGrid.of takes). */
    public static double[][] logOddsGrid(HierarchicalModel model, List<ConfigurationResult.PoolSummary> pools,
                                         long[] steps) {
        double[] s = new double[steps.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = steps[i];
        }
        return logOddsGrid(model, pools, s);
    }

    /** The model's N*(D) per pool (+∞ when M never overtakes G). */
    public static double[] modelTransitionSteps(HierarchicalModel model, List<ConfigurationResult.PoolSummary> pools) {
        double[] out = new double[pools.size()];
        for (int d = 0; d < pools.size(); d++) {
            ConfigurationResult.PoolSummary p = pools.get(d);
            out[d] = model.transitionStep(p.losses()[0], p.bits()[0], p.losses()[1], p.bits()[1]);
        }
        return out;
    }

    /**
     * First step where the weight curve reaches 0.5 from below, interpolated linearly in log N between the two
     * checkpoints around the crossing. NaN when it never reaches 0.5, and also when it starts at or above 0.5: a
     * curve that is never G-side has no G-to-M transition to read off (an untrained network at chance sits near
     * the middle; taking the first checkpoint as its N* would put a fake point into the power law).
     *
     * @param steps   checkpoint steps ascending
     * @param weights w_M at those steps
     */
    public static double crossingStep(long[] steps, double[] weights) {
        if (steps.length != weights.length || steps.length == 0) {
            throw new IllegalArgumentException("need one weight per step and at least one step");
        }
        if (startsMemorizing(weights)) {
            return Double.NaN;
        }
        for (int i = 1; i < steps.length; i++) {
            if (weights[i] >= 0.5) {
                double f = (0.5 - weights[i - 1]) / (weights[i] - weights[i - 1]);
                double logN = Math.log(steps[i - 1]) + f * (Math.log(steps[i]) - Math.log(steps[i - 1]));
                return Math.exp(logN);
            }
        }
        return Double.NaN;
    }

    /** True when the curve is at or above 0.5 from its first point: no transition from G can be observed. */
    public static boolean startsMemorizing(double[] weights) {
        return weights.length > 0 && weights[0] >= 0.5;
    }

    /** Pool sizes (ascending) whose observed ID curve is at or above 0.5 from the first checkpoint on. */
    public static List<Integer> poolsStartingMemorizing(ConfigurationResult result) {
        List<Integer> out = new ArrayList<>();
        curves(result).forEach((pool, c) -> {
            if (startsMemorizing(c.weights())) out.add(pool);
        });
        return out;
    }

    /** The network's N*(D) from its observed ID relative-distance curve, by pool size ascending. */
    public static Map<Integer, Double> observedTransitionSteps(ConfigurationResult result) {
        Map<Integer, Double> out = new TreeMap<>();
        curves(result).forEach((pool, c) -> out.put(pool, crossingStep(c.steps(), c.weights())));
        return out;
    }

    /** One pool's observed ID w_M at its checkpoint steps, ascending. */
    private record Curve(long[] steps, double[] weights) {}

    private static Map<Integer, Curve> curves(ConfigurationResult result) {
        Map<Integer, List<ConfigurationResult.PairResult>> byPool = new TreeMap<>();
        for (ConfigurationResult.PairResult p : result.pairs()) {
            byPool.computeIfAbsent(p.poolSize(), k -> new ArrayList<>()).add(p);
        }
        Map<Integer, Curve> out = new TreeMap<>();
        byPool.forEach((pool, pairs) -> {
            pairs.sort((a, b) -> Long.compare(a.step(), b.step()));
            out.put(pool, new Curve(pairs.stream().mapToLong(ConfigurationResult.PairResult::step).toArray(),
                    pairs.stream().mapToDouble(ConfigurationResult.PairResult::observedWeightId).toArray()));
        });
        return out;
    }

    /**
     * D*(N): per step, the largest pool size whose log-odds of M over G are ≥ 0 (it has memorized by then), or
     * 0 when none has.
     */
    public static int[] modelDiversityThreshold(HierarchicalModel model, List<ConfigurationResult.PoolSummary> pools,
                                                double[] steps) {
        double[][] grid = logOddsGrid(model, pools, steps);
        int[] out = new int[steps.length];
        for (int n = 0; n < steps.length; n++) {
            for (int d = 0; d < pools.size(); d++) {
                if (grid[d][n] >= 0) {
                    out[n] = Math.max(out[n], pools.get(d).poolSize());
                }
            }
        }
        return out;
    }

    /** The network's D*(N) at each checkpoint step: largest D whose observed ID w_M is ≥ 0.5 (0 if none). */
    public static Map<Long, Integer> observedDiversityThreshold(ConfigurationResult result) {
        Map<Long, Integer> out = new TreeMap<>();
        for (ConfigurationResult.PairResult p : result.pairs()) {
            int current = out.getOrDefault(p.step(), 0);
            out.put(p.step(), p.observedWeightId() >= 0.5 ? Math.max(current, p.poolSize()) : current);
        }
        return out;
    }

    /** N* = a·D^b over the pools whose transition step is finite and positive. */
    public static PowerLaw transitionPowerLaw(int[] poolSizes, double[] transitionSteps) {
        double[] x = new double[poolSizes.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = poolSizes[i];
        }
        return PowerLaw.fit(x, transitionSteps);
    }
}
