// Per-section CPU-time counters of a training step, on with -Drationalicl.profile=true and free when off (the flag
// is a static final, so C2 drops every call). Counts only the thread that called reset(); not for concurrent use.
package org.rationalicl.train;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

public final class StepProfile {
    /** Whether sections are timed; read once at class initialisation. */
    public static final boolean ON = Boolean.getBoolean("rationalicl.profile");

    /** The timed parts of one step, in the order a step runs them. */
    public enum Section {
        TRANSPOSE_WEIGHTS, FILL, ZERO_GRADS, EMBED_FWD, TOUCH, LN_FWD, QKV_FWD, ATTN_CORE_FWD, DENSE_FWD, FC1_FWD,
        GELU_FWD, FC2_FWD, OUT_FWD, LOSS_FWD, LOSS_BWD, OUT_BWD, LN_BWD, FC2_BWD, GELU_BWD, FC1_BWD, DENSE_BWD,
        ATTN_CORE_BWD, QKV_BWD, EMBED_BWD, REDUCE, NORM_CLIP, ADAMW
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long[] NANOS = new long[Section.values().length];
    private static volatile Thread owner;

    private StepProfile() {}

    /** Clears the counters and makes the calling thread the one whose sections are counted. */
    public static void reset() {
        java.util.Arrays.fill(NANOS, 0);
        owner = Thread.currentThread();
    }

    /** A start mark for {@link #stop}; 0 when profiling is off or on another thread. */
    static long start() {
        if (!ON || Thread.currentThread() != owner) return 0;
        return THREADS.getCurrentThreadCpuTime();
    }

    static void stop(Section section, long started) {
        if (!ON || started == 0) return;
        NANOS[section.ordinal()] += THREADS.getCurrentThreadCpuTime() - started;
    }

    /** CPU nanoseconds counted in {@code section} since reset(). */
    public static long nanos(Section section) {
        return NANOS[section.ordinal()];
    }
}
