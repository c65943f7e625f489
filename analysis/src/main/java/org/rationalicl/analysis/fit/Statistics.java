// Summary statistics used by the metrics: Pearson and Spearman correlation (average ranks for ties),
// coefficient of determination, total-variation distance.
package org.rationalicl.analysis.fit;

public final class Statistics {
    private Statistics() {
    }

    /** Pearson correlation of x and y; NaN when either has zero variance or fewer than two points. */
    public static double pearson(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y must have equal length; got " + x.length + " and " + y.length);
        }
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (!(sxx > 0) || !(syy > 0)) {
            return Double.NaN;
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /** Ranks 1..n with ties given their average rank. */
    public static double[] averageRanks(double[] x) {
        double[] ranks = new double[x.length];
        averageRanks(x, 0, x.length, ranks, new int[x.length]);
        return ranks;
    }

    /**
     * Average ranks of x[off .. off+n) into ranks[0 .. n), using order[0 .. n) as scratch. Insertion sort:
     * n is the vocabulary size (≤ a few dozen), where it beats any general sort.
     */
    static void averageRanks(float[] x, int off, int n, double[] ranks, int[] order) {
        for (int i = 0; i < n; i++) {
            int j = i;
            float v = x[off + i];
            while (j > 0 && x[off + order[j - 1]] > v) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = i;
        }
        int i = 0;
        while (i < n) {
            int j = i + 1;
            float v = x[off + order[i]];
            while (j < n && x[off + order[j]] == v) {
                j++;
            }
            double rank = 0.5 * (i + j - 1) + 1;
            for (int k = i; k < j; k++) {
                ranks[order[k]] = rank;
            }
            i = j;
        }
    }

    /**
     * Twice the centred average ranks: out[i] = 2(rank_i − (n + 1)/2) = Σ_j sign(x_i − x_j), for x ≥ 0
     * (probabilities). Non-negative floats order like their bit patterns, so each sign is the branch-free
     * Integer.signum of an int difference that cannot overflow; for the vocabulary sizes of the metrics this
     * beats sorting, whose branches mispredict on random data. Spearman's ρ is invariant to the factor 2.
     */
    static void signRanks(float[] x, int off, int n, int[] out) {
        for (int i = 0; i < n; i++) {
            out[i] = 0;
        }
        for (int i = 0; i < n; i++) {
            // + 0f turns −0 into +0, whose bit pattern is 0.
            int xi = Float.floatToRawIntBits(x[off + i] + 0f);
            int acc = 0;
            for (int j = i + 1; j < n; j++) {
                int s = Integer.signum(xi - Float.floatToRawIntBits(x[off + j] + 0f));
                acc += s;
                out[j] -= s;
            }
            out[i] += acc;
        }
    }

    private static void averageRanks(double[] x, int off, int n, double[] ranks, int[] order) {
        float[] copy = new float[n];
        boolean exact = true;
        for (int i = 0; i < n; i++) {
            copy[i] = (float) x[off + i];
            exact &= copy[i] == x[off + i];
        }
        if (exact) {
            averageRanks(copy, 0, n, ranks, order);
            return;
        }
        // Doubles that do not fit a float exactly: plain O(n²) counting keeps full precision.
        for (int i = 0; i < n; i++) {
            double less = 0;
            double equal = 0;
            for (int j = 0; j < n; j++) {
                if (x[off + j] < x[off + i]) {
                    less++;
                } else if (x[off + j] == x[off + i]) {
                    equal++;
                }
            }
            ranks[i] = less + 0.5 * (equal - 1) + 1;
        }
    }

    /** Spearman rank correlation (Pearson correlation of average ranks); NaN when a side is constant. */
    public static double spearman(double[] x, double[] y) {
        return pearson(averageRanks(x), averageRanks(y));
    }

    /** R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)² of predictions ŷ against targets y; NaN when y is constant. */
    public static double rSquared(double[] target, double[] predicted) {
        if (target.length != predicted.length) {
            throw new IllegalArgumentException("target and predicted must have equal length");
        }
        double mean = 0;
        for (double v : target) {
            mean += v;
        }
        mean /= target.length;
        double sse = 0;
        double sst = 0;
        for (int i = 0; i < target.length; i++) {
            double e = target[i] - predicted[i];
            double c = target[i] - mean;
            sse += e * e;
            sst += c * c;
        }
        return sst > 0 ? 1 - sse / sst : Double.NaN;
    }

    /** Total-variation distance ½ Σ |p − q| of two distributions. */
    public static double totalVariation(double[] p, double[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException("p and q must have equal length");
        }
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum += Math.abs(p[i] - q[i]);
        }
        return 0.5 * sum;
    }
}
