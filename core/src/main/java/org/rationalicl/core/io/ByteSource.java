// Random-access bytes for the readers: a file channel or an in-memory array behind one small interface,
// so the same validation code serves files on disk and fuzz tests in memory.
package org.rationalicl.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Positional reads with a known total size; reads past the end are {@link FormatException}s. */
interface ByteSource extends AutoCloseable {
    /** Total size in bytes. */
    long size();

    /** The name used in error messages (the path, or a name given for in-memory data). */
    String name();

    /** Fills {@code dst} (position to limit) from {@code position}; a short file is a FormatException. */
    void readFully(long position, ByteBuffer dst, String field) throws IOException;

    @Override
    void close() throws IOException;

    static ByteSource of(byte[] bytes, String name) {
        return new ByteSource() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public void readFully(long position, ByteBuffer dst, String field) throws FormatException {
                int n = dst.remaining();
                if (position < 0 || position > bytes.length - (long) n) {
                    throw new FormatException(name, field, "needs bytes [" + position + ", " + (position + n)
                            + ") but the data has only " + bytes.length);
                }
                dst.put(bytes, (int) position, n);
            }

            @Override
            public void close() {
            }
        };
    }

    static ByteSource open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        long size;
        try {
            size = channel.size();
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        String name = path.toString();
        return new ByteSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public void readFully(long position, ByteBuffer dst, String field) throws IOException {
                long p = position;
                while (dst.hasRemaining()) {
                    int r = channel.read(dst, p);
                    if (r < 0) {
                        throw new FormatException(name, field, "file ended at byte " + p
                                + " (it was " + size + " bytes when opened; truncated since?)");
                    }
                    p += r;
                }
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }
}
