// Tests of the array value type: validation of dtype/shape/data, conversions and content equality.
package org.rationalicl.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NdArrayTest {

    @Test
    void rejectsDataThatDoesNotMatchDtypeOrShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NdArray(DType.F32, new long[] {2}, new double[2]));
        assertEquals("data for dtype F32 must be a float[], found double[]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NdArray.ofInts(new int[3], 2, 2));
        assertEquals("data has 3 elements but shape [2, 2] needs 4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NdArray.ofInts(new int[0], 2, -1));
        assertEquals("shape[1] = -1 is negative", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NdArray.numel(new long[] {1L << 40, 1L << 40, 0}));
        assertEquals("shape[0] = 1099511627776 exceeds 2147483639, the most one Java array holds", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NdArray.numel(new long[] {1L << 16, 1L << 16}));
        assertTrue(e.getMessage().contains("has more than 2147483639 elements"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NdArray.numel(new long[] {Long.MAX_VALUE, Long.MAX_VALUE}));
    }

    @Test
    void scalarsAndEmptyArraysHaveTheRightCounts() {
        NdArray scalar = NdArray.ofDoubles(new double[] {1.5});
        assertEquals(0, scalar.rank());
        assertEquals(1, scalar.size());
        NdArray empty = NdArray.zeros(DType.I64, 3, 0);
        assertEquals(0, empty.size());
        assertArrayEquals(new int[] {3, 0}, empty.intShape());
        assertEquals(3, empty.dim(0));
    }

    @Test
    void shapeCannotBeChangedFromOutside() {
        long[] shape = {2, 2};
        NdArray a = NdArray.ofFloats(new float[4], shape);
        shape[0] = 4;
        a.shape()[1] = 9;
        assertArrayEquals(new long[] {2, 2}, a.shape());
    }

    @Test
    void conversionsWidenAndNarrowOnlyExactly() {
        NdArray d = NdArray.ofDoubles(new double[] {1.0, -2.0, 0.1}, 3);
        assertArrayEquals(new float[] {1f, -2f, 0.1f}, d.toFloatArray());
        ArithmeticException e = assertThrows(ArithmeticException.class, d::toIntArray);
        assertEquals("element 2 = 0.1 is not an int", e.getMessage());
        NdArray labels = NdArray.ofFloats(new float[] {0f, 1f, 1f}, 3);
        assertArrayEquals(new int[] {0, 1, 1}, labels.toIntArray());
        assertArrayEquals(new long[] {0, 1, 1}, labels.toLongArray());
        assertThrows(ArithmeticException.class, () -> NdArray.ofLongs(new long[] {1L << 31}, 1).toIntArray());
        assertThrows(ArithmeticException.class, () -> NdArray.ofDoubles(new double[] {0x1p63}, 1).toLongArray());
        assertArrayEquals(new long[] {Long.MIN_VALUE}, NdArray.ofDoubles(new double[] {-0x1p63}, 1).toLongArray());
        assertArrayEquals(new double[] {3, -4}, NdArray.ofInts(new int[] {3, -4}, 2).toDoubleArray());
        NdArray i = NdArray.ofInts(new int[] {5}, 1);
        assertSame(i, i.as(DType.I32));
        assertEquals(NdArray.ofLongs(new long[] {5}, 1), i.as(DType.I64));
    }

    @Test
    void directAccessorsRefuseOtherDtypesWithAHint() {
        NdArray d = NdArray.ofDoubles(new double[] {1}, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, d::floats);
        assertEquals("array has dtype F64, not F32; use toFloatArray() to convert", e.getMessage());
        float[] data = {1, 2};
        assertSame(data, NdArray.ofFloats(data, 2).floats(), "no copy");
    }

    @Test
    void equalityComparesContents() {
        assertEquals(NdArray.ofFloats(new float[] {Float.NaN, 1}, 2), NdArray.ofFloats(new float[] {Float.NaN, 1}, 2));
        assertEquals(NdArray.ofFloats(new float[] {1, 2}, 2).hashCode(), NdArray.ofFloats(new float[] {1, 2}, 2).hashCode());
        assertNotEquals(NdArray.ofFloats(new float[] {1, 2}, 2), NdArray.ofFloats(new float[] {1, 2}, 1, 2));
        assertNotEquals(NdArray.ofInts(new int[] {1}, 1), NdArray.ofLongs(new long[] {1}, 1));
    }
}
