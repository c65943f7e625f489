// The flags of every training setting (SPEC §2–4), shared by the commands that build a TrainingConfig. Unset flags
// stay null so that a --config file or a stored run can supply them; the task's defaults fill the rest.
package org.rationalicl.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

final class TrainingOptions {
    @Option(names = "--task", paramLabel = "TASK", description = "Task family: categorical, regression or classification.")
    String task;
    @Option(names = "--tasks", paramLabel = "D", description = "Training pool size D (default 64).")
    Integer tasks;
    @Option(names = "--dims", paramLabel = "N", description = "Symbols V (categorical) or input dimension d (default 8).")
    Integer dims;
    @Option(names = "--context", paramLabel = "C", description = "Context length C (default 128; regression 16).")
    Integer context;
    @Option(names = "--layers", paramLabel = "N", description = "Decoder layers (default 1; regression 8).")
    Integer layers;
    @Option(names = "--heads", paramLabel = "N", description = "Attention heads; must divide --hidden (default 1).")
    Integer heads;
    @Option(names = "--hidden", paramLabel = "H", description = "Hidden width H (default 64).")
    Integer hidden;
    @Option(names = "--mlp-factor", paramLabel = "F", description = "MLP width = H·F, must be an integer (default 4).")
    Double mlpFactor;
    @Option(names = "--batch", paramLabel = "B", description = "Sequences per step (default 64; regression 128).")
    Integer batch;
    @Option(names = "--steps", paramLabel = "S", description = "Optimizer steps (default 100000, the paper's).")
    Long steps;
    @Option(names = "--lr", paramLabel = "LR", description = "Base learning rate, in (0, 10] (default 5e-4).")
    Double lr;
    @Option(names = "--warmup", paramLabel = "STEPS",
            description = "Linear lr warm-up steps (default 5000 capped at --steps; classification 0).")
    Long warmup;
    @Option(names = "--schedule", paramLabel = "NAME", description = "lr after warm-up: constant, linear or cosine (default constant).")
    String schedule;
    @Option(names = "--clip", paramLabel = "NORM", description = "Gradient-norm clipping, 0 = none (default 1.0).")
    Double clip;
    @Option(names = "--seed", paramLabel = "N", description = "Run seed: pools, data and init (default 0).")
    Long seed;
    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores). Not part of the run's identity.")
    Integer threads;
    @Option(names = "--checkpoints", paramLabel = "K", description = "Checkpoints, evenly spaced in √step (default 100).")
    Integer checkpoints;
    @Option(names = "--first-checkpoint", paramLabel = "STEP", description = "Step of the first checkpoint s₀ (default min(20, last)).")
    Long firstCheckpoint;
    @Option(names = "--last-checkpoint", paramLabel = "STEP", description = "Step of the last checkpoint (default --steps).")
    Long lastCheckpoint;
    @Option(names = "--eval-sequences", paramLabel = "N", description = "Sequences per evaluation split (default 500).")
    Integer evalSequences;
    @Option(names = "--zipf", paramLabel = "EXP", description = "Zipf exponent of the task choice, 0 = uniform (default 0).")
    Double zipf;
    @Option(names = "--log-every", paramLabel = "STEPS", description = "A metrics.csv row every this many steps (default 10).")
    Integer logEvery;

    /** The flags given, keyed as in config.json. */
    Map<String, Object> given() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "task", task);
        put(m, "tasks", tasks);
        put(m, "dims", dims);
        put(m, "context", context);
        put(m, "hidden", hidden);
        put(m, "layers", layers);
        put(m, "heads", heads);
        put(m, "mlp_factor", mlpFactor);
        put(m, "batch", batch);
        put(m, "steps", steps);
        put(m, "lr", lr);
        put(m, "warmup", warmup);
        put(m, "schedule", schedule);
        put(m, "clip", clip);
        put(m, "seed", seed);
        put(m, "threads", threads);
        put(m, "checkpoints", checkpoints);
        put(m, "first_checkpoint", firstCheckpoint);
        put(m, "last_checkpoint", lastCheckpoint);
        put(m, "eval_sequences", evalSequences);
        put(m, "zipf_exponent", zipf);
        put(m, "log_every", logEvery);
        return m;
    }

    private static void put(Map<String, Object> m, String key, Object v) {
        if (v != null) m.put(key, v);
    }
}
