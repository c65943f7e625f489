// Configuration of the linear-regression task (SPEC §2.2): dimension d, context length C, noise variance σ².
// Validated on construction.
package org.rationalicl.core.tasks;

/**
 * Linear regression: a task is w ~ N(0, I_d); a sequence is C pairs x ~ N(0, I_d), y = x·w + ε, ε ~ N(0, σ²).
 *
 * @param dim           d, in [1, 1024]
 * @param context       C, pairs per sequence, in [1, 65536]
 * @param noiseVariance σ², in (0, 1e6]; the spec's value is d/256 (see {@link #of})
 */
public record RegressionConfig(int dim, int context, double noiseVariance) {
    public static final int DEFAULT_DIM = 8;
    public static final int DEFAULT_CONTEXT = 16;
    public static final int MAX_DIM = 1024;
    public static final int MAX_CONTEXT = 1 << 16;

    public RegressionConfig {
        Args.intIn("dim (d)", dim, 1, MAX_DIM);
        Args.intIn("context (C)", context, 1, MAX_CONTEXT);
        Args.doubleAbove("noiseVariance (sigma^2)", noiseVariance, 0.0, 1e6);
    }

    /** The spec's configuration for (d, C): σ² = d / 256. */
    public static RegressionConfig of(int dim, int context) {
        return new RegressionConfig(dim, context, dim / 256.0);
    }

    /** d = 8, C = 16, σ² = 8/256. */
    public static RegressionConfig defaults() {
        return of(DEFAULT_DIM, DEFAULT_CONTEXT);
    }
}
