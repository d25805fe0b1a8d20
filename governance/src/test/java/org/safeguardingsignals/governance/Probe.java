package org.safeguardingsignals.governance;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * An event of one type with every field set to a value no other field has, so that what a contract's accessor returns
 * (its header, its reference, its children) shows which fields the accessor read.
 */
final class Probe {
    private final Map<String, Object> byPath = new LinkedHashMap<>();
    private final Map<Object, String> pathOfObject = new IdentityHashMap<>();
    private final SpecificRecord event;
    private int next;

    Probe(Schema schema) {
        event = (SpecificRecord) record(schema, "");
    }

    SpecificRecord event() {
        return event;
    }

    /** The field path holding exactly this object (records and lists), or null. */
    String pathOfObject(Object value) {
        return pathOfObject.get(value);
    }

    /** The plain field path whose value reads as this text (strings, ids), or null. */
    String pathOfText(String text) {
        return byPath.entrySet().stream()
                .filter(e -> !(e.getValue() instanceof SpecificRecord) && !(e.getValue() instanceof List<?>))
                .filter(e -> String.valueOf(e.getValue()).equals(text))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
    }

    private Object record(Schema schema, String prefix) {
        SpecificRecord r = (SpecificRecord) SpecificData.get().newRecord(null, schema);
        for (Schema.Field f : schema.getFields()) {
            r.put(f.pos(), value(f.schema(), prefix + f.name()));
        }
        return r;
    }

    private Object value(Schema s, String path) {
        Schema t = Schemas.nonNull(s);
        Object v;
        if (t.getLogicalType() != null) {
            v = switch (t.getLogicalType().getName()) {
                case "uuid" -> new UUID(0x5afe, ++next);
                case "timestamp-millis" -> Instant.ofEpochMilli(1_700_000_000_000L + ++next * 1000L);
                case "date" -> LocalDate.of(2010, 1, 1).plusDays(++next);
                default ->
                    throw new IllegalArgumentException(
                            "no probe value for " + t.getLogicalType().getName());
            };
        } else {
            v = switch (t.getType()) {
                case RECORD -> record(t, path + ".");
                case ARRAY -> {
                    List<Object> list = new ArrayList<>();
                    list.add(value(t.getElementType(), path + "[]"));
                    yield list;
                }
                case MAP -> new LinkedHashMap<>(Map.of("k" + ++next, value(t.getValueType(), path + "{}")));
                case ENUM -> SpecificData.get().createEnum(t.getEnumSymbols().get(0), t);
                case STRING -> "probe-" + ++next;
                case BOOLEAN -> true;
                case INT -> ++next;
                case LONG -> (long) ++next;
                case DOUBLE -> (double) ++next;
                default -> throw new IllegalArgumentException("no probe value for " + t.getType());
            };
        }
        byPath.put(path, v);
        if (v instanceof SpecificRecord || v instanceof List<?>) {
            pathOfObject.put(v, path);
        }
        return v;
    }
}
