package org.safeguardingsignals.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.embedded.ApicurioRegistry;
import org.safeguardingsignals.events.DashRiskLevel;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.serde.SpecificAvroDeserializer;
import org.safeguardingsignals.serde.SpecificAvroSerde;
import org.safeguardingsignals.serde.WireFormat;
import org.safeguardingsignals.serde.WireFormatException;
import org.safeguardingsignals.testing.TestEvents;

/**
 * Our client and serde against a real Apicurio Registry (Maven Central bundle, child process) through its
 * Confluent-compatible API. No stand-in: if the registry cannot start, this test fails.
 */
class ApicurioRegistryIT {
    private static ApicurioRegistry apicurio;
    private static RestSchemaRegistryClient client;

    @BeforeAll
    static void startRegistry() {
        apicurio = ApicurioRegistry.shared();
        client = new RestSchemaRegistryClient(
                RegistryClientConfig.from(Map.of("schema.registry.url", apicurio.confluentApiUrl())));
    }

    private static Map<String, Object> serdeConfig() {
        return Map.of("schema.registry.url", apicurio.confluentApiUrl());
    }

    @Test
    void startsWithBackwardCompatibility() {
        assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
    }

    @Test
    void registersLooksUpAndFetchesById() {
        String subject = "it.register.v1-value";
        int id = client.register(subject, DomesticAbuseIncident.getClassSchema());

        assertThat(client.register(subject, DomesticAbuseIncident.getClassSchema()))
                .isEqualTo(id);
        RegisteredSchema found = client.lookup(subject, DomesticAbuseIncident.getClassSchema());
        assertThat(found.id()).isEqualTo(id);
        assertThat(found.version()).isEqualTo(1);
        assertThat(client.getById(id)).isEqualTo(DomesticAbuseIncident.getClassSchema());
        assertThat(client.latest(subject).id()).isEqualTo(id);
        assertThat(client.subjects()).contains(subject);
    }

    @Test
    void evolvesCompatiblyAndIsRefusedAnIncompatibleChange() {
        String subject = "it.evolve.v1-value";
        Schema v1 = SchemaBuilder.record("Probe")
                .namespace("it")
                .fields()
                .requiredString("reference")
                .endRecord();
        Schema v2 = SchemaBuilder.record("Probe")
                .namespace("it")
                .fields()
                .requiredString("reference")
                .name("grade")
                .type()
                .stringType()
                .stringDefault("UNKNOWN")
                .endRecord();
        Schema breaking = SchemaBuilder.record("Probe")
                .namespace("it")
                .fields()
                .requiredString("reference")
                .requiredInt("count")
                .endRecord();
        client.register(subject, v1);

        assertThat(client.isCompatible(subject, v2)).isTrue();
        int v2Id = client.register(subject, v2);
        assertThat(client.latest(subject).version()).isEqualTo(2);
        assertThat(client.latest(subject).id()).isEqualTo(v2Id);

        assertThat(client.isCompatible(subject, breaking)).isFalse();
        assertThatThrownBy(() -> client.register(subject, breaking))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void roundTripsRecordsThroughTheSerde() {
        String topic = "it.roundtrip.v1";
        var serde = SpecificAvroSerde.forValues(DomesticAbuseIncident.class, serdeConfig());
        DomesticAbuseIncident incident = TestEvents.incident("WMP-2026-77", DashRiskLevel.MEDIUM, "9434765919");

        byte[] bytes = serde.serializer().serialize(topic, incident);

        assertThat(WireFormat.schemaId(bytes))
                .isEqualTo(client.latest(topic + "-value").id());
        assertThat(serde.deserializer().deserialize(topic, bytes)).isEqualTo(incident);
        // a fresh deserializer (no cache) fetches the writer's schema from the registry by id
        assertThat(new SpecificAvroDeserializer<>(
                                DomesticAbuseIncident.class,
                                new RestSchemaRegistryClient(RegistryClientConfig.from(serdeConfig())))
                        .deserialize(topic, bytes))
                .isEqualTo(incident);
    }

    @Test
    void readsRecordsWrittenWithAnOlderVersionWithTheNewReader() {
        String topic = "it.oldwriter.v1";
        Schema current = DomesticAbuseIncident.getClassSchema();
        Schema older = TestEvents.withoutField(current, "dashRiskLevel");
        int olderId = client.register(topic + "-value", older);
        byte[] oldBytes = TestEvents.framedWithOlderSchema(
                olderId, older, TestEvents.incident("GMP-1", DashRiskLevel.HIGH, "9434765870"));
        // the producer upgrades: the current schema is registered as version 2 (BACKWARD allows it)
        int currentId = client.register(topic + "-value", current);
        assertThat(currentId).isNotEqualTo(olderId);

        var deserializer = new SpecificAvroDeserializer<>(DomesticAbuseIncident.class);
        deserializer.configure(serdeConfig(), false);
        DomesticAbuseIncident read = deserializer.deserialize(topic, oldBytes);

        assertThat(read.getIncidentReference()).isEqualTo("GMP-1");
        assertThat(read.getDashRiskLevel()).isEqualTo(DashRiskLevel.UNKNOWN);
    }

    @Test
    void anUnknownSchemaIdIsNamedAsSuch() {
        var deserializer = new SpecificAvroDeserializer<>(DomesticAbuseIncident.class);
        deserializer.configure(serdeConfig(), false);
        byte[] bytes = {0, 0, 0x0F, 0x42, 0x40, 2, 4};

        assertThatThrownBy(() -> deserializer.deserialize("it.unknown.v1", bytes))
                .isInstanceOfSatisfying(
                        WireFormatException.class,
                        e -> assertThat(e.problem()).isEqualTo(WireFormatException.Problem.UNKNOWN_SCHEMA_ID))
                .hasMessageContaining("Schema id 1000000");
    }
}
