// Progress callbacks of a training run (for a progress bar, logging, or an embedding application), and the
// way to stop a run early: state is saved and the run can be resumed exactly.
package org.rationalicl.train;

import java.util.Map;

public interface TrainingListener {
    /** Before the first step; {@code startStep} > 0 when the run resumes. */
    default void onStart(TrainingConfig config, long startStep, boolean resumed) {}

    /** After optimizer step {@code step} (1-based): its lr, mean batch loss and pre-clip gradient norm. */
    default void onStep(long step, double lr, double loss, double gradNorm) {}

    /** After the checkpoint of {@code step} was written, with each evaluation split's metric. */
    default void onCheckpoint(long step, Map<String, Double> metrics) {}

    /** Polled after every step; true stops the run (state saved, resumable). */
    default boolean stopRequested() {
        return false;
    }

    /** A listener that does nothing. */
    TrainingListener NONE = new TrainingListener() {};
}
