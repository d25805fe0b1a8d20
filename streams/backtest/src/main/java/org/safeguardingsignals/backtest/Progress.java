package org.safeguardingsignals.backtest;

import java.io.PrintStream;

/** Progress of long work, for the person waiting at the terminal: a line every tenth of the way. */
public interface Progress {
    void started(String what, long total);

    void advanced(long done);

    void done(long done);

    /** Says nothing (tests, benchmarks). */
    Progress SILENT = new Progress() {
        @Override
        public void started(String what, long total) {}

        @Override
        public void advanced(long done) {}

        @Override
        public void done(long done) {}
    };

    /** Lines such as {@code replaying (current): 125,000 of 250,000 (50%), 6.1 s}. */
    static Progress to(PrintStream out) {
        return new Progress() {
            private String what;
            private long total;
            private long nextTenth;
            private long started;

            @Override
            public synchronized void started(String what, long total) {
                this.what = what;
                this.total = total;
                this.nextTenth = 1;
                this.started = System.nanoTime();
                out.printf("%s: %,d records%n", what, total);
            }

            @Override
            public synchronized void advanced(long done) {
                if (total > 0 && done * 10 >= nextTenth * total && nextTenth < 10) {
                    out.printf(
                            "%s: %,d of %,d (%d%%), %.1f s%n",
                            what, done, total, done * 100 / total, (System.nanoTime() - started) / 1e9);
                    nextTenth = done * 10 / total + 1;
                }
            }

            @Override
            public synchronized void done(long done) {
                out.printf("%s: done, %,d in %.1f s%n", what, done, (System.nanoTime() - started) / 1e9);
            }
        };
    }
}
