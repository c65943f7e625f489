// LaneSum.sum4 against four LaneSum.sum calls, bit for bit, at every width it handles: LayerNorm relies on a row
// getting the same bits whether it is reduced alone (sum) or with three others (sum4).
package org.rationalicl.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

class LaneSumTest {
    @Test
    void sum4GivesTheBitsOfFourSums() {
        Random rnd = new Random(21);
        for (VectorSpecies<Float> s : List.of(FloatVector.SPECIES_128, FloatVector.SPECIES_256, FloatVector.SPECIES_512)) {
            assertTrue(LaneSum.hasSum4(s), s.toString());
            for (int trial = 0; trial < 200; trial++) {
                FloatVector[] v = new FloatVector[4];
                for (int k = 0; k < 4; k++) {
                    float[] lanes = new float[s.length()];
                    // magnitudes from 1e-3 to 1e3 and both signs, so that the order of the adds shows in the bits
                    for (int i = 0; i < lanes.length; i++) {
                        lanes[i] = (float) ((rnd.nextBoolean() ? 1 : -1) * Math.pow(10, 6 * rnd.nextDouble() - 3));
                    }
                    v[k] = FloatVector.fromArray(s, lanes, 0);
                }
                float[] got = LaneSum.sum4(v[0], v[1], v[2], v[3]).toArray();
                for (int k = 0; k < 4; k++) {
                    float expected = LaneSum.sum(v[k]);
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(got[k]),
                            s + " trial " + trial + " sum " + k + ": expected " + expected + ", got " + got[k]);
                }
            }
        }
        assertFalse(LaneSum.hasSum4(FloatVector.SPECIES_64));
    }
}
