// Configuration of the classification task (SPEC §2.3): item dimension d, sequence length C (C−1 context
// pairs plus the target), within-class noise variance v. Validated on construction.
package org.rationalicl.core.tasks;

/**
 * Classification: a task is an (item, label) pair, item ~ N(0, I_d/d), label uniform in {0, 1}. A sequence
 * is C−1 context pairs drawn from the pool, then a target copied from a uniformly chosen context pair with its
 * label hidden; every item is noised as x ← (x + √v·ε)/√(1+v), ε ~ N(0, I_d/d).
 *
 * @param dim                 d, in [1, 1024]
 * @param context             C, rows per sequence including the target, in [2, 65536]
 * @param withinClassVariance v, in (0, 1e6]
 */
public record ClassificationConfig(int dim, int context, double withinClassVariance) {
    public static final int DEFAULT_DIM = 8;
    public static final int DEFAULT_CONTEXT = 128;
    public static final double DEFAULT_WITHIN_CLASS_VARIANCE = 0.5;
    public static final int MAX_DIM = 1024;
    public static final int MAX_CONTEXT = 1 << 16;

    public ClassificationConfig {
        Args.intIn("dim (d)", dim, 1, MAX_DIM);
        Args.intIn("context (C)", context, 2, MAX_CONTEXT);
        Args.doubleAbove("withinClassVariance (v)", withinClassVariance, 0.0, 1e6);
    }

    /** d = 8, C = 128, v = 0.5. */
    public static ClassificationConfig defaults() {
        return new ClassificationConfig(DEFAULT_DIM, DEFAULT_CONTEXT, DEFAULT_WITHIN_CLASS_VARIANCE);
    }

    /** Values per row: the d item coordinates then the label. */
    public int rowWidth() { return dim + 1; }
}
