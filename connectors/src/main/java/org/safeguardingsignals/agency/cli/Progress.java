package org.safeguardingsignals.agency.cli;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Progress on a large file: rows, rows per second, share of the file read and time left, at most once a second
 * (rewriting one line on a terminal, one line each time otherwise).
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
        double fraction = fileSize == 0 ? 1 : Math.min(1.0, (double) bytesRead / fileSize);
        String left = fraction <= 0 ? "?" : format(Duration.ofMillis((long) (seconds * (1 - fraction) / fraction
                * 1000)));
        String line = String.format("%,d rows (%,.0f rows/s), %,d rejected, %.0f%% of the file, about %s left",
                rows, rows / seconds, rejected, fraction * 100, left);
        if (terminal) {
            out.print("\r" + line + "   ");
        } else {
            out.println(line);
        }
        printed = true;
    }

    void done() {
        if (out != null && terminal && printed) {
            out.println();
        }
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
