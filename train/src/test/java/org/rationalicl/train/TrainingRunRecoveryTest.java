// Damaged run directories: corrupted or truncated state, checkpoint, prediction and data files are detected,
// reported with their path, and resume falls back to an older good state; NaN stops the run without writing it.
package org.rationalicl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rationalicl.core.io.NdArray;
import org.rationalicl.core.io.Safetensors;
import org.rationalicl.core.io.SafetensorsWriter;
import org.rationalicl.simd.Kernels;
import org.rationalicl.simd.ScalarKernels;

class TrainingRunRecoveryTest {
    @TempDir
    Path tmp;

    /** Checkpoints at steps 2, 6 and 12 (see TrainingRunTest.tiny); scalar kernels so runs are bit-identical. */
    private final TrainingConfig config = TrainingRunTest.tiny(Head.CATEGORICAL).build();
    private final Kernels scalar = new ScalarKernels();

    private float[] straight() throws IOException {
        try (TrainingRun run = TrainingRun.open(config, tmp.resolve("straight"), scalar)) {
            run.train(null);
            return run.parameters();
        }
    }

    /** Trains into {@code dir} and stops after step {@code stop}: state at that step, previous state at 6. */
    private Path stoppedAt(String name, long stop) throws IOException {
        Path dir = tmp.resolve(name);
        try (TrainingRun run = TrainingRun.open(config, dir, scalar)) {
            run.trainUntil(stop, null);
        }
        return dir;
    }

    private static void flipByte(Path file, long fromEnd) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int i = (int) (b.length - fromEnd);
        b[i] ^= 0x10;
        Files.write(file, b);
    }

    private static void truncate(Path file, int keep) throws IOException {
        byte[] b = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(b, Math.min(keep, b.length)));
    }

    /** Resumes to the end; checks the weights and that every written file verifies. Returns the notes. */
    private List<String> resumeAndCheck(Path dir, float[] straight, long expectedStart) throws IOException {
        List<String> notes;
        try (TrainingRun run = TrainingRun.open(config, dir, scalar)) {
            notes = run.recoveryNotes();
            assertEquals(expectedStart, run.step(), "resumed at the wrong step; notes " + notes);
            run.train(null);
            assertArrayEquals(straight, run.parameters(), "weights after recovery differ from the uninterrupted run");
        }
        for (long c : config.checkpointSteps()) {
            for (String d : List.of(TrainingRun.CHECKPOINTS_DIR, TrainingRun.PREDICTIONS_DIR)) {
                Path f = dir.resolve(d).resolve("step-" + c + ".safetensors");
                Safetensors.verify(f);
                assertEquals(Safetensors.readAll(tmp.resolve("straight").resolve(d).resolve("step-" + c + ".safetensors")),
                        Safetensors.readAll(f), f + " differs from the uninterrupted run's");
            }
        }
        Safetensors.verify(dir.resolve(TrainingRun.STATE_FILE));
        Safetensors.verify(dir.resolve(TrainingRun.PREVIOUS_STATE_FILE));
        assertEquals(Files.readAllLines(tmp.resolve("straight").resolve(TrainingRun.METRICS_FILE)),
                Files.readAllLines(dir.resolve(TrainingRun.METRICS_FILE)));
        return notes;
    }

    @Test
    void savingKeepsThePreviousStateNextToTheNewest() throws IOException {
        Path dir = stoppedAt("b", 8);
        assertEquals("8", Safetensors.readMetadata(dir.resolve(TrainingRun.STATE_FILE)).get("step"));
        assertEquals("6", Safetensors.readMetadata(dir.resolve(TrainingRun.PREVIOUS_STATE_FILE)).get("step"));
        float[] straight = straight();
        assertEquals(List.of(), resumeAndCheck(dir, straight, 8), "an intact directory needs no repair");
    }

    @Test
    void aStateWithItsTensorsPackedEndToEndResumes() throws IOException {
        // builds before the tensors were 64-byte aligned in the arena saved it with no gaps between them
        float[] straight = straight();
        Path dir = stoppedAt("packed", 8);
        Path state = dir.resolve(TrainingRun.STATE_FILE);
        ParameterLayout layout = new Model(config.model()).layout;
        SafetensorsWriter w = new SafetensorsWriter();
        Map<String, String> metadata = new LinkedHashMap<>(Safetensors.readMetadata(state));
        metadata.keySet().removeIf(k -> k.endsWith("sha256"));   // the writer adds its own checksums
        w.metadata(metadata);
        Map<String, NdArray> arenas = Safetensors.readAll(state);
        for (String name : List.of("params", "adam_m", "adam_v")) {
            float[] arena = (float[]) arenas.get(name).data(), packed = new float[(int) layout.parameterCount()];
            int at = 0;
            for (ParameterLayout.Tensor t : layout.tensors()) {
                System.arraycopy(arena, t.offset(), packed, at, t.size());
                at += t.size();
            }
            w.addFloats(name, packed, 0, packed.length);
        }
        w.write(state);
        assertEquals(List.of(), resumeAndCheck(dir, straight, 8), "a packed state is read as it is");
    }

    @Test
    void corruptedStateFallsBackToThePreviousOne() throws IOException {
        float[] straight = straight();
        Path dir = stoppedAt("b", 8);
        Path state = dir.resolve(TrainingRun.STATE_FILE);
        flipByte(state, 100); // inside the adam_v data: only the SHA-256 can notice
        List<String> notes = resumeAndCheck(dir, straight, 6);
        String all = String.join("\n", notes);
        assertTrue(all.contains(state.toString()) && all.contains("SHA-256"), "the note names the file and the check: " + all);
        assertTrue(all.contains("resuming from " + dir.resolve(TrainingRun.PREVIOUS_STATE_FILE) + " at step 6"), all);
        assertTrue(Files.exists(dir.resolve(TrainingRun.STATE_FILE + TrainingRun.DAMAGED_SUFFIX)), "kept for inspection");
    }

    @Test
    void truncatedStatesStartAgainFromStepZero() throws IOException {
        float[] straight = straight();
        Path dir = stoppedAt("b", 8);
        truncate(dir.resolve(TrainingRun.STATE_FILE), 50);
        truncate(dir.resolve(TrainingRun.PREVIOUS_STATE_FILE), 0);
        List<String> notes = resumeAndCheck(dir, straight, 0);
        assertEquals(3, notes.size(), "two damaged states and the restart: " + notes);
    }

    @Test
    void stateWithNonFiniteWeightsIsRefusedAsDamaged() throws IOException {
        float[] straight = straight();
        Path dir = stoppedAt("b", 8);
        Path state = dir.resolve(TrainingRun.STATE_FILE);
        var arrays = Safetensors.readAll(state);
        float[] p = (float[]) arrays.get("params").data();
        p[3] = Float.POSITIVE_INFINITY;
        // a well-formed file with a valid checksum, but weights no run could have saved
        var meta = new java.util.LinkedHashMap<>(Safetensors.readMetadata(state));
        meta.remove(Safetensors.SHA256_KEY);
        meta.remove(Safetensors.HEADER_SHA256_KEY);
        Safetensors.write(state, arrays, meta);
        List<String> notes = resumeAndCheck(dir, straight, 6);
        assertTrue(String.join("\n", notes).contains("non-finite"), notes.toString());
    }

    @Test
    void damagedCheckpointIsRecomputedFromAStateBeforeIt() throws IOException {
        float[] straight = straight();
        Path dir = stoppedAt("b", 8);
        Path ck = dir.resolve(TrainingRun.CHECKPOINTS_DIR).resolve("step-6.safetensors");
        flipByte(ck, 5);
        // the states are at 8 and 6: neither is before step 6, so the run recomputes from the start
        List<String> notes = resumeAndCheck(dir, straight, 0);
        assertTrue(String.join("\n", notes).contains(ck.toString()), notes.toString());
    }

    @Test
    void damagedPredictionAfterTheStateIsSimplyRewritten() throws IOException {
        float[] straight = straight();
        Path dir = stoppedAt("b", 3);  // states at 3 and 2; no file for step 6 yet
        Path pred = dir.resolve(TrainingRun.PREDICTIONS_DIR).resolve("step-2.safetensors");
        truncate(pred, 20);
        List<String> notes = resumeAndCheck(dir, straight, 0);
        assertTrue(String.join("\n", notes).contains(pred.toString()), notes.toString());
    }

    @Test
    void damagedDataFilesAreRewrittenIdentically() throws IOException {
        straight();
        Path dir = stoppedAt("b", 3);
        Path pools = dir.resolve(TrainingRun.POOLS_FILE);
        byte[] good = Files.readAllBytes(pools);
        flipByte(pools, 1);
        try (TrainingRun run = TrainingRun.open(config, dir, scalar)) {
            assertEquals(3, run.step());
            assertTrue(String.join("\n", run.recoveryNotes()).contains(pools.toString()), run.recoveryNotes().toString());
        }
        assertArrayEquals(good, Files.readAllBytes(pools));
    }

    @Test
    void staleTempFilesInEverySubdirectoryAreRemoved() throws IOException {
        Path dir = stoppedAt("b", 3);
        List<Path> temps = List.of(dir.resolve(".metrics.csv.0123456789abcdef.tmp"),
                dir.resolve("checkpoints/.step-6.safetensors.0123456789abcdef.tmp"),
                dir.resolve("predictions/.step-6.safetensors.0123456789abcdef.tmp"),
                dir.resolve("state/.state.safetensors.0123456789abcdef.tmp"));
        for (Path t : temps) Files.write(t, new byte[] {1, 2, 3});
        try (TrainingRun run = TrainingRun.open(config, dir, scalar)) {
            assertEquals(3, run.step());
        }
        for (Path t : temps) assertFalse(Files.exists(t), t + " left behind");
    }

    @Test
    void nanStopsTheRunNamingTheStepAndWritesNothingOfIt() throws IOException {
        Path dir = tmp.resolve("nan");
        System.setProperty(TrainingRun.NAN_AT_STEP_PROPERTY, "7");
        TrainingDivergedException e;
        try (TrainingRun run = TrainingRun.open(config, dir, scalar)) {
            e = assertThrows(TrainingDivergedException.class, () -> run.train(null));
        } finally {
            System.clearProperty(TrainingRun.NAN_AT_STEP_PROPERTY);
        }
        assertEquals(8, e.step());
        assertTrue(e.getMessage().contains("step 8") && e.getMessage().contains("NaN")
                && e.getMessage().contains(dir.resolve(TrainingRun.STATE_FILE) + " (step 6)"), e.getMessage());
        assertEquals("6", Safetensors.readMetadata(dir.resolve(TrainingRun.STATE_FILE)).get("step"));
        try (Stream<Path> files = Files.list(dir.resolve(TrainingRun.CHECKPOINTS_DIR))) {
            assertEquals(List.of("step-2.safetensors", "step-6.safetensors"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        for (String f : List.of(TrainingRun.STATE_FILE, TrainingRun.PREVIOUS_STATE_FILE, "checkpoints/step-6.safetensors")) {
            for (var a : Safetensors.readAll(dir.resolve(f)).values()) {
                if (a.data() instanceof float[] x) {
                    for (float v : x) assertTrue(Float.isFinite(v), f + " holds a non-finite weight");
                }
            }
        }
        // the run is resumable from its last good state, and then finishes normally
        float[] straight = straight();
        try (TrainingRun run = TrainingRun.open(config, dir, scalar)) {
            assertEquals(6, run.step());
            run.train(null);
            assertArrayEquals(straight, run.parameters());
        }
    }

    @Test
    void restartingFromStepZeroKeepsTheStepZeroCheckpointAndItsMetricsRow() throws IOException {
        TrainingConfig zero = TrainingRunTest.tiny(Head.CATEGORICAL).firstCheckpoint(0).build();
        float[] straight;
        try (TrainingRun run = TrainingRun.open(zero, tmp.resolve("straight0"), scalar)) {
            run.train(null);
            straight = run.parameters();
        }
        Path dir = tmp.resolve("b0");
        try (TrainingRun run = TrainingRun.open(zero, dir, scalar)) {
            run.trainUntil(8, null);
        }
        truncate(dir.resolve(TrainingRun.STATE_FILE), 9);
        truncate(dir.resolve(TrainingRun.PREVIOUS_STATE_FILE), 9);
        try (TrainingRun run = TrainingRun.open(zero, dir, scalar)) {
            assertEquals(0, run.step());
            run.train(null);
            assertArrayEquals(straight, run.parameters());
        }
        assertEquals(Files.readAllLines(tmp.resolve("straight0").resolve(TrainingRun.METRICS_FILE)),
                Files.readAllLines(dir.resolve(TrainingRun.METRICS_FILE)), "metrics.csv after a restart from step 0");
        // and when the step-0 checkpoint itself is damaged, it is recomputed with a single row
        flipByte(dir.resolve("checkpoints/step-0.safetensors"), 3);
        truncate(dir.resolve(TrainingRun.STATE_FILE), 9);
        try (TrainingRun run = TrainingRun.open(zero, dir, scalar)) {
            assertEquals(0, run.step());
            run.train(null);
        }
        assertEquals(Files.readAllLines(tmp.resolve("straight0").resolve(TrainingRun.METRICS_FILE)),
                Files.readAllLines(dir.resolve(TrainingRun.METRICS_FILE)));
        Safetensors.verify(dir.resolve("checkpoints/step-0.safetensors"));
    }
}
