// Where a large float[]'s 64-byte boundaries fall. A 512-bit load that straddles two cache lines costs two
// accesses, and an arena's index 0 is not on a boundary: the array's data start after its header (16 bytes with
// HotSpot's default compressed class pointers) while a large array, which G1 and ZGC place at the start of a region
// or page, begins on one. Buffers that start at an index ≡ FLOAT_LEAD (mod 16) are then 64-byte aligned; a 16-float
// sum over 8 192 floats in L1 took 160 ns from such an index against 250 from index 0. Only speed depends on it: an
// array placed elsewhere (a small one, another collector) merely stays unaligned. G1 starts an array of half a region
// or more (humongous) on a region; ParallelGC places arrays anywhere. The icl launcher runs G1 with 1 MB regions, so
// that every arena of 512 KB or more is aligned (on an Intel Xeon a step ran 6–10% faster than under ParallelGC).
package org.rationalicl.simd;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

public final class ArrayAlignment {
    /** Bytes from a float[]'s start to its element 0 under this JVM's object layout (12, 16 or 20 on HotSpot). */
    public static final int FLOAT_BASE_OFFSET = floatBaseOffset();
    /** Floats to add to a multiple of 16 so that, in a region-aligned float[], the element is 64-byte aligned. */
    public static final int FLOAT_LEAD = lead(FLOAT_BASE_OFFSET);

    private ArrayAlignment() {}

    /** The lead for a given element-0 offset in bytes: (offset + 4·lead) is a multiple of 64. */
    static int lead(int baseOffsetBytes) {
        return Math.floorMod(-baseOffsetBytes, 64) / Float.BYTES;
    }

    /**
     * HotSpot's float[] header: mark word and class pointer, then the length: 8 + 4 + 4 with compressed class
     * pointers (the default), 8 + 4 with compact object headers (JDK 24+, opt-in), 8 + 8 + 4 with neither. 16 when
     * the VM does not say (not HotSpot).
     */
    private static int floatBaseOffset() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (vm == null) return 16;
            if (flag(vm, "UseCompactObjectHeaders")) return 12;
            return flag(vm, "UseCompressedClassPointers") ? 16 : 20;
        } catch (RuntimeException | LinkageError e) {
            return 16;
        }
    }

    private static boolean flag(HotSpotDiagnosticMXBean vm, String name) {
        try {
            return Boolean.parseBoolean(vm.getVMOption(name).getValue());
        } catch (IllegalArgumentException e) { // no such option in this VM
            return false;
        }
    }
}
