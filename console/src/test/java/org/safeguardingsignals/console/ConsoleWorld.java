package org.safeguardingsignals.console;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.safeguardingsignals.decisions.WorkingDays;
import org.safeguardingsignals.detection.DetectionApp;
import org.safeguardingsignals.detection.duties.EncompassSettings;
import org.safeguardingsignals.embedded.ApicurioRegistry;
import org.safeguardingsignals.embedded.EmbeddedKafka;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.AlertWindow;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.EventHeader;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.HealthService;
import org.safeguardingsignals.events.IdentityVaultEntry;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.LinkedChild;
import org.safeguardingsignals.events.LinkedGroup;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.ParentHealthCategory;
import org.safeguardingsignals.events.ParentHealthEvent;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.Retraction;
import org.safeguardingsignals.events.RetractionReason;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.SchoolRollEntry;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.events.WorkItem;
import org.safeguardingsignals.identifiers.NhsNumber;
import org.safeguardingsignals.metrics.MetricsApp;
import org.safeguardingsignals.runtime.PipelineMetrics;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.runtime.ReplayKeys;
import org.safeguardingsignals.runtime.access.AccessControlFile;
import org.safeguardingsignals.runtime.access.ClusterSetup;
import org.safeguardingsignals.runtime.identity.IdentityVault;
import org.safeguardingsignals.runtime.settings.InternalSettings;
import org.safeguardingsignals.serde.SpecificAvroSerializer;
import org.safeguardingsignals.topics.Topics;
import org.safeguardingsignals.validation.ChildPartitioner;

/**
 * A real broker (in-process KRaft), a real Apicurio Registry, and the applications as they are deployed, each with
 * its own settings: detection instances (one group, each with its own internal listener), partnership metrics where
 * a test needs its meters, and console instances, console i asking detection instance i for chronologies. Users: a
 * Lambeth worker, a Kent worker, a Lambeth read-only user, a Lambeth information-governance officer, three Birmingham
 * users that only the tests of the live stream and of hostile alerts use, and a Southwark worker and team manager that
 * only the work-item tests use (so that their alerts never reach the others' lists), and a Hackney worker whom only the
 * test of withdrawn alerts uses.
 *
 * <p>Detection's school day starts {@link #schoolDayStart}, twelve hours from when the world was made: an
 * Operation Encompass notice about an incident of the last hours is then due half a day later, whatever the time of
 * day the tests run at (with the usual 08:45, a run between 08:45 and 09:45 on a school day saw the notice of an
 * incident an hour before fall due at once and escalate).
 */
final class ConsoleWorld implements AutoCloseable {
    static final String LAMBETH = "E09000022";
    static final String KENT = "E10000016";
    static final String LAMBETH_TOKEN = "lambeth-worker-token-" + UUID.randomUUID();
    static final String KENT_TOKEN = "kent-worker-token-" + UUID.randomUUID();
    static final String READER_TOKEN = "lambeth-reader-token-" + UUID.randomUUID();
    static final String BIRMINGHAM = "E08000025";
    static final String SAM_TOKEN = "birmingham-sam-token-" + UUID.randomUUID();
    static final String TESS_TOKEN = "birmingham-tess-token-" + UUID.randomUUID();
    static final String UNA_TOKEN = "birmingham-una-token-" + UUID.randomUUID();
    /** Southwark's MASH: a worker and her team manager, whom only the work-item tests use. */
    static final String SOUTHWARK = "E09000028";

    static final String SOL_TOKEN = "southwark-worker-token-" + UUID.randomUUID();
    static final String MO_TOKEN = "southwark-manager-token-" + UUID.randomUUID();
    /** An information-governance officer of Lambeth. */
    static final String IG_TOKEN = "lambeth-ig-token-" + UUID.randomUUID();
    /** Designated safeguarding leads of two Lambeth schools. */
    static final String SCHOOL = "100001";

    static final String OTHER_SCHOOL = "100002";
    static final String DSL_TOKEN = "school-dsl-token-" + UUID.randomUUID();
    static final String OTHER_DSL_TOKEN = "other-school-dsl-token-" + UUID.randomUUID();
    /** Hackney's MASH: a worker whom only the test of withdrawn alerts uses. */
    static final String HACKNEY = "E09000012";

    static final String WREN_TOKEN = "hackney-worker-token-" + UUID.randomUUID();

    static final String PSEUDONYM_KEY = "console-test-key-that-is-at-least-32-bytes";
    private static final Duration READY_WITHIN = Duration.ofSeconds(120);

    final EmbeddedKafka kafka = EmbeddedKafka.start();
    final ApicurioRegistry registry = ApicurioRegistry.shared();
    final List<DetectionApp> detections = new ArrayList<>();
    final List<ConsoleApp> consoles = new ArrayList<>();
    /** The partnership-metrics application, when asked for. */
    MetricsApp partnershipMetrics;

    final Pseudonymiser pseudonymiser = new Pseudonymiser(PSEUDONYM_KEY.getBytes());
    /** The NHS number of each child the world made, by pseudonym: what only a reveal may show. */
    final Map<String, String> nhsNumbers = new ConcurrentHashMap<>();
    /** The identity vault's key pair: detection seals with the certificate, the consoles open with the key. */
    final ReplayKeys.KeyFiles vaultKeys;

    final String internalSecret = "shared-internal-secret-" + UUID.randomUUID();
    /** When a school day starts for detection here (England's time): twelve hours after the world was made. */
    final LocalTime schoolDayStart =
            LocalTime.now(WorkingDays.ENGLAND).plusHours(12).truncatedTo(ChronoUnit.MINUTES);

    private final Path dir;
    // the applications' own ids: the access file's rules name them (internal topics, groups, transactional ids)
    private final String applicationId = DetectionApp.DEFAULT_APPLICATION_ID;
    private final KafkaProducer<String, SpecificRecord> agencies;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> consoleSettings;
    private int nextChild;

    /** {@code instances} detection instances and as many consoles, without partnership metrics. */
    ConsoleWorld(Path dir, int instances) {
        this(dir, instances, Map.of(), false);
    }

    /**
     * @param consoleSettings settings every console gets on top of the world's
     * @param withMetrics     whether the partnership-metrics application runs too
     */
    ConsoleWorld(Path dir, int instances, Map<String, String> consoleSettings, boolean withMetrics) {
        this.dir = dir;
        this.consoleSettings = Map.copyOf(consoleSettings);
        try {
            Files.writeString(dir.resolve("pseudonym.key"), PSEUDONYM_KEY);
            Files.writeString(dir.resolve("internal.secret"), internalSecret);
            Files.writeString(
                    dir.resolve("users.properties"),
                    String.join(
                            "\n",
                            "user.amara.token-sha256=" + ConsoleUsers.sha256(LAMBETH_TOKEN),
                            "user.amara.authorities=" + LAMBETH,
                            "user.amara.role=WORKER",
                            "user.kofi.token-sha256=" + ConsoleUsers.sha256(KENT_TOKEN),
                            "user.kofi.authorities=" + KENT,
                            "user.kofi.role=WORKER",
                            "user.rhea.token-sha256=" + ConsoleUsers.sha256(READER_TOKEN),
                            "user.rhea.authorities=" + LAMBETH,
                            "user.rhea.role=READ_ONLY",
                            "user.sam.token-sha256=" + ConsoleUsers.sha256(SAM_TOKEN),
                            "user.sam.authorities=" + BIRMINGHAM,
                            "user.tess.token-sha256=" + ConsoleUsers.sha256(TESS_TOKEN),
                            "user.tess.authorities=" + BIRMINGHAM,
                            "user.tess.role=READ_ONLY",
                            "user.una.token-sha256=" + ConsoleUsers.sha256(UNA_TOKEN),
                            "user.una.authorities=" + BIRMINGHAM,
                            "user.imogen.token-sha256=" + ConsoleUsers.sha256(IG_TOKEN),
                            "user.imogen.authorities=" + LAMBETH,
                            "user.imogen.role=IG_OFFICER",
                            "user.sol.token-sha256=" + ConsoleUsers.sha256(SOL_TOKEN),
                            "user.sol.authorities=" + SOUTHWARK,
                            "user.sol.role=WORKER",
                            "user.mo.token-sha256=" + ConsoleUsers.sha256(MO_TOKEN),
                            "user.mo.authorities=" + SOUTHWARK,
                            "user.mo.role=TEAM_MANAGER",
                            "user.dina.token-sha256=" + ConsoleUsers.sha256(DSL_TOKEN),
                            "user.dina.authorities=" + LAMBETH,
                            "user.dina.role=SCHOOL_DSL",
                            "user.dina.schools=" + SCHOOL,
                            "user.dan.token-sha256=" + ConsoleUsers.sha256(OTHER_DSL_TOKEN),
                            "user.dan.authorities=" + LAMBETH,
                            "user.dan.role=SCHOOL_DSL",
                            "user.dan.schools=" + OTHER_SCHOOL,
                            "user.wren.token-sha256=" + ConsoleUsers.sha256(WREN_TOKEN),
                            "user.wren.authorities=" + HACKNEY,
                            "user.wren.role=WORKER"));
            vaultKeys = ReplayKeys.ensure(dir.resolve("vault"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the administrator creates the topics and applies deploy/access/acls.txt; each application then runs as
        // its own principal on the secured broker
        try (Admin admin = kafka.admin()) {
            ClusterSetup.prepare(admin, 4, AccessControlFile.inRepository());
        }
        for (int i = 0; i < instances; i++) {
            DetectionApp detection = new DetectionApp(detectionSettings(i), Map.of(), prometheus());
            detections.add(detection);
            detection.start();
        }
        awaitDetectionSettled();
        if (withMetrics) {
            partnershipMetrics = new MetricsApp(metricsSettings(), Map.of(), prometheus());
            partnershipMetrics.start();
        }
        for (int i = 0; i < instances; i++) {
            startConsole(detectionUrl(i), Map.of());
        }
        Properties p = new Properties();
        p.putAll(kafka.clientProperties("synthetic-feed")); // writes every agency's topics, as the local feed does
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // each event on its child's partition, as the agencies' SDK, publish command and feed send it: a child's events
        // then reach detection in the order they were sent (a school roll entry before the incident it concerns)
        p.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, ChildPartitioner.class.getName());
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of("schema.registry.url", registry.confluentApiUrl()), false);
        agencies = new KafkaProducer<>(p, new StringSerializer(), serializer);
    }

    /**
     * Starts one more console, asking the detection listener at {@code detectionUrl}, with these settings on top of
     * the world's, and returns it once its internal listener says it is ready.
     */
    ConsoleApp startConsole(String detectionUrl, Map<String, String> overrides) {
        Properties s = new Properties();
        s.putAll(kafka.clientProperties("console"));
        s.put("schema.registry.url", registry.confluentApiUrl());
        s.put(ConsoleSettings.PORT, "0");
        s.put(ConsoleSettings.USERS_FILE, dir.resolve("users.properties").toString());
        s.put(ConsoleSettings.DETECTION_URL, detectionUrl);
        s.put(InternalSettings.PORT, "0");
        s.put(InternalSettings.SECRET_FILE, dir.resolve("internal.secret").toString());
        s.put(IdentityVault.KEY_CONFIG, vaultKeys.privateKey().toString());
        s.putAll(consoleSettings);
        s.putAll(overrides);
        ConsoleApp console = new ConsoleApp(s, Map.of(), prometheus());
        consoles.add(console);
        console.start();
        awaitReady(console.internalPort());
        return console;
    }

    private Properties detectionSettings(int instance) {
        Properties s = new Properties();
        s.putAll(kafka.clientProperties("detection"));
        s.put("application.id", applicationId);
        s.put("state.dir", dir.resolve("detection-state-" + instance).toString());
        s.put("schema.registry.url", registry.confluentApiUrl());
        s.put(Pseudonymiser.KEY_FILE_CONFIG, dir.resolve("pseudonym.key").toString());
        s.put(IdentityVault.CERTIFICATE_CONFIG, vaultKeys.certificate().toString());
        s.put("topics.partitions", "4");
        s.put("timers.interval", "PT1S");
        s.put(EncompassSettings.SCHOOL_DAY_START, schoolDayStart.toString());
        s.put(InternalSettings.PORT, "0");
        s.put(InternalSettings.SECRET_FILE, dir.resolve("internal.secret").toString());
        return s;
    }

    private Properties metricsSettings() {
        Properties s = new Properties();
        s.putAll(kafka.clientProperties("metrics"));
        s.put("application.id", metricsGroup());
        s.put("state.dir", dir.resolve("metrics-state").toString());
        s.put("schema.registry.url", registry.confluentApiUrl());
        s.put(Pseudonymiser.KEY_FILE_CONFIG, dir.resolve("pseudonym.key").toString());
        s.put("metrics.publish.interval", "PT1S");
        s.put(InternalSettings.PORT, "0");
        return s;
    }

    private static PipelineMetrics prometheus() {
        return new PipelineMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** Detection instance i's internal listener, as a console's console.detection.url names it. */
    String detectionUrl(int instance) {
        return "http://localhost:" + detections.get(instance).internalPort();
    }

    /** A console's internal listener, as its audit records name it (servedBy). */
    String servedBy(ConsoleApp console) {
        return "localhost:" + console.internalPort();
    }

    /** A path on an internal listener (health, readiness, metrics, internal routes). */
    static URI internal(int port, String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** Waits until the internal listener on this port answers /ready with 200. */
    void awaitReady(int internalPort) {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (send(HttpRequest.newBuilder(internal(internalPort, "/ready")).build())
                        .statusCode()
                != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not ready within " + READY_WITHIN + " on internal port " + internalPort);
            }
            sleep(200);
        }
    }

    /**
     * Waits until every detection instance is RUNNING and each holds active partitions: the group has settled, so a
     * chronology is not asked for in the middle of the rebalances of its start (detection would answer 503).
     */
    private void awaitDetectionSettled() {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (!detections.stream()
                .allMatch(d -> d.streams().state() == KafkaStreams.State.RUNNING
                        && d.streams().metadataForAllStreamsClients().size() == detections.size()
                        && d.streams().metadataForAllStreamsClients().stream()
                                .noneMatch(m -> m.topicPartitions().isEmpty()))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("detection's group did not settle within " + READY_WITHIN);
            }
            sleep(200);
        }
    }

    /** The Prometheus exposition on this internal listener. */
    String scrape(int internalPort) {
        HttpResponse<String> r =
                send(HttpRequest.newBuilder(internal(internalPort, "/metrics")).build());
        if (r.statusCode() != 200) {
            throw new AssertionError("/metrics on " + internalPort + " answered " + r.statusCode());
        }
        return r.body();
    }

    /** A new child's NHS number. */
    String newChild() {
        return NhsNumber.firstValidFrom(600_000_000L + 20L * nextChild++);
    }

    /**
     * A child on {@code urn}'s roll, then a police-attended domestic-abuse incident an hour ago (INC-ENC-reference):
     * detection sends the school an Operation Encompass notice.
     *
     * @return the child's pseudonym
     */
    String encompassIncident(String authority, String urn) {
        String nhs = newChild();
        PersonRef child = PersonRef.newBuilder().setNhsNumber(nhs).build();
        send(
                Topics.SCHOOL_ROLL.name(),
                SchoolRollEntry.newBuilder()
                        .setHeader(
                                header(Agency.SCHOOL, authority, Instant.now().minus(Duration.ofDays(2))))
                        .setChild(child)
                        .setSchoolUrn(urn)
                        .setStartDate(LocalDate.now().minusYears(1))
                        .build());
        agencies.flush();
        send(
                Topics.DOMESTIC_ABUSE_INCIDENTS.name(),
                DomesticAbuseIncident.newBuilder()
                        .setHeader(
                                header(Agency.POLICE, authority, Instant.now().minus(Duration.ofHours(1))))
                        .setIncidentReference("INC-ENC-" + nhs)
                        .setChildren(List.of(new LinkedChild(child, true)))
                        .setPoliceAttended(true)
                        .build());
        agencies.flush();
        String pseudonym = pseudonymiser.pseudonymOf(nhs);
        nhsNumbers.put(pseudonym, nhs);
        return pseudonym;
    }

    /** A police-attended domestic-abuse incident that detection holds for the child: its event, reference and time. */
    record Incident(String child, UUID eventId, String reference, Instant occurredAt) {}

    /**
     * Police tell of a domestic-abuse incident with a new child present (INC-reference), a day ago: it joins the
     * child's chronology and raises nothing (no age, no school, no other agency).
     */
    Incident policeIncident(String authority) {
        String nhs = newChild();
        EventHeader header = header(Agency.POLICE, authority, Instant.now().minus(Duration.ofDays(1)));
        send(
                Topics.DOMESTIC_ABUSE_INCIDENTS.name(),
                DomesticAbuseIncident.newBuilder()
                        .setHeader(header)
                        .setIncidentReference("INC-" + nhs)
                        .setChildren(List.of(new LinkedChild(
                                PersonRef.newBuilder().setNhsNumber(nhs).build(), true)))
                        .setPoliceAttended(true)
                        .build());
        agencies.flush();
        String pseudonym = pseudonymiser.pseudonymOf(nhs);
        nhsNumbers.put(pseudonym, nhs);
        return new Incident(pseudonym, header.getEventId(), "INC-" + nhs, header.getOccurredAt());
    }

    /** The police take back their incident (on their retraction topic, keyed by the retracted event's id). */
    void policeRetract(Incident incident, RetractionReason reason, String agencyReference, String authority) {
        Retraction retraction = Retraction.newBuilder()
                .setHeader(header(Agency.POLICE, authority, Instant.now()))
                .setRetractedEventId(incident.eventId())
                .setReason(reason)
                .setAgencyReference(agencyReference)
                .setChildren(List.of(PersonRef.newBuilder()
                        .setNhsNumber(nhsNumbers.get(incident.child()))
                        .build()))
                .build();
        publishAs(
                "agency-police",
                List.of(new ProducerRecord<>(
                        Topics.POLICE_RETRACTIONS.name(), incident.eventId().toString(), retraction)));
    }

    /** Police and health tell of domestic abuse and a parent's mental-health crisis: an emerging toxic trio. */
    String emergingTrio(String authority) {
        String nhs = newChild();
        trio(authority, nhs, List.of(PersonRef.newBuilder().setNhsNumber(nhs).build()));
        String pseudonym = pseudonymiser.pseudonymOf(nhs);
        nhsNumbers.put(pseudonym, nhs);
        return pseudonym;
    }

    /**
     * Police and health tell of domestic abuse and a parent's mental-health crisis in one household of {@code children}
     * siblings, each named with the household's reference: an emerging toxic trio for each child, shown together.
     *
     * @return the children's pseudonyms
     */
    List<String> household(String authority, String householdReference, int children) {
        List<PersonRef> refs = new ArrayList<>();
        List<String> pseudonyms = new ArrayList<>();
        for (int i = 0; i < children; i++) {
            String nhs = newChild();
            refs.add(PersonRef.newBuilder()
                    .setNhsNumber(nhs)
                    .setHouseholdReference(householdReference)
                    .build());
            String pseudonym = pseudonymiser.pseudonymOf(nhs);
            nhsNumbers.put(pseudonym, nhs);
            pseudonyms.add(pseudonym);
        }
        trio(authority, householdReference, refs);
        return pseudonyms;
    }

    /** A police incident with the children present (INC-reference) and a parent's crisis two days later (CRISIS-). */
    private void trio(String authority, String reference, List<PersonRef> children) {
        Instant at = Instant.now().minus(Duration.ofDays(20));
        send(
                Topics.DOMESTIC_ABUSE_INCIDENTS.name(),
                DomesticAbuseIncident.newBuilder()
                        .setHeader(header(Agency.POLICE, authority, at))
                        .setIncidentReference("INC-" + reference)
                        .setChildren(children.stream()
                                .map(c -> new LinkedChild(c, true))
                                .toList())
                        .setPoliceAttended(true)
                        .build());
        send(
                Topics.PARENT_HEALTH_EVENTS.name(),
                ParentHealthEvent.newBuilder()
                        .setHeader(header(Agency.HEALTH, authority, at.plus(Duration.ofDays(2))))
                        .setEventReference("CRISIS-" + reference)
                        .setCategory(ParentHealthCategory.MENTAL_HEALTH)
                        .setService(HealthService.CRISIS_TEAM)
                        .setChildrenInHousehold(children)
                        .build());
        agencies.flush();
    }

    /**
     * Writes an alert straight onto the alert topic, as a compromised or older producer could: nothing between it and
     * the console checks what it carries.
     */
    void publishAlert(RiskAlert alert) {
        // only detection may write alerts: the compromised producer holds its credentials
        publishAs("detection", List.of(new ProducerRecord<>(Topics.ALERTS.name(), alert.getChildPseudonym(), alert)));
    }

    /**
     * Writes alerts straight onto one partition of the alert topic, in this order. The console's board reads each
     * partition in order, and a live stream delivers what the board takes in, in order: once a later alert of the
     * same partition has reached a stream, every earlier one has been judged for it.
     */
    void publishAlerts(int partition, List<RiskAlert> alerts) {
        publishAs(
                "detection",
                alerts.stream()
                        .map(a -> new ProducerRecord<String, SpecificRecord>(
                                Topics.ALERTS.name(), partition, a.getChildPseudonym(), a))
                        .toList());
    }

    /** Detection's application id, which is its consumer group. */
    String detectionGroup() {
        return applicationId;
    }

    /** The partnership-metrics application's id, which is its consumer group. */
    String metricsGroup() {
        return MetricsApp.APPLICATION_ID;
    }

    /**
     * A new child whose identity detection has sealed (as its intake does for every child it meets), without any
     * event that could raise an alert or link them: what a test of the exploitation view makes its group of.
     *
     * @return the child's pseudonym
     */
    String sealedChild() {
        String nhs = newChild();
        String pseudonym = pseudonymiser.pseudonymOf(nhs);
        IdentityVaultEntry entry =
                IdentityVault.Sealer.fromPem(vaultKeys.certificate()).seal(pseudonym, nhs, Instant.now());
        publishAs("detection", List.of(new ProducerRecord<>(Topics.IDENTITY_VAULT.name(), pseudonym, entry)));
        nhsNumbers.put(pseudonym, nhs);
        return pseudonym;
    }

    /** Writes a work item's record onto the work-items topic as detection does (keyed by the child's pseudonym). */
    void publishWorkItem(WorkItem item) {
        publishAs("detection", List.of(new ProducerRecord<>(Topics.WORK_ITEMS.name(), item.getChildPseudonym(), item)));
    }

    /** Writes a group of linked children onto the groups topic as detection does; null deletes the group. */
    void publishGroup(String groupId, LinkedGroup group) {
        publishAs("detection", List.of(new ProducerRecord<>(Topics.EXPLOITATION_GROUPS.name(), groupId, group)));
    }

    /** Writes a decision straight onto the decision topic, as a compromised or older producer could. */
    void publishDecision(MashDecision decision) {
        publishAs("console", List.of(new ProducerRecord<>(Topics.DECISIONS.name(), decision.getAlertId(), decision)));
    }

    /** Sends in order as {@code principal}, as that application's producer would. */
    private void publishAs(String principal, List<ProducerRecord<String, SpecificRecord>> records) {
        Properties p = new Properties();
        p.putAll(kafka.clientProperties(principal));
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of("schema.registry.url", registry.confluentApiUrl()), false);
        try (KafkaProducer<String, SpecificRecord> producer =
                new KafkaProducer<>(p, new StringSerializer(), serializer)) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    /** An alert routed to one authority, with the given number of evidence lines, each with this reference. */
    static RiskAlert alert(
            String alertId, Severity severity, String authority, String sourceReference, int evidenceLines) {
        Instant at = Instant.now().minus(Duration.ofDays(3));
        List<Evidence> evidence = new ArrayList<>();
        for (int i = 0; i < evidenceLines; i++) {
            evidence.add(Evidence.newBuilder()
                    .setAgency(Agency.POLICE)
                    .setSourceEventId(UUID.randomUUID().toString())
                    .setSourceReference(sourceReference)
                    .setCategory(IndicatorCategory.MISSING_EPISODE)
                    .setOccurredAt(at)
                    .build());
        }
        return RiskAlert.newBuilder()
                .setAlertId(alertId)
                .setRuleId("repeat-missing")
                .setRuleVersion(1)
                .setSeverity(severity)
                .setChildPseudonym(UUID.randomUUID().toString().replace("-", ""))
                .setLocalAuthority(authority)
                .setEvidence(evidence)
                .setWindow(new AlertWindow(at.minus(Duration.ofDays(30)), at))
                .setRaisedAt(at)
                .setRoutedTo(List.of(authority))
                .build();
    }

    /** Bytes that are not Avro (a dead letter), and an incident about a child with no NHS number (unmatched). */
    void poisonAndUnmatched() {
        Properties p = new Properties();
        p.putAll(kafka.clientProperties("agency-police"));
        try (KafkaProducer<String, byte[]> raw =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topics.DOMESTIC_ABUSE_INCIDENTS.name(), "poison", "not avro".getBytes()));
        }
        send(
                Topics.DOMESTIC_ABUSE_INCIDENTS.name(),
                DomesticAbuseIncident.newBuilder()
                        .setHeader(header(Agency.POLICE, LAMBETH, Instant.now().minus(Duration.ofDays(1))))
                        .setIncidentReference("INC-UNKNOWN")
                        .setChildren(
                                List.of(new LinkedChild(PersonRef.newBuilder().build(), true)))
                        .setPoliceAttended(true)
                        .build());
        agencies.flush();
    }

    private void send(String topic, SpecificRecord value) {
        agencies.send(new ProducerRecord<>(topic, UUID.randomUUID().toString(), value));
    }

    private static EventHeader header(Agency agency, String la, Instant at) {
        return EventHeader.newBuilder()
                .setEventId(UUID.randomUUID())
                .setSourceAgency(agency)
                .setOrganisationCode(agency == Agency.POLICE ? "01" : "RJ1")
                .setLocalAuthority(la)
                .setOccurredAt(at)
                .setRecordedAt(at)
                .build();
    }

    HttpResponse<String> get(ConsoleApp console, String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(console.url() + path.substring(1)))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build());
    }

    HttpResponse<String> post(ConsoleApp console, String path, String token, String json) {
        return send(HttpRequest.newBuilder(URI.create(console.url() + path.substring(1)))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        agencies.close();
        consoles.forEach(ConsoleApp::close);
        if (partnershipMetrics != null) {
            partnershipMetrics.close();
        }
        detections.forEach(DetectionApp::close);
        kafka.close();
    }
}
