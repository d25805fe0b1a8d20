package org.safeguardingsignals.agency;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.safeguardingsignals.events.EventHeader;

/**
 * Event ids derived from the event itself, so that sending the same event again (a program run twice, a retry after
 * a failure) gives the same id, which the pipeline counts once. The id is a name-based UUID of the event's type and
 * its content: the agency's reference, organisation, authority, times, people and codes. It leaves out the id itself
 * and {@code header.recordedAt} (a program sets it when it runs), and any field left at its default, so that a field
 * added to a schema later does not change the ids of events that do not use it.
 *
 * <p>Different facts get different ids even under one reference: the report of a missing episode and its return
 * share the episode id but differ in {@code returnedAt}, and a correction differs in what it corrects.
 */
public final class EventIds {
    /**
     * The id that {@code Events.header(agency, organisationCode, localAuthority, occurredAt)} leaves for the publisher
     * to derive: the nil UUID, which the pipeline refuses as an event id.
     */
    public static final UUID DERIVED = new UUID(0, 0);

    private static final String SEPARATOR = "\u001f";

    private EventIds() {}

    /** The id derived from the event's type and content. */
    public static UUID derive(SpecificRecord event) {
        StringBuilder content = new StringBuilder(event.getSchema().getFullName());
        appendRecord(content, "", event);
        return UUID.nameUUIDFromBytes(content.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The event as it is to be sent: a copy with the derived id when its header leaves the id to the publisher
     * ({@link #DERIVED}), else the event itself. The caller's event is never changed, so one header object may
     * serve several events.
     */
    public static <E extends SpecificRecord> E identified(E event, EventHeader header) {
        if (!DERIVED.equals(header.getEventId())) {
            return event;
        }
        E copy = model(event).deepCopy(event.getSchema(), event);
        EventHeader copied =
                (EventHeader) copy.get(event.getSchema().getField("header").pos());
        copied.setEventId(derive(event));
        return copy;
    }

    private static void appendRecord(StringBuilder content, String path, SpecificRecord record) {
        SpecificData model = model(record);
        for (Schema.Field field : record.getSchema().getFields()) {
            String name = path + field.name();
            if (name.equals("header.eventId") || name.equals("header.recordedAt")) {
                continue;
            }
            Object value = record.get(field.pos());
            if (field.hasDefaultValue() && Objects.equals(model.getDefaultValue(field), value)) {
                continue;
            }
            append(content, name, value, field.schema());
        }
    }

    private static void append(StringBuilder content, String path, Object value, Schema schema) {
        if (value == null) {
            content.append(SEPARATOR).append(path).append("=null");
        } else if (schema.getType() == Schema.Type.UNION) {
            append(content, path, value, branch(schema, value));
        } else if (value instanceof SpecificRecord nested) {
            appendRecord(content, path + ".", nested);
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                append(content, path + "[" + i + "]", list.get(i), schema.getElementType());
            }
        } else if (value instanceof Map<?, ?> map) {
            new TreeMap<>(stringKeys(map))
                    .forEach((k, v) -> append(content, path + "{" + k + "}", v, schema.getValueType()));
        } else {
            content.append(SEPARATOR).append(path).append('=').append(value);
        }
    }

    /** The branch a value takes: our unions are all "null or one type". */
    private static Schema branch(Schema union, Object value) {
        List<Schema> others = union.getTypes().stream()
                .filter(t -> t.getType() != Schema.Type.NULL)
                .toList();
        return others.size() == 1
                ? others.get(0)
                : union.getTypes().get(SpecificData.get().resolveUnion(union, value));
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static SpecificData model(SpecificRecord record) {
        return record instanceof SpecificRecordBase base ? base.getSpecificData() : SpecificData.get();
    }
}
