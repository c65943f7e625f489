// The head rows of each task, and the gather/expand moves between the full stream and the compact block, on a
// buffer whose every value says where it came from.
package org.rationalicl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadRowsTest {
    private static final int H = 3;

    @Test
    void eachTaskReadsItsRows() {
        HeadRows categorical = new HeadRows(ModelConfig.defaults(Head.CATEGORICAL, 8, 5));
        assertTrue(categorical.everyRow());
        assertEquals(2 * 5, categorical.count(2));   // positions 0..C−1 of the C+1 tokens
        HeadRows regression = new HeadRows(ModelConfig.defaults(Head.REGRESSION, 4, 5));   // 9 positions
        assertEquals(2 * 5, regression.count(2));
        assertEquals(List.of(0, 2, 4, 6, 8, 9, 11, 13, 15, 17), rows(regression, 10));
        HeadRows classification = new HeadRows(ModelConfig.defaults(Head.CLASSIFICATION, 4, 5));   // 5 positions
        assertEquals(2, classification.count(2));
        assertEquals(List.of(4, 9), rows(classification, 2));
    }

    @Test
    void gatherThenExpandRestoresTheHeadRowsAndZeroesTheRest() {
        for (Head head : new Head[] {Head.REGRESSION, Head.CLASSIFICATION}) {
            ModelConfig c = ModelConfig.defaults(head, 4, 5);
            HeadRows rows = new HeadRows(c);
            int sequences = 3, positions = c.positions(), all = sequences * positions, count = rows.count(sequences);
            List<Integer> expected = new ArrayList<>();   // written from the task's definition, not from HeadRows
            for (int s = 0; s < sequences; s++) {
                for (int pos = 0; pos < positions; pos++) {
                    boolean read = head == Head.REGRESSION ? pos % 2 == 0 : pos == positions - 1;
                    if (read) expected.add(s * positions + pos);
                }
            }
            assertEquals(expected, rows(rows, count), head + " head rows");
            for (boolean inPlace : new boolean[] {false, true}) {
                int src = 7, dst = inPlace ? src : src + all * H + 5;   // regions of one arena, at odd offsets
                float[] a = new float[src + 2 * all * H + 9];
                for (int i = 0; i < all * H; i++) a[src + i] = 1000 + i;
                rows.gather(a, src, dst, H, count);
                for (int r = 0; r < count; r++) {
                    int row = expected.get(r);
                    for (int j = 0; j < H; j++) {
                        assertEquals(1000 + row * H + j, a[dst + r * H + j], head + " gathered row " + r);
                    }
                }
                // expand in place over rows that still hold other values: they must end as 0
                for (int i = count * H; i < all * H; i++) a[dst + i] = -1;
                rows.expand(a, dst, H, all, count);
                for (int row = 0; row < all; row++) {
                    for (int j = 0; j < H; j++) {
                        float want = expected.contains(row) ? 1000 + row * H + j : 0f;
                        assertEquals(want, a[dst + row * H + j], head + " expanded row " + row);
                    }
                }
                assertEquals(0f, a[dst + all * H], "past the buffer: untouched");
            }
        }
    }

    private static List<Integer> rows(HeadRows rows, int count) {
        List<Integer> list = new ArrayList<>();
        for (int r = 0; r < count; r++) list.add(rows.row(r));
        return list;
    }
}
