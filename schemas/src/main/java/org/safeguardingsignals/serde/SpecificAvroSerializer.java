package org.safeguardingsignals.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.safeguardingsignals.logging.RedactedException;
import org.safeguardingsignals.registry.RegisteredSchema;
import org.safeguardingsignals.registry.SchemaRegistries;
import org.safeguardingsignals.registry.SchemaRegistryClient;
import org.safeguardingsignals.registry.SchemaRegistryException;

/**
 * Writes generated Avro records in Confluent's wire format under the TopicNameStrategy subject. With
 * auto.register.schemas (default) the record's schema is registered; otherwise it must already be registered, or,
 * with use.latest.version, the record is written with the subject's latest schema (which must be able to read it).
 */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {
    private SchemaRegistryClient registry;
    private AvroSerdeConfig config;
    private boolean isKey;
    private final Map<String, Writer> writers = new ConcurrentHashMap<>();
    /** Re-encoding for use.latest.version decodes, so the decoding limits are set before Avro first reads them. */
    private final DecodingLimits limits = DecodingLimits.inForce();

    /**
     * How records of one schema are written to one topic. The datum writer is built once: building it per record
     * showed in the profile (BENCHMARKS.md), and, like Confluent's cached writers, it holds no per-write state.
     */
    private record Writer(int schemaId, Schema target, boolean convert, SpecificDatumWriter<Object> datumWriter) {}

    public SpecificAvroSerializer() {}

    public SpecificAvroSerializer(SchemaRegistryClient registry, Map<String, ?> configs, boolean isKey) {
        this.registry = registry;
        this.config = AvroSerdeConfig.from(configs);
        this.isKey = isKey;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry == null) {
            registry = SchemaRegistries.forConfig(configs);
        }
        this.config = AvroSerdeConfig.from(configs);
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        Schema schema = record.getSchema();
        String subject = topic + (isKey ? "-key" : "-value");
        Writer writer = writers.computeIfAbsent(
                subject + "\u0000" + schema.getFullName() + schema.hashCode(), k -> writerFor(subject, schema));
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            ByteBuffer header = ByteBuffer.allocate(WireFormat.HEADER_SIZE);
            WireFormat.writeHeader(header, writer.schemaId());
            out.write(header.array());
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.datumWriter().write(record, encoder);
            encoder.flush();
            byte[] bytes = out.toByteArray();
            return writer.convert() ? reencode(bytes, schema, writer.target()) : bytes;
        } catch (IOException | RuntimeException e) {
            // Avro's messages can quote the value ("value ... cannot be cast"); its null-field message names the
            // field only, which is what a developer needs
            String why = e instanceof NullPointerException && e.getMessage() != null
                    ? e.getMessage()
                    : e.getClass().getName();
            throw new WireFormatException(
                    WireFormatException.Problem.CORRUPT_PAYLOAD,
                    "Cannot write " + schema.getFullName() + " to topic " + topic + ": " + why,
                    RedactedException.of(e));
        }
    }

    private Writer writerFor(String subject, Schema schema) {
        try {
            if (config.autoRegisterSchemas()) {
                return new Writer(registry.register(subject, schema), schema, false, new SpecificDatumWriter<>(schema));
            }
            if (config.useLatestVersion()) {
                RegisteredSchema latest = registry.latest(subject);
                return new Writer(
                        latest.id(),
                        latest.schema(),
                        !latest.schema().equals(schema),
                        new SpecificDatumWriter<>(schema));
            }
            return new Writer(registry.lookup(subject, schema).id(), schema, false, new SpecificDatumWriter<>(schema));
        } catch (SchemaRegistryException e) {
            throw new WireFormatException(
                    WireFormatException.Problem.REGISTRY_FAILURE,
                    "Schema for subject \""
                            + subject + "\" could not be " + (config.autoRegisterSchemas() ? "registered" : "found")
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** Rewrites a framed payload from the record's schema into the target schema (for use.latest.version). */
    private byte[] reencode(byte[] framed, Schema from, Schema to) throws IOException {
        var decoder = DecoderFactory.get()
                .binaryDecoder(framed, WireFormat.HEADER_SIZE, framed.length - WireFormat.HEADER_SIZE, null);
        Object value = new GenericDatumReader<>(from, to).read(null, new BoundedDecoder(decoder, limits));
        ByteArrayOutputStream out = new ByteArrayOutputStream(framed.length + 16);
        out.write(framed, 0, WireFormat.HEADER_SIZE);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<>(to).write(value, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
