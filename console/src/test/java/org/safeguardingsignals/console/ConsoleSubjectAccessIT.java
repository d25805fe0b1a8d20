package org.safeguardingsignals.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
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
import org.safeguardingsignals.events.EventHeader;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.GroupMember;
import org.safeguardingsignals.events.HealthService;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.LinkEvidence;
import org.safeguardingsignals.events.LinkKind;
import org.safeguardingsignals.events.LinkedGroup;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.NoticeStatus;
import org.safeguardingsignals.events.ParentHealthCategory;
import org.safeguardingsignals.events.ParentHealthEvent;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.RetractionReason;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.events.ViewOutcome;
import org.safeguardingsignals.events.Withdrawal;
import org.safeguardingsignals.events.WorkItem;
import org.safeguardingsignals.events.WorkItemAlert;
import org.safeguardingsignals.events.WorkItemStatus;
import org.safeguardingsignals.identifiers.NhsNumber;
import org.safeguardingsignals.runtime.InstanceSecret;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.serde.SpecificAvroDeserializer;
import org.safeguardingsignals.serde.SpecificAvroSerializer;
import org.safeguardingsignals.testing.BrokerReads;
import org.safeguardingsignals.topics.Topic;
import org.safeguardingsignals.topics.Topics;
import org.safeguardingsignals.validation.ChildPartitioner;

/**
 * The subject access export on a real broker and registry, with real detection and a console asking it, the console
 * holding the pseudonym key. Two children of one authority, linked in one group: each was present at a police
 * incident, which detection holds in the child's chronology and seals the child's identity for; the police then
 * retract the first child's incident (wrong child), and detection drops it and keeps the retraction in its place; a
 * health trust's crisis follows in the first child's household. Each child has an alert as detection writes it (the
 * first child's also withdrawn after the retraction and re-issued, and naming the second's alert as related), a work
 * item and an Operation Encompass notice as detection writes them, decisions recorded in the console, a chronology
 * view and an identity reveal. The export of one child holds exactly that child's records, counted against the topics
 * and detection's chronology themselves, and nothing of the other; each export is audited once, without the NHS
 * number; only an information-governance officer may ask; the command writes the same export.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleSubjectAccessIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST = "SAR-2026-0042";

    ConsoleWorld world;
    ConsoleApp console;
    AuditTrail audit;
    Path dir;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        // one detection instance and one console asking it, the console holding the pseudonym key
        world = new ConsoleWorld(
                dir,
                1,
                Map.of(
                        Pseudonymiser.KEY_FILE_CONFIG,
                        dir.resolve("pseudonym.key").toString()),
                false);
        console = world.consoles.get(0);
        audit = new AuditTrail(world);
    }

    @AfterAll
    void stop() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void anExportHoldsExactlyTheChildsRecordsAndNoOtherChildsAndIsAuditedOnce() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String correction = "CORR-A-" + tag;
        // real events, as the police publish them: each child present at a domestic-abuse incident (alone, it raises
        // nothing); detection seals each child's identity and keeps the incident in the child's chronology
        ConsoleWorld.Incident incidentA = world.policeIncident(ConsoleWorld.LAMBETH);
        ConsoleWorld.Incident incidentB = world.policeIncident(ConsoleWorld.LAMBETH);
        String a = incidentA.child();
        String b = incidentB.child();
        String nhsA = world.nhsNumbers.get(a);
        String nhsB = world.nhsNumbers.get(b);
        assertThat(awaitHeldByDetection(a, e -> e.size() == 1).findValuesAsText("eventId"))
                .containsExactly(incidentA.eventId().toString());
        assertThat(awaitHeldByDetection(b, e -> e.size() == 1).findValuesAsText("eventId"))
                .containsExactly(incidentB.eventId().toString());
        String alertA = "alert-a-" + UUID.randomUUID();
        String alertB = "alert-b-" + UUID.randomUUID();
        String groupId = a.compareTo(b) < 0 ? a : b; // a group is named by its smallest pseudonym
        // alerts as detection writes them, resting on each child's incident
        RiskAlert originalB = alertOf(alertB, incidentB, List.of(), null);
        RiskAlert originalA = alertOf(alertA, incidentA, List.of(alertB), groupId);
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
        // the police take A's incident back (wrong child): detection drops it from A's chronology and keeps the
        // retraction in its place
        world.policeRetract(incidentA, RetractionReason.WRONG_CHILD, correction, ConsoleWorld.LAMBETH);
        JsonNode retracted =
                awaitHeldByDetection(a, e -> e.findValuesAsText("category").contains("RETRACTION"));
        assertThat(retracted.findValuesAsText("category")).containsExactly("RETRACTION");
        JsonNode retraction = retracted.get(0);
        assertThat(retraction.get("sourceReference").asText()).isEqualTo(correction);
        // the alert that rested on it, withdrawn, and what remains re-issued, as detection writes them
        RiskAlert withdrawn = RiskAlert.newBuilder(originalA)
                .setStatus(AlertStatus.WITHDRAWN)
                .setWithdrawal(Withdrawal.newBuilder()
                        .setRetractionEventId(retraction.get("eventId").asText())
                        .setRetractedEventId(incidentA.eventId().toString())
                        .setAgency(Agency.POLICE)
                        .setOrganisationCode("01")
                        .setReason(RetractionReason.WRONG_CHILD)
                        .setAgencyReference(correction)
                        .setRemovedEvidence(List.of(originalA.getEvidence().get(0)))
                        .setRetractedAt(
                                Instant.parse(retraction.get("occurredAt").asText()))
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
        // then a health trust tells of a parent's crisis in A's household, dated after the incident: with the
        // incident gone it is one factor alone, and detection raises nothing
        String crisis = "CRISIS-A-" + tag;
        UUID crisisEvent =
                publishParentCrisis(nhsA, crisis, incidentA.occurredAt().plus(Duration.ofHours(2)));
        awaitHeldByDetection(a, e -> e.size() == 2);
        publishAsDetection(List.of(
                new ProducerRecord<>(Topics.WORK_ITEMS.name(), a, workItem("item-a", a, originalA)),
                new ProducerRecord<>(Topics.WORK_ITEMS.name(), b, workItem("item-b", b, originalB)),
                new ProducerRecord<>(Topics.ENCOMPASS_NOTICES.name(), "100001", notice("notice-a", incidentA)),
                new ProducerRecord<>(Topics.ENCOMPASS_NOTICES.name(), "100001", notice("notice-b", incidentB))));
        world.publishGroup(groupId, group(groupId, a, b, alertA, alertB));

        // what the topics hold on each child, read directly: the export is counted against these
        List<RiskAlert> alertsOfA =
                read(Topics.ALERTS, x -> x.getChildPseudonym().equals(a));
        List<MashDecision> decisionsOfA =
                read(Topics.DECISIONS, x -> x.getChildPseudonym().equals(a));
        List<ConsoleAccess> accessesOfA = read(Topics.CONSOLE_ACCESS, x -> a.equals(x.getChildPseudonym()));
        // detection raised nothing of its own on either child: an incident alone, a crisis alone
        assertThat(alertsOfA).extracting(RiskAlert::getAlertId).containsExactly(alertA, alertA, alertA + "-reissued");
        assertThat(read(Topics.ALERTS, x -> x.getChildPseudonym().equals(b)))
                .extracting(RiskAlert::getAlertId)
                .containsExactly(alertB);
        assertThat(read(Topics.WORK_ITEMS, x -> a.equals(x.getChildPseudonym()) || b.equals(x.getChildPseudonym())))
                .extracting(WorkItem::getWorkItemId)
                .containsExactlyInAnyOrder("item-a", "item-b");
        assertThat(decisionsOfA).hasSize(2);
        assertThat(accessesOfA)
                .filteredOn(x -> x.getOutcome() == ViewOutcome.SHOWN)
                .extracting(ConsoleAccess::getAction, ConsoleAccess::getWorkerId)
                .containsExactly(
                        tuple(AccessAction.ALERT_VIEWED, "amara"),
                        tuple(AccessAction.CHRONOLOGY_VIEWED, "amara"),
                        tuple(AccessAction.IDENTITY_REVEALED, "amara"));
        // B's chronology as detection holds it, untouched by A's retraction
        assertThat(heldByDetection(b).findValuesAsText("eventId"))
                .containsExactly(incidentB.eventId().toString());
        List<String> ofB = new ArrayList<>(List.of(
                b,
                nhsB,
                alertB,
                "item-b",
                "notice-b",
                incidentB.reference(),
                incidentB.eventId().toString()));
        read(Topics.DECISIONS, x -> x.getChildPseudonym().equals(b))
                .forEach(d -> ofB.add(d.getDecisionId().toString()));
        // B's pseudonym, NHS number, alert, work item, notice, incident reference and event id, and decision
        assertThat(ofB).hasSize(8);

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
        // the chronology as detection holds it now: the crisis, and the retraction in place of the incident
        assertThat(export.get("chronology").findValuesAsText("sourceReference")).containsExactly(crisis, correction);
        assertThat(export.get("chronology").findValuesAsText("category"))
                .containsExactly("PARENTAL_MENTAL_HEALTH", "RETRACTION");
        assertThat(export.get("chronology").findValuesAsText("organisationCode"))
                .containsExactly("RJ1", "01");
        assertThat(export.get("chronology").findValuesAsText("eventId"))
                .containsExactly(
                        crisisEvent.toString(), retraction.get("eventId").asText());
        assertThat(export.at("/chronology/0/qualifiers").toString()).isEqualTo("{\"service\":\"CRISIS_TEAM\"}");
        assertThat(export.at("/chronology/1/qualifiers").toString()).isEqualTo("{\"reason\":\"WRONG_CHILD\"}");
        assertThat(export.get("chronology").toString())
                .as("the retracted incident has left the chronology")
                .doesNotContain(incidentA.eventId().toString(), incidentA.reference());
        assertThat(export.get("alerts").findValuesAsText("alertId"))
                .containsExactly(alertA, alertA, alertA + "-reissued");
        assertThat(export.get("alerts").findValuesAsText("status")).containsExactly("ACTIVE", "WITHDRAWN", "ACTIVE");
        assertThat(export.at("/alerts/0/evidence/0/sourceReference").asText()).isEqualTo(incidentA.reference());
        assertThat(export.at("/alerts/1/withdrawal/reason").asText()).isEqualTo("WRONG_CHILD");
        assertThat(export.at("/alerts/1/withdrawal/agencyReference").asText()).isEqualTo(correction);
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
                        .put("chronologyEntries", 2)
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
                .contains(alertA, "WITHDRAWN", "WRONG_CHILD", correction, crisis, "&lt;b&gt;Second&lt;/b&gt; incident")
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
        assertThat(Files.readString(html)).contains(alertA, correction, crisis).doesNotContain(ofB);
        // a set of enum constants hashed by identity: its order differs between runs
        for (Path file : List.of(json, html)) {
            assertThat(Files.getPosixFilePermissions(file))
                    .as("%s owner-only", file)
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
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

    /**
     * An alert on the incident's child, as detection writes it: the incident as its first evidence, and one more
     * line (the line a re-issue keeps).
     */
    private static RiskAlert alertOf(
            String alertId, ConsoleWorld.Incident incident, List<String> related, String linkedGroup) {
        RiskAlert alert = ConsoleWorld.alert(alertId, Severity.MEDIUM, ConsoleWorld.LAMBETH, incident.reference(), 2);
        List<Evidence> evidence = new ArrayList<>(alert.getEvidence());
        evidence.set(
                0,
                Evidence.newBuilder()
                        .setAgency(Agency.POLICE)
                        .setSourceEventId(incident.eventId().toString())
                        .setSourceReference(incident.reference())
                        .setCategory(IndicatorCategory.DOMESTIC_ABUSE)
                        .setOccurredAt(incident.occurredAt())
                        .build());
        return RiskAlert.newBuilder(alert)
                .setRuleId("toxic-trio")
                .setChildPseudonym(incident.child())
                .setEvidence(evidence)
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

    private static EncompassNotice notice(String id, ConsoleWorld.Incident incident) {
        Instant at = incident.occurredAt();
        return EncompassNotice.newBuilder()
                .setNoticeId(id)
                .setSchoolUrn("100001")
                .setChildPseudonym(incident.child())
                .setLocalAuthority(ConsoleWorld.LAMBETH)
                .setIncidentAt(at)
                .setForceCode("01")
                .setIncidentEventId(incident.eventId().toString())
                .setIncidentReference(incident.reference())
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
        publishAs("detection", null, records);
    }

    /**
     * A health trust tells, as its own principal, of a parent's mental-health crisis (crisis team) in the household
     * of the child with this NHS number, on the child's partition as the SDK sends it; returns the event's id.
     */
    private UUID publishParentCrisis(String nhsNumber, String reference, Instant at) {
        UUID eventId = UUID.randomUUID();
        ParentHealthEvent event = ParentHealthEvent.newBuilder()
                .setHeader(EventHeader.newBuilder()
                        .setEventId(eventId)
                        .setSourceAgency(Agency.HEALTH)
                        .setOrganisationCode("RJ1")
                        .setLocalAuthority(ConsoleWorld.LAMBETH)
                        .setOccurredAt(at)
                        .setRecordedAt(at)
                        .build())
                .setEventReference(reference)
                .setCategory(ParentHealthCategory.MENTAL_HEALTH)
                .setService(HealthService.CRISIS_TEAM)
                .setChildrenInHousehold(
                        List.of(PersonRef.newBuilder().setNhsNumber(nhsNumber).build()))
                .build();
        publishAs(
                "agency-health",
                ChildPartitioner.class,
                List.of(new ProducerRecord<>(Topics.PARENT_HEALTH_EVENTS.name(), reference, event)));
        return eventId;
    }

    private void publishAs(
            String principal, Class<?> partitioner, List<ProducerRecord<String, SpecificRecord>> records) {
        Properties p = new Properties();
        p.putAll(world.kafka.clientProperties(principal));
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        if (partitioner != null) {
            p.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, partitioner.getName());
        }
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of("schema.registry.url", world.registry.confluentApiUrl()), false);
        try (KafkaProducer<String, SpecificRecord> producer =
                new KafkaProducer<>(p, new StringSerializer(), serializer)) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    /**
     * The child's chronology as detection holds it, from its internal route (as the console asks for it, but
     * without a console, so that no view of it is audited); an empty array while detection holds nothing.
     */
    private JsonNode heldByDetection(String pseudonym) throws Exception {
        HttpResponse<String> r = world.send(
                HttpRequest.newBuilder(URI.create(world.detectionUrl(0) + Chronologies.DETECTION_PATH + pseudonym))
                        .header(InstanceSecret.HEADER, world.internalSecret)
                        .build());
        if (r.statusCode() == 404) {
            return JSON.createArrayNode();
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("entries");
    }

    /** Waits until detection's chronology of the child satisfies {@code done}, and returns it. */
    private JsonNode awaitHeldByDetection(String pseudonym, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            JsonNode entries = heldByDetection(pseudonym);
            if (done.test(entries)) {
                return entries;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("detection's chronology of " + pseudonym + " within 90 s: " + entries);
            }
            Thread.sleep(250);
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
