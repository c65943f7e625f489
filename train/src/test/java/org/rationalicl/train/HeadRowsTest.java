// The head rows of each task, and the gather/expand moves between the full stream and the compact block, on a
// buffer whose every value says where it came from.
package org.rationalicl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HeadRowsTest {
    private static final int H = 3;

    @Test
    void eachTaskReadsItsRows() {
        HeadRows categorical = new HeadRows(ModelConfig.defaults(Head.CATEGORICAL, 8, 5));
        assertTrue(categorical.everyRow());
        assertEquals(2 * 6, categorical.count(2));
        HeadRows regression = new HeadRows(ModelConfig.defaults(Head.REGRESSION, 4, 5));   // T = 10
        assertEquals(0, regression.first);
        assertEquals(2, regression.step);
        assertEquals(2 * 5, regression.count(2));
        HeadRows classification = new HeadRows(ModelConfig.defaults(Head.CLASSIFICATION, 4, 5));   // T = 5
        assertEquals(4, classification.first);
        assertEquals(5, classification.step);
        assertEquals(2, classification.count(2));
    }

    @Test
    void gatherThenExpandRestoresTheHeadRowsAndZeroesTheRest() {
        for (Head head : new Head[] {Head.REGRESSION, Head.CLASSIFICATION}) {
            ModelConfig c = ModelConfig.defaults(head, 4, 5);
            HeadRows rows = new HeadRows(c);
            int sequences = 3, all = sequences * c.seqLen(), count = rows.count(sequences);
            int src = 7, dst = src + all * H + 5;   // two regions of one arena, at odd offsets
            float[] a = new float[dst + all * H + 4];
            for (int i = 0; i < all * H; i++) a[src + i] = 1000 + i;
            rows.gather(a, src, dst, H, count);
            for (int r = 0; r < count; r++) {
                int row = rows.first + r * rows.step;
                for (int j = 0; j < H; j++) assertEquals(1000 + row * H + j, a[dst + r * H + j], head + " gathered row " + r);
            }
            // expand in place over rows that still hold other values: they must end as 0
            for (int i = count * H; i < all * H; i++) a[dst + i] = -1;
            rows.expand(a, dst, H, all, count);
            for (int row = 0; row < all; row++) {
                boolean isHead = row >= rows.first && (row - rows.first) % rows.step == 0;
                for (int j = 0; j < H; j++) {
                    float want = isHead ? 1000 + row * H + j : 0f;
                    assertEquals(want, a[dst + row * H + j], head + " expanded row " + row);
                }
            }
            assertEquals(0f, a[dst + all * H], "past the buffer: untouched");
        }
    }
}
