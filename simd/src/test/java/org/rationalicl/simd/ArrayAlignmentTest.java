// The lead that puts a buffer of a region-aligned float[] on a 64-byte boundary, for each HotSpot header size.
package org.rationalicl.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ArrayAlignmentTest {
    @Test
    void leadCompletesTheHeaderToSixtyFourBytes() {
        assertEquals(12, ArrayAlignment.lead(16));   // compressed class pointers: 16 + 48 = 64
        assertEquals(13, ArrayAlignment.lead(12));   // compact object headers: 12 + 52 = 64
        assertEquals(11, ArrayAlignment.lead(20));   // neither: 20 + 44 = 64
        assertEquals(0, ArrayAlignment.lead(0));
        assertEquals(0, ArrayAlignment.lead(64));
    }

    @Test
    void thisVmsLeadAlignsElementsOfItsArrays() {
        assertTrue(Set.of(12, 16, 20).contains(ArrayAlignment.FLOAT_BASE_OFFSET),
                "float[] header " + ArrayAlignment.FLOAT_BASE_OFFSET + " bytes");
        assertEquals(0, (ArrayAlignment.FLOAT_BASE_OFFSET + 4 * ArrayAlignment.FLOAT_LEAD) % 64);
        assertTrue(ArrayAlignment.FLOAT_LEAD >= 0 && ArrayAlignment.FLOAT_LEAD < 16);
    }
}
