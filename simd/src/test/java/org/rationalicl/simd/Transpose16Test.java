// The in-register 16×16 transpose against the definition, bit for bit, with row strides wider than the block and
// offsets into larger arrays; only the block's 256 destination slots may change.
package org.rationalicl.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Transpose16Test {
    @Test
    void transposesABlockAndTouchesNothingElse() {
        Random random = new Random(16);
        int n = Transpose16.N;
        for (int[] layout : new int[][] {{16, 16, 0, 0}, {192, 64, 5, 3}, {17, 33, 1, 31}}) {
            int ldi = layout[0], ldo = layout[1], src = layout[2], dst = layout[3];
            float[] in = new float[src + (n - 1) * ldi + n + 7];
            for (int i = 0; i < in.length; i++) in[i] = random.nextFloat() * 2 - 1;
            float[] out = new float[dst + (n - 1) * ldo + n + 7];
            for (int i = 0; i < out.length; i++) out[i] = Float.NaN;
            Transpose16.block(in, src, ldi, out, dst, ldo);
            boolean[] written = new boolean[out.length];
            for (int p = 0; p < n; p++) {
                for (int j = 0; j < n; j++) {
                    int at = dst + p * ldo + j;
                    written[at] = true;
                    assertEquals(Float.floatToRawIntBits(in[src + j * ldi + p]), Float.floatToRawIntBits(out[at]),
                            "ldi " + ldi + " ldo " + ldo + ": out[" + p + "][" + j + "]");
                }
            }
            for (int i = 0; i < out.length; i++) {
                if (!written[i]) assertEquals(Float.NaN, out[i], "slot " + i + " outside the block was written");
            }
        }
    }
}
