// The horizontal sum of a float vector in one fixed order (a pairwise tree of lane-wise adds), so interpreted,
// C1 and C2 code give identical bits. Use instead of reduceLanes(ADD), whose order the Vector API leaves open.
package org.rationalicl.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
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

    // sum4: lanes whose index has bit h set, and the shuffle gathering the four sums into lanes 0..3
    private static final VectorMask<Float> M512_8 = bit(FloatVector.SPECIES_512, 8);
    private static final VectorMask<Float> M512_4 = bit(FloatVector.SPECIES_512, 4);
    private static final VectorMask<Float> M256_4 = bit(FloatVector.SPECIES_256, 4);
    private static final VectorMask<Float> M256_2 = bit(FloatVector.SPECIES_256, 2);
    private static final VectorMask<Float> M128_2 = bit(FloatVector.SPECIES_128, 2);
    private static final VectorMask<Float> M128_1 = bit(FloatVector.SPECIES_128, 1);
    private static final VectorShuffle<Float> G512 = gather(FloatVector.SPECIES_512);
    private static final VectorShuffle<Float> G256 = gather(FloatVector.SPECIES_256);
    private static final VectorShuffle<Float> G128 = gather(FloatVector.SPECIES_128);

    private LaneSum() {}

    private static VectorMask<Float> bit(VectorSpecies<Float> species, int h) {
        boolean[] set = new boolean[species.length()];
        for (int i = 0; i < set.length; i++) set[i] = (i & h) != 0;
        return VectorMask.fromArray(species, set, 0);
    }

    /** Lane k < 4 takes the lane where {@link #sum4} leaves the k-th sum (a at 0, b at n/2, c at n/4, d at 3n/4). */
    private static VectorShuffle<Float> gather(VectorSpecies<Float> species) {
        int n = species.length();
        int[] index = new int[n];
        int[] from = {0, n / 2, n / 4, 3 * n / 4};
        for (int i = 0; i < n; i++) index[i] = from[i & 3];
        return VectorShuffle.fromArray(species, index, 0);
    }

    /** Whether {@link #sum4} handles this width (128, 256 and 512 bits). */
    static boolean hasSum4(VectorSpecies<Float> s) {
        return s == FloatVector.SPECIES_512 || s == FloatVector.SPECIES_256 || s == FloatVector.SPECIES_128;
    }

    /**
     * The four sums {@code sum(a)}, {@code sum(b)}, {@code sum(c)}, {@code sum(d)} in lanes 0..3 (and repeated
     * above), bit for bit: the same butterfly, but the first two levels work on two vectors at once: lanes
     * without bit h take a's pairs, lanes with it b's (a_i + a_(i^h) and b_i + b_(i^h), the operands in the order
     * {@link #sum} adds them), so four sums cost 5 shuffles and 5 adds instead of 16 and 16.
     * Only for {@link #hasSum4} widths.
     */
    static FloatVector sum4(FloatVector a, FloatVector b, FloatVector c, FloatVector d) {
        // one small method per width: a single body for all three is over C2's inlining size (FreqInlineSize),
        // and a sum4 that is called, not inlined, boxes its four vector arguments on the heap
        VectorSpecies<Float> s = a.species();
        if (s == FloatVector.SPECIES_512) return sum4x512(a, b, c, d);
        if (s == FloatVector.SPECIES_256) return sum4x256(a, b, c, d);
        return sum4x128(a, b, c, d);
    }

    private static FloatVector sum4x512(FloatVector a, FloatVector b, FloatVector c, FloatVector d) {
        FloatVector ab = a.blend(b, M512_8).add(b.blend(a, M512_8).rearrange(X512_8));
        FloatVector cd = c.blend(d, M512_8).add(d.blend(c, M512_8).rearrange(X512_8));
        FloatVector v = ab.blend(cd, M512_4).add(cd.blend(ab, M512_4).rearrange(X512_4));
        v = v.add(v.rearrange(X512_2));
        return v.add(v.rearrange(X512_1)).rearrange(G512);
    }

    private static FloatVector sum4x256(FloatVector a, FloatVector b, FloatVector c, FloatVector d) {
        FloatVector ab = a.blend(b, M256_4).add(b.blend(a, M256_4).rearrange(X256_4));
        FloatVector cd = c.blend(d, M256_4).add(d.blend(c, M256_4).rearrange(X256_4));
        FloatVector v = ab.blend(cd, M256_2).add(cd.blend(ab, M256_2).rearrange(X256_2));
        return v.add(v.rearrange(X256_1)).rearrange(G256);
    }

    private static FloatVector sum4x128(FloatVector a, FloatVector b, FloatVector c, FloatVector d) {
        FloatVector ab = a.blend(b, M128_2).add(b.blend(a, M128_2).rearrange(X128_2));
        FloatVector cd = c.blend(d, M128_2).add(d.blend(c, M128_2).rearrange(X128_2));
        return ab.blend(cd, M128_1).add(cd.blend(ab, M128_1).rearrange(X128_1)).rearrange(G128);
    }

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
