// Bytes allocated per training step on the kernels in use (the Vector API ones on this machine), counted exactly
// with the JVM's per-thread allocation counters of the calling thread and the training workers. JMH's -prof gc
// also counts its own per-iteration bookkeeping; this isolates the step. Needs a long warm-up: Vector API code
// allocates (boxes vectors) until C2 has compiled it.
package org.rationalicl.jmh;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.rationalicl.train.BatchSource;
import org.rationalicl.train.Head;
import org.rationalicl.train.Model;
import org.rationalicl.train.ModelConfig;
import org.rationalicl.train.Trainer;
import org.rationalicl.train.TrainingConfig;

/**
 * Usage: {@code java --add-modules jdk.incubator.vector -cp jmh/target/benchmarks.jar
 * org.rationalicl.jmh.StepAllocationMain [categorical|regression|classification] [threads] [warm-up steps] [intervals]
 * [steps per interval]}. Prints the bytes of each interval and the bytes per step of the quietest one.
 */
public final class StepAllocationMain {
    public static void main(String[] args) {
        Head head = Head.parse(args.length > 0 ? args[0] : "categorical");
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int warm = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int intervals = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int steps = args.length > 4 ? Integer.parseInt(args[4]) : 50;
        // the task's default model and batch (regression: 8 layers, batch 128)
        TrainingConfig defaults = TrainingConfig.builder(head).build();
        ModelConfig config = defaults.model();
        int batchSize = defaults.batch();
        BatchSource source = BatchSource.fixed(config, batchSize);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        mx.setThreadAllocatedMemoryEnabled(true);
        Model model = new Model(config);
        try (Trainer trainer = new Trainer(model, batchSize, threads)) {
            model.initialize(trainer.parameters(), 0);
            for (int i = 0; i < warm; i++) trainer.trainStep(source, 5e-4, 1.0);
            long[] ids = threadIds();
            long quietest = Long.MAX_VALUE;
            for (int k = 0; k < intervals; k++) {
                // the counter query allocates its own result array: measured on an empty interval and subtracted
                long first = allocated(mx, ids), before = allocated(mx, ids);
                for (int i = 0; i < steps; i++) trainer.trainStep(source, 5e-4, 1.0);
                long bytes = allocated(mx, ids) - before - (before - first);
                quietest = Math.min(quietest, bytes);
                System.out.printf("interval %d: %d bytes in %d steps%n", k, bytes, steps);
            }
            System.out.printf("%s, %d thread(s), kernels %s, %d threads counted: %.1f bytes/step (quietest interval)%n",
                    head.id(), threads, model.kernels().name(), ids.length, quietest / (double) steps);
        }
    }

    /** The calling thread and the live training workers. */
    private static long[] threadIds() {
        List<Long> ids = new ArrayList<>();
        ids.add(Thread.currentThread().threadId());
        for (Thread th : Thread.getAllStackTraces().keySet()) {
            if (th.getName().startsWith("icl-train-worker-") && th.isAlive()) ids.add(th.threadId());
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    private static long allocated(com.sun.management.ThreadMXBean mx, long[] ids) {
        long sum = 0;
        for (long b : mx.getThreadAllocatedBytes(ids)) sum += b;
        return sum;
    }
}
