package org.safeguardingsignals.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
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
import org.safeguardingsignals.detection.DetectionApp;
import org.safeguardingsignals.embedded.ApicurioRegistry;
import org.safeguardingsignals.embedded.EmbeddedKafka;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.DeadLetter;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.EventHeader;
import org.safeguardingsignals.events.HealthService;
import org.safeguardingsignals.events.LinkedChild;
import org.safeguardingsignals.events.ParentHealthCategory;
import org.safeguardingsignals.events.ParentHealthEvent;
import org.safeguardingsignals.events.PartnershipMetric;
import org.safeguardingsignals.events.PeriodType;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.UnmatchedEvent;
import org.safeguardingsignals.registry.SchemaRegistries;
import org.safeguardingsignals.runtime.DeadLetterTool;
import org.safeguardingsignals.runtime.OriginalOpener;
import org.safeguardingsignals.runtime.OriginalSealer;
import org.safeguardingsignals.runtime.PipelineMetrics;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.runtime.ReplayKeys;
import org.safeguardingsignals.runtime.access.AccessControlFile;
import org.safeguardingsignals.runtime.access.ClusterSetup;
import org.safeguardingsignals.serde.SpecificAvroDeserializer;
import org.safeguardingsignals.serde.SpecificAvroSerializer;
import org.safeguardingsignals.testing.BrokerReads;
import org.safeguardingsignals.testing.CapturedLog;
import org.safeguardingsignals.testing.TestEvents;
import org.safeguardingsignals.topics.Topics;

/**
 * The application mains' wiring on a real KRaft broker (in-process) and a real Apicurio Registry, with detection and
 * partnership metrics running side by side as the console runs them: alerts come out exactly once through a
 * read_committed consumer; each undecodable record (a 70-byte record declaring a 2 GB string included) is
 * dead-lettered exactly once (by detection) without stopping the app, sealed for the replay key, counted once, and
 * the partnership figure agrees; no internal topic carries a raw NHS number, and no log line or dead-letter detail
 * quotes one.
 */
class DeadLettersIT {
    static final String CHILD_NHS = "9434765919";
    static final String NAME_LIKE = "JANE_SMITH_" + CHILD_NHS;
    static CapturedLog log;
    static EmbeddedKafka kafka;
    static ApicurioRegistry registry;
    // the applications' own ids: the access file's rules name them (internal topics, groups, transactional ids)
    static final String APP_ID = DetectionApp.DEFAULT_APPLICATION_ID;
    static final String METRICS_APP_ID = MetricsApp.APPLICATION_ID;
    static final int POISON = 6; // above the disclosure threshold, so the partnership figure is published
    static DetectionApp app;
    static MetricsApp partnershipMetrics;
    static PipelineMetrics meters;
    static ReplayKeys.KeyFiles replayKeys;

    @TempDir
    static Path stateDir;

    @BeforeAll
    static void start() throws Exception {
        log = CapturedLog.start();
        kafka = EmbeddedKafka.start();
        try (Admin admin = kafka.admin()) { // topics and deploy/access/acls.txt, as the administrator
            ClusterSetup.prepare(admin, 2, AccessControlFile.inRepository());
        }
        registry = ApicurioRegistry.shared();
        Path key = stateDir.resolve("pseudonym.key");
        Files.writeString(key, "integration-test-key-that-is-at-least-32-bytes-long");
        Properties settings = new Properties();
        settings.put("application.id", APP_ID);
        settings.put("state.dir", stateDir.resolve("state").toString());
        settings.put("schema.registry.url", registry.confluentApiUrl());
        settings.put(Pseudonymiser.KEY_FILE_CONFIG, key.toString());
        settings.put("internal.port", "0");
        Properties metricsSettings = new Properties();
        metricsSettings.putAll(settings);
        metricsSettings.putAll(kafka.clientProperties("metrics"));
        settings.putAll(kafka.clientProperties("detection"));
        settings.put("topics.partitions", "2");
        replayKeys = ReplayKeys.ensure(stateDir.resolve("replay"));
        settings.put(OriginalSealer.CERTIFICATE_CONFIG, replayKeys.certificate().toString());
        metricsSettings.put("application.id", METRICS_APP_ID);
        metricsSettings.put("state.dir", stateDir.resolve("metrics-state").toString());
        metricsSettings.put("metrics.publish.interval", "PT1S");
        // both applications side by side, sharing one meter registry, as the local run runs them
        meters = new PipelineMetrics(new SimpleMeterRegistry());
        app = new DetectionApp(settings, Map.of(), meters);
        partnershipMetrics = new MetricsApp(metricsSettings, Map.of(), meters);
        app.start();
        partnershipMetrics.start();
        awaitRunning(app.streams());
        awaitRunning(partnershipMetrics.streams());
    }

    @AfterAll
    static void stop() {
        if (partnershipMetrics != null) {
            partnershipMetrics.close();
        }
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
    void poisonIsDeadLetteredOnceByDetectionAndTheAlertStillComesOutOnce() throws Exception {
        Instant at = Instant.now().minus(Duration.ofDays(3));
        List<String> poison = new ArrayList<>();
        List<String> poisonAt = new ArrayList<>(); // partition@offset of each bad record
        double rejectsBefore = meters.count("safeguarding.rejects", "reason", "UNDECODABLE");
        double skippedBefore = meters.count("safeguarding.metrics.skipped", "reason", "UNDECODABLE");
        try (KafkaProducer<String, byte[]> raw =
                        new KafkaProducer<>(producerProps(), new StringSerializer(), new ByteArraySerializer());
                KafkaProducer<String, DomesticAbuseIncident> police =
                        new KafkaProducer<>(producerProps(), new StringSerializer(), serializer());
                KafkaProducer<String, ParentHealthEvent> health =
                        new KafkaProducer<>(producerProps(), new StringSerializer(), serializer())) {
            for (int n = 0; n < POISON; n++) {
                poison.add("not avro at all #" + n);
                var sent = raw.send(new ProducerRecord<>(
                                Topics.DOMESTIC_ABUSE_INCIDENTS.name(),
                                "MPS-BAD-" + n,
                                poison.get(n).getBytes(StandardCharsets.UTF_8)))
                        .get();
                poisonAt.add(sent.partition() + "@" + sent.offset());
            }
            police.send(new ProducerRecord<>(Topics.DOMESTIC_ABUSE_INCIDENTS.name(), "MPS-1", incident(at)))
                    .get();
            health.send(new ProducerRecord<>(Topics.PARENT_HEALTH_EVENTS.name(), "RJ1-1", crisis(at.plusSeconds(600))))
                    .get();
        }
        List<String> inputs = List.of(Topics.DOMESTIC_ABUSE_INCIDENTS.name(), Topics.PARENT_HEALTH_EVENTS.name());
        BrokerReads.awaitConsumed(kafka.admin(), APP_ID, inputs, Duration.ofSeconds(60));
        // then the second hop, whose input was committed with the first
        BrokerReads.awaitConsumed(
                kafka.admin(), APP_ID, List.of(APP_ID + "-indicators-by-child-repartition"), Duration.ofSeconds(60));
        BrokerReads.awaitConsumed(kafka.admin(), METRICS_APP_ID, inputs, Duration.ofSeconds(60));

        List<RiskAlert> alerts =
                BrokerReads.valuesToEnd(kafka.adminProperties(), Topics.ALERTS.name(), deserializer(RiskAlert.class));
        assertThat(alerts).extracting(RiskAlert::getRuleId).containsExactly("toxic-trio-emerging");
        assertThat(alerts.get(0).getChildPseudonym()).matches("[0-9a-f]{32}").doesNotContain(CHILD_NHS);

        // exactly one dead letter per bad record, although two applications read the same input (the other test
        // shares the topic, so letters are picked by the coordinates of this test's records)
        List<DeadLetter> all = BrokerReads.valuesToEnd(
                kafka.adminProperties(), Topics.DEAD_LETTERS.name(), deserializer(DeadLetter.class));
        List<DeadLetter> letters = all.stream()
                .filter(l -> poisonAt.contains(l.getPartition() + "@" + l.getOffset())
                        && l.getSourceTopic().equals(Topics.DOMESTIC_ABUSE_INCIDENTS.name()))
                .toList();
        assertThat(letters.size()).as("dead letters").isEqualTo(POISON);
        assertThat(letters)
                .extracting(l -> l.getPartition() + "@" + l.getOffset())
                .containsExactlyInAnyOrderElementsOf(poisonAt);
        assertThat(letters).allSatisfy(l -> {
            assertThat(l.getReason()).isEqualTo(RejectReason.UNDECODABLE);
            assertThat(l.getOriginalValue()).isNull();
        });
        OriginalOpener replay = OriginalOpener.fromPem(replayKeys.privateKey());
        assertThat(letters)
                .extracting(l -> StandardCharsets.UTF_8
                        .decode(replay.open(l.getSealedOriginal()).getValue())
                        .toString())
                .containsExactlyInAnyOrderElementsOf(poison);
        // counted once by detection; the metrics application counts what it skipped under its own name
        assertThat(meters.count("safeguarding.rejects", "reason", "UNDECODABLE") - rejectsBefore)
                .isEqualTo(POISON);
        assertThat(meters.count("safeguarding.metrics.skipped", "reason", "UNDECODABLE") - skippedBefore)
                .isEqualTo(POISON);
        assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        // and the partnership's figure agrees with the dead-letter topic
        assertThat(awaitRejectedInputsFigure(all.size())).isEqualTo(all.size());

        // the replay tool lists them without values, and sends the sealed originals back byte for byte: still
        // undecodable, each is dead-lettered once more
        ByteArrayOutputStream listing = new ByteArrayOutputStream();
        Map<String, String> client = new HashMap<>(); // the on-call engineer's settings
        kafka.clientProperties("on-call").forEach((k, v) -> client.put(k, v.toString()));
        client.put("schema.registry.url", registry.confluentApiUrl());
        assertThat(DeadLetterTool.list(
                        client,
                        new DeadLetterTool.Selection("UNDECODABLE", null),
                        new PrintStream(listing, true, StandardCharsets.UTF_8)))
                .isEqualTo(POISON);
        assertThat(listing.toString(StandardCharsets.UTF_8)).doesNotContain("not avro");
        assertThat(DeadLetterTool.replay(
                        client, new DeadLetterTool.Selection(null, Topics.DOMESTIC_ABUSE_INCIDENTS.name()), replay))
                .isEqualTo(POISON);
        BrokerReads.awaitConsumed(kafka.admin(), APP_ID, inputs, Duration.ofSeconds(60));
        List<DeadLetter> again = BrokerReads.valuesToEnd(
                kafka.adminProperties(), Topics.DEAD_LETTERS.name(), deserializer(DeadLetter.class));
        assertThat(again.size()).isEqualTo(all.size() + POISON);
        assertThat(again.subList(all.size(), again.size()))
                .extracting(l -> StandardCharsets.UTF_8
                        .decode(replay.open(l.getSealedOriginal()).getValue())
                        .toString())
                .containsExactlyInAnyOrderElementsOf(poison);

        // no repartition topic or changelog carries the raw NHS number, in keys or values
        List<String> internal = kafka.admin().listTopics().names().get().stream()
                .filter(t -> t.startsWith(APP_ID + "-"))
                .toList();
        assertThat(internal).contains(APP_ID + "-indicators-by-child-repartition", APP_ID + "-child-state-changelog");
        int scanned = 0;
        for (String topic : internal) {
            for (ConsumerRecord<byte[], byte[]> r : readRaw(topic)) {
                String bytes = new String(r.key() == null ? new byte[0] : r.key(), StandardCharsets.ISO_8859_1)
                        + new String(r.value() == null ? new byte[0] : r.value(), StandardCharsets.ISO_8859_1);
                assertThat(bytes).as(topic).doesNotContain(CHILD_NHS);
                scanned++;
            }
        }
        // two indicators through the repartition topic, two child-state writes: the scan read what it checks
        assertThat(scanned).isGreaterThanOrEqualTo(4);
    }

    /** The published month figure of rejected inputs, once it reaches {@code expected} (it is published on a timer). */
    private static double awaitRejectedInputsFigure(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        double figure = -1;
        while (System.nanoTime() < deadline) {
            Map<String, PartnershipMetric> latest = new HashMap<>();
            BrokerReads.readToEnd(
                            kafka.adminProperties(),
                            Topics.PARTNERSHIP_METRICS.name(),
                            new StringDeserializer(),
                            deserializer(PartnershipMetric.class))
                    .forEach(r -> latest.put(r.key(), r.value()));
            figure = latest.values().stream()
                    .filter(m -> m.getMetric().equals(Metric.REJECTED)
                            && m.getPeriodType() == PeriodType.CALENDAR_MONTH
                            && m.getValue() != null)
                    .mapToDouble(PartnershipMetric::getValue)
                    .sum();
            if (figure >= expected) {
                return figure;
            }
            Thread.sleep(500);
        }
        return figure;
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
        good.setChildren(List.of(new LinkedChild(PersonRef.newBuilder().build(), true)));

        Map<Long, String> expectedByOffset = new HashMap<>();
        int partition;
        // one key, so one partition and one order: once the good record's output is out, the rest were handled
        String key = "MPS-POISON";
        try (KafkaProducer<String, byte[]> raw =
                        new KafkaProducer<>(producerProps(), new StringSerializer(), new ByteArraySerializer());
                KafkaProducer<String, DomesticAbuseIncident> police =
                        new KafkaProducer<>(producerProps(), new StringSerializer(), serializer())) {
            // 2 GB declared as the event id's length: the decoder used to allocate it and die
            var hugeString = raw.send(new ProducerRecord<>(
                            topic, key, TestEvents.framed(schemaId, e -> e.writeLong(Integer.MAX_VALUE - 8))))
                    .get();
            expectedByOffset.put(hugeString.offset(), "UNDECODABLE org.apache.avro.limits.string.maxLength");
            var hugeArray = raw.send(new ProducerRecord<>(topic, key, TestEvents.framed(schemaId, e -> {
                        e.writeString(UUID.randomUUID().toString());
                        e.writeEnum(0);
                        e.writeString("01");
                        e.writeString("E09000022");
                        e.writeLong(at.toEpochMilli());
                        e.writeLong(at.toEpochMilli());
                        e.writeString("MPS-2");
                        e.writeArrayStart();
                        e.setItemCount((1L << 31) - 9);
                    })))
                    .get();
            expectedByOffset.put(hugeArray.offset(), "UNDECODABLE org.apache.avro.limits.collectionItems.maxLength");
            // a name and an NHS number where the event id belongs: Avro's message quotes it
            var quoting = raw.send(new ProducerRecord<>(topic, key, TestEvents.framed(schemaId, e -> {
                        e.writeString(NAME_LIKE);
                        e.writeEnum(0);
                    })))
                    .get();
            expectedByOffset.put(quoting.offset(), "UNDECODABLE java.lang.IllegalArgumentException");
            var markupSent =
                    police.send(new ProducerRecord<>(topic, key, markup)).get();
            expectedByOffset.put(markupSent.offset(), "INVALID_REFERENCE reference must start with a letter");
            partition =
                    police.send(new ProducerRecord<>(topic, key, good)).get().partition();
        }

        List<UnmatchedEvent> unmatched = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (unmatched.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            unmatched = readToEnd(Topics.UNMATCHED.name(), UnmatchedEvent.class).stream()
                    .filter(u -> u.getSourceEventId().equals(goodId.toString()))
                    .toList();
        }
        assertThat(unmatched)
                .as("the good record after the poison was processed")
                .hasSize(1);

        Map<Long, List<DeadLetter>> letters = new HashMap<>();
        for (DeadLetter l : readToEnd(Topics.DEAD_LETTERS.name(), DeadLetter.class)) {
            if (l.getSourceTopic().equals(topic)
                    && l.getPartition() == partition
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
            assertThat(letter.getDetail())
                    .contains(expected[1])
                    .doesNotContain(CHILD_NHS)
                    .doesNotContain("JANE_SMITH");
        });
        assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(log.text())
                .as("what the application and Kafka logged")
                .doesNotContain(CHILD_NHS)
                .doesNotContain("JANE_SMITH")
                .contains("Skipping record due to deserialization error");
    }

    /** Every committed record of a topic, read up to its end offsets as they are now. */
    private static <T extends SpecificRecord> List<T> readToEnd(String topic, Class<T> type) {
        return BrokerReads.valuesToEnd(kafka.adminProperties(), topic, deserializer(type));
    }

    private static DomesticAbuseIncident incident(Instant at) {
        return DomesticAbuseIncident.newBuilder()
                .setHeader(header(Agency.POLICE, "01", at))
                .setIncidentReference("MPS-1")
                .setChildren(List.of(new LinkedChild(child(), true)))
                .setPoliceAttended(true)
                .build();
    }

    private static ParentHealthEvent crisis(Instant at) {
        return ParentHealthEvent.newBuilder()
                .setHeader(header(Agency.HEALTH, "RJ1", at))
                .setEventReference("RJ1-1")
                .setCategory(ParentHealthCategory.MENTAL_HEALTH)
                .setService(HealthService.CRISIS_TEAM)
                .setChildrenInHousehold(List.of(child()))
                .build();
    }

    private static PersonRef child() {
        return PersonRef.newBuilder().setNhsNumber(CHILD_NHS).build();
    }

    private static EventHeader header(Agency agency, String org, Instant at) {
        return TestEvents.header(agency, org, "E09000022", at);
    }

    private static <T extends SpecificRecord> SpecificAvroSerializer<T> serializer() {
        SpecificAvroSerializer<T> s = new SpecificAvroSerializer<>();
        s.configure(Map.of("schema.registry.url", registry.confluentApiUrl()), false);
        return s;
    }

    private static Properties producerProps() {
        Properties p = new Properties();
        p.putAll(kafka.clientProperties("synthetic-feed")); // police and health events
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }

    private static <T extends SpecificRecord> SpecificAvroDeserializer<T> deserializer(Class<T> type) {
        SpecificAvroDeserializer<T> d = new SpecificAvroDeserializer<>(type);
        d.configure(Map.of("schema.registry.url", registry.confluentApiUrl()), false);
        return d;
    }

    /** Every record of an internal topic, aborted ones included, up to its high watermark. */
    private static List<ConsumerRecord<byte[], byte[]>> readRaw(String topic) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        Properties p = consumerProps();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static Properties consumerProps() {
        Properties p = new Properties();
        p.putAll(kafka.adminProperties());
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
