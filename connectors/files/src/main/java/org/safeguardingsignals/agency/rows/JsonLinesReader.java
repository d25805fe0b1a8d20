package org.safeguardingsignals.agency.rows;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Lines: one flat JSON object per line, keyed by the same column names as the CSV layout. A list value is
 * taken as the ;-separated list of the CSV layout. Each line stands alone, so a line over the {@link RowLimits} is
 * rejected, skipped to its end without being held, and the next line is read.
 */
final class JsonLinesReader implements RowReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final CountingInputStream counted;
    private final Reader reader;
    private final RowLimits limits;
    private long line;
    private boolean ended;

    JsonLinesReader(InputStream in, RowLimits limits) throws IOException {
        this.counted = new CountingInputStream(in);
        this.reader = new BufferedReader(new BomSkippingReader(new InputStreamReader(counted, StandardCharsets.UTF_8)));
        this.limits = limits;
    }

    /** A line of the file; one over the limit keeps only its first characters. */
    private record Line(String text, boolean tooLong) {}

    private Line readLine() throws IOException {
        StringBuilder text = new StringBuilder();
        boolean tooLong = false;
        int c;
        while ((c = reader.read()) >= 0 && c != '\n') {
            if (text.length() < limits.maxRowChars() + 1) {
                text.append((char) c);
            } else {
                tooLong = true; // keep reading to the line's end, keeping nothing
            }
        }
        if (c < 0 && text.isEmpty() && !tooLong) {
            ended = true;
            return null;
        }
        int end = text.length();
        if (end > 0 && text.charAt(end - 1) == '\r') {
            text.setLength(end - 1);
        }
        return new Line(text.toString(), tooLong || text.length() > limits.maxRowChars());
    }

    @Override
    public RawRow next() throws IOException {
        Line read;
        do {
            if (ended) {
                return null;
            }
            read = readLine();
            line++;
            if (read == null) {
                return null;
            }
        } while (!read.tooLong() && read.text().isBlank());
        if (read.tooLong()) {
            return new RawRow(line, Map.of(), limits.rowTooLong("line"));
        }
        JsonNode node;
        try {
            node = JSON.readTree(read.text());
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the offending token, which may be a name or an NHS number
            JsonLocation at = e.getLocation();
            return new RawRow(
                    line,
                    Map.of(),
                    "the line is not JSON" + (at == null ? "" : " (at character " + at.getColumnNr() + ")"));
        }
        if (!node.isObject()) {
            return new RawRow(line, Map.of(), "the line is not a JSON object");
        }
        Map<String, String> values = new LinkedHashMap<>();
        int key = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            key++;
            JsonNode v = field.getValue();
            String value;
            if (v.isObject()) {
                return new RawRow(
                        line,
                        Map.of(),
                        "key " + key + " of the object has an object as its value; the " + "layout has flat columns");
            } else if (v.isArray()) {
                List<String> parts = new ArrayList<>();
                v.forEach(e -> parts.add(e.isNull() ? "" : e.asText()));
                value = String.join(Row.LIST_SEPARATOR, parts);
            } else {
                value = v.isNull() ? null : v.asText();
            }
            if (value != null && value.length() > limits.maxFieldChars()) {
                return new RawRow(line, Map.of(), limits.fieldTooLong("the value of key " + key + " of the object"));
            }
            if (value != null) {
                values.put(field.getKey(), value);
            }
        }
        return new RawRow(line, values, null);
    }

    @Override
    public List<String> header() {
        return List.of();
    }

    @Override
    public long bytesRead() {
        return counted.count();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
