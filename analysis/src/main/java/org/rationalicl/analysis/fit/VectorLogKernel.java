// Vector API twin of LogKernel.Scalar (loaded only when jdk.incubator.vector is present). One vector loop
// over full lanes, then the scalar tail; no reductions, so results match the scalar version to float rounding
// of the vector LOG (≤ a few ulp).
package org.rationalicl.analysis.fit;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

final class VectorLogKernel extends LogKernel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    @Override
    public void flooredLogs(float[] out, int outOff, float[] in, int inOff, int n) {
        int lanes = SPECIES.length();
        int bound = n - n % lanes;
        int i = 0;
        for (; i < bound; i += lanes) {
            FloatVector x = FloatVector.fromArray(SPECIES, in, inOff + i).max(FLOOR);
            x.lanewise(VectorOperators.LOG).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = (float) Math.log(Math.max(in[inOff + i], FLOOR));
        }
    }

    @Override
    public void mixtureLogs(float[] h, float[] logH, float[] m, float[] g, float w, int n) {
        int lanes = SPECIES.length();
        int bound = n - n % lanes;
        float v = 1 - w;
        int i = 0;
        for (; i < bound; i += lanes) {
            FloatVector x = FloatVector.fromArray(SPECIES, m, i).mul(w)
                    .add(FloatVector.fromArray(SPECIES, g, i).mul(v));
            x.intoArray(h, i);
            x.max(FLOOR).lanewise(VectorOperators.LOG).intoArray(logH, i);
        }
        for (; i < n; i++) {
            float x = w * m[i] + v * g[i];
            h[i] = x;
            logH[i] = (float) Math.log(Math.max(x, FLOOR));
        }
    }

    @Override
    public String name() {
        return "vector" + SPECIES.vectorBitSize();
    }
}
