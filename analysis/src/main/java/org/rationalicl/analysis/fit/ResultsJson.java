// results.jsonl: one JSON object per configuration with the reference's field names (so the two files
// compare line by line) plus this project's extras: task, parameters, optimiser status, hold-out, baselines.
// Files are replaced atomically (temp file + rename).
package org.rationalicl.analysis.fit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.rationalicl.analysis.data.TaskKind;

public final class ResultsJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ResultsJson() {
    }

    /** The JSON object of one configuration. NaN metrics are written as null. */
    public static ObjectNode toJson(ConfigurationResult r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("context_length", r.contextLength());
        o.put("num_dims", r.numDims());
        putNumber(o, "mlp_expansion_factor", r.mlpFactor());
        putNumber(o, "correlation_bms_relative_distance_id", r.correlationId());
        putNumber(o, "correlation_bms_relative_distance_ood", r.correlationOod());
        o.set("average_results", averageResults(r.task(), r.modelId(), r.modelOod()));
        o.put("task", r.task().id());
        o.put("variant", r.variant());
        o.set("fitted_parameters", parameters(r.fittedParameters()));
        o.set("initial_parameters", parameters(r.initialParameters()));
        ObjectNode opt = o.putObject("optimizer");
        opt.put("method", "L-BFGS-B");
        opt.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
        opt.put("converged", r.status().converged());
        opt.put("iterations", r.iterations());
        opt.put("evaluations", r.evaluations());
        putNumber(opt, "objective", r.objective());
        o.put("interpolation_threshold_step", r.thresholdStep());
        ObjectNode h = o.putObject("hold_out");
        putNumber(h, "checkpoint_fraction", r.holdOut().checkpointFraction());
        putNumber(h, "pool_fraction", r.holdOut().poolFraction());
        ArrayNode steps = h.putArray("fit_steps");
        r.holdOut().fitSteps().forEach(steps::add);
        ArrayNode sizes = h.putArray("fit_pool_sizes");
        r.holdOut().fitPoolSizes().forEach(sizes::add);
        h.put("fit_pairs", r.holdOut().fitPairs());
        h.put("evaluated_pairs", r.holdOut().evaluatedPairs());
        ObjectNode baselines = o.putObject("baselines");
        for (ConfigurationResult.Baseline b : r.baselines()) {
            ObjectNode bo = baselines.putObject(b.name());
            putNumber(bo, "correlation_bms_relative_distance_id", b.correlationId());
            putNumber(bo, "correlation_bms_relative_distance_ood", b.correlationOod());
            bo.set("average_results", averageResults(r.task(), b.id(), b.ood()));
        }
        return o;
    }

    private static ObjectNode parameters(double[] p) {
        ObjectNode o = MAPPER.createObjectNode();
        putNumber(o, "alpha", p[0]);
        putNumber(o, "beta", p[1]);
        putNumber(o, "gamma", p[2]);
        return o;
    }

    private static ObjectNode averageResults(TaskKind task, ConfigurationResult.SetMetrics id,
                                             ConfigurationResult.SetMetrics ood) {
        ObjectNode a = MAPPER.createObjectNode();
        switch (task) {
            case CATEGORICAL -> {
                putNumber(a, "total_variation_distance_id", id.totalVariation());
                putNumber(a, "total_variation_distance_ood", ood.totalVariation());
                putNumber(a, "spearman_correlation_id", id.spearman());
                putNumber(a, "spearman_correlation_ood", ood.spearman());
            }
            case REGRESSION -> {
                putNumber(a, "r_squared_id", id.rSquared());
                putNumber(a, "r_squared_ood", ood.rSquared());
            }
            case CLASSIFICATION -> {
                putNumber(a, "agreement_id", id.agreement());
                putNumber(a, "agreement_ood", ood.agreement());
            }
        }
        return a;
    }

    private static void putNumber(ObjectNode o, String field, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            o.putNull(field);
        } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            o.put(field, (long) v);
        } else {
            o.put(field, v);
        }
    }

    /** One line of results.jsonl (no trailing newline). */
    public static String toLine(ConfigurationResult r) {
        try {
            return MAPPER.writeValueAsString(toJson(r));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the result of " + r.task().id(), e);
        }
    }

    /** Writes all results, one per line, replacing {@code file} atomically. */
    public static void write(Path file, List<ConfigurationResult> results) {
        List<String> lines = new ArrayList<>();
        for (ConfigurationResult r : results) {
            lines.add(toLine(r));
        }
        replaceAtomically(file, lines);
    }

    /** Appends one result: the existing lines plus the new one, written to a temp file and renamed. */
    public static void append(Path file, ConfigurationResult result) {
        List<String> lines = new ArrayList<>();
        try {
            if (Files.exists(file)) {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        lines.add(toLine(result));
        replaceAtomically(file, lines);
    }

    private static void replaceAtomically(Path file, List<String> lines) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                Files.write(tmp, lines, StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
