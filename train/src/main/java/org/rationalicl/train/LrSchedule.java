// Learning-rate schedules with linear warm-up, as HuggingFace's get_{constant,linear,cosine}_schedule_with_warmup
// driven by torch's LambdaLR: the lr of optimizer step s (0-based) is base · factor(s), so step 0 has lr 0 when
// there is a warm-up.
package org.rationalicl.train;

public enum LrSchedule {
    /** s/W during warm-up, then 1. */
    CONSTANT,
    /** s/W during warm-up, then decays linearly to 0 at the last step. */
    LINEAR,
    /** s/W during warm-up, then half a cosine from 1 to 0 at the last step. */
    COSINE;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static LrSchedule parse(String id) {
        for (LrSchedule s : values()) if (s.id().equalsIgnoreCase(id)) return s;
        throw new IllegalArgumentException("schedule = " + id + ": expected one of constant, linear, cosine");
    }

    /** The multiplier of the base lr at 0-based step s of a run of totalSteps steps with warmup warm-up steps. */
    public double factor(long s, long warmup, long totalSteps) {
        if (s < warmup) return (double) s / Math.max(1, warmup);
        return switch (this) {
            case CONSTANT -> 1.0;
            case LINEAR -> Math.max(0.0, (double) (totalSteps - s) / Math.max(1, totalSteps - warmup));
            case COSINE -> {
                double progress = (double) (s - warmup) / Math.max(1, totalSteps - warmup);
                yield Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * progress)));
            }
        };
    }
}
