// The float vector species of the Vector API kernels: the machine's preferred width, or the width forced with
// -Drationalicl.vector.bits=128|256|512 (to exercise narrow shapes on a wide machine). Read once, at start-up.
package org.rationalicl.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

final class VectorWidth {
    static final String PROPERTY = "rationalicl.vector.bits";
    /** A static final, so that C2 sees a constant species and compiles the vector code to SIMD instructions. */
    static final VectorSpecies<Float> FLOATS = choose(System.getProperty(PROPERTY, ""));

    private VectorWidth() {}

    static VectorSpecies<Float> choose(String bits) {
        switch (bits) {
            case "":
                return FloatVector.SPECIES_PREFERRED;
            case "128":
                return FloatVector.SPECIES_128;
            case "256":
                return FloatVector.SPECIES_256;
            case "512":
                return FloatVector.SPECIES_512;
            default:
                throw new IllegalArgumentException("-D" + PROPERTY + "=" + bits + ": expected 128, 256 or 512");
        }
    }
}
