// The GPT-NeoX network of SPEC §3 (HuggingFace GPTNeoXModel semantics, sequential residual) with its task head:
// forward computes the loss of a slice of a batch, backward adds that slice's gradients into a gradient arena.
// It runs on the positions of each sequence that a loss reads (ModelConfig.positions()): a causal network's
// outputs there do not depend on the trailing tokens it leaves out.
package org.rationalicl.train;

import org.rationalicl.core.random.CounterRandom;
import org.rationalicl.core.random.Streams;
import org.rationalicl.simd.Kernels;
import org.rationalicl.simd.Rotary;

public final class Model {
    public final ModelConfig config;
    public final ParameterLayout layout;
    private final Kernels k;
    private final AttentionBlock.Path attention;
    /** Rotary tables (positions, rot/2), HF's float32 values; empty when the heads have no rotary dims. */
    private final float[] cos, sin;
    /** The rows the head reads; null when it reads every row (categorical), else the last layer computes only them. */
    private final HeadRows headRows;
    /** Layer 0's LN1, query_key_value and attention values run per vocabulary entry (TokenProjection, AttentionBlock). */
    private final boolean byToken;
    /** Layer 0's LN1 and query_key_value run at the read-in's rank (ReadInProjection). */
    private final boolean readIn;
    /** Layer 0's dense projection and fc1 run on narrow coefficient rows (MidAtRank; GEMM attention path). */
    private final boolean midAtRank;
    /** Per layer: its dense projection folds into the value projection when the step weights are given (FoldedDense). */
    private final boolean[] folds;
    /** (H, H) for unfoldGradients. */
    private final float[] foldScratch;
    /** Whether {@link #touch} sweeps run (ReadAhead: by CPU, or -Drationalicl.readAhead). */
    private final boolean readAhead;

    public Model(ModelConfig config) {
        this(config, Kernels.get());
    }

    public Model(ModelConfig config, Kernels kernels) {
        this(config, kernels, AttentionBlock.Path.fromSystemProperty());
    }

    Model(ModelConfig config, Kernels kernels, AttentionBlock.Path attention) {
        this.attention = attention;
        this.config = config;
        this.layout = new ParameterLayout(config);
        this.k = kernels;
        HeadRows rows = new HeadRows(config);
        this.headRows = rows.everyRow() ? null : rows;
        this.byToken = TokenProjection.applies(config);
        this.readIn = ReadInProjection.applies(config);
        this.midAtRank = attention == AttentionBlock.Path.GEMM && MidAtRank.applies(config);
        this.folds = new boolean[config.layers()];
        for (int l = 0; l < folds.length; l++) folds[l] = FoldedDense.applies(config, l);
        this.foldScratch = new float[config.hidden() * config.hidden()];
        this.readAhead = ReadAhead.fromSystemProperty();
        int rot = config.rotaryDims(), t = config.positions();
        cos = new float[t * rot / 2];
        sin = new float[t * rot / 2];
        if (rot > 0) Rotary.tables(cos, sin, t, rot, config.rotaryBase());
    }

    /** The kernels this model runs on ({@link Kernels#get()} unless given). */
    public Kernels kernels() {
        return k;
    }

    /** A zeroed arena for parameters, gradients or moments. */
    public float[] newArena() {
        return new float[layout.size()];
    }

    /**
     * SPEC §3 init: every Linear/Embedding weight ~ N(0, 0.02²), tensor k of the layout drawn from the counter
     * generator keyed (seed, Streams.INIT, 0, k); biases 0; LayerNorm weight 1, bias 0.
     */
    public void initialize(float[] params, long seed) {
        requireArena("params", params);
        CounterRandom random = new CounterRandom(seed, Streams.INIT, 0, 0);
        int index = 0;
        for (ParameterLayout.Tensor t : layout.tensors()) {
            random.reset(seed, Streams.INIT, 0, index++);
            int end = t.offset() + t.size();
            for (int i = t.offset(); i < end; i++) {
                params[i] = switch (t.kind()) {
                    case WEIGHT -> (float) (ModelConfig.INIT_STD * random.nextGaussian());
                    case NORM_WEIGHT -> 1f;
                    case BIAS, NORM_BIAS -> 0f;
                };
            }
        }
    }

    /** Number of loss terms of a batch of {@code sequences}: the divisor of the mean loss. */
    public long lossTerms(int sequences) {
        return Losses.terms(config, sequences);
    }

    /**
     * Runs sequences [first, first+count) of {@code batch} through the network (count ≤ acts.capacity), keeps
     * what backward needs in {@code acts}, and returns the sum of their loss terms.
     */
    public double forward(float[] params, Activations acts, Batch batch, int first, int count) {
        return forward(params, null, acts, batch, first, count);
    }

    /**
     * The same, with {@code weightsT} null or this model's step weights from {@code params}
     * ({@link #prepareStepWeights}; the caller keeps them current): the layers' forward GEMMs then read Wᵀ as
     * stored instead of transposing W in every pass, which matters when a step makes one pass per sequence, and
     * one-head layers fold their dense projection into the value projection (FoldedDense). The same values up to
     * rounding; bit-identical when no layer folds and every Linear is at least 8 wide (the vector A·Bᵀ kernel
     * takes a dot-product path, summing in another order, for narrower outputs). A backward of such a forward
     * takes the same step weights.
     */
    public double forward(float[] params, float[] weightsT, Activations acts, Batch batch, int first, int count) {
        return forward(params, weightsT, acts, batch, first, count, false, 0f);
    }

    /**
     * {@link #forward} then {@link #backward} on one slice, as a training step runs them, returning the sum of the
     * slice's loss terms. The loss gradient is written by the cross-entropy pass that sums the loss, instead of a
     * second pass over the logits at the start of backward. Bit-identical to the two calls.
     */
    public double forwardBackward(float[] params, float[] weightsT, float[] grads, Activations acts, Batch batch,
                                  int first, int count, float gradScale) {
        double loss = forward(params, weightsT, acts, batch, first, count, true, gradScale);
        backward(params, weightsT, grads, acts, batch, first, count, gradScale, true);
        return loss;
    }

    private double forward(float[] params, float[] weightsT, Activations acts, Batch batch, int first, int count,
                           boolean withLossGradient, float gradScale) {
        checkSlice(params, acts, batch, first, count);
        if (weightsT != null) requireArena("weightsT", weightsT);
        ModelConfig c = config;
        int rows = count * c.positions(), h = c.hidden(), headCount = count * c.outputRows();
        long t0 = StepProfile.start();
        Heads.inputForward(k, c, layout, acts, params, batch, first, count);
        StepProfile.stop(StepProfile.Section.EMBED_FWD, t0);
        for (int l = 0; l < c.layers(); l++) {
            ParameterLayout.LayerOffsets p = layout.layer(l);
            // past the last layer's attention core only the head rows reach the loss: from its dense projection
            // on, the last layer works on those rows, compact
            HeadRows only = l == c.layers() - 1 ? headRows : null;
            int r = only == null ? rows : only.count(count);
            t0 = StepProfile.start();
            touch(acts, acts.a, acts.qkv[l], rows * 3 * h);   // the projection's tiles store into these lines
            StepProfile.stop(StepProfile.Section.TOUCH, t0);
            if (l == 0 && byToken) {
                TokenProjection.forward(k, c, layout, acts, params, weightsT, batch, first, count);
            } else if (l == 0 && readIn) {
                ReadInProjection.forward(k, c, layout, acts, params, weightsT, batch, first, count);
            } else {
                t0 = StepProfile.start();
                LayerNorm.layerNormForward(k, acts.a, acts.ln1[l], acts.ln1Mean[l], acts.ln1Rstd[l],
                        acts.residual[l], params, p.ln1Weight(), p.ln1Bias(), rows, h);
                StepProfile.stop(StepProfile.Section.LN_FWD, t0);
                AttentionBlock.qkvForward(k, c, acts, l, params, weightsT, p, count);
            }
            int[] tokens = l == 0 && byToken ? batch.tokens : null;   // v by token too (AttentionBlock)
            boolean atRank = l == 0 && midAtRank;
            AttentionBlock.attentionForward(k, attention, c, cos, sin, acts, l, params, weightsT, p, count, only,
                    tokens, first * c.positions(), atRank, weightsT != null && folds[l]);
            if (atRank) {
                MidAtRank.forward(k, c, layout, acts, params, weightsT, batch, first, count);
                MlpBlock.geluFc2Forward(k, c, acts, l, acts.fcPre[0], params, weightsT, p, r);
            } else {
                t0 = StepProfile.start();
                LayerNorm.layerNormForward(k, acts.a, acts.ln2[l], acts.ln2Mean[l], acts.ln2Rstd[l], acts.mid[l],
                        params, p.ln2Weight(), p.ln2Bias(), r, h);
                StepProfile.stop(StepProfile.Section.LN_FWD, t0);
                MlpBlock.mlpForward(k, c, acts, l, params, weightsT, p, r);
            }
        }
        t0 = StepProfile.start();
        LayerNorm.layerNormForward(k, acts.a, acts.lnf, acts.lnfMean, acts.lnfRstd, acts.residual[c.layers()],
                params, layout.finalNormWeight, layout.finalNormBias, headCount, h);
        StepProfile.stop(StepProfile.Section.LN_FWD, t0);
        t0 = StepProfile.start();
        Heads.outputForward(k, c, layout, acts, params, count);
        StepProfile.stop(StepProfile.Section.OUT_FWD, t0);
        t0 = StepProfile.start();
        double loss = withLossGradient ? Losses.lossWithGradient(k, c, acts, batch, first, count, gradScale)
                : Losses.lossForward(k, c, acts, batch, first, count);
        StepProfile.stop(StepProfile.Section.LOSS_FWD, t0);
        return loss;
    }

    /**
     * Writes the step weights of {@code params} into {@code weightsT} (an arena of this model): the transpose of
     * each layer's Linear weight, (out, in) → (in, out), at the weight's own offset, and for a layer whose dense
     * projection folds into its values (FoldedDense) M = W_dense·W_v in the dense weight's place and Mᵀ in place of
     * W_vᵀ. Other entries are left as they are.
     */
    public void prepareStepWeights(float[] params, float[] weightsT) {
        requireArena("params", params);
        requireArena("weightsT", weightsT);
        int h = config.hidden(), in = config.intermediate();
        for (int l = 0; l < config.layers(); l++) {
            ParameterLayout.LayerOffsets p = layout.layer(l);
            k.transpose(weightsT, p.qkvWeight(), params, p.qkvWeight(), 3 * h, h);
            k.transpose(weightsT, p.fc1Weight(), params, p.fc1Weight(), in, h);
            k.transpose(weightsT, p.fc2Weight(), params, p.fc2Weight(), h, in);
            if (folds[l]) {
                FoldedDense.prepare(k, config, p, params, weightsT);   // after query_key_value's transpose
            } else {
                k.transpose(weightsT, p.denseWeight(), params, p.denseWeight(), h, h);
            }
        }
    }

    /**
     * After the backward passes of a step with step weights (summed over workers, if several): turns what a
     * folded layer's backward leaves in its gradient (∂L/∂M in the value rows, see FoldedDense) into the gradients
     * of W_v and W_dense, so that {@code grads} holds ∂L/∂params throughout. Not for concurrent use (one scratch).
     */
    public void unfoldGradients(float[] params, float[] grads) {
        requireArena("params", params);
        requireArena("grads", grads);
        for (int l = 0; l < config.layers(); l++) {
            if (folds[l]) FoldedDense.unfold(k, config, layout.layer(l), params, grads, foldScratch);
        }
    }

    /**
     * After {@link #forward} on the same slice: adds gradScale · ∂(sum of loss terms)/∂params into grads.
     * The layers run in exactly the reverse order of forward.
     */
    public void backward(float[] params, float[] grads, Activations acts, Batch batch, int first, int count,
                         float gradScale) {
        backward(params, null, grads, acts, batch, first, count, gradScale, false);
    }

    /**
     * The same after a forward with the step weights {@code weightsT}: a folded layer (FoldedDense) leaves ∂L/∂M
     * in its value rows until {@link #unfoldGradients}.
     */
    public void backward(float[] params, float[] weightsT, float[] grads, Activations acts, Batch batch, int first,
                         int count, float gradScale) {
        backward(params, weightsT, grads, acts, batch, first, count, gradScale, false);
    }

    private void backward(float[] params, float[] weightsT, float[] grads, Activations acts, Batch batch, int first,
                          int count, float gradScale, boolean lossGradientWritten) {
        checkSlice(params, acts, batch, first, count);
        requireArena("grads", grads);
        if (weightsT != null) requireArena("weightsT", weightsT);
        ModelConfig c = config;
        int rows = count * c.positions(), h = c.hidden(), headCount = count * c.outputRows();
        long t0 = StepProfile.start();
        if (!lossGradientWritten) Losses.lossBackward(k, c, acts, batch, first, count, gradScale);
        StepProfile.stop(StepProfile.Section.LOSS_BWD, t0);
        t0 = StepProfile.start();
        Heads.outputBackward(k, c, layout, acts, params, grads, count);
        StepProfile.stop(StepProfile.Section.OUT_BWD, t0);
        t0 = StepProfile.start();
        LayerNorm.layerNormBackward(k, acts.a, acts.dResidual, false, acts.dLn,
                acts.residual[c.layers()], acts.lnfMean, acts.lnfRstd,
                params, grads, layout.finalNormWeight, layout.finalNormBias, headCount, h);
        StepProfile.stop(StepProfile.Section.LN_BWD, t0);
        for (int l = c.layers() - 1; l >= 0; l--) {
            ParameterLayout.LayerOffsets p = layout.layer(l);
            HeadRows only = l == c.layers() - 1 ? headRows : null;   // as in forward
            int r = only == null ? rows : only.count(count);
            boolean atRank = l == 0 && midAtRank;
            t0 = StepProfile.start();
            touchLayer(acts, grads, p);    // its weight-gradient products add into these
            touchLayer(acts, params, p);   // its input-gradient products read these
            if (!atRank) {                 // and the MLP's products these
                touch(acts, acts.a, acts.fcAct[l], r * c.intermediate());
                touch(acts, acts.a, acts.fcPre[l], r * c.intermediate());
                touch(acts, acts.a, acts.ln2[l], r * h);
            }
            StepProfile.stop(StepProfile.Section.TOUCH, t0);
            if (atRank) {
                MlpBlock.fc2GeluBackward(k, c, acts, l, params, grads, p, r);
                MidAtRank.fc1Backward(k, c, acts, params, grads, p, count);
            } else {
                MlpBlock.mlpBackward(k, c, acts, l, params, grads, p, r);
            }
            t0 = StepProfile.start();
            LayerNorm.layerNormBackward(k, acts.a, acts.dResidual, true, acts.dLn,
                    acts.mid[l], acts.ln2Mean[l], acts.ln2Rstd[l], params, grads, p.ln2Weight(), p.ln2Bias(), r, h);
            StepProfile.stop(StepProfile.Section.LN_BWD, t0);
            if (atRank) MidAtRank.denseBackward(k, c, acts, params, grads, p, count);
            int[] tokens = l == 0 && byToken ? batch.tokens : null;
            boolean folded = weightsT != null && folds[l];
            t0 = StepProfile.start();
            touch(acts, acts.a, acts.qkv[l], rows * 3 * h);   // what the attention core's small products read
            touch(acts, acts.a, acts.probs[l], count * c.heads() * c.positions() * c.positions());
            StepProfile.stop(StepProfile.Section.TOUCH, t0);
            AttentionBlock.attentionBackward(k, attention, c, cos, sin, acts, l, params, grads, p, count, only,
                    tokens, first * c.positions(), atRank, folded);
            // the residual path's gradient back to every row: the compact head rows in place, 0 elsewhere
            if (only != null) only.expand(acts.a, acts.dResidual, h, rows, r);
            if (l == 0 && byToken) {
                TokenProjection.backward(k, c, layout, acts, params, grads, batch, first, count);
            } else if (l == 0 && readIn) {
                ReadInProjection.backward(k, c, layout, acts, params, grads, count);
            } else {
                AttentionBlock.qkvBackward(k, c, acts, l, params, weightsT, grads, p, count, folded);
                t0 = StepProfile.start();
                LayerNorm.layerNormBackward(k, acts.a, acts.dResidual, true, acts.dLn,
                        acts.residual[l], acts.ln1Mean[l], acts.ln1Rstd[l], params, grads, p.ln1Weight(),
                        p.ln1Bias(), rows, h);
                StepProfile.stop(StepProfile.Section.LN_BWD, t0);
            }
        }
        t0 = StepProfile.start();
        Heads.inputBackward(k, c, layout, acts, params, grads, batch, first, count);
        StepProfile.stop(StepProfile.Section.EMBED_BWD, t0);
    }

    /**
     * One value of the head's raw output from the last forward on {@code acts}, shaped (count, outputRows,
     * outputDim): categorical logits at positions 0..C−1, regression ŷ at the x positions, classification logits.
     */
    public float output(Activations acts, int sequence, int row, int col) {
        return acts.a[acts.out + (sequence * config.outputRows() + row) * config.outputDim() + col];
    }

    /** Floats of one sequence's prediction: C·V (categorical), C (regression), 2 (classification). */
    public int predictionSize() {
        return switch (config.head()) {
            case CATEGORICAL -> config.context() * config.vocab();
            case REGRESSION -> config.context();
            case CLASSIFICATION -> 2;
        };
    }

    /**
     * Writes the predictions of the last forward's {@code count} sequences to dst[dstOff ..], (count,
     * predictionSize()): categorical the softmax over the V symbol logits (the start token's logit excluded) at
     * positions 0..C−1; regression ŷ at each x position; classification the softmax over the 2 labels.
     */
    public void predictions(Activations acts, int count, float[] dst, int dstOff) {
        float[] a = acts.a;
        switch (config.head()) {
            case CATEGORICAL -> {
                int t = config.positions(), c = config.context(), v = config.vocab(), ld = config.outputDim();
                for (int s = 0; s < count; s++) {
                    for (int pos = 0; pos < c; pos++) {
                        softmax(a, acts.out + (s * t + pos) * ld, v, dst, dstOff + (s * c + pos) * v);
                    }
                }
            }
            case REGRESSION -> System.arraycopy(a, acts.out, dst, dstOff, count * config.context());
            case CLASSIFICATION -> {
                for (int s = 0; s < count; s++) softmax(a, acts.out + 2 * s, 2, dst, dstOff + 2 * s);
            }
        }
    }

    /** Softmax of n logits, in double so that small probabilities keep their relative precision. */
    private static void softmax(float[] logits, int off, int n, float[] dst, int dstOff) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) max = Math.max(max, logits[off + j]);
        double sum = 0;
        for (int j = 0; j < n; j++) sum += Math.exp(logits[off + j] - max);
        for (int j = 0; j < n; j++) dst[dstOff + j] = (float) (Math.exp(logits[off + j] - max) / sum);
    }

    /** {@link #touch} on a layer's slice of an arena: its gradients or its weights, ahead of its backward. */
    private void touchLayer(Activations acts, float[] arena, ParameterLayout.LayerOffsets p) {
        int from = p.ln1Weight();   // a layer's tensors are contiguous, LN1's weight first
        touch(acts, arena, from, p.fc2Bias() + config.hidden() - from);
    }

    /**
     * Reads one float of every 64-byte line of array[from, from + count) ahead of the products that use it. A pass
     * moves more than L2 holds between two visits to a layer, so a layer's gradients, weights and saved activations
     * come back from L3 (or memory), as do the lines its outputs will be stored to. Read in one streaming sweep they
     * arrive many lines at a time, where a product's tiles would otherwise stall on them one tile at a time. Warm
     * lines cost a load each (docs/PERFORMANCE.md, "Cache lines read ahead": on AMD Zen 4 the 8-layer regression step
     * ~4% faster for the gradients, ~3% for the weights and 2–5% more for the activations at one thread). Skipped
     * where the core's prefetchers do better on their own ({@link ReadAhead}).
     */
    private void touch(Activations acts, float[] array, int from, int count) {
        if (!readAhead) return;
        float sum = 0;
        for (int i = from, end = from + count; i < end; i += 16) sum += array[i];
        acts.touched += sum;
    }

    private void checkSlice(float[] params, Activations acts, Batch batch, int first, int count) {
        requireArena("params", params);
        if (acts.config != config && !acts.config.equals(config)) {
            throw new IllegalArgumentException("activations were sized for a different model configuration");
        }
        if (batch.config != config && !batch.config.equals(config)) {
            throw new IllegalArgumentException("batch was built for a different model configuration");
        }
        if (count < 1 || count > acts.capacity) {
            throw new IllegalArgumentException("count = " + count + " must be in [1, " + acts.capacity + "]");
        }
        if (first < 0 || first + count > batch.capacity) {
            throw new IllegalArgumentException("sequences [" + first + ", " + (first + count)
                    + ") outside the batch of " + batch.capacity);
        }
    }

    private void requireArena(String name, float[] arena) {
        if (arena == null || arena.length != layout.size()) {
            throw new IllegalArgumentException(name + " must be an arena of " + layout.size() + " floats, got "
                    + (arena == null ? "null" : arena.length));
        }
    }
}
