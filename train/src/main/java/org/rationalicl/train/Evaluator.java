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
    private final Batch[] batches;   // one per worker, sized like its activations

    Evaluator(Trainer trainer) {
        this.trainer = trainer;
        this.model = trainer.model;
        batches = new Batch[trainer.workers()];
        for (int w = 0; w < batches.length; w++) {
            batches[w] = new Batch(model.config, trainer.activations(w).capacity);
        }
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
                Activations acts = trainer.activations(w);
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
