package org.safeguardingsignals.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguardingsignals.embedded.ApicurioRegistry;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.DeadLetter;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.EventHeader;
import org.safeguardingsignals.events.HealthService;
import org.safeguardingsignals.events.LinkedChild;
import org.safeguardingsignals.events.MissingEpisode;
import org.safeguardingsignals.events.ParentHealthCategory;
import org.safeguardingsignals.events.ParentHealthEvent;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.events.Retraction;
import org.safeguardingsignals.events.RetractionReason;
import org.safeguardingsignals.events.ReturnInterviewEvent;
import org.safeguardingsignals.events.ReturnInterviewStatus;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.identifiers.NhsNumber;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.serde.SpecificAvroDeserializer;
import org.safeguardingsignals.serde.SpecificAvroSerializer;
import org.safeguardingsignals.testing.TestEvents;
import org.safeguardingsignals.topics.Topic;
import org.safeguardingsignals.topics.Topics;

/**
 * End to end on a real broker and a real Apicurio Registry: agencies publish through our serde while the detection
 * application (its own JVM, started by its main) processes; it is killed with SIGKILL mid-stream and restarted on the
 * same state directory; a read_committed consumer must then see every expected alert exactly once and nothing else.
 * Subclasses say which broker.
 */
abstract class EndToEndScenario {
    static final int TRIO_CHILDREN = 120;
    static final int QUIET_CHILDREN = 40;

    @TempDir
    Path dir;

    abstract String bootstrapServers();

    /**
     * The client settings of a principal of deploy/access/acls.txt; a broker without security needs only its address.
     * The administrator reads the alerts here.
     */
    Map<String, Object> client(String principal) {
        return Map.of("bootstrap.servers", bootstrapServers());
    }

    @Test
    void everyAlertExactlyOnceAcrossAnAbruptRestart() throws Exception {
        ApicurioRegistry registry = ApicurioRegistry.shared();
        Path props = writeAppProperties(registry.confluentApiUrl());
        List<Publication> events = scenario();
        Process app = startApp(props, "first");
        Thread agencies = new Thread(() -> publish(events, registry.confluentApiUrl()), "agencies");
        try (KafkaConsumer<String, RiskAlert> mash = consumer(registry.confluentApiUrl())) {
            agencies.start();
            List<RiskAlert> alerts = new ArrayList<>();
            pollUntil(mash, alerts, 40, Duration.ofSeconds(120));
            assertThat(alerts.size()).as("alerts before the kill").isBetween(40, 2 * TRIO_CHILDREN - 1);

            app.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no clean shutdown, no commit
            app = startApp(props, "second");
            agencies.join();

            pollUntil(mash, alerts, 2 * TRIO_CHILDREN, Duration.ofSeconds(180));
            pollUntil(mash, alerts, Integer.MAX_VALUE, Duration.ofSeconds(5)); // anything extra would show now

            assertThat(alerts).hasSize(2 * TRIO_CHILDREN);
            assertThat(alerts).extracting(RiskAlert::getAlertId).doesNotHaveDuplicates();
            Map<String, List<String>> byChild = alerts.stream()
                    .collect(Collectors.groupingBy(
                            RiskAlert::getChildPseudonym,
                            Collectors.mapping(RiskAlert::getRuleId, Collectors.toList())));
            assertThat(byChild).hasSize(TRIO_CHILDREN);
            assertThat(byChild.values())
                    .allSatisfy(rules -> assertThat(rules).containsExactly("toxic-trio-emerging", "toxic-trio"));

            // corrections: the police retract some children's incidents (recorded against the wrong child), each
            // principal on its own topic; health's retraction of a police incident is refused
            send("agency-police", policeRetractions(events), registry.confluentApiUrl());
            send("agency-health", List.of(healthRetraction(events)), registry.confluentApiUrl());
            List<RiskAlert> corrected = new ArrayList<>();
            pollUntil(mash, corrected, 3 * RETRACTED_CHILDREN, Duration.ofSeconds(120));
            pollUntil(mash, corrected, Integer.MAX_VALUE, Duration.ofSeconds(5));
            // per child: the emerging picture re-issued on the two health events, then both alerts withdrawn
            assertThat(corrected).hasSize(3 * RETRACTED_CHILDREN);
            assertThat(corrected.stream()
                            .collect(Collectors.groupingBy(
                                    RiskAlert::getChildPseudonym,
                                    Collectors.mapping(
                                            a -> a.getStatus() + " " + a.getRuleId()
                                                    + (a.getSupersedes() == null ? "" : " *"),
                                            Collectors.toList()))))
                    .hasSize(RETRACTED_CHILDREN)
                    .allSatisfy((child, changes) -> assertThat(changes)
                            .containsExactly(
                                    "ACTIVE toxic-trio-emerging *",
                                    "WITHDRAWN toxic-trio-emerging",
                                    "WITHDRAWN toxic-trio"));
            assertThat(deadLetters(registry.confluentApiUrl()))
                    .extracting(DeadLetter::getReason)
                    .containsExactly(RejectReason.RETRACTION_NOT_OWN_EVENT);
            noNhsNumberOutsideTheInputs();
        } finally {
            app.destroy();
            app.waitFor(30, TimeUnit.SECONDS);
        }
    }

    record Publication(String topic, String key, SpecificRecord value) {}

    static final int RETRACTED_CHILDREN = 5;

    /** The police retract the incidents of the first trio children: recorded against the wrong child. */
    private static List<Publication> policeRetractions(List<Publication> events) {
        List<Publication> out = new ArrayList<>();
        for (int c = 0; c < RETRACTED_CHILDREN; c++) {
            out.add(retraction(Topics.POLICE_RETRACTIONS, Agency.POLICE, "01", incidentOf(events, c), c));
        }
        return out;
    }

    /** Health names a police incident: not its own. */
    private static Publication healthRetraction(List<Publication> events) {
        return retraction(
                Topics.HEALTH_RETRACTIONS,
                Agency.HEALTH,
                "RJ1",
                incidentOf(events, RETRACTED_CHILDREN),
                RETRACTED_CHILDREN);
    }

    private static DomesticAbuseIncident incidentOf(List<Publication> events, int c) {
        return events.stream()
                .filter(e -> e.key().equals("INC-" + c))
                .map(e -> (DomesticAbuseIncident) e.value())
                .findFirst()
                .orElseThrow();
    }

    private static Publication retraction(
            Topic<Retraction> topic, Agency agency, String org, DomesticAbuseIncident incident, int c) {
        Retraction r = Retraction.newBuilder()
                .setHeader(header(agency, org, Instant.now().minusSeconds(60)))
                .setRetractedEventId(incident.getHeader().getEventId())
                .setReason(RetractionReason.WRONG_CHILD)
                .setAgencyReference("CORR-" + c)
                .setChildren(List.of(PersonRef.newBuilder().setNhsNumber(nhs(c)).build()))
                .build();
        return new Publication(topic.name(), topic.keyOf(r), r);
    }

    /** Sends as one agency's principal, all at once. */
    private void send(String principal, List<Publication> events, String registryUrl) {
        Properties p = new Properties();
        p.putAll(client(principal));
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of("schema.registry.url", registryUrl), false);
        try (KafkaProducer<String, SpecificRecord> producer =
                new KafkaProducer<>(p, new StringSerializer(), serializer)) {
            for (Publication e : events) {
                producer.send(new ProducerRecord<>(e.topic(), e.key(), e.value()));
            }
        }
    }

    /** Every dead letter on the broker, read committed. */
    private List<DeadLetter> deadLetters(String registryUrl) {
        Properties p = new Properties();
        p.putAll(client("admin"));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "dead-letters-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        SpecificAvroDeserializer<DeadLetter> values = new SpecificAvroDeserializer<>(DeadLetter.class);
        values.configure(Map.of("schema.registry.url", registryUrl), false);
        List<DeadLetter> out = new ArrayList<>();
        try (KafkaConsumer<String, DeadLetter> c = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
            c.subscribe(List.of(Topics.DEAD_LETTERS.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
            }
        }
        return out;
    }

    /**
     * Every topic on the broker but the agencies' inputs, read raw, internal topics included (repartitions and
     * changelogs): none holds an NHS number of a child in the scenario (the vault's and dead letters' are sealed).
     * The input topics do, which shows the search would find one.
     */
    private void noNhsNumberOutsideTheInputs() throws Exception {
        Set<String> inputs = Topics.inputs().stream().map(t -> t.name()).collect(Collectors.toSet());
        List<String> numbers = new ArrayList<>();
        for (int c = 0; c < TRIO_CHILDREN + QUIET_CHILDREN; c++) {
            numbers.add(nhs(c));
        }
        Set<String> topics;
        try (Admin admin = Admin.create(client("admin"))) {
            topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
        assertThat(topics)
                .contains(
                        Topics.EXPLOITATION_GROUPS.name(),
                        DetectionApp.DEFAULT_APPLICATION_ID + "-link-inputs-by-partnership-repartition",
                        DetectionApp.DEFAULT_APPLICATION_ID + "-child-links-changelog");
        Map<String, Integer> found = new java.util.TreeMap<>();
        for (String topic : topics) {
            String all = rawText(topic);
            int hits = (int) numbers.stream().filter(all::contains).count();
            if (hits > 0) {
                found.put(topic, hits);
            }
        }
        assertThat(found.keySet())
                .as("topics holding an NHS number")
                .isEqualTo(found.keySet().stream().filter(inputs::contains).collect(Collectors.toSet()));
        assertThat(found).containsKeys(Topics.MISSING_EPISODES.name(), Topics.DOMESTIC_ABUSE_INCIDENTS.name());
    }

    /** A topic's keys and values, every partition from the start, as one string of bytes. */
    private String rawText(String topic) {
        Properties p = new Properties();
        p.putAll(client("admin"));
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            StringBuilder all = new StringBuilder();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (var r : c.poll(Duration.ofMillis(200))) {
                    if (r.key() != null) {
                        all.append(new String(r.key(), StandardCharsets.ISO_8859_1));
                    }
                    if (r.value() != null) {
                        all.append(new String(r.value(), StandardCharsets.ISO_8859_1));
                    }
                }
            }
            return all.toString();
        }
    }

    /** Each trio child: an incident, a parent's crisis, a drug-treatment entry; quiet children: one incident. */
    private static List<Publication> scenario() {
        List<Publication> out = new ArrayList<>();
        Instant base = Instant.now().minus(Duration.ofDays(30));
        for (int c = 0; c < TRIO_CHILDREN + QUIET_CHILDREN; c++) {
            PersonRef child = PersonRef.newBuilder().setNhsNumber(nhs(c)).build();
            Instant at = base.plus(Duration.ofMinutes(c));
            out.add(new Publication(
                    Topics.DOMESTIC_ABUSE_INCIDENTS.name(),
                    "INC-" + c,
                    DomesticAbuseIncident.newBuilder()
                            .setHeader(header(Agency.POLICE, "01", at))
                            .setIncidentReference("INC-" + c)
                            .setChildren(List.of(new LinkedChild(child, true)))
                            .setPoliceAttended(true)
                            .build()));
            if (c < TRIO_CHILDREN) {
                out.add(health(c, "MH", ParentHealthCategory.MENTAL_HEALTH, child, at.plus(Duration.ofDays(1))));
                out.add(health(c, "DR", ParentHealthCategory.DRUG_MISUSE, child, at.plus(Duration.ofDays(2))));
            } else if ((c - TRIO_CHILDREN) % 2 == 0) {
                // a quiet child found with the next one: a link and a group, and the companion's NHS number in
                // the input; its return interview done, so no alert
                out.addAll(foundTogether(c, child, at.plus(Duration.ofHours(1))));
            }
        }
        return out;
    }

    private static List<Publication> foundTogether(int c, PersonRef child, Instant reported) {
        String episode = "EP-" + c;
        Instant returned = reported.plus(Duration.ofHours(6));
        return List.of(
                new Publication(
                        Topics.MISSING_EPISODES.name(),
                        episode,
                        MissingEpisode.newBuilder()
                                .setHeader(header(Agency.POLICE, "01", returned))
                                .setEpisodeId(episode)
                                .setChild(child)
                                .setReportedMissingAt(reported)
                                .setReturnedAt(returned)
                                .setLookedAfter(false)
                                .setMissingFromArea("E01000001")
                                .setFoundArea("E01000002")
                                .setFoundWith(List.of(PersonRef.newBuilder()
                                        .setNhsNumber(nhs(c + 1))
                                        .build()))
                                .build()),
                new Publication(
                        Topics.RETURN_INTERVIEWS.name(),
                        "RI-" + c,
                        ReturnInterviewEvent.newBuilder()
                                .setHeader(TestEvents.header(
                                        Agency.CHILDRENS_SERVICES,
                                        "E09000022",
                                        "E09000022",
                                        returned.plus(Duration.ofHours(2))))
                                .setEpisodeId(episode)
                                .setChild(child)
                                .setStatus(ReturnInterviewStatus.COMPLETED)
                                .build()));
    }

    private static Publication health(int c, String tag, ParentHealthCategory category, PersonRef child, Instant at) {
        String ref = tag + "-" + c;
        return new Publication(
                Topics.PARENT_HEALTH_EVENTS.name(),
                ref,
                ParentHealthEvent.newBuilder()
                        .setHeader(header(Agency.HEALTH, "RJ1", at))
                        .setEventReference(ref)
                        .setCategory(category)
                        .setService(HealthService.CRISIS_TEAM)
                        .setChildrenInHousehold(List.of(child))
                        .build());
    }

    private static String nhs(int c) {
        return NhsNumber.firstValidFrom(500_000_000L + 20L * c);
    }

    private static EventHeader header(Agency agency, String org, Instant at) {
        return TestEvents.header(agency, org, "E09000022", at);
    }

    /** Publishes in the agencies' own order, paced over about ten seconds so that the kill lands mid-stream. */
    private void publish(List<Publication> events, String registryUrl) {
        Properties p = new Properties();
        p.putAll(client("synthetic-feed")); // police and health events, as the synthetic feed writes them
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of("schema.registry.url", registryUrl), false);
        try (KafkaProducer<String, SpecificRecord> producer =
                new KafkaProducer<>(p, new StringSerializer(), serializer)) {
            // all incidents first, then all crises, then all treatment entries: the trio forms late in the stream
            List<Publication> ordered = new ArrayList<>(events);
            ordered.sort(Comparator.comparing(e -> e.key().substring(0, 2)));
            for (int i = 0; i < ordered.size(); i++) {
                Publication e = ordered.get(i);
                producer.send(new ProducerRecord<>(e.topic(), e.key(), e.value()));
                if (i % 20 == 19) {
                    producer.flush();
                    Thread.sleep(500);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Path writeAppProperties(String registryUrl) throws IOException {
        Path key = dir.resolve("pseudonym.key");
        Files.writeString(key, "end-to-end-test-key-that-is-at-least-32-bytes");
        Properties p = new Properties();
        p.putAll(client("detection"));
        p.put("application.id", DetectionApp.DEFAULT_APPLICATION_ID); // the access file's rules name it
        p.put("state.dir", dir.resolve("state").toString());
        p.put("schema.registry.url", registryUrl);
        p.put(Pseudonymiser.KEY_FILE_CONFIG, key.toString());
        p.put("topics.partitions", "2");
        p.put("internal.port", "0");
        Path file = dir.resolve("detection.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, null);
        }
        return file;
    }

    private Process startApp(Path props, String name) throws IOException {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                DetectionApp.class.getName(),
                "--config",
                props.toString());
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("app-" + name + ".log").toFile())
                .start();
    }

    private KafkaConsumer<String, RiskAlert> consumer(String registryUrl) {
        Properties p = new Properties();
        p.putAll(client("admin"));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "mash-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500"); // see the alert topic as soon as the app creates it
        SpecificAvroDeserializer<RiskAlert> values = new SpecificAvroDeserializer<>(RiskAlert.class);
        values.configure(Map.of("schema.registry.url", registryUrl), false);
        KafkaConsumer<String, RiskAlert> consumer = new KafkaConsumer<>(p, new StringDeserializer(), values);
        consumer.subscribe(List.of(Topics.ALERTS.name()));
        return consumer;
    }

    private static void pollUntil(
            KafkaConsumer<String, RiskAlert> consumer, List<RiskAlert> into, int atLeast, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (into.size() < atLeast && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> into.add(r.value()));
        }
    }
}
