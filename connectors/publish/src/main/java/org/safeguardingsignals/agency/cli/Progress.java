package org.safeguardingsignals.agency.cli;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Progress on a large file: rows, rows per second, share of the file read and time left, at most once a second
 * (rewriting one line on a terminal, one line each time otherwise). Once progress has been shown, the end of the
 * file prints a last line with the final figures, so the last line agrees with the summary.
 */
final class Progress {
    private static final long EVERY_NANOS = 1_000_000_000L;
    private final PrintStream out;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long lastPrinted = started;
    private boolean printed;

    Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    static Progress silent() {
        return new Progress(null, false);
    }

    void update(long rows, long rejected, long bytesRead, long fileSize) {
        long now = System.nanoTime();
        if (out == null || now - lastPrinted < EVERY_NANOS) {
            return;
        }
        lastPrinted = now;
        double seconds = (now - started) / 1e9;
        double fraction = fraction(bytesRead, fileSize);
        String left =
                fraction <= 0 ? "?" : format(Duration.ofMillis((long) (seconds * (1 - fraction) / fraction * 1000)));
        print(String.format(
                "%,d rows (%,.0f rows/s), %,d rejected, %.0f%% of the file, about %s left",
                rows, rows / seconds, rejected, fraction * 100, left));
    }

    /** The final figures, as the summary gives them, if progress was shown at all. */
    void done(long rows, long rejected, long bytesRead, long fileSize, Duration took) {
        if (out == null || !printed) {
            return;
        }
        print(String.format(
                "%,d rows (%,.0f rows/s), %,d rejected, %.0f%% of the file, done",
                rows, perSecond(rows, took), rejected, fraction(bytesRead, fileSize) * 100));
        if (terminal) {
            out.println();
        }
    }

    /** Rows per second over a run, as the progress line and the summary both state it. */
    static double perSecond(long rows, Duration took) {
        return rows / (Math.max(took.toMillis(), 1) / 1000.0);
    }

    private static double fraction(long bytesRead, long fileSize) {
        return fileSize == 0 ? 1 : Math.min(1.0, (double) bytesRead / fileSize);
    }

    private void print(String line) {
        if (terminal) {
            out.print("\r" + line + "   ");
        } else {
            out.println(line);
        }
        printed = true;
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600
                ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
