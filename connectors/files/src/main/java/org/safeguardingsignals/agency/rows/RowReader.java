package org.safeguardingsignals.agency.rows;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads the rows of one file, CSV or JSON Lines, in order, counting the bytes read for progress. */
public interface RowReader extends Closeable {

    /** One row: its line in the file (as a spreadsheet numbers it), its values, or why it could not be read. */
    record RawRow(long line, Map<String, String> values, String unreadable) {}

    /**
     * The next row, or null at the end of the file.
     *
     * @throws UnreadableFileException when the file cannot be read past this row
     */
    RawRow next() throws IOException;

    /** The columns of the header row (CSV), or empty for JSON Lines, whose keys are checked row by row. */
    List<String> header();

    long bytesRead();

    enum Format {
        CSV,
        JSONL
    }

    static Format formatOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")
                ? Format.JSONL
                : Format.CSV;
    }

    /** Opens a file in the given format with the default limits. */
    static RowReader open(Path file, Format format) throws IOException {
        return open(file, format, RowLimits.DEFAULTS);
    }

    /**
     * Opens a file in the given format.
     *
     * @throws UnreadableFileException when not even the header row can be read
     */
    static RowReader open(Path file, Format format, RowLimits limits) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            return format == Format.JSONL ? new JsonLinesReader(in, limits) : new CsvReader(in, limits);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }
}
