// The data-parallel step: determinism per thread count, 1 vs 2 threads, two workers' folded gradients against the
// plain ones, clipping + AdamW against a plain reference, and that training actually lowers the loss.
package org.rationalicl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rationalicl.simd.Kernels;
import org.rationalicl.simd.ScalarKernels;

class TrainerTest {

    static final ModelConfig SMALL = new ModelConfig(Head.CATEGORICAL, 4, 1, 12, 16, 2, 2, 2.0, 0.5, 10000);

    /** Sequences keyed by (step, index) only: symbol 0 with probability ~0.55, so there is something to learn. */
    static final BatchSource SKEWED = (batch, step, from, to) -> {
        int t = batch.config.seqLen(), v = batch.config.vocab();
        int[] seq = new int[t];
        for (int b = from; b < to; b++) {
            SplittableRandom r = new SplittableRandom(step * 1_000_003L + b);
            seq[0] = v;
            for (int i = 1; i < t; i++) seq[i] = r.nextDouble() < 0.55 ? 0 : r.nextInt(v);
            batch.setCategorical(b, seq, 0);
        }
    };

    private static double[] run(int threads, int steps, float[] paramsOut) {
        return run(new Model(SMALL), threads, steps, paramsOut);
    }

    private static double[] run(Model model, int threads, int steps, float[] paramsOut) {
        try (Trainer trainer = new Trainer(model, 8, threads)) {
            model.initialize(trainer.parameters(), 5);
            double[] losses = new double[steps];
            for (int s = 0; s < steps; s++) {
                trainer.trainStep(SKEWED, 3e-3, 1.0);
                losses[s] = trainer.lastLoss();
            }
            System.arraycopy(trainer.parameters(), 0, paramsOut, 0, paramsOut.length);
            return losses;
        }
    }

    /** On both kernel sets: the vector kernels reduce lanes in a fixed order, so JIT state cannot change a bit. */
    @Test
    void sameThreadCountGivesBitIdenticalWeights() {
        int n = new ParameterLayout(SMALL).size();
        for (Kernels kernels : new Kernels[] {new ScalarKernels(), Kernels.get()}) {
            float[] a = new float[n], b = new float[n];
            run(new Model(SMALL, kernels), 2, 6, a);
            run(new Model(SMALL, kernels), 2, 6, b);
            assertArrayEquals(a, b, "kernels " + kernels.name());
        }
    }

    @Test
    void passesOfOneSequenceAndOfTheWholeSliceAgree() {
        // the categorical default: 128 positions, all of them MLP rows
        assertEquals(2, Trainer.defaultMicroBatch(ModelConfig.defaults(Head.CATEGORICAL, 8, 128)));
        assertEquals(4, Trainer.defaultMicroBatch(ModelConfig.defaults(Head.CATEGORICAL, 8, 64)));
        assertEquals(1, Trainer.defaultMicroBatch(ModelConfig.defaults(Head.CATEGORICAL, 8, 1000)));
        // regression, 31 positions, the last layer's MLP on the 16 x rows: 8 layers are bounded by rows × layers
        // (⌊1024 / (31·8)⌋ = 4), one layer by its MLP rows (⌊256 / 16⌋ = 16)
        assertEquals(4, Trainer.defaultMicroBatch(ModelConfig.defaults(Head.REGRESSION, 8, 16)));
        assertEquals(16, Trainer.defaultMicroBatch(regression(1, 64)));
        assertEquals(8, Trainer.defaultMicroBatch(regression(4, 64)));    // ⌊1024 / (31·4)⌋
        assertEquals(2, Trainer.defaultMicroBatch(regression(16, 64)));
        assertEquals(4, Trainer.defaultMicroBatch(regression(8, 32)));    // narrower layers keep the H = 64 bound
        assertEquals(8, Trainer.defaultMicroBatch(regression(8, 128)));   // wider ones: (H/64)² more rows × layers
        // one-layer classification: one MLP row per sequence, so the positions bound: ⌊1024 / 128⌋, ⌊1024 / 384⌋
        assertEquals(8, Trainer.defaultMicroBatch(ModelConfig.defaults(Head.CLASSIFICATION, 8, 128)));
        assertEquals(2, Trainer.defaultMicroBatch(ModelConfig.defaults(Head.CLASSIFICATION, 8, 384)));
        int n = new ParameterLayout(SMALL).size();
        float[][] weights = new float[3][n];
        int[] microBatches = {1, 3, 8};   // 8 = the whole batch in one pass; 3 leaves a ragged last pass
        for (int i = 0; i < 3; i++) {
            Model model = new Model(SMALL);
            try (Trainer trainer = new Trainer(model, 8, 1, microBatches[i])) {
                model.initialize(trainer.parameters(), 5);
                for (int s = 0; s < 6; s++) trainer.trainStep(SKEWED, 3e-3, 1.0);
                System.arraycopy(trainer.parameters(), 0, weights[i], 0, n);
            }
        }
        for (int i = 1; i < 3; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(weights[0][j], weights[i][j], 2e-5, "weight " + j + ", micro-batch " + microBatches[i]);
            }
        }
    }

    @Test
    void oneAndTwoThreadsAgreeOnTheLossCurve() {
        int n = new ParameterLayout(SMALL).size();
        float[] a = new float[n], b = new float[n];
        double[] one = run(1, 12, a), two = run(2, 12, b);
        for (int s = 0; s < one.length; s++) {
            assertEquals(one[s], two[s], 1e-5 * Math.abs(one[s]), "loss at step " + (s + 1));
        }
        assertTrue(one[one.length - 1] < one[0] - 0.05, "loss should fall: " + one[0] + " → " + one[one.length - 1]);
    }

    @Test
    void twoWorkersWithFoldedLayersStepAlongThePlainGradient() {
        // one head, three layers: on the trainer's path layers 1 and 2 fold their dense projection into their values
        // (FoldedDense), each worker leaves ∂L/∂M in its arena and the sum is unfolded once. The plain forward and
        // backward (no step weights, nothing folded) give the reference gradient at the same weights.
        ModelConfig c = new ModelConfig(Head.REGRESSION, 1, 3, 4, 16, 3, 1, 2.0, 0.5, 10000);
        assertTrue(FoldedDense.applies(c, 1) && FoldedDense.applies(c, 2), "the test needs folding layers");
        Model model = new Model(c);
        int n = model.layout.size(), batchSize = 4;
        float[] w = GradientCheckTest.randomParameters(model.layout, new java.util.Random(23));
        BatchSource source = BatchSource.fixed(c, batchSize);
        Batch batch = new Batch(c, batchSize);
        source.fill(batch, 0, 0, batchSize);
        Activations acts = new Activations(c, batchSize);
        float[] g = model.newArena();
        model.forward(w, acts, batch, 0, batchSize);
        model.backward(w, g, acts, batch, 0, batchSize, 1f / model.lossTerms(batchSize));
        double norm = 0, largest = 0;
        for (float x : g) {
            norm += (double) x * x;
            largest = Math.max(largest, Math.abs(x));
        }
        norm = Math.sqrt(norm);
        double lr = 1e-3;
        try (Trainer trainer = new Trainer(model, batchSize, 2)) {
            assertEquals(2, trainer.workers());
            trainer.restore(0, w, model.newArena(), model.newArena());
            trainer.trainStep(source, lr, 0);
            assertEquals(norm, trainer.lastGradNorm(), 1e-5 * norm, "gradient norm");
            // AdamW's first step moves a weight by lr·g/(|g| + eps): by −lr·sign(g) wherever g is not tiny
            int checked = 0;
            for (int i = 0; i < n; i++) {
                if (Math.abs(g[i]) < 1e-3 * largest) continue;
                double step = trainer.parameters()[i] - (double) w[i];
                assertEquals(-lr * Math.signum(g[i]), step, 1e-2 * lr, "weight " + i + " (gradient " + g[i] + ")");
                checked++;
            }
            assertTrue(checked > n / 2, "only " + checked + " of " + n + " weights checked");
        }
    }

    @Test
    void clippingAndAdamWMatchAPlainReference() {
        Model model = new Model(SMALL);
        int n = model.layout.size();
        double lr = 1e-2, clip = 0.05; // the gradient norm at init is far above 0.05, so the clip is active
        try (Trainer trainer = new Trainer(model, 4, 1)) {
            model.initialize(trainer.parameters(), 9);
            double[] p = new double[n], m = new double[n], v = new double[n];
            for (int i = 0; i < n; i++) p[i] = trainer.parameters()[i];
            Batch batch = new Batch(SMALL, 4);
            Activations acts = new Activations(SMALL, 4);
            for (int step = 0; step < 3; step++) {
                // reference: gradient from the float model at the reference weights, then clip + AdamW in double
                float[] w = new float[n];
                for (int i = 0; i < n; i++) w[i] = (float) p[i];
                SKEWED.fill(batch, step, 0, 4);
                float[] g = model.newArena();
                model.forward(w, acts, batch, 0, 4);
                model.backward(w, g, acts, batch, 0, 4, 1f / model.lossTerms(4));
                double norm = 0;
                for (float x : g) norm += (double) x * x;
                norm = Math.sqrt(norm);
                double coef = Math.min(1.0, clip / (norm + 1e-6));
                int t = step + 1;
                for (int i = 0; i < n; i++) {
                    double gi = g[i] * coef;
                    m[i] = 0.9 * m[i] + 0.1 * gi;
                    v[i] = 0.999 * v[i] + 0.001 * gi * gi;
                    double mh = m[i] / (1 - Math.pow(0.9, t)), vh = v[i] / (1 - Math.pow(0.999, t));
                    p[i] -= lr * mh / (Math.sqrt(vh) + 1e-8);
                }
                trainer.trainStep(SKEWED, lr, clip);
                assertEquals(norm, trainer.lastGradNorm(), 1e-5 * norm, "pre-clip gradient norm at step " + t);
                assertTrue(norm > clip, "the test needs an active clip");
            }
            double worst = 0;
            for (int i = 0; i < n; i++) worst = Math.max(worst, Math.abs(p[i] - trainer.parameters()[i]));
            // three steps of at most lr each: float rounding of the weights and moments stays far below lr
            assertTrue(worst < 2e-4 * lr * 3 + 1e-6, "weights differ from the reference by " + worst);
        }
    }

    @Test
    void scheduleAndCheckpointSteps() {
        assertEquals(0.0, LrSchedule.CONSTANT.factor(0, 10, 100));
        assertEquals(0.5, LrSchedule.CONSTANT.factor(5, 10, 100));
        assertEquals(1.0, LrSchedule.CONSTANT.factor(50, 10, 100));
        assertEquals(1.0, LrSchedule.LINEAR.factor(10, 10, 100));
        assertEquals(0.5, LrSchedule.LINEAR.factor(55, 10, 100), 1e-12);
        assertEquals(0.5, LrSchedule.COSINE.factor(55, 10, 100), 1e-12);
        assertEquals(1.0, LrSchedule.CONSTANT.factor(0, 0, 100));
        // paper: s0 = 20, S = 100 000, K = 100 → first 20, last 100 000, step_1 = round((√20 + (√1e5 − √20)/99)²)
        long[] steps = CheckpointSchedule.steps(100, 20, 100_000);
        assertEquals(100, steps.length);
        assertEquals(20, steps[0]);
        assertEquals(100_000, steps[99]);
        double r = Math.sqrt(20) + (Math.sqrt(100_000) - Math.sqrt(20)) / 99;
        assertEquals(Math.round(r * r), steps[1]);
        // more checkpoints than distinct steps: duplicates collapse, still increasing
        long[] dense = CheckpointSchedule.steps(50, 1, 10);
        for (int i = 1; i < dense.length; i++) assertTrue(dense[i] > dense[i - 1]);
        assertEquals(1, dense[0]);
        assertEquals(10, dense[dense.length - 1]);
        assertArrayEquals(new long[] {7}, CheckpointSchedule.steps(1, 0, 7));
    }

    /** The regression default (d 8, C 16) with the given layers and hidden width. */
    private static ModelConfig regression(int layers, int hidden) {
        return new ModelConfig(Head.REGRESSION, 8, 8, 16, hidden, layers, 1, 4.0, 0.25, 10000);
    }
}
