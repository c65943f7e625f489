// Same inputs → same bits, whatever the JIT has done: each vector kernel family's outputs computed cold
// (interpreted, at JVM start), hot (after tens of thousands of calls) and in a child JVM run with -Xint agree bitwise.
package org.rationalicl.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Runs in its own surefire JVM (execution "kernel-determinism" in simd/pom.xml), so that "cold" really is the
 * first call of every kernel: interpreted code, where the Vector API runs its Java fallback lane by lane. The hot
 * phase then calls each family {@link #HOT_CALLS} times, enough for C2 to compile the kernels with the vector
 * intrinsics (compilation after ~5 000 calls or loop iterations; each family's helpers are called far more often),
 * and requires the very same bits. Last, a child JVM with {@code -Xint} (the fallback only, never compiled)
 * must print the same per-family hashes as this JVM, now compiled. Before LaneSum and VectorExp, reduceLanes(ADD)
 * and lanewise(EXP) made the softmax, cross-entropy, LayerNorm, GELU and attention families fail here.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KernelDeterminismTest {
    private static final int HOT_CALLS = 20_000;
    static final List<String> FAMILIES = KernelWorkout.FAMILIES;

    private static final Kernels VECTOR = new VectorKernels();
    private static final KernelWorkout WORKOUT = new KernelWorkout();
    /** Every family's output bits from the first, interpreted call of its kernels. */
    private static Map<String, int[]> cold;

    @BeforeAll
    static void runEveryKernelOnceCold() {
        cold = WORKOUT.run(VECTOR); // all families before any hot loop: the hot loops share helpers
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @FieldSource("FAMILIES")
    void coldAndHotCallsGiveIdenticalBits(String family) {
        int[] expected = cold.get(family);
        int[] hot = null;
        for (int i = 0; i < HOT_CALLS; i++) hot = WORKOUT.run(VECTOR, family);
        assertSameBits(family + ": cold (interpreted) vs after " + HOT_CALLS + " calls (compiled)", expected, hot);
    }

    @Order(2)
    @Test
    void aChildJvmRunningOnlyTheInterpreterGivesIdenticalBits() throws IOException, InterruptedException {
        // this JVM's outputs, after the hot loops above (or warmed here when this test runs alone)
        Map<String, int[]> compiled = null;
        for (int i = 0; i < (cold == null ? HOT_CALLS : 1); i++) compiled = WORKOUT.run(VECTOR);
        Map<String, String> expected = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : compiled.entrySet()) {
            expected.put(e.getKey(), e.getValue().length + " " + KernelWorkout.hash(e.getValue()));
        }
        Map<String, String> interpreted = runInterpretedChild();
        List<String> differing = new ArrayList<>();
        for (String family : FAMILIES) {
            if (!expected.get(family).equals(interpreted.get(family))) {
                differing.add(family + ": compiled " + expected.get(family) + ", -Xint " + interpreted.get(family));
            }
        }
        assertTrue(differing.isEmpty(), "families whose bits differ between this JVM and -Xint:\n  "
                + String.join("\n  ", differing));
    }

    /** Runs KernelWorkout.main in a fresh JVM with -Xint and the same kernel and width settings; family → "n hash". */
    private static Map<String, String> runInterpretedChild() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // surefire runs the tests from a manifest-only jar; its real class path is in this property
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-Xint", "--add-modules", "jdk.incubator.vector",
                "-Drationalicl.kernels=simd"));
        String bits = System.getProperty(VectorWidth.PROPERTY);
        if (bits != null) command.add("-D" + VectorWidth.PROPERTY + "=" + bits);
        command.addAll(List.of("-cp", classPath, KernelWorkout.class.getName()));
        File stderr = File.createTempFile("kernel-workout", ".err");
        try {
            Process child = new ProcessBuilder(command).redirectError(stderr).start();
            String stdout = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!child.waitFor(300, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                fail("the -Xint child JVM did not finish in 300 s");
            }
            String err = Files.readString(stderr.toPath());
            assertEquals(0, child.exitValue(), "-Xint child failed; stderr:\n" + err);
            Map<String, String> hashes = new LinkedHashMap<>();
            for (String line : stdout.strip().split("\n")) {
                String[] f = line.strip().split(" ", 2);
                if (f.length == 2) hashes.put(f[0], f[1]);
            }
            assertEquals(FAMILIES, List.copyOf(hashes.keySet()), "child output:\n" + stdout + "\nstderr:\n" + err);
            return hashes;
        } finally {
            Files.deleteIfExists(stderr.toPath());
        }
    }

    /** Fails with the first few differing positions (as floats and raw bits) and the count. */
    private static void assertSameBits(String what, int[] expected, int[] actual) {
        assertEquals(expected.length, actual.length, what + ": output length");
        StringBuilder msg = new StringBuilder();
        int bad = 0;
        double maxDiff = 0;
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] == actual[i]) continue;
            float e = Float.intBitsToFloat(expected[i]), a = Float.intBitsToFloat(actual[i]);
            maxDiff = Math.max(maxDiff, Math.abs((double) e - a));
            if (bad++ < 6) {
                msg.append(String.format("%n  [%d] %.9g (0x%08x) vs %.9g (0x%08x)", i, e, expected[i], a, actual[i]));
            }
        }
        if (bad > 0) fail(what + ": " + bad + " of " + expected.length + " values differ, max |diff| " + maxDiff + msg);
    }
}
