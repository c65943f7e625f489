// timing.json: written with the state, sane (non-negative parts that fit in the total), summed over the sessions of
// a resumed run, and a damaged file is reported and restarted rather than failing the run. No timing assertions.
package org.rationalicl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rationalicl.core.io.FormatException;
import org.rationalicl.core.io.Json;

class RunTimesTest {

    @TempDir
    Path tmp;

    private static RunTimes stored(Path run) throws IOException {
        return RunTimes.fromJson(Json.readObject(run.resolve(TrainingRun.TIMING_FILE)), "timing.json");
    }

    private static void assertSane(RunTimes t, String what) {
        double parts = t.trainingSeconds() + t.evaluationSeconds() + t.writingSeconds();
        assertTrue(t.trainingSeconds() > 0 && t.evaluationSeconds() > 0 && t.writingSeconds() > 0,
                what + ": every part ran, so each took some time: " + t);
        // the parts are disjoint intervals inside the calls' wall time (the tolerance is nanosecond rounding)
        assertTrue(parts <= t.totalSeconds() + 1e-6, what + ": parts " + parts + " exceed the total: " + t);
    }

    @Test
    void aResumedRunAddsItsSessionToTheStoredTimes() throws IOException {
        TrainingConfig config = TrainingRunTest.tiny(Head.REGRESSION).build();
        Path dir = tmp.resolve("run");
        RunTimes first;
        try (TrainingRun run = TrainingRun.open(config, dir)) {
            assertEquals(RunTimes.NONE, run.runTimes(), "nothing ran yet");
            run.trainUntil(5, null);
            first = stored(dir);
            assertEquals(1, first.sessions());
            assertSane(first, "first session");
            RunTimes session = run.sessionTimes();
            // written at the last save, before the call ended: the call's final figures are a little larger
            assertTrue(session.totalSeconds() >= first.totalSeconds() && session.trainingSeconds() >= first.trainingSeconds(),
                    first + " vs " + session);
        }
        try (TrainingRun run = TrainingRun.open(config, dir)) {
            assertTrue(run.resumed());
            run.train(null);
            RunTimes all = stored(dir), session = run.sessionTimes();
            assertEquals(2, all.sessions());
            assertSane(all, "both sessions");
            assertSane(session, "second session");
            assertEquals(first.trainingSeconds() + session.trainingSeconds(), all.trainingSeconds(), 1e-9);
            assertEquals(first.evaluationSeconds() + session.evaluationSeconds(), all.evaluationSeconds(), 1e-9);
            RunTimes now = run.runTimes();
            // the final save comes after the last step and checkpoint: only the call's total grows after it
            assertEquals(all.writingSeconds(), now.writingSeconds(), 1e-9);
            assertTrue(now.totalSeconds() >= all.totalSeconds(), all + " vs " + now);
        }
    }

    @Test
    void aDamagedTimingFileIsReportedAndRestarted() throws IOException {
        TrainingConfig config = TrainingRunTest.tiny(Head.CATEGORICAL).steps(4).checkpoints(1).build();
        Path dir = tmp.resolve("run");
        try (TrainingRun run = TrainingRun.open(config, dir)) {
            run.trainUntil(2, null);
        }
        Files.writeString(dir.resolve(TrainingRun.TIMING_FILE), "{\"sessions\": 1, \"training_s\": -3}");
        try (TrainingRun run = TrainingRun.open(config, dir)) {
            assertTrue(run.recoveryNotes().stream().anyMatch(n -> n.contains("timing.json")), run.recoveryNotes().toString());
            run.train(null);
            assertEquals(1, stored(dir).sessions(), "counted afresh from this session");
        }
    }

    @Test
    void sharesAndJsonRoundTrip() throws IOException {
        RunTimes t = new RunTimes(2, 92.1, 6.3, 1.6, 100);
        assertEquals("training 92.1%, evaluation 6.3%, checkpoints 1.6%", t.shares());
        assertEquals(t, RunTimes.fromJson(Json.parseObject(Json.write(t.toJson()), "t"), "t"));
        assertEquals("training 0.0%, evaluation 0.0%, checkpoints 0.0%", RunTimes.NONE.shares());
        FormatException e = assertThrows(FormatException.class,
                () -> RunTimes.fromJson(Map.of("sessions", 1L, "training_s", 1.0), "t.json"));
        assertTrue(e.getMessage().contains("evaluation_s"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> new RunTimes(1, -1, 0, 0, 0));
        assertTrue(bad.getMessage().contains("training_s"), bad.getMessage());
    }
}
