// The loss curves of one configuration (one per pool size D) and the name of the loss, for the loss figure.
package org.rationalicl.analysis.report;

import java.util.List;
import java.util.Objects;

/**
 * @param lossLabel axis label naming the loss and its unit, e.g. "Cross-entropy (nats/token)"
 * @param curves    one curve per D, D strictly ascending, at least one
 */
public record LossCurves(String lossLabel, List<LossCurve> curves) {

    public LossCurves {
        Checks.text("lossLabel", lossLabel);
        curves = List.copyOf(Objects.requireNonNull(curves, "curves"));
        if (curves.isEmpty()) throw new IllegalArgumentException("curves: needs at least one loss curve");
        for (int i = 1; i < curves.size(); i++) {
            if (curves.get(i).poolSize() <= curves.get(i - 1).poolSize()) {
                throw new IllegalArgumentException("curves: pool sizes must be strictly ascending, but ["
                        + (i - 1) + "] = " + curves.get(i - 1).poolSize() + " and [" + i + "] = " + curves.get(i).poolSize());
            }
        }
    }
}
