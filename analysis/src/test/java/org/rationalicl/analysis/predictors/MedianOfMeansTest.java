// Median-of-means: block layout, median of odd and even block counts, the ⌊√n⌋ default, robustness to outliers.
package org.rationalicl.analysis.predictors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MedianOfMeansTest {

    @Test
    void medianOfContiguousBlockMeans() {
        double[] values = {1, 2, 3, 10, 11, 12, 100, 100, 100};
        assertEquals(11.0, MedianOfMeans.estimate(values, 3), 0); // block means 2, 11, 100
        assertEquals(339.0 / 9, MedianOfMeans.estimate(values, 1), 1e-12); // one block: the mean
        // Even count: the mean of the two middle block means. Blocks {1, 5}, {2, 8} -> means 3, 5.
        assertEquals(4.0, MedianOfMeans.estimate(new double[] {1, 5, 2, 8}, 2), 0);
        // Uneven sizes: n = 10, k = 3 -> blocks [0,3), [3,6), [6,10) of 0..9 -> means 1, 4, 7.5.
        double[] ramp = new double[10];
        for (int i = 0; i < 10; i++) ramp[i] = i;
        assertEquals(4.0, MedianOfMeans.estimate(ramp, 3), 0);
        assertEquals(4.5, MedianOfMeans.estimate(ramp, 10), 0); // one value per block: the median
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, ramp, 0, "input left unchanged");
    }

    @Test
    void defaultIsFloorSqrtNBlocks() {
        assertEquals(1, MedianOfMeans.defaultBlocks(1));
        assertEquals(1, MedianOfMeans.defaultBlocks(3));
        assertEquals(2, MedianOfMeans.defaultBlocks(4));
        assertEquals(3, MedianOfMeans.defaultBlocks(15));
        assertEquals(100, MedianOfMeans.defaultBlocks(10_000));
        double[] ramp = new double[10]; // 3 blocks by default
        for (int i = 0; i < 10; i++) ramp[i] = i;
        assertEquals(4.0, MedianOfMeans.estimate(ramp), 0);
    }

    @Test
    void aFewHugeValuesDoNotMoveTheEstimate() {
        Random rng = new Random(51);
        double[] values = new double[10_000];
        for (int i = 0; i < values.length; i++) values[i] = rng.nextGaussian();
        for (int i = 0; i < 5; i++) values[rng.nextInt(values.length)] = 1e9;
        double mean = 0;
        for (double v : values) mean += v / values.length;
        double mom = MedianOfMeans.estimate(values);
        assertTrue(mean > 1e5, "the plain mean is dragged by the outliers: " + mean);
        // 100 block means of 100 N(0,1) draws: sd 0.1 each; their median is within 0.05 of 0 with a fixed seed.
        assertEquals(0.0, mom, 0.05, "median-of-means with 5 outliers in 10 000 values");
    }

    @Test
    void badBlockCountsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MedianOfMeans.estimate(new double[3], 4));
        assertTrue(e.getMessage().contains("blocks"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MedianOfMeans.estimate(new double[3], 0));
        assertThrows(IllegalArgumentException.class, () -> MedianOfMeans.estimate(new double[0]));
    }
}
