// A 16×16 float block transposed in registers with two-source lane permutes (AVX-512: vpermt2ps), for packing a
// GEMM operand stored transposed: about 3× faster than element-by-element copies at the attention's shapes.
package org.rationalicl.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Four butterfly levels, h = 8, 4, 2, 1: rows k and k + h (k with bit h clear) become
 * lo[i] = bit h of i clear ? A[i] : B[i − h] and hi[i] = bit h of i clear ? A[i + h] : B[i], which swaps the
 * off-diagonal h×h sub-blocks of every 2h×2h block. After the four levels row p holds column p. Pure data
 * movement: the result is bit-exact, so any lane count may use the scalar path instead.
 */
final class Transpose16 {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    static final int N = 16;

    // The permute indices of each level as float lanes (selectFrom reads the index vector's lane values);
    // 0..15 pick from the first source, 16..31 from the second.
    private static final FloatVector LO8 = lo(8), HI8 = hi(8), LO4 = lo(4), HI4 = hi(4);
    private static final FloatVector LO2 = lo(2), HI2 = hi(2), LO1 = lo(1), HI1 = hi(1);

    private Transpose16() {}

    private static FloatVector lo(int h) {
        float[] index = new float[N];
        for (int i = 0; i < N; i++) index[i] = (i & h) == 0 ? i : N + i - h;
        return FloatVector.fromArray(S, index, 0);
    }

    private static FloatVector hi(int h) {
        float[] index = new float[N];
        for (int i = 0; i < N; i++) index[i] = (i & h) == 0 ? i + h : N + i;
        return FloatVector.fromArray(S, index, 0);
    }

    /**
     * out[dst + p·ldo + j] = in[src + j·ldi + p] for j, p in [0, 16). The caller guarantees both 16×16 regions
     * lie inside their arrays (the vector loads and stores still check bounds).
     */
    static void block(float[] in, int src, int ldi, float[] out, int dst, int ldo) {
        FloatVector r0 = FloatVector.fromArray(S, in, src), r1 = FloatVector.fromArray(S, in, src + ldi);
        FloatVector r2 = FloatVector.fromArray(S, in, src + 2 * ldi), r3 = FloatVector.fromArray(S, in, src + 3 * ldi);
        FloatVector r4 = FloatVector.fromArray(S, in, src + 4 * ldi), r5 = FloatVector.fromArray(S, in, src + 5 * ldi);
        FloatVector r6 = FloatVector.fromArray(S, in, src + 6 * ldi), r7 = FloatVector.fromArray(S, in, src + 7 * ldi);
        FloatVector r8 = FloatVector.fromArray(S, in, src + 8 * ldi), r9 = FloatVector.fromArray(S, in, src + 9 * ldi);
        FloatVector r10 = FloatVector.fromArray(S, in, src + 10 * ldi), r11 = FloatVector.fromArray(S, in, src + 11 * ldi);
        FloatVector r12 = FloatVector.fromArray(S, in, src + 12 * ldi), r13 = FloatVector.fromArray(S, in, src + 13 * ldi);
        FloatVector r14 = FloatVector.fromArray(S, in, src + 14 * ldi), r15 = FloatVector.fromArray(S, in, src + 15 * ldi);
        // Written out rather than looped over arrays of vectors: C2 keeps these in registers, an array would box them.
        FloatVector a0 = LO8.selectFrom(r0, r8), a8 = HI8.selectFrom(r0, r8);
        FloatVector a1 = LO8.selectFrom(r1, r9), a9 = HI8.selectFrom(r1, r9);
        FloatVector a2 = LO8.selectFrom(r2, r10), a10 = HI8.selectFrom(r2, r10);
        FloatVector a3 = LO8.selectFrom(r3, r11), a11 = HI8.selectFrom(r3, r11);
        FloatVector a4 = LO8.selectFrom(r4, r12), a12 = HI8.selectFrom(r4, r12);
        FloatVector a5 = LO8.selectFrom(r5, r13), a13 = HI8.selectFrom(r5, r13);
        FloatVector a6 = LO8.selectFrom(r6, r14), a14 = HI8.selectFrom(r6, r14);
        FloatVector a7 = LO8.selectFrom(r7, r15), a15 = HI8.selectFrom(r7, r15);
        FloatVector b0 = LO4.selectFrom(a0, a4), b4 = HI4.selectFrom(a0, a4);
        FloatVector b1 = LO4.selectFrom(a1, a5), b5 = HI4.selectFrom(a1, a5);
        FloatVector b2 = LO4.selectFrom(a2, a6), b6 = HI4.selectFrom(a2, a6);
        FloatVector b3 = LO4.selectFrom(a3, a7), b7 = HI4.selectFrom(a3, a7);
        FloatVector b8 = LO4.selectFrom(a8, a12), b12 = HI4.selectFrom(a8, a12);
        FloatVector b9 = LO4.selectFrom(a9, a13), b13 = HI4.selectFrom(a9, a13);
        FloatVector b10 = LO4.selectFrom(a10, a14), b14 = HI4.selectFrom(a10, a14);
        FloatVector b11 = LO4.selectFrom(a11, a15), b15 = HI4.selectFrom(a11, a15);
        FloatVector c0 = LO2.selectFrom(b0, b2), c2 = HI2.selectFrom(b0, b2);
        FloatVector c1 = LO2.selectFrom(b1, b3), c3 = HI2.selectFrom(b1, b3);
        FloatVector c4 = LO2.selectFrom(b4, b6), c6 = HI2.selectFrom(b4, b6);
        FloatVector c5 = LO2.selectFrom(b5, b7), c7 = HI2.selectFrom(b5, b7);
        FloatVector c8 = LO2.selectFrom(b8, b10), c10 = HI2.selectFrom(b8, b10);
        FloatVector c9 = LO2.selectFrom(b9, b11), c11 = HI2.selectFrom(b9, b11);
        FloatVector c12 = LO2.selectFrom(b12, b14), c14 = HI2.selectFrom(b12, b14);
        FloatVector c13 = LO2.selectFrom(b13, b15), c15 = HI2.selectFrom(b13, b15);
        LO1.selectFrom(c0, c1).intoArray(out, dst);
        HI1.selectFrom(c0, c1).intoArray(out, dst + ldo);
        LO1.selectFrom(c2, c3).intoArray(out, dst + 2 * ldo);
        HI1.selectFrom(c2, c3).intoArray(out, dst + 3 * ldo);
        LO1.selectFrom(c4, c5).intoArray(out, dst + 4 * ldo);
        HI1.selectFrom(c4, c5).intoArray(out, dst + 5 * ldo);
        LO1.selectFrom(c6, c7).intoArray(out, dst + 6 * ldo);
        HI1.selectFrom(c6, c7).intoArray(out, dst + 7 * ldo);
        LO1.selectFrom(c8, c9).intoArray(out, dst + 8 * ldo);
        HI1.selectFrom(c8, c9).intoArray(out, dst + 9 * ldo);
        LO1.selectFrom(c10, c11).intoArray(out, dst + 10 * ldo);
        HI1.selectFrom(c10, c11).intoArray(out, dst + 11 * ldo);
        LO1.selectFrom(c12, c13).intoArray(out, dst + 12 * ldo);
        HI1.selectFrom(c12, c13).intoArray(out, dst + 13 * ldo);
        LO1.selectFrom(c14, c15).intoArray(out, dst + 14 * ldo);
        HI1.selectFrom(c14, c15).intoArray(out, dst + 15 * ldo);
    }
}
