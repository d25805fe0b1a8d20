package org.safeguardingsignals.agency.rows;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * RFC 4180 CSV with a header row, UTF-8 (a byte-order mark from a spreadsheet is skipped). A row or cell over the
 * {@link RowLimits} is rejected; a row so long that the parser would have to hold it whole (a quoted field that is
 * never closed reads to the end of the file) stops the reading with {@link UnreadableFileException}, as does text
 * that is not CSV, since where the next row starts cannot be known.
 */
final class CsvReader implements RowReader {
    /** What the parser may read ahead of the row it is in: its buffer, twice over. */
    private static final int READ_AHEAD = 2 * 8192;

    private final CountingInputStream counted;
    private final BoundedReader bounded;
    private final RowLimits limits;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header;
    private long lastLine = 1;

    CsvReader(InputStream in, RowLimits limits) throws IOException {
        this.counted = new CountingInputStream(in);
        this.limits = limits;
        this.bounded = new BoundedReader(
                new BomSkippingReader(new InputStreamReader(counted, StandardCharsets.UTF_8)),
                (long) limits.maxRowChars() + READ_AHEAD);
        try {
            this.parser = CSVFormat.RFC4180
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .setTrim(true)
                    .setIgnoreEmptyLines(true)
                    .get()
                    .parse(bounded);
        } catch (IOException | UncheckedIOException e) {
            throw unreadable(e instanceof UncheckedIOException u ? u.getCause() : (IOException) e, "header row");
        } catch (IllegalArgumentException e) {
            // commons-csv quotes the header in this message: it may be a row of data where the header is missing
            throw new UnreadableFileException(1, "the header row has an empty column name");
        }
        this.records = parser.iterator();
        this.header = parser.getHeaderNames().stream().map(String::strip).toList();
    }

    @Override
    public RawRow next() throws IOException {
        bounded.rowStarts();
        CSVRecord r;
        try {
            if (!records.hasNext()) {
                return null;
            }
            r = records.next();
        } catch (UncheckedIOException e) {
            throw unreadable(e.getCause(), "row");
        }
        long line = r.getRecordNumber() + 1; // the header is line 1
        lastLine = line;
        if (r.size() != header.size()) {
            return new RawRow(line, Map.of(), "the row has " + r.size() + " cells but the header has " + header.size());
        }
        Map<String, String> values = new HashMap<>();
        long length = 0;
        for (int i = 0; i < header.size(); i++) {
            String v = r.get(i);
            if (v.length() > limits.maxFieldChars()) {
                // the header has passed the layout check, so its names are column names, not data
                return new RawRow(line, Map.of(), limits.fieldTooLong(header.get(i)));
            }
            length += v.length() + 1;
            values.put(header.get(i), v);
        }
        if (length > limits.maxRowChars()) {
            return new RawRow(line, Map.of(), limits.rowTooLong("row"));
        }
        return new RawRow(line, values, null);
    }

    /** Reading cannot go on: name the row, and why, without a value from it. */
    private UnreadableFileException unreadable(IOException e, String what) throws IOException {
        long line = what.equals("header row") ? 1 : lastLine + 1;
        if (e instanceof BoundedReader.BudgetSpent) {
            return new UnreadableFileException(line, limits.rowTooLong(what) + " (is a quoted field not closed?)");
        }
        if (e instanceof CSVException) {
            return new UnreadableFileException(
                    line,
                    "the " + what + " is not valid CSV (a quote inside a field "
                            + "must be doubled, and a quoted field must be closed)");
        }
        throw e; // the file itself could not be read: not the file's fault
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public long bytesRead() {
        return counted.count();
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
