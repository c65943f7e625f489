// The numbers Wurgaft et al. (2025) report for each task, metric and split (SPEC section 8), as display text,
// so every report puts our measurement next to the paper's without the caller having to know them.
package org.rationalicl.analysis.report;

import java.util.Map;
import java.util.Optional;

public final class PaperReference {
    private PaperReference() {}

    private static final Map<String, String> VALUES = Map.ofEntries(
            Map.entry(key("categorical", Metric.CORRELATION, Split.ID), "≈ 0.99"),
            Map.entry(key("categorical", Metric.CORRELATION, Split.OOD), "≈ 0.97–0.98"),
            Map.entry(key("categorical", Metric.TOTAL_VARIATION, Split.ID), "≈ 0.04"),
            Map.entry(key("categorical", Metric.TOTAL_VARIATION, Split.OOD), "≈ 0.08–0.10"),
            Map.entry(key("categorical", Metric.SPEARMAN, Split.ID), "≈ 0.95"),
            Map.entry(key("categorical", Metric.SPEARMAN, Split.OOD), "≈ 0.85"),
            Map.entry(key("regression", Metric.CORRELATION, Split.ID), "≈ 0.99"),
            Map.entry(key("regression", Metric.CORRELATION, Split.OOD), "≈ 0.99"),
            Map.entry(key("regression", Metric.R_SQUARED, Split.ID), "≈ 0.95"),
            Map.entry(key("classification", Metric.CORRELATION, Split.ID), "≈ 0.97–0.98"),
            Map.entry(key("classification", Metric.CORRELATION, Split.OOD), "≈ 0.98"),
            Map.entry(key("classification", Metric.AGREEMENT, Split.ID), "≈ 0.96"),
            Map.entry(key("classification", Metric.AGREEMENT, Split.OOD), "≈ 0.87"));

    private static String key(String task, Metric metric, Split split) {
        return task + "/" + metric + "/" + split;
    }

    /** The paper's value as text (e.g. "≈ 0.97–0.98"), or empty when the paper gives none for this cell. */
    public static Optional<String> value(String task, Metric metric, Split split) {
        return Optional.ofNullable(VALUES.get(key(task, metric, split)));
    }
}
