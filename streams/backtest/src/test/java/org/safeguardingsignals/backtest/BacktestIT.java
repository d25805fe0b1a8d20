package org.safeguardingsignals.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguardingsignals.embedded.ApicurioRegistry;
import org.safeguardingsignals.embedded.EmbeddedKafka;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.DashRiskLevel;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.LinkedChild;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.identifiers.NhsNumber;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.runtime.access.AccessControlFile;
import org.safeguardingsignals.runtime.access.ClusterSetup;
import org.safeguardingsignals.testing.TestEvents;
import org.safeguardingsignals.topics.Topics;

/**
 * The backtest command against a real broker (in-process KRaft, the access file applied) and a real Apicurio
 * Registry, reading as its own principal: police incidents for five children, around a period of January to May
 * 2026, with the repeat-domestic-abuse count raised from 3 to 4 as the candidate.
 */
class BacktestIT {
    static final String LAMBETH = "E09000022";
    static final String KEY = "backtest-it-pseudonym-key-of-32-bytes-or-more";
    static EmbeddedKafka kafka;
    static ApicurioRegistry registry;
    static final AtomicInteger REFERENCE = new AtomicInteger();

    /** Ava: three incidents in the period. Ben: four. Cal: two in the warm-up, one in the period. */
    static final String AVA = NhsNumber.firstValidFrom(943_476_000L);

    static final String BEN = NhsNumber.firstValidFrom(943_476_100L);
    static final String CAL = NhsNumber.firstValidFrom(943_476_200L);
    /** Dee: three incidents, all before the period (her alert is the warm-up's). Eve: her third after it. */
    static final String DEE = NhsNumber.firstValidFrom(943_476_300L);

    static final String EVE = NhsNumber.firstValidFrom(943_476_400L);

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
        registry = ApicurioRegistry.shared();
        try (Admin admin = kafka.admin()) {
            ClusterSetup.prepare(admin, 2, AccessControlFile.inRepository());
        }
        kafka.clientProperties("backtest"); // the broker learns the principal's credential
        try (var police = new KafkaProducer<>(
                kafka.clientProperties("agency-police"),
                new StringSerializer(),
                Topics.DOMESTIC_ABUSE_INCIDENTS.valueSerializer(
                        Map.of("schema.registry.url", registry.confluentApiUrl())))) {
            for (String day : List.of("2026-01-10", "2026-02-10", "2026-03-10")) {
                police.send(incident(day, AVA));
            }
            for (String day : List.of("2026-01-12", "2026-02-12", "2026-03-12", "2026-04-12")) {
                police.send(incident(day, BEN));
            }
            for (String day : List.of("2025-10-14", "2025-11-14", "2026-01-14")) {
                police.send(incident(day, CAL));
            }
            for (String day : List.of("2025-09-16", "2025-10-16", "2025-11-16")) {
                police.send(incident(day, DEE));
            }
            for (String day : List.of("2026-03-18", "2026-04-18", "2026-07-18")) {
                police.send(incident(day, EVE));
            }
            police.flush();
        }
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    static ProducerRecord<String, DomesticAbuseIncident> incident(String day, String child) {
        Instant at = Instant.parse(day + "T21:15:00Z");
        String reference = "MPS-BT-" + REFERENCE.incrementAndGet();
        DomesticAbuseIncident incident = DomesticAbuseIncident.newBuilder()
                .setHeader(TestEvents.header(Agency.POLICE, "01", LAMBETH, at))
                .setIncidentReference(reference)
                .setChildren(List.of(LinkedChild.newBuilder()
                        .setPresent(true)
                        .setChild(PersonRef.newBuilder().setNhsNumber(child).build())
                        .build()))
                .setDashRiskLevel(DashRiskLevel.MEDIUM)
                .setPoliceAttended(true)
                .build();
        return new ProducerRecord<>(Topics.DOMESTIC_ABUSE_INCIDENTS.name(), reference, incident);
    }

    int backtest(ByteArrayOutputStream out, ByteArrayOutputStream err, Path dir, String... extra) throws Exception {
        Path keyFile = Files.writeString(dir.resolve("pseudonym.key"), KEY);
        Path settings = Files.writeString(
                dir.resolve("detection.properties"),
                Pseudonymiser.KEY_FILE_CONFIG + "=" + keyFile.toString().replace("\\", "/") + "\n" + "authority."
                        + LAMBETH + ".child-population=50000\n");
        List<String> args = new ArrayList<>(List.of(
                "--from", "2026-01-01",
                "--to", "2026-06-01",
                "--bootstrap", kafka.bootstrapServers(),
                "--registry", registry.confluentApiUrl(),
                "--config", kafka.security().credentialsFile("backtest").toString(),
                "--settings", settings.toString(),
                "--out", dir.resolve("out").toString()));
        args.addAll(List.of(extra));
        return BacktestCommand.execute(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                args.toArray(String[]::new));
    }

    @Test
    void raisingTheRepeatDomesticAbuseCountLosesTheChildrenWithThreeIncidentsAndTouchesNothingOnTheBroker(
            @TempDir Path dir) throws Exception {
        Set<String> topicsBefore = topics();
        long alertsBefore = endOffsets(Topics.ALERTS.name());
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();

        int exit = backtest(out, err, dir, "--set", "rules.repeat-domestic-abuse.count=4");

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<String> csv = Files.readAllLines(dir.resolve("out/report.csv"));
        assertThat(csv)
                .containsExactly(
                        "authority,rule,severity,alerts_current,alerts_candidate,children_current,children_candidate,"
                                + "child_population,children_per_100k_current,children_per_100k_candidate,"
                                + "children_gained,children_lost",
                        "E09000022,repeat-domestic-abuse,MEDIUM,3,1,3,1,50000,6.0,2.0,0,2",
                        "E09000022,repeat-domestic-abuse,all,3,1,3,1,50000,6.0,2.0,0,2",
                        "E09000022,any rule,all,3,1,3,1,50000,6.0,2.0,0,2");
        Pseudonymiser pseudonyms = new Pseudonymiser(KEY.getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readAllLines(dir.resolve("out/children-changed.csv")))
                .as("Ava and Cal, by the pipeline's pseudonyms")
                .containsExactlyInAnyOrder(
                        "authority,rule,child_pseudonym,change",
                        "E09000022,repeat-domestic-abuse," + pseudonyms.pseudonymOf(AVA) + ",LOST",
                        "E09000022,repeat-domestic-abuse," + pseudonyms.pseudonymOf(CAL) + ",LOST",
                        "E09000022,any rule," + pseudonyms.pseudonymOf(AVA) + ",LOST",
                        "E09000022,any rule," + pseudonyms.pseudonymOf(CAL) + ",LOST");
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .contains("rules.repeat-domestic-abuse.count: (default) -> 4")
                .contains("Replayed 15 events (16 read; left out: 1 outside the period and warm-up") // Eve's July
                .contains("the pipeline's key");
        assertThat(Files.readString(dir.resolve("out/chart.html")))
                .contains("<td>rules.repeat-domestic-abuse.count</td><td>(default)</td><td>4</td>")
                .contains("6.0 (3)")
                .contains("2.0 (1)");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("replaying (candidate): done, 15");

        assertThat(topics()).as("no internal topic, nothing created").isEqualTo(topicsBefore);
        assertThat(endOffsets(Topics.ALERTS.name())).as("no alert written").isEqualTo(alertsBefore);
        try (Admin admin = kafka.admin()) {
            assertThat(admin.listGroups().all().get()).as("no group joined").isEmpty();
        }
    }

    @Test
    void theSameSettingsAsCandidateMatchTheCurrentFigureForFigure(@TempDir Path dir) throws Exception {
        var out = new ByteArrayOutputStream();
        int exit = backtest(out, new ByteArrayOutputStream(), dir);

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("the same as the current (a baseline");
        assertThat(Files.readAllLines(dir.resolve("out/report.csv")))
                .containsExactly(
                        "authority,rule,severity,alerts_current,alerts_candidate,children_current,children_candidate,"
                                + "child_population,children_per_100k_current,children_per_100k_candidate,"
                                + "children_gained,children_lost",
                        "E09000022,repeat-domestic-abuse,MEDIUM,3,3,3,3,50000,6.0,6.0,0,0",
                        "E09000022,repeat-domestic-abuse,all,3,3,3,3,50000,6.0,6.0,0,0",
                        "E09000022,any rule,all,3,3,3,3,50000,6.0,6.0,0,0");
        assertThat(Files.readAllLines(dir.resolve("out/children-changed.csv"))).hasSize(1);
    }

    @Test
    void aMistypedSettingStopsTheCommandBeforeItReadsAnything(@TempDir Path dir) throws Exception {
        var err = new ByteArrayOutputStream();
        int exit = backtest(new ByteArrayOutputStream(), err, dir, "--set", "rules.repeat-domestic-abuse.cuont=4");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("rules.repeat-domestic-abuse.cuont")
                .contains("not a setting the detection rules read")
                .doesNotContain("reading the input topics");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    static Set<String> topics() throws Exception {
        try (Admin admin = kafka.admin()) {
            return admin.listTopics().names().get();
        }
    }

    static long endOffsets(String topic) throws Exception {
        try (Admin admin = kafka.admin()) {
            var partitions = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions.forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream()
                    .mapToLong(i -> i.offset())
                    .sum();
        }
    }
}
