// One data-parallel training step: each worker fills, runs forward and backward on its own slice of the batch
// (one micro-batch of sequences at a time) into its own gradient arena; the arenas are summed in worker order,
// clipped by global norm, and AdamW updates the weights. Same thread count and data → bit-identical weights. A step allocates nothing.
package org.rationalicl.train;

import java.util.Arrays;
import org.rationalicl.simd.Kernels;

public final class Trainer implements AutoCloseable {
    public static final float BETA1 = 0.9f, BETA2 = 0.999f, ADAM_EPS = 1e-8f, WEIGHT_DECAY = 0f;
    /** torch.nn.utils.clip_grad_norm_ adds this to the norm before dividing. */
    static final double CLIP_EPS = 1e-6;

    public final Model model;
    public final int batchSize;
    /**
     * Sequences per forward/backward pass within a worker's slice (-Drationalicl.microBatch, default
     * {@link #defaultMicroBatch}): a pass over few sequences keeps each layer's activations in L2 between the
     * layers that write and read them, where a whole 32- or 64-sequence slice streams every buffer through memory
     * (measured at T = 129: 1 sequence 41.6, 2: 43–45, 4: 44–49, 8: 47, 64: 51–53 CPU ms per default step). Too
     * few rows per pass costs instead: every GEMM packs its weights once per pass (docs/PERFORMANCE.md). The
     * worker adds the passes' gradients in sequence order, so results depend only on the data, the thread count
     * and this number.
     */
    public final int microBatch;

    /**
     * MLP rows one pass aims at (the MLPs are two thirds of a layer's products): 2 sequences of the categorical
     * default's 128 positions, 4 of 64.
     */
    static final int ROWS_PER_PASS = 256;
    /**
     * Rows × layers one pass may keep at H ≤ 64: about 4.5 MB of activations (~4.5 KB per row and layer at H = 64),
     * 4 sequences for the 8-layer regression model at 31 positions. A deep model keeps every layer's activations
     * until its backward, so larger passes stream them through L3, and smaller ones re-read every weight and
     * gradient once per pass more often. Paired in one JVM (docs/PERFORMANCE.md), the 8-layer regression step at 4
     * sequences per pass was 3.6–5.3% faster than at 2, 3.6% faster than at 8, 7.7% faster than 2 at 1, 11% at 16.
     * Wider layers scale this by (H/64)²: every pass also reads the weights and adds into the gradients, traffic that
     * grows with H² and that larger passes amortize (8 layers at H = 128: 8 sequences 476–495 ms, 2 sequences 551–562).
     */
    static final int ROW_LAYERS_PER_PASS = 1024;

    /**
     * min(⌊256 / r⌋, ⌊1024 · max(1, (H/64)²) / (T · layers)⌋) sequences per pass, at least 1, with T the positions a
     * sequence runs on (ModelConfig.positions()) and r the rows its MLPs run on per layer: T, except in the last
     * layer, which runs its MLP on the head rows only. So a one-layer classification model, whose MLP sees one row
     * per sequence, is bounded by its positions alone: at C = 128, 8 sequences per pass ran 10.6% faster than 2, and
     * 16 as fast as 8 (paired in one JVM, docs/PERFORMANCE.md).
     */
    public static int defaultMicroBatch(ModelConfig m) {
        int t = m.positions(), layers = m.layers();
        double mlpRows = ((double) (layers - 1) * t + m.outputRows()) / layers;
        long rowLayers = ROW_LAYERS_PER_PASS * Math.max(1L, (long) m.hidden() * m.hidden() / (64 * 64));
        long byRows = (long) Math.floor(ROWS_PER_PASS / mlpRows);
        return (int) Math.max(1, Math.min(byRows, rowLayers / ((long) t * layers)));
    }

    /** -Drationalicl.microBatch when set, else {@link #defaultMicroBatch}: what a Trainer for this model uses. */
    public static int configuredMicroBatch(ModelConfig m) {
        return Integer.getInteger("rationalicl.microBatch", defaultMicroBatch(m));
    }
    private final Kernels k;
    private final WorkerPool pool;
    private final Batch batch;
    private final float[] params, m, v;   // (P) each, in the model's layout
    private final float[] weightsT;       // (P): the layers' Linear weights transposed, refreshed each step
    private final float[][] grads;        // worker × (P); grads[0] receives the reduction
    private final Activations[] acts;     // worker × (slice, T, …)
    private final int[] sliceFrom, sliceTo;
    private final double[] workerLoss;
    private final WorkerPool.Job trainJob = this::trainSlice;

    private long step;                    // optimizer steps taken so far
    private BatchSource source;           // of the step in flight
    private double lastLoss = Double.NaN, lastGradNorm = Double.NaN, lastLr = Double.NaN;

    /**
     * @param threads worker threads (≥ 1); more threads than sequences are not used
     */
    public Trainer(Model model, int batchSize, int threads) {
        this(model, batchSize, threads, configuredMicroBatch(model.config));
    }

    /** With an explicit number of sequences per forward/backward pass (≥ 1). */
    Trainer(Model model, int batchSize, int threads, int microBatch) {
        if (batchSize < 1) throw new IllegalArgumentException("batch = " + batchSize + " must be >= 1");
        if (threads < 1) throw new IllegalArgumentException("threads = " + threads + " must be >= 1");
        this.model = model;
        this.batchSize = batchSize;
        this.k = model.kernels();
        int workers = Math.min(threads, batchSize);
        sliceFrom = new int[workers];
        sliceTo = new int[workers];
        if (microBatch < 1) throw new IllegalArgumentException("micro-batch (-Drationalicl.microBatch) = " + microBatch + " must be >= 1");
        this.microBatch = microBatch;
        int widest = 0;
        for (int w = 0; w < workers; w++) {
            sliceFrom[w] = (int) ((long) w * batchSize / workers);
            sliceTo[w] = (int) ((long) (w + 1) * batchSize / workers);
            widest = Math.max(widest, sliceTo[w] - sliceFrom[w]);
        }
        batch = new Batch(model.config, batchSize);
        params = model.newArena();
        weightsT = model.newArena();
        m = model.newArena();
        v = model.newArena();
        grads = new float[workers][];
        acts = new Activations[workers];
        workerLoss = new double[workers];
        for (int w = 0; w < workers; w++) {
            grads[w] = model.newArena();
            acts[w] = new Activations(model.config, Math.min(widest, microBatch));
        }
        pool = new WorkerPool(workers);
    }

    /** Number of worker threads actually used. */
    public int workers() {
        return acts.length;
    }

    /** The weights (live arena in the model's layout; read it between steps only). */
    public float[] parameters() {
        return params;
    }

    /** AdamW first and second moments (live arenas). */
    public float[] firstMoment() {
        return m;
    }

    public float[] secondMoment() {
        return v;
    }

    /** Optimizer steps taken. */
    public long step() {
        return step;
    }

    /** Restores a saved state: weights, both moments and the step count (exact resume). */
    public void restore(long step, float[] params, float[] m, float[] v) {
        if (step < 0) throw new IllegalArgumentException("step = " + step + " must be >= 0");
        copyArena("params", params, this.params);
        copyArena("m", m, this.m);
        copyArena("v", v, this.v);
        this.step = step;
    }

    private void copyArena(String name, float[] src, float[] dst) {
        if (src.length != dst.length) {
            throw new IllegalArgumentException(name + " has " + src.length + " floats, the model needs " + dst.length);
        }
        System.arraycopy(src, 0, dst, 0, dst.length);
    }

    /** Mean training loss of the last step's batch (before the update). */
    public double lastLoss() {
        return lastLoss;
    }

    /** Global L2 norm of the last step's gradient, before clipping. */
    public double lastGradNorm() {
        return lastGradNorm;
    }

    public double lastLr() {
        return lastLr;
    }

    /**
     * One optimizer step on the batch {@code source} gives for step {@link #step()}: forward, backward, gradient
     * clipping to {@code clip} (≤ 0: none; torch's clip_grad_norm_ semantics), AdamW with learning rate lr.
     */
    public void trainStep(BatchSource source, double lr, double clip) {
        this.source = source;
        long t0 = StepProfile.start();
        // once a step, so that the passes need not transpose each weight again (nor fold a dense projection)
        model.prepareStepWeights(params, weightsT);
        StepProfile.stop(StepProfile.Section.TRANSPOSE_WEIGHTS, t0);
        try {
            pool.run(trainJob);
        } finally {
            this.source = null;
        }
        t0 = StepProfile.start();
        float[] g = grads[0];
        double loss = workerLoss[0];
        for (int w = 1; w < grads.length; w++) {
            k.add(g, 0, g, 0, grads[w], 0, g.length);   // fixed order: bit-identical for a given thread count
            loss += workerLoss[w];
        }
        model.unfoldGradients(params, g);   // once, on the sum: it is linear in the gradients
        StepProfile.stop(StepProfile.Section.REDUCE, t0);
        t0 = StepProfile.start();
        loss /= model.lossTerms(batchSize);
        double norm = Math.sqrt(k.sumOfSquares(g, 0, g.length));
        if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
            throw new IllegalStateException("training diverged at step " + (step + 1) + ": loss = " + loss
                    + ", gradient norm = " + norm);
        }
        if (clip > 0) {
            double coef = clip / (norm + CLIP_EPS);
            if (coef < 1) k.scale(g, 0, g.length, (float) coef);
        }
        StepProfile.stop(StepProfile.Section.NORM_CLIP, t0);
        t0 = StepProfile.start();
        long t = step + 1;
        float bc1 = (float) (1 - Math.pow(BETA1, t));
        float bc2 = (float) (1 - Math.pow(BETA2, t));
        k.adamw(params, 0, g, 0, m, 0, v, 0, params.length, (float) lr, BETA1, BETA2, ADAM_EPS, WEIGHT_DECAY, bc1, bc2);
        StepProfile.stop(StepProfile.Section.ADAMW, t0);
        step = t;
        lastLoss = loss;
        lastGradNorm = norm;
        lastLr = lr;
    }

    private void trainSlice(int w) {
        int from = sliceFrom[w], count = sliceTo[w] - from;
        float[] g = grads[w];
        long t0 = StepProfile.start();
        Arrays.fill(g, 0f);
        StepProfile.stop(StepProfile.Section.ZERO_GRADS, t0);
        t0 = StepProfile.start();
        source.fill(batch, step, from, sliceTo[w]);
        StepProfile.stop(StepProfile.Section.FILL, t0);
        float gradScale = (float) (1.0 / model.lossTerms(batchSize));
        double loss = 0;
        for (int s = from; s < from + count; s += microBatch) {
            int n = Math.min(microBatch, from + count - s);
            loss += model.forwardBackward(params, weightsT, g, acts[w], batch, s, n, gradScale);
        }
        workerLoss[w] = loss;
    }

    /** The worker pool and activations, lent to evaluation between steps. */
    WorkerPool pool() {
        return pool;
    }

    Activations activations(int worker) {
        return acts[worker];
    }

    @Override
    public void close() {
        pool.close();
    }
}
