package org.safeguardingsignals.agency.rows;

/**
 * How long a row and a cell of a file may be. A file is read row by row, and nothing bounds a row but these: a
 * quoted field that is never closed would otherwise be read to the end of the file into memory (a 200 MB one
 * exhausted a 256 MB heap).
 *
 * <p>Defaults from the largest valid row: the longest valid cell is the full list of census factor codes (405
 * characters), and a row with every column at its longest (twenty children's NHS numbers, dates of birth and
 * UPNs, every factor) is under 2,000 characters. A cell may be 4,096 characters and a row 32,768, ten and sixteen
 * times those, while a row never costs more than about 100 KB of memory.
 *
 * @param maxRowChars   the longest row (for JSON Lines, line): longer is rejected; in CSV, where the end of such a
 *                      row cannot be known, reading stops there
 * @param maxFieldChars the longest cell (for JSON Lines, value): longer rejects the row
 */
public record RowLimits(int maxRowChars, int maxFieldChars) {
    public static final RowLimits DEFAULTS = new RowLimits(32_768, 4_096);

    public RowLimits {
        if (maxRowChars < 1 || maxFieldChars < 1 || maxFieldChars > maxRowChars) {
            throw new IllegalArgumentException("row and cell limits must be positive, the cell's no larger than the "
                    + "row's: " + maxRowChars + ", " + maxFieldChars);
        }
    }

    String rowTooLong(String row) {
        return String.format("the %s is longer than %,d characters", row, maxRowChars);
    }

    String fieldTooLong(String what) {
        return String.format("%s is longer than %,d characters", what, maxFieldChars);
    }
}
