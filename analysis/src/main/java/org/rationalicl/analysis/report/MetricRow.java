// One row of the metrics table: a measure on one split for the fitted model and for the two baselines.
package org.rationalicl.analysis.report;

import java.util.Objects;

/**
 * @param fitted           the fitted hierarchical Bayesian model's value
 * @param constantBaseline the constant predictor's value, NaN when the measure does not apply to it
 * @param randomBaseline   random mixture weights' value, NaN when not computed
 */
public record MetricRow(Metric metric, Split split, double fitted, double constantBaseline, double randomBaseline) {

    public MetricRow {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(split, "split");
    }
}
