// The inputs and targets of up to `capacity` sequences, laid out the way the network reads them: the
// ModelConfig.positions() positions of each sequence that reach a loss. Filled once per step by the data source;
// the network only reads it.
package org.rationalicl.train;

public final class Batch {
    public final ModelConfig config;
    public final int capacity;
    /** categorical token ids (B, P), P = C: the start token, then the first C−1 draws. */
    final int[] tokens;
    /** categorical: next-token target (B, P), the C draws; classification: label (B). */
    final int[] targets;
    /** The categorical task family's own layout (B, C+1), which it fills; tokens and targets are cut from it. */
    final int[] sequences;
    /** read-in vectors (B, P, inputDim): regression x_1, ỹ_1, …, x_C; classification the (item, label) pairs. */
    final float[] inputs;
    /** regression targets y_i (B, C). */
    final float[] values;

    public Batch(ModelConfig config, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("batch capacity = " + capacity + " must be >= 1");
        this.config = config;
        this.capacity = capacity;
        int p = config.positions();
        switch (config.head()) {
            case CATEGORICAL -> {
                tokens = new int[Math.multiplyExact(capacity, p)];
                targets = new int[Math.multiplyExact(capacity, p)];
                sequences = new int[Math.multiplyExact(capacity, config.seqLen())];
                inputs = new float[0];
                values = new float[0];
            }
            case REGRESSION -> {
                tokens = new int[0];
                targets = new int[0];
                sequences = new int[0];
                inputs = new float[Math.multiplyExact(Math.multiplyExact(capacity, p), config.inputDim())];
                values = new float[Math.multiplyExact(capacity, config.context())];
            }
            case CLASSIFICATION -> {
                tokens = new int[0];
                targets = new int[capacity];
                sequences = new int[0];
                inputs = new float[Math.multiplyExact(Math.multiplyExact(capacity, p), config.inputDim())];
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
        int t = config.seqLen();
        System.arraycopy(seq, off, sequences, b * t, t);
        categoricalRows(b, b + 1);
    }

    /**
     * After sequences [from, to) were written into {@link #sequences} (the task family's own (B, C+1) layout):
     * checks their ids and cuts each into the network's tokens (the first C) and targets (the last C).
     */
    void categoricalRows(int from, int to) {
        int t = config.seqLen(), p = config.positions(), v = config.vocab();
        for (int b = from; b < to; b++) {
            for (int i = 0; i < t; i++) {
                int token = sequences[b * t + i];
                if (token < 0 || token > v) {
                    throw new IllegalArgumentException("token " + token + " at position " + i + " outside [0, " + v + "]");
                }
            }
            System.arraycopy(sequences, b * t, tokens, b * p, p);
            System.arraycopy(sequences, b * t + 1, targets, b * p, p);
        }
    }

    /** Sequence b from xs[off ..] (C, d) and ys[yOff ..] (C): tokens x_1, (y_1,0,…,0), x_2, …, x_C. */
    public void setRegression(int b, float[] xs, int xOff, float[] ys, int yOff) {
        requireHead(Head.REGRESSION, b);
        int c = config.context(), d = config.dims(), p = config.positions();
        int base = b * p * d;
        for (int i = 0; i < c; i++) {
            System.arraycopy(xs, xOff + i * d, inputs, base + 2 * i * d, d);
            values[b * c + i] = ys[yOff + i];
            if (2 * i + 1 == p) break;                  // y_C: after the last x, no loss reads it
            int yRow = base + (2 * i + 1) * d;
            java.util.Arrays.fill(inputs, yRow, yRow + d, 0f);
            inputs[yRow] = ys[yOff + i];
        }
    }

    /** Sequence b from pairs[off ..] (C, d+1), the last pair's label already hidden (−1), and its true label. */
    public void setClassification(int b, float[] pairs, int off, int label) {
        requireHead(Head.CLASSIFICATION, b);
        if (label != 0 && label != 1) throw new IllegalArgumentException("label = " + label + " must be 0 or 1");
        int n = config.positions() * config.inputDim();
        System.arraycopy(pairs, off, inputs, b * n, n);
        targets[b] = label;
    }
}
