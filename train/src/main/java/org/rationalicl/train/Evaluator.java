// Runs the network forward over the fixed evaluation splits on the trainer's worker threads and returns each
// split's predictions and metric. Sequences are processed in fixed chunks, worker w taking chunks w, w+N, …;
// every sequence's prediction depends only on the weights and the chunk layout, never on timing.
package org.rationalicl.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class Evaluator {

    /** Predictions (count, predictionSize) and metric of one split. */
    record Result(String split, float[] predictions, double metric) {}

    private final Trainer trainer;
    private final Model model;
    /**
     * Most sequences per forward pass (-Drationalicl.evalChunk). Training passes one sequence at a time (its
     * activations stay in L2 for the backward); a forward-only pass gains from more rows per GEMM call, because
     * each call packs the weight matrix once: at 1 sequence the packing was ~20% of evaluation time, and 8
     * sequences cut evaluation time by ~25% (docs/PERFORMANCE.md).
     */
    static final int MAX_CHUNK = Integer.getInteger("rationalicl.evalChunk", 8);
    /** Activation floats a worker's evaluation arena may take before the chunk shrinks (16 MB). */
    static final long ACTIVATION_BUDGET = 4L << 20;

    private final Batch[] batches;   // one per worker, chunk sequences
    private final Activations[] acts;

    Evaluator(Trainer trainer) {
        this.trainer = trainer;
        this.model = trainer.model;
        Activations training = trainer.activations(0);
        int chunk = chunk(training.floats() / training.capacity);
        batches = new Batch[trainer.workers()];
        acts = new Activations[trainer.workers()];
        for (int w = 0; w < batches.length; w++) {
            batches[w] = new Batch(model.config, chunk);
            acts[w] = new Activations(model.config, chunk);
        }
    }

    /** Sequences per evaluation pass: up to {@link #MAX_CHUNK}, fewer when long sequences would exceed the budget. */
    static int chunk(long activationFloatsPerSequence) {
        return (int) Math.max(1, Math.min(Math.max(1, MAX_CHUNK), ACTIVATION_BUDGET / Math.max(1, activationFloatsPerSequence)));
    }

    Map<String, Result> evaluate(List<TaskData.Split> splits) {
        Map<String, Result> results = new LinkedHashMap<>();
        float[] params = trainer.parameters();
        for (TaskData.Split split : splits) {
            int per = model.predictionSize();
            float[] pred = new float[Math.multiplyExact(split.count, per)];
            int workers = batches.length;
            int chunk = batches[0].capacity;
            int chunks = (split.count + chunk - 1) / chunk;
            trainer.pool().run(w -> {
                Activations acts = this.acts[w];
                Batch batch = batches[w];
                for (int ch = w; ch < chunks; ch += workers) {
                    int first = ch * chunk, n = Math.min(chunk, split.count - first);
                    for (int i = 0; i < n; i++) split.load(batch, i, first + i);
                    model.forward(params, acts, batch, 0, n);
                    model.predictions(acts, n, pred, first * per);
                }
            });
            results.put(split.name, new Result(split.name, pred, split.metric(pred)));
        }
        return results;
    }
}
