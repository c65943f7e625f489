// One whole training step (forward, backward, reduction, clipping, AdamW) of the categorical default
// (V 8, C 128, H 64, 1 layer, 1 head, batch 64) at 1 and 2 threads; the peer is ../shared/peers/torch_neox.py.
// The batch's tokens are drawn once in setup and copied in each step, as the peer samples outside its clock.
// Long warm-up: the Vector API kernels allocate until C2 has compiled them, and -prof gc should see the steady state.
package org.rationalicl.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.rationalicl.train.BatchSource;
import org.rationalicl.train.Head;
import org.rationalicl.train.Model;
import org.rationalicl.train.ModelConfig;
import org.rationalicl.train.Trainer;

@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10, time = 3)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseG1GC", "-XX:G1HeapRegionSize=1m"})
public class TrainingStepBenchmark {

    @Param({"1", "2"})
    public int threads;

    @Param({"4"})
    public double mlpFactor;

    static final int VOCAB = 8, CONTEXT = 128, BATCH = 64;

    private Trainer trainer;
    private BatchSource source;

    @Setup(Level.Trial)
    public void setup() {
        ModelConfig config = new ModelConfig(Head.CATEGORICAL, VOCAB, VOCAB, CONTEXT, 64, 1, 1, mlpFactor, 0.25, 10000);
        Model model = new Model(config);
        trainer = new Trainer(model, BATCH, threads);
        model.initialize(trainer.parameters(), 0);
        source = BatchSource.fixed(config, BATCH);
        // sanity: a step runs and gives a finite loss near ln 9 at init
        trainer.trainStep(source, 5e-4, 1.0);
        if (!(Math.abs(trainer.lastLoss() - Math.log(VOCAB + 1)) < 0.5)) {
            throw new IllegalStateException("unexpected initial loss " + trainer.lastLoss());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        trainer.close();
    }

    @Benchmark
    public double trainStep() {
        trainer.trainStep(source, 5e-4, 1.0);
        return trainer.lastLoss();
    }
}
