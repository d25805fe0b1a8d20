package org.safeguardingsignals.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.safeguardingsignals.events.DashRiskLevel;
import org.safeguardingsignals.events.DeadLetter;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.IdentifierSystem;
import org.safeguardingsignals.events.LinkedChild;
import org.safeguardingsignals.events.LocalIdentifier;
import org.safeguardingsignals.events.PartnershipMetric;
import org.safeguardingsignals.registry.InMemorySchemaRegistry;
import org.safeguardingsignals.registry.SchemaRegistries;
import org.safeguardingsignals.serde.WireFormatException.Problem;
import org.safeguardingsignals.testing.TestEvents;

class SpecificAvroSerdeTest {
    private static final String TOPIC = "safeguarding.police.domestic-abuse-incidents.v1";
    private static final String SUBJECT = TOPIC + "-value";
    private String scope;
    private InMemorySchemaRegistry registry;
    private Map<String, Object> config;

    @BeforeEach
    void freshRegistry(TestInfo info) {
        scope = "serde-" + info.getDisplayName();
        registry = SchemaRegistries.mockScope(scope);
        config = Map.of("schema.registry.url", "mock://" + scope);
    }

    @AfterEach
    void dropRegistry() {
        SchemaRegistries.dropMockScope(scope);
    }

    @Test
    void roundTripsAGeneratedRecordAndRegistersUnderTheTopicNameStrategySubject() {
        var serde = SpecificAvroSerde.forValues(DomesticAbuseIncident.class, config);
        DomesticAbuseIncident incident =
                TestEvents.incident("MPS-2026-000123", DashRiskLevel.HIGH, "9434765919", "9434765870");

        byte[] bytes = serde.serializer().serialize(TOPIC, incident);

        assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(incident);
        assertThat(registry.subjects()).containsExactly(SUBJECT);
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt())
                .isEqualTo(registry.latest(SUBJECT).id());
    }

    @Test
    void writesConfluentWireFormatByteForByte() {
        var serializer = new SpecificAvroSerializer<LocalIdentifier>();
        serializer.configure(config, false);
        byte[] bytes = serializer.serialize("t.v1", new LocalIdentifier(IdentifierSystem.UPN, "B801200005001"));
        int id = registry.lookup("t.v1-value", LocalIdentifier.getClassSchema()).id();

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(0); // magic byte
        expected.writeBytes(ByteBuffer.allocate(4).putInt(id).array()); // schema id, big-endian
        expected.write(0); // enum index 0 (UPN), zig-zag varint
        expected.write(26); // string length 13, zig-zag varint
        expected.writeBytes("B801200005001".getBytes(StandardCharsets.UTF_8));
        assertThat(bytes).isEqualTo(expected.toByteArray());
    }

    @Test
    void readsARecordWrittenWithAnOlderSchemaIntoTheCurrentOne() {
        // v0 of the incident had no DASH risk level; the current reader fills in its default.
        Schema older = TestEvents.withoutField(DomesticAbuseIncident.getClassSchema(), "dashRiskLevel");
        int olderId = registry.register(SUBJECT, older);
        byte[] oldBytes = TestEvents.framedWithOlderSchema(
                olderId, older, TestEvents.incident("MPS-1", DashRiskLevel.HIGH, "9434765919"));

        DomesticAbuseIncident read =
                new SpecificAvroDeserializer<>(DomesticAbuseIncident.class, registry).deserialize(TOPIC, oldBytes);

        assertThat(read.getDashRiskLevel()).isEqualTo(DashRiskLevel.UNKNOWN);
        assertThat(read.getIncidentReference()).isEqualTo("MPS-1");
    }

    @Test
    void useLatestVersionWritesWithTheSubjectsLatestSchema() {
        Schema newer = withExtraOptionalField(DomesticAbuseIncident.getClassSchema());
        registry.register(SUBJECT, DomesticAbuseIncident.getClassSchema());
        int newerId = registry.register(SUBJECT, newer);
        var serializer = new SpecificAvroSerializer<DomesticAbuseIncident>();
        serializer.configure(
                Map.of(
                        "schema.registry.url",
                        "mock://" + scope,
                        "auto.register.schemas",
                        "false",
                        "use.latest.version",
                        "true"),
                false);

        byte[] bytes = serializer.serialize(TOPIC, TestEvents.incident("MPS-2", DashRiskLevel.MEDIUM, "9434765919"));

        assertThat(WireFormat.schemaId(bytes)).isEqualTo(newerId);
        assertThat(decode(bytes, newer).get("attendingOfficerCount")).isEqualTo(0);
        var deserializer = new SpecificAvroDeserializer<>(DomesticAbuseIncident.class, registry);
        assertThat(deserializer.deserialize(TOPIC, bytes).getIncidentReference())
                .isEqualTo("MPS-2");
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaIsAClearError() {
        var serializer = new SpecificAvroSerializer<DomesticAbuseIncident>();
        serializer.configure(Map.of("schema.registry.url", "mock://" + scope, "auto.register.schemas", "false"), false);

        assertThatThrownBy(() -> serializer.serialize(TOPIC, TestEvents.incident("MPS-3", DashRiskLevel.HIGH)))
                .isInstanceOfSatisfying(
                        WireFormatException.class, e -> assertThat(e.problem()).isEqualTo(Problem.REGISTRY_FAILURE))
                .hasMessageContaining("subject \"" + SUBJECT + "\" could not be found");
    }

    @Test
    void withoutAutoRegisterARegisteredSchemaIsLookedUpAndItsIdWritten() {
        int id = registry.register(SUBJECT, DomesticAbuseIncident.getClassSchema());
        var serializer = new SpecificAvroSerializer<DomesticAbuseIncident>();
        serializer.configure(Map.of("schema.registry.url", "mock://" + scope, "auto.register.schemas", "false"), false);

        byte[] bytes = serializer.serialize(TOPIC, TestEvents.incident("MPS-5", DashRiskLevel.HIGH, "9434765919"));

        assertThat(WireFormat.schemaId(bytes)).isEqualTo(id);
        assertThat(new SpecificAvroDeserializer<>(DomesticAbuseIncident.class, registry)
                        .deserialize(TOPIC, bytes)
                        .getIncidentReference())
                .isEqualTo("MPS-5");
    }

    @Test
    void useLatestVersionReencodesEvenTheSmallestRecord() {
        String topic = "local-identifiers";
        Schema newer = withExtraOptionalField(LocalIdentifier.getClassSchema());
        int newerId = registry.register(topic + "-value", newer);
        var serializer = new SpecificAvroSerializer<LocalIdentifier>();
        serializer.configure(
                Map.of(
                        "schema.registry.url",
                        "mock://" + scope,
                        "auto.register.schemas",
                        "false",
                        "use.latest.version",
                        "true"),
                false);

        byte[] bytes = serializer.serialize(topic, new LocalIdentifier(IdentifierSystem.UPN, "x"));

        assertThat(bytes).as("header, enum, one-letter string, the new int").hasSize(WireFormat.HEADER_SIZE + 4);
        assertThat(WireFormat.schemaId(bytes)).isEqualTo(newerId);
        GenericRecord read = decode(bytes, newer);
        assertThat(read.get("value")).hasToString("x");
        assertThat(read.get("attendingOfficerCount")).isEqualTo(0);
    }

    @Test
    void aRecordThatCannotBeWrittenNamesTheFieldButNeverTheValue() {
        var serializer =
                SpecificAvroSerde.forValues(DomesticAbuseIncident.class, config).serializer();
        DomesticAbuseIncident missingReference = TestEvents.incident("MPS-6", DashRiskLevel.HIGH, "9434765919");
        missingReference.setIncidentReference(null);
        assertThatThrownBy(() -> serializer.serialize(TOPIC, missingReference))
                .isInstanceOfSatisfying(
                        WireFormatException.class, e -> assertThat(e.problem()).isEqualTo(Problem.CORRUPT_PAYLOAD))
                .hasMessageStartingWith(
                        "Cannot write org.safeguardingsignals.events.DomesticAbuseIncident to topic " + TOPIC + ": ")
                .hasMessageContaining("incidentReference")
                .hasMessageNotContaining("NullPointerException");

        DomesticAbuseIncident wrongType = TestEvents.incident("MPS-7", DashRiskLevel.HIGH, "9434765919");
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<LinkedChild> notChildren = (List) new ArrayList<>(List.of("9434765870"));
        wrongType.setChildren(notChildren);
        assertThatThrownBy(() -> serializer.serialize(TOPIC, wrongType))
                .isInstanceOf(WireFormatException.class)
                .hasMessageEndingWith(": java.lang.ClassCastException")
                .hasMessageNotContaining("9434765870");
    }

    @Test
    void aKeyIsWrittenUnderTheKeySubjectAndNothingIsWrittenForNothing() {
        var keys = new SpecificAvroSerializer<LocalIdentifier>();
        keys.configure(config, true);

        byte[] bytes = keys.serialize("keyed", new LocalIdentifier(IdentifierSystem.UPN, "x"));

        assertThat(registry.subjects()).containsExactly("keyed-key");
        assertThat(WireFormat.schemaId(bytes))
                .isEqualTo(registry.latest("keyed-key").id());
        assertThat(keys.serialize("keyed", null)).isNull();
        assertThat(new SpecificAvroDeserializer<>(LocalIdentifier.class, registry).deserialize("keyed", null))
                .isNull();
    }

    @Test
    void aSchemaTheRegistryRefusesIsAClearError() {
        registry.register(
                SUBJECT,
                SchemaBuilder.record("DomesticAbuseIncident")
                        .namespace("org.safeguardingsignals.events")
                        .fields()
                        .requiredString("somethingElse")
                        .endRecord());
        var serializer =
                SpecificAvroSerde.forValues(DomesticAbuseIncident.class, config).serializer();

        assertThatThrownBy(() -> serializer.serialize(TOPIC, TestEvents.incident("MPS-8", DashRiskLevel.HIGH)))
                .isInstanceOfSatisfying(
                        WireFormatException.class, e -> assertThat(e.problem()).isEqualTo(Problem.REGISTRY_FAILURE))
                .hasMessageContaining("subject \"" + SUBJECT + "\" could not be registered");
    }

    @Test
    void badBytesNameTheirCause() {
        var serde = SpecificAvroSerde.forValues(DomesticAbuseIncident.class, config);
        byte[] good =
                serde.serializer().serialize(TOPIC, TestEvents.incident("MPS-4", DashRiskLevel.HIGH, "9434765919"));
        var deserializer = serde.deserializer();

        assertProblem(
                () -> deserializer.deserialize(TOPIC, "{\"json\":1}".getBytes(StandardCharsets.UTF_8)),
                Problem.BAD_MAGIC_BYTE,
                "Unknown magic byte 0x7B");
        assertProblem(
                () -> deserializer.deserialize(TOPIC, new byte[] {0, 0, 1}), Problem.TRUNCATED, "3 bytes is too short");
        assertProblem(
                () -> deserializer.deserialize(TOPIC, Arrays.copyOf(good, good.length - 10)),
                Problem.TRUNCATED,
                "Avro body ends early");
        byte[] unknownId = good.clone();
        ByteBuffer.wrap(unknownId).position(1).putInt(9999);
        assertProblem(() -> deserializer.deserialize(TOPIC, unknownId), Problem.UNKNOWN_SCHEMA_ID, "Schema id 9999");
        assertThat(deserializer.deserialize(TOPIC, null)).isNull();
    }

    @Test
    void aTinyRecordDeclaringA2GbStringIsRefusedNamingTheLimitBeforeAnythingIsAllocated() {
        int id = registry.register(SUBJECT, DomesticAbuseIncident.getClassSchema());
        // header.eventId, the first field, declares the largest string the JVM could allocate (2 GB)
        byte[] evil = TestEvents.framed(id, e -> e.writeLong(Integer.MAX_VALUE - 8));
        var deserializer = new SpecificAvroDeserializer<>(DomesticAbuseIncident.class, registry);

        assertThat(evil).hasSizeLessThan(16);
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, evil))
                .isInstanceOfSatisfying(
                        WireFormatException.class, e -> assertThat(e.problem()).isEqualTo(Problem.LIMIT_EXCEEDED))
                .hasMessageContaining("declares a string of 2,147,483,639 bytes")
                .hasMessageContaining("over the limit org.apache.avro.limits.string.maxLength=65536");
    }

    @Test
    void aRecordDeclaringA2To31ItemArrayIsRefusedNamingTheLimit() {
        int id = registry.register(SUBJECT, DomesticAbuseIncident.getClassSchema());
        var deserializer = new SpecificAvroDeserializer<>(DomesticAbuseIncident.class, registry);
        // 2^31 - 9 is the largest array the JVM could allocate; 2^31 is beyond it
        for (long items : new long[] {(1L << 31) - 9, 1L << 31}) {
            byte[] evil = TestEvents.framed(id, e -> {
                validHeaderAndReference(e);
                e.writeArrayStart();
                e.setItemCount(items);
            });

            assertThat(evil).hasSizeLessThan(80);
            assertThatThrownBy(() -> deserializer.deserialize(TOPIC, evil))
                    .isInstanceOfSatisfying(
                            WireFormatException.class,
                            e -> assertThat(e.problem()).isEqualTo(Problem.LIMIT_EXCEEDED))
                    .hasMessageContaining(String.format("declares a collection of %,d items", items))
                    .hasMessageContaining("over the limit org.apache.avro.limits.collectionItems.maxLength=100000");
        }
    }

    @Test
    void aDeadLetterDeclaringHugeBytesAndAMetricDeclaringAHugeMapAreRefused() {
        int letterId = registry.register("dl-value", DeadLetter.getClassSchema());
        byte[] letter = TestEvents.framed(letterId, e -> {
            e.writeEnum(0);
            e.writeString("detail");
            e.writeString("topic");
            e.writeInt(0);
            e.writeLong(0);
            e.writeIndex(1); // originalKey: the bytes branch of the union
            e.writeLong(1_500_000_000L); // its declared length
        });
        assertThatThrownBy(() -> new SpecificAvroDeserializer<>(DeadLetter.class, registry).deserialize("dl", letter))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("over the limit org.apache.avro.limits.bytes.maxLength=8388608");

        int metricId = registry.register("pm-value", PartnershipMetric.getClassSchema());
        byte[] metric = TestEvents.framed(metricId, e -> {
            e.writeString("E09000022");
            e.writeEnum(0);
            e.writeString("2026-W47");
            e.writeString("events_received");
            e.writeMapStart();
            e.setItemCount(1L << 30);
        });
        assertThatThrownBy(() ->
                        new SpecificAvroDeserializer<>(PartnershipMetric.class, registry).deserialize("pm", metric))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("over the limit org.apache.avro.limits.collectionItems.maxLength=100000");
    }

    @Test
    void aDecodingFailureNeitherQuotesNorChainsTheValue() {
        int id = registry.register(SUBJECT, DomesticAbuseIncident.getClassSchema());
        // an NHS number where the event id (a UUID) belongs: Avro's conversion says "Invalid UUID string: ..."
        byte[] bytes = TestEvents.framed(id, e -> {
            e.writeString("9434765919");
            e.writeEnum(0);
        });
        var deserializer = new SpecificAvroDeserializer<>(DomesticAbuseIncident.class, registry);

        Throwable thrown = Assertions.catchThrowable(() -> deserializer.deserialize(TOPIC, bytes));

        assertThat(thrown)
                .isInstanceOfSatisfying(
                        WireFormatException.class, e -> assertThat(e.problem()).isEqualTo(Problem.CORRUPT_PAYLOAD))
                .hasMessageContaining("java.lang.IllegalArgumentException");
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString())
                .as("everything a log would print")
                .doesNotContain("9434765919")
                .contains("IllegalArgumentException");
    }

    /** A header and incident reference that decode, as a producer would write them. */
    private static void validHeaderAndReference(BinaryEncoder e) throws IOException {
        e.writeString("00000000-0000-0000-0000-000000000001");
        e.writeEnum(0);
        e.writeString("01");
        e.writeString("E09000022");
        e.writeLong(1_700_000_000_000L);
        e.writeLong(1_700_000_000_000L);
        e.writeString("MPS-1");
    }

    private static void assertProblem(ThrowableAssert.ThrowingCallable call, Problem problem, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        WireFormatException.class, e -> assertThat(e.problem()).isEqualTo(problem))
                .hasMessageContaining(message);
    }

    static Schema withExtraOptionalField(Schema base) {
        var fields = SchemaBuilder.record(base.getName())
                .namespace(base.getNamespace())
                .fields();
        for (Schema.Field f : base.getFields()) {
            fields = f.hasDefaultValue()
                    ? fields.name(f.name()).type(f.schema()).withDefault(f.defaultVal())
                    : fields.name(f.name()).type(f.schema()).noDefault();
        }
        return fields.name("attendingOfficerCount")
                .type()
                .intType()
                .intDefault(0)
                .endRecord();
    }

    static GenericRecord decode(byte[] framed, Schema schema) {
        try {
            return new GenericDatumReader<GenericRecord>(schema)
                    .read(
                            null,
                            DecoderFactory.get()
                                    .binaryDecoder(
                                            framed,
                                            WireFormat.HEADER_SIZE,
                                            framed.length - WireFormat.HEADER_SIZE,
                                            null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
