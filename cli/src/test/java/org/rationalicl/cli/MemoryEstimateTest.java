// The activation estimate against the arena the train module really allocates, for every head's default model.
package org.rationalicl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.rationalicl.train.Activations;
import org.rationalicl.train.Head;
import org.rationalicl.train.ModelConfig;
import org.rationalicl.train.TrainingConfig;

class MemoryEstimateTest {
    @Test
    void activationsMatchTheArenaUpToItsAlignment() {
        for (Head head : Head.values()) {
            ModelConfig m = TrainingConfig.builder(head).build().model();
            for (int b : new int[] {1, 2, 8}) {
                double arena = new Activations(m, b).floats(), estimate = MemoryEstimate.activations(m, b);
                // each buffer of the arena is rounded up to 16 floats: at most 15 more per buffer, 13 per layer
                // and fewer than 50 others
                double slack = 15.0 * (13 * m.layers() + 50);
                assertEquals(arena, estimate, slack, head + ", " + b + " sequences");
            }
        }
    }
}
