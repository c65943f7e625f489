// Fits the hierarchical Bayesian model to one configuration (SPEC sections 6 and 8): observed relative
// distances, interpolation threshold, hold-out, L-BFGS on (log α, log β, log γ) with exact gradients,
// then metrics for the model and the baselines. Everything independent of (α, β, γ) is computed once;
// with two strategies each objective evaluation touches only a few thousand numbers per pair.
// Limits: more than two strategies or context-dependent weights use an exact per-element objective,
// which costs a full pass over the predictions per evaluation.
package org.rationalicl.analysis.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.rationalicl.analysis.data.Checkpoint;
import org.rationalicl.analysis.data.ConfigurationData;
import org.rationalicl.analysis.data.Predictions;
import org.rationalicl.analysis.data.PredictorOutputs;
import org.rationalicl.analysis.data.PoolRun;
import org.rationalicl.analysis.distance.Distances;
import org.rationalicl.analysis.distance.InterpolationThreshold;
import org.rationalicl.analysis.model.HierarchicalModel;
import org.rationalicl.analysis.model.ModelVariant;

public final class ConfigurationFit {
    private static final double FLOOR = Distances.PROBABILITY_FLOOR;
    // Bounds on (log α, log β, log γ): α < 1 keeps evidence growing with N; the rest only stop runaways.
    private static final double[] LOWER = {Math.log(1e-6), Math.log(1e-6), Math.log(1e-12)};
    private static final double[] UPPER = {Math.log(0.999), Math.log(20.0), Math.log(1e6)};

    private final ConfigurationData data;
    private final FitOptions options;
    private final ModelVariant variant;
    private final boolean distribution;
    private final int dims;
    private final int strategies;
    private final boolean fast;
    private final PoolCache[] pools;
    private final double[][] poolLoss;   // (P_pools, strategies)
    private final double[][] poolBits;   // (P_pools, strategies)

    // Pairs, in pool-major then step order.
    private final int pairCount;
    private final long[] pairStep;
    private final int[] pairPool;
    private final Checkpoint[] pairCheckpoint;
    private final double[] observedId;
    private final double[] observedOod;
    private final double[] interpolation;
    private final PairLoss[] pairLoss;

    private final long thresholdStep;
    private final boolean[] pastThreshold;
    private final boolean[] inFit;
    private final int[] fitPairs;
    private final List<Long> fitSteps;
    private final List<Integer> fitPoolSizes;

    /** Precomputes everything that does not depend on (α, β, γ). */
    ConfigurationFit(ConfigurationData data, FitOptions options, boolean forceExact) {
        this.data = data;
        this.options = options;
        this.variant = options.variant();
        this.distribution = data.task().isDistribution();
        this.dims = data.numDims();
        this.strategies = data.predictorCount();
        this.fast = strategies == 2 && !variant.contextDependent() && !forceExact;
        if (variant.contextDependent()) {
            for (PoolRun run : data.pools()) {
                for (PredictorOutputs p : run.predictors()) {
                    if (p.contextEvidenceId() == null || p.contextEvidenceOod() == null) {
                        throw new IllegalArgumentException("variant " + variant.name() + " needs contextEvidenceId and"
                                + " contextEvidenceOod for predictor " + p.name() + " at pool " + run.poolSize());
                    }
                }
            }
        }
        List<PoolRun> runs = data.pools();
        int poolCount = runs.size();
        pools = new PoolCache[poolCount];
        poolLoss = new double[poolCount][strategies];
        poolBits = new double[poolCount][strategies];
        int count = 0;
        for (int k = 0; k < poolCount; k++) {
            PoolRun run = runs.get(k);
            pools[k] = new PoolCache(run, distribution, dims);
            for (int q = 0; q < strategies; q++) {
                poolLoss[k][q] = run.predictors().get(q).loss();
                poolBits[k][q] = run.predictors().get(q).complexityBits();
            }
            count += run.checkpoints().size();
        }
        pairCount = count;
        pairStep = new long[count];
        pairPool = new int[count];
        pairCheckpoint = new Checkpoint[count];
        int i = 0;
        for (int k = 0; k < poolCount; k++) {
            for (Checkpoint c : runs.get(k).checkpoints()) {
                pairStep[i] = c.step();
                pairPool[i] = k;
                pairCheckpoint[i] = c;
                i++;
            }
        }
        observedId = new double[count];
        observedOod = new double[count];
        interpolation = new double[count];
        pairLoss = fast ? new PairLoss[count] : null;
        IntStream.range(0, count).parallel().forEach(this::observe);

        // Interpolation threshold (SPEC section 6), then the hold-out (SPEC section 8).
        List<long[]> steps = new ArrayList<>();
        List<double[]> curves = new ArrayList<>();
        int start = 0;
        for (int k = 0; k < poolCount; k++) {
            int n = runs.get(k).checkpoints().size();
            steps.add(Arrays.copyOfRange(pairStep, start, start + n));
            curves.add(Arrays.copyOfRange(interpolation, start, start + n));
            start += n;
        }
        thresholdStep = InterpolationThreshold.configurationStep(steps, curves, options.thresholdFraction());
        pastThreshold = new boolean[count];
        TreeSet<Long> distinctSteps = new TreeSet<>();
        for (int p = 0; p < count; p++) {
            pastThreshold[p] = pairStep[p] >= thresholdStep;
            if (pastThreshold[p]) {
                distinctSteps.add(pairStep[p]);
            }
        }
        List<Long> sortedSteps = new ArrayList<>(distinctSteps);
        fitSteps = List.copyOf(sortedSteps.subList(0, FitOptions.fitCount(sortedSteps.size(),
                options.checkpointFraction())));
        List<Integer> sizes = runs.stream().map(PoolRun::poolSize).toList();
        fitPoolSizes = List.copyOf(sizes.subList(0, FitOptions.fitCount(sizes.size(), options.poolFraction())));
        long lastFitStep = fitSteps.get(fitSteps.size() - 1);
        int lastFitPool = fitPoolSizes.size() - 1;
        inFit = new boolean[count];
        int fitCount = 0;
        for (int p = 0; p < count; p++) {
            inFit[p] = pastThreshold[p] && pairStep[p] <= lastFitStep && pairPool[p] <= lastFitPool;
            if (inFit[p]) {
                fitCount++;
            }
        }
        if (fitCount == 0) {
            throw new IllegalArgumentException("no (checkpoint, pool) pair is left for fitting after the threshold "
                    + "step " + thresholdStep + " and the hold-out");
        }
        fitPairs = new int[fitCount];
        int f = 0;
        for (int p = 0; p < count; p++) {
            if (inFit[p]) {
                fitPairs[f++] = p;
            }
        }
    }

    /** Fits one configuration and evaluates the model and the baselines on all pairs past the threshold. */
    public static ConfigurationResult fit(ConfigurationData data, FitOptions options) {
        return new ConfigurationFit(data, options, false).run();
    }

    ConfigurationResult run() {
        double[] start = variant.toFree(options.initialParameters());
        Lbfgsb.Result r = Lbfgsb.minimize(this::objective, start, variant.selectFree(LOWER),
                variant.selectFree(UPPER), options.optimizer());
        double[] fitted = variant.fromFree(r.x());
        HierarchicalModel model = HierarchicalModel.of(variant, fitted);
        return evaluate(model, r, fitted);
    }

    // ---------------------------------------------------------------- per-pair observations (once)

    /** Per-pool arrays shared by all checkpoints of that pool. */
    static final class PoolCache {
        final PoolRun run;
        final Predictions memId;
        final Predictions genId;
        final Predictions memOod;
        final Predictions genOod;
        final float[] logMemId;   // (S, C, V) floored logs; distributions only
        final float[] logGenId;
        final float[] logMemOod;
        final float[] logGenOod;
        final double[] shareMem;  // m'/(m' + g'), ID
        final double[] shareGen;  // g'/(m' + g'), ID
        final float[] logSum;     // log(m' + g'), ID
        final double distanceMGId;
        final double distanceMGOod;

        PoolCache(PoolRun run, boolean distribution, int dims) {
            this.run = run;
            memId = run.memorizing().id();
            genId = run.generalizing().id();
            memOod = run.memorizing().ood();
            genOod = run.generalizing().ood();
            if (distribution) {
                logMemId = logs(memId.values());
                logGenId = logs(genId.values());
                logMemOod = logs(memOod.values());
                logGenOod = logs(genOod.values());
                int n = memId.size();
                shareMem = new double[n];
                shareGen = new double[n];
                logSum = new float[n];
                float[] m = memId.values();
                float[] g = genId.values();
                for (int e = 0; e < n; e++) {
                    double mf = Math.max(m[e], FLOOR);
                    double gf = Math.max(g[e], FLOOR);
                    double s = mf + gf;
                    shareMem[e] = mf / s;
                    shareGen[e] = gf / s;
                    logSum[e] = (float) Math.log(s);
                }
            } else {
                logMemId = logGenId = logMemOod = logGenOod = logSum = null;
                shareMem = shareGen = null;
            }
            distanceMGId = distribution ? Distances.symmetrisedKl(memId, genId) : Distances.mseOverDims(memId, genId, dims);
            distanceMGOod = distribution ? Distances.symmetrisedKl(memOod, genOod)
                    : Distances.mseOverDims(memOod, genOod, dims);
        }

        private static float[] logs(float[] p) {
            float[] out = new float[p.length];
            for (int i = 0; i < p.length; i++) {
                out[i] = (float) Distances.flooredLog(p[i]);
            }
            return out;
        }
    }

    // Half-width of the log(m'/g') range: both are in [FLOOR, 1].
    private static final double LOGIT_RANGE = -Math.log(FLOOR) + 1e-6;

    private void observe(int pair) {
        PoolCache pool = pools[pairPool[pair]];
        Checkpoint c = pairCheckpoint[pair];
        if (distribution) {
            observeDistribution(pair, pool, c);
        } else {
            observeRegression(pair, pool, c);
        }
    }

    private static final LogKernel LOGS = LogKernel.get();
    // Per-thread scratch (log t, mixture h, log h), grown on demand: no allocation per pair.
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[3][0]);

    private static float[][] scratch(int n) {
        float[][] s = SCRATCH.get();
        if (s[0].length < n) {
            s = new float[][] {new float[n], new float[n], new float[n]};
            SCRATCH.set(s);
        }
        return s;
    }

    private void observeDistribution(int pair, PoolCache pool, Checkpoint c) {
        float[] t = c.id().values();
        float[] m = pool.memId.values();
        float[] g = pool.genId.values();
        float[] lm = pool.logMemId;
        float[] lg = pool.logGenId;
        int n = t.length;
        int rows = c.id().rows();
        float[][] scratch = scratch(Math.max(n, c.ood().size()));
        float[] logT = scratch[0];
        LOGS.flooredLogs(logT, 0, t, 0, n);
        double tm = 0;
        double tg = 0;
        double constant = 0;
        boolean exact = fast && n <= options.histogramBins();
        boolean binned = fast && !exact;
        int bins = options.histogramBins();
        double[] binA = binned ? new double[bins] : null;
        double[] binB = binned ? new double[bins] : null;
        double[] exactA = exact ? new double[n] : null;
        double[] exactB = exact ? new double[n] : null;
        double binScale = bins / (2 * LOGIT_RANGE);
        for (int e = 0; e < n; e++) {
            double te = t[e];
            double lt = logT[e];
            tm += (te - m[e]) * (lt - lm[e]);
            tg += (te - g[e]) * (lt - lg[e]);
            if (fast && te > 0) {
                constant += te * (lt - pool.logSum[e]);
                double a = te * pool.shareGen[e];
                double b = te * pool.shareMem[e];
                if (exact) {
                    exactA[e] = a;
                    exactB[e] = b;
                } else {
                    int bin = (int) ((lm[e] - lg[e] + LOGIT_RANGE) * binScale);
                    bin = Math.min(Math.max(bin, 0), bins - 1);
                    binA[bin] += a;
                    binB[bin] += b;
                }
            }
        }
        double dTM = 0.5 * tm / rows;
        double dTG = 0.5 * tg / rows;
        observedId[pair] = Distances.relativeWeight(dTG, dTM, pool.distanceMGId);
        if (fast) {
            pairLoss[pair] = compact(constant / rows, exact ? exactA : binA, exact ? exactB : binB, rows);
        }

        // Interpolation distance with the observed ID weight: ½ Σ (t − h)(log t − log h).
        float[] h = scratch[1];
        float[] logH = scratch[2];
        LOGS.mixtureLogs(h, logH, m, g, (float) observedId[pair], n);
        double sum = 0;
        for (int e = 0; e < n; e++) {
            sum += (t[e] - (double) h[e]) * ((double) logT[e] - logH[e]);
        }
        interpolation[pair] = 0.5 * sum / rows;

        // OOD relative distance.
        float[] to = c.ood().values();
        float[] mo = pool.memOod.values();
        float[] go = pool.genOod.values();
        LOGS.flooredLogs(logT, 0, to, 0, to.length);
        double tmo = 0;
        double tgo = 0;
        for (int e = 0; e < to.length; e++) {
            double te = to[e];
            double lt = logT[e];
            tmo += (te - mo[e]) * (lt - pool.logMemOod[e]);
            tgo += (te - go[e]) * (lt - pool.logGenOod[e]);
        }
        int rowsOod = c.ood().rows();
        observedOod[pair] = Distances.relativeWeight(0.5 * tgo / rowsOod, 0.5 * tmo / rowsOod, pool.distanceMGOod);
    }

    /** Drops empty bins, normalises by rows and folds Σ W log W into the constant. */
    private static PairLoss compact(double constant, double[] a, double[] b, int rows) {
        int used = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] + b[i] > 0) {
                used++;
            }
        }
        double[] ca = new double[used];
        double[] cb = new double[used];
        double c = constant;
        int k = 0;
        for (int i = 0; i < a.length; i++) {
            double weight = a[i] + b[i];
            if (weight > 0) {
                ca[k] = a[i] / rows;
                cb[k] = b[i] / rows;
                double wn = weight / rows;
                c += wn * Math.log(wn);
                k++;
            }
        }
        return new PairLoss.BinnedKl(c, ca, cb);
    }

    private void observeRegression(int pair, PoolCache pool, Checkpoint c) {
        float[] t = c.id().values();
        float[] m = pool.memId.values();
        float[] g = pool.genId.values();
        double ee = 0;
        double ed = 0;
        double dd = 0;
        for (int e = 0; e < t.length; e++) {
            double err = t[e] - (double) g[e];
            double delta = m[e] - (double) g[e];
            ee += err * err;
            ed += err * delta;
            dd += delta * delta;
        }
        double norm = (double) t.length * dims;
        ee /= norm;
        ed /= norm;
        dd /= norm;
        // d(T,M) = mean (e − δ)²/d.
        double dTM = ee - 2 * ed + dd;
        observedId[pair] = Distances.relativeWeight(ee, dTM, pool.distanceMGId);
        double w = observedId[pair];
        interpolation[pair] = Math.max(0, ee - 2 * w * ed + w * w * dd);
        if (fast) {
            pairLoss[pair] = new PairLoss.QuadraticMse(ee, ed, dd);
        }
        observedOod[pair] = Distances.relativeWeight(Distances.mseOverDims(c.ood(), pool.genOod, dims),
                Distances.mseOverDims(c.ood(), pool.memOod, dims), pool.distanceMGOod);
    }

    // ---------------------------------------------------------------- objective

    /**
     * Mean over fit pairs of KL(T ‖ h) (MSE/d for regression) on the ID set, at free coordinates
     * (log α, log β, log γ) of the variant; writes the exact gradient into {@code gradient}.
     */
    double objective(double[] free, double[] gradient) {
        double[] params = variant.fromFree(free);
        if (!(params[0] < 1)) {
            Arrays.fill(gradient, Double.NaN);
            return Double.POSITIVE_INFINITY;
        }
        HierarchicalModel model = HierarchicalModel.of(variant, params);
        int n = fitPairs.length;
        double[] values = new double[n];
        double[][] grads = new double[n][3];
        IntStream.range(0, n).parallel().forEach(i -> values[i] = pairObjective(model, fitPairs[i], grads[i]));
        // Fixed-order reduction: the result does not depend on thread scheduling.
        double sum = 0;
        double[] full = new double[3];
        for (int i = 0; i < n; i++) {
            sum += values[i];
            for (int j = 0; j < 3; j++) {
                full[j] += grads[i][j];
            }
        }
        for (int j = 0; j < 3; j++) {
            full[j] /= n;
        }
        double[] selected = variant.selectFree(full);
        System.arraycopy(selected, 0, gradient, 0, selected.length);
        return sum / n;
    }

    /** The loss of one pair and its gradient w.r.t. (log α, log β, log γ). */
    private double pairObjective(HierarchicalModel model, int pair, double[] grad) {
        int k = pairPool[pair];
        double step = pairStep[pair];
        double[] u = new double[strategies];
        double[][] du = new double[strategies][3];
        for (int q = 0; q < strategies; q++) {
            u[q] = model.logPosterior(step, poolLoss[k][q], poolBits[k][q]);
            model.logPosteriorGradient(step, poolLoss[k][q], poolBits[k][q], du[q]);
        }
        double[] dFdu = new double[strategies];
        double value;
        if (fast) {
            double diff = u[0] - u[1];
            double w = sigmoid(diff);
            double[] out = new double[2];
            pairLoss[pair].evaluate(w, out);
            value = out[0];
            // dw/d(u_M − u_G) = w(1 − w).
            double s = out[1] * w * (1 - w);
            dFdu[0] = s;
            dFdu[1] = -s;
        } else {
            value = exactPairObjective(pair, u, dFdu);
        }
        for (int j = 0; j < 3; j++) {
            double g = 0;
            for (int q = 0; q < strategies; q++) {
                g += dFdu[q] * du[q][j];
            }
            grad[j] = g;
        }
        return value;
    }

    static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /**
     * Exact per-element loss of one pair for any number of strategies, with per-position weights when the
     * variant is context-dependent; writes ∂loss/∂u_q (summed over positions' chains) into dFdu.
     */
    private double exactPairObjective(int pair, double[] u, double[] dFdu) {
        PoolRun run = pools[pairPool[pair]].run;
        Predictions target = pairCheckpoint[pair].id();
        float[] t = target.values();
        int rows = target.rows();
        int v = target.outcomes();
        float[][] q = new float[strategies][];
        float[][] evidence = new float[strategies][];
        for (int s = 0; s < strategies; s++) {
            q[s] = run.predictors().get(s).id().values();
            evidence[s] = variant.contextDependent() ? run.predictors().get(s).contextEvidenceId() : null;
        }
        double[] w = new double[strategies];
        double[] g = new double[strategies];
        double[] h = new double[v];
        double total = 0;
        Arrays.fill(dFdu, 0);
        for (int row = 0; row < rows; row++) {
            for (int s = 0; s < strategies; s++) {
                w[s] = u[s] + (evidence[s] != null ? evidence[s][row] : 0);
            }
            HierarchicalModel.softmaxInPlace(w);
            int off = row * v;
            for (int o = 0; o < v; o++) {
                double sum = 0;
                for (int s = 0; s < strategies; s++) {
                    double qv = q[s][off + o];
                    sum += w[s] * (distribution ? Math.max(qv, FLOOR) : qv);
                }
                h[o] = sum;
            }
            Arrays.fill(g, 0);
            for (int o = 0; o < v; o++) {
                double te = t[off + o];
                if (distribution) {
                    if (te > 0) {
                        total += te * (Distances.flooredLog(te) - Math.log(h[o]));
                        for (int s = 0; s < strategies; s++) {
                            g[s] -= te * Math.max(q[s][off + o], FLOOR) / h[o];
                        }
                    }
                } else {
                    double e = h[o] - te;
                    total += e * e / dims;
                    for (int s = 0; s < strategies; s++) {
                        g[s] += 2 * e * q[s][off + o] / dims;
                    }
                }
            }
            // Softmax chain rule: ∂f/∂u_s = w_s (g_s − Σ_r w_r g_r).
            double mean = 0;
            for (int s = 0; s < strategies; s++) {
                mean += w[s] * g[s];
            }
            for (int s = 0; s < strategies; s++) {
                dFdu[s] += w[s] * (g[s] - mean);
            }
        }
        for (int s = 0; s < strategies; s++) {
            dFdu[s] /= rows;
        }
        return total / rows;
    }

    // ---------------------------------------------------------------- metrics

    private ConfigurationResult evaluate(HierarchicalModel model, Lbfgsb.Result r, double[] fitted) {
        int n = pairCount;
        double[] predictedId = new double[n];
        double[] predictedOod = new double[n];
        double[] randomWeight = new double[n];
        PairMetrics[] metrics = new PairMetrics[n];
        IntStream.range(0, n).parallel().forEach(p -> {
            if (pastThreshold[p]) {
                metrics[p] = pairMetrics(model, p, predictedId, predictedOod, randomWeight);
            } else {
                predictedId[p] = predictedWeightAt(model, p, false);
                predictedOod[p] = predictedWeightAt(model, p, true);
            }
        });
        List<ConfigurationResult.PairResult> pairResults = new ArrayList<>(n);
        int evaluated = 0;
        for (int p = 0; p < n; p++) {
            pairResults.add(new ConfigurationResult.PairResult(pairStep[p], pools[pairPool[p]].run.poolSize(),
                    observedId[p], observedOod[p], predictedId[p], predictedOod[p], interpolation[p], pastThreshold[p],
                    inFit[p]));
            if (pastThreshold[p]) {
                evaluated++;
            }
        }
        double[] obsId = new double[evaluated];
        double[] obsOod = new double[evaluated];
        double[] predId = new double[evaluated];
        double[] predOod = new double[evaluated];
        double[] rand = new double[evaluated];
        int k = 0;
        for (int p = 0; p < n; p++) {
            if (pastThreshold[p]) {
                obsId[k] = observedId[p];
                obsOod[k] = observedOod[p];
                predId[k] = predictedId[p];
                predOod[k] = predictedOod[p];
                rand[k] = randomWeight[p];
                k++;
            }
        }
        ConfigurationResult.SetMetrics modelId = average(metrics, 0, 0);
        ConfigurationResult.SetMetrics modelOod = average(metrics, 1, 0);
        List<ConfigurationResult.Baseline> baselines = new ArrayList<>();
        baselines.add(new ConfigurationResult.Baseline("random_weights", Statistics.pearson(rand, obsId),
                Statistics.pearson(rand, obsOod), average(metrics, 0, 1), average(metrics, 1, 1)));
        if (data.pools().get(0).constant() != null) {
            baselines.add(new ConfigurationResult.Baseline("constant", Double.NaN, Double.NaN, average(metrics, 0, 2),
                    average(metrics, 1, 2)));
        }
        List<ConfigurationResult.PoolSummary> poolSummaries = new ArrayList<>();
        for (int p = 0; p < pools.length; p++) {
            PoolRun run = pools[p].run;
            poolSummaries.add(new ConfigurationResult.PoolSummary(run.poolSize(),
                    run.predictors().stream().map(PredictorOutputs::name).toList(), poolLoss[p].clone(),
                    poolBits[p].clone()));
        }
        ConfigurationResult.HoldOut holdOut = new ConfigurationResult.HoldOut(options.checkpointFraction(),
                options.poolFraction(), fitSteps, fitPoolSizes, fitPairs.length, evaluated);
        return new ConfigurationResult(data.task(), data.numDims(), data.contextLength(), data.mlpFactor(),
                variant.name(), options.initialParameters(), fitted, r.status(), r.iterations(), r.evaluations(),
                r.value(), thresholdStep, holdOut, poolSummaries, pairResults, Statistics.pearson(predId, obsId),
                Statistics.pearson(predOod, obsOod), modelId, modelOod, baselines);
    }

    /** Per pair, per set (0 = ID, 1 = OOD), per predictor (0 model, 1 random weights, 2 constant). */
    private record PairMetrics(double[][][] values) {
        // values[set][predictor] = {tvd, spearman, rSquared, agreement}
    }

    private static ConfigurationResult.SetMetrics average(PairMetrics[] metrics, int set, int predictor) {
        double[] sum = new double[4];
        int[] count = new int[4];
        for (PairMetrics m : metrics) {
            if (m == null) {
                continue;
            }
            double[] v = m.values[set][predictor];
            for (int j = 0; j < 4; j++) {
                if (!Double.isNaN(v[j])) {
                    sum[j] += v[j];
                    count[j]++;
                }
            }
        }
        double[] mean = new double[4];
        for (int j = 0; j < 4; j++) {
            mean[j] = count[j] > 0 ? sum[j] / count[j] : Double.NaN;
        }
        return new ConfigurationResult.SetMetrics(mean[0], mean[1], mean[2], mean[3]);
    }

    private double[] trainingLogPosteriors(HierarchicalModel model, int pair) {
        int k = pairPool[pair];
        double[] u = new double[strategies];
        for (int q = 0; q < strategies; q++) {
            u[q] = model.logPosterior(pairStep[pair], poolLoss[k][q], poolBits[k][q]);
        }
        return u;
    }

    /** The model's weight of M for a pair (position average for context-dependent weights). */
    private double predictedWeightAt(HierarchicalModel model, int pair, boolean ood) {
        double[] u = trainingLogPosteriors(model, pair);
        if (!variant.contextDependent()) {
            return HierarchicalModel.softmaxInPlace(u)[0];
        }
        PoolRun run = pools[pairPool[pair]].run;
        int rows = (ood ? pairCheckpoint[pair].ood() : pairCheckpoint[pair].id()).rows();
        double[] w = new double[strategies];
        double sum = 0;
        for (int row = 0; row < rows; row++) {
            for (int s = 0; s < strategies; s++) {
                PredictorOutputs p = run.predictors().get(s);
                w[s] = u[s] + (ood ? p.contextEvidenceOod() : p.contextEvidenceId())[row];
            }
            sum += HierarchicalModel.softmaxInPlace(w)[0];
        }
        return sum / rows;
    }

    private PairMetrics pairMetrics(HierarchicalModel model, int pair, double[] predictedId, double[] predictedOod,
                                    double[] randomWeight) {
        double[] u = trainingLogPosteriors(model, pair);
        SplittableRandom random = new SplittableRandom(options.randomSeed() + 0x9E3779B97F4A7C15L * (pair + 1));
        double[] rw = new double[strategies];
        double rsum = 0;
        for (int s = 0; s < strategies; s++) {
            rw[s] = -Math.log(1 - random.nextDouble()); // Exp(1): normalised, a uniform point of the simplex
            rsum += rw[s];
        }
        for (int s = 0; s < strategies; s++) {
            rw[s] /= rsum;
        }
        randomWeight[pair] = rw[0];
        double[][][] values = new double[2][3][];
        PoolRun run = pools[pairPool[pair]].run;
        for (int set = 0; set < 2; set++) {
            boolean ood = set == 1;
            Checkpoint c = pairCheckpoint[pair];
            Predictions target = ood ? c.ood() : c.id();
            float[][] q = new float[strategies][];
            float[][] evidence = new float[strategies][];
            for (int s = 0; s < strategies; s++) {
                PredictorOutputs p = run.predictors().get(s);
                q[s] = (ood ? p.ood() : p.id()).values();
                evidence[s] = variant.contextDependent() ? (ood ? p.contextEvidenceOod() : p.contextEvidenceId())
                        : null;
            }
            float[] constant = run.constant() == null ? null
                    : (ood ? run.constant().ood() : run.constant().id()).values();
            double[] weightSum = new double[1];
            values[set] = setMetrics(target, q, evidence, u, rw, constant, weightSum);
            if (ood) {
                predictedOod[pair] = weightSum[0];
            } else {
                predictedId[pair] = weightSum[0];
            }
        }
        return new PairMetrics(values);
    }

    /** Metrics of the model mixture, the random mixture and the constant against T on one set. */
    private double[][] setMetrics(Predictions target, float[][] q, float[][] evidence, double[] u, double[] rw,
                                  float[] constant, double[] meanWeightOut) {
        float[] t = target.values();
        int rows = target.rows();
        int v = target.outcomes();
        double[] w = HierarchicalModel.softmaxInPlace(u.clone());
        double[] rowWeights = w.clone();
        float[][] mixtures = new float[3][v];  // model, random, constant for the current row
        int[] rankT = new int[v];      // twice the centred ranks: integers, so sums below are exact
        int[] rankH = new int[v];
        int[] rankConstant = new int[v];
        int constantRanksOff = -1;   // the constant's row whose ranks rankConstant holds
        double[] tvd = new double[3];
        double[] spearmanSum = new double[3];
        int[] spearmanCount = new int[3];
        double[] agree = new double[3];
        double[] sse = new double[3];
        double meanT = 0;
        double sumT2 = 0;
        double weightSum = 0;
        int predictors = constant == null ? 2 : 3;
        for (int row = 0; row < rows; row++) {
            int off = row * v;
            if (evidence[0] != null) {
                for (int s = 0; s < strategies; s++) {
                    rowWeights[s] = u[s] + evidence[s][row];
                }
                HierarchicalModel.softmaxInPlace(rowWeights);
            }
            weightSum += rowWeights[0];
            if (strategies == 2) {
                // The common case, without the inner loop over strategies.
                float[] m = q[0];
                float[] g = q[1];
                double wm = rowWeights[0];
                double wg = rowWeights[1];
                double rm = rw[0];
                double rg = rw[1];
                for (int o = 0; o < v; o++) {
                    double mv = m[off + o];
                    double gv = g[off + o];
                    mixtures[0][o] = (float) (wm * mv + wg * gv);
                    mixtures[1][o] = (float) (rm * mv + rg * gv);
                }
                if (constant != null) {
                    System.arraycopy(constant, off, mixtures[2], 0, v);
                }
            } else {
            for (int o = 0; o < v; o++) {
                double hm = 0;
                double hr = 0;
                for (int s = 0; s < strategies; s++) {
                    double qv = q[s][off + o];
                    hm += rowWeights[s] * qv;
                    hr += rw[s] * qv;
                }
                mixtures[0][o] = (float) hm;
                mixtures[1][o] = (float) hr;
                if (constant != null) {
                    mixtures[2][o] = constant[off + o];
                }
            }
            }
            if (distribution) {
                Statistics.signRanks(t, off, v, rankT);
                long varT = 0;
                for (int o = 0; o < v; o++) {
                    varT += rankT[o] * rankT[o];
                }
                int argT = argmax(t, off, v);
                for (int p = 0; p < predictors; p++) {
                    float[] h = mixtures[p];
                    double abs = 0;
                    for (int o = 0; o < v; o++) {
                        abs += Math.abs(h[o] - t[off + o]);
                    }
                    tvd[p] += 0.5 * abs;
                    if (argmax(h, 0, v) == argT) {
                        agree[p]++;
                    }
                    if (v > 2 && varT > 0) {
                        // The constant baseline usually repeats its row: reuse its ranks when it does.
                        boolean reuse = p == 2 && constantRanksOff >= 0 && sameRow(constant, off, constantRanksOff, v);
                        int[] ranks = p == 2 ? rankConstant : rankH;
                        if (!reuse) {
                            Statistics.signRanks(h, 0, v, ranks);
                            if (p == 2) {
                                constantRanksOff = off;
                            }
                        }
                        long cov = 0;
                        long varH = 0;
                        for (int o = 0; o < v; o++) {
                            cov += rankT[o] * ranks[o];
                            varH += ranks[o] * ranks[o];
                        }
                        if (varH > 0) {
                            spearmanSum[p] += cov / Math.sqrt((double) varT * varH);
                            spearmanCount[p]++;
                        }
                    }
                }
            } else {
                for (int o = 0; o < v; o++) {
                    double te = t[off + o];
                    meanT += te;
                    sumT2 += te * te;
                    for (int p = 0; p < predictors; p++) {
                        double e = te - mixtures[p][o];
                        sse[p] += e * e;
                    }
                }
            }
        }
        meanWeightOut[0] = weightSum / rows;
        double[][] out = new double[3][];
        for (int p = 0; p < 3; p++) {
            if (p >= predictors) {
                out[p] = new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
            } else if (distribution) {
                // Spearman over symbols is only meaningful with more than two outcomes.
                out[p] = new double[] {tvd[p] / rows,
                        spearmanCount[p] > 0 ? spearmanSum[p] / spearmanCount[p] : Double.NaN, Double.NaN,
                        agree[p] / rows};
            } else {
                int count = t.length;
                double sst = sumT2 - meanT * meanT / count;
                out[p] = new double[] {Double.NaN, Double.NaN, sst > 0 ? 1 - sse[p] / sst : Double.NaN, Double.NaN};
            }
        }
        return out;
    }

    private static boolean sameRow(float[] x, int a, int b, int n) {
        for (int i = 0; i < n; i++) {
            if (x[a + i] != x[b + i]) {
                return false;
            }
        }
        return true;
    }

    private static int argmax(float[] x, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (x[off + i] > x[off + best]) {
                best = i;
            }
        }
        return best;
    }

    // ---------------------------------------------------------------- accessors for tests and tools

    int fitPairCount() {
        return fitPairs.length;
    }

    long thresholdStep() {
        return thresholdStep;
    }

    double observedWeightId(int pair) {
        return observedId[pair];
    }

    double observedWeightOod(int pair) {
        return observedOod[pair];
    }

    double interpolationDistance(int pair) {
        return interpolation[pair];
    }

    int pairCount() {
        return pairCount;
    }
}
