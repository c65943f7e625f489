// The parts of the Kernels contract that are not arithmetic: every array argument is validated before any work
// (the exception names it and nothing has been written), and the documented in-place (aliasing) uses work.
package org.rationalicl.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rationalicl.simd.Compare.assertSameBits;
import static org.rationalicl.simd.Compare.uniform;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KernelContractTest {
    static List<Kernels> implementations() {
        return List.of(new ScalarKernels(), new VectorKernels());
    }

    /** A kernel call on the arrays a[0..], which have exactly the lengths the call needs. */
    private interface Call {
        void run(float[][] a);
    }

    private record Case(String kernel, String[] names, int[] lengths, Call call) {}

    private static final int R = 5, C = 19, D = 19, N = 37, T = 6, HD = 18, P = 4, ROT = 6;
    private static final int[] TARGETS = {0, 3, -1, 18, 7};

    private static List<Case> cases(Kernels k) {
        List<Case> c = new ArrayList<>();
        c.add(new Case("softmaxForward", new String[] {"out", "in"}, new int[] {R * C, R * C},
                a -> k.softmaxForward(a[0], 0, a[1], 0, C, R, C, true, 0)));
        c.add(new Case("softmaxBackward", new String[] {"dIn", "probs", "dOut"}, new int[] {R * C, R * C, R * C},
                a -> k.softmaxBackward(a[0], 0, a[1], 0, a[2], 0, C, R, C, false, 0)));
        c.add(new Case("logSoftmax", new String[] {"out", "in"}, new int[] {R * C, R * C},
                a -> k.logSoftmax(a[0], 0, a[1], 0, C, R, C)));
        c.add(new Case("crossEntropy", new String[] {"dLogits", "logits"}, new int[] {R * C, R * C},
                a -> k.crossEntropy(a[0], 0, a[1], 0, C, TARGETS, 0, R, C, 0.5f)));
        c.add(new Case("layerNormForward", new String[] {"out", "mean", "rstd", "in", "weight", "bias"},
                new int[] {R * D, R, R, R * D, D, D},
                a -> k.layerNormForward(a[0], 0, a[1], 0, a[2], 0, a[3], 0, a[4], 0, a[5], 0, R, D, 1e-5f)));
        c.add(new Case("layerNormBackward",
                new String[] {"dIn", "dWeight", "dBias", "dOut", "in", "mean", "rstd", "weight"},
                new int[] {R * D, D, D, R * D, R * D, R, R, D},
                a -> k.layerNormBackward(a[0], 0, a[1], 0, a[2], 0, a[3], 0, a[4], 0, a[5], 0, a[6], 0, a[7], 0, R, D)));
        c.add(new Case("geluForward", new String[] {"out", "in"}, new int[] {N, N},
                a -> k.geluForward(a[0], 0, a[1], 0, N)));
        c.add(new Case("geluBackward", new String[] {"dIn", "in", "dOut"}, new int[] {N, N, N},
                a -> k.geluBackward(a[0], 0, a[1], 0, a[2], 0, N)));
        int stride = ROT + 3;
        c.add(new Case("rotaryForward", new String[] {"x", "cos", "sin"},
                new int[] {(P - 1) * stride + ROT, P * ROT / 2, P * ROT / 2},
                a -> k.rotaryForward(a[0], 0, stride, a[1], a[2], P, ROT)));
        c.add(new Case("rotaryBackward", new String[] {"x", "cos", "sin"},
                new int[] {(P - 1) * stride + ROT, P * ROT / 2, P * ROT / 2},
                a -> k.rotaryBackward(a[0], 0, stride, a[1], a[2], P, ROT)));
        int qkv = 3 * HD, rows = (T - 1) * qkv + HD;
        c.add(new Case("attentionForward", new String[] {"out", "probs", "q", "k", "v"},
                new int[] {T * HD, T * T, rows, rows, rows},
                a -> k.attentionForward(a[0], 0, HD, a[1], 0, a[2], 0, a[3], 0, a[4], 0, qkv, T, HD, 0.25f)));
        c.add(new Case("attentionBackward",
                new String[] {"dq", "dk", "dv", "scratch", "dOut", "probs", "q", "k", "v"},
                new int[] {rows, rows, rows, T, T * HD, T * T, rows, rows, rows},
                a -> k.attentionBackward(a[0], 0, a[1], 0, a[2], 0, qkv, a[3], 0, a[4], 0, HD, a[5], 0,
                        a[6], 0, a[7], 0, a[8], 0, qkv, T, HD, 0.25f)));
        c.add(new Case("adamw", new String[] {"param", "grad", "m", "v"}, new int[] {N, N, N, N},
                a -> k.adamw(a[0], 0, a[1], 0, a[2], 0, a[3], 0, N, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.1f, 0.1f, 0.001f)));
        c.add(new Case("sumOfSquares", new String[] {"x"}, new int[] {N}, a -> k.sumOfSquares(a[0], 0, N)));
        c.add(new Case("scale", new String[] {"x"}, new int[] {N}, a -> k.scale(a[0], 0, N, 2f)));
        c.add(new Case("axpy", new String[] {"y", "x"}, new int[] {N, N}, a -> k.axpy(a[0], 0, 2f, a[1], 0, N)));
        c.add(new Case("add", new String[] {"out", "a", "b"}, new int[] {N, N, N},
                a -> k.add(a[0], 0, a[1], 0, a[2], 0, N)));
        c.add(new Case("transpose", new String[] {"dst", "src"}, new int[] {R * C, R * C},
                a -> k.transpose(a[0], 0, a[1], 0, R, C)));
        return c;
    }

    private static float[][] arrays(Random rnd, int[] lengths) {
        float[][] a = new float[lengths.length][];
        for (int i = 0; i < lengths.length; i++) a[i] = uniform(rnd, lengths[i], 0.1, 1); // positive: valid rstd, v
        return a;
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void theExactLengthsAreAccepted(Kernels k) {
        Random rnd = new Random(41);
        for (Case c : cases(k)) c.call.run(arrays(rnd, c.lengths));
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void aShortOrMissingArrayIsNamedAndNothingIsWritten(Kernels k) {
        Random rnd = new Random(42);
        for (Case c : cases(k)) {
            for (int bad = 0; bad < c.names.length; bad++) {
                for (boolean missing : new boolean[] {false, true}) {
                    if (missing && c.kernel.equals("crossEntropy") && c.names[bad].equals("dLogits")) continue; // optional
                    float[][] a = arrays(rnd, c.lengths);
                    a[bad] = missing ? null : new float[c.lengths[bad] - 1];
                    float[][] before = new float[a.length][];
                    for (int i = 0; i < a.length; i++) before[i] = a[i] == null ? null : a[i].clone();
                    String what = k.name() + " " + c.kernel + " with " + (missing ? "null " : "short ") + c.names[bad];
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.call.run(a), what);
                    assertTrue(e.getMessage().startsWith(c.names[bad] + (missing ? " is null" : ":")),
                            what + ": message \"" + e.getMessage() + "\" does not start with the argument's name");
                    for (int i = 0; i < a.length; i++) {
                        assertArrayEquals(before[i], a[i], what + ": " + c.names[i] + " was written before validation");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void aTargetOutOfRangeIsRejectedBeforeAnyRowIsWritten(Kernels k) {
        float[] logits = uniform(new Random(43), R * C, -1, 1);
        float[] dLogits = new float[R * C];
        int[] targets = {1, 2, 3, 4, C}; // the last row is bad
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> k.crossEntropy(dLogits, 0, logits, 0, C, targets, 0, R, C, 1f));
        assertTrue(e.getMessage().startsWith("targets[4] = " + C), e.getMessage());
        assertArrayEquals(new float[R * C], dLogits, "rows before the bad target were written");
        IllegalArgumentException shortTargets = assertThrows(IllegalArgumentException.class,
                () -> k.crossEntropy(dLogits, 0, logits, 0, C, new int[R - 1], 0, R, C, 1f));
        assertTrue(shortTargets.getMessage().startsWith("targets:"), shortTargets.getMessage());
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void badShapesAreNamed(Kernels k) {
        float[] a = new float[64];
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
                () -> k.rotaryForward(a, 0, 8, a, a, 2, 5));
        assertTrue(odd.getMessage().startsWith("rotaryDim"), odd.getMessage());
        IllegalArgumentException negT = assertThrows(IllegalArgumentException.class,
                () -> k.attentionForward(a, 0, 4, a, 0, a, 0, a, 0, a, 0, 4, -1, 4, 1f));
        assertTrue(negT.getMessage().startsWith("T"), negT.getMessage());
        IllegalArgumentException ld = assertThrows(IllegalArgumentException.class,
                () -> k.softmaxForward(a, 0, a, 0, 3, 2, 4, false, 0));
        assertTrue(ld.getMessage().startsWith("out: leading dimension"), ld.getMessage());
    }

    // ---------------------------------------------------------------- aliasing: in place = out of place

    @ParameterizedTest
    @MethodSource("implementations")
    void inPlaceUsesGiveTheSameBitsAsSeparateBuffers(Kernels k) {
        Random rnd = new Random(44);
        int off = 3, n = off + R * C;
        float[] x = uniform(rnd, n, -4, 4), g = uniform(rnd, n, -1, 1);

        float[] sep = new float[n], in = x.clone();
        k.softmaxForward(sep, off, x, off, C, R, C, true, 2);
        k.softmaxForward(in, off, in, off, C, R, C, true, 2);
        assertSameBits(k.name() + " softmaxForward out = in", sep, in, off, R * C);

        float[] p = sep, dIn = new float[n], dInPlace = g.clone();
        k.softmaxBackward(dIn, off, p, off, g, off, C, R, C, true, 2);
        k.softmaxBackward(dInPlace, off, p, off, dInPlace, off, C, R, C, true, 2);
        assertSameBits(k.name() + " softmaxBackward dIn = dOut", dIn, dInPlace, off, R * C);

        sep = new float[n];
        in = x.clone();
        k.logSoftmax(sep, off, x, off, C, R, C);
        k.logSoftmax(in, off, in, off, C, R, C);
        assertSameBits(k.name() + " logSoftmax out = in", sep, in, off, R * C);

        int[] targets = new int[off + R];
        for (int r = 0; r < R; r++) targets[off + r] = TARGETS[r];
        sep = new float[n];
        in = x.clone();
        double lossSep = k.crossEntropy(sep, off, x, off, C, targets, off, R, C, 0.25f);
        double lossIn = k.crossEntropy(in, off, in, off, C, targets, off, R, C, 0.25f);
        assertEquals(lossSep, lossIn, 0.0, k.name() + " crossEntropy loss, dLogits = logits");
        assertSameBits(k.name() + " crossEntropy dLogits = logits", sep, in, off, R * C);

        sep = new float[n];
        in = x.clone();
        k.geluForward(sep, off, x, off, R * C);
        k.geluForward(in, off, in, off, R * C);
        assertSameBits(k.name() + " geluForward out = in", sep, in, off, R * C);

        dIn = new float[n];
        dInPlace = g.clone();
        k.geluBackward(dIn, off, x, off, g, off, R * C);
        k.geluBackward(dInPlace, off, x, off, dInPlace, off, R * C);
        assertSameBits(k.name() + " geluBackward dIn = dOut", dIn, dInPlace, off, R * C);

        sep = new float[n];
        float[] outA = x.clone(), outB = g.clone();
        k.add(sep, off, x, off, g, off, R * C);
        k.add(outA, off, outA, off, g, off, R * C);
        k.add(outB, off, x, off, outB, off, R * C);
        assertSameBits(k.name() + " add out = a", sep, outA, off, R * C);
        assertSameBits(k.name() + " add out = b", sep, outB, off, R * C);

        float[] y = x.clone(), ySep = x.clone();
        k.axpy(ySep, off, 0.5f, x, off, R * C);
        k.axpy(y, off, 0.5f, y, off, R * C);
        assertSameBits(k.name() + " axpy y = x", ySep, y, off, R * C);
    }
}
