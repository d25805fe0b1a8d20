package org.safeguardingsignals.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.safeguardingsignals.detection.DetectionApp;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.AlertStatus;
import org.safeguardingsignals.events.AlertWindow;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.EventHeader;
import org.safeguardingsignals.events.GroupMember;
import org.safeguardingsignals.events.LinkedChild;
import org.safeguardingsignals.events.LinkedGroup;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.MissingEpisode;
import org.safeguardingsignals.events.PartnershipMetric;
import org.safeguardingsignals.events.PeriodType;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.Referral;
import org.safeguardingsignals.events.ReferralOutcome;
import org.safeguardingsignals.events.Retraction;
import org.safeguardingsignals.events.RetractionReason;
import org.safeguardingsignals.events.ReturnInterviewEvent;
import org.safeguardingsignals.events.ReturnInterviewStatus;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.events.Withdrawal;
import org.safeguardingsignals.identifiers.NhsNumber;
import org.safeguardingsignals.registry.SchemaRegistries;
import org.safeguardingsignals.runtime.PipelineMetrics;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.testing.TestEvents;
import org.safeguardingsignals.topics.Topic;
import org.safeguardingsignals.topics.Topics;
import org.safeguardingsignals.validation.InputContracts;

/** The metrics topology in a TopologyTestDriver, with helpers that publish what agencies and the MASH would. */
final class MetricsWorld implements AutoCloseable {
    static final String LAMBETH = "E09000022";
    static final String KENT = "E10000016";
    static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final AtomicInteger SCOPES = new AtomicInteger();
    final TopologyTestDriver driver;
    final Pseudonymiser pseudonymiser =
            new Pseudonymiser("metrics-test-key-at-least-32-bytes-long".getBytes(StandardCharsets.UTF_8));
    private final String scope = "metrics-" + SCOPES.incrementAndGet();
    private final Map<String, Object> serdeConfig = Map.of("schema.registry.url", "mock://" + scope);
    private final TestOutputTopic<String, PartnershipMetric> output;
    /** The latest record per key: what a reader of the (compacted) metrics topic would hold. */
    final Map<String, PartnershipMetric> latest = new HashMap<>();

    private int next;

    MetricsWorld() {
        this(Map.of());
    }

    /** With these authorities' child populations (aged 0 to 17), for the rate of exploitation alerts. */
    MetricsWorld(Map<String, Long> childPopulations) {
        Properties settings = new Properties();
        settings.putAll(serdeConfig);
        settings.put("application.id", "metrics-test");
        settings.put("bootstrap.servers", "unused:9092");
        settings.put("state.dir", stateDirectory().toString()); // not /tmp/kafka-streams, shared with other JVMs
        driver = new TopologyTestDriver(
                PartnershipMetricsTopology.build(pseudonymiser, serdeConfig, INTERVAL, childPopulations),
                DetectionApp.streamsProperties(settings, PipelineMetrics.inMemory()),
                Instant.parse("2026-12-01T09:00:00Z"));
        output = driver.createOutputTopic(
                Topics.PARTNERSHIP_METRICS.name(),
                new StringDeserializer(),
                Topics.PARTNERSHIP_METRICS.valueDeserializer(serdeConfig));
    }

    /** Lets the publishing timer run, and collects what it published. */
    List<PartnershipMetric> publish() {
        driver.advanceWallClockTime(INTERVAL);
        var published = output.readKeyValuesToList();
        published.forEach(kv -> latest.put(kv.key, kv.value));
        return published.stream().map(kv -> kv.value).toList();
    }

    /** Lets the wall clock run on, its timers with it (a new week or month begins), and publishes. */
    List<PartnershipMetric> advanceWallClock(Duration by) {
        driver.advanceWallClockTime(by);
        var published = output.readKeyValuesToList();
        published.forEach(kv -> latest.put(kv.key, kv.value));
        return published.stream().map(kv -> kv.value).toList();
    }

    PartnershipMetric figure(PeriodType type, String period, String metric, Map<String, String> dims) {
        return figure(LAMBETH, type, period, metric, dims);
    }

    PartnershipMetric figure(
            String authority, PeriodType type, String period, String metric, Map<String, String> dims) {
        return latest.values().stream()
                .filter(m -> m.getPeriodType() == type
                        && m.getPeriod().equals(period)
                        && m.getMetric().equals(metric)
                        && m.getDimensions().equals(dims)
                        && m.getLocalAuthority().equals(authority))
                .findFirst()
                .orElseThrow(() ->
                        new AssertionError("no figure " + metric + dims + " for " + period + " in " + latest.keySet()));
    }

    String nhs() {
        return NhsNumber.firstValidFrom(700_000_000L + 20L * next++);
    }

    DomesticAbuseIncident incident(Instant at) {
        DomesticAbuseIncident incident = DomesticAbuseIncident.newBuilder()
                .setHeader(header(Agency.POLICE, at))
                .setIncidentReference("INC-" + next++)
                .setChildren(List.of(new LinkedChild(child(nhs()), true)))
                .setPoliceAttended(true)
                .build();
        pipe(Topics.DOMESTIC_ABUSE_INCIDENTS, incident);
        return incident;
    }

    void missing(String episode, Instant reported, Instant returned) {
        missing(episode, nhs(), reported, returned);
    }

    /** A report (returned null) or a return of an episode of this child. */
    void missing(String episode, String childNhs, Instant reported, Instant returned) {
        missing(episode, child(childNhs), reported, returned);
    }

    /** A report of an episode of a child born on this day. */
    void missing(String episode, String childNhs, LocalDate born, Instant reported) {
        missing(
                episode,
                PersonRef.newBuilder(child(childNhs)).setDateOfBirth(born).build(),
                reported,
                null);
    }

    private void missing(String episode, PersonRef child, Instant reported, Instant returned) {
        pipe(
                Topics.MISSING_EPISODES,
                MissingEpisode.newBuilder()
                        .setHeader(header(Agency.POLICE, returned == null ? reported : returned))
                        .setEpisodeId(episode)
                        .setChild(child)
                        .setReportedMissingAt(reported)
                        .setReturnedAt(returned)
                        .setLookedAfter(false)
                        .build());
    }

    void interviewCompleted(String episode, Instant at) {
        pipe(
                Topics.RETURN_INTERVIEWS,
                ReturnInterviewEvent.newBuilder()
                        .setHeader(header(Agency.CHILDRENS_SERVICES, at))
                        .setEpisodeId(episode)
                        .setChild(child(nhs()))
                        .setStatus(ReturnInterviewStatus.COMPLETED)
                        .build());
    }

    Referral referral(String childNhs, Instant at) {
        return referral("REF-" + next++, childNhs, at, ReferralOutcome.PENDING);
    }

    /** A record of a contact: its first, or an update of its outcome (the same referral id). */
    Referral referral(String referralId, String childNhs, Instant at, ReferralOutcome outcome) {
        Referral referral = Referral.newBuilder()
                .setHeader(header(Agency.CHILDRENS_SERVICES, at))
                .setReferralId(referralId)
                .setChild(child(childNhs))
                .setOutcome(outcome)
                .build();
        pipe(Topics.REFERRALS, referral);
        return referral;
    }

    RiskAlert alert(String rule, String pseudonym, Instant raisedAt) {
        return alert(rule, pseudonym, raisedAt, raisedAt);
    }

    /** An alert whose picture formed at {@code formedAt} (its window's end) and was raised at {@code raisedAt}. */
    RiskAlert alert(String rule, String pseudonym, Instant formedAt, Instant raisedAt) {
        RiskAlert a = RiskAlert.newBuilder()
                .setAlertId(UUID.randomUUID().toString())
                .setRuleId(rule)
                .setRuleVersion(1)
                .setSeverity(Severity.MEDIUM)
                .setChildPseudonym(pseudonym)
                .setLocalAuthority(LAMBETH)
                .setEvidence(List.of())
                .setWindow(new AlertWindow(formedAt.minus(Duration.ofDays(30)), formedAt))
                .setRaisedAt(raisedAt)
                .setRoutedTo(List.of(LAMBETH))
                .build();
        pipe(Topics.ALERTS, a);
        return a;
    }

    /** An alert of this severity, its picture formed at {@code at}, routed to these authorities. */
    RiskAlert alert(String rule, Severity severity, Instant at, String... routedTo) {
        RiskAlert a = RiskAlert.newBuilder()
                .setAlertId(UUID.randomUUID().toString())
                .setRuleId(rule)
                .setRuleVersion(1)
                .setSeverity(severity)
                .setChildPseudonym(pseudonymiser.pseudonymOf(nhs()))
                .setLocalAuthority(routedTo[0])
                .setEvidence(List.of())
                .setWindow(new AlertWindow(at.minus(Duration.ofDays(90)), at))
                .setRaisedAt(at)
                .setRoutedTo(List.of(routedTo))
                .build();
        pipe(Topics.ALERTS, a);
        return a;
    }

    /**
     * A record of a linked group on the groups topic, as detection writes it: keyed by its id, of this many children,
     * the first responsible to the first authority and the others to the authorities in turn, dated {@code at}.
     */
    LinkedGroup group(String groupId, Instant at, int children, String... authorities) {
        List<GroupMember> members = new ArrayList<>();
        for (int i = 0; i < children; i++) {
            members.add(GroupMember.newBuilder()
                    .setChildPseudonym(i == 0 ? groupId : groupId + "-" + i)
                    .setAuthorities(List.of(authorities[i % authorities.length]))
                    .build());
        }
        LinkedGroup group = LinkedGroup.newBuilder()
                .setGroupId(groupId)
                .setMembers(members)
                .setLinks(List.of())
                .setAuthorities(new TreeSet<>(List.of(authorities)).stream().toList())
                .setUpdatedAt(at)
                .build();
        driver.createInputTopic(
                        Topics.EXPLOITATION_GROUPS.name(),
                        new StringSerializer(),
                        Topics.EXPLOITATION_GROUPS.valueSerializer(serdeConfig))
                .pipeInput(groupId, group, at);
        return group;
    }

    /** A group's record without a key (the topic is keyed by group id): no group. */
    void groupWithoutKey(Instant at, String authority) {
        LinkedGroup group = LinkedGroup.newBuilder()
                .setGroupId("unkeyed")
                .setMembers(List.of(
                        GroupMember.newBuilder()
                                .setChildPseudonym("unkeyed")
                                .setAuthorities(List.of(authority))
                                .build(),
                        GroupMember.newBuilder()
                                .setChildPseudonym("unkeyed-1")
                                .setAuthorities(List.of(authority))
                                .build()))
                .setLinks(List.of())
                .setAuthorities(List.of(authority))
                .setUpdatedAt(at)
                .build();
        driver.createInputTopic(
                        Topics.EXPLOITATION_GROUPS.name(),
                        new StringSerializer(),
                        Topics.EXPLOITATION_GROUPS.valueSerializer(serdeConfig))
                .pipeInput(null, group, at);
    }

    /** The group's tombstone: it merged into another or fell apart, at {@code at} (the record's timestamp). */
    void groupDeleted(String groupId, Instant at) {
        driver.createInputTopic(
                        Topics.EXPLOITATION_GROUPS.name(),
                        new StringSerializer(),
                        Topics.EXPLOITATION_GROUPS.valueSerializer(serdeConfig))
                .pipeInput(groupId, null, at);
    }

    /** The alert's WITHDRAWN record, as detection writes it when a retraction took its evidence away. */
    RiskAlert withdraw(RiskAlert alert, Instant at) {
        RiskAlert withdrawn = RiskAlert.newBuilder(alert)
                .setStatus(AlertStatus.WITHDRAWN)
                .setWithdrawal(Withdrawal.newBuilder()
                        .setRetractionEventId(UUID.randomUUID().toString())
                        .setRetractedEventId(UUID.randomUUID().toString())
                        .setAgency(Agency.POLICE)
                        .setOrganisationCode("01")
                        .setReason(RetractionReason.WRONG_CHILD)
                        .setAgencyReference("CORR-" + next++)
                        .setRetractedAt(at)
                        .setWithdrawnAt(at)
                        .build())
                .build();
        pipe(Topics.ALERTS, withdrawn);
        return withdrawn;
    }

    /** The alert re-issued in place of a withdrawn one: a new alert of the same child that names it. */
    RiskAlert reissue(RiskAlert withdrawn, String rule, Severity severity) {
        RiskAlert a = RiskAlert.newBuilder(withdrawn)
                .setAlertId(UUID.randomUUID().toString())
                .setRuleId(rule)
                .setSeverity(severity)
                .setStatus(AlertStatus.ACTIVE)
                .setWithdrawal(null)
                .setSupersedes(withdrawn.getAlertId())
                .build();
        pipe(Topics.ALERTS, a);
        return a;
    }

    /** A retraction by the agency of one of its events, on the agency's own retraction topic. */
    Retraction retraction(Agency agency, RetractionReason reason, Instant at) {
        Retraction r = Retraction.newBuilder()
                .setHeader(header(agency, at))
                .setRetractedEventId(UUID.randomUUID())
                .setReason(reason)
                .setAgencyReference("CORR-" + next++)
                .setChildren(List.of(child(nhs())))
                .build();
        pipe(InputContracts.retractionFor(agency).topic(), r);
        return r;
    }

    MashDecision decide(RiskAlert alert, DecisionOutcome outcome, Instant at) {
        MashDecision decision = decision(alert, outcome, at).build();
        pipe(Topics.DECISIONS, decision);
        return decision;
    }

    /** A decision signed off by a manager in the same record (a no further action closes only once signed off). */
    MashDecision decideSignedOff(RiskAlert alert, DecisionOutcome outcome, Instant at) {
        MashDecision decision = decision(alert, outcome, at)
                .setSignedOffBy("ngozi")
                .setSignedOffAt(at)
                .build();
        pipe(Topics.DECISIONS, decision);
        return decision;
    }

    private static MashDecision.Builder decision(RiskAlert alert, DecisionOutcome outcome, Instant at) {
        return MashDecision.newBuilder()
                .setDecisionId(UUID.randomUUID())
                .setAlertId(alert.getAlertId())
                .setChildPseudonym(alert.getChildPseudonym())
                .setLocalAuthority(LAMBETH)
                .setOutcome(outcome)
                .setWorkerId("amara")
                .setDecidedAt(at);
    }

    /** A manager's sign-off: a later record of the same decision, as the console sends it. */
    MashDecision signOff(MashDecision decision, Instant at) {
        MashDecision signed = MashDecision.newBuilder(decision)
                .setSignedOffBy("ngozi")
                .setSignedOffAt(at)
                .build();
        pipe(Topics.DECISIONS, signed);
        return signed;
    }

    <V extends SpecificRecord> void pipe(Topic<V> topic, V value) {
        driver.createInputTopic(topic.name(), new StringSerializer(), topic.valueSerializer(serdeConfig))
                .pipeInput(UUID.randomUUID().toString(), value);
    }

    static PersonRef child(String nhs) {
        return PersonRef.newBuilder().setNhsNumber(nhs).build();
    }

    static EventHeader header(Agency agency, Instant at) {
        return TestEvents.header(agency, agency == Agency.POLICE ? "01" : LAMBETH, LAMBETH, at);
    }

    private static Path stateDirectory() {
        try {
            Path dir = Files.createTempDirectory("metrics-test-state");
            dir.toFile().deleteOnExit(); // the driver deletes what it wrote when it closes
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.close();
        SchemaRegistries.dropMockScope(scope);
    }
}
