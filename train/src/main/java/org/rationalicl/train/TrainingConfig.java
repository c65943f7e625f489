// Every setting of a training run (SPEC §2–5), validated with messages that name the field and its range.
// Written to <run>/config.json; a run directory only ever holds one configuration (threads may differ).
package org.rationalicl.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * @param task            task family / network head
 * @param tasks           D, training pool size
 * @param dims            V (categorical symbols) or d (regression, classification input dimension)
 * @param context         C
 * @param hidden          H
 * @param layers          decoder layers
 * @param heads           attention heads
 * @param mlpFactor       MLP width I = H · mlpFactor (must be an integer)
 * @param batch           sequences per step
 * @param steps           optimizer steps S
 * @param lr              base learning rate
 * @param warmup          linear warm-up steps
 * @param schedule        lr after warm-up: constant, linear or cosine decay
 * @param clip            gradient-norm clipping threshold (0 = none)
 * @param seed            run seed: pools (seed, seed+1), data, init
 * @param threads         worker threads (does not change the data; changes float rounding of the reduction)
 * @param checkpoints     K checkpoints, evenly spaced in √step
 * @param firstCheckpoint s₀, the first checkpoint step
 * @param lastCheckpoint  the last checkpoint step (normally steps)
 * @param evalSequences   sequences per evaluation split
 * @param zipfExponent    skew of the training-pool task choice (0 = uniform)
 * @param logEvery        a metrics.csv row every this many steps (and at every checkpoint)
 */
public record TrainingConfig(Head task, int tasks, int dims, int context,
                             int hidden, int layers, int heads, double mlpFactor,
                             int batch, long steps, double lr, long warmup, LrSchedule schedule, double clip,
                             long seed, int threads, int checkpoints, long firstCheckpoint, long lastCheckpoint,
                             int evalSequences,
                             double zipfExponent, int logEvery) {

    public TrainingConfig {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(schedule, "schedule");
        intRange("tasks", tasks, 1, 1 << 20);
        intRange("dims", dims, task == Head.CATEGORICAL ? 2 : 1, 4096);
        intRange("context", context, 1, 1 << 16);
        intRange("batch", batch, 1, 1 << 20);
        longRange("steps", steps, 1, 1L << 40);
        if (!(lr > 0 && lr <= 10)) throw new IllegalArgumentException("lr = " + lr + " must be in (0, 10]");
        longRange("warmup", warmup, 0, 1L << 40);   // may exceed steps: the lr then never reaches its base value
        if (!(clip >= 0) || !Double.isFinite(clip)) {
            throw new IllegalArgumentException("clip = " + clip + " must be >= 0 (0 = no clipping)");
        }
        intRange("threads", threads, 1, 4096);
        intRange("checkpoints", checkpoints, 1, 1_000_000);
        longRange("lastCheckpoint", lastCheckpoint, 0, steps);
        longRange("firstCheckpoint", firstCheckpoint, 0, lastCheckpoint);
        intRange("evalSequences", evalSequences, 1, 1 << 20);
        if (!(zipfExponent >= 0 && zipfExponent <= 64)) {
            throw new IllegalArgumentException("zipfExponent = " + zipfExponent + " must be in [0, 64]");
        }
        intRange("logEvery", logEvery, 1, Integer.MAX_VALUE);
        // the network's own checks (heads | hidden, integer MLP width, even rotary slice, sizes)
        new ModelConfig(task, dims, dims, context, hidden, layers, heads, mlpFactor, 0.25, 10000);
    }

    private static void intRange(String field, int v, int min, int max) {
        if (v < min || v > max) throw new IllegalArgumentException(field + " = " + v + " must be in [" + min + ", " + max + "]");
    }

    private static void longRange(String field, long v, long min, long max) {
        if (v < min || v > max) throw new IllegalArgumentException(field + " = " + v + " must be in [" + min + ", " + max + "]");
    }

    /** The network this run trains (rotary 25 %, base 10000, as the reference). */
    public ModelConfig model() {
        return new ModelConfig(task, dims, dims, context, hidden, layers, heads, mlpFactor, 0.25, 10000);
    }

    /** The checkpoint steps of this run. */
    public long[] checkpointSteps() {
        return CheckpointSchedule.steps(checkpoints, firstCheckpoint, lastCheckpoint);
    }

    /** Learning rate of 0-based optimizer step s. */
    public double lrAt(long s) {
        return lr * schedule.factor(s, warmup, steps);
    }

    /** SPEC defaults for a task with D = tasks; adjust with the builder's setters. */
    public static Builder builder(Head task) {
        return new Builder(task);
    }

    /** A builder preset with this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder(task);
        b.tasks = tasks; b.dims = dims; b.context = context; b.hidden = hidden; b.layers = layers; b.heads = heads;
        b.mlpFactor = mlpFactor; b.batch = batch; b.steps = steps; b.lr = lr; b.warmupSet = warmup; b.schedule = schedule;
        b.clip = clip; b.seed = seed; b.threads = threads; b.checkpoints = checkpoints;
        b.firstCheckpoint = firstCheckpoint; b.lastCheckpoint = lastCheckpoint; b.evalSequences = evalSequences; b.zipfExponent = zipfExponent;
        b.logEvery = logEvery;
        return b;
    }

    /** Every setting, in a fixed order, as written to config.json. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", task.id());
        m.put("tasks", tasks);
        m.put("dims", dims);
        m.put("context", context);
        m.put("hidden", hidden);
        m.put("layers", layers);
        m.put("heads", heads);
        m.put("mlp_factor", mlpFactor);
        m.put("intermediate", model().intermediate());
        m.put("rotary_pct", 0.25);
        m.put("rotary_base", 10000.0);
        m.put("layer_norm_eps", 1e-5);
        m.put("batch", batch);
        m.put("steps", steps);
        m.put("optimizer", "adamw");
        m.put("lr", lr);
        m.put("beta1", 0.9);
        m.put("beta2", 0.999);
        m.put("adam_eps", 1e-8);
        m.put("weight_decay", 0.0);
        m.put("warmup", warmup);
        m.put("schedule", schedule.id());
        m.put("clip", clip);
        m.put("seed", seed);
        m.put("threads", threads);
        m.put("checkpoints", checkpoints);
        m.put("first_checkpoint", firstCheckpoint);
        m.put("last_checkpoint", lastCheckpoint);
        m.put("eval_sequences", evalSequences);
        m.put("eval_pool_size", 500);
        m.put("zipf_exponent", zipfExponent);
        m.put("log_every", logEvery);
        return m;
    }

    /** The settings that define the run's results: all but the thread count. */
    public Map<String, Object> identity() {
        Map<String, Object> m = toJson();
        m.remove("threads");
        return m;
    }

    /** Reads a configuration written by {@link #toJson()}; missing fields take the task's defaults. */
    public static TrainingConfig fromJson(Map<String, Object> json) {
        Object taskId = json.get("task");
        if (!(taskId instanceof String s)) throw new IllegalArgumentException("config: field task is missing or not a string");
        Builder b = builder(Head.parse(s));
        for (Map.Entry<String, Object> e : json.entrySet()) {
            Object v = e.getValue();
            switch (e.getKey()) {
                case "task", "intermediate", "rotary_pct", "rotary_base", "layer_norm_eps", "optimizer", "beta1",
                     "beta2", "adam_eps", "weight_decay", "eval_pool_size" -> { }
                case "tasks" -> b.tasks(asInt(e.getKey(), v));
                case "dims" -> b.dims(asInt(e.getKey(), v));
                case "context" -> b.context(asInt(e.getKey(), v));
                case "hidden" -> b.hidden(asInt(e.getKey(), v));
                case "layers" -> b.layers(asInt(e.getKey(), v));
                case "heads" -> b.heads(asInt(e.getKey(), v));
                case "mlp_factor" -> b.mlpFactor(asDouble(e.getKey(), v));
                case "batch" -> b.batch(asInt(e.getKey(), v));
                case "steps" -> b.steps(asLong(e.getKey(), v));
                case "lr" -> b.lr(asDouble(e.getKey(), v));
                case "warmup" -> b.warmup(asLong(e.getKey(), v));
                case "schedule" -> b.schedule(LrSchedule.parse(String.valueOf(v)));
                case "clip" -> b.clip(asDouble(e.getKey(), v));
                case "seed" -> b.seed(asLong(e.getKey(), v));
                case "threads" -> b.threads(asInt(e.getKey(), v));
                case "checkpoints" -> b.checkpoints(asInt(e.getKey(), v));
                case "first_checkpoint" -> b.firstCheckpoint(asLong(e.getKey(), v));
                case "last_checkpoint" -> b.lastCheckpoint(asLong(e.getKey(), v));
                case "eval_sequences" -> b.evalSequences(asInt(e.getKey(), v));
                case "zipf_exponent" -> b.zipfExponent(asDouble(e.getKey(), v));
                case "log_every" -> b.logEvery(asInt(e.getKey(), v));
                default -> throw new IllegalArgumentException("config: unknown field " + e.getKey());
            }
        }
        return b.build();
    }

    private static long asLong(String field, Object v) {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.longValue();
        throw new IllegalArgumentException("config: field " + field + " = " + v + " must be an integer");
    }

    private static int asInt(String field, Object v) {
        long l = asLong(field, v);
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("config: field " + field + " = " + v + " is out of int range");
        }
        return (int) l;
    }

    private static double asDouble(String field, Object v) {
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException("config: field " + field + " = " + v + " must be a number");
    }

    /** Mutable settings with the SPEC §2–4 defaults of a task; {@link #build()} validates. */
    public static final class Builder {
        private final Head task;
        private int tasks = 64;
        private int dims = 8;
        private int context;
        private int hidden = 64;
        private int layers;
        private int heads = 1;
        private double mlpFactor = 4;
        private int batch;
        private long steps = 100_000;
        private double lr = 5e-4;
        private long warmup;
        private LrSchedule schedule = LrSchedule.CONSTANT;
        private double clip = 1.0;
        private long seed = 0;
        private int threads = Runtime.getRuntime().availableProcessors();
        private int checkpoints = 100;
        private Long firstCheckpoint;   // null: min(20, last checkpoint)
        private Long lastCheckpoint;    // null: steps
        private int evalSequences = 500;
        private double zipfExponent = 0;
        private int logEvery = 10;
        private Long warmupSet;         // null: the task default, capped at steps

        private Builder(Head task) {
            this.task = Objects.requireNonNull(task, "task");
            context = task == Head.REGRESSION ? 16 : 128;
            layers = task == Head.REGRESSION ? 8 : 1;
            batch = task == Head.REGRESSION ? 128 : 64;
            warmup = task == Head.CLASSIFICATION ? 0 : 5000;
        }

        public Builder tasks(int v) { tasks = v; return this; }
        public Builder dims(int v) { dims = v; return this; }
        public Builder context(int v) { context = v; return this; }
        public Builder hidden(int v) { hidden = v; return this; }
        public Builder layers(int v) { layers = v; return this; }
        public Builder heads(int v) { heads = v; return this; }
        public Builder mlpFactor(double v) { mlpFactor = v; return this; }
        public Builder batch(int v) { batch = v; return this; }
        public Builder steps(long v) { steps = v; return this; }
        public Builder lr(double v) { lr = v; return this; }
        public Builder warmup(long v) { warmupSet = v; return this; }
        public Builder schedule(LrSchedule v) { schedule = v; return this; }
        public Builder clip(double v) { clip = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder checkpoints(int v) { checkpoints = v; return this; }
        public Builder firstCheckpoint(long v) { firstCheckpoint = v; return this; }
        public Builder lastCheckpoint(long v) { lastCheckpoint = v; return this; }
        public Builder evalSequences(int v) { evalSequences = v; return this; }
        public Builder zipfExponent(double v) { zipfExponent = v; return this; }
        public Builder logEvery(int v) { logEvery = v; return this; }

        /**
         * Validates and builds. Unset warm-up is the task default capped at the run length; unset last
         * checkpoint is steps; unset first checkpoint is min(20, last checkpoint).
         */
        public TrainingConfig build() {
            long w = warmupSet != null ? warmupSet : Math.min(warmup, steps);
            long last = lastCheckpoint != null ? lastCheckpoint : steps;
            long first = firstCheckpoint != null ? firstCheckpoint : Math.min(20, last);
            return new TrainingConfig(task, tasks, dims, context, hidden, layers, heads, mlpFactor, batch, steps, lr,
                    w, schedule, clip, seed, threads, checkpoints, first, last, evalSequences, zipfExponent, logEvery);
        }
    }
}
