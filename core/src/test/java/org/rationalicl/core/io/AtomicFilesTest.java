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
