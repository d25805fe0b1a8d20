package org.safeguardingsignals.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.safeguardingsignals.events.AccessAction;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.AlertRouting;
import org.safeguardingsignals.events.AlertStatus;
import org.safeguardingsignals.events.ChildLink;
import org.safeguardingsignals.events.ConsoleAccess;
import org.safeguardingsignals.events.EncompassNotice;
import org.safeguardingsignals.events.GroupMember;
import org.safeguardingsignals.events.LinkEvidence;
import org.safeguardingsignals.events.LinkKind;
import org.safeguardingsignals.events.LinkedGroup;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.NoticeStatus;
import org.safeguardingsignals.events.RetractionReason;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.events.ViewOutcome;
import org.safeguardingsignals.events.Withdrawal;
import org.safeguardingsignals.events.WorkItem;
import org.safeguardingsignals.events.WorkItemAlert;
import org.safeguardingsignals.events.WorkItemStatus;
import org.safeguardingsignals.identifiers.NhsNumber;
import org.safeguardingsignals.runtime.ChronologyLine;
import org.safeguardingsignals.runtime.InstanceSecret;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.serde.SpecificAvroDeserializer;
import org.safeguardingsignals.serde.SpecificAvroSerializer;
import org.safeguardingsignals.testing.BrokerReads;
import org.safeguardingsignals.topics.Topic;
import org.safeguardingsignals.topics.Topics;

/**
 * The subject access export on a real broker and registry, with a console that holds the pseudonym key. Two children
 * of one authority, linked in one group: each has a chronology (detection's internal listener, stood in for here by a
 * listener that answers as ChildQueries does: detection's own route is ConsoleApiIT's), an alert as detection writes
 * it (the first child's also withdrawn after a retraction and re-issued, and naming the second's alert as related), a
 * work item, an Operation Encompass notice, a sealed identity, decisions recorded in the console, a chronology view
 * and an identity reveal. The export of one child holds exactly that child's records, counted against the topics
 * themselves, and nothing of the other; each export is audited once, without the NHS number; only an
 * information-governance officer may ask; the command writes the same export.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleSubjectAccessIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST = "SAR-2026-0042";

    ConsoleWorld world;
    ConsoleApp console;
    AuditTrail audit;
    Path dir;
    HttpServer detection;
    /** What the stand-in for detection holds, by pseudonym. */
    final Map<String, List<ChronologyLine>> held = new ConcurrentHashMap<>();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        world = new ConsoleWorld(dir, 0);
        detection = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        detection.createContext(Chronologies.DETECTION_PATH, exchange -> {
            String pseudonym = exchange.getRequestURI().getPath().substring(Chronologies.DETECTION_PATH.length());
            List<ChronologyLine> lines = held.get(pseudonym);
            boolean allowed =
                    world.internalSecret.equals(exchange.getRequestHeaders().getFirst(InstanceSecret.HEADER));
            byte[] body = !allowed
                    ? "{\"error\":\"Forbidden\"}".getBytes(StandardCharsets.UTF_8)
                    : lines == null
                            ? "{\"error\":\"Not found\"}".getBytes(StandardCharsets.UTF_8)
                            : JSON.writeValueAsBytes(Map.of("entries", lines));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(!allowed ? 403 : lines == null ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        detection.start();
        console = world.startConsole(
                "http://localhost:" + detection.getAddress().getPort(),
                Map.of(
                        Pseudonymiser.KEY_FILE_CONFIG,
                        dir.resolve("pseudonym.key").toString()));
        audit = new AuditTrail(world);
    }

    @AfterAll
    void stop() {
        world.close();
        if (detection != null) {
            detection.stop(0);
        }
    }

    @Test
    void anExportHoldsExactlyTheChildsRecordsAndNoOtherChildsAndIsAuditedOnce() throws Exception {
        String a = world.sealedChild();
        String b = world.sealedChild();
        String nhsA = world.nhsNumbers.get(a);
        String nhsB = world.nhsNumbers.get(b);
        Instant incident = Instant.now().minus(Duration.ofDays(20)).truncatedTo(ChronoUnit.MILLIS);
        held.put(
                a,
                List.of(
                        line(incident, "POLICE", "01", "DOMESTIC_ABUSE", "INC-A-1", Map.of("childPresent", "true")),
                        line(
                                incident.plus(Duration.ofDays(2)),
                                "HEALTH",
                                "RJ1",
                                "PARENTAL_MENTAL_HEALTH",
                                "CRISIS-A-1",
                                Map.of("service", "CRISIS_TEAM")),
                        line(
                                incident.plus(Duration.ofDays(5)),
                                "POLICE",
                                "01",
                                "RETRACTION",
                                "CORR-A-77",
                                Map.of("reason", "WRONG_CHILD"))));
        held.put(
                b,
                List.of(
                        line(incident, "POLICE", "01", "DOMESTIC_ABUSE", "INC-B-9", Map.of()),
                        line(
                                incident.plus(Duration.ofDays(1)),
                                "HEALTH",
                                "RJ1",
                                "PARENTAL_MENTAL_HEALTH",
                                "CRISIS-B-9",
                                Map.of())));
        String alertA = "alert-a-" + UUID.randomUUID();
        String alertB = "alert-b-" + UUID.randomUUID();
        String groupId = a.compareTo(b) < 0 ? a : b; // a group is named by its smallest pseudonym
        RiskAlert originalB = alertOf(alertB, b, "INC-B-9", List.of(), null);
        RiskAlert originalA = alertOf(alertA, a, "INC-A-1", List.of(alertB), groupId);
        world.publishAlert(originalA);
        world.publishAlert(originalB);
        awaitAlert(alertA);
        awaitAlert(alertB);
        decide(alertA, "{\"outcome\":\"ACKNOWLEDGED\"}");
        decide(
                alertA,
                "{\"outcome\":\"STRATEGY_DISCUSSION\",\"reason\":\"REASONABLE_CAUSE_TO_SUSPECT_SIGNIFICANT_HARM\","
                        + "\"consentBasis\":\"NOT_SOUGHT_RISK_OF_HARM\",\"rationale\":\"<b>Second</b> incident\"}");
        decide(alertB, "{\"outcome\":\"ACKNOWLEDGED\"}");
        for (String child : List.of(a, b)) {
            assertThat(world.get(console, "/api/children/" + child + "/chronology", ConsoleWorld.LAMBETH_TOKEN)
                            .statusCode())
                    .isEqualTo(200);
            awaitReveal(child);
        }
        // the police retract the incident behind A's alert: detection withdraws it and re-issues what remains
        RiskAlert withdrawn = RiskAlert.newBuilder(originalA)
                .setStatus(AlertStatus.WITHDRAWN)
                .setWithdrawal(Withdrawal.newBuilder()
                        .setRetractionEventId(UUID.randomUUID().toString())
                        .setRetractedEventId(originalA.getEvidence().get(0).getSourceEventId())
                        .setAgency(Agency.POLICE)
                        .setOrganisationCode("01")
                        .setReason(RetractionReason.WRONG_CHILD)
                        .setAgencyReference("CORR-A-77")
                        .setRemovedEvidence(List.of(originalA.getEvidence().get(0)))
                        .setRetractedAt(incident.plus(Duration.ofDays(5)))
                        .setWithdrawnAt(Instant.now())
                        .build())
                .build();
        RiskAlert reissued = RiskAlert.newBuilder(originalA)
                .setAlertId(alertA + "-reissued")
                .setRuleId("toxic-trio-emerging")
                .setEvidence(originalA.getEvidence().subList(1, 2))
                .setSupersedes(alertA)
                .build();
        world.publishAlert(withdrawn);
        world.publishAlert(reissued);
        publishAsDetection(List.of(
                new ProducerRecord<>(Topics.WORK_ITEMS.name(), a, workItem("item-a", a, originalA)),
                new ProducerRecord<>(Topics.WORK_ITEMS.name(), b, workItem("item-b", b, originalB)),
                new ProducerRecord<>(Topics.ENCOMPASS_NOTICES.name(), "100001", notice("notice-a", a, "INC-A-1")),
                new ProducerRecord<>(Topics.ENCOMPASS_NOTICES.name(), "100001", notice("notice-b", b, "INC-B-9"))));
        world.publishGroup(groupId, group(groupId, a, b, alertA, alertB));

        // what the topics hold on each child, read directly: the export is counted against these
        List<RiskAlert> alertsOfA =
                read(Topics.ALERTS, x -> x.getChildPseudonym().equals(a));
        List<MashDecision> decisionsOfA =
                read(Topics.DECISIONS, x -> x.getChildPseudonym().equals(a));
        List<ConsoleAccess> accessesOfA = read(Topics.CONSOLE_ACCESS, x -> a.equals(x.getChildPseudonym()));
        assertThat(alertsOfA).extracting(RiskAlert::getAlertId).containsExactly(alertA, alertA, alertA + "-reissued");
        assertThat(decisionsOfA).hasSize(2);
        assertThat(accessesOfA)
                .filteredOn(x -> x.getOutcome() == ViewOutcome.SHOWN)
                .extracting(ConsoleAccess::getAction, ConsoleAccess::getWorkerId)
                .containsExactly(
                        tuple(AccessAction.ALERT_VIEWED, "amara"),
                        tuple(AccessAction.CHRONOLOGY_VIEWED, "amara"),
                        tuple(AccessAction.IDENTITY_REVEALED, "amara"));
        List<String> ofB = new ArrayList<>(List.of(b, nhsB, alertB, "item-b", "notice-b", "INC-B-9", "CRISIS-B-9"));
        read(Topics.DECISIONS, x -> x.getChildPseudonym().equals(b))
                .forEach(d -> ofB.add(d.getDecisionId().toString()));
        assertThat(ofB).hasSize(8); // B's pseudonym, NHS number, alert, work item, notice, references and decision

        Map<TopicPartition, Long> mark = audit.mark();
        String spaced = nhsA.substring(0, 3) + " " + nhsA.substring(3, 6) + " " + nhsA.substring(6);

        assertThat(world.get(console, path(".html", spaced, REQUEST), ConsoleWorld.LAMBETH_TOKEN)
                        .statusCode())
                .as("a worker may not export")
                .isEqualTo(403);
        HttpResponse<String> invalid = world.get(console, path("", "1234567890", REQUEST), ConsoleWorld.IG_TOKEN);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(invalid.body()).get("error").asText()).startsWith("Not a valid NHS number: ");
        HttpResponse<String> noReference =
                world.get(console, "/api/ig/subject-access?nhsNumber=" + nhsA, ConsoleWorld.IG_TOKEN);
        assertThat(noReference.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noReference.body()).get("error").asText()).contains("request reference is needed");
        assertThat(world.get(console, path("", nhsA, "SAR " + nhsA), ConsoleWorld.IG_TOKEN)
                        .statusCode())
                .as("a reference carrying the NHS number would put it in the audit trail")
                .isEqualTo(400);
        String nobody = NhsNumber.firstValidFrom(990_000_000L);
        assertThat(world.get(console, path("", nobody, REQUEST), ConsoleWorld.IG_TOKEN)
                        .statusCode())
                .isEqualTo(404);

        HttpResponse<String> answer = world.get(console, path("", spaced, REQUEST), ConsoleWorld.IG_TOKEN);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().allValues("Cache-Control")).contains("no-store");
        JsonNode export = JSON.readTree(answer.body());
        assertThat(export.at("/subjectAccess/childPseudonym").asText()).isEqualTo(a);
        assertThat(export.at("/subjectAccess/nhsNumber").asText()).isEqualTo(nhsA);
        assertThat(export.at("/subjectAccess/request").asText()).isEqualTo(REQUEST);
        assertThat(export.get("chronology").findValuesAsText("sourceReference"))
                .containsExactly("INC-A-1", "CRISIS-A-1", "CORR-A-77");
        assertThat(export.get("chronology").findValuesAsText("organisationCode"))
                .containsExactly("01", "RJ1", "01");
        assertThat(export.at("/chronology/2/qualifiers/reason").asText()).isEqualTo("WRONG_CHILD");
        assertThat(export.get("alerts").findValuesAsText("alertId"))
                .containsExactly(alertA, alertA, alertA + "-reissued");
        assertThat(export.get("alerts").findValuesAsText("status")).containsExactly("ACTIVE", "WITHDRAWN", "ACTIVE");
        assertThat(export.at("/alerts/0/evidence/0/sourceReference").asText()).isEqualTo("INC-A-1");
        assertThat(export.at("/alerts/1/withdrawal/reason").asText()).isEqualTo("WRONG_CHILD");
        assertThat(export.at("/alerts/1/withdrawal/agencyReference").asText()).isEqualTo("CORR-A-77");
        assertThat(export.at("/alerts/2/supersedes").asText()).isEqualTo(alertA);
        assertThat(export.at("/alerts/0/relatedAlertsOfOtherChildren").asInt()).isEqualTo(1);
        assertThat(export.at("/alerts/0/linkedGroup").asText())
                .isEqualTo(groupId.equals(a) ? a : SubjectAccess.WITHHELD);
        assertThat(export.get("decisions").findValuesAsText("decisionId"))
                .containsExactlyElementsOf(decisionsOfA.stream()
                        .map(d -> d.getDecisionId().toString())
                        .toList());
        assertThat(export.get("decisions").findValuesAsText("rationale"))
                .containsExactly("null", "<b>Second</b> incident");
        assertThat(export.get("workItems").findValuesAsText("workItemId")).containsExactly("item-a");
        assertThat(export.get("encompassNotices").findValuesAsText("noticeId")).containsExactly("notice-a");
        assertThat(export.at("/linkedGroups/0/otherChildren").asInt()).isEqualTo(1);
        assertThat(export.at("/linkedGroups/0/member/childPseudonym").asText()).isEqualTo(a);
        assertThat(export.get("accesses").findValuesAsText("accessId"))
                .containsExactlyElementsOf(accessesOfA.stream()
                        .map(x -> x.getAccessId().toString())
                        .toList());
        assertThat(export.at("/identityVault/held").asBoolean()).isTrue();
        assertThat(export.get("counts").toString())
                .isEqualTo(JSON.createObjectNode()
                        .put("chronologyEntries", 3)
                        .put("retractions", 1)
                        .put("alertRecords", 3)
                        .put("withdrawnAlertRecords", 1)
                        .put("decisions", 2)
                        .put("workItems", 1)
                        .put("encompassNotices", 1)
                        .put("linkedGroups", 1)
                        .put("accesses", accessesOfA.size())
                        .toString());
        assertThat(export.get("notIncluded").findValuesAsText("what")).hasSize(SubjectAccess.NOT_INCLUDED.size());
        assertThat(answer.body()).as("nothing of the other child").doesNotContain(ofB);

        HttpResponse<String> page = world.get(console, path(".html", nhsA, REQUEST), ConsoleWorld.IG_TOKEN);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().allValues("Content-Security-Policy"))
                .containsExactly(SubjectAccessPage.CONTENT_SECURITY_POLICY);
        assertThat(page.body())
                .contains(alertA, "WITHDRAWN", "WRONG_CHILD", "CORR-A-77", "&lt;b&gt;Second&lt;/b&gt; incident")
                .doesNotContain("<b>Second")
                .doesNotContain(ofB);

        // each export on the record once, with the request and never the NHS number; refusals name no child
        List<ConsoleAccess> recorded = audit.since(mark);
        assertThat(recorded)
                .extracting(
                        ConsoleAccess::getAction,
                        ConsoleAccess::getWorkerId,
                        ConsoleAccess::getOutcome,
                        ConsoleAccess::getChildPseudonym,
                        x -> x.getFilters().get("request"),
                        x -> x.getFilters().get("format"))
                .containsExactly(
                        tuple(AccessAction.SUBJECT_ACCESS_EXPORTED, "amara", ViewOutcome.REFUSED, null, null, null),
                        tuple(
                                AccessAction.SUBJECT_ACCESS_EXPORTED,
                                "imogen",
                                ViewOutcome.REFUSED,
                                null,
                                REQUEST,
                                "json"),
                        tuple(AccessAction.SUBJECT_ACCESS_EXPORTED, "imogen", ViewOutcome.SHOWN, a, REQUEST, "json"),
                        tuple(AccessAction.SUBJECT_ACCESS_EXPORTED, "imogen", ViewOutcome.SHOWN, a, REQUEST, "html"));
        assertThat(recorded).allSatisfy(x -> assertThat(x.toString()).doesNotContain(nhsA));

        // the command asks the same API once, and writes both files
        Path token = Files.writeString(dir.resolve("ig.token"), ConsoleWorld.IG_TOKEN);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<TopicPartition, Long> beforeCommand = audit.mark();
        int exit = SubjectAccessCommand.run(
                new String[] {
                    "--console", console.url(),
                    "--token-file", token.toString(),
                    "--nhs-number", nhsA,
                    "--request", "SAR/2026 43",
                    "--out", dir.resolve("exports").toString()
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        Path json = dir.resolve("exports").resolve("subject-access-SAR_2026_43.json");
        Path html = dir.resolve("exports").resolve("subject-access-SAR_2026_43.html");
        // the two exports just made are accesses of the child too
        JsonNode counts = JSON.readTree(Files.readString(json)).get("counts");
        assertThat(counts.get("accesses").asInt()).isEqualTo(accessesOfA.size() + 2);
        ObjectNode commandCounts = counts.deepCopy();
        ObjectNode apiCounts = export.get("counts").deepCopy();
        assertThat((Object) commandCounts.without("accesses")).isEqualTo(apiCounts.without("accesses"));
        assertThat(Files.readString(html)).contains(alertA, "CORR-A-77").doesNotContain(ofB);
        assertThat(Files.getPosixFilePermissions(json).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
        assertThat(audit.since(beforeCommand))
                .extracting(
                        ConsoleAccess::getAction,
                        ConsoleAccess::getOutcome,
                        x -> x.getFilters().get("request"))
                .containsExactly(tuple(AccessAction.SUBJECT_ACCESS_EXPORTED, ViewOutcome.SHOWN, "SAR/2026 43"));
        assertThat(SubjectAccessCommand.run(
                        new String[] {
                            "--console",
                            console.url(),
                            "--token-file",
                            token.toString(),
                            "--nhs-number",
                            "123",
                            "--request",
                            REQUEST
                        },
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("The console answered 400: Not a valid NHS number");
    }

    private static ChronologyLine line(
            Instant at, String agency, String organisation, String category, String reference, Map<String, String> q) {
        return new ChronologyLine(
                at.toString(),
                agency,
                category,
                reference,
                ConsoleWorld.LAMBETH,
                UUID.randomUUID().toString(),
                null,
                organisation,
                q);
    }

    private static RiskAlert alertOf(
            String alertId, String child, String reference, List<String> related, String linkedGroup) {
        RiskAlert alert = ConsoleWorld.alert(alertId, Severity.MEDIUM, ConsoleWorld.LAMBETH, reference, 2);
        return RiskAlert.newBuilder(alert)
                .setRuleId("toxic-trio")
                .setChildPseudonym(child)
                .setRelatedAlerts(related)
                .setLinkedGroup(linkedGroup)
                .build();
    }

    private static WorkItem workItem(String id, String child, RiskAlert alert) {
        return WorkItem.newBuilder()
                .setWorkItemId(id)
                .setChildPseudonym(child)
                .setLocalAuthority(ConsoleWorld.LAMBETH)
                .setRouting(AlertRouting.FRONT_DOOR)
                .setStatus(WorkItemStatus.OPEN)
                .setSeverity(alert.getSeverity())
                .setAlerts(List.of(WorkItemAlert.newBuilder()
                        .setAlertId(alert.getAlertId())
                        .setRuleId(alert.getRuleId())
                        .setRuleVersion(alert.getRuleVersion())
                        .setSeverity(alert.getSeverity())
                        .setRaisedAt(alert.getRaisedAt())
                        .setWindow(alert.getWindow())
                        .setEvidence(alert.getEvidence())
                        .setRoutedTo(alert.getRoutedTo())
                        .build()))
                .setOpenedAt(alert.getRaisedAt())
                .setDecisionDueBy(alert.getRaisedAt().plus(Duration.ofDays(1)))
                .setUpdatedAt(alert.getRaisedAt())
                .build();
    }

    private static EncompassNotice notice(String id, String child, String reference) {
        Instant at = Instant.now().minus(Duration.ofDays(19)).truncatedTo(ChronoUnit.MILLIS);
        return EncompassNotice.newBuilder()
                .setNoticeId(id)
                .setSchoolUrn("100001")
                .setChildPseudonym(child)
                .setLocalAuthority(ConsoleWorld.LAMBETH)
                .setIncidentAt(at)
                .setForceCode("01")
                .setIncidentEventId(UUID.randomUUID().toString())
                .setIncidentReference(reference)
                .setDueBy(at.plus(Duration.ofDays(1)))
                .setStatus(NoticeStatus.SENT)
                .setSentAt(at)
                .build();
    }

    private static LinkedGroup group(String groupId, String a, String b, String alertA, String alertB) {
        List<String> sorted = a.compareTo(b) < 0 ? List.of(a, b) : List.of(b, a);
        return LinkedGroup.newBuilder()
                .setGroupId(groupId)
                .setMembers(sorted.stream()
                        .map(c -> GroupMember.newBuilder()
                                .setChildPseudonym(c)
                                .setAuthorities(List.of(ConsoleWorld.LAMBETH))
                                .setExploitationAlertId(c.equals(a) ? alertA : alertB)
                                .build())
                        .toList())
                .setLinks(List.of(ChildLink.newBuilder()
                        .setChildA(sorted.get(0))
                        .setChildB(sorted.get(1))
                        .setEvidence(List.of(LinkEvidence.newBuilder()
                                .setKind(LinkKind.FOUND_WITH)
                                .build()))
                        .setExpiresAt(Instant.now().plus(Duration.ofDays(90)))
                        .build()))
                .setAuthorities(List.of(ConsoleWorld.LAMBETH))
                .setUpdatedAt(Instant.now())
                .build();
    }

    /** Writes records as detection does, with its credentials. */
    private void publishAsDetection(List<ProducerRecord<String, SpecificRecord>> records) {
        Properties p = new Properties();
        p.putAll(world.kafka.clientProperties("detection"));
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of("schema.registry.url", world.registry.confluentApiUrl()), false);
        try (KafkaProducer<String, SpecificRecord> producer =
                new KafkaProducer<>(p, new StringSerializer(), serializer)) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    private static String path(String suffix, String nhsNumber, String request) {
        return SubjectAccess.JSON_PATH + suffix + "?nhsNumber=" + URLEncoder.encode(nhsNumber, StandardCharsets.UTF_8)
                + "&request=" + URLEncoder.encode(request, StandardCharsets.UTF_8);
    }

    private void decide(String alertId, String body) {
        HttpResponse<String> r =
                world.post(console, "/api/alerts/" + alertId + "/decisions", ConsoleWorld.LAMBETH_TOKEN, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private <T extends SpecificRecord> List<T> read(Topic<T> topic, Predicate<T> wanted) {
        SpecificAvroDeserializer<T> values = new SpecificAvroDeserializer<>(topic.valueType());
        values.configure(Map.of("schema.registry.url", world.registry.confluentApiUrl()), false);
        return BrokerReads.valuesToEnd(world.kafka.adminProperties(), topic.name(), values).stream()
                .filter(v -> v != null && wanted.test(v))
                .toList();
    }

    private void awaitAlert(String alertId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (world.get(console, "/api/alerts/" + alertId, ConsoleWorld.LAMBETH_TOKEN)
                        .statusCode()
                != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("alert " + alertId + " not on the board within 60 s");
            }
            Thread.sleep(250);
        }
    }

    /** The identity is revealed once its vault entry has reached the console (a 404 until then). */
    private void awaitReveal(String pseudonym) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            HttpResponse<String> r = world.post(
                    console,
                    "/api/children/" + pseudonym + "/identity",
                    ConsoleWorld.LAMBETH_TOKEN,
                    "{\"reason\":\"MASH_SCREENING\"}");
            if (r.statusCode() != 404 || System.nanoTime() > deadline) {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                return;
            }
            Thread.sleep(250);
        }
    }
}
