// The rows of a slice's B·T positions that the output head reads (every position, the x positions, or the last
// position), and the moves between the full residual stream and the compact block of those rows: past the last
// layer's attention core, only these rows reach the loss, so the last layer computes nothing else.
package org.rationalicl.train;

import java.util.Arrays;

final class HeadRows {
    /** Row (within the slice's B·T rows) of the first head row, and rows between two head rows. */
    final int first, step;
    /** Head rows per sequence. */
    final int perSequence;

    HeadRows(ModelConfig c) {
        switch (c.head()) {
            case CATEGORICAL -> { first = 0; step = 1; }
            case REGRESSION -> { first = 0; step = 2; }      // the x tokens: positions 0, 2, 4, … (T = 2C is even)
            case CLASSIFICATION -> { first = c.seqLen() - 1; step = c.seqLen(); } // the last position
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

    /** Offset of the first head row in a (B, T, width) buffer at {@code buffer}. */
    int offset(int buffer, int width) {
        return buffer + first * width;
    }

    /** Distance between two head rows of a (B, T, width) buffer. */
    int ld(int width) {
        return step * width;
    }

    /** dst (count, h) = the head rows of src (B, T, h); dst and src do not overlap. */
    void gather(float[] a, int src, int dst, int h, int count) {
        for (int r = 0; r < count; r++) System.arraycopy(a, src + (first + r * step) * h, a, dst + r * h, h);
    }

    /**
     * In place: the compact rows (count, h) at buf move to their head rows of (rows, h) and every other row
     * becomes 0 (it reached no loss). Last row first: row r moves to first + r·step ≥ r, over rows already moved.
     */
    void expand(float[] a, int buf, int h, int rows, int count) {
        int end = rows;   // rows from here on are final
        for (int r = count - 1; r >= 0; r--) {
            int to = first + r * step;
            Arrays.fill(a, buf + (to + 1) * h, buf + end * h, 0f);
            System.arraycopy(a, buf + r * h, a, buf + to * h, h);
            end = to;
        }
        Arrays.fill(a, buf, buf + end * h, 0f);
    }
}
