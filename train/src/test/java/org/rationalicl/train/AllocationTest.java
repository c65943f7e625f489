// The training step's own code allocates nothing, on the calling thread and on the workers (the JVM's per-thread
// allocation counters, exact in bytes). It runs on the scalar kernels: Vector API code allocates until C2 has
// compiled it, which a short test cannot wait for; the JMH benchmark (-prof gc) shows the vector path warmed up.
package org.rationalicl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rationalicl.simd.ScalarKernels;

class AllocationTest {

    @Test
    void trainingStepsAllocateNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        mx.setThreadAllocatedMemoryEnabled(true);
        ModelConfig config = new ModelConfig(Head.CATEGORICAL, 4, 1, 10, 16, 2, 2, 2.0, 0.5, 10000);
        int t = config.seqLen();
        int[] tokens = new int[6 * t];
        for (int b = 0; b < 6; b++) {
            tokens[b * t] = 4;
            for (int i = 1; i < t; i++) tokens[b * t + i] = (b * 7 + i * 3) % 4;
        }
        BatchSource source = (batch, step, from, to) -> {
            for (int b = from; b < to; b++) batch.setCategorical(b, tokens, b * t);
        };
        for (int threads : new int[] {1, 2}) {
            Model model = new Model(config, new ScalarKernels());
            try (Trainer trainer = new Trainer(model, 6, threads)) {
                model.initialize(trainer.parameters(), 1);
                for (int s = 0; s < 50; s++) trainer.trainStep(source, 1e-3, 1.0); // warm up, classes loaded
                long[] ids = threadIds();
                // A step that allocated would show in every interval; the JVM itself (a deoptimisation, a
                // late-compiled method) occasionally allocates a few bytes on a worker under heavy machine
                // load. So: five intervals of 20 steps, and the quietest one must be exactly zero.
                long[] perInterval = new long[5];
                for (int k = 0; k < perInterval.length; k++) {
                    // the counter query allocates its own result array: measure that overhead on an empty interval
                    long first = allocated(mx, ids);
                    long before = allocated(mx, ids);
                    long overhead = before - first;
                    for (int s = 0; s < 20; s++) trainer.trainStep(source, 1e-3, 1.0);
                    long after = allocated(mx, ids);
                    perInterval[k] = after - before - overhead;
                }
                assertEquals(0, Arrays.stream(perInterval).min().orElseThrow(),
                        "bytes allocated by 20 steps at " + threads + " thread(s), per interval: "
                                + Arrays.toString(perInterval));
            }
        }
    }

    /** The calling thread and the live training workers. */
    private static long[] threadIds() {
        List<Long> ids = new ArrayList<>();
        ids.add(Thread.currentThread().threadId());
        for (Thread th : Thread.getAllStackTraces().keySet()) {
            if (th.getName().startsWith("icl-train-worker-") && th.isAlive()) ids.add(th.threadId());
        }
        long[] out = new long[ids.size()];
        for (int i = 0; i < out.length; i++) out[i] = ids.get(i);
        return out;
    }

    private static long allocated(com.sun.management.ThreadMXBean mx, long[] ids) {
        long[] bytes = mx.getThreadAllocatedBytes(ids);
        long sum = 0;
        for (long b : bytes) sum += b;
        return sum;
    }
}
