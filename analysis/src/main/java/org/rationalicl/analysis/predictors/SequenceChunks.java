// Runs a per-sequence computation over all cores. Every sequence's output depends only on its own input, so
// the results are identical whatever the number of threads or the order in which chunks run.
package org.rationalicl.analysis.predictors;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

final class SequenceChunks {
    private SequenceChunks() {}

    /** Work on sequences [from, to); each call owns its scratch buffers. */
    @FunctionalInterface
    interface Body {
        void run(int from, int to);
    }

    /**
     * Splits [0, sequences) into contiguous chunks and runs them in the current fork-join pool (the common pool
     * unless called from inside another pool, which is how tests pin the thread count).
     */
    static void forEach(int sequences, Body body) {
        if (sequences == 0) return;
        // Outside a pool the caller runs chunks too, next to the common pool's (cores − 1) workers.
        int threads = ForkJoinTask.inForkJoinPool() ? ForkJoinTask.getPool().getParallelism()
                : ForkJoinPool.getCommonPoolParallelism() + 1;
        // A few chunks per thread balance uneven progress; the split never affects the values.
        int chunks = Math.min(sequences, Math.max(1, 4 * threads));
        if (chunks == 1) {
            body.run(0, sequences);
            return;
        }
        List<RecursiveAction> tasks = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            int from = (int) ((long) sequences * c / chunks);
            int to = (int) ((long) sequences * (c + 1) / chunks);
            tasks.add(new RecursiveAction() {
                @Override
                protected void compute() {
                    body.run(from, to);
                }
            });
        }
        ForkJoinTask.invokeAll(tasks);
    }
}
