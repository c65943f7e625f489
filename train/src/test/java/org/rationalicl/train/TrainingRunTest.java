// The run directory contract: files, shapes and names; exact resume; refusal of a different configuration.
package org.rationalicl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.rationalicl.core.io.NdArray;
import org.rationalicl.core.io.Safetensors;
import org.rationalicl.simd.Kernels;
import org.rationalicl.simd.ScalarKernels;

class TrainingRunTest {

    @TempDir
    Path tmp;

    static TrainingConfig.Builder tiny(Head task) {
        return TrainingConfig.builder(task).tasks(4).dims(4).context(task == Head.REGRESSION ? 4 : 8).hidden(16)
                .layers(2).heads(2).mlpFactor(2).batch(6).steps(12).lr(3e-3).warmup(3).checkpoints(3)
                .firstCheckpoint(2).evalSequences(5).threads(2).logEvery(1).seed(3);
    }

    /**
     * Bit-identity of stop + resume, on the scalar reference and on the kernels in use (whose lane reductions
     * have a fixed order, so the JIT compiling a kernel mid-run cannot change a bit).
     */
    @ParameterizedTest
    @ValueSource(strings = {"scalar", "in-use"})
    void stoppingAndResumingGivesBitIdenticalWeights(String which) throws IOException {
        TrainingConfig config = tiny(Head.CATEGORICAL).schedule(LrSchedule.COSINE).build();
        Kernels kernels = which.equals("scalar") ? new ScalarKernels() : Kernels.get();
        Path tmp = this.tmp.resolve(which);
        float[] straight;
        try (TrainingRun run = TrainingRun.open(config, tmp.resolve("a"), kernels)) {
            TrainingResult r = run.train(null);
            assertTrue(r.finished());
            assertEquals(12, r.step());
            straight = run.parameters();
        }
        try (TrainingRun run = TrainingRun.open(config, tmp.resolve("b"), kernels)) {
            // stop at step 5, between checkpoints (2, 6, 12), through the listener
            TrainingResult r = run.train(new TrainingListener() {
                long seen;

                @Override
                public void onStep(long step, double lr, double loss, double gradNorm) {
                    seen = step;
                }

                @Override
                public boolean stopRequested() {
                    return seen == 5;
                }
            });
            assertFalse(r.finished());
            assertEquals(5, r.step());
        }
        try (TrainingRun run = TrainingRun.open(config, tmp.resolve("b"), kernels)) {
            assertTrue(run.resumed());
            assertEquals(5, run.step());
            run.train(null);
            assertArrayEquals(straight, run.parameters(), "resumed weights differ from the uninterrupted run");
        }
        assertEquals(Files.readAllLines(tmp.resolve("a/metrics.csv")), Files.readAllLines(tmp.resolve("b/metrics.csv")));
        Checkpoint ck = Checkpoint.read(tmp.resolve("b/checkpoints/step-12.safetensors"));
        assertEquals(config, ck.config());
        assertEquals(12, ck.step());
        assertArrayEquals(straight, ck.params(), "the last checkpoint holds the final weights");
        assertEquals(Safetensors.readAll(tmp.resolve("a/predictions/step-12.safetensors")),
                Safetensors.readAll(tmp.resolve("b/predictions/step-12.safetensors")));
    }

    @Test
    void evaluationPassesShrinkForLongSequences() {
        // up to 8 sequences per pass, within 4 Mi activation floats per worker, never fewer than one
        assertEquals(8, TrainingRun.evaluationChunk(200_000));
        assertEquals(4, TrainingRun.evaluationChunk(1L << 20));
        assertEquals(1, TrainingRun.evaluationChunk(3L << 20));
        assertEquals(1, TrainingRun.evaluationChunk(1L << 30));
    }

    @Test
    void refusesADirectoryWithADifferentConfiguration() throws IOException {
        TrainingConfig config = tiny(Head.CATEGORICAL).steps(2).checkpoints(1).build();
        TrainingRun.start(config, tmp, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingRun.open(config.toBuilder().lr(1e-3).build(), tmp));
        assertTrue(e.getMessage().contains("different configuration") && e.getMessage().contains("lr"), e.getMessage());
        // another thread count is the same run
        try (TrainingRun run = TrainingRun.open(config.toBuilder().threads(1).build(), tmp)) {
            assertEquals(2, run.step());
        }
    }

    @Test
    void categoricalRunWritesTheDocumentedFiles() throws IOException {
        TrainingConfig config = tiny(Head.CATEGORICAL).firstCheckpoint(0).build();
        TrainingRun.start(config, tmp, null);
        assertTrue(Files.exists(tmp.resolve("config.json")));
        Map<String, NdArray> pools = Safetensors.readAll(tmp.resolve("pools.safetensors"));
        assertArrayEquals(new long[] {4, 4}, pools.get("train_tasks").shape());
        assertArrayEquals(new long[] {500, 4}, pools.get("eval_tasks").shape());
        Map<String, NdArray> sets = Safetensors.readAll(tmp.resolve("evalsets.safetensors"));
        assertArrayEquals(new long[] {5, 9}, sets.get("train.tokens").shape());
        assertArrayEquals(new long[] {5, 4}, sets.get("eval.theta").shape());
        long[] steps = config.checkpointSteps();
        assertArrayEquals(new long[] {0, 3, 12}, steps);
        for (long s : steps) {
            Path ck = tmp.resolve("checkpoints/step-" + s + ".safetensors");
            Map<String, NdArray> weights = Safetensors.readAll(ck);
            assertArrayEquals(new long[] {48, 16}, weights.get("gpt_neox.layers.1.attention.query_key_value.weight").shape());
            assertArrayEquals(new long[] {5, 16}, weights.get("embed_out.weight").shape());
            assertEquals(Long.toString(s), Safetensors.readMetadata(ck).get("step"));
            assertTrue(Safetensors.readMetadata(ck).get("config").contains("\"task\":\"categorical\""));
            NdArray pred = Safetensors.readAll(tmp.resolve("predictions/step-" + s + ".safetensors")).get("eval.pred");
            assertArrayEquals(new long[] {5, 8, 4}, pred.shape());
            float[] p = pred.floats();
            for (int row = 0; row < 5 * 8; row++) {
                double sum = 0;
                for (int j = 0; j < 4; j++) sum += p[row * 4 + j];
                assertEquals(1.0, sum, 1e-5);
            }
        }
        List<String> csv = Files.readAllLines(tmp.resolve("metrics.csv"));
        assertEquals("step,lr,loss,grad_norm,train_metric,eval_metric", csv.get(0));
        assertEquals(1 + 1 + 12, csv.size(), "a row for step 0 and for each of the 12 steps");
        assertTrue(csv.get(1).startsWith("0,,,,"), csv.get(1));
        String[] last = csv.get(csv.size() - 1).split(",", -1);
        assertEquals("12", last[0]);
        assertTrue(Double.parseDouble(last[4]) > 0 && Double.parseDouble(last[5]) > 0, "KL metrics at step 12");
        // the lr of step 0 is 0 with warm-up (HF's schedule), the row of step 1 says so
        assertEquals(0.0, Double.parseDouble(csv.get(2).split(",")[1]));
    }

    @Test
    void regressionAndClassificationRunsWriteTheirShapes() throws IOException {
        TrainingConfig reg = tiny(Head.REGRESSION).steps(3).checkpoints(1).build();
        TrainingRun.start(reg, tmp.resolve("reg"), null);
        assertArrayEquals(new long[] {5, 4, 4}, Safetensors.readAll(tmp.resolve("reg/evalsets.safetensors")).get("train.xs").shape());
        assertArrayEquals(new long[] {5, 4},
                Safetensors.readAll(tmp.resolve("reg/predictions/step-3.safetensors")).get("eval.pred").shape());
        assertArrayEquals(new long[] {16, 4},
                Safetensors.readAll(tmp.resolve("reg/checkpoints/step-3.safetensors")).get("read_in.weight").shape());

        TrainingConfig cls = tiny(Head.CLASSIFICATION).steps(3).checkpoints(1).build();
        TrainingRun.start(cls, tmp.resolve("cls"), null);
        Map<String, NdArray> sets = Safetensors.readAll(tmp.resolve("cls/evalsets.safetensors"));
        assertArrayEquals(new long[] {5, 8, 5}, sets.get("iwl.pairs").shape());
        assertArrayEquals(new long[] {5}, sets.get("iwl.labels").shape());
        Map<String, NdArray> pred = Safetensors.readAll(tmp.resolve("cls/predictions/step-3.safetensors"));
        assertArrayEquals(new long[] {5, 2}, pred.get("iwl.pred").shape());
        assertEquals("step,lr,loss,grad_norm,train_metric,eval_metric,iwl_metric",
                Files.readAllLines(tmp.resolve("cls/metrics.csv")).get(0));
    }

    @Test
    void oneAndTwoThreadsAgreeOnTheLossCurve() throws IOException {
        TrainingConfig two = tiny(Head.REGRESSION).steps(8).checkpoints(1).build();
        TrainingRun.start(two, tmp.resolve("two"), null);
        TrainingRun.start(two.toBuilder().threads(1).build(), tmp.resolve("one"), null);
        List<String> a = Files.readAllLines(tmp.resolve("one/metrics.csv")), b = Files.readAllLines(tmp.resolve("two/metrics.csv"));
        assertEquals(9, a.size());
        for (int i = 1; i < a.size(); i++) {
            double la = Double.parseDouble(a.get(i).split(",")[2]), lb = Double.parseDouble(b.get(i).split(",")[2]);
            assertEquals(la, lb, 1e-5 * Math.abs(la), "loss at row " + i);
        }
    }

    @Test
    void configValidationNamesTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tiny(Head.CATEGORICAL).batch(0).build());
        assertTrue(e.getMessage().startsWith("batch = 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tiny(Head.CATEGORICAL).firstCheckpoint(13).build());
        assertTrue(e.getMessage().startsWith("firstCheckpoint = 13"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tiny(Head.CATEGORICAL).heads(3).build());
        assertTrue(e.getMessage().contains("heads = 3"), e.getMessage());
        TrainingConfig c = tiny(Head.REGRESSION).build();
        assertEquals(c, TrainingConfig.fromJson(c.toJson()));
        TrainingConfig d = TrainingConfig.builder(Head.REGRESSION).build();
        assertEquals(8, d.layers());
        assertEquals(128, d.batch());
        assertEquals(16, d.context());
        assertEquals(5000, d.warmup());
        assertEquals(0, TrainingConfig.builder(Head.CLASSIFICATION).build().warmup());
        assertArrayEquals(new long[] {20, 100_000}, TrainingConfig.builder(Head.CATEGORICAL).checkpoints(2).build().checkpointSteps());
        assertArrayEquals(new long[] {4, 9}, tiny(Head.CATEGORICAL).checkpoints(2).firstCheckpoint(4).lastCheckpoint(9)
                .build().checkpointSteps());
        e = assertThrows(IllegalArgumentException.class, () -> tiny(Head.CATEGORICAL).lastCheckpoint(13).build());
        assertTrue(e.getMessage().startsWith("lastCheckpoint = 13"), e.getMessage());
    }
}
