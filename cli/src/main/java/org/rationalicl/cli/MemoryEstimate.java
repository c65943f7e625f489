// Estimates the heap a training run needs (weights, AdamW moments, per-worker gradients and activations, task
// pools, evaluation sets and predictions) so that a run too large for this JVM is refused before it starts,
// with the estimate, instead of failing hours later. Limit: an estimate of the large arrays only (±10 %).
package org.rationalicl.cli;

import java.util.Locale;
import org.rationalicl.train.Head;
import org.rationalicl.train.ModelConfig;
import org.rationalicl.train.ReadInProjection;
import org.rationalicl.train.MidAtRank;
import org.rationalicl.train.Trainer;
import org.rationalicl.train.TrainingConfig;
import org.rationalicl.train.TrainingRun;

final class MemoryEstimate {
    /** Java arrays hold at most this many elements (the JDK's own cap is a few below Integer.MAX_VALUE). */
    static final long MAX_ARRAY_ELEMENTS = Integer.MAX_VALUE - 8L;
    /** Heap the JVM, picocli and the run's small objects take beside the large arrays. */
    static final long BASE_BYTES = 32L << 20;

    /**
     * @param bytes            estimated heap use of one run
     * @param largestArray     what the largest single array holds
     * @param largestElements  its element count (must be ≤ {@link #MAX_ARRAY_ELEMENTS})
     */
    record Estimate(double bytes, String largestArray, double largestElements) {}

    private MemoryEstimate() {
    }

    /** Parameters of the network (Model's layout: GPT-NeoX blocks with the task's read-in and read-out). */
    static double parameters(ModelConfig m) {
        double h = m.hidden(), i = m.intermediate();
        double perLayer = 2 * h + 3 * h * h + h * h + 2 * h + i * h + i + h * i + h; // no attention biases
        double ends = m.head() == Head.CATEGORICAL ? 2 * (m.vocab() + 1.0) * h
                : h * m.inputDim() + h + m.outputDim() * h + m.outputDim();
        return m.layers() * perLayer + 2 * h + ends;
    }

    /** The sequences per forward/backward pass the Trainer will use (its system property, else its default for this model). */
    static int microBatch(ModelConfig m) {
        return Math.max(1, Trainer.configuredMicroBatch(m));
    }

    /**
     * Activation floats for b sequences of T = ModelConfig.positions() positions: per layer 8 (B,T,H) buffers (qkv
     * counts 3), the (B,nh,T,T) probabilities,
     * two (B,T,I) MLP buffers and four (B,T) LayerNorm statistics; then the final ones and the backward scratch.
     * A categorical model's layer 0 keeps no LN1 rows but its per-token values (train's TokenProjection): the
     * (B,nh,T,V+1) probabilities per key token and a few (V+1,3H) and (T,V+1) buffers; a read-in model's layer 0
     * at the read-in's rank w (ReadInProjection) no LN1 rows either, and a few (B,T,w) and (w,3H) buffers. With
     * MidAtRank, layer 0 adds its coefficient rows (B,T,m) and a few (m,I), (m,H) and (q,H) buffers.
     */
    static double activations(ModelConfig m, double b) {
        double t = m.positions(), h = m.hidden(), in = m.intermediate();
        double bth = b * t * h, bt = b * t, out = b * m.outputRows() * m.outputDim();
        double total = m.layers() * (8 * bth + b * m.heads() * t * t + 2 * bt * in + 4 * bt) + 9 * bth + bt * in
                + 2 * bt + 2 * out + t * t;
        if (m.head() != Head.CATEGORICAL) {
            if (!ReadInProjection.applies(m)) return total;
            double w = ReadInProjection.width(m), e = w - 1;   // train's ReadInProjection buffers
            total += -bth + bt * (w + 2 * e) + h * (2 * e + 8 * w) + e * e;   // and no LN1 rows in layer 0
        } else {
            double n = m.vocab() + 1;
            total += -bth - 2 * bt + b * m.heads() * t * n + n * (10 * h + 2) + 2 * t * n;
        }
        if (!MidAtRank.applies(m)) return total;
        // train's MidAtRank buffers: U, the basis, K, G, the coefficient rows, Q and a read-in model's P·z″
        double w = MidAtRank.width(m), q = MidAtRank.perHead(m);
        double pz = m.head() == Head.CATEGORICAL ? 0 : b * m.heads() * t * q;
        return total + (m.heads() + 1) * q * h + w * (h + 2 * in) + bt * w + pz;
    }

    static Estimate of(TrainingConfig c) {
        ModelConfig m = c.model();
        double p = parameters(m);
        int workers = Math.min(c.threads(), c.batch());
        // a worker's activations hold one micro-batch of its slice (Trainer.microBatch)
        double b = Math.min(Math.ceil((double) c.batch() / workers), microBatch(m));
        double acts = activations(m, b);
        // the evaluator's own arena per worker: a few sequences per forward pass (TrainingRun.evaluationChunk)
        double evalActs = activations(m, TrainingRun.evaluationChunk((long) Math.ceil(activations(m, 1))));
        int width = switch (c.task()) {
            case CATEGORICAL -> c.dims();
            case REGRESSION -> c.dims();
            case CLASSIFICATION -> c.dims() + 1;
        };
        double pool = (double) c.tasks() * width;
        double evalPool = 500.0 * width;
        double s = c.evalSequences(), ctx = c.context();
        int splits = c.task() == Head.CLASSIFICATION ? 3 : 2;
        double perSequence = switch (c.task()) {
            case CATEGORICAL -> (ctx + 1) + c.dims();
            case REGRESSION -> ctx * c.dims() + ctx + c.dims();
            case CLASSIFICATION -> ctx * (c.dims() + 1) + 1;
        };
        double predictionSize = switch (c.task()) {
            case CATEGORICAL -> ctx * c.dims();
            case REGRESSION -> ctx;
            case CLASSIFICATION -> 2;
        };
        double predictions = s * predictionSize;
        // params, two moments and a gradient per worker, plus the three arenas a resume reads before copying them
        double floats = (6 + workers) * p + workers * (acts + evalActs) + pool + evalPool + splits * s * perSequence
                + splits * predictions;
        double bytes = 4 * floats + BASE_BYTES;
        // the largest single array decides whether Java can allocate it at all
        String largest = "the parameter arena";
        double largestN = p;
        if (acts > largestN) { largest = "the activations of one worker (" + (long) b + " sequences)"; largestN = acts; }
        if (pool > largestN) { largest = "the training pool (D × " + width + ")"; largestN = pool; }
        if (predictions > largestN) { largest = "the predictions of one evaluation split"; largestN = predictions; }
        if (s * perSequence > largestN) { largest = "one evaluation split"; largestN = s * perSequence; }
        return new Estimate(bytes, largest, largestN);
    }

    /**
     * Refuses (UsageError naming {@code what}) a configuration whose arrays cannot exist in Java, or whose
     * {@code runsAtOnce} copies need more heap than {@code maxHeapBytes}.
     */
    static void check(TrainingConfig c, int runsAtOnce, long maxHeapBytes, String what) {
        Estimate e = of(c);
        if (e.largestElements > MAX_ARRAY_ELEMENTS) {
            throw new UsageError(what + ": " + e.largestArray + " would have " + String.format(Locale.ROOT, "%.3g",
                    e.largestElements) + " elements, more than a Java array holds (" + MAX_ARRAY_ELEMENTS
                    + "); reduce the sizes (tasks, dims, context, batch per thread, eval_sequences)");
        }
        double need = e.bytes * runsAtOnce;
        if (need > maxHeapBytes) {
            throw new UsageError(what + ": needs about " + mib(need) + " of heap" + (runsAtOnce > 1 ? " (" + runsAtOnce
                    + " runs at once × " + mib(e.bytes) + ")" : "") + " but this JVM may use at most " + mib(maxHeapBytes)
                    + "; reduce the sizes" + (runsAtOnce > 1 ? " or --parallel" : "") + ", or raise the limit (e.g."
                    + " ICL_JAVA_OPTS=-Xmx" + Math.max(1, (long) Math.ceil(need * 1.25 / (1L << 30))) + "g)");
        }
    }

    static String mib(double bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (1L << 30))
                : String.format(Locale.ROOT, "%.0f MiB", bytes / (1L << 20));
    }
}
