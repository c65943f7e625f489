// Chooses the kernel implementation once, at class initialisation: the Vector API when it is usable,
// else the scalar twin with a single warning. -Drationalicl.kernels=scalar|simd forces a choice.
package org.rationalicl.simd;

final class KernelProvider {
    static final String PROPERTY = "rationalicl.kernels";
    static final Kernels INSTANCE = choose(System.getProperty(PROPERTY, "auto"));

    private KernelProvider() {}

    static Kernels choose(String wanted) {
        switch (wanted) {
            case "scalar":
                return new ScalarKernels();
            case "simd":
            case "auto":
                Kernels vector = tryVector();
                if (vector != null) return vector;
                System.err.println("rationalicl: the Vector API (jdk.incubator.vector) is not available"
                        + " (run java with --add-modules jdk.incubator.vector); using scalar kernels");
                return new ScalarKernels();
            default:
                throw new IllegalArgumentException(
                        "-D" + PROPERTY + "=" + wanted + ": expected one of scalar, simd, auto");
        }
    }

    /** Loads VectorKernels reflectively, so a JVM without the incubator module still runs the scalar path. */
    private static Kernels tryVector() {
        try {
            ModuleLayer.boot().findModule("jdk.incubator.vector").orElseThrow();
            Class<?> type = Class.forName("org.rationalicl.simd.VectorKernels");
            Kernels kernels = (Kernels) type.getDeclaredConstructor().newInstance();
            return kernels;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }
}
