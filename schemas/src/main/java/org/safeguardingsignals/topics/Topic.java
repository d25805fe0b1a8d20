package org.safeguardingsignals.topics;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.safeguardingsignals.serde.SpecificAvroSerde;

/**
 * A topic with its value type, what its String key holds, its serdes and how it is kept. Names are lower-case, dot-separated and end in a
 * version (".v1"); a breaking change to a topic's meaning gets a new version, never an edit. Its settings say how
 * long its records are kept and how many copies there are.
 */
public record Topic<V extends SpecificRecord>(
        String name, String key, Class<V> valueType, Direction direction, String description, TopicSettings settings) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+\\.v[0-9]+");

    /** Who writes the topic. */
    public enum Direction {
        /** Partner agencies publish; the pipeline reads. */
        INPUT,
        /** The pipeline or the MASH console publishes; people and systems read. */
        OUTPUT
    }

    public Topic {
        Objects.requireNonNull(valueType, "valueType");
        Objects.requireNonNull(settings, "settings");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Topic name must be lower-case, dot-separated and versioned (e.g. "
                    + "safeguarding.police.domestic-abuse-incidents.v1): " + name);
        }
    }

    /** The TopicNameStrategy subject of the value schema. */
    public String valueSubject() {
        return name + "-value";
    }

    /** The record's key: the value of the field path {@link #key()} (for example "header.eventId"). */
    public String keyOf(V value) {
        Object at = value;
        for (String field : key.split("\\.")) {
            SpecificRecord record = (SpecificRecord) at;
            at = record.get(record.getSchema().getField(field).pos());
        }
        return at == null ? null : at.toString();
    }

    /** Keys are Strings on every topic: an agency's reference, a child's pseudonym, or an id. */
    public Serde<String> keySerde() {
        return Serdes.String();
    }

    /** The value serde (Confluent wire format, TopicNameStrategy) configured with the registry settings. */
    public SpecificAvroSerde<V> valueSerde(Map<String, ?> registryConfig) {
        return SpecificAvroSerde.forValues(valueType, registryConfig);
    }

    public Serializer<V> valueSerializer(Map<String, ?> registryConfig) {
        return valueSerde(registryConfig).serializer();
    }

    public Deserializer<V> valueDeserializer(Map<String, ?> registryConfig) {
        return valueSerde(registryConfig).deserializer();
    }

    public Schema valueSchema() {
        return SpecificData.get().getSchema(valueType);
    }
}
