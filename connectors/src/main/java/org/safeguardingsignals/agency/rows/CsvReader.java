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
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** RFC 4180 CSV with a header row, UTF-8 (a byte-order mark from a spreadsheet is skipped). */
final class CsvReader implements RowReader {
    private final CountingInputStream counted;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header;

    CsvReader(InputStream in) throws IOException {
        this.counted = new CountingInputStream(in);
        InputStreamReader reader = new InputStreamReader(counted, StandardCharsets.UTF_8);
        this.parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).get().parse(new BomSkippingReader(reader));
        this.records = parser.iterator();
        this.header = parser.getHeaderNames().stream().map(String::strip).toList();
    }

    @Override
    public RawRow next() throws IOException {
        try {
            if (!records.hasNext()) {
                return null;
            }
            CSVRecord r = records.next();
            long line = r.getRecordNumber() + 1; // the header is line 1
            if (r.size() != header.size()) {
                return new RawRow(line, Map.of(), "the row has " + r.size() + " cells but the header has "
                        + header.size());
            }
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                values.put(header.get(i), r.get(i));
            }
            return new RawRow(line, values, null);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
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
