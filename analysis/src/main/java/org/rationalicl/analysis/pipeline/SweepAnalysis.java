// icl analyze as a library: groups a sweep's runs into configurations (task, dims, context, MLP factor, seed),
// makes sure the ideal predictors exist, fits the hierarchical Bayesian model (SPEC sections 6-9) with its
// ablations, derives transition steps and power laws, and writes results.jsonl, the figures and report.html.
package org.rationalicl.analysis.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.rationalicl.analysis.data.ConfigurationData;
import org.rationalicl.analysis.data.PoolRun;
import org.rationalicl.analysis.data.TaskKind;
import org.rationalicl.analysis.derived.PowerLaw;
import org.rationalicl.analysis.derived.TransitionAnalysis;
import org.rationalicl.analysis.fit.ConfigurationFit;
import org.rationalicl.analysis.fit.ConfigurationResult;
import org.rationalicl.analysis.fit.FitOptions;
import org.rationalicl.analysis.fit.ResultsJson;
import org.rationalicl.analysis.model.HierarchicalModel;
import org.rationalicl.analysis.model.ModelVariant;
import org.rationalicl.analysis.report.ConfigurationReport;
import org.rationalicl.analysis.report.Figures;
import org.rationalicl.analysis.report.FittedParameters;
import org.rationalicl.analysis.report.HtmlReport;
import org.rationalicl.analysis.report.LogOddsGrid;
import org.rationalicl.analysis.report.LossCurve;
import org.rationalicl.analysis.report.LossCurves;
import org.rationalicl.analysis.report.Metric;
import org.rationalicl.analysis.report.MetricRow;
import org.rationalicl.analysis.report.PowerLawFit;
import org.rationalicl.analysis.report.RelativeDistanceGrid;
import org.rationalicl.analysis.report.ReportHeader;
import org.rationalicl.analysis.report.Split;
import org.rationalicl.analysis.report.TransitionSteps;
import org.rationalicl.core.io.AtomicFiles;

public final class SweepAnalysis {
    public static final String RESULTS_FILE = "results.jsonl", REPORT_FILE = "report.html", FIGURES_DIR = "figures";
    /** The ablations of SPEC section 8, fitted after the full model. */
    public static final List<ModelVariant> ABLATIONS = List.of(ModelVariant.ALPHA_ZERO, ModelVariant.BETA_ONE,
            ModelVariant.GAMMA_ONE, ModelVariant.LINEAR_COMPLEXITY);
    /** Points of the dense step axis of the log-odds figure. */
    static final int LOG_ODDS_STEPS = 60;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SweepAnalysis() {}

    /**
     * @param lossSequences fresh sequences for L(Q) when predictors must be computed (SPEC default 10 000)
     * @param ablations        also fit the ablation variants
     * @param contextDependent also fit the context-dependent variant (in-context evidence added position by
     *                         position; exact per-element objective, so slower)
     * @param generatedBy      tool name and version for the report header
     * @param log              progress lines
     */
    public record Options(int lossSequences, boolean ablations, boolean contextDependent, String generatedBy,
                          Consumer<String> log) {
        public Options {
            if (lossSequences < 1) throw new IllegalArgumentException("lossSequences must be >= 1; got " + lossSequences);
        }

        /** Without the context-dependent variant. */
        public Options(int lossSequences, boolean ablations, String generatedBy, Consumer<String> log) {
            this(lossSequences, ablations, false, generatedBy, log);
        }
    }

    /** The outcome of one configuration: the main fit, the ablations and the derived predictions. */
    public record ConfigurationOutcome(String key, List<RunDirectory> runs, ConfigurationResult fit,
                                      List<ConfigurationResult> ablations, int[] poolSizes, double[] networkTransition,
                                      List<Integer> memorizingFromStart, double[] modelTransition,
                                      PowerLaw networkLaw, PowerLaw modelLaw, ConfigurationReport report) {}

    /** Everything written. */
    public record Outcome(List<ConfigurationOutcome> configurations, Path results, Path report, List<Path> figures) {}

    /** Analyzes every run under {@code sweep} and writes into {@code out} (created if needed). */
    public static Outcome run(Path sweep, Path out, Options o) throws IOException {
        List<RunDirectory> runs = new ArrayList<>();
        for (Path p : RunDirectory.find(sweep)) runs.add(RunDirectory.read(p));
        if (runs.isEmpty()) throw new IllegalArgumentException("no run directories (with config.json) under " + sweep);
        PredictSweep.ensureAll(runs, o.lossSequences(), o.log());
        Map<String, List<RunDirectory>> groups = new TreeMap<>();
        for (RunDirectory r : runs) groups.computeIfAbsent(r.configurationKey(), k -> new ArrayList<>()).add(r);

        Files.createDirectories(out);
        List<ConfigurationOutcome> outcomes = new ArrayList<>();
        List<Path> figures = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        for (Map.Entry<String, List<RunDirectory>> g : groups.entrySet()) {
            ConfigurationOutcome c;
            try {
                c = analyze(g.getKey(), g.getValue(), o);
            } catch (IllegalArgumentException e) {
                o.log().accept("configuration " + g.getKey() + " skipped: " + e.getMessage());
                continue;
            }
            outcomes.add(c);
            lines.append(MAPPER.writeValueAsString(resultLine(c))).append('\n');
            Path dir = groups.size() == 1 ? out.resolve(FIGURES_DIR) : out.resolve(FIGURES_DIR).resolve(g.getKey());
            Files.createDirectories(dir);
            figures.addAll(Figures.write(c.report(), dir));
        }
        if (outcomes.isEmpty()) throw new IllegalArgumentException("no configuration of " + sweep + " could be fitted");
        Path results = out.resolve(RESULTS_FILE);
        AtomicFiles.writeString(results, lines.toString());
        Path report = out.resolve(REPORT_FILE);
        HtmlReport.write(report, new ReportHeader("Rational ICL report", sweep.toAbsolutePath().normalize().toString(),
                o.generatedBy()), outcomes.stream().map(ConfigurationOutcome::report).toList());
        return new Outcome(outcomes, results, report, figures);
    }

    /** Fits one configuration (its runs differ only in D) and builds its report section. */
    public static ConfigurationOutcome analyze(String key, List<RunDirectory> runs, Options o) throws IOException {
        TreeMap<Integer, RunDirectory> byD = new TreeMap<>();
        for (RunDirectory r : runs) {
            RunDirectory prev = byD.putIfAbsent(r.tasks(), r);
            if (prev != null) {
                o.log().accept("configuration " + key + ": two runs with D = " + r.tasks() + " (" + prev.dir()
                        + ", " + r.dir() + "); using the first");
            }
        }
        RunDirectory first = byD.firstEntry().getValue();
        TaskKind task = first.task();
        List<PoolRun> pools = new ArrayList<>();
        for (RunDirectory r : byD.values()) pools.add(RunData.load(r));
        ConfigurationData data = new ConfigurationData(task, first.dims(), first.context(), first.mlpFactor(), pools);
        long t0 = System.nanoTime();
        ConfigurationResult fit = ConfigurationFit.fit(data, FitOptions.defaults(task));
        o.log().accept(String.format(Locale.ROOT, "fit %s: alpha %.4g beta %.4g gamma %.4g, r(ID) %.3f r(OOD) %.3f,"
                        + " %s after %d iterations (%.1f s)", key, fit.fittedParameters()[0], fit.fittedParameters()[1],
                fit.fittedParameters()[2], fit.correlationId(), fit.correlationOod(), fit.status(), fit.iterations(),
                (System.nanoTime() - t0) / 1e9));
        List<ModelVariant> extra = new ArrayList<>();
        if (o.ablations()) extra.addAll(ABLATIONS);
        if (o.contextDependent()) extra.add(ModelVariant.CONTEXT_DEPENDENT);
        List<ConfigurationResult> ablations = new ArrayList<>(); // every variant besides the full model
        for (ModelVariant v : extra) {
            long t1 = System.nanoTime();
            try {
                ConfigurationResult a = ConfigurationFit.fit(data, FitOptions.defaults(task).withVariant(v));
                ablations.add(a);
                o.log().accept(String.format(Locale.ROOT, "fit %s variant %s: r(ID) %.3f r(OOD) %.3f (%.1f s)", key,
                        v.name(), a.correlationId(), a.correlationOod(), (System.nanoTime() - t1) / 1e9));
            } catch (RuntimeException e) {
                o.log().accept("variant " + v.name() + " of " + key + " failed: " + e.getMessage());
            }
        }
        HierarchicalModel model = HierarchicalModel.of(ModelVariant.FULL, fit.fittedParameters());
        int[] sizes = byD.keySet().stream().mapToInt(Integer::intValue).toArray();
        Map<Integer, Double> observed = TransitionAnalysis.observedTransitionSteps(fit);
        double[] networkN = new double[sizes.length];
        for (int i = 0; i < sizes.length; i++) networkN[i] = observed.getOrDefault(sizes[i], Double.NaN);
        double[] modelN = TransitionAnalysis.modelTransitionSteps(model, fit.pools());
        PowerLaw networkLaw = law(sizes, networkN);
        PowerLaw modelLaw = law(sizes, modelN);
        ConfigurationReport report = report(key, byD, fit, ablations, model, sizes, networkN, modelN, networkLaw,
                modelLaw);
        return new ConfigurationOutcome(key, List.copyOf(byD.values()), fit, ablations, sizes, networkN,
                TransitionAnalysis.poolsStartingMemorizing(fit), modelN,
                networkLaw, modelLaw, report);
    }

    /** Power law through the finite transition steps, or null with fewer than two of them. */
    static PowerLaw law(int[] sizes, double[] steps) {
        int finite = 0;
        for (double s : steps) if (s > 0 && Double.isFinite(s)) finite++;
        if (finite < 2) return null;
        return TransitionAnalysis.transitionPowerLaw(sizes, steps);
    }

    // ---------------------------------------------------------------- results.jsonl

    /** The reference fields (ResultsJson) plus seed, ablations and the derived predictions of SPEC section 9. */
    static ObjectNode resultLine(ConfigurationOutcome c) {
        ObjectNode o = ResultsJson.toJson(c.fit());
        o.put("seed", c.runs().get(0).seed());
        ArrayNode d = o.putArray("pool_sizes");
        for (int s : c.poolSizes()) d.add(s);
        ObjectNode derived = o.putObject("derived");
        ArrayNode net = derived.putArray("transition_step_network");
        ArrayNode mod = derived.putArray("transition_step_model");
        for (int i = 0; i < c.poolSizes().length; i++) {
            number(net, c.networkTransition()[i]);
            number(mod, c.modelTransition()[i]);
        }
        ArrayNode fromStart = derived.putArray("network_memorizing_from_start");   // no transition to read off
        c.memorizingFromStart().forEach(fromStart::add);
        derived.set("power_law_network", lawJson(c.networkLaw()));
        derived.set("power_law_model", lawJson(c.modelLaw()));
        ObjectNode dStar = derived.putObject("diversity_threshold_network");
        TransitionAnalysis.observedDiversityThreshold(c.fit()).forEach((step, dd) -> dStar.put(Long.toString(step), dd));
        HierarchicalModel model = HierarchicalModel.of(ModelVariant.FULL, c.fit().fittedParameters());
        long[] steps = checkpointSteps(c.fit());
        double[] st = new double[steps.length];
        for (int i = 0; i < st.length; i++) st[i] = steps[i];
        int[] modelDStar = TransitionAnalysis.modelDiversityThreshold(model, c.fit().pools(), st);
        ObjectNode mStar = derived.putObject("diversity_threshold_model");
        for (int i = 0; i < steps.length; i++) mStar.put(Long.toString(steps[i]), modelDStar[i]);
        ArrayNode abl = o.putArray("ablations");
        for (ConfigurationResult a : c.ablations()) {
            ObjectNode x = abl.addObject();
            x.put("variant", a.variant());
            ObjectNode p = x.putObject("fitted_parameters");
            number(p, "alpha", a.fittedParameters()[0]);
            number(p, "beta", a.fittedParameters()[1]);
            number(p, "gamma", a.fittedParameters()[2]);
            number(x, "correlation_bms_relative_distance_id", a.correlationId());
            number(x, "correlation_bms_relative_distance_ood", a.correlationOod());
            number(x, "objective", a.objective());
            x.put("converged", a.status().converged());
        }
        return o;
    }

    private static ObjectNode lawJson(PowerLaw p) {
        ObjectNode o = MAPPER.createObjectNode();
        if (p == null) {
            o.putNull("exponent");
            o.put("points", 0);
            return o;
        }
        number(o, "prefactor", p.prefactor());
        number(o, "exponent", p.exponent());
        number(o, "exponent_ci95_low", p.exponentLow());
        number(o, "exponent_ci95_high", p.exponentHigh());
        o.put("points", p.points());
        number(o, "r_squared", p.rSquared());
        return o;
    }

    private static void number(ArrayNode a, double v) {
        if (Double.isFinite(v)) a.add(v); else a.addNull();
    }

    private static void number(ObjectNode o, String k, double v) {
        if (Double.isFinite(v)) o.put(k, v); else o.putNull(k);
    }

    static long[] checkpointSteps(ConfigurationResult fit) {
        TreeSet<Long> s = new TreeSet<>();
        for (ConfigurationResult.PairResult p : fit.pairs()) s.add(p.step());
        return s.stream().mapToLong(Long::longValue).toArray();
    }

    // ---------------------------------------------------------------- report section

    static ConfigurationReport report(String key, TreeMap<Integer, RunDirectory> byD, ConfigurationResult fit,
                                      List<ConfigurationResult> ablations, HierarchicalModel model, int[] sizes,
                                      double[] networkN, double[] modelN, PowerLaw networkLaw, PowerLaw modelLaw)
            throws IOException {
        RunDirectory first = byD.firstEntry().getValue();
        TaskKind task = first.task();
        long[] steps = checkpointSteps(fit);
        Map<Long, Integer> col = new TreeMap<>();
        for (int i = 0; i < steps.length; i++) col.put(steps[i], i);
        Map<Integer, Integer> row = new TreeMap<>();
        for (int i = 0; i < sizes.length; i++) row.put(sizes[i], i);
        double[][] net = nanGrid(sizes.length, steps.length), mod = nanGrid(sizes.length, steps.length);
        for (ConfigurationResult.PairResult p : fit.pairs()) {
            net[row.get(p.poolSize())][col.get(p.step())] = clip01(p.observedWeightId());
            mod[row.get(p.poolSize())][col.get(p.step())] = clip01(p.predictedWeightId());
        }
        RelativeDistanceGrid grid = RelativeDistanceGrid.of(sizes, steps, net, mod);

        long[] dense = denseSteps(steps[0], steps[steps.length - 1]);
        double[] denseD = new double[dense.length];
        for (int i = 0; i < dense.length; i++) denseD[i] = dense[i];
        double[][] odds = TransitionAnalysis.logOddsGrid(model, fit.pools(), denseD);
        for (double[] r : odds) for (int i = 0; i < r.length; i++) if (!Double.isFinite(r[i])) r[i] = Double.NaN;
        LogOddsGrid logOdds = LogOddsGrid.of(sizes, dense, odds);

        List<PowerLawFit> laws = new ArrayList<>();
        addLaw(laws, PowerLawFit.FittedTo.TRANSFORMER, networkLaw);
        addLaw(laws, PowerLawFit.FittedTo.MODEL, modelLaw);
        TransitionSteps transitions = new TransitionSteps(sizes, networkN, positiveOrNaN(modelN), laws);

        List<LossCurve> curves = new ArrayList<>();
        for (RunDirectory r : byD.values()) curves.add(MetricLevels.lossCurve(r));
        LossCurves losses = new LossCurves(MetricLevels.label(task), curves);

        List<FittedParameters> fits = new ArrayList<>();
        fits.add(fitted("full", fit, ModelVariant.FULL));
        for (ConfigurationResult a : ablations) fits.add(fitted(a.variant(), a, ModelVariant.parse(a.variant())));

        List<MetricRow> metrics = new ArrayList<>();
        ConfigurationResult.Baseline random = baseline(fit, "random_weights");
        ConfigurationResult.Baseline constant = baseline(fit, "constant");
        metrics.add(new MetricRow(Metric.CORRELATION, Split.ID, fit.correlationId(), Double.NaN,
                random == null ? Double.NaN : random.correlationId()));
        metrics.add(new MetricRow(Metric.CORRELATION, Split.OOD, fit.correlationOod(), Double.NaN,
                random == null ? Double.NaN : random.correlationOod()));
        for (Metric m : switch (task) {
            case CATEGORICAL -> List.of(Metric.TOTAL_VARIATION, Metric.SPEARMAN);
            case REGRESSION -> List.of(Metric.R_SQUARED);
            case CLASSIFICATION -> List.of(Metric.AGREEMENT);
        }) {
            for (Split s : Split.values()) {
                metrics.add(new MetricRow(m, s, pick(m, s == Split.ID ? fit.modelId() : fit.modelOod()),
                        constant == null ? Double.NaN : pick(m, s == Split.ID ? constant.id() : constant.ood()),
                        random == null ? Double.NaN : pick(m, s == Split.ID ? random.id() : random.ood())));
            }
        }

        Map<String, String> conf = new LinkedHashMap<>();
        conf.put(task == TaskKind.CATEGORICAL ? "V (symbols)" : "d (dimensions)", Integer.toString(first.dims()));
        conf.put("context length C", Integer.toString(first.context()));
        conf.put("MLP factor", RunDirectory.trim(first.mlpFactor()));
        conf.put("seed", Long.toString(first.seed()));
        conf.put("pool sizes D", java.util.Arrays.toString(sizes));
        conf.put("training steps", Long.toString(first.steps()));
        conf.put("checkpoints", steps.length + " (" + steps[0] + " … " + steps[steps.length - 1] + ")");
        conf.put("evaluation sequences per split", Integer.toString(first.evalSequences()));
        conf.put("interpolation threshold step", Long.toString(fit.thresholdStep()));
        conf.put("hold-out", String.format(Locale.ROOT, "fit on %d of %d pairs (first %.0f%% of steps × %.0f%% of D)",
                fit.holdOut().fitPairs(), fit.holdOut().evaluatedPairs(), 100 * fit.holdOut().checkpointFraction(),
                100 * fit.holdOut().poolFraction()));
        StringBuilder lq = new StringBuilder();
        for (ConfigurationResult.PoolSummary p : fit.pools()) {
            lq.append(String.format(Locale.ROOT, "D=%d: L(M)=%.4f L(G)=%.4f K(M)=%.0f K(G)=%.0f; ", p.poolSize(),
                    p.losses()[0], p.losses()[1], p.bits()[0], p.bits()[1]));
        }
        conf.put("L(Q) nats/token, K(Q) bits", lq.toString().strip());
        conf.put("transition-step exponent (network)", lawText(networkLaw));
        conf.put("transition-step exponent (model)", lawText(modelLaw));
        String title = String.format(Locale.ROOT, "%s · %s = %d · C = %d · MLP ×%s · seed %d", task.id(),
                task == TaskKind.CATEGORICAL ? "V" : "d", first.dims(), first.context(),
                RunDirectory.trim(first.mlpFactor()), first.seed());
        return new ConfigurationReport(title, task.id(), new java.util.LinkedHashMap<>(conf), fits, metrics, grid,
                logOdds, transitions, losses);
    }

    static String lawText(PowerLaw p) {
        if (p == null) return "n/a (fewer than two pool sizes crossed w_M = 0.5)";
        if (Double.isFinite(p.exponentLow())) {
            return String.format(Locale.ROOT, "%.3g (95%% CI %.3g … %.3g, %d points)", p.exponent(), p.exponentLow(),
                    p.exponentHigh(), p.points());
        }
        return String.format(Locale.ROOT, "%.3g (%d points, no interval)", p.exponent(), p.points());
    }

    private static void addLaw(List<PowerLawFit> laws, PowerLawFit.FittedTo who, PowerLaw p) {
        if (p == null || !Double.isFinite(p.exponentLow()) || !Double.isFinite(p.exponentHigh())
                || !(p.prefactor() > 0) || !Double.isFinite(p.prefactor())) {
            return; // the figure shows the points; a law needs an interval
        }
        laws.add(new PowerLawFit(who, p.prefactor(), p.exponent(), p.exponentLow(), p.exponentHigh()));
    }

    private static FittedParameters fitted(String name, ConfigurationResult r, ModelVariant v) {
        double[] p = r.fittedParameters(), i = r.initialParameters();
        // A zero gradient at the starting point means the posterior weights are saturated there (e.g. β = 1
        // with K in the thousands of bits): the optimiser "converged" without moving, which is no fit at all.
        boolean flatAtStart = r.iterations() == 0;
        String status = flatAtStart ? "flat at the start (weights saturated; not fitted)"
                : r.status().name().toLowerCase(Locale.ROOT);
        return new FittedParameters(name, v.fitAlpha() ? p[0] : Double.NaN, v.fitBeta() ? p[1] : Double.NaN,
                v.fitGamma() ? p[2] : Double.NaN, i[0], i[1], i[2], r.objective(), r.iterations(),
                status, r.status().converged() && !flatAtStart);
    }

    private static ConfigurationResult.Baseline baseline(ConfigurationResult r, String name) {
        for (ConfigurationResult.Baseline b : r.baselines()) if (b.name().equals(name)) return b;
        return null;
    }

    private static double pick(Metric m, ConfigurationResult.SetMetrics s) {
        return switch (m) {
            case TOTAL_VARIATION -> s.totalVariation();
            case SPEARMAN -> s.spearman();
            case R_SQUARED -> s.rSquared();
            case AGREEMENT -> s.agreement();
            case CORRELATION -> Double.NaN;
        };
    }

    private static double[][] nanGrid(int rows, int cols) {
        double[][] g = new double[rows][cols];
        for (double[] r : g) java.util.Arrays.fill(r, Double.NaN);
        return g;
    }

    private static double clip01(double v) {
        return Double.isNaN(v) ? v : Math.max(0, Math.min(1, v));
    }

    private static double[] positiveOrNaN(double[] v) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) if (!(out[i] > 0)) out[i] = Double.NaN;
        return out;
    }

    /** Steps spread geometrically over [first, last] (distinct, ascending), for the log-odds curves. */
    static long[] denseSteps(long first, long last) {
        TreeSet<Long> s = new TreeSet<>();
        for (int i = 0; i < LOG_ODDS_STEPS; i++) {
            double f = i / (double) (LOG_ODDS_STEPS - 1);
            s.add(Math.round(Math.exp(Math.log(first) + f * (Math.log(last) - Math.log(first)))));
        }
        s.add(first);
        s.add(last);
        return s.stream().mapToLong(Long::longValue).toArray();
    }
}
