// Scalar/vector pairs of the row, element-wise, attention and optimiser kernels at the shapes one training step
// of the default model uses (batch 64 × length 129 = 8256 rows, hidden 64, MLP 256, 9 classes, one head of 64).
package org.rationalicl.jmh;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rationalicl.simd.Kernels;
import org.rationalicl.simd.Rotary;
import org.rationalicl.simd.ScalarKernels;

/**
 * One call per benchmark invocation, one thread. Shapes: softmax over the causal 129×129 attention matrix of one
 * head, and over the regression model's 31×31; LayerNorm over 8256×64 (its backward also as the step calls it,
 * adding into a residual gradient); GELU over 8256×256 (the MLP's hidden activations), also as the step runs it:
 * fused with its derivative forward, with fc1's bias gradient backward; cross-entropy over 8256×9
 * with its gradient; rotary on the q rows (stride 192 = 3·64, 16 rotary dims) of one 129-token sequence;
 * attention forward/backward for one sequence and head (T 129, headDim 64, rows [q|k|v] of stride 192); AdamW
 * on 50 000 parameters; the transpose of a 256 × 64 weight (once a step per Linear). The setup runs both
 * implementations once and fails if they disagree beyond a tolerance (the unit tests hold far tighter bounds; this
 * only guards against benchmarking a broken build).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class RowKernelsBenchmark {
    static final int ROWS = 8256, HIDDEN = 64, MLP = 256, CLASSES = 9, T = 129, HEAD = 64, QKV = 3 * HEAD;
    static final int ROTARY = 16, PARAMS = 50_000, T_SHORT = 31;

    private final Kernels scalar = new ScalarKernels();
    private final Kernels vector = Kernels.get();

    // softmax (T, T)
    private float[] scores, probs, dProbs, dScores;
    // LayerNorm (ROWS, HIDDEN)
    private float[] lnIn, lnOut, lnW, lnB, lnMean, lnRstd, lnDOut, lnDIn, lnDW, lnDB;
    // GELU (ROWS, MLP)
    private float[] geluIn, geluOut, geluDOut, geluDIn, geluDeriv, geluDBias;
    // softmax of the regression model's attention (T_SHORT, T_SHORT)
    private float[] shortScores, shortProbs;
    // cross-entropy (ROWS, CLASSES)
    private float[] logits, dLogits;
    private int[] targets;
    // rotary, attention: qkv (T, 3·HEAD), out (T, HEAD), attnProbs (T, T)
    private float[] rotX, cos, sin, qkv, attnOut, attnProbs, attnDOut, dQkv, scratch;
    private final float scale = (float) (1 / Math.sqrt(HEAD));
    // AdamW (PARAMS)
    private float[] param, grad, m, v;
    // the once-a-step weight transpose of an fc1 weight (MLP, HIDDEN) → (HIDDEN, MLP)
    private float[] weight, weightT;

    @Setup(Level.Trial)
    public void setUp() {
        if (!vector.name().equals("simd")) {
            throw new IllegalStateException("Kernels.get() is " + vector.name()
                    + "; run with --add-modules jdk.incubator.vector");
        }
        Random rnd = new Random(42);
        scores = random(rnd, T * T, 4);
        probs = new float[T * T];
        dProbs = random(rnd, T * T, 1);
        dScores = new float[T * T];
        lnIn = random(rnd, ROWS * HIDDEN, 2);
        lnOut = new float[ROWS * HIDDEN];
        lnW = random(rnd, HIDDEN, 1);
        lnB = random(rnd, HIDDEN, 1);
        lnMean = new float[ROWS];
        lnRstd = new float[ROWS];
        lnDOut = random(rnd, ROWS * HIDDEN, 1);
        lnDIn = new float[ROWS * HIDDEN];
        lnDW = new float[HIDDEN];
        lnDB = new float[HIDDEN];
        geluIn = random(rnd, ROWS * MLP, 4);
        geluOut = new float[ROWS * MLP];
        geluDOut = random(rnd, ROWS * MLP, 1);
        geluDIn = new float[ROWS * MLP];
        geluDeriv = new float[ROWS * MLP];
        geluDBias = new float[MLP];
        shortScores = random(rnd, T_SHORT * T_SHORT, 4);
        shortProbs = new float[T_SHORT * T_SHORT];
        logits = random(rnd, ROWS * CLASSES, 3);
        dLogits = new float[ROWS * CLASSES];
        targets = new int[ROWS];
        for (int i = 0; i < ROWS; i++) targets[i] = rnd.nextInt(CLASSES);
        cos = new float[T * ROTARY / 2];
        sin = new float[T * ROTARY / 2];
        Rotary.tables(cos, sin, T, ROTARY, 10000);
        qkv = random(rnd, T * QKV, 1);
        rotX = qkv.clone();
        attnOut = new float[T * HEAD];
        attnProbs = new float[T * T];
        attnDOut = random(rnd, T * HEAD, 1);
        dQkv = new float[T * QKV];
        scratch = new float[T];
        param = random(rnd, PARAMS, 1);
        grad = random(rnd, PARAMS, 1e-2);
        m = new float[PARAMS];
        v = new float[PARAMS];
        weight = random(rnd, MLP * HIDDEN, 1);
        weightT = new float[MLP * HIDDEN];
        checkVectorAgainstScalar();
    }

    private static float[] random(Random rnd, int n, double amplitude) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (amplitude * (2 * rnd.nextDouble() - 1));
        return a;
    }

    /** Both implementations on the benchmark's data: |vector − scalar| ≤ 1e-4 · (1 + |scalar|) everywhere. */
    private void checkVectorAgainstScalar() {
        compare("softmaxForward", () -> softmaxForward(scalar), () -> softmaxForward(vector), () -> probs);
        compare("softmaxBackward", () -> softmaxBackward(scalar), () -> softmaxBackward(vector), () -> dScores);
        compare("layerNormForward", () -> layerNormForward(scalar), () -> layerNormForward(vector), () -> lnOut);
        compare("layerNormBackward", () -> layerNormBackward(scalar), () -> layerNormBackward(vector), () -> lnDIn);
        compare("geluForward", () -> geluForward(scalar), () -> geluForward(vector), () -> geluOut);
        compare("geluBackward", () -> geluBackward(scalar), () -> geluBackward(vector), () -> geluDIn);
        compare("geluForwardWithDerivative", () -> geluForwardWithDerivative(scalar),
                () -> geluForwardWithDerivative(vector), () -> geluDeriv);
        compare("geluBackwardWithBias", () -> geluBackwardWithBias(scalar), () -> geluBackwardWithBias(vector),
                () -> geluDIn);
        compare("softmaxForward 31", () -> softmaxShort(scalar), () -> softmaxShort(vector), () -> shortProbs);
        compare("crossEntropy", () -> crossEntropy(scalar), () -> crossEntropy(vector), () -> dLogits);
        compare("attentionForward", () -> attentionForward(scalar), () -> attentionForward(vector), () -> attnOut);
        compare("attentionBackward", () -> attentionBackward(scalar), () -> attentionBackward(vector), () -> dQkv);
        float[] x = qkv.clone(), y = qkv.clone();
        scalar.rotaryForward(x, 0, QKV, cos, sin, T, ROTARY);
        vector.rotaryForward(y, 0, QKV, cos, sin, T, ROTARY);
        check("rotaryForward", x, y);
        float[] p = param.clone(), mm = m.clone(), vv = v.clone();
        scalar.adamw(p, 0, grad, 0, mm, 0, vv, 0, PARAMS, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, 0.1f, 0.001f);
        float[] p2 = param.clone(), mm2 = m.clone(), vv2 = v.clone();
        vector.adamw(p2, 0, grad, 0, mm2, 0, vv2, 0, PARAMS, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, 0.1f, 0.001f);
        check("adamw", p, p2);
        compare("transpose", () -> scalar.transpose(weightT, 0, weight, 0, MLP, HIDDEN),
                () -> vector.transpose(weightT, 0, weight, 0, MLP, HIDDEN), () -> weightT);
    }

    private interface Result {
        float[] get();
    }

    private static void compare(String name, Runnable runScalar, Runnable runVector, Result result) {
        runScalar.run();
        float[] expected = result.get().clone();
        runVector.run();
        check(name, expected, result.get());
    }

    private static void check(String name, float[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= 1e-4 * (1 + Math.abs(expected[i])))) {
                throw new IllegalStateException(name + ": vector " + actual[i] + " vs scalar " + expected[i] + " at " + i);
            }
        }
    }

    // ---------------------------------------------------------------- the kernels, one call each

    private void softmaxForward(Kernels k) {
        k.softmaxForward(probs, 0, scores, 0, T, T, T, true, 0);
    }

    private void softmaxBackward(Kernels k) {
        k.softmaxBackward(dScores, 0, probs, 0, dProbs, 0, T, T, T, true, 0);
    }

    private void layerNormForward(Kernels k) {
        k.layerNormForward(lnOut, 0, lnMean, 0, lnRstd, 0, lnIn, 0, lnW, 0, lnB, 0, ROWS, HIDDEN, 1e-5f);
    }

    private void layerNormBackward(Kernels k) {
        k.layerNormBackward(lnDIn, 0, lnDW, 0, lnDB, 0, lnDOut, 0, lnIn, 0, lnMean, 0, lnRstd, 0, lnW, 0, ROWS, HIDDEN);
    }

    private void layerNormBackwardAdd(Kernels k) {
        k.layerNormBackward(lnDIn, 0, lnDW, 0, lnDB, 0, lnDOut, 0, lnIn, 0, lnMean, 0, lnRstd, 0, lnW, 0, ROWS, HIDDEN,
                true);
    }

    private void geluForwardWithDerivative(Kernels k) {
        k.geluForwardWithDerivative(geluOut, 0, geluDeriv, 0, geluIn, 0, ROWS * MLP);
    }

    private void geluBackwardWithBias(Kernels k) {
        k.geluBackwardWithBias(geluDIn, 0, geluDBias, 0, geluDeriv, 0, geluDOut, 0, ROWS, MLP);
    }

    private void softmaxShort(Kernels k) {
        k.softmaxForward(shortProbs, 0, shortScores, 0, T_SHORT, T_SHORT, T_SHORT, true, 0);
    }

    private void geluForward(Kernels k) {
        k.geluForward(geluOut, 0, geluIn, 0, ROWS * MLP);
    }

    private void geluBackward(Kernels k) {
        k.geluBackward(geluDIn, 0, geluIn, 0, geluDOut, 0, ROWS * MLP);
    }

    private double crossEntropy(Kernels k) {
        return k.crossEntropy(dLogits, 0, logits, 0, CLASSES, targets, 0, ROWS, CLASSES, 1f / ROWS);
    }

    private void attentionForward(Kernels k) {
        k.attentionForward(attnOut, 0, HEAD, attnProbs, 0, qkv, 0, qkv, HEAD, qkv, 2 * HEAD, QKV, T, HEAD, scale);
    }

    private void attentionBackward(Kernels k) {
        k.attentionBackward(dQkv, 0, dQkv, HEAD, dQkv, 2 * HEAD, QKV, scratch, 0, attnDOut, 0, HEAD, attnProbs, 0,
                qkv, 0, qkv, HEAD, qkv, 2 * HEAD, QKV, T, HEAD, scale);
    }

    private void adamw(Kernels k) {
        k.adamw(param, 0, grad, 0, m, 0, v, 0, PARAMS, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, 0.1f, 0.001f);
    }

    // ---------------------------------------------------------------- benchmarks

    @Benchmark public float[] softmaxCausal129Scalar() { softmaxForward(scalar); return probs; }
    @Benchmark public float[] softmaxCausal129Vector() { softmaxForward(vector); return probs; }
    @Benchmark public float[] softmaxBackwardCausal129Scalar() { softmaxBackward(scalar); return dScores; }
    @Benchmark public float[] softmaxBackwardCausal129Vector() { softmaxBackward(vector); return dScores; }
    @Benchmark public float[] layerNormForwardScalar() { layerNormForward(scalar); return lnOut; }
    @Benchmark public float[] layerNormForwardVector() { layerNormForward(vector); return lnOut; }
    @Benchmark public float[] layerNormBackwardScalar() { layerNormBackward(scalar); return lnDIn; }
    @Benchmark public float[] layerNormBackwardVector() { layerNormBackward(vector); return lnDIn; }
    @Benchmark public float[] geluForwardScalar() { geluForward(scalar); return geluOut; }
    @Benchmark public float[] geluForwardVector() { geluForward(vector); return geluOut; }
    @Benchmark public float[] geluBackwardScalar() { geluBackward(scalar); return geluDIn; }
    @Benchmark public float[] geluBackwardVector() { geluBackward(vector); return geluDIn; }
    @Benchmark public float[] layerNormBackwardAddScalar() { layerNormBackwardAdd(scalar); return lnDIn; }
    @Benchmark public float[] layerNormBackwardAddVector() { layerNormBackwardAdd(vector); return lnDIn; }
    @Benchmark public float[] geluForwardWithDerivativeScalar() { geluForwardWithDerivative(scalar); return geluDeriv; }
    @Benchmark public float[] geluForwardWithDerivativeVector() { geluForwardWithDerivative(vector); return geluDeriv; }
    @Benchmark public float[] geluBackwardWithBiasScalar() { geluBackwardWithBias(scalar); return geluDIn; }
    @Benchmark public float[] geluBackwardWithBiasVector() { geluBackwardWithBias(vector); return geluDIn; }
    @Benchmark public float[] softmaxCausal31Scalar() { softmaxShort(scalar); return shortProbs; }
    @Benchmark public float[] softmaxCausal31Vector() { softmaxShort(vector); return shortProbs; }
    @Benchmark public double crossEntropyScalar() { return crossEntropy(scalar); }
    @Benchmark public double crossEntropyVector() { return crossEntropy(vector); }
    @Benchmark public float[] attentionForwardScalar() { attentionForward(scalar); return attnOut; }
    @Benchmark public float[] attentionForwardVector() { attentionForward(vector); return attnOut; }
    @Benchmark public float[] attentionBackwardScalar() { attentionBackward(scalar); return dQkv; }
    @Benchmark public float[] attentionBackwardVector() { attentionBackward(vector); return dQkv; }
    @Benchmark public float[] adamwScalar() { adamw(scalar); return param; }
    @Benchmark public float[] adamwVector() { adamw(vector); return param; }

    @Benchmark
    public float[] rotaryScalar() {
        scalar.rotaryForward(rotX, 0, QKV, cos, sin, T, ROTARY); // a rotation: values stay bounded call after call
        return rotX;
    }

    @Benchmark
    public float[] rotaryVector() {
        vector.rotaryForward(rotX, 0, QKV, cos, sin, T, ROTARY);
        return rotX;
    }

    @Benchmark
    public float[] transposeScalar() {
        scalar.transpose(weightT, 0, weight, 0, MLP, HIDDEN);
        return weightT;
    }

    @Benchmark
    public float[] transposeVector() {
        vector.transpose(weightT, 0, weight, 0, MLP, HIDDEN);
        return weightT;
    }
}
