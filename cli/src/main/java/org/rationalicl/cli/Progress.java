// Progress of a long job on stderr: a redrawn bar (count, rate, ETA, a status such as the loss) on a terminal,
// plain periodic lines elsewhere (CI logs, files), nothing when switched off. Thread-safe; limits: one bar per job.
package org.rationalicl.cli;

import java.io.PrintWriter;
import java.util.Locale;

final class Progress {
    /** How progress is shown; AUTO picks BAR on an interactive terminal outside CI, LINES otherwise. */
    enum Mode { AUTO, BAR, LINES, NONE }

    private static final long BAR_EVERY_NANOS = 200_000_000L;    // redraws per second a terminal can follow
    private static final long LINE_EVERY_NANOS = 10_000_000_000L; // one log line per 10 s keeps CI logs short
    private static final int BAR_WIDTH = 28;

    private final PrintWriter err;
    private final Mode mode;
    private final String unit;
    private final long total;
    private final long startCount;
    private final long startNanos = System.nanoTime();
    private long lastDrawNanos = Long.MIN_VALUE / 2;
    private long count;
    private String status = "";
    private boolean barShown;

    /**
     * @param total      the count at which the job is complete
     * @param startCount where the job starts (a resumed run); rate and ETA count only what happens here
     */
    Progress(PrintWriter err, Mode mode, String unit, long startCount, long total) {
        this.err = err;
        this.mode = resolve(mode);
        this.unit = unit;
        this.total = Math.max(total, 1);
        this.startCount = startCount;
        this.count = startCount;
        // plain lines: the first one after a full period, so short jobs do not log a useless "0/N"
        if (this.mode == Mode.LINES) lastDrawNanos = startNanos;
    }

    static Mode resolve(Mode mode) {
        if (mode != Mode.AUTO) return mode;
        var console = System.console();
        boolean terminal = console != null && console.isTerminal();
        boolean ci = System.getenv("CI") != null || "dumb".equals(System.getenv("TERM"));
        return terminal && !ci ? Mode.BAR : Mode.LINES;
    }

    /** Sets the count and status; draws when enough time has passed. */
    synchronized void update(long count, String status) {
        this.count = count;
        if (status != null) this.status = status;
        long now = System.nanoTime();
        if (mode == Mode.BAR && now - lastDrawNanos >= BAR_EVERY_NANOS) {
            lastDrawNanos = now;
            err.print("\r" + line(now) + "\u001b[K");
            err.flush();
            barShown = true;
        } else if (mode == Mode.LINES && now - lastDrawNanos >= LINE_EVERY_NANOS) {
            lastDrawNanos = now;
            err.println(line(now));
            err.flush();
        }
    }

    /** Adds to the count (parallel jobs). */
    synchronized void advance(long by, String status) {
        update(count + by, status);
    }

    /** Prints a message on its own line without tearing the bar. */
    synchronized void message(String text) {
        if (mode == Mode.BAR && barShown) err.print("\r\u001b[K");
        err.println(text);
        if (mode == Mode.BAR && barShown) err.print(line(System.nanoTime()));
        err.flush();
    }

    /** Draws the final state and ends the bar's line. */
    synchronized void finish() {
        if (mode == Mode.BAR) {
            err.println("\r" + line(System.nanoTime()) + "\u001b[K");
        } else if (mode == Mode.LINES && count != startCount) {
            err.println(line(System.nanoTime()));
        }
        err.flush();
    }

    private String line(long now) {
        double seconds = (now - startNanos) / 1e9;
        long done = count - startCount;
        double rate = seconds > 0 ? done / seconds : 0;
        double fraction = Math.min(1.0, (double) count / total);
        StringBuilder sb = new StringBuilder();
        if (mode == Mode.BAR) {
            int filled = (int) Math.round(fraction * BAR_WIDTH);
            sb.append('[').append("=".repeat(filled)).append(" ".repeat(BAR_WIDTH - filled)).append("] ");
        }
        sb.append(count).append('/').append(total).append(' ').append(unit)
                .append(String.format(Locale.ROOT, " %5.1f%%", 100 * fraction));
        if (!status.isEmpty()) sb.append("  ").append(status);
        sb.append(String.format(Locale.ROOT, "  %.1f %s/s", rate, unit));
        sb.append("  ETA ").append(rate > 0 ? duration((total - count) / rate) : "?");
        return sb.toString();
    }

    /** "3h02m", "4m05s", "12s", "0.4s". */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) return "?";
        if (seconds < 10) return String.format(Locale.ROOT, "%.1fs", seconds);
        long s = Math.round(seconds);
        if (s < 60) return s + "s";
        if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
