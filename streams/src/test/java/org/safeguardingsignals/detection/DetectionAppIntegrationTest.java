package org.safeguardingsignals.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
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
import org.safeguardingsignals.embedded.CapturedLog;
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
import org.safeguardingsignals.events.UnmatchedEvent;
import org.safeguardingsignals.registry.SchemaRegistries;
import org.safeguardingsignals.serde.SpecificAvroDeserializer;
import org.safeguardingsignals.serde.SpecificAvroSerializer;
import org.safeguardingsignals.topics.Topics;

/**
 * The application main's wiring on a real KRaft broker (in-process) and a real Apicurio Registry: alerts come out
 * exactly once through a read_committed consumer, undecodable bytes (a 70-byte record declaring a 2 GB string
 * included) reach the dead-letter topic once each without stopping the app, no internal topic carries a raw NHS
 * number, and no log line or dead-letter detail quotes one.
 */
class DetectionAppIntegrationTest {
    static final String CHILD_NHS = "9434765919";
    static final String NAME_LIKE = "JANE_SMITH_" + CHILD_NHS;
    static CapturedLog log;
    static EmbeddedKafka kafka;
    static ApicurioRegistry registry;
    static DetectionApp app;
    @TempDir
    static Path stateDir;

    @BeforeAll
    static void start() throws Exception {
        log = CapturedLog.start();
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
        if (log != null) {
            log.close();
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
                new SpecificAvroDeserializer<>(DeadLetter.class), 1, Duration.ofSeconds(30)).stream()
                .filter(l -> l.getOriginalValue() != null && StandardCharsets.UTF_8.decode(l.getOriginalValue()
                        .duplicate()).toString().equals("not avro at all")).toList(); // the tests share the topic
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

    @Test
    void oversizedOrValueQuotingRecordsAreDeadLetteredOnceEachAndTheNextGoodRecordIsProcessed() throws Exception {
        String topic = Topics.DOMESTIC_ABUSE_INCIDENTS.name();
        int schemaId = SchemaRegistries.forConfig(Map.of("schema.registry.url", registry.confluentApiUrl()))
                .register(topic + "-value", DomesticAbuseIncident.getClassSchema());
        Instant at = Instant.now().minus(Duration.ofDays(2));
        DomesticAbuseIncident markup = incident(at);
        markup.getHeader().setEventId(UUID.randomUUID());
        markup.setIncidentReference("<img src=x onerror=alert(1)>");
        DomesticAbuseIncident good = incident(at);
        UUID goodId = UUID.randomUUID();
        good.getHeader().setEventId(goodId);
        good.setIncidentReference("MPS-AFTER-POISON");
        good.setChildren(List.of(new LinkedChild(PersonRef.newBuilder().setRole(HouseholdRole.CHILD).build(), true)));

        Map<Long, String> expectedByOffset = new HashMap<>();
        int partition;
        // one key, so one partition and one order: once the good record's output is out, the rest were handled
        String key = "MPS-POISON";
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(producerProps(), new StringSerializer(),
                new ByteArraySerializer());
             KafkaProducer<String, DomesticAbuseIncident> police = new KafkaProducer<>(producerProps(),
                     new StringSerializer(), serializer())) {
            // 2 GB declared as the event id's length: the decoder used to allocate it and die
            var hugeString = raw.send(new ProducerRecord<>(topic, key, framed(schemaId,
                    e -> e.writeLong(Integer.MAX_VALUE - 8)))).get();
            expectedByOffset.put(hugeString.offset(), "UNDECODABLE org.apache.avro.limits.string.maxLength");
            var hugeArray = raw.send(new ProducerRecord<>(topic, key, framed(schemaId, e -> {
                e.writeString(UUID.randomUUID().toString());
                e.writeEnum(0);
                e.writeString("01");
                e.writeString("E09000022");
                e.writeLong(at.toEpochMilli());
                e.writeLong(at.toEpochMilli());
                e.writeString("MPS-2");
                e.writeArrayStart();
                e.setItemCount((1L << 31) - 9);
            }))).get();
            expectedByOffset.put(hugeArray.offset(), "UNDECODABLE org.apache.avro.limits.collectionItems.maxLength");
            // a name and an NHS number where the event id belongs: Avro's message quotes it
            var quoting = raw.send(new ProducerRecord<>(topic, key, framed(schemaId, e -> {
                e.writeString(NAME_LIKE);
                e.writeEnum(0);
            }))).get();
            expectedByOffset.put(quoting.offset(), "UNDECODABLE java.lang.IllegalArgumentException");
            var markupSent = police.send(new ProducerRecord<>(topic, key, markup)).get();
            expectedByOffset.put(markupSent.offset(), "INVALID_REFERENCE reference must start with a letter");
            partition = police.send(new ProducerRecord<>(topic, key, good)).get().partition();
        }

        List<UnmatchedEvent> unmatched = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (unmatched.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            unmatched = readToEnd(Topics.UNMATCHED.name(), UnmatchedEvent.class).stream()
                    .filter(u -> u.getSourceEventId().equals(goodId.toString())).toList();
        }
        assertThat(unmatched).as("the good record after the poison was processed").hasSize(1);

        Map<Long, List<DeadLetter>> letters = new HashMap<>();
        for (DeadLetter l : readToEnd(Topics.DEAD_LETTERS.name(), DeadLetter.class)) {
            if (l.getSourceTopic().equals(topic) && l.getPartition() == partition
                    && expectedByOffset.containsKey(l.getOffset())) {
                letters.computeIfAbsent(l.getOffset(), o -> new ArrayList<>()).add(l);
            }
        }
        assertThat(letters.keySet()).containsExactlyInAnyOrderElementsOf(expectedByOffset.keySet());
        letters.forEach((offset, forOffset) -> {
            assertThat(forOffset).as("dead letters for offset %d", offset).hasSize(1);
            DeadLetter letter = forOffset.get(0);
            String[] expected = expectedByOffset.get(offset).split(" ", 2);
            assertThat(letter.getReason()).isEqualTo(RejectReason.valueOf(expected[0]));
            assertThat(letter.getDetail()).contains(expected[1]).doesNotContain(CHILD_NHS)
                    .doesNotContain("JANE_SMITH");
        });
        assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(log.text()).as("what the application and Kafka logged").doesNotContain(CHILD_NHS)
                .doesNotContain("JANE_SMITH").contains("Skipping record due to deserialization error");
    }

    interface Body {
        void write(BinaryEncoder encoder) throws IOException;
    }

    /** A hand-written Avro body in the wire format, as a broken or hostile producer might send it. */
    private static byte[] framed(int schemaId, Body body) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0);
            out.writeBytes(ByteBuffer.allocate(4).putInt(schemaId).array());
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            body.write(encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every committed record of a topic, read up to its end offsets as they are now. */
    private static <T extends org.apache.avro.specific.SpecificRecord> List<T> readToEnd(String topic,
                                                                                           Class<T> type) {
        SpecificAvroDeserializer<T> deserializer = new SpecificAvroDeserializer<>(type);
        deserializer.configure(Map.of("schema.registry.url", registry.confluentApiUrl()), false);
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(consumerProps(), new StringDeserializer(),
                deserializer)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
            }
            assertThat(partitions).allSatisfy(tp -> assertThat(consumer.position(tp)).isGreaterThanOrEqualTo(
                    end.get(tp)));
        }
        return out;
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
