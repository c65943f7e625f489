// One training run at pool size D: its checkpoints and the ideal predictors computed for its pool.
package org.rationalicl.analysis.data;

import java.util.List;

/**
 * @param poolSize    D, the number of training tasks
 * @param predictors  the ideal predictors in a fixed order: index 0 is M (memorizing), index 1 is G
 *                    (generalizing), further entries are optional extra strategies
 * @param constant    the constant baseline (prior mean / uniform); may be null
 * @param checkpoints the network's checkpoints, any order (sorted by step on use)
 */
public record PoolRun(int poolSize, List<PredictorOutputs> predictors, PredictorOutputs constant,
                      List<Checkpoint> checkpoints) {
    public PoolRun {
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be >= 1; got " + poolSize);
        }
        if (predictors == null || predictors.size() < 2) {
            throw new IllegalArgumentException("pool " + poolSize + ": at least two predictors (M, G) are required");
        }
        if (checkpoints == null || checkpoints.isEmpty()) {
            throw new IllegalArgumentException("pool " + poolSize + ": at least one checkpoint is required");
        }
        predictors = List.copyOf(predictors);
        checkpoints = checkpoints.stream().sorted((a, b) -> Long.compare(a.step(), b.step())).toList();
        Predictions shapeId = predictors.get(0).id();
        Predictions shapeOod = predictors.get(0).ood();
        for (PredictorOutputs p : predictors) {
            shapeId.requireSameShape(p.id(), "pool " + poolSize + " predictor " + p.name() + " id");
            shapeOod.requireSameShape(p.ood(), "pool " + poolSize + " predictor " + p.name() + " ood");
        }
        if (constant != null) {
            shapeId.requireSameShape(constant.id(), "pool " + poolSize + " constant id");
            shapeOod.requireSameShape(constant.ood(), "pool " + poolSize + " constant ood");
        }
        for (Checkpoint c : checkpoints) {
            shapeId.requireSameShape(c.id(), "pool " + poolSize + " checkpoint " + c.step() + " id");
            shapeOod.requireSameShape(c.ood(), "pool " + poolSize + " checkpoint " + c.step() + " ood");
        }
    }

    public PredictorOutputs memorizing() {
        return predictors.get(0);
    }

    public PredictorOutputs generalizing() {
        return predictors.get(1);
    }
}
