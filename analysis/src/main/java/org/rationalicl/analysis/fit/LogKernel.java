// The one hot primitive of the fit's precomputation: floored natural logarithms of float arrays, optionally
// of a two-term mixture first. A scalar reference and a Vector API twin (chosen at start-up); the vector
// version is ~15x faster on AVX-512 because the JDK's vector LOG is a short-vector math library call.
package org.rationalicl.analysis.fit;

import org.rationalicl.analysis.distance.Distances;

public abstract class LogKernel {
    /** The floor as a float: logs are of max(p, FLOOR), the same guard as {@link Distances#PROBABILITY_FLOOR}. */
    public static final float FLOOR = (float) Distances.PROBABILITY_FLOOR;

    /** out[outOff + i] = log(max(in[inOff + i], FLOOR)) for i < n. */
    public abstract void flooredLogs(float[] out, int outOff, float[] in, int inOff, int n);

    /**
     * h[i] = w·m[i] + (1 − w)·g[i] and logH[i] = log(max(h[i], FLOOR)) for i < n (all offsets 0).
     */
    public abstract void mixtureLogs(float[] h, float[] logH, float[] m, float[] g, float w, int n);

    public abstract String name();

    /** Plain loops; the reference the vector version is tested against. */
    public static final class Scalar extends LogKernel {
        @Override
        public void flooredLogs(float[] out, int outOff, float[] in, int inOff, int n) {
            for (int i = 0; i < n; i++) {
                out[outOff + i] = (float) Math.log(Math.max(in[inOff + i], FLOOR));
            }
        }

        @Override
        public void mixtureLogs(float[] h, float[] logH, float[] m, float[] g, float w, int n) {
            float v = 1 - w;
            for (int i = 0; i < n; i++) {
                float x = w * m[i] + v * g[i];
                h[i] = x;
                logH[i] = (float) Math.log(Math.max(x, FLOOR));
            }
        }

        @Override
        public String name() {
            return "scalar";
        }
    }

    private static final LogKernel SELECTED = select();

    /** The implementation chosen at start-up: -Drationalicl.kernels=scalar forces the scalar one. */
    public static LogKernel get() {
        return SELECTED;
    }

    private static LogKernel select() {
        String forced = System.getProperty("rationalicl.kernels", "");
        if (forced.equals("scalar")) {
            return new Scalar();
        }
        boolean available = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (!available) {
            System.err.println("rational-icl: jdk.incubator.vector is not available; the fit uses scalar logarithms"
                    + " (start the JVM with --add-modules jdk.incubator.vector)");
            return new Scalar();
        }
        return new VectorLogKernel();
    }
}
