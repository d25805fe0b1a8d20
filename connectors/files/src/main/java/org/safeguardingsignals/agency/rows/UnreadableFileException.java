package org.safeguardingsignals.agency.rows;

import java.io.IOException;

/**
 * The file cannot be read past this row: a CSV row longer than the limit (its end cannot be known, as a quoted field
 * may never close), or text that does not parse as CSV. Rows before it were read; none after it can be.
 */
public final class UnreadableFileException extends IOException {
    private final long line;
    private final String reason;

    UnreadableFileException(long line, String reason) {
        super("line " + line + ": " + reason);
        this.line = line;
        this.reason = reason;
    }

    /** The row's line (the header is line 1). */
    public long line() {
        return line;
    }

    /** What is wrong, never a value from the file. */
    public String reason() {
        return reason;
    }
}
