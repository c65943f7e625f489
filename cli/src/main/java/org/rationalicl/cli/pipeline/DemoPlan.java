// The demo's sweep: categorical task (V 8), D from 4 to 1024, a model and step budget chosen so that the whole
// demo (training, predictors, fit, report) runs in well under 10 minutes on an unshared 2-core machine.
package org.rationalicl.cli.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * @param poolSizes     D values (one run each)
 * @param steps         training steps per run
 * @param lossSequences fresh sequences for L(Q)
 */
public record DemoPlan(List<Integer> poolSizes, long steps, int context, int hidden, int batch, double lr, long warmup,
                       int checkpoints, int evalSequences, int lossSequences) {

    /** The full demo: 8 runs (4 waves of 2 on 2 cores). */
    public static DemoPlan full() {
        return new DemoPlan(List.of(4, 8, 16, 32, 64, 128, 256, 1024), 5000, 64, 64, 32, 1e-3, 200, 30, 128, 2000);
    }

    /** --quick: 6 runs of a smaller model (context 32, hidden 32) for 800 steps; only the smallest D have time to flip. */
    public static DemoPlan quick() {
        DemoPlan f = full();
        return new DemoPlan(List.of(4, 8, 16, 64, 256, 1024), 800, 32, 32, f.batch(), f.lr(), f.warmup(), 16, 64, 1000);
    }

    /** The sweep file (as icl sweep reads it). */
    public Map<String, Object> sweepConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prefix", "demo");
        m.put("task", "categorical");
        m.put("dims", List.of(8));
        m.put("context", List.of(context));
        m.put("mlp_factor", List.of(4));
        m.put("tasks", poolSizes);
        m.put("seeds", List.of(1));
        m.put("hidden", hidden);
        m.put("layers", 1);
        m.put("heads", 1);
        m.put("batch", batch);
        m.put("steps", steps);
        m.put("lr", lr);
        m.put("warmup", warmup);
        m.put("checkpoints", checkpoints);
        m.put("first_checkpoint", 20);
        m.put("eval_sequences", evalSequences);
        m.put("log_every", 100);
        return m;
    }

    /** Training steps of the whole sweep. */
    public long totalSteps() {
        return steps * poolSizes.size();
    }
}
