// Fails when the build expected the Vector API kernels and got the scalar ones (or the reverse), so a
// misconfigured JVM never silently compares scalar with scalar.
package org.rationalicl.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class KernelSelectionTest {

    @Test
    void theChosenImplementationIsTheExpectedOne() {
        String expected = System.getProperty("rationalicl.kernels.expected", "simd");
        assertEquals(expected, Kernels.get().name(),
                "kernel implementation in use; is --add-modules jdk.incubator.vector on the JVM command line?");
    }

    @Test
    void scalarCanAlwaysBeForced() {
        assertEquals("scalar", KernelProvider.choose("scalar").name());
    }

    @Test
    void anUnknownChoiceIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelProvider.choose("gpu"));
        assertEquals(true, e.getMessage().contains("scalar, simd, auto"));
    }
}
