// The network's analytic float gradients against central finite differences of an independent double-precision
// implementation (ReferenceNetwork), for every parameter tensor of all three heads (≥ 2 layers, ≥ 2 heads),
// with both attention paths (fused kernels and GEMMs), each both plain and on the trainer's path (step weights:
// one-head layers fold their dense projection into their values, FoldedDense).
package org.rationalicl.train;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rationalicl.simd.Kernels;

class GradientCheckTest {

    /** Finite-difference step; central differences in double make truncation ~1e-10 and rounding ~1e-11. */
    static final double EPS = 1e-5;
    /** Per element: |analytic − fd| ≤ ABS_TOL · max|fd| over the tensor + REL_TOL · |fd|. */
    static final double ABS_TOL = 3e-5, REL_TOL = 1e-3;
    /** Per tensor: ‖analytic − fd‖₂ ≤ NORM_TOL · ‖fd‖₂. */
    static final double NORM_TOL = 3e-5;

    @Test
    void categoricalTwoLayersTwoHeadsRotary4() {
        // head size 8, rotary 0.5 → 4 rotated dims (two frequency pairs)
        check(new ModelConfig(Head.CATEGORICAL, 5, 1, 6, 16, 2, 2, 2.0, 0.5, 10000), 3, 11);
    }

    @Test
    void categoricalFourHeadsWithoutRotary() {
        // head size 2 at rotary 0.25 → int(0.5) = 0 rotary dims: the rotary step is skipped
        check(new ModelConfig(Head.CATEGORICAL, 3, 1, 5, 8, 2, 4, 1.0, 0.25, 10000), 2, 12);
    }

    @Test
    void categoricalTwoLayersWithLayerZeroAtTheTokenRank() {
        // coefficient rows (V+1)(1+nh)+1 = 10 ≤ H / 2 = 12: layer 0's dense, LN2 output and fc1 at that width
        // (MidAtRank) on the GEMM path; the other layer per position
        check(new ModelConfig(Head.CATEGORICAL, 2, 1, 5, 24, 2, 2, 1.5, 0.5, 10000), 3, 16);
    }

    @Test
    void categoricalOneLayerAtTheTokenRank() {
        // 4·2 + 1 = 9 ≤ 20 / 2; layer 0 is also the last layer
        check(new ModelConfig(Head.CATEGORICAL, 3, 1, 4, 20, 1, 1, 2.0, 0.5, 10000), 3, 17);
    }

    @Test
    void regressionTwoLayersTwoHeadsFractionalMlp() {
        // d′ + 2 = 5 > H / 2 = 4: layer 0 runs per position, not at the read-in's rank
        check(new ModelConfig(Head.REGRESSION, 1, 3, 4, 8, 2, 2, 1.5, 0.5, 10000), 3, 13);
    }

    @Test
    void regressionOneLayerAtTheReadInRank() {
        // d′ + 2 = 3 ≤ H / 2 = 4: layer 0 at the read-in's rank (ReadInProjection), and it is also the last layer
        check(new ModelConfig(Head.REGRESSION, 1, 1, 4, 8, 1, 2, 2.0, 0.5, 10000), 3, 15);
    }

    @Test
    void regressionTwoLayersTwoHeadsWithLayerZeroMidAtRank() {
        // d′ + 2 = 3 ≤ H / 2: query_key_value at the read-in's rank; coefficient rows (d′+1) + nh(d′+2) + 1 = 9
        // ≤ 10: layer 0's dense, LN2 output and fc1 at that width too (MidAtRank), P·z″ per head
        check(new ModelConfig(Head.REGRESSION, 1, 1, 3, 20, 2, 2, 2.0, 0.4, 10000), 3, 18);
    }

    @Test
    void classificationTwoLayersWithLayerZeroMidAtRank() {
        // d′ = 2: coefficient rows 3 + 4 + 1 = 8 = H / 2 (MidAtRank in layer 0; layer 1 reads the last row only)
        check(new ModelConfig(Head.CLASSIFICATION, 1, 1, 3, 16, 2, 1, 1.5, 0.5, 10000), 3, 19);
    }

    @Test
    void regressionThreeLayersOneHeadFoldsTheDenseProjections() {
        // one head: every layer runs per position (d′ + 2 = 5 > H / 2 = 4) and folds its dense projection into its
        // values on the trainer's path (FoldedDense), the last one on the head rows
        check(new ModelConfig(Head.REGRESSION, 1, 3, 4, 8, 3, 1, 1.5, 0.5, 10000), 3, 20);
    }

    @Test
    void categoricalTwoLayersOneHeadFoldsLayerOne() {
        // layer 0 per vocabulary entry, layer 1 folded on the trainer's path
        check(new ModelConfig(Head.CATEGORICAL, 3, 1, 5, 12, 2, 1, 2.0, 0.5, 10000), 3, 21);
    }

    @Test
    void classificationThreeLayersThreeHeadsHalfMlp() {
        // d′ + 2 = 6 = H / 2: layer 0 at the read-in's rank (ReadInProjection)
        check(new ModelConfig(Head.CLASSIFICATION, 1, 3, 5, 12, 3, 3, 0.5, 0.5, 10000), 3, 14);
    }

    private static void check(ModelConfig c, int batchSize, long seed) {
        Random random = new Random(seed);
        ParameterLayout layout = new ParameterLayout(c);
        float[] params = randomParameters(layout, random);
        Batch batch = new Batch(c, batchSize);
        ReferenceNetwork ref = new ReferenceNetwork(c, batchSize);
        fillData(c, batch, ref, random);

        // central differences of the double network, parameter by parameter
        double[] p = new double[params.length];
        for (int i = 0; i < p.length; i++) p[i] = params[i];
        double refLoss = ref.loss(p);
        double[][][] refOutputs = ref.outputs;
        double[] fd = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            double keep = p[i];
            p[i] = keep + EPS;
            double up = ref.loss(p);
            p[i] = keep - EPS;
            double down = ref.loss(p);
            p[i] = keep;
            fd[i] = (up - down) / (2 * EPS);
        }
        for (AttentionBlock.Path path : AttentionBlock.Path.values()) {
            for (boolean stepWeights : new boolean[] {false, true}) {
                compare(new Model(c, Kernels.get(), path), path, stepWeights, params, batch, refLoss, refOutputs, fd);
            }
        }
    }

    /**
     * One path of the float network against the reference: the plain forward and backward, or the trainer's
     * (step weights, where one-head layers fold their dense projection, then the gradients unfolded).
     */
    private static void compare(Model model, AttentionBlock.Path path, boolean stepWeights, float[] params,
                                Batch batch, double refLoss, double[][][] refOutputs, double[] fd) {
        ModelConfig c = model.config;
        ParameterLayout layout = model.layout;
        int batchSize = batch.capacity;
        String what = c + " attention " + path + (stepWeights ? " with step weights" : "");
        // float forward + analytic backward over the whole batch
        Activations acts = new Activations(c, batchSize);
        long terms = model.lossTerms(batchSize);
        float[] grads = model.newArena();
        double floatLoss;
        if (stepWeights) {
            float[] weightsT = model.newArena();
            model.prepareStepWeights(params, weightsT);
            floatLoss = model.forwardBackward(params, weightsT, grads, acts, batch, 0, batchSize, 1f / terms) / terms;
            model.unfoldGradients(params, grads);
        } else {
            floatLoss = model.forward(params, acts, batch, 0, batchSize) / terms;
            model.backward(params, grads, acts, batch, 0, batchSize, 1f / terms);
        }

        // float forward against the double forward
        assertTrue(Math.abs(floatLoss - refLoss) <= 1e-5 * Math.abs(refLoss) + 1e-6,
                what + ": loss float " + floatLoss + " vs double " + refLoss);
        double worstOut = 0;
        String worstAt = "";
        for (int s = 0; s < batchSize; s++) {
            for (int r = 0; r < c.outputRows(); r++) {
                for (int j = 0; j < c.outputDim(); j++) {
                    double e = Math.abs(model.output(acts, s, r, j) - refOutputs[s][r][j]);
                    if (e > worstOut) {
                        worstOut = e;
                        worstAt = "(" + s + "," + r + "," + j + ") float " + model.output(acts, s, r, j)
                                + " double " + refOutputs[s][r][j];
                    }
                }
            }
        }
        assertTrue(worstOut <= 1e-4, what + ": forward outputs differ by " + worstOut + " at " + worstAt);

        StringBuilder report = new StringBuilder();
        StringBuilder failures = new StringBuilder();
        for (ParameterLayout.Tensor t : layout.tensors()) {
            double scale = 0, refNorm = 0, diffNorm = 0, worst = 0;
            for (int i = t.offset(); i < t.offset() + t.size(); i++) {
                scale = Math.max(scale, Math.abs(fd[i]));
                refNorm += fd[i] * fd[i];
                diffNorm += (grads[i] - fd[i]) * (grads[i] - fd[i]);
                worst = Math.max(worst, Math.abs(grads[i] - fd[i]));
            }
            refNorm = Math.sqrt(refNorm);
            diffNorm = Math.sqrt(diffNorm);
            report.append(String.format("  %-52s max|fd| %.3e  max|diff| %.3e  rel-norm %.3e%n",
                    t.name(), scale, worst, refNorm == 0 ? 0 : diffNorm / refNorm));
            // a tensor with no gradient at all would make the check vacuous
            if (!(refNorm > 1e-7)) failures.append(t.name()).append(": reference gradient is zero (‖fd‖ = ")
                    .append(refNorm).append(")\n");
            List<int[]> bad = new ArrayList<>();
            for (int i = t.offset(); i < t.offset() + t.size(); i++) {
                if (Math.abs(grads[i] - fd[i]) > ABS_TOL * scale + REL_TOL * Math.abs(fd[i])) bad.add(new int[] {i});
            }
            if (!bad.isEmpty() || diffNorm > NORM_TOL * refNorm) {
                failures.append(t.name()).append(": ").append(bad.size()).append(" of ").append(t.size())
                        .append(" elements outside tolerance, rel-norm ").append(diffNorm / refNorm).append('\n');
                bad.sort(Comparator.comparingDouble(x -> -Math.abs(grads[x[0]] - fd[x[0]])));
                for (int j = 0; j < Math.min(5, bad.size()); j++) {
                    int i = bad.get(j)[0];
                    failures.append(String.format("    [%d] analytic %.8e  fd %.8e  diff %.3e%n",
                            i - t.offset(), grads[i], fd[i], grads[i] - fd[i]));
                }
            }
        }
        System.out.println("gradient check " + what + "\n" + report);
        if (failures.length() > 0) fail("gradient check failed for " + what + "\n" + failures + "all tensors:\n" + report);
        if (stepWeights) return;   // the slicing below is the same for both

        // data parallelism: the same gradients from two slices added into one arena (≤ float rounding)
        Activations small = new Activations(c, batchSize - 1);
        float[] sliced = model.newArena();
        double lossA = model.forward(params, small, batch, 0, batchSize - 1);
        model.backward(params, sliced, small, batch, 0, batchSize - 1, 1f / terms);
        double lossB = model.forward(params, small, batch, batchSize - 1, 1);
        model.backward(params, sliced, small, batch, batchSize - 1, 1, 1f / terms);
        assertTrue(Math.abs((lossA + lossB) / terms - floatLoss) <= 1e-6 * Math.abs(floatLoss),
                what + ": sliced loss " + (lossA + lossB) / terms + " vs whole " + floatLoss);
        double maxG = 0, maxD = 0;
        for (int i = 0; i < grads.length; i++) {
            maxG = Math.max(maxG, Math.abs(grads[i]));
            maxD = Math.max(maxD, Math.abs(grads[i] - sliced[i]));
        }
        assertTrue(maxD <= 1e-5 * maxG, what + ": sliced gradients differ by " + maxD + " (max |g| " + maxG + ")");
    }

    /** Far from the 0.02 init, so that every path (attention scores, LayerNorm affine, biases) carries gradient. */
    static float[] randomParameters(ParameterLayout layout, Random random) {
        float[] p = new float[layout.size()];
        for (ParameterLayout.Tensor t : layout.tensors()) {
            for (int i = t.offset(); i < t.offset() + t.size(); i++) {
                p[i] = switch (t.kind()) {
                    case WEIGHT -> (float) (0.35 * random.nextGaussian());
                    case NORM_WEIGHT -> (float) (1 + 0.3 * random.nextGaussian());
                    case BIAS, NORM_BIAS -> (float) (0.2 * random.nextGaussian());
                };
            }
        }
        return p;
    }

    static void fillData(ModelConfig c, Batch batch, ReferenceNetwork ref, Random random) {
        int b = batch.capacity, t = c.seqLen(), n = c.context(), d = c.dims();
        switch (c.head()) {
            case CATEGORICAL -> {
                ref.tokens = new int[b][t];
                for (int s = 0; s < b; s++) {
                    ref.tokens[s][0] = c.vocab();
                    for (int i = 1; i < t; i++) ref.tokens[s][i] = random.nextInt(c.vocab());
                    batch.setCategorical(s, ref.tokens[s], 0);
                }
            }
            case REGRESSION -> {
                ref.vectors = new double[b][t][d];
                ref.ys = new double[b][n];
                float[] xs = new float[n * d], ys = new float[n];
                for (int s = 0; s < b; s++) {
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < d; j++) {
                            xs[i * d + j] = (float) random.nextGaussian();
                            ref.vectors[s][2 * i][j] = xs[i * d + j];
                        }
                        ys[i] = (float) random.nextGaussian();
                        ref.vectors[s][2 * i + 1][0] = ys[i];
                        ref.ys[s][i] = ys[i];
                    }
                    batch.setRegression(s, xs, 0, ys, 0);
                }
            }
            case CLASSIFICATION -> {
                ref.vectors = new double[b][t][d + 1];
                ref.labels = new int[b];
                float[] pairs = new float[t * (d + 1)];
                for (int s = 0; s < b; s++) {
                    for (int i = 0; i < t; i++) {
                        for (int j = 0; j < d; j++) pairs[i * (d + 1) + j] = (float) (random.nextGaussian() / Math.sqrt(d));
                        pairs[i * (d + 1) + d] = i == t - 1 ? -1 : random.nextInt(2);
                        for (int j = 0; j <= d; j++) ref.vectors[s][i][j] = pairs[i * (d + 1) + j];
                    }
                    ref.labels[s] = random.nextInt(2);
                    batch.setClassification(s, pairs, 0, ref.labels[s]);
                }
            }
        }
    }
}
