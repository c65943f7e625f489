// The GPT-NeoX MLP block of one layer: dense_h_to_4h (bias) → exact GELU → dense_4h_to_h (bias), added to
// the residual stream.
package org.rationalicl.train;

import org.rationalicl.simd.Kernels;

final class MlpBlock {
    private MlpBlock() {}

    /**
     * residual[l+1] (rows, H) = mid (rows, H) + fc2(gelu(fc1(ln2 (rows, H)))); saves fcAct and GELU′ (rows, I).
     * rows: B·T, or the head rows in the last layer.
     */
    static void mlpForward(Kernels k, ModelConfig c, Activations acts, int l,
                           float[] params, float[] weightsT, ParameterLayout.LayerOffsets p, int rows) {
        int h = c.hidden(), in = c.intermediate();
        long t0 = StepProfile.start();
        // fc1's output goes to dFc, free until backward and warm in cache from the layer before: the product's tile
        // stores would wait on a cold buffer's lines, GELU's streaming stores overlap its arithmetic
        Linear.linearForward(k, acts.a, acts.dFc, in, acts.a, acts.ln2[l], h, params, p.fc1Weight(), p.fc1Bias(),
                weightsT, rows, h, in, false);
        StepProfile.stop(StepProfile.Section.FC1_FWD, t0);
        geluFc2Forward(k, c, acts, l, acts.dFc, params, weightsT, p, rows);
    }

    /** The MLP from fc1's output (rows, I) at a[fc1Out]: GELU, then residual[l+1] = mid + fc2(fcAct). */
    static void geluFc2Forward(Kernels k, ModelConfig c, Activations acts, int l, int fc1Out,
                               float[] params, float[] weightsT, ParameterLayout.LayerOffsets p, int rows) {
        float[] a = acts.a;
        int h = c.hidden(), in = c.intermediate();
        long t0 = StepProfile.start();
        // fcPre keeps GELU′(fc1 output): backward needs only the derivative, computed here from the same exp
        k.geluForwardWithDerivative(a, acts.fcAct[l], a, acts.fcPre[l], a, fc1Out, rows * in);
        StepProfile.stop(StepProfile.Section.GELU_FWD, t0);
        t0 = StepProfile.start();
        System.arraycopy(a, acts.mid[l], a, acts.residual[l + 1], rows * h);
        Linear.linearForward(k, a, acts.residual[l + 1], h, a, acts.fcAct[l], in, params, p.fc2Weight(), p.fc2Bias(),
                weightsT, rows, in, h, true);
        StepProfile.stop(StepProfile.Section.FC2_FWD, t0);
    }

    /** From dResidual (rows, H) = ∂L/∂residual[l+1]: adds the MLP's parameter gradients, writes dLn = ∂L/∂ln2. */
    static void mlpBackward(Kernels k, ModelConfig c, Activations acts, int l,
                            float[] params, float[] grads, ParameterLayout.LayerOffsets p, int rows) {
        fc2GeluBackward(k, c, acts, l, params, grads, p, rows);
        int h = c.hidden(), in = c.intermediate();
        long t0 = StepProfile.start();
        Linear.linearBackward(k, acts.a, acts.dLn, h, false, grads, p.fc1Weight(), -1,
                acts.a, acts.dFc, in, acts.a, acts.ln2[l], h, params, rows, h, in);
        StepProfile.stop(StepProfile.Section.FC1_BWD, t0);
    }

    /**
     * fc2's and GELU's backward: adds their parameter gradients and fc1's bias gradient, and writes dFc (rows, I) =
     * ∂L/∂(fc1 output).
     */
    static void fc2GeluBackward(Kernels k, ModelConfig c, Activations acts, int l,
                                float[] params, float[] grads, ParameterLayout.LayerOffsets p, int rows) {
        float[] a = acts.a;
        int h = c.hidden(), in = c.intermediate();
        long t0 = StepProfile.start();
        Linear.linearBackward(k, a, acts.dFc, in, false, grads, p.fc2Weight(), p.fc2Bias(),
                a, acts.dResidual, h, a, acts.fcAct[l], in, params, rows, in, h);
        StepProfile.stop(StepProfile.Section.FC2_BWD, t0);
        t0 = StepProfile.start();
        // dFc ← dFc ⊙ GELU′ and, in the same pass, fc1's bias gradient Σ_rows dFc
        k.geluBackwardWithBias(a, acts.dFc, grads, p.fc1Bias(), a, acts.fcPre[l], a, acts.dFc, rows, in);
        StepProfile.stop(StepProfile.Section.GELU_BWD, t0);
    }
}
