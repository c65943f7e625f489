// Child process for AtomicFilesTest: rewrites one file atomically in a loop until it is killed.
package org.rationalicl.core.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes versions 1, 2, 3, … of {@code args[0]}: 1 MiB of the version's low byte; prints "ready" after the first.
 * With a second argument K, it stops in the middle of writing version K, prints "stalled" and waits to be killed,
 * so one kill is certain to land mid-write.
 */
final class AtomicFilesCrashChild {
    static final int SIZE = 1 << 20;

    private AtomicFilesCrashChild() {
    }

    public static void main(String[] args) throws IOException {
        Path target = Path.of(args[0]);
        int stallAt = args.length > 1 ? Integer.parseInt(args[1]) : -1;
        byte[] content = new byte[SIZE];
        for (int version = 1; ; version++) {
            Arrays.fill(content, (byte) version);
            boolean stall = version == stallAt;
            AtomicFiles.write(target, out -> {
                // Several writes per file, so a kill can land in the middle of one.
                for (int off = 0; off < SIZE; off += 4096) {
                    out.write(content, off, 4096);
                    if (stall && off == SIZE / 2) {
                        out.flush();
                        System.out.println("stalled");
                        System.out.flush();
                        try {
                            Thread.sleep(60_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
            });
            if (version == 1) {
                System.out.println("ready");
                System.out.flush();
            }
        }
    }
}
