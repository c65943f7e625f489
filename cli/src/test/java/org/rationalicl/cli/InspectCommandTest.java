// icl inspect on each kind of path: a run, a checkpoint, a plain safetensors file, npy, npz; corrupted and unknown
// files give clear errors (exit 1 for a damaged file, 2 for a path it cannot handle).
package org.rationalicl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rationalicl.core.io.NdArray;
import org.rationalicl.core.io.Npy;
import org.rationalicl.core.io.Npz;
import org.rationalicl.core.io.SafetensorsWriter;

class InspectCommandTest {
    @TempDir
    Path tmp;

    private static void assertOut(CliRunner.Result r, String... fragments) {
        assertEquals(0, r.code(), r.toString());
        for (String f : fragments) assertTrue(r.out().contains(f), "stdout should contain '" + f + "':\n" + r.out());
    }

    @Test
    void runAndCheckpoint() {
        Path run = tmp.resolve("run");
        assertEquals(0, CliRunner.run(CliRunner.tiny(run, 6)).code());
        assertOut(CliRunner.run("inspect", run.toString()), "training run, finished at step 6/6", "D=3 V=4 C=8 H=8",
                "checkpoints  3 of 3 present", "eval_metric", "state/state.safetensors");
        assertOut(CliRunner.run("inspect", run.resolve("checkpoints/step-6.safetensors").toString()),
                "checkpoint at step 6", "SHA-256 verified", "gpt_neox.layers.0.attention.query_key_value.weight",
                "F32  [24, 8]", "embed_out.weight");
    }

    @Test
    void plainSafetensorsNpyAndNpz() throws Exception {
        Path st = tmp.resolve("t.safetensors");
        new SafetensorsWriter().metadata("origin", "test").add("w", NdArray.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3))
                .add("ids", NdArray.ofInts(new int[] {7, 8}, 2)).write(st);
        assertOut(CliRunner.run("inspect", st.toString()), "safetensors file, 2 tensors, SHA-256 verified", "w", "[2, 3]",
                "I32  [2]", "metadata origin = test");

        Path npy = tmp.resolve("a.npy");
        Npy.write(npy, NdArray.ofDoubles(new double[] {1, 2, 3}, 3));
        assertOut(CliRunner.run("inspect", npy.toString()), "F64  [3]", "min 1", "max 3", "mean 2");

        Path npz = tmp.resolve("b.npz");
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("x", NdArray.ofFloats(new float[] {0, 1, 2, 3}, 2, 2));
        arrays.put("k", NdArray.ofLongs(new long[] {5}, 1));
        Npz.write(npz, arrays, true);
        assertOut(CliRunner.run("inspect", npz.toString()), "npz archive, 2 arrays", "x", "F32  [2, 2]", "I64  [1]");
    }

    @Test
    void damagedUnknownAndMissingPaths() throws Exception {
        Path st = tmp.resolve("t.safetensors");
        new SafetensorsWriter().add("w", NdArray.ofFloats(new float[] {1, 2, 3, 4}, 4)).write(st);
        byte[] bytes = Files.readAllBytes(st);
        bytes[bytes.length - 1] ^= 0x40;   // flip a bit of the data: the recorded SHA-256 no longer matches
        Files.write(st, bytes);
        CliRunner.Result r = CliRunner.run("inspect", st.toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains(st.toString()), r.err());

        Path other = tmp.resolve("notes.txt");
        Files.writeString(other, "hello");
        r = CliRunner.run("inspect", other.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("cannot inspect"), r.err());

        r = CliRunner.run("inspect", tmp.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("neither a run"), r.err());

        r = CliRunner.run("inspect", tmp.resolve("absent").toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("no such file"), r.err());
    }
}
