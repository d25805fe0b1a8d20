package org.safeguardingsignals.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguardingsignals.embedded.ApicurioRegistry;
import org.safeguardingsignals.embedded.EmbeddedKafka;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.DeadLetter;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.EventHeader;
import org.safeguardingsignals.events.HealthService;
import org.safeguardingsignals.events.HouseholdRole;
import org.safeguardingsignals.events.LinkedChild;
import org.safeguardingsignals.events.ParentHealthCategory;
import org.safeguardingsignals.events.ParentHealthEvent;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.serde.SpecificAvroDeserializer;
import org.safeguardingsignals.serde.SpecificAvroSerializer;
import org.safeguardingsignals.topics.Topics;

/**
 * The application main's wiring on a real KRaft broker (in-process) and a real Apicurio Registry: alerts come out
 * exactly once through a read_committed consumer, undecodable bytes reach the dead-letter topic without stopping
 * the app, and no internal topic carries a raw NHS number.
 */
class DetectionAppIntegrationTest {
    static final String CHILD_NHS = "9434765919";
    static EmbeddedKafka kafka;
    static ApicurioRegistry registry;
    static DetectionApp app;
    @TempDir
    static Path stateDir;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        registry = ApicurioRegistry.shared();
        Path key = stateDir.resolve("pseudonym.key");
        Files.writeString(key, "integration-test-key-that-is-at-least-32-bytes-long");
        Properties settings = new Properties();
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        settings.put("application.id", "detection-it");
        settings.put("state.dir", stateDir.resolve("state").toString());
        settings.put("schema.registry.url", registry.confluentApiUrl());
        settings.put(Pseudonymiser.KEY_FILE_CONFIG, key.toString());
        settings.put("topics.partitions", "2");
        app = new DetectionApp(settings, Map.of(), new PipelineMetrics(new SimpleMeterRegistry()));
        app.start();
        awaitRunning(app.streams());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void poisonIsDeadLetteredAndTheAlertStillComesOutOnce() throws Exception {
        Instant at = Instant.now().minus(Duration.ofDays(3));
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(producerProps(), new StringSerializer(),
                new ByteArraySerializer());
             KafkaProducer<String, DomesticAbuseIncident> police = new KafkaProducer<>(producerProps(),
                     new StringSerializer(), serializer());
             KafkaProducer<String, ParentHealthEvent> health = new KafkaProducer<>(producerProps(),
                     new StringSerializer(), serializer())) {
            raw.send(new ProducerRecord<>(Topics.DOMESTIC_ABUSE_INCIDENTS.name(), "MPS-BAD",
                    "not avro at all".getBytes(StandardCharsets.UTF_8))).get();
            police.send(new ProducerRecord<>(Topics.DOMESTIC_ABUSE_INCIDENTS.name(), "MPS-1", incident(at))).get();
            health.send(new ProducerRecord<>(Topics.PARENT_HEALTH_EVENTS.name(), "RJ1-1", crisis(at.plusSeconds(600))))
                    .get();
        }

        List<RiskAlert> alerts = readAll(Topics.ALERTS.name(), new SpecificAvroDeserializer<>(RiskAlert.class), 1,
                Duration.ofSeconds(60));
        assertThat(alerts).extracting(RiskAlert::getRuleId).containsExactly("toxic-trio-emerging");
        assertThat(alerts.get(0).getChildPseudonym()).matches("[0-9a-f]{32}").doesNotContain(CHILD_NHS);

        List<DeadLetter> letters = readAll(Topics.DEAD_LETTERS.name(),
                new SpecificAvroDeserializer<>(DeadLetter.class), 1, Duration.ofSeconds(30));
        assertThat(letters).extracting(DeadLetter::getReason).containsExactly(RejectReason.UNDECODABLE);
        assertThat(letters.get(0).getSourceTopic()).isEqualTo(Topics.DOMESTIC_ABUSE_INCIDENTS.name());
        assertThat(StandardCharsets.UTF_8.decode(letters.get(0).getOriginalValue()).toString())
                .isEqualTo("not avro at all");
        assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);

        // no repartition topic or changelog carries the raw NHS number, in keys or values
        List<String> internal = kafka.admin().listTopics().names().get().stream()
                .filter(t -> t.startsWith("detection-it-")).toList();
        assertThat(internal).contains("detection-it-indicators-by-child-repartition",
                "detection-it-child-state-changelog");
        for (String topic : internal) {
            for (ConsumerRecord<byte[], byte[]> r : readRaw(topic)) {
                String bytes = new String(r.key() == null ? new byte[0] : r.key(), StandardCharsets.ISO_8859_1)
                        + new String(r.value() == null ? new byte[0] : r.value(), StandardCharsets.ISO_8859_1);
                assertThat(bytes).as(topic).doesNotContain(CHILD_NHS);
            }
        }
    }

    private static DomesticAbuseIncident incident(Instant at) {
        return DomesticAbuseIncident.newBuilder().setHeader(header(Agency.POLICE, "01", at))
                .setIncidentReference("MPS-1")
                .setChildren(List.of(new LinkedChild(child(), true))).setPoliceAttended(true).build();
    }

    private static ParentHealthEvent crisis(Instant at) {
        return ParentHealthEvent.newBuilder().setHeader(header(Agency.HEALTH, "RJ1", at)).setEventReference("RJ1-1")
                .setSubject(PersonRef.newBuilder().setRole(HouseholdRole.PARENT_OR_CARER).build())
                .setCategory(ParentHealthCategory.MENTAL_HEALTH).setService(HealthService.CRISIS_TEAM)
                .setChildrenInHousehold(List.of(child())).build();
    }

    private static PersonRef child() {
        return PersonRef.newBuilder().setNhsNumber(CHILD_NHS).setRole(HouseholdRole.CHILD).build();
    }

    private static EventHeader header(Agency agency, String org, Instant at) {
        return EventHeader.newBuilder().setEventId(UUID.randomUUID()).setSourceAgency(agency)
                .setOrganisationCode(org).setLocalAuthority("E09000022").setOccurredAt(at).setRecordedAt(at).build();
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> SpecificAvroSerializer<T> serializer() {
        SpecificAvroSerializer<T> s = new SpecificAvroSerializer<>();
        s.configure(Map.of("schema.registry.url", registry.confluentApiUrl()), false);
        return s;
    }

    private static Properties producerProps() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> List<T> readAll(String topic,
            SpecificAvroDeserializer<T> deserializer, int expected, Duration timeout) {
        deserializer.configure(Map.of("schema.registry.url", registry.confluentApiUrl()), false);
        Properties p = consumerProps();
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(p, new StringDeserializer(), deserializer)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
                if (out.size() >= expected) {
                    // a little longer, to catch anything extra
                    consumer.poll(Duration.ofSeconds(2)).forEach(r -> out.add(r.value()));
                    break;
                }
            }
        }
        return out;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readRaw(String topic) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        Properties p = consumerProps();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            for (int i = 0; i < 10; i++) {
                consumer.poll(Duration.ofMillis(300)).forEach(out::add);
            }
        }
        return out;
    }

    private static Properties consumerProps() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return p;
    }

    static void awaitRunning(KafkaStreams streams) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }
}
