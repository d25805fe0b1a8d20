package org.safeguardingsignals.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguardingsignals.embedded.ApicurioRegistry;
import org.safeguardingsignals.embedded.EmbeddedKafka;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.Referral;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.events.RejectedRow;
import org.safeguardingsignals.events.Retraction;
import org.safeguardingsignals.events.RetractionReason;
import org.safeguardingsignals.identifiers.NhsNumber;
import org.safeguardingsignals.testing.BrokerReads;
import org.safeguardingsignals.topics.Topics;
import org.safeguardingsignals.validation.ChildPartitioner;

/**
 * The file-drop connector in a real Connect standalone worker, on the in-process broker with a real Apicurio
 * Registry: a dropped file is published row by row, bad rows go to the rejected-rows topic, the finished file moves
 * aside, and a worker stopped half-way through a file resumes after a restart without sending a row twice. A file
 * that cannot be read past a row goes to failed/ with its reason, once; no rejected row repeats a value.
 */
class FileDropConnectorIT {
    static EmbeddedKafka kafka;
    static ApicurioRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
        registry = ApicurioRegistry.shared();
        kafka.createTopics(
                List.of(Topics.REFERRALS.name(), Topics.REJECTED_ROWS.name(), Topics.POLICE_RETRACTIONS.name()), 2);
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    Map<String, String> connector(Path drop) {
        Map<String, String> c = new HashMap<>();
        c.put("name", "file-drop-referrals");
        c.put("connector.class", FileDropSourceConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("drop.directory", drop.toString());
        c.put("event.type", "referral");
        c.put("file.min.age.ms", "0");
        // slow enough that the worker can be stopped half-way through the file: about 19 s for 600 rows, since
        // stopping a worker on a loaded 2-core CI machine was seen to take over 4 s (50 rows per 300 ms finished first)
        c.put("batch.size", "25");
        c.put("batch.pause.ms", "800");
        c.put("value.converter", WireFormatConverter.class.getName());
        c.put("value.converter.schema.registry.url", registry.confluentApiUrl());
        c.put("child.partitions", "2"); // the topic's count: each row on its child's partition
        return c;
    }

    /** 600 referral rows; every 50th has an authority code that does not exist. */
    static Path writeReferrals(Path file, int rows) throws IOException {
        return writeReferrals(file, rows, "REF-");
    }

    static Path writeReferrals(Path file, int rows, String prefix) throws IOException {
        StringBuilder csv = new StringBuilder(
                "organisation_code,local_authority,occurred_at,referral_id," + "child_nhs_number,assessment_factors\n");
        Instant at = Instant.parse("2025-03-01T09:00:00Z");
        for (int i = 1; i <= rows; i++) {
            String la = i % 50 == 0 ? "E99000001" : "E09000022";
            csv.append("E09000022,")
                    .append(la)
                    .append(',')
                    .append(at.plusSeconds(60L * i))
                    .append(',')
                    .append(prefix)
                    .append(i)
                    .append(',')
                    .append(NhsNumber.firstValidFrom(999_100_000L + 7L * i))
                    .append(",DOMESTIC_ABUSE_PARENT\n");
        }
        return Files.writeString(file, csv);
    }

    /** Records on the referrals topic (the connector's producer is not transactional: end offsets count them). */
    long published() throws Exception {
        try (var admin = kafka.admin()) {
            var partitions = admin
                    .describeTopics(List.of(Topics.REFERRALS.name()))
                    .allTopicNames()
                    .get()
                    .get(Topics.REFERRALS.name())
                    .partitions()
                    .stream()
                    .map(p -> new TopicPartition(Topics.REFERRALS.name(), p.partition()))
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            return admin.listOffsets(partitions).all().get().values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
                    .sum();
        }
    }

    /** Every referral up to the topic's end offsets (the worker has acknowledged what it sent). */
    List<ConsumerRecord<String, Referral>> referrals() {
        return BrokerReads.readToEnd(
                kafka.adminProperties(),
                Topics.REFERRALS.name(),
                new StringDeserializer(),
                Topics.REFERRALS.valueDeserializer(Map.of("schema.registry.url", registry.confluentApiUrl())));
    }

    @Test
    void publishesADroppedFileAndAfterARestartResumesWithoutSendingARowTwice() throws Exception {
        Path drop = Files.createDirectories(dir.resolve("drop"));
        Path file = writeReferrals(drop.resolve("referrals-2025-03-01.csv"), 600);
        Files.writeString(drop.resolve("notes.txt"), "not a csv: left alone\n");

        long before = published(); // the tests share the broker
        ConnectWorker worker = new ConnectWorker(
                        Files.createDirectories(dir.resolve("worker")),
                        kafka.adminProperties(),
                        List.of(connector(drop)))
                .start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (published() - before < 100 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        } finally {
            worker.stop();
        }
        long seen = published() - before;
        assertThat(seen).as("stopped half-way: %s", worker.tail()).isBetween(100L, 587L);
        assertThat(file)
                .as("a file not fully published stays in the drop directory")
                .exists();

        ConnectWorker again =
                new ConnectWorker(dir.resolve("worker"), kafka.adminProperties(), List.of(connector(drop))).start();
        try {
            Path processed = drop.resolve("processed").resolve(file.getFileName());
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!Files.exists(processed) && System.nanoTime() < deadline) {
                Thread.sleep(300);
            }
            assertThat(processed).as(again.tail()).exists();
        } finally {
            again.stop();
        }

        List<ConsumerRecord<String, Referral>> all =
                referrals().stream().filter(r -> r.key().startsWith("REF-")).toList();
        assertThat(all).hasSize(588); // 600 rows, 12 rejected, none twice
        assertThat(all.stream().map(r -> r.value().getReferralId()).collect(Collectors.toSet()))
                .hasSize(588);
        assertThat(all).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getReferralId()));
        assertThat(all)
                .as("each row on its child's partition, as detection places the child")
                .allSatisfy(r -> assertThat(r.partition())
                        .isEqualTo(ChildPartitioner.partitionOf(
                                r.value().getChild().getNhsNumber(), 2)));
        assertThat(all.stream().map(ConsumerRecord::partition).distinct()).hasSize(2);
        assertThat(drop.resolve("notes.txt")).exists();

        List<ConsumerRecord<String, RejectedRow>> rejected = BrokerReads.readToEnd(
                        kafka.adminProperties(),
                        Topics.REJECTED_ROWS.name(),
                        new StringDeserializer(),
                        Topics.REJECTED_ROWS.valueDeserializer(
                                Map.of("schema.registry.url", registry.confluentApiUrl())))
                .stream()
                .filter(r -> r.key().equals(file.getFileName().toString()))
                .toList();
        assertThat(rejected).hasSize(12);
        assertThat(rejected).allSatisfy(r -> {
            assertThat(r.value().getReason()).isEqualTo(RejectReason.INVALID_AUTHORITY_CODE);
            assertThat(r.value().getFile()).isEqualTo(file.getFileName().toString());
            assertThat(r.value().getLine() % 50).isEqualTo(1); // line = row + 1 (the header is line 1)
            assertThat(r.value().getDetail()).doesNotContain("E99000001");
        });
    }

    @Test
    void afterAWorkerIsKilledEveryRowArrivesAndAnyRowSentAgainCarriesTheSameEventId() throws Exception {
        Path drop = Files.createDirectories(dir.resolve("drop"));
        Path file = writeReferrals(drop.resolve("referrals-killed.csv"), 600, "KIL-");
        Map<String, String> c = connector(drop);
        c.put("name", "file-drop-killed");
        long before = published(); // before the worker starts, so that none of its rows are counted as earlier
        ConnectWorker worker = new ConnectWorker(
                        Files.createDirectories(dir.resolve("worker")), kafka.adminProperties(), List.of(c))
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (published() - before < 100 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        worker.kill();
        assertThat(file).exists();

        ConnectWorker again = new ConnectWorker(dir.resolve("worker"), kafka.adminProperties(), List.of(c)).start();
        try {
            Path processed = drop.resolve("processed").resolve(file.getFileName());
            long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!Files.exists(processed) && System.nanoTime() < until) {
                Thread.sleep(300);
            }
            assertThat(processed).as(again.tail()).exists();
        } finally {
            again.stop();
        }
        List<ConsumerRecord<String, Referral>> mine =
                referrals().stream().filter(r -> r.key().startsWith("KIL-")).toList();
        Map<String, Set<UUID>> idsByReferral = mine.stream()
                .collect(Collectors.groupingBy(
                        r -> r.key(),
                        Collectors.mapping(r -> r.value().getHeader().getEventId(), Collectors.toSet())));
        assertThat(idsByReferral).hasSize(588); // nothing lost
        assertThat(idsByReferral.values()).allSatisfy(ids -> assertThat(ids).hasSize(1)); // resent rows, same id
    }

    @Test
    void aRetractionFileGoesToTheTopicOfTheConnectorsAgencyKeyedByTheEventsItTakesBack() throws Exception {
        Path drop = Files.createDirectories(dir.resolve("drop"));
        StringBuilder csv = new StringBuilder("organisation_code,local_authority,occurred_at,retracted_event_id,reason,"
                + "agency_reference,children_nhs_numbers\n");
        String[] reasons = {"RECORDED_IN_ERROR", "WRONG_CHILD", "DUPLICATE", "OTHER", "wrong child"};
        for (int i = 1; i <= 5; i++) {
            csv.append("01,E09000022,2025-03-05T11:0")
                    .append(i)
                    .append(":00Z,")
                    .append(i == 3 ? "MPS-DA-0003" : new UUID(27, i).toString()) // row 3: a reference, not an id
                    .append(',')
                    .append(reasons[i - 1])
                    .append(",CON-CORR-")
                    .append(i)
                    .append(',')
                    .append(NhsNumber.firstValidFrom(999_200_000L + 7L * i))
                    .append('\n');
        }
        Path file = Files.writeString(drop.resolve("retractions.csv"), csv);
        Map<String, String> c = connector(drop);
        c.put("name", "file-drop-retractions");
        c.put("event.type", "retraction");
        c.put("agency", "police");
        c.put("batch.pause.ms", "0");
        try (ConnectWorker worker = new ConnectWorker(
                        Files.createDirectories(dir.resolve("worker")), kafka.adminProperties(), List.of(c))
                .start()) {
            Path processed = drop.resolve("processed").resolve(file.getFileName());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.exists(processed) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(processed).as(worker.tail()).exists();
        }

        List<ConsumerRecord<String, Retraction>> sent = BrokerReads.readToEnd(
                        kafka.adminProperties(),
                        Topics.POLICE_RETRACTIONS.name(),
                        new StringDeserializer(),
                        Topics.POLICE_RETRACTIONS.valueDeserializer(
                                Map.of("schema.registry.url", registry.confluentApiUrl())))
                .stream()
                .filter(r -> r.value().getAgencyReference().startsWith("CON-CORR-"))
                .toList();
        assertThat(sent)
                .extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder(
                        new UUID(27, 1).toString(),
                        new UUID(27, 2).toString(),
                        new UUID(27, 4).toString(),
                        new UUID(27, 5).toString());
        assertThat(sent).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(r.value().getRetractedEventId().toString());
            assertThat(r.value().getHeader().getSourceAgency()).isEqualTo(Agency.POLICE);
            assertThat(r.partition())
                    .as("the child's partition, as the event's")
                    .isEqualTo(ChildPartitioner.partitionOf(
                            r.value().getChildren().get(0).getNhsNumber(), 2));
        });
        assertThat(sent)
                .extracting(r -> r.value().getReason())
                .containsExactlyInAnyOrder(
                        RetractionReason.RECORDED_IN_ERROR,
                        RetractionReason.WRONG_CHILD,
                        RetractionReason.OTHER,
                        RetractionReason.WRONG_CHILD);

        List<RejectedRow> rejected = BrokerReads.readToEnd(
                        kafka.adminProperties(),
                        Topics.REJECTED_ROWS.name(),
                        new StringDeserializer(),
                        Topics.REJECTED_ROWS.valueDeserializer(
                                Map.of("schema.registry.url", registry.confluentApiUrl())))
                .stream()
                .filter(r -> r.key().equals("retractions.csv"))
                .map(ConsumerRecord::value)
                .toList();
        assertThat(rejected)
                .extracting(
                        RejectedRow::getLine, RejectedRow::getReason, RejectedRow::getDetail, RejectedRow::getEventType)
                .containsExactly(Tuple.tuple(
                        4L, RejectReason.INVALID_EVENT_ID, "retracted_event_id is not a UUID", "retraction"));
    }

    @Test
    void aFileWhoseColumnsDoNotFitMovesToFailedWithItsReason() throws Exception {
        Path drop = Files.createDirectories(dir.resolve("drop"));
        Files.writeString(
                drop.resolve("wrong.csv"),
                "organisation_code,local_authorty,occurred_at,referral_id\n"
                        + "E09000022,E09000022,2025-03-01T09:00:00Z,REF-X\n");
        Map<String, String> c = connector(drop);
        c.put("name", "file-drop-wrong");
        try (ConnectWorker worker = new ConnectWorker(
                        Files.createDirectories(dir.resolve("worker")), kafka.adminProperties(), List.of(c))
                .start()) {
            Path reason = drop.resolve("failed").resolve("wrong.csv.reason.txt");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!Files.exists(reason) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(reason).as(worker.tail()).exists();
            assertThat(Files.readString(reason))
                    .contains("header column 2 is not a column of referral (did you " + "mean 'local_authority'?)");
            assertThat(drop.resolve("failed").resolve("wrong.csv")).exists();
        }
    }

    @Test
    void aFileThatCannotBeReadPastARowPublishesTheRowsBeforeItThenMovesToFailedWithItsReason() throws Exception {
        Path drop = Files.createDirectories(dir.resolve("drop"));
        String nameLike = "JANE_SMITH_9434765919";
        StringBuilder csv = new StringBuilder(
                "organisation_code,local_authority,occurred_at,referral_id," + "child_nhs_number,referral_source\n");
        csv.append("E09000022,E09000022,2025-03-01T09:00:00Z,UNC-1,9990000018,POLICE\n");
        csv.append("E09000022,E09000022,2025-03-01T09:01:00Z,UNC-2,9990000026,")
                .append(nameLike)
                .append('\n');
        csv.append("E09000022,E09000022,2025-03-01T09:02:00Z,\"<img src=x onerror=alert(1)>\",9990000034,POLICE\n");
        csv.append("E09000022,E09000022,2025-03-01T09:03:00Z,UNC-4,9990000042,POLICE\n");
        csv.append("E09000022,E09000022,2025-03-01T09:04:00Z,\"UNC-5,"); // a quote that never closes
        for (int i = 0; i < 40_000; i++) {
            csv.append("9990000050,").append(nameLike).append('\n');
        }
        Path file = Files.writeString(drop.resolve("unclosed.csv"), csv);
        Map<String, String> c = connector(drop);
        c.put("name", "file-drop-unclosed");
        c.put("batch.pause.ms", "0");
        ConnectWorker worker = new ConnectWorker(
                        Files.createDirectories(dir.resolve("worker")), kafka.adminProperties(), List.of(c))
                .start();
        Path reason = drop.resolve("failed").resolve("unclosed.csv.reason.txt");
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.exists(reason) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(reason).as(worker.tail()).exists();
        } finally {
            worker.stop();
        }
        assertThat(Files.readString(reason))
                .isEqualTo("unclosed.csv cannot be read past line 6: the row is longer "
                        + "than 32,768 characters (is a quoted field not closed?); the file was not read further\n");
        assertThat(drop.resolve("failed").resolve("unclosed.csv")).exists();
        assertThat(file).doesNotExist();
        assertThat(drop.resolve("processed").resolve("unclosed.csv")).doesNotExist();

        assertThat(referrals().stream()
                        .map(ConsumerRecord::key)
                        .filter(k -> k.startsWith("UNC-"))
                        .toList())
                .containsExactlyInAnyOrder("UNC-1", "UNC-4");
        List<RejectedRow> rejected = BrokerReads.readToEnd(
                        kafka.adminProperties(),
                        Topics.REJECTED_ROWS.name(),
                        new StringDeserializer(),
                        Topics.REJECTED_ROWS.valueDeserializer(
                                Map.of("schema.registry.url", registry.confluentApiUrl())))
                .stream()
                .filter(r -> r.key().equals("unclosed.csv"))
                .map(ConsumerRecord::value)
                .toList();
        assertThat(rejected)
                .extracting(RejectedRow::getLine, RejectedRow::getReason, RejectedRow::getDetail)
                .containsExactlyInAnyOrder(
                        Tuple.tuple(
                                3L,
                                RejectReason.UNDECODABLE,
                                "referral_source is not "
                                        + "one of its codes; the codes are POLICE, HEALTH, SCHOOL, CHILDRENS_SERVICES, "
                                        + "PROBATION, HOUSING, YOUTH_JUSTICE, OTHER, UNKNOWN"),
                        Tuple.tuple(
                                4L,
                                RejectReason.INVALID_REFERENCE,
                                "reference must start " + "with a letter or a digit"),
                        Tuple.tuple(
                                6L,
                                RejectReason.UNDECODABLE,
                                "the row is longer than "
                                        + "32,768 characters (is a quoted field not closed?); the file was not read further"));
        assertThat(Files.readString(worker.log()))
                .as("the worker's log")
                .doesNotContain("9434765919")
                .doesNotContain("JANE_SMITH")
                .contains("unclosed.csv");
    }
}
