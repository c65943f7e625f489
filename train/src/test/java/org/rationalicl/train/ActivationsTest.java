// The activation arena's layout: every buffer on the aligned lead, none overlapping the next.
package org.rationalicl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rationalicl.simd.ArrayAlignment;

class ActivationsTest {
    @Test
    void everyBufferStartsOnTheAlignedLead() {
        for (Head head : Head.values()) {
            ModelConfig c = TrainingConfig.builder(head).build().model();
            Activations acts = new Activations(c, 3);
            int[] offsets = {acts.residual[0], acts.qkv[0], acts.probs[0], acts.mid[0], acts.fcPre[0],
                acts.fcAct[c.layers() - 1], acts.lnf, acts.out, acts.dResidual, acts.dFc, acts.scores, acts.midZ,
                acts.readInZ, acts.tokenQkv};
            for (int offset : offsets) {
                assertEquals(ArrayAlignment.FLOAT_LEAD, offset % 16, head + ": buffer at " + offset);
                assertTrue(offset < acts.a.length, head + ": buffer at " + offset + " outside the arena");
            }
        }
    }
}
