// CPU time of one training step of the categorical default at 1 thread (the calling thread is the only worker),
// for A/B comparisons on a shared machine where wall-clock times mean little; with -Drationalicl.profile=true it
// also prints where the step's CPU time goes, section by section (StepProfile).
package org.rationalicl.jmh;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import org.rationalicl.train.BatchSource;
import org.rationalicl.train.Head;
import org.rationalicl.train.Model;
import org.rationalicl.train.ModelConfig;
import org.rationalicl.train.StepProfile;
import org.rationalicl.train.Trainer;
import org.rationalicl.train.TrainingConfig;

/**
 * Usage: {@code java --add-modules jdk.incubator.vector -cp jmh/target/benchmarks.jar
 * org.rationalicl.jmh.StepCpuMain [warm-up steps] [batches] [steps per batch] [mlp factor] [task] [layers]
 * [context]}, task categorical (default), regression (8 layers, batch 128) or classification, layers ("-" or
 * absent: the task's default; e.g. to compare a deep model's per-layer sections with one layer's) and context the
 * task's default unless given. Prints the CPU ms per step of each batch, then the median and the minimum (the
 * minimum is the least disturbed by other load). Add {@code -XX:G1HeapRegionSize=1m} to run the arenas aligned as
 * under the icl launcher: with the JVM's default regions an arena under half a region (the regression model's
 * 1.6 MB weights at a 4 MB region) starts anywhere, which on an Intel Xeon cost a regression step ~4%.
 */
public final class StepCpuMain {
    public static void main(String[] args) {
        run(args, System.out);
    }

    /** What main does, printing to {@code out}; returns the median CPU ms per step (PairedStepMain compares them). */
    public static double run(String[] args, PrintStream out) {
        int warm = args.length > 0 ? Integer.parseInt(args[0]) : 150;
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        double mlp = args.length > 3 ? Double.parseDouble(args[3]) : 4;
        Head head = Head.parse(args.length > 4 ? args[4] : "categorical");
        TrainingConfig.Builder builder = TrainingConfig.builder(head).mlpFactor(mlp);
        if (args.length > 5 && !args[5].equals("-")) builder.layers(Integer.parseInt(args[5]));
        if (args.length > 6) builder.context(Integer.parseInt(args[6]));
        TrainingConfig defaults = builder.build();   // the task's defaults but for the layers and context given
        ModelConfig config = defaults.model();
        int batchSize = defaults.batch();
        Model model = new Model(config);
        BatchSource source = BatchSource.fixed(config, batchSize);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (Trainer trainer = new Trainer(model, batchSize, 1)) {
            model.initialize(trainer.parameters(), 0);
            for (int i = 0; i < warm; i++) trainer.trainStep(source, 5e-4, 1.0);
            double[] ms = new double[batches];
            StepProfile.reset();
            for (int b = 0; b < batches; b++) {
                long t0 = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < steps; i++) trainer.trainStep(source, 5e-4, 1.0);
                ms[b] = (threads.getCurrentThreadCpuTime() - t0) / 1e6 / steps;
                out.printf("batch %d: %.2f CPU ms/step%n", b, ms[b]);
            }
            double[] sorted = ms.clone();
            Arrays.sort(sorted);
            out.printf("CPU ms/step: median %.2f, min %.2f (loss %.4f, kernels %s)%n",
                    sorted[batches / 2], sorted[0], trainer.lastLoss(), model.kernels().name());
            if (StepProfile.ON) {
                double total = batches * (double) steps;
                double sum = 0;
                for (StepProfile.Section s : StepProfile.Section.values()) {
                    double v = StepProfile.nanos(s) / 1e6 / total;
                    sum += v;
                    out.printf("  %-14s %7.3f ms%n", s, v);
                }
                out.printf("  %-14s %7.3f ms%n", "sum", sum);
            }
            return sorted[batches / 2];
        }
    }
}
