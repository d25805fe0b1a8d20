package org.safeguardingsignals.serde;

import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.SystemLimitException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.safeguardingsignals.logging.RedactedException;
import org.safeguardingsignals.registry.SchemaRegistries;
import org.safeguardingsignals.registry.SchemaRegistryClient;
import org.safeguardingsignals.registry.SchemaRegistryException;

/**
 * Reads Confluent wire format into a generated Avro class, resolving the writer's schema (fetched by id) into the
 * class's schema, so records written with an older compatible version read as the current one. Bad bytes raise
 * {@link WireFormatException} naming the cause; a body that declares a string, bytes value or collection over the
 * {@link DecodingLimits} is refused before anything is allocated for it.
 *
 * <p>Exception messages never quote the record: a decoding failure names the exception's class, and the original
 * exception is chained only as a {@link RedactedException} (class and stack trace), because Kafka Streams logs the
 * whole chain of a skipped record and Avro's messages quote values ("Invalid UUID string: ...").
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
    private final DecodingLimits limits = DecodingLimits.inForce();
    private final Class<T> type;
    private final Schema readerSchema;
    private SchemaRegistryClient registry;
    private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();

    public SpecificAvroDeserializer(Class<T> type) {
        this(type, null);
    }

    public SpecificAvroDeserializer(Class<T> type, SchemaRegistryClient registry) {
        this.type = Objects.requireNonNull(type, "type");
        this.readerSchema = SpecificData.get().getSchema(type);
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry == null) {
            registry = SchemaRegistries.forConfig(configs);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        int id = WireFormat.schemaId(data);
        SpecificDatumReader<T> reader = readers.computeIfAbsent(id, this::readerFor);
        try {
            BinaryDecoder binary = DecoderFactory.get()
                    .binaryDecoder(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, null);
            return reader.read(null, new BoundedDecoder(binary, limits));
        } catch (DecodingLimitException e) {
            throw new WireFormatException(
                    WireFormatException.Problem.LIMIT_EXCEEDED, body(id, data) + " declares " + e.getMessage());
        } catch (SystemLimitException e) {
            // Avro's own limit, where an operator set it stricter than ours
            throw new WireFormatException(
                    WireFormatException.Problem.LIMIT_EXCEEDED,
                    body(id, data) + " declares a value over Avro's system limits ("
                            + e.getClass().getName() + ")");
        } catch (EOFException e) {
            throw new WireFormatException(
                    WireFormatException.Problem.TRUNCATED,
                    "Avro body ends early for " + type.getSimpleName() + " with schema id " + id + " (" + data.length
                            + " bytes)");
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException(
                    WireFormatException.Problem.CORRUPT_PAYLOAD,
                    "Avro body does not decode" + " as " + type.getSimpleName() + " with schema id " + id + ": "
                            + e.getClass().getName(),
                    RedactedException.of(e));
        }
    }

    private String body(int id, byte[] data) {
        return "Avro body of " + type.getSimpleName() + " with schema id " + id + " (" + data.length + " bytes)";
    }

    private SpecificDatumReader<T> readerFor(int id) {
        Schema writer;
        try {
            writer = registry.getById(id);
        } catch (SchemaRegistryException e) {
            throw new WireFormatException(
                    e.notFound()
                            ? WireFormatException.Problem.UNKNOWN_SCHEMA_ID
                            : WireFormatException.Problem.REGISTRY_FAILURE,
                    "Schema id " + id + " could not be fetched: " + e.getMessage(),
                    e);
        }
        try {
            return new SpecificDatumReader<>(writer, readerSchema);
        } catch (AvroTypeException e) {
            throw new WireFormatException(
                    WireFormatException.Problem.INCOMPATIBLE_SCHEMA,
                    "Schema id " + id + " (" + writer.getFullName() + ") cannot be read as "
                            + readerSchema.getFullName(),
                    e);
        }
    }
}
