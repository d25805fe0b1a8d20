package org.safeguardingsignals.agency.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguardingsignals.agency.rows.EventType;
import org.safeguardingsignals.agency.rows.EventTypes;
import org.safeguardingsignals.embedded.ApicurioRegistry;
import org.safeguardingsignals.embedded.BrokerSecurity;
import org.safeguardingsignals.embedded.EmbeddedKafka;
import org.safeguardingsignals.embedded.FreePorts;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.Referral;
import org.safeguardingsignals.events.Retraction;
import org.safeguardingsignals.identifiers.NhsNumber;
import org.safeguardingsignals.testing.BrokerReads;
import org.safeguardingsignals.testing.CapturedLog;
import org.safeguardingsignals.topics.Topic;
import org.safeguardingsignals.topics.Topics;
import org.safeguardingsignals.validation.ChildPartitioner;

/** The publish command end to end: a real broker (in-process KRaft) and a real Apicurio Registry. */
class PublishCommandIT {
    static final Path SAMPLES = Path.of("../samples");
    static EmbeddedKafka kafka;
    static ApicurioRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
        registry = ApicurioRegistry.shared();
        kafka.createTopics(Topics.inputs().stream().map(t -> t.name()).toList(), 2);
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    record Run(int exit, String out, String err) {}

    Run publish(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 6];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "-b";
        all[args.length + 1] = kafka.bootstrapServers();
        all[args.length + 2] = "-r";
        all[args.length + 3] = registry.confluentApiUrl();
        // the broker is secured: the command connects with the credentials file's security settings
        all[args.length + 4] = "-c";
        all[args.length + 5] = credentials().toString();
        int exit = PublishCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Run(exit, out.toString(), err.toString());
    }

    /** Every referral on the topic up to its end offsets: the command has been acknowledged before it returns. */
    List<ConsumerRecord<String, Referral>> referrals() {
        return BrokerReads.readToEnd(
                kafka.adminProperties(),
                Topics.REFERRALS.name(),
                new StringDeserializer(),
                Topics.REFERRALS.valueDeserializer(Map.of("schema.registry.url", registry.confluentApiUrl())));
    }

    /** The referrals from the file with errors (the tests share the broker). */
    List<ConsumerRecord<String, Referral>> fromFileWithErrors() {
        return referrals().stream()
                .filter(r -> r.key().startsWith("LAM-REF-02"))
                .toList();
    }

    @Test
    void publishesTheGoodRowsListsTheBadOnesWithLineAndReasonAndARerunKeepsTheEventIds() throws IOException {
        Path file = Files.copy(SAMPLES.resolve("referral-with-errors.csv"), dir.resolve("referrals.csv"));

        Run run = publish("--type", "referral", file.toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(PublishCommand.REJECTS);
        assertThat(run.out())
                .contains("6 rows read")
                .contains("published 2 to " + Topics.REFERRALS.name())
                .contains("rejected 4");
        List<String> rejects = Files.readAllLines(dir.resolve("referrals.rejects.csv"));
        assertThat(rejects).hasSize(5);
        assertThat(rejects.get(0)).isEqualTo("line,reason,detail");
        assertThat(rejects.get(1)).startsWith("3,INVALID_AUTHORITY_CODE,");
        assertThat(rejects.get(2)).isEqualTo("4,MISSING_REFERENCE,referral_id is empty");
        assertThat(rejects.get(3)).startsWith("5,INVALID_DATE,occurred_at is not a date and time");
        assertThat(rejects.get(4))
                .isEqualTo("6,UNDECODABLE,assessment_factors is not one of its codes (did you mean "
                        + "DOMESTIC_ABUSE_PARENT?)");
        assertThat(String.join("\n", rejects)).doesNotContain("9990000026").doesNotContain("E99999999");

        List<ConsumerRecord<String, Referral>> first = fromFileWithErrors();
        assertThat(first).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("LAM-REF-0201", "LAM-REF-0206");
        // a child without a valid NHS number is not a rejected row: the pipeline sends it to manual matching
        assertThat(first).extracting(r -> r.value().getChild().getNhsNumber()).contains("1234567890");

        Run again = publish("--type", "referral", "--allow-rejects", file.toString());
        assertThat(again.exit()).isEqualTo(PublishCommand.OK);
        List<ConsumerRecord<String, Referral>> both = fromFileWithErrors();
        assertThat(both).hasSize(4);
        // the same rows carry the same event ids, so the pipeline counts a rerun once
        assertThat(both.stream().map(r -> r.value().getHeader().getEventId()).collect(Collectors.toSet()))
                .hasSize(2);
    }

    @Test
    void everySampleFilePublishesWithoutRejects() throws IOException {
        for (EventType<?> type : EventTypes.ALL) {
            Path sample = SAMPLES.resolve(type.name() + ".csv");
            Path copy = Files.copy(sample, dir.resolve(sample.getFileName()));
            // the sample retraction is the police force's (its topic is the agency's own)
            Run run = publish("--type", type.name(), "--agency", "police", copy.toString());
            assertThat(run.exit())
                    .as(type.name() + ": " + run.out() + run.err())
                    .isEqualTo(PublishCommand.OK);
            long rows = Files.readAllLines(sample).size() - 1;
            assertThat(run.out())
                    .contains("published " + rows + " to "
                            + type.contract().topic().name());
        }
        Path jsonl = Files.copy(SAMPLES.resolve("referral.jsonl"), dir.resolve("referral.jsonl"));
        Run run = publish("--type", "referral", jsonl.toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(PublishCommand.OK);
        assertThat(run.out()).contains("published 2 to ");
    }

    static <V extends SpecificRecord> List<ConsumerRecord<String, V>> read(Topic<V> topic) {
        return BrokerReads.readToEnd(
                kafka.adminProperties(),
                topic.name(),
                new StringDeserializer(),
                topic.valueDeserializer(Map.of("schema.registry.url", registry.confluentApiUrl())));
    }

    static final String RETRACTIONS = "organisation_code,local_authority,occurred_at,retracted_event_id,reason,"
            + "agency_reference,children_nhs_numbers,source_agency\n";

    static String retractionRow(int i, String child, String agency) {
        return "01,E09000022,2025-03-05T11:0" + i + ":00Z," + new UUID(25, i) + ",WRONG_CHILD,IT-CORR-" + i + ","
                + child + "," + agency + "\n";
    }

    @Test
    void aRetractionFileGoesToTheAgencysOwnTopicKeyedByTheEventsItTakesBackAndABadRowIsRejected() throws IOException {
        Path file = Files.writeString(
                dir.resolve("retractions.csv"),
                RETRACTIONS
                        + retractionRow(1, "9990000018;9990000026", "")
                        + retractionRow(2, "9990000034", "POLICE")
                        + retractionRow(3, "9990000042", "HEALTH") // another agency's: refused before sending
                        + retractionRow(4, "9434765919", ""));
        Path ids = dir.resolve("retraction-ids.csv");

        Run run = publish("--type", "retraction", "--agency", "police", "--ids", ids.toString(), file.toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(PublishCommand.REJECTS);
        assertThat(run.out())
                .contains("4 rows read")
                .contains("published 3 to " + Topics.POLICE_RETRACTIONS.name())
                .contains("rejected 1")
                .containsPattern("RETRACTION_NOT_OWN_EVENT +1");
        List<String> rejects = Files.readAllLines(dir.resolve("retractions.rejects.csv"));
        assertThat(rejects).hasSize(2);
        assertThat(rejects.get(1))
                .isEqualTo("4,RETRACTION_NOT_OWN_EVENT,\"header.sourceAgency HEALTH may not retract on "
                        + "safeguarding.police.retractions.v1, which is for POLICE events\"");

        List<ConsumerRecord<String, Retraction>> sent = read(Topics.POLICE_RETRACTIONS).stream()
                .filter(r -> r.value().getAgencyReference().startsWith("IT-CORR-"))
                .toList();
        assertThat(sent).hasSize(3);
        assertThat(sent)
                .extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder(
                        new UUID(25, 1).toString(), new UUID(25, 2).toString(), new UUID(25, 4).toString());
        assertThat(sent).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(r.value().getRetractedEventId().toString());
            assertThat(r.value().getHeader().getSourceAgency()).isEqualTo(Agency.POLICE);
            assertThat(r.partition())
                    .as("the first child's partition")
                    .isEqualTo(ChildPartitioner.partitionOf(
                            r.value().getChildren().get(0).getNhsNumber(), 2));
        });
        // the ids file lists the line and id of each row sent, as the broker has them
        List<String> listed = Files.readAllLines(ids);
        assertThat(listed.get(0)).isEqualTo("line,event_id");
        assertThat(listed.subList(1, listed.size()))
                .containsExactlyInAnyOrderElementsOf(sent.stream()
                        .map(r -> (2
                                        + Integer.parseInt(
                                                r.value().getAgencyReference().substring(8))
                                        - 1) + "," + r.value().getHeader().getEventId())
                        .toList());
    }

    @Test
    void aReturnInterviewProvidersRetractionsGoToItsOwnTopicAndATypeWithoutItsAgencyIsUnusable() throws IOException {
        Path file = Files.writeString(
                dir.resolve("rhi-retractions.csv"),
                "organisation_code,local_authority,occurred_at,retracted_event_id,reason,agency_reference,"
                        + "children_nhs_numbers\n"
                        + "E09000022,E09000022,2025-03-06T10:00:00Z," + new UUID(26, 1) + ",DUPLICATE,RHI-CORR-1,"
                        + "9990000085\n");
        int childrensServices = read(Topics.CHILDRENS_SERVICES_RETRACTIONS).size();

        Run withoutAgency = publish("--type", "retraction", file.toString());
        assertThat(withoutAgency.exit()).isEqualTo(PublishCommand.UNUSABLE);
        assertThat(withoutAgency.err())
                .contains("retraction files go to the publishing agency's own topic: name it with --agency (one of "
                        + "police, health, school, childrens-services, return-interviews)");

        Run run = publish("--type", "retraction", "--agency", "return-interviews", file.toString());
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(PublishCommand.OK);
        assertThat(run.out()).contains("published 1 to " + Topics.RETURN_INTERVIEW_RETRACTIONS.name());
        assertThat(read(Topics.RETURN_INTERVIEW_RETRACTIONS))
                .filteredOn(r -> r.value().getAgencyReference().equals("RHI-CORR-1"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.key()).isEqualTo(new UUID(26, 1).toString());
                    assertThat(r.value().getHeader().getSourceAgency()).isEqualTo(Agency.CHILDRENS_SERVICES);
                });
        assertThat(read(Topics.CHILDRENS_SERVICES_RETRACTIONS)).hasSize(childrensServices);
    }

    @Test
    void aFileWithUnknownColumnsPublishesNothingAndSaysWhatItExpected() throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(
                file,
                "organisation_code,local_authorty,occurred_at,referral_id,child_nhs_number\n"
                        + "E09000022,E09000022,2025-03-08T14:00:00Z,LAM-REF-0301,9990000018\n");
        int before = referrals().size();

        Run run = publish("--type", "referral", file.toString());

        assertThat(run.exit()).isEqualTo(PublishCommand.UNUSABLE);
        assertThat(run.err())
                .contains("header column 2 is not a column of referral (did you mean " + "'local_authority'?)")
                .contains("Nothing was published");
        assertThat(referrals()).hasSize(before).noneMatch(r -> r.key().equals("LAM-REF-0301"));
    }

    @Test
    void anUnreachableRegistryIsAFailureToPublishNotARejection() throws IOException {
        Path file = Files.copy(SAMPLES.resolve("referral.csv"), dir.resolve("referral.csv"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = PublishCommand.run(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                "--type",
                "referral",
                file.toString(),
                "-b",
                kafka.bootstrapServers(),
                "-r",
                "http://127.0.0.1:" + FreePorts.next() + "/apis/ccompat/v7",
                "-c",
                writeRetries(0).toString());

        assertThat(exit).as(out + "\n" + err).isEqualTo(PublishCommand.FAILED);
        assertThat(err.toString()).contains("Publishing failed").contains("run the same command again");
        assertThat(dir.resolve("referral.rejects.csv")).doesNotExist();
    }

    static final String HEADER =
            "organisation_code,local_authority,occurred_at,referral_id,child_nhs_number," + "referral_source\n";

    static String row(String referralId, String source) {
        return "E09000022,E09000022,2025-03-08T14:00:00Z," + referralId + ",9990000018," + source + "\n";
    }

    static String jsonRow(String referralId) {
        return "{\"organisation_code\": \"E09000022\", \"local_authority\": \"E09000022\", \"occurred_at\": "
                + "\"2025-03-08T14:00:00Z\", \"referral_id\": \"" + referralId + "\"}\n";
    }

    @Test
    void theRejectsFileNamesColumnAndRuleButRepeatsNoValueFromTheRow() throws IOException {
        String nhs = "9434765919";
        String nameLike = "JANE_SMITH_" + nhs;
        Path csv = Files.writeString(
                dir.resolve("leaky.csv"),
                HEADER
                        + row("LEAK-1", nameLike)
                        + row("\"<img src=x onerror=alert(1)>\"", "POLICE")
                        + row("LEAK-3", "POLICE"));
        Path jsonl = Files.writeString(
                dir.resolve("leaky.jsonl"),
                "{\"referral_id\": " + nameLike + "}\n"
                        + "{\"" + nameLike + "\": \"x\"}\n" + "{\"referral_id\": {\"name\": \"" + nameLike + "\"}}\n"
                        + jsonRow("LEAK-4"));

        List<String> rejects;
        try (CapturedLog log = CapturedLog.start()) {
            Run fromCsv = publish("--type", "referral", "--dry-run", csv.toString());
            rejects = Files.readAllLines(dir.resolve("leaky.rejects.csv"));
            assertThat(fromCsv.exit()).isEqualTo(PublishCommand.REJECTS);
            assertThat(rejects)
                    .containsExactly(
                            "line,reason,detail",
                            "2,UNDECODABLE,\"referral_source is not one of its codes; the codes are POLICE, HEALTH, SCHOOL, "
                                    + "CHILDRENS_SERVICES, PROBATION, HOUSING, YOUTH_JUSTICE, OTHER, UNKNOWN\"",
                            "3,INVALID_REFERENCE,reference must start with a letter or a digit");

            Run fromJsonl = publish("--type", "referral", "--dry-run", jsonl.toString());
            List<String> jsonRejects = Files.readAllLines(dir.resolve("leaky.rejects.csv"));
            assertThat(fromJsonl.out()).contains("valid (dry run, nothing sent) 1 to");
            assertThat(jsonRejects).hasSize(4);
            assertThat(jsonRejects.get(1)).startsWith("1,UNDECODABLE,the line is not JSON (at character ");
            assertThat(jsonRejects.get(2)).isEqualTo("2,UNDECODABLE,key 1 is not a column of referral");
            assertThat(jsonRejects.get(3)).startsWith("3,UNDECODABLE,key 1 of the object has an object");
            rejects.addAll(jsonRejects);
            for (Run run : List.of(fromCsv, fromJsonl)) {
                assertThat(run.out() + run.err()).doesNotContain(nhs).doesNotContain("JANE_SMITH");
            }
            assertThat(log.text()).doesNotContain(nhs).doesNotContain("JANE_SMITH");
        }
        assertThat(rejects)
                .allSatisfy(line -> assertThat(line)
                        .doesNotContain(nhs)
                        .doesNotContain("JANE_SMITH")
                        .doesNotContain("<img"));
    }

    @Test
    void aCellOrLineOverTheLimitIsRejectedWithItsLineAndTheRestOfTheFilePublishes() throws IOException {
        Path csv = Files.writeString(
                dir.resolve("long-cell.csv"), HEADER + row("LONG-1", "POLICE;".repeat(700)) + row("LONG-2", "POLICE"));
        Path jsonl = Files.writeString(dir.resolve("long-line.jsonl"), jsonRow("x".repeat(40_000)) + jsonRow("LONG-3"));

        Run cell = publish("--type", "referral", csv.toString());
        Run line = publish("--type", "referral", jsonl.toString());

        assertThat(cell.exit()).isEqualTo(PublishCommand.REJECTS);
        assertThat(cell.out()).contains("published 1 to");
        assertThat(Files.readAllLines(dir.resolve("long-cell.rejects.csv")))
                .containsExactly(
                        "line,reason,detail", "2,UNDECODABLE,\"referral_source is longer than 4,096 characters\"");
        assertThat(line.exit()).isEqualTo(PublishCommand.REJECTS);
        assertThat(line.out()).contains("published 1 to");
        assertThat(Files.readAllLines(dir.resolve("long-line.rejects.csv")))
                .containsExactly("line,reason,detail", "1,UNDECODABLE,\"the line is longer than 32,768 characters\"");
        assertThat(referrals().stream().map(ConsumerRecord::key))
                .contains("LONG-2", "LONG-3")
                .doesNotContain("LONG-1");
    }

    @Test
    void aQuotedFieldThatNeverClosesStopsTheFileAtItsLineWithExitTwo() throws IOException {
        StringBuilder unclosed = new StringBuilder(HEADER)
                .append(row("OPEN-1", "POLICE"))
                .append(row("OPEN-2", "POLICE"))
                .append("E09000022,E09000022,2025-03-08T14:00:00Z,\"OPEN-3,");
        for (int i = 0; i < 50_000; i++) {
            unclosed.append(NhsNumber.firstValidFrom(943_476_000L + i)).append(",JANE_SMITH\n");
        }
        Path csv = Files.writeString(dir.resolve("unclosed.csv"), unclosed);

        Run run = publish("--type", "referral", csv.toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(PublishCommand.UNUSABLE);
        assertThat(run.err())
                .contains("Reading stopped at line 4: the row is longer than 32,768 characters (is a "
                        + "quoted field not closed?)")
                .contains("Rows before it were published");
        assertThat(run.out()).contains("published 2 to").contains("rejected 1");
        assertThat(Files.readAllLines(dir.resolve("unclosed.rejects.csv")))
                .containsExactly(
                        "line,reason,detail",
                        "4,UNDECODABLE,\"the row is longer than 32,768 characters (is a quoted field not closed?); the "
                                + "file was not read further\"");
        assertThat(referrals().stream().map(ConsumerRecord::key)).contains("OPEN-1", "OPEN-2");
        assertThat(run.out() + run.err()).doesNotContain("JANE_SMITH").doesNotContain("943476");
    }

    private Path writeRetries(int retries) throws IOException {
        Path p = dir.resolve("client.properties");
        Files.writeString(p, Files.readString(credentials()) + "schema.registry.max.retries=" + retries + "\n");
        return p;
    }

    /** A credentials file as the broker's set-up writes one (SASL_SSL, SCRAM-SHA-512, trust store). */
    private static Path credentials() {
        kafka.adminProperties(); // registers the principal with the broker
        return kafka.security().credentialsFile(BrokerSecurity.ADMIN);
    }
}
