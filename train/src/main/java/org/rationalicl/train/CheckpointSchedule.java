// Checkpoint steps evenly spaced in √step (SPEC §4): step_k = round((√s₀ + k·(√S − √s₀)/(K−1))²), k < K,
// duplicates removed (they appear when K is large compared with S).
package org.rationalicl.train;

import java.util.Arrays;

public final class CheckpointSchedule {
    private CheckpointSchedule() {}

    /**
     * @param count K ≥ 1 (K = 1 gives just the last step)
     * @param first s₀ in [0, last]
     * @param last  S ≥ 0
     * @return strictly increasing steps, first = s₀ (when K ≥ 2) and last = S
     */
    public static long[] steps(int count, long first, long last) {
        if (count < 1) throw new IllegalArgumentException("checkpoints = " + count + " must be >= 1");
        if (last < 0) throw new IllegalArgumentException("steps = " + last + " must be >= 0");
        if (first < 0 || first > last) {
            throw new IllegalArgumentException("firstCheckpoint = " + first + " must be in [0, " + last + "]");
        }
        if (count == 1) return new long[] {last};
        long[] out = new long[count];
        int n = 0;
        double a = Math.sqrt(first), b = Math.sqrt(last);
        for (int k = 0; k < count; k++) {
            double r = a + k * (b - a) / (count - 1);
            long step = k == count - 1 ? last : Math.round(r * r);
            step = Math.min(last, Math.max(first, step));
            if (n == 0 || step > out[n - 1]) out[n++] = step;
        }
        return Arrays.copyOf(out, n);
    }
}
