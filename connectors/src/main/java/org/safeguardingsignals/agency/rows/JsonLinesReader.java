package org.safeguardingsignals.agency.rows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON Lines: one flat JSON object per line, keyed by the same column names as the CSV layout. A list value is
 * taken as the ;-separated list of the CSV layout.
 */
final class JsonLinesReader implements RowReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final CountingInputStream counted;
    private final BufferedReader reader;
    private long line;

    JsonLinesReader(InputStream in) {
        this.counted = new CountingInputStream(in);
        this.reader = new BufferedReader(new InputStreamReader(counted, StandardCharsets.UTF_8));
    }

    @Override
    public RawRow next() throws IOException {
        String text;
        do {
            text = reader.readLine();
            line++;
            if (text == null) {
                return null;
            }
        } while (text.isBlank());
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return new RawRow(line, Map.of(), "the line is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (!node.isObject()) {
            return new RawRow(line, Map.of(), "the line is not a JSON object");
        }
        Map<String, String> values = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode v = field.getValue();
            if (v.isObject()) {
                return new RawRow(line, Map.of(), field.getKey() + " is an object; the layout has flat columns");
            }
            if (v.isArray()) {
                List<String> parts = new ArrayList<>();
                v.forEach(e -> parts.add(e.isNull() ? "" : e.asText()));
                values.put(field.getKey(), String.join(Row.LIST_SEPARATOR, parts));
            } else if (!v.isNull()) {
                values.put(field.getKey(), v.asText());
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
