// The string ids of task families and sequence sets are part of the file and command-line contract.
package org.rationalicl.core.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rationalicl.core.tasks.CategoricalTasksTest.assertMessage;

import org.junit.jupiter.api.Test;

class NamesTest {
    @Test
    void idsRoundTripAndUnknownNamesAreRejected() {
        assertEquals("categorical", TaskFamily.CATEGORICAL.id());
        for (TaskFamily f : TaskFamily.values()) assertEquals(f, TaskFamily.byId(f.id()));
        assertMessage("task = 'urns' must be one of categorical, regression, classification", () -> TaskFamily.byId("urns"));
        assertEquals("iwl", SequenceSet.IWL.id());
        for (SequenceSet s : SequenceSet.values()) assertEquals(s, SequenceSet.byId(s.id()));
        assertMessage("set = 'test' must be one of", () -> SequenceSet.byId("test"));
        assertEquals(500, SequenceSet.EVAL.defaultSize());
        assertEquals(10_000, SequenceSet.LOSS.defaultSize());
        assertMessage("set = training has no default size", SequenceSet.TRAINING::defaultSize);
    }
}
