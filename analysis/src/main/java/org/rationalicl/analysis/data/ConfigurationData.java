// All inputs of one configuration (task, dims, context length, MLP factor): one PoolRun per pool size D.
package org.rationalicl.analysis.data;

import java.util.Comparator;
import java.util.List;

/**
 * @param task          the task family
 * @param numDims       V (symbols) for categorical, d for regression and classification
 * @param contextLength C as configured for the runs
 * @param mlpFactor     the MLP expansion factor of the network
 * @param pools         one run per pool size D (sorted ascending by D on construction)
 */
public record ConfigurationData(TaskKind task, int numDims, int contextLength, double mlpFactor, List<PoolRun> pools) {
    public ConfigurationData {
        if (task == null) {
            throw new IllegalArgumentException("task must not be null");
        }
        if (numDims < 1) {
            throw new IllegalArgumentException("numDims must be >= 1; got " + numDims);
        }
        if (pools == null || pools.isEmpty()) {
            throw new IllegalArgumentException("at least one pool run is required");
        }
        pools = pools.stream().sorted(Comparator.comparingInt(PoolRun::poolSize)).toList();
        int predictorCount = pools.get(0).predictors().size();
        for (int i = 0; i < pools.size(); i++) {
            if (i > 0 && pools.get(i).poolSize() == pools.get(i - 1).poolSize()) {
                throw new IllegalArgumentException("pool size " + pools.get(i).poolSize() + " appears twice");
            }
            if (pools.get(i).predictors().size() != predictorCount) {
                throw new IllegalArgumentException("every pool needs the same number of predictors (" + predictorCount
                        + "); pool " + pools.get(i).poolSize() + " has " + pools.get(i).predictors().size());
            }
        }
    }

    public int predictorCount() {
        return pools.get(0).predictors().size();
    }
}
