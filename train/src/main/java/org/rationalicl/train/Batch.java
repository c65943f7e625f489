// The inputs and targets of up to `capacity` sequences, laid out the way the network reads them.
// Filled once per step by the data source; the network only reads it.
package org.rationalicl.train;

public final class Batch {
    public final ModelConfig config;
    public final int capacity;
    /** categorical token ids (B, T), T = C+1, starting with the start token V. */
    final int[] tokens;
    /** read-in vectors (B, T, inputDim): regression x_1, ỹ_1, …; classification the (item, label) pairs. */
    final float[] inputs;
    /** categorical: next-token target (B, T), −1 at the last position (not trained); classification: label (B). */
    final int[] targets;
    /** regression targets y_i (B, C). */
    final float[] values;

    public Batch(ModelConfig config, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("batch capacity = " + capacity + " must be >= 1");
        this.config = config;
        this.capacity = capacity;
        int t = config.seqLen();
        switch (config.head()) {
            case CATEGORICAL -> {
                tokens = new int[Math.multiplyExact(capacity, t)];
                targets = new int[Math.multiplyExact(capacity, t)];
                inputs = new float[0];
                values = new float[0];
            }
            case REGRESSION -> {
                tokens = new int[0];
                targets = new int[0];
                inputs = new float[Math.multiplyExact(Math.multiplyExact(capacity, t), config.inputDim())];
                values = new float[Math.multiplyExact(capacity, config.context())];
            }
            case CLASSIFICATION -> {
                tokens = new int[0];
                targets = new int[capacity];
                inputs = new float[Math.multiplyExact(Math.multiplyExact(capacity, t), config.inputDim())];
                values = new float[0];
            }
            default -> throw new AssertionError(config.head());
        }
    }

    private void requireHead(Head head, int b) {
        if (config.head() != head) throw new IllegalStateException("batch is for " + config.head() + ", not " + head);
        if (b < 0 || b >= capacity) throw new IllegalArgumentException("sequence index " + b + " outside [0, " + capacity + ")");
    }

    /** Sequence b from seq[off .. off+C] (start token V, then C symbols in [0, V)). */
    public void setCategorical(int b, int[] seq, int off) {
        requireHead(Head.CATEGORICAL, b);
        int t = config.seqLen(), v = config.vocab();
        for (int i = 0; i < t; i++) {
            int token = seq[off + i];
            if (token < 0 || token > v) {
                throw new IllegalArgumentException("token " + token + " at position " + i + " outside [0, " + v + "]");
            }
            tokens[b * t + i] = token;
            targets[b * t + i] = i + 1 < t ? seq[off + i + 1] : -1;
        }
    }

    /**
     * After tokens of sequences [from, to) were written straight into {@link #tokens} (the task family's own
     * (B, C+1) layout): derives their next-token targets and checks the ids.
     */
    void categoricalTargets(int from, int to) {
        int t = config.seqLen(), v = config.vocab();
        for (int b = from; b < to; b++) {
            for (int i = 0; i < t; i++) {
                int token = tokens[b * t + i];
                if (token < 0 || token > v) {
                    throw new IllegalArgumentException("token " + token + " at position " + i + " outside [0, " + v + "]");
                }
                targets[b * t + i] = i + 1 < t ? tokens[b * t + i + 1] : -1;
            }
        }
    }

    /** Sequence b from xs[off ..] (C, d) and ys[yOff ..] (C): tokens x_1, (y_1,0,…,0), x_2, …. */
    public void setRegression(int b, float[] xs, int xOff, float[] ys, int yOff) {
        requireHead(Head.REGRESSION, b);
        int c = config.context(), d = config.dims(), t = config.seqLen();
        int base = b * t * d;
        for (int i = 0; i < c; i++) {
            System.arraycopy(xs, xOff + i * d, inputs, base + 2 * i * d, d);
            int yRow = base + (2 * i + 1) * d;
            java.util.Arrays.fill(inputs, yRow, yRow + d, 0f);
            inputs[yRow] = ys[yOff + i];
            values[b * c + i] = ys[yOff + i];
        }
    }

    /** Sequence b from pairs[off ..] (C, d+1), the last pair's label already hidden (−1), and its true label. */
    public void setClassification(int b, float[] pairs, int off, int label) {
        requireHead(Head.CLASSIFICATION, b);
        if (label != 0 && label != 1) throw new IllegalArgumentException("label = " + label + " must be 0 or 1");
        int n = config.seqLen() * config.inputDim();
        System.arraycopy(pairs, off, inputs, b * n, n);
        targets[b] = label;
    }
}
