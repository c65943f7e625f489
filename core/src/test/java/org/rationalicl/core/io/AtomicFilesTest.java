// Tests of atomic file replacement: content on success, untouched target and no temp files on failure.
package org.rationalicl.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void writesNewFileAndReplacesExistingOneLeavingNoTempFiles() throws IOException {
        Path target = dir.resolve("a.bin");
        AtomicFiles.write(target, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        AtomicFiles.writeString(target, "héllo");
        assertEquals("héllo", Files.readString(target));
        assertEquals(List.of(target), listing());
    }

    @Test
    void createsMissingParentDirectories() throws IOException {
        Path target = dir.resolve("x/y/z.txt");
        AtomicFiles.writeString(target, "ok");
        assertEquals("ok", Files.readString(target));
    }

    @Test
    void failureMidwayLeavesTargetUnchangedAndRemovesTempFile() throws IOException {
        Path target = dir.resolve("keep.bin");
        Files.write(target, new byte[] {9, 9});
        IOException boom = new IOException("disk full (simulated)");
        IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]); // more than the buffer, so some bytes reached the temp file
            throw boom;
        }));
        assertSame(boom, thrown);
        assertArrayEquals(new byte[] {9, 9}, Files.readAllBytes(target));
        assertEquals(List.of(target), listing());

        RuntimeException bug = new IllegalStateException("bug in the writer");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
            out.write(1);
            throw bug;
        })));
        assertArrayEquals(new byte[] {9, 9}, Files.readAllBytes(target));
        assertEquals(List.of(target), listing());
    }

    @Test
    void writerMayCloseTheStream() throws IOException {
        Path target = dir.resolve("closed.bin");
        AtomicFiles.write(target, out -> {
            out.write(new byte[] {5, 6});
            out.close();
        });
        assertArrayEquals(new byte[] {5, 6}, Files.readAllBytes(target));
    }

    @Test
    void killedWriterLeavesACompleteOldOrNewFile() throws Exception {
        // A child JVM rewrites the file in a loop and is killed with SIGKILL: first while certainly in the middle
        // of a write (it stalls there), then twice at seeded random moments. The file must never be torn.
        Path target = dir.resolve("state.bin");
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(17);
        for (int kill = 0; kill < 3; kill++) {
            boolean stalled = kill == 0;
            Process child = startChild(target, stalled ? "3" : null);
            try {
                java.io.BufferedReader out = new java.io.BufferedReader(
                        new java.io.InputStreamReader(child.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
                assertEquals("ready", out.readLine(), "child did not start writing");
                if (stalled) {
                    assertEquals("stalled", out.readLine());
                } else {
                    Thread.sleep(rnd.nextInt(200));
                }
            } finally {
                child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no cleanup
                child.waitFor();
            }
            byte[] content = Files.readAllBytes(target);
            assertEquals(AtomicFilesCrashChild.SIZE, content.length, "torn file after kill " + kill);
            for (int i = 0; i < content.length; i++) {
                if (content[i] != content[0]) {
                    throw new AssertionError("mixed versions after kill " + kill + ": byte " + i + " is " + content[i]
                            + ", byte 0 is " + content[0]);
                }
            }
            if (stalled) assertEquals(2, content[0], "killed while writing version 3: version 2 must remain");
            int stale = AtomicFiles.deleteStaleTempFiles(dir);
            if (stalled) assertEquals(1, stale, "the interrupted write leaves exactly one temp file");
            assertEquals(List.of(target), listing(), "only the target remains after cleaning");
        }
    }

    private static Process startChild(Path target, String stallAtVersion) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                AtomicFilesCrashChild.class.getName(), target.toString()));
        if (stallAtVersion != null) command.add(stallAtVersion);
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    @Test
    void resultHasTheSamePermissionsAsAPlainlyCreatedFile() throws IOException {
        // Files.createTempFile would make the file owner-only (0600); a checkpoint must look like any other file.
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) return; // not POSIX: nothing to compare
        Path plain = dir.resolve("plain.bin");
        Files.write(plain, new byte[] {1});
        Path atomic = dir.resolve("atomic.bin");
        AtomicFiles.write(atomic, new byte[] {1});
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic));
    }

    @Test
    void recognisesAndDeletesOnlyItsOwnStaleTempFiles() throws IOException {
        Path stale = dir.resolve(".step-20.safetensors.0123456789abcdef.tmp");
        Path other = dir.resolve(".hidden.tmp");
        Path data = dir.resolve("data.bin");
        Files.write(stale, new byte[] {1});
        Files.write(other, new byte[] {1});
        Files.write(data, new byte[] {1});
        assertTrue(AtomicFiles.isTempFile(stale));
        assertFalse(AtomicFiles.isTempFile(other));
        assertFalse(AtomicFiles.isTempFile(data));
        assertEquals(1, AtomicFiles.deleteStaleTempFiles(dir));
        assertEquals(List.of(other, data), listing());
        assertEquals(0, AtomicFiles.deleteStaleTempFiles(dir.resolve("missing")));
    }
}
