// The memorizing predictors at the sizes of a paper run: categorical D = 4096, V = 8, C = 128 and regression
// D = 4096, d = 8, C = 16, each over 500 evaluation sequences, with the Vector API kernels and their scalar twin.
package org.rationalicl.jmh;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rationalicl.analysis.predictors.CategoricalPredictors;
import org.rationalicl.analysis.predictors.RegressionPredictors;

/**
 * Run: {@code java -jar jmh/target/benchmarks.jar PredictorBenchmark}. Each call uses every core (the
 * predictors split the sequences over the common fork-join pool). {@code kernels} picks the implementation, as
 * -Drationalicl.kernels does; it is set before any predictor class loads, so each fork measures one of them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
public class PredictorBenchmark {

    static final int POOL = 4096;
    static final int SEQUENCES = 500;

    @Param({"simd", "scalar"})
    public String kernels;

    CategoricalPredictors categorical;
    int[] tokens;                 // (S, C+1)
    static final int VOCAB = 8, CAT_CONTEXT = 128;

    RegressionPredictors regression;
    float[] xs;                   // (S, C, d)
    float[] ys;                   // (S, C)
    static final int DIM = 8, REG_CONTEXT = 16;

    @Setup
    public void setUp() {
        System.setProperty("rationalicl.kernels", kernels);
        Random rng = new Random(20250617);
        float[] pool = new float[POOL * VOCAB]; // Dirichlet(1): normalised Exp(1) draws
        for (int j = 0; j < POOL; j++) {
            double sum = 0;
            for (int k = 0; k < VOCAB; k++) sum += pool[j * VOCAB + k] = (float) -Math.log(1 - rng.nextDouble());
            for (int k = 0; k < VOCAB; k++) pool[j * VOCAB + k] /= (float) sum;
        }
        categorical = new CategoricalPredictors(pool, POOL, VOCAB);
        tokens = new int[SEQUENCES * (CAT_CONTEXT + 1)];
        for (int s = 0; s < SEQUENCES; s++) {
            int task = rng.nextInt(POOL);
            tokens[s * (CAT_CONTEXT + 1)] = VOCAB;
            for (int t = 1; t <= CAT_CONTEXT; t++) {
                double u = rng.nextDouble(), c = 0;
                int x = VOCAB - 1;
                for (int k = 0; k < VOCAB - 1; k++) {
                    c += pool[task * VOCAB + k];
                    if (u < c) {
                        x = k;
                        break;
                    }
                }
                tokens[s * (CAT_CONTEXT + 1) + t] = x;
            }
        }

        float[] weights = new float[POOL * DIM];
        for (int i = 0; i < weights.length; i++) weights[i] = (float) rng.nextGaussian();
        double sigma2 = RegressionPredictors.defaultNoiseVariance(DIM);
        regression = new RegressionPredictors(weights, POOL, DIM, sigma2);
        xs = new float[SEQUENCES * REG_CONTEXT * DIM];
        ys = new float[SEQUENCES * REG_CONTEXT];
        for (int s = 0; s < SEQUENCES; s++) {
            int task = rng.nextInt(POOL);
            for (int t = 0; t < REG_CONTEXT; t++) {
                int i = s * REG_CONTEXT + t;
                double y = 0;
                for (int k = 0; k < DIM; k++) {
                    xs[i * DIM + k] = (float) rng.nextGaussian();
                    y += xs[i * DIM + k] * weights[task * DIM + k];
                }
                ys[i] = (float) (y + Math.sqrt(sigma2) * rng.nextGaussian());
            }
        }
        check();
    }

    /** The measured code must produce distributions (categorical) and finite predictions (regression). */
    private void check() {
        String used = org.rationalicl.simd.Kernels.get().name(); // the posterior kernels follow this choice
        if (!used.equals(kernels)) throw new IllegalStateException("asked for " + kernels + " kernels, got " + used);
        float[] m = categoricalMemorizing();
        for (int i = 0; i < SEQUENCES * CAT_CONTEXT; i++) {
            double sum = 0;
            for (int k = 0; k < VOCAB; k++) sum += m[i * VOCAB + k];
            if (!(Math.abs(sum - 1) < 1e-5)) throw new IllegalStateException("categorical M row " + i + " sums to " + sum);
        }
        for (float y : regressionMemorizing()) {
            if (!Float.isFinite(y)) throw new IllegalStateException("regression M produced " + y);
        }
    }

    @Benchmark
    public float[] categoricalMemorizing() {
        return categorical.memorizing(tokens, SEQUENCES, CAT_CONTEXT);
    }

    @Benchmark
    public float[] regressionMemorizing() {
        return regression.memorizing(xs, ys, SEQUENCES, REG_CONTEXT);
    }
}
