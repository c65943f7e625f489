// The rows of a slice's B·T positions that the output head reads (every position, the x positions, or the last
// position), and the moves between the full residual stream and the compact block of those rows: past the last
// layer's attention core, only these rows reach the loss, so the last layer computes nothing else.
package org.rationalicl.train;

import java.util.Arrays;

final class HeadRows {
    /** Position (within a sequence) of the first head row, and positions between two head rows of a sequence. */
    final int first, step;
    /** Head rows per sequence. */
    final int perSequence;
    /** Positions per sequence (ModelConfig.positions()). */
    private final int positions;

    HeadRows(ModelConfig c) {
        positions = c.positions();
        switch (c.head()) {
            case CATEGORICAL -> { first = 0; step = 1; }
            case REGRESSION -> { first = 0; step = 2; }      // the x tokens: positions 0, 2, …, 2C−2 of 2C−1
            case CLASSIFICATION -> { first = positions - 1; step = positions; } // the last position
            default -> throw new AssertionError(c.head());
        }
        perSequence = c.outputRows();
    }

    /** True when the head reads every row: the compact block is the full stream and nothing moves. */
    boolean everyRow() {
        return first == 0 && step == 1;
    }

    /** Head rows of {@code sequences} sequences. */
    int count(int sequences) {
        return sequences * perSequence;
    }

    /** The row of a slice's (B, T) rows that holds head row r; never below r. */
    int row(int r) {
        return r / perSequence * positions + first + r % perSequence * step;
    }

    /**
     * dst (count, h) = the head rows of src (B, T, h). dst may be src itself (the rows move down in place: head row
     * r comes from a row at or after r, read before any later head row's move writes there); else they do not
     * overlap.
     */
    void gather(float[] a, int src, int dst, int h, int count) {
        for (int r = 0; r < count; r++) System.arraycopy(a, src + row(r) * h, a, dst + r * h, h);
    }

    /**
     * In place: the compact rows (count, h) at buf move to their head rows of (rows, h) and every other row
     * becomes 0 (it reached no loss). Last row first: row r moves to row(r) ≥ r, over rows already moved.
     */
    void expand(float[] a, int buf, int h, int rows, int count) {
        int end = rows;   // rows from here on are final
        for (int r = count - 1; r >= 0; r--) {
            int to = row(r);
            Arrays.fill(a, buf + (to + 1) * h, buf + end * h, 0f);
            System.arraycopy(a, buf + r * h, a, buf + to * h, h);
            end = to;
        }
        Arrays.fill(a, buf, buf + end * h, 0f);
    }
}
