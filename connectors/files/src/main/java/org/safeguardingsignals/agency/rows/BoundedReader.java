package org.safeguardingsignals.agency.rows;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Passes characters through until more than a budget have been read since the last {@link #rowStarts()}, then
 * fails: it keeps a parser that buffers a row in memory from buffering an unbounded one.
 */
final class BoundedReader extends FilterReader {
    /** Thrown when the budget is spent. */
    static final class BudgetSpent extends IOException {
        BudgetSpent() {
            super("row budget spent", null);
        }
    }

    private final long budget;
    private long sinceRowStart;

    BoundedReader(Reader in, long budget) {
        super(in);
        this.budget = budget;
    }

    void rowStarts() {
        sinceRowStart = 0;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            spend(1);
        }
        return c;
    }

    @Override
    public int read(char[] buffer, int off, int len) throws IOException {
        int n = super.read(buffer, off, len);
        if (n > 0) {
            spend(n);
        }
        return n;
    }

    private void spend(long chars) throws BudgetSpent {
        sinceRowStart += chars;
        if (sinceRowStart > budget) {
            throw new BudgetSpent();
        }
    }
}
