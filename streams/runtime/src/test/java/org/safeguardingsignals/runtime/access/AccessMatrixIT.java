package org.safeguardingsignals.runtime.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.safeguardingsignals.topics.Topics.ALERTS;
import static org.safeguardingsignals.topics.Topics.CARE_FLAGS;
import static org.safeguardingsignals.topics.Topics.CHILDRENS_SERVICES_RETRACTIONS;
import static org.safeguardingsignals.topics.Topics.CHILD_POLICE_CONTACTS;
import static org.safeguardingsignals.topics.Topics.CONSOLE_ACCESS;
import static org.safeguardingsignals.topics.Topics.DEAD_LETTERS;
import static org.safeguardingsignals.topics.Topics.DECISIONS;
import static org.safeguardingsignals.topics.Topics.DOMESTIC_ABUSE_INCIDENTS;
import static org.safeguardingsignals.topics.Topics.ENCOMPASS_ACKNOWLEDGEMENTS;
import static org.safeguardingsignals.topics.Topics.ENCOMPASS_NOTICES;
import static org.safeguardingsignals.topics.Topics.EXPLOITATION_GROUPS;
import static org.safeguardingsignals.topics.Topics.HEALTH_RETRACTIONS;
import static org.safeguardingsignals.topics.Topics.IDENTITY_VAULT;
import static org.safeguardingsignals.topics.Topics.MISSING_EPISODES;
import static org.safeguardingsignals.topics.Topics.PARENT_HEALTH_EVENTS;
import static org.safeguardingsignals.topics.Topics.PARTNERSHIP_METRICS;
import static org.safeguardingsignals.topics.Topics.POLICE_RETRACTIONS;
import static org.safeguardingsignals.topics.Topics.REFERRALS;
import static org.safeguardingsignals.topics.Topics.REJECTED_ROWS;
import static org.safeguardingsignals.topics.Topics.RETURN_INTERVIEWS;
import static org.safeguardingsignals.topics.Topics.RETURN_INTERVIEW_RETRACTIONS;
import static org.safeguardingsignals.topics.Topics.SCHOOL_CONCERNS;
import static org.safeguardingsignals.topics.Topics.SCHOOL_RETRACTIONS;
import static org.safeguardingsignals.topics.Topics.SCHOOL_ROLL;
import static org.safeguardingsignals.topics.Topics.STATUS_CHANGES;
import static org.safeguardingsignals.topics.Topics.UNMATCHED;
import static org.safeguardingsignals.topics.Topics.UNSCHEDULED_CARE;
import static org.safeguardingsignals.topics.Topics.WORK_ITEMS;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.embedded.EmbeddedKafka;
import org.safeguardingsignals.topics.Topic;
import org.safeguardingsignals.topics.Topics;

/**
 * Every principal of deploy/access/acls.txt against a real broker secured as deployed, with the file applied by
 * the access command. What each principal may read and write is written out here from the rules (not read
 * from the file), and every principal is tried on every topic of the registry, so that a rule too wide in the file
 * fails here: allowed operations must succeed, forbidden ones must fail with an authorisation error.
 */
class AccessMatrixIT {
    private static final String STRANGER = "stranger"; // authenticated, named in no rule
    private static final Set<Topic<?>> INPUTS = Set.copyOf(Topics.inputs());

    /** Who may write which topic: each agency its own inputs and retractions, the pipeline its outputs. */
    private static final Map<String, Set<Topic<?>>> WRITES = Map.ofEntries(
            Map.entry(
                    "agency-police",
                    Set.of(DOMESTIC_ABUSE_INCIDENTS, MISSING_EPISODES, CHILD_POLICE_CONTACTS, POLICE_RETRACTIONS)),
            Map.entry("agency-health", Set.of(PARENT_HEALTH_EVENTS, UNSCHEDULED_CARE, HEALTH_RETRACTIONS)),
            Map.entry("agency-school", Set.of(SCHOOL_CONCERNS, SCHOOL_ROLL, SCHOOL_RETRACTIONS)),
            Map.entry(
                    "agency-childrens-services",
                    Set.of(REFERRALS, STATUS_CHANGES, MISSING_EPISODES, CHILDRENS_SERVICES_RETRACTIONS)),
            Map.entry("agency-return-interviews", Set.of(RETURN_INTERVIEWS, RETURN_INTERVIEW_RETRACTIONS)),
            Map.entry(
                    "detection",
                    Set.of(
                            ALERTS,
                            UNMATCHED,
                            IDENTITY_VAULT,
                            DEAD_LETTERS,
                            WORK_ITEMS,
                            ENCOMPASS_NOTICES,
                            CARE_FLAGS,
                            EXPLOITATION_GROUPS)),
            Map.entry("metrics", Set.of(PARTNERSHIP_METRICS)),
            // and the schools' acknowledgements of Encompass notices
            Map.entry("console", Set.of(DECISIONS, CONSOLE_ACCESS, ENCOMPASS_ACKNOWLEDGEMENTS)),
            Map.entry("partnership-analyst", Set.of()),
            Map.entry("on-call", INPUTS),
            Map.entry("backtest", Set.of()),
            Map.entry("connect-worker", Set.of()),
            Map.entry("connect-file-drop-referrals", Set.of(REFERRALS, REJECTED_ROWS)),
            Map.entry("connect-worklist", Set.of()),
            Map.entry("synthetic-feed", INPUTS),
            Map.entry(STRANGER, Set.of()));

    /**
     * Who may read which topic: no agency reads anything but health the CP-IS flags meant for it; dead letters only by
     * metrics (counts) and on-call.
     */
    private static final Map<String, Set<Topic<?>>> READS = Map.ofEntries(
            Map.entry("agency-police", Set.of()),
            Map.entry("agency-health", Set.of(CARE_FLAGS)),
            Map.entry("agency-school", Set.of()),
            Map.entry("agency-childrens-services", Set.of()),
            Map.entry("agency-return-interviews", Set.of()),
            // and the MASH's decisions, which it folds into work items, and the schools' acknowledgements
            Map.entry(
                    "detection",
                    Stream.concat(INPUTS.stream(), Stream.of(DECISIONS, ENCOMPASS_ACKNOWLEDGEMENTS))
                            .collect(Collectors.toSet())),
            // and its own published figures, which it shows the dashboard
            Map.entry(
                    "metrics",
                    Stream.concat(
                                    INPUTS.stream(),
                                    Stream.of(
                                            UNMATCHED,
                                            DEAD_LETTERS,
                                            ALERTS,
                                            DECISIONS,
                                            PARTNERSHIP_METRICS,
                                            ENCOMPASS_NOTICES,
                                            CARE_FLAGS,
                                            EXPLOITATION_GROUPS))
                            .collect(Collectors.toSet())),
            Map.entry(
                    "console",
                    Set.of(
                            ALERTS,
                            DECISIONS,
                            WORK_ITEMS,
                            IDENTITY_VAULT,
                            CONSOLE_ACCESS,
                            ENCOMPASS_NOTICES,
                            EXPLOITATION_GROUPS)),
            Map.entry("partnership-analyst", Set.of(PARTNERSHIP_METRICS)),
            Map.entry("on-call", Set.of(DEAD_LETTERS)),
            // the rules' inputs, to replay a period apart from the pipeline
            Map.entry("backtest", INPUTS),
            Map.entry("connect-worker", Set.of()),
            Map.entry("connect-file-drop-referrals", Set.of()),
            Map.entry("connect-worklist", Set.of(ALERTS, DECISIONS)),
            Map.entry("synthetic-feed", Set.of()),
            Map.entry(STRANGER, Set.of()));

    private static EmbeddedKafka kafka;
    private static AccessControlFile file;
    private static String firstApply;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        file = AccessControlFile.inRepository();
        try (Admin admin = kafka.admin()) {
            admin.createTopics(Topics.ALL.stream()
                            .map(t -> new NewTopic(t.name(), 1, (short) 1))
                            .toList())
                    .all()
                    .get();
            // one record in each, so that a permitted read has something to read to its end offset
            try (KafkaProducer<byte[], byte[]> producer = producer(kafka.adminProperties())) {
                for (Topic<?> t : Topics.ALL) {
                    producer.send(new ProducerRecord<>(t.name(), bytes("k"), bytes("v")))
                            .get();
                }
            }
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            AccessCommand.apply(admin, file, new PrintStream(printed, true, StandardCharsets.UTF_8), false);
            firstApply = printed.toString(StandardCharsets.UTF_8);
        }
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void theSpecificationHereNamesEveryPrincipalOfTheFile() {
        Set<String> specified = new HashSet<>(WRITES.keySet());
        specified.remove(STRANGER);
        assertThat(file.principals()).containsExactlyInAnyOrderElementsOf(specified);
        assertThat(READS.keySet()).isEqualTo(WRITES.keySet());
    }

    @Test
    void everyPrincipalReadsAndWritesExactlyWhatItMayOnEveryTopic() {
        List<String> wrong = new ArrayList<>();
        for (String principal : WRITES.keySet()) {
            Map<String, Object> client = kafka.clientProperties(principal);
            for (Topic<?> topic : Topics.ALL) {
                check(
                        wrong,
                        principal,
                        "write " + topic.name(),
                        WRITES.get(principal).contains(topic),
                        () -> {
                            try (KafkaProducer<byte[], byte[]> producer = producer(client)) {
                                return producer.send(new ProducerRecord<>(topic.name(), bytes("k"), bytes("v")))
                                        .get();
                            }
                        });
                check(
                        wrong,
                        principal,
                        "read " + topic.name(),
                        READS.get(principal).contains(topic),
                        () -> {
                            readToEnd(client, topic.name(), null);
                            return null;
                        });
            }
        }
        assertThat(wrong).as("operations whose outcome differs from the rules").isEmpty();
    }

    @Test
    void createDeleteDescribeGroupsAndTransactionsFollowTheRules() {
        List<String> wrong = new ArrayList<>();
        // detection: its own internal topics, group and transactions; nobody else's
        check(
                wrong,
                "detection",
                "create its internal topic",
                true,
                () -> create("detection", "safeguarding-detection-probe-changelog"));
        check(
                wrong,
                "detection",
                "delete its internal topic",
                true,
                () -> delete("detection", "safeguarding-detection-probe-changelog"));
        check(
                wrong,
                "detection",
                "create an input topic",
                false,
                () -> create("detection", "safeguarding.police.new.v1"));
        check(wrong, "detection", "delete the alerts", false, () -> delete("detection", ALERTS.name()));
        check(
                wrong,
                "detection",
                "describe the decisions' settings",
                true,
                () -> describeConfigs("detection", DECISIONS.name()));
        check(
                wrong,
                "detection",
                "join its group",
                true,
                () -> readToEnd(kafka.clientProperties("detection"), REFERRALS.name(), "safeguarding-detection"));
        check(
                wrong,
                "detection",
                "join the metrics group",
                false,
                () -> readToEnd(
                        kafka.clientProperties("detection"), REFERRALS.name(), "safeguarding-partnership-metrics"));
        check(
                wrong,
                "detection",
                "use its transactional id",
                true,
                () -> transaction("detection", "safeguarding-detection-0-1", ALERTS.name()));
        check(
                wrong,
                "detection",
                "use metrics' transactional id",
                false,
                () -> transaction("detection", "safeguarding-partnership-metrics-0-1", PARTNERSHIP_METRICS.name()));
        // metrics: its own, not detection's
        check(
                wrong,
                "metrics",
                "create its internal topic",
                true,
                () -> create("metrics", "safeguarding-partnership-metrics-probe-changelog"));
        check(
                wrong,
                "metrics",
                "create detection's internal topic",
                false,
                () -> create("metrics", "safeguarding-detection-probe2-changelog"));
        check(
                wrong,
                "metrics",
                "join its group",
                true,
                () -> readToEnd(kafka.clientProperties("metrics"), ALERTS.name(), "safeguarding-partnership-metrics"));
        check(
                wrong,
                "metrics",
                "use its transactional id",
                true,
                () -> transaction("metrics", "safeguarding-partnership-metrics-0-1", PARTNERSHIP_METRICS.name()));
        check(
                wrong,
                "metrics",
                "use detection's transactional id",
                false,
                () -> transaction("metrics", "safeguarding-detection-0-1", ALERTS.name()));
        // agencies: no creating, deleting, describing another agency's topic, groups or transactions
        check(
                wrong,
                "agency-police",
                "describe health's topic",
                false,
                () -> describe("agency-police", PARENT_HEALTH_EVENTS.name()));
        check(
                wrong,
                "agency-police",
                "describe its own topic",
                true,
                () -> describe("agency-police", DOMESTIC_ABUSE_INCIDENTS.name()));
        check(
                wrong,
                "agency-police",
                "create a topic in its family",
                false,
                () -> create("agency-police", "safeguarding.police.other.v1"));
        check(
                wrong,
                "agency-police",
                "delete its own topic",
                false,
                () -> delete("agency-police", DOMESTIC_ABUSE_INCIDENTS.name()));
        check(
                wrong,
                "agency-health",
                "join a group",
                false,
                () -> readToEnd(kafka.clientProperties("agency-health"), PARENT_HEALTH_EVENTS.name(), "agency-health"));
        check(
                wrong,
                "agency-health",
                "use a transactional id",
                false,
                () -> transaction("agency-health", "agency-health-1", PARENT_HEALTH_EVENTS.name()));
        // console: no input topic, no topic creation
        check(wrong, "console", "describe an input topic", false, () -> describe("console", REFERRALS.name()));
        check(wrong, "console", "create a topic", false, () -> create("console", "safeguarding.mash.other.v1"));
        // analyst: its report's groups on the metrics topic only
        check(
                wrong,
                "partnership-analyst",
                "join a report group on the metrics",
                true,
                () -> readToEnd(
                        kafka.clientProperties("partnership-analyst"),
                        PARTNERSHIP_METRICS.name(),
                        "partnership-report-1"));
        check(
                wrong,
                "partnership-analyst",
                "join a report group on the alerts",
                false,
                () -> readToEnd(kafka.clientProperties("partnership-analyst"), ALERTS.name(), "partnership-report-2"));
        check(
                wrong,
                "partnership-analyst",
                "describe an input topic",
                false,
                () -> describe("partnership-analyst", REFERRALS.name()));
        // the worklist sink: its connectors' groups
        check(
                wrong,
                "connect-worklist",
                "join its connector's group",
                true,
                () -> readToEnd(kafka.clientProperties("connect-worklist"), ALERTS.name(), "connect-worklist-alerts"));
        check(
                wrong,
                "connect-worklist",
                "join another group",
                false,
                () -> readToEnd(kafka.clientProperties("connect-worklist"), ALERTS.name(), "safeguarding-detection"));
        // a principal in no rule can do nothing
        check(wrong, STRANGER, "describe the alerts", false, () -> describe(STRANGER, ALERTS.name()));
        check(wrong, STRANGER, "create a topic", false, () -> create(STRANGER, "stranger.topic"));
        assertThat(wrong).as("operations whose outcome differs from the rules").isEmpty();
    }

    @Test
    void aPlaintextClientCannotConnectAtAll() {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("security.protocol", "PLAINTEXT");
        p.put("default.api.timeout.ms", "5000");
        p.put("request.timeout.ms", "2000");
        try (Admin admin = Admin.create(p)) {
            assertThatThrownBy(() -> admin.listTopics().names().get()).isNotNull();
        }
    }

    @Test
    void aClientWithoutCredentialsOrWithAWrongPasswordIsRefused() {
        Map<String, Object> tlsOnly = new HashMap<>(kafka.clientProperties("agency-police"));
        tlsOnly.put("security.protocol", "SSL"); // TLS, but no SASL: the broker waits for SCRAM and closes
        tlsOnly.remove("sasl.jaas.config");
        tlsOnly.put("default.api.timeout.ms", "5000");
        tlsOnly.put("request.timeout.ms", "2000");
        try (Admin admin = Admin.create(tlsOnly)) {
            assertThatThrownBy(() -> admin.listTopics().names().get()).isNotNull();
        }
        Map<String, Object> wrong = new HashMap<>(kafka.clientProperties("agency-police"));
        wrong.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"agency-police\" "
                        + "password=\"not-the-password\";");
        try (Admin admin = Admin.create(wrong)) {
            assertThatThrownBy(() -> admin.listTopics().names().get())
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aClientThatDoesNotTrustTheBrokersCertificateIsRefused() {
        Map<String, Object> untrusting = new HashMap<>(kafka.clientProperties("agency-police"));
        untrusting.remove("ssl.truststore.location");
        untrusting.remove("ssl.truststore.password");
        untrusting.remove("ssl.truststore.type");
        try (Admin admin = Admin.create(untrusting)) {
            assertThatThrownBy(() -> admin.listTopics().names().get())
                    .hasCauseInstanceOf(SslAuthenticationException.class);
        }
    }

    @Test
    void theAccessCommandPrintsWhatItAddsAndRemovesAndIsIdempotent() throws Exception {
        int bindings = file.bindings().size();
        assertThat(firstApply)
                .contains("+ agency-police WRITE topic literal safeguarding.police.domestic-abuse-incidents.v1")
                .contains(bindings + " ACL(s) added, 0 removed, 0 unchanged");
        try (Admin admin = kafka.admin()) {
            AclBinding stray = new AclBinding(
                    new ResourcePattern(ResourceType.TOPIC, ALERTS.name(), PatternType.LITERAL),
                    new AccessControlEntry("User:agency-police", "*", AclOperation.READ, AclPermissionType.ALLOW));
            admin.createAcls(List.of(stray)).all().get();
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            AccessCommand.Changes changes =
                    AccessCommand.apply(admin, file, new PrintStream(printed, true, StandardCharsets.UTF_8), false);
            assertThat(changes.added()).isEmpty();
            assertThat(changes.removed()).containsExactly(stray);
            assertThat(printed.toString(StandardCharsets.UTF_8))
                    .contains("- agency-police READ topic literal safeguarding.alerts.v1")
                    .contains("0 ACL(s) added, 1 removed, " + bindings + " unchanged");
            AccessCommand.Changes again =
                    AccessCommand.apply(admin, file, new PrintStream(new ByteArrayOutputStream()), false);
            assertThat(again.added()).isEmpty();
            assertThat(again.removed()).isEmpty();
        }
    }

    /**
     * Runs the operation and records it when its outcome is not the expected one: a permitted one must succeed, a
     * forbidden one must fail with an authorisation error (any other failure is recorded too).
     */
    private static void check(List<String> wrong, String principal, String what, boolean allowed, Callable<?> op) {
        String outcome;
        try {
            op.call();
            outcome = "succeeded";
        } catch (Exception e) {
            Throwable cause = e;
            while (cause != null && !(cause instanceof AuthorizationException)) {
                cause = cause.getCause();
            }
            outcome = cause != null ? "denied" : "failed: " + e;
        }
        String expected = allowed ? "succeeded" : "denied";
        if (!outcome.equals(expected)) {
            wrong.add(principal + " " + what + ": expected " + expected + ", " + outcome);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(Map<String, Object> client) {
        Map<String, Object> p = new LinkedHashMap<>(client);
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("max.block.ms", "20000");
        p.put("delivery.timeout.ms", "20000");
        p.put("request.timeout.ms", "10000");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Reads the topic's one partition to its end offset, with no group or (to join it) as a member of a group. */
    private static Object readToEnd(Map<String, Object> client, String topic, String group) {
        Map<String, Object> p = new LinkedHashMap<>(client);
        p.put("auto.offset.reset", "earliest");
        p.put("enable.auto.commit", "false");
        p.put("default.api.timeout.ms", "20000");
        if (group != null) {
            p.put("group.id", group);
        }
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            if (group != null) {
                consumer.subscribe(List.of(topic));
                while (consumer.assignment().isEmpty()) {
                    consumer.poll(Duration.ofMillis(200));
                }
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
            }
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(200));
            }
            if (group != null) {
                consumer.commitSync();
            }
            return end;
        }
    }

    private static Object create(String principal, String topic) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties(principal))) {
            return admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
                    .all()
                    .get();
        }
    }

    private static Object delete(String principal, String topic) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties(principal))) {
            return admin.deleteTopics(List.of(topic)).all().get();
        }
    }

    private static Object describe(String principal, String topic) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties(principal))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get();
        }
    }

    private static Object describeConfigs(String principal, String topic) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties(principal))) {
            return admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic)))
                    .all()
                    .get();
        }
    }

    private static Object transaction(String principal, String transactionalId, String topic) throws Exception {
        Map<String, Object> p = new LinkedHashMap<>(kafka.clientProperties(principal));
        p.put("transactional.id", transactionalId);
        try (KafkaProducer<byte[], byte[]> producer = producer(p)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, bytes("k"), bytes("v"))).get();
            producer.commitTransaction();
            return null;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
