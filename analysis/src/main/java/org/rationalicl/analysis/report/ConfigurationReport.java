// Everything the report shows for one configuration (task, V or d, C, mlp factor): plain data, no computation.
// The analysis fills it; Figures and HtmlReport only read it.
package org.rationalicl.analysis.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.SequencedMap;

/**
 * @param title         section heading, e.g. "categorical · V = 8 · C = 128 · MLP ×4"
 * @param task          "categorical", "regression" or "classification" (selects the paper's reference numbers)
 * @param configuration name → value pairs shown in order (task, dims, steps, seeds, interpolation threshold…)
 * @param fits          parameter fits, the main model first, then any ablations; at least one
 * @param metrics       rows of the SPEC section 8 table
 */
public record ConfigurationReport(String title, String task, SequencedMap<String, String> configuration,
                                  List<FittedParameters> fits, List<MetricRow> metrics,
                                  RelativeDistanceGrid relativeDistance, LogOddsGrid logOdds,
                                  TransitionSteps transitions, LossCurves losses) {

    public static final List<String> TASKS = List.of("categorical", "regression", "classification");

    public ConfigurationReport {
        Checks.text("title", title);
        if (!TASKS.contains(task)) throw new IllegalArgumentException("task = '" + task + "': must be one of " + TASKS);
        Objects.requireNonNull(configuration, "configuration");
        configuration.forEach((k, v) -> {
            Objects.requireNonNull(k, "configuration key");
            Objects.requireNonNull(v, "configuration value of " + k);
        });
        configuration = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(configuration));
        fits = List.copyOf(Objects.requireNonNull(fits, "fits"));
        if (fits.isEmpty()) throw new IllegalArgumentException("fits: needs at least the main model's fit");
        metrics = List.copyOf(Objects.requireNonNull(metrics, "metrics"));
        Objects.requireNonNull(relativeDistance, "relativeDistance");
        Objects.requireNonNull(logOdds, "logOdds");
        Objects.requireNonNull(transitions, "transitions");
        Objects.requireNonNull(losses, "losses");
    }
}
