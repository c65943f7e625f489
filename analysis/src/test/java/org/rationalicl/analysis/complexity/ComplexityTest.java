// Complexity by compression: random floats cost about 32 bits each, a constant array almost nothing, K(M)
// grows with D while K(G) does not; the Java minifier keeps literals and token boundaries.
package org.rationalicl.analysis.complexity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ComplexityTest {

    private static float[] randomFloats(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            // Uniformly random bit patterns of finite floats: incompressible by construction.
            int bits;
            do {
                bits = r.nextInt();
            } while (!Float.isFinite(Float.intBitsToFloat(bits)));
            out[i] = Float.intBitsToFloat(bits);
        }
        return out;
    }

    @Test
    void randomFloatsCostAboutThirtyTwoBitsEach() {
        int n = 20_000;
        DescriptionLength d = Complexity.dataBits(randomFloats(1, n));
        double perValue = (double) d.bits() / n;
        assertTrue(perValue > 31.5 && perValue < 32.6, "bits per random float " + perValue + " " + d.sizesBytes());
    }

    @Test
    void constantArrayCostsAlmostNothing() {
        float[] values = new float[20_000];
        java.util.Arrays.fill(values, 0.125f);
        DescriptionLength d = Complexity.dataBits(values);
        assertTrue(d.bits() < 0.01 * 32 * values.length, "constant array costs " + d.bits() + " bits");
    }

    @Test
    void reportsEveryCodingAndTheMinimum() {
        DescriptionLength d = Complexity.dataBits(randomFloats(2, 1000));
        assertEquals(16, d.sizesBytes().size(), "4 transforms x 4 compressors: " + d.sizesBytes().keySet());
        long min = d.sizesBytes().values().stream().mapToLong(Long::longValue).min().orElseThrow();
        assertEquals(8 * min, d.bits());
        assertEquals(min, d.sizesBytes().get(d.best()));
        assertEquals(4000, d.rawBytes());
    }

    @Test
    void memorizingComplexityGrowsWithPoolSizeGeneralizingDoesNot() {
        // M stores D Dirichlet(1) task vectors over 8 symbols; G stores the prior's 8 concentration values.
        SplittableRandom r = new SplittableRandom(3);
        long previous = 0;
        for (int d : new int[] {4, 16, 64, 256, 1024}) {
            float[] pool = new float[d * 8];
            for (int i = 0; i < d; i++) {
                double sum = 0;
                for (int v = 0; v < 8; v++) {
                    pool[i * 8 + v] = (float) -Math.log(1 - r.nextDouble());
                    sum += pool[i * 8 + v];
                }
                for (int v = 0; v < 8; v++) {
                    pool[i * 8 + v] /= (float) sum;
                }
            }
            long bits = Complexity.dataBits(pool).bits();
            assertTrue(bits > previous, "K(M) data bits at D=" + d + ": " + bits + " not above " + previous);
            if (d >= 64) {
                // Roughly linear: between 16 and 33 bits per stored value once headers are amortised.
                double perValue = (double) bits / pool.length;
                assertTrue(perValue > 16 && perValue < 33, "bits per value at D=" + d + ": " + perValue);
            }
            previous = bits;
        }
        float[] prior = new float[8];
        java.util.Arrays.fill(prior, 1f);
        long generalizing = Complexity.dataBits(prior).bits();
        assertEquals(generalizing, Complexity.dataBits(prior.clone()).bits(), "K(G) depends only on the prior");
        assertTrue(generalizing < previous / 100, "K(G) " + generalizing + " vs K(M) at D=1024 " + previous);
    }

    @Test
    void minifierRemovesCommentsAndWhitespaceButKeepsLiterals() {
        String src = """
                // header comment
                package a.b;
                /* block
                   comment */
                final class X {
                    static final String S = "a // not a comment  ";
                    char c = '"';
                    int f(int x) { return x  +  1; } // trailing
                }
                """;
        assertEquals("package a.b;final class X{static final String S=\"a // not a comment  \";char c='\"';"
                + "int f(int x){return x+1;}}", Complexity.minifyJava(src));
        assertTrue(Complexity.codeBits(src).bits() > 0);
    }

    @Test
    void missingPackagedSourceIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Complexity.packagedSource("NoSuchPredictor.java"));
        assertTrue(e.getMessage().contains("/predictor-sources/NoSuchPredictor.java"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Complexity.packagedSource("../x.java"));
    }
}
