// The attention core of one (sequence, head) as a training step runs it on the GEMM path (AttentionBlock): each
// kernel call alone, and the forward and backward call sequences whole, at the regression model's T = 31 and the
// categorical model's T = 128, with the step's strides (q, k, v in rows of 3·64, the next positions' rows after them).
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rationalicl.simd.Kernels;
import org.rationalicl.simd.Rotary;

/**
 * Wall clock per call, one thread, everything cached: these calls take 0.05–10 µs, where reading the thread CPU
 * clock (~1 µs) would distort them, so quote runs of a quiet machine, from more than one fork. {@code op}: the
 * forward's rotary (q and k), q·kᵀ (scaled, lower triangle), softmax and P·v; the backward's dP = dOut·vᵀ,
 * dv = Pᵀ·dOut, softmax backward, the score scale, dq = dS·k, dk = dSᵀ·q and rotary backward (dq and dk);
 * "forward" and "backward" run their calls in the step's order.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class AttentionCoreBenchmark {
    private static final int HEAD = 64, H3 = 3 * HEAD, ROTARY = 16;

    @Param({"31", "128"})
    public int t;

    @Param({"rotary", "qk", "softmax", "pv", "dp", "dv", "softmaxBackward", "scale", "dq", "dk", "rotaryBackward",
            "forward", "backward"})
    public String op;

    private final Kernels k = Kernels.get();
    private final float scale = (float) (1 / Math.sqrt(HEAD));
    /** q of the sequence at a[0] (k at HEAD, v at 2·HEAD), t + 16 rows: the step's next positions follow it. */
    private static final int Q = 0;
    private float[] a, cos, sin;
    private int scores, probs, out, dOut, dq;
    private Runnable call;

    @Setup(Level.Trial)
    public void setUp() {
        if (!k.name().equals("simd")) {
            throw new IllegalStateException("Kernels.get() is " + k.name() + "; run with --add-modules jdk.incubator.vector");
        }
        scores = (t + 16) * H3;
        probs = scores + t * t;
        out = probs + t * t;
        dOut = out + t * HEAD;
        dq = dOut + t * HEAD;
        a = new float[dq + (t + 16) * H3];
        Random random = new Random(31);
        for (int i = 0; i < a.length; i++) a[i] = (random.nextFloat() - 0.5f) * 0.4f;
        cos = new float[t * ROTARY / 2];
        sin = new float[t * ROTARY / 2];
        Rotary.tables(cos, sin, t, ROTARY, 10000);
        forward(); // valid probabilities for the backward's calls
        call = switch (op) {
            case "rotary" -> this::rotary;
            case "qk" -> this::qk;
            case "softmax" -> this::softmax;
            case "pv" -> this::pv;
            case "dp" -> this::dp;
            case "dv" -> this::dv;
            case "softmaxBackward" -> this::softmaxBackward;
            case "scale" -> () -> scaleScores(1f); // 1: the scores stay the same call after call
            case "dq" -> this::dq;
            case "dk" -> this::dk;
            case "rotaryBackward" -> this::rotaryBackward;
            case "forward" -> this::forward;
            case "backward" -> this::backward;
            default -> throw new IllegalArgumentException("unknown op '" + op + "'");
        };
    }

    private void rotary() {
        k.rotaryForward(a, Q, H3, cos, sin, t, ROTARY);
        k.rotaryForward(a, Q + HEAD, H3, cos, sin, t, ROTARY);
    }

    private void qk() {
        k.gemmLowerABt(a, scores, t, a, Q, H3, a, Q + HEAD, H3, scale, t, HEAD);
    }

    private void softmax() {
        k.softmaxForward(a, probs, a, scores, t, t, t, true, 0);
    }

    private void pv() {
        k.gemmLowerA(a, out, HEAD, a, probs, t, a, Q + 2 * HEAD, H3, t, HEAD);
    }

    private void dp() {
        k.gemmLowerABt(a, scores, t, a, dOut, HEAD, a, Q + 2 * HEAD, H3, 1f, t, HEAD);
    }

    private void dv() {
        k.gemmLowerAtB(a, dq + 2 * HEAD, H3, a, probs, t, a, dOut, HEAD, t, HEAD);
    }

    private void softmaxBackward() {
        k.softmaxBackward(a, scores, a, probs, a, scores, t, t, t, true, 0);
    }

    private void scaleScores(float factor) {
        k.scale(a, scores, t * t, factor);
    }

    private void dq() {
        k.gemmLowerA(a, dq, H3, a, scores, t, a, Q + HEAD, H3, t, HEAD);
    }

    private void dk() {
        k.gemmLowerAtB(a, dq + HEAD, H3, a, scores, t, a, Q, H3, t, HEAD);
    }

    private void rotaryBackward() {
        k.rotaryBackward(a, dq, H3, cos, sin, t, ROTARY);
        k.rotaryBackward(a, dq + HEAD, H3, cos, sin, t, ROTARY);
    }

    /** AttentionBlock.attentionForward's calls for one (sequence, head). */
    private void forward() {
        rotary();
        qk();
        softmax();
        pv();
    }

    /** AttentionBlock.attentionBackward's calls for one (sequence, head). */
    private void backward() {
        dp();
        dv();
        softmaxBackward();
        scaleScores(scale);
        dq();
        dk();
        rotaryBackward();
    }

    @Benchmark
    public float[] core() {
        call.run();
        return a;
    }
}
