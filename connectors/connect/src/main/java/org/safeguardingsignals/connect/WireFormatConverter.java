package org.safeguardingsignals.connect;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;
import org.safeguardingsignals.serde.SpecificAvroSerializer;

/**
 * Writes the Avro records of our contracts (as the file-drop connector makes them) in the Confluent wire format,
 * registering or looking up the schema under the topic's subject. Configured with Confluent's keys
 * ({@code value.converter.schema.registry.url}, basic auth, ...). For reading alerts and decisions into a database,
 * use {@link WorklistRowConverter}.
 */
public final class WireFormatConverter implements Converter {
    private final SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof SpecificRecord record)) {
            throw new DataException("WireFormatConverter writes the Avro records of the Safeguarding Signals "
                    + "contracts; a " + value.getClass().getName() + " came for " + topic);
        }
        try {
            return serializer.serialize(topic, record);
        } catch (RuntimeException e) {
            throw new DataException(
                    "could not write a " + record.getSchema().getName() + " for " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        throw new DataException("WireFormatConverter only writes; to read alerts and decisions use "
                + WorklistRowConverter.class.getName());
    }
}
