// Vector API kernels (jdk.incubator.vector). Loaded reflectively by KernelProvider, so that a JVM without
// the incubator module never touches this class. Each method is tested against its ScalarKernels twin.
package org.rationalicl.simd;

final class VectorKernels extends ScalarKernels {

    @Override
    public String name() {
        return "simd";
    }

    // ---- GEMM (VectorGemm) ----

    // ---- row, element-wise, attention and optimiser kernels (VectorOps) ----
}
