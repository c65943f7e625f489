// What a call to TrainingRun.train returned: where it stopped and the last numbers it saw.
package org.rationalicl.train;

import java.util.Map;

/**
 * @param step        optimizer steps taken when the call returned
 * @param finished    true when the run reached its configured number of steps
 * @param lastLoss    mean loss of the last step's batch (NaN when no step ran in this call)
 * @param lastMetrics metrics of the last evaluation (empty when none ran in this call)
 */
public record TrainingResult(long step, boolean finished, double lastLoss, Map<String, Double> lastMetrics) {}
