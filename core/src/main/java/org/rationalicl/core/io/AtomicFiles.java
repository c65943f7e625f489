// Crash-safe file writing: every file the project writes goes to a temp file in the target's directory,
// is flushed to disk, then renamed over the target in one atomic step. Limit: needs a file system with atomic rename.
package org.rationalicl.core.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that a reader (or a process restarted after a crash) sees either the complete old content or
 * the complete new content, never a mix or a truncated file.
 *
 * <p>Protocol: create {@code .<name>.<random>.tmp} next to the target (same directory, so the rename cannot
 * cross file systems), write, {@code fsync} the file, rename it over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE}, then {@code fsync} the directory so the rename itself survives a power
 * loss (best effort: some platforms cannot open a directory for syncing). If anything fails before the rename,
 * the temp file is deleted and the target is untouched. A crash (SIGKILL) can leave a temp file behind; such
 * files are recognisable with {@link #isTempFile(Path)} and removed by {@link #deleteStaleTempFiles(Path)}.
 *
 * <p>Missing parent directories are created. Temp files are created with the default permissions (umask), not
 * the owner-only permissions of {@link Files#createTempFile}, so the final file looks like any other.
 */
public final class AtomicFiles {
    private static final String TEMP_SUFFIX = ".tmp";
    private static final int BUFFER_BYTES = 1 << 16;

    /** Writes the content of a file to a stream. The stream is buffered; closing it is allowed but not needed. */
    @FunctionalInterface
    public interface StreamWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Atomically replaces (or creates) {@code target} with {@code bytes}. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Atomically replaces (or creates) {@code target} with {@code text} encoded as UTF-8. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Atomically replaces (or creates) {@code target} with what {@code writer} writes. If the writer throws
     * (any exception), the target is unchanged, the temp file is removed and the exception propagates.
     */
    public static void write(Path target, StreamWriter writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path name = absolute.getFileName();
        if (dir == null || name == null) throw new IllegalArgumentException("target has no file name: " + target);
        Files.createDirectories(dir);
        Path temp = createTemp(dir, name.toString());
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES);
                // The writer may close the stream it was given; we still need to flush and fsync afterwards.
                OutputStream shielded = new FilterOutputStream(buffered) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        out.flush();
                    }
                };
                writer.writeTo(shielded);
                buffered.flush();
                channel.force(true);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            syncDirectory(dir);
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException suppressed) {
                    // The original failure matters more; a leftover temp file is cleaned by deleteStaleTempFiles.
                }
            }
        }
    }

    /** True for names this class uses for its temp files ({@code .<name>.<16 hex digits>.tmp}). */
    public static boolean isTempFile(Path file) {
        Path fileName = file.getFileName();
        if (fileName == null) return false;
        String n = fileName.toString();
        if (!n.startsWith(".") || !n.endsWith(TEMP_SUFFIX)) return false;
        int end = n.length() - TEMP_SUFFIX.length();
        int dot = end - 17; // '.' followed by 16 hex digits
        if (dot < 2 || n.charAt(dot) != '.') return false;
        for (int i = dot + 1; i < end; i++) {
            if (Character.digit(n.charAt(i), 16) < 0) return false;
        }
        return true;
    }

    /**
     * Deletes temp files left in {@code dir} (not recursively) by writes interrupted by a crash. Only call it when
     * no other process is writing into {@code dir}. Returns how many were deleted; a missing directory is 0.
     */
    public static int deleteStaleTempFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        int deleted = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (isTempFile(p) && Files.isRegularFile(p) && Files.deleteIfExists(p)) deleted++;
            }
        }
        return deleted;
    }

    private static Path createTemp(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String hex = String.format("%016x", ThreadLocalRandom.current().nextLong());
            Path temp = dir.resolve("." + name + "." + hex + TEMP_SUFFIX);
            try {
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) throw e;
            }
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform can fsync a directory (Windows cannot open one); the rename is still atomic.
        }
    }
}
