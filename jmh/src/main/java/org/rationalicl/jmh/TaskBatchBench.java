// Cost of generating one training batch per task family at the spec's default shapes, to check that data
// sampling stays a small fraction of a training step. Single-threaded.
package org.rationalicl.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.rationalicl.core.tasks.CategoricalConfig;
import org.rationalicl.core.tasks.CategoricalTasks;
import org.rationalicl.core.tasks.ClassificationConfig;
import org.rationalicl.core.tasks.ClassificationTasks;
import org.rationalicl.core.tasks.RegressionConfig;
import org.rationalicl.core.tasks.RegressionTasks;
import org.rationalicl.core.tasks.SequenceSet;

@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class TaskBatchBench {
    private CategoricalTasks categorical;
    private RegressionTasks regression;
    private ClassificationTasks classification;
    private int[] tokens;      // (64, 129)
    private float[] xs, ys;    // (128, 16, 8), (128, 16)
    private float[] pairs;     // (64, 128, 9)
    private int[] labels;      // (64)
    private long step;

    @Setup
    public void setup() {
        categorical = CategoricalTasks.create(CategoricalConfig.defaults(), 64, 1, 0.0);
        regression = RegressionTasks.create(RegressionConfig.defaults(), 64, 1, 0.0);
        classification = ClassificationTasks.create(ClassificationConfig.defaults(), 64, 1, 0.0);
        tokens = new int[64 * 129];
        xs = new float[128 * 16 * 8];
        ys = new float[128 * 16];
        pairs = new float[64 * 128 * 9];
        labels = new int[64];
    }

    /** Batch 64 of V = 8, C = 128. */
    @Benchmark
    public void categoricalBatch64(Blackhole bh) {
        categorical.fill(SequenceSet.TRAINING, step++, 0, 64, tokens, null, null);
        bh.consume(tokens);
    }

    /** Batch 128 of d = 8, C = 16. */
    @Benchmark
    public void regressionBatch128(Blackhole bh) {
        regression.fill(SequenceSet.TRAINING, step++, 0, 128, xs, ys, null, null);
        bh.consume(ys);
    }

    /** Batch 64 of d = 8, C = 128. */
    @Benchmark
    public void classificationBatch64(Blackhole bh) {
        classification.fill(SequenceSet.TRAINING, step++, 0, 64, pairs, labels, null);
        bh.consume(labels);
    }
}
