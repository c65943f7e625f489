// A training run met a NaN or infinite loss, gradient norm or weight: the run stops at that step and nothing of
// it is written, so the run directory keeps its last good checkpoints and state.
package org.rationalicl.train;

public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long step;

    public TrainingDivergedException(long step, String message) {
        super(message);
        this.step = step;
    }

    /** The optimizer step (1-based) whose loss, gradient or weights were not finite. */
    public long step() {
        return step;
    }
}
