// What `icl train` says and returns when a run goes wrong: a NaN stops it with exit 1 and one line naming the step
// and the state kept; a damaged state is reported with its path and the run resumes from the previous one.
package org.rationalicl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rationalicl.core.io.Safetensors;
import org.rationalicl.train.TrainingRun;

class RecoveryCommandTest {
    @TempDir
    Path tmp;

    @Test
    void nanStopsTrainWithExitOneNamingTheStep() throws Exception {
        Path out = tmp.resolve("run");
        // tiny(): 10 steps, checkpoints at 2, 5 and 10; the fault poisons a weight before step 7
        System.setProperty("rationalicl.fault.nanAtStep", "6");
        CliRunner.Result r;
        try {
            r = CliRunner.run(CliRunner.tiny(out, 10));
        } finally {
            System.clearProperty("rationalicl.fault.nanAtStep");
        }
        assertEquals(1, r.code(), r.toString());
        List<String> lines = r.err().strip().lines().filter(l -> l.startsWith("icl train: training")).toList();
        assertEquals(1, lines.size(), r.err());
        String line = lines.get(0);
        assertTrue(line.contains("diverged at step 7") && line.contains("NaN") && line.contains("step 5"), line);
        assertFalse(r.err().contains("Exception"), "a clear message, not an exception dump:\n" + r.err());
        assertEquals("5", Safetensors.readMetadata(out.resolve(TrainingRun.STATE_FILE)).get("step"));
        assertFalse(Files.exists(out.resolve("checkpoints/step-10.safetensors")));
    }

    @Test
    void damagedStateIsReportedAndTheRunResumesFromThePreviousOne() throws Exception {
        Path ref = tmp.resolve("ref"), out = tmp.resolve("run");
        assertEquals(0, CliRunner.run(CliRunner.tiny(ref, 10)).code());
        // train fully, then damage the newest state: the status falls back to the previous one
        assertEquals(0, CliRunner.run(CliRunner.tiny(out, 10)).code());
        Path state = out.resolve(TrainingRun.STATE_FILE);
        byte[] b = Files.readAllBytes(state);
        Files.write(state, java.util.Arrays.copyOf(b, b.length - 7)); // truncated
        RunStatus status = RunStatus.read(out);
        assertEquals(RunStatus.State.UNFINISHED, status.state(), "the status falls back to the previous state");
        assertEquals(5, status.step());
        CliRunner.Result r = CliRunner.run(CliRunner.tiny(out, 10));
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.err().contains("recovered: damaged state set aside as " + state + TrainingRun.DAMAGED_SUFFIX), r.err());
        assertTrue(r.err().contains("resuming from " + out.resolve(TrainingRun.PREVIOUS_STATE_FILE) + " at step 5"), r.err());
        for (String f : List.of("checkpoints/step-10.safetensors", "predictions/step-10.safetensors", TrainingRun.STATE_FILE)) {
            assertEquals(Safetensors.readAll(ref.resolve(f)), Safetensors.readAll(out.resolve(f)), f);
        }
    }

    @Test
    void aRunKilledBeforeItsConfigWasWrittenStartsAgain() throws Exception {
        // found by CrashResumeTest with 50 kill points: the directory held only the temp file of config.json
        Path out = tmp.resolve("run");
        Files.createDirectories(out);
        Files.write(out.resolve(".config.json.0123456789abcdef.tmp"), new byte[] {'{'});
        CliRunner.Result r = CliRunner.run(CliRunner.tiny(out, 4));
        assertEquals(0, r.code(), r.toString());
        assertFalse(Files.exists(out.resolve(".config.json.0123456789abcdef.tmp")));
        // a directory holding anything else is still refused
        Path other = tmp.resolve("other");
        Files.createDirectories(other);
        Files.writeString(other.resolve("notes.txt"), "mine");
        assertEquals(2, CliRunner.run(CliRunner.tiny(other, 4)).code());
    }
}
