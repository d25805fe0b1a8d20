package org.safeguardingsignals.detection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.safeguardingsignals.detection.intake.ChildPlacement;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.AssessmentFactor;
import org.safeguardingsignals.events.CareFlag;
import org.safeguardingsignals.events.CareSetting;
import org.safeguardingsignals.events.ChildPoliceContact;
import org.safeguardingsignals.events.ChildStatusChange;
import org.safeguardingsignals.events.DashRiskLevel;
import org.safeguardingsignals.events.DeadLetter;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.EncompassAcknowledgement;
import org.safeguardingsignals.events.EncompassNotice;
import org.safeguardingsignals.events.EventHeader;
import org.safeguardingsignals.events.HealthService;
import org.safeguardingsignals.events.IdentityVaultEntry;
import org.safeguardingsignals.events.LinkedChild;
import org.safeguardingsignals.events.LinkedGroup;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.MissingEpisode;
import org.safeguardingsignals.events.OffenceGroup;
import org.safeguardingsignals.events.ParentHealthCategory;
import org.safeguardingsignals.events.ParentHealthEvent;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.PoliceContactType;
import org.safeguardingsignals.events.PoliceRiskGrade;
import org.safeguardingsignals.events.PresentingReason;
import org.safeguardingsignals.events.Referral;
import org.safeguardingsignals.events.ReferralOutcome;
import org.safeguardingsignals.events.Retraction;
import org.safeguardingsignals.events.RetractionReason;
import org.safeguardingsignals.events.ReturnInterviewEvent;
import org.safeguardingsignals.events.ReturnInterviewStatus;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.SchoolConcern;
import org.safeguardingsignals.events.SchoolConcernCategory;
import org.safeguardingsignals.events.SchoolRollEntry;
import org.safeguardingsignals.events.StatusChangeType;
import org.safeguardingsignals.events.UnmatchedEvent;
import org.safeguardingsignals.events.UnscheduledCareAttendance;
import org.safeguardingsignals.events.WorkItem;
import org.safeguardingsignals.identifiers.NhsNumber;
import org.safeguardingsignals.internal.ChildState;
import org.safeguardingsignals.registry.SchemaRegistries;
import org.safeguardingsignals.runtime.OriginalOpener;
import org.safeguardingsignals.runtime.OriginalSealer;
import org.safeguardingsignals.runtime.PipelineMetrics;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.runtime.ReplayKeys;
import org.safeguardingsignals.runtime.identity.IdentityVault;
import org.safeguardingsignals.testing.TestEvents;
import org.safeguardingsignals.topics.Topic;
import org.safeguardingsignals.topics.Topics;
import org.safeguardingsignals.validation.InputContracts;

/**
 * A MASH-shaped test world over the real topology factory and the application's own streams properties: children,
 * partner agencies publishing about them, and a clock that tests move forward.
 */
final class Scenario implements AutoCloseable {
    static final String KEY = "a-test-pseudonym-key-of-at-least-32-bytes";
    static final String LAMBETH = "E09000022";
    static final String KENT = "E10000016";
    static final Instant WALL_CLOCK_START = Instant.parse("2027-01-01T09:00:00Z");
    private static final AtomicInteger SCOPES = new AtomicInteger();
    private static final AtomicInteger CHILDREN = new AtomicInteger();
    /** One replay key pair per test JVM: dead letters are sealed for it, and tests open them with it. */
    static final ReplayKeys.KeyFiles REPLAY_KEYS = replayKeys();
    /** The identity vault's key pair (of the same kind): detection seals with its certificate, tests open. */
    static final ReplayKeys.KeyFiles VAULT_KEYS = replayKeys();

    final TopologyTestDriver driver;
    final PipelineMetrics metrics = PipelineMetrics.inMemory();
    final Pseudonymiser pseudonymiser = new Pseudonymiser(KEY.getBytes(StandardCharsets.UTF_8));
    private final Map<String, Object> serdeConfig;
    private final String scope;
    private final TestOutputTopic<String, RiskAlert> alerts;
    private final TestOutputTopic<String, UnmatchedEvent> unmatched;
    private final TestOutputTopic<String, DeadLetter> deadLetters;
    private final TestOutputTopic<String, WorkItem> workItems;
    private final TestOutputTopic<String, IdentityVaultEntry> identityVault;
    private final TestOutputTopic<String, EncompassNotice> notices;
    private final TestOutputTopic<String, CareFlag> careFlags;
    private final TestOutputTopic<String, LinkedGroup> groups;
    private final Map<String, TestInputTopic<String, SpecificRecord>> inputs = new HashMap<>();
    private int sequence;
    private boolean closed;
    private Instant wallClock = WALL_CLOCK_START;
    /** The authority whose agencies publish next (Lambeth unless a test says otherwise). */
    private String authority = LAMBETH;

    /**
     * A child known by an NHS number (and, for tests, a name that only the test knows), and the household reference
     * agencies send for the child, if any.
     */
    record Child(String name, String nhsNumber, String household) {
        Child(String name, String nhsNumber) {
            this(name, nhsNumber, null);
        }

        /** The same child, with agencies sending a household reference for them. */
        Child inHousehold(String reference) {
            return new Child(name, nhsNumber, reference);
        }
    }

    Scenario() {
        this(DetectionConfig.DEFAULTS);
    }

    Scenario(DetectionConfig config) {
        this(config, ONE_PARTITION);
    }

    /**
     * The test driver runs one task, partition 0 of every topic. With input topics of one partition every child's
     * signals go straight to the child's rules, as an event on its child's partition does in production; with 0 (count
     * unknown) every child's signals take the repartition topic. A mix of both needs a real broker
     * (InProcessBrokerEndToEndIT), since the driver processes partition 0 alone.
     */
    static final int ONE_PARTITION = 1;

    static final int REPARTITION_ALWAYS = 0;

    Scenario(DetectionConfig config, int inputPartitions) {
        scope = "scenario-" + SCOPES.incrementAndGet();
        serdeConfig = Map.of("schema.registry.url", "mock://" + scope);
        Properties settings = new Properties();
        settings.putAll(serdeConfig);
        settings.put("application.id", "detection-test");
        settings.put("bootstrap.servers", "unused:9092");
        // a state directory of its own: worlds in other JVMs on this machine would otherwise share /tmp/kafka-streams
        settings.put("state.dir", stateDirectory().toString());
        settings.put(
                OriginalSealer.CERTIFICATE_CONFIG, REPLAY_KEYS.certificate().toString());
        Properties props = DetectionApp.streamsProperties(settings, metrics);
        driver = new TopologyTestDriver(
                DetectionTopology.build(
                        config,
                        inputPartitions == 0 ? ChildPlacement.unknown() : ChildPlacement.of(inputPartitions),
                        pseudonymiser,
                        Optional.of(IdentityVault.Sealer.fromPem(VAULT_KEYS.certificate())),
                        serdeConfig,
                        metrics),
                props,
                WALL_CLOCK_START);
        alerts = output(Topics.ALERTS);
        unmatched = output(Topics.UNMATCHED);
        deadLetters = output(Topics.DEAD_LETTERS);
        workItems = output(Topics.WORK_ITEMS);
        identityVault = output(Topics.IDENTITY_VAULT);
        notices = output(Topics.ENCOMPASS_NOTICES);
        careFlags = output(Topics.CARE_FLAGS);
        groups = output(Topics.EXPLOITATION_GROUPS);
    }

    // ---- people

    Child child(String name) {
        return new Child(name, NhsNumber.firstValidFrom(400_000_000L + CHILDREN.incrementAndGet() * 13L));
    }

    String pseudonymOf(Child child) {
        return pseudonymiser.pseudonymOf(child.nhsNumber());
    }

    // ---- partner agencies publishing

    /** Agencies of {@code gssCode} publish the events that follow. */
    Scenario publishingFor(String gssCode) {
        authority = gssCode;
        return this;
    }

    DomesticAbuseIncident domesticAbuse(Instant at, Child... children) {
        return publish(
                Topics.DOMESTIC_ABUSE_INCIDENTS,
                DomesticAbuseIncident.newBuilder()
                        .setHeader(header(Agency.POLICE, "01", authority, at))
                        .setIncidentReference("MPS-" + next())
                        .setChildren(List.of(children).stream()
                                .map(c -> LinkedChild.newBuilder()
                                        .setPresent(true)
                                        .setChild(ref(c))
                                        .build())
                                .toList())
                        .setDashRiskLevel(DashRiskLevel.MEDIUM)
                        .setPoliceAttended(true)
                        .build());
    }

    /** A police incident with its DASH level, every child present or only linked. */
    DomesticAbuseIncident domesticAbuse(Instant at, DashRiskLevel dash, boolean present, Child... children) {
        return publish(
                Topics.DOMESTIC_ABUSE_INCIDENTS,
                DomesticAbuseIncident.newBuilder()
                        .setHeader(header(Agency.POLICE, "01", authority, at))
                        .setIncidentReference("MPS-" + next())
                        .setChildren(List.of(children).stream()
                                .map(c -> LinkedChild.newBuilder()
                                        .setPresent(present)
                                        .setChild(ref(c))
                                        .build())
                                .toList())
                        .setDashRiskLevel(dash)
                        .setPoliceAttended(true)
                        .build());
    }

    /** An unscheduled-care attendance, with the child's date of birth (null: not sent) and presenting reason. */
    UnscheduledCareAttendance unscheduledCare(Instant at, Child child, LocalDate dateOfBirth, PresentingReason reason) {
        PersonRef ref = ref(child);
        ref.setDateOfBirth(dateOfBirth);
        return publish(
                Topics.UNSCHEDULED_CARE,
                UnscheduledCareAttendance.newBuilder()
                        .setHeader(header(Agency.HEALTH, "RJ1", authority, at))
                        .setAttendanceReference("ED-" + next())
                        .setChild(ref)
                        .setSetting(CareSetting.EMERGENCY_DEPARTMENT)
                        .setPresentingReason(reason)
                        .build());
    }

    ParentHealthEvent parentHealth(Instant at, ParentHealthCategory category, Child... children) {
        return publish(
                Topics.PARENT_HEALTH_EVENTS,
                ParentHealthEvent.newBuilder()
                        .setHeader(header(Agency.HEALTH, "RJ1", authority, at))
                        .setEventReference("RJ1-" + next())
                        .setCategory(category)
                        .setService(HealthService.CRISIS_TEAM)
                        .setChildrenInHousehold(
                                List.of(children).stream().map(Scenario::ref).toList())
                        .build());
    }

    Referral referral(Instant at, Child child, AssessmentFactor... factors) {
        return publish(
                Topics.REFERRALS,
                Referral.newBuilder()
                        .setHeader(header(Agency.CHILDRENS_SERVICES, authority, authority, at))
                        .setReferralId("REF-" + next())
                        .setChild(ref(child))
                        .setReferralSource(Agency.SCHOOL)
                        .setAssessmentFactors(List.of(factors))
                        .setOutcome(ReferralOutcome.ASSESSMENT)
                        .build());
    }

    SchoolConcern schoolConcern(Instant at, Child child, SchoolConcernCategory category, AssessmentFactor... factors) {
        return publish(
                Topics.SCHOOL_CONCERNS,
                SchoolConcern.newBuilder()
                        .setHeader(header(Agency.SCHOOL, "100000", authority, at))
                        .setConcernReference("DSL-" + next())
                        .setChild(ref(child))
                        .setSchoolUrn("100000")
                        .setCategory(category)
                        .setFactors(List.of(factors))
                        .build());
    }

    MissingEpisode missing(String episode, Child child, Instant reported, Instant returned) {
        return missing(MissingEpisode.newBuilder()
                .setEpisodeId(episode)
                .setChild(ref(child))
                .setReportedMissingAt(reported)
                .setReturnedAt(returned)
                .setLookedAfter(false)
                .setPoliceRiskGrade(PoliceRiskGrade.MEDIUM)
                .setHeader(header(Agency.POLICE, "01", authority, returned == null ? reported : returned))
                .build());
    }

    MissingEpisode missing(MissingEpisode episode) {
        return publish(Topics.MISSING_EPISODES, episode);
    }

    MissingEpisode.Builder lookedAfterEpisode(
            String episode, Child child, Instant reported, String placing, String host) {
        return MissingEpisode.newBuilder()
                .setEpisodeId(episode)
                .setChild(ref(child))
                .setReportedMissingAt(reported)
                .setLookedAfter(true)
                .setPlacingAuthority(placing)
                .setHostAuthority(host)
                .setPoliceRiskGrade(PoliceRiskGrade.MEDIUM)
                .setHeader(header(Agency.POLICE, "46", host, reported));
    }

    ChildStatusChange statusChange(Instant at, Child child, StatusChangeType change, String placing, String host) {
        String la = placing == null ? authority : placing;
        return publish(
                Topics.STATUS_CHANGES,
                ChildStatusChange.newBuilder()
                        .setHeader(header(Agency.CHILDRENS_SERVICES, la, la, at))
                        .setChild(ref(child))
                        .setChange(change)
                        .setPlacingAuthority(placing)
                        .setHostAuthority(host)
                        .build());
    }

    ReturnInterviewEvent returnInterview(String episode, Child child, Instant at, ReturnInterviewStatus status) {
        return publish(
                Topics.RETURN_INTERVIEWS,
                ReturnInterviewEvent.newBuilder()
                        .setHeader(header(Agency.CHILDRENS_SERVICES, authority, authority, at))
                        .setEpisodeId(episode)
                        .setChild(ref(child))
                        .setStatus(status)
                        .build());
    }

    /** A child's contact with police (a stop and search, an arrest ...), by the authority's force. */
    ChildPoliceContact policeContact(Instant at, Child child, PoliceContactType type) {
        return publish(
                Topics.CHILD_POLICE_CONTACTS,
                ChildPoliceContact.newBuilder()
                        .setHeader(header(Agency.POLICE, "01", authority, at))
                        .setContactReference("PC-" + next())
                        .setChild(ref(child))
                        .setContactType(type)
                        .setOffenceGroup(OffenceGroup.DRUG_SUPPLY)
                        .build());
    }

    /** A school's roll entry: a start, or an end where {@code end} is set. */
    SchoolRollEntry schoolRoll(Child child, String urn, LocalDate start, LocalDate end) {
        return schoolRoll(child, null, urn, start, end);
    }

    /** As above, with the child's date of birth (null: not sent). */
    SchoolRollEntry schoolRoll(Child child, LocalDate born, String urn, LocalDate start, LocalDate end) {
        PersonRef ref = ref(child);
        ref.setDateOfBirth(born);
        return publish(
                Topics.SCHOOL_ROLL,
                SchoolRollEntry.newBuilder()
                        .setHeader(header(Agency.SCHOOL, urn, authority, wallClock.minusSeconds(60)))
                        .setChild(ref)
                        .setSchoolUrn(urn)
                        .setStartDate(start)
                        .setEndDate(end)
                        .build());
    }

    /** A Designated Safeguarding Lead acknowledges a notice, as the console does. */
    EncompassAcknowledgement acknowledge(EncompassNotice notice, String dsl) {
        return publish(
                Topics.ENCOMPASS_ACKNOWLEDGEMENTS,
                new EncompassAcknowledgement(notice.getNoticeId(), notice.getSchoolUrn(), dsl, wallClock));
    }

    /** The Encompass notices written since the last call, key (school URN) and value. */
    List<KeyValue<String, EncompassNotice>> notices() {
        return notices.readKeyValuesToList();
    }

    /** The CP-IS flags written since the last call, key (attendance reference) and value. */
    /** The linked groups published since the last call, in order (a null value deletes a group). */
    List<KeyValue<String, LinkedGroup>> groupRecords() {
        return groups.readKeyValuesToList();
    }

    /** The same, with each record's timestamp. */
    List<org.apache.kafka.streams.test.TestRecord<String, LinkedGroup>> groupTestRecords() {
        return groups.readRecordsToList();
    }

    /** A police return from a missing episode, reported in this scenario's authority by force 01. */
    MissingEpisode.Builder found(String episode, Child child, Instant reported, Instant returned) {
        return MissingEpisode.newBuilder()
                .setEpisodeId(episode)
                .setChild(ref(child))
                .setReportedMissingAt(reported)
                .setReturnedAt(returned)
                .setLookedAfter(false)
                .setPoliceRiskGrade(PoliceRiskGrade.MEDIUM)
                .setHeader(header(Agency.POLICE, "01", authority, returned));
    }

    List<KeyValue<String, CareFlag>> careFlags() {
        return careFlags.readKeyValuesToList();
    }

    Instant wallClock() {
        return wallClock;
    }

    /** Publishes an event as built (also used to publish the same event twice, or a broken one). */
    <V extends SpecificRecord> V publish(Topic<V> topic, V event) {
        input(topic).pipeInput("ref", event, wallClock); // CreateTime, as a producer would stamp it
        return event;
    }

    void publishBytes(Topic<?> topic, byte[] bytes) {
        driver.createInputTopic(topic.name(), new StringSerializer(), new ByteArraySerializer())
                .pipeInput("ref", bytes, wallClock);
    }

    static EventHeader header(Agency agency, String org, String la, Instant at) {
        return TestEvents.header(agency, org, la, at);
    }

    static PersonRef ref(Child c) {
        return PersonRef.newBuilder()
                .setNhsNumber(c.nhsNumber())
                .setHouseholdReference(c.household())
                .build();
    }

    /**
     * The agency that published {@code event} (its header) retracts it, on its own retraction topic, naming the
     * children given.
     */
    Retraction retract(EventHeader event, RetractionReason reason, Instant at, Child... children) {
        return retract(
                InputContracts.retractionFor(event.getSourceAgency()).topic(),
                event.getSourceAgency(),
                event.getOrganisationCode(),
                event.getEventId(),
                reason,
                at,
                children);
    }

    /** A retraction as sent: any agency, organisation, topic and event id. */
    Retraction retract(
            Topic<Retraction> topic,
            Agency agency,
            String organisation,
            UUID eventId,
            RetractionReason reason,
            Instant at,
            Child... children) {
        return publish(
                topic,
                Retraction.newBuilder()
                        .setHeader(header(agency, organisation, authority, at))
                        .setRetractedEventId(eventId)
                        .setReason(reason)
                        .setAgencyReference("CORR-" + next())
                        .setChildren(
                                List.of(children).stream().map(Scenario::ref).toList())
                        .build());
    }

    /** The MASH console records a decision. */
    MashDecision decide(MashDecision decision) {
        return publish(Topics.DECISIONS, decision);
    }

    List<WorkItem> workItems() {
        return workItems.readValuesToList();
    }

    List<KeyValue<String, WorkItem>> workItemRecords() {
        return workItems.readKeyValuesToList();
    }

    // ---- time and what comes out

    void advanceWallClock(Duration d) {
        wallClock = wallClock.plus(d);
        driver.advanceWallClockTime(d);
    }

    List<RiskAlert> alerts() {
        return alerts.readValuesToList();
    }

    List<KeyValue<String, RiskAlert>> alertRecords() {
        return alerts.readKeyValuesToList();
    }

    List<UnmatchedEvent> unmatched() {
        return unmatched.readValuesToList();
    }

    /** The vault entries written since the last call, key and value. */
    List<KeyValue<String, IdentityVaultEntry>> identityVault() {
        return identityVault.readKeyValuesToList();
    }

    List<DeadLetter> deadLetters() {
        return deadLetters.readValuesToList();
    }

    KeyValueStore<String, ChildState> childStates() {
        return driver.getKeyValueStore(ChildRulesProcessor.CHILD_STATE_STORE);
    }

    int storeSize(String store) {
        KeyValueStore<String, ?> s = driver.getKeyValueStore(store);
        int n = 0;
        try (KeyValueIterator<String, ?> it = s.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    List<String> storeKeys(String store) {
        KeyValueStore<String, ?> s = driver.getKeyValueStore(store);
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, ?> it = s.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    /** Opens a dead letter's sealed original bytes, as the replay tool does. */
    OriginalOpener replayTool() {
        return OriginalOpener.fromPem(REPLAY_KEYS.privateKey());
    }

    /** Decodes bytes as the topic's value type, with the world's registry. */
    <V extends SpecificRecord> V decode(Topic<V> topic, ByteBuffer bytes) {
        byte[] b = new byte[bytes.remaining()];
        bytes.duplicate().get(b);
        return topic.valueDeserializer(serdeConfig).deserialize(topic.name(), b);
    }

    private static Path stateDirectory() {
        try {
            Path dir = Files.createTempDirectory("detection-test-state");
            dir.toFile().deleteOnExit(); // the driver deletes what it wrote when it closes
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ReplayKeys.KeyFiles replayKeys() {
        try {
            Path dir = Files.createTempDirectory("replay-keys");
            dir.toFile().deleteOnExit();
            ReplayKeys.KeyFiles keys = ReplayKeys.ensure(dir);
            keys.certificate().toFile().deleteOnExit();
            keys.privateKey().toFile().deleteOnExit();
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int next() {
        return ++sequence;
    }

    @SuppressWarnings("unchecked")
    private <V extends SpecificRecord> TestInputTopic<String, V> input(Topic<V> topic) {
        return (TestInputTopic<String, V>) (TestInputTopic<String, ?>) inputs.computeIfAbsent(
                topic.name(), n -> (TestInputTopic<String, SpecificRecord>) (TestInputTopic<String, ?>)
                        driver.createInputTopic(n, new StringSerializer(), topic.valueSerializer(serdeConfig)));
    }

    private <V extends SpecificRecord> TestOutputTopic<String, V> output(Topic<V> topic) {
        return driver.createOutputTopic(topic.name(), new StringDeserializer(), topic.valueDeserializer(serdeConfig));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        driver.close();
        SchemaRegistries.dropMockScope(scope);
    }
}
