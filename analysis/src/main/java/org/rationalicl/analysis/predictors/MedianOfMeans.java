// Median-of-means: a mean estimate that a few extreme values (a sequence with a huge loss) cannot drag far.
package org.rationalicl.analysis.predictors;

import java.util.Arrays;

public final class MedianOfMeans {
    private MedianOfMeans() {}

    /** The default number of blocks for n values: ⌊√n⌋ (at least 1). */
    public static int defaultBlocks(int n) {
        Args.positive("n", n);
        return Math.max(1, (int) Math.floor(Math.sqrt(n)));
    }

    /** {@link #estimate(double[], int)} with ⌊√n⌋ blocks. */
    public static double estimate(double[] values) {
        Args.notNull("values", values);
        return estimate(values, defaultBlocks(values.length));
    }

    /**
     * Splits values, in their given order, into {@code blocks} contiguous blocks of near-equal size (block b holds
     * indices ⌊b·n/k⌋ … ⌊(b+1)·n/k⌋ − 1), averages each block, and returns the median of the block means (the
     * mean of the two middle ones when k is even). Deterministic; the input is not modified.
     *
     * @param blocks k in [1, n]
     */
    public static double estimate(double[] values, int blocks) {
        Args.notNull("values", values);
        int n = values.length;
        Args.positive("values.length", n);
        if (blocks < 1 || blocks > n) {
            throw new IllegalArgumentException("blocks = " + blocks + ": must be in [1, " + n + "]");
        }
        double[] means = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            int from = (int) ((long) b * n / blocks);
            int to = (int) ((long) (b + 1) * n / blocks);
            double sum = 0;
            for (int i = from; i < to; i++) sum += values[i];
            means[b] = sum / (to - from);
        }
        Arrays.sort(means);
        int mid = blocks / 2;
        return blocks % 2 == 1 ? means[mid] : 0.5 * (means[mid - 1] + means[mid]);
    }
}
