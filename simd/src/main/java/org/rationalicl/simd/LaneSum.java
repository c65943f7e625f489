// The horizontal sum of a float vector in one fixed order (a pairwise tree of lane-wise adds), so interpreted,
// C1 and C2 code give identical bits. Use instead of reduceLanes(ADD), whose order the Vector API leaves open.
package org.rationalicl.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Why not {@code reduceLanes(VectorOperators.ADD)}: its Java fallback (interpreter, C1) adds the lanes left to
 * right, while the C2 intrinsic adds them as a tree, so one call site gives different last bits before and after
 * compilation, and training stops being reproducible. Here every level is one lane-wise add of the vector and
 * its lanes exchanged in blocks of h (lane i ↔ lane i XOR h), h = lanes/2, …, 1; lane 0 then holds, for 8 lanes,
 * ((v0+v4) + (v2+v6)) + ((v1+v5) + (v3+v7)). Lane-wise adds and rearranges are exact IEEE operations in every
 * path. Cost: log2(lanes) shuffle+add pairs, the same as the intrinsic; call it once per row, never in a loop.
 * MAX and MIN reductions do not need this (max is associative and commutative, −0/+0 and NaN included).
 */
final class LaneSum {
    private static final VectorShuffle<Float> X64_1 = xor(FloatVector.SPECIES_64, 1);
    private static final VectorShuffle<Float> X128_2 = xor(FloatVector.SPECIES_128, 2);
    private static final VectorShuffle<Float> X128_1 = xor(FloatVector.SPECIES_128, 1);
    private static final VectorShuffle<Float> X256_4 = xor(FloatVector.SPECIES_256, 4);
    private static final VectorShuffle<Float> X256_2 = xor(FloatVector.SPECIES_256, 2);
    private static final VectorShuffle<Float> X256_1 = xor(FloatVector.SPECIES_256, 1);
    private static final VectorShuffle<Float> X512_8 = xor(FloatVector.SPECIES_512, 8);
    private static final VectorShuffle<Float> X512_4 = xor(FloatVector.SPECIES_512, 4);
    private static final VectorShuffle<Float> X512_2 = xor(FloatVector.SPECIES_512, 2);
    private static final VectorShuffle<Float> X512_1 = xor(FloatVector.SPECIES_512, 1);

    private LaneSum() {}

    private static VectorShuffle<Float> xor(VectorSpecies<Float> species, int h) {
        int[] index = new int[species.length()];
        for (int i = 0; i < index.length; i++) index[i] = i ^ h;
        return VectorShuffle.fromArray(species, index, 0);
    }

    /** Σ of the lanes of v, always in the same order for a given vector width. */
    static float sum(FloatVector v) {
        // v.species() is a constant once C2 has inlined the caller, so only one branch survives compilation
        VectorSpecies<Float> s = v.species();
        if (s == FloatVector.SPECIES_512) {
            v = v.add(v.rearrange(X512_8));
            v = v.add(v.rearrange(X512_4));
            v = v.add(v.rearrange(X512_2));
            return v.add(v.rearrange(X512_1)).lane(0);
        }
        if (s == FloatVector.SPECIES_256) {
            v = v.add(v.rearrange(X256_4));
            v = v.add(v.rearrange(X256_2));
            return v.add(v.rearrange(X256_1)).lane(0);
        }
        if (s == FloatVector.SPECIES_128) {
            v = v.add(v.rearrange(X128_2));
            return v.add(v.rearrange(X128_1)).lane(0);
        }
        if (s == FloatVector.SPECIES_64) return v.add(v.rearrange(X64_1)).lane(0);
        return sequential(v);
    }

    /** Other widths (e.g. a scalable SVE species): left to right, slow but still in one fixed order. */
    private static float sequential(FloatVector v) {
        float sum = v.lane(0);
        for (int i = 1; i < v.length(); i++) sum += v.lane(i);
        return sum;
    }
}
