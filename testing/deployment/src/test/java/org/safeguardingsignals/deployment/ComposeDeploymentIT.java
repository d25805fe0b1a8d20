package org.safeguardingsignals.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.safeguardingsignals.detection.DetectionApp;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.feed.FeedPublisher;
import org.safeguardingsignals.feed.ProbeChild;
import org.safeguardingsignals.feed.Publication;
import org.safeguardingsignals.identifiers.NhsNumber;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.runtime.access.AccessControlFile;
import org.safeguardingsignals.serde.SpecificAvroDeserializer;
import org.safeguardingsignals.topics.Topics;

/**
 * The pilot deployment (deploy/compose) brought up for real with podman-compose from our images and local builds of
 * the upstream ones (deploy/images/build-local-images): three brokers, the registry on PostgreSQL, two detection
 * instances, metrics, console and a Connect worker, secured as make-secrets and the setup service make it (TLS
 * listeners, a SCRAM principal each, the access file's ACLs). A partner agency's file published with the publish
 * image, signed in as that agency, raises its alert in the console and the worklist database, and the agency cannot
 * write another agency's topic; every topic has the registry's copies and the cluster exactly the access file's
 * rules; then, under a steady flow of probe children, one detection
 * container and one broker container are killed, and every probe's alert still arrives exactly once. The tests run in
 * this order on one deployment (bringing it up takes minutes); each asserts only what it caused.
 */
@TestMethodOrder(OrderAnnotation.class)
class ComposeDeploymentIT {
    /** Bounds on a hung deployment, not timing assertions. */
    private static final Duration START_LIMIT = Duration.ofMinutes(6);

    private static final Duration ALERT_LIMIT = Duration.ofMinutes(3);
    private static final String DETECTION_INSTANCE_KILLED = "detection-2";
    private static final String BROKER_KILLED = "kafka-2";
    private static final String COMPOSE_NETWORK_BOOTSTRAP = "kafka-1:19092,kafka-2:19092,kafka-3:19092";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path LOGS = Path.of("target", "compose-logs");

    @TempDir
    static Path dir;

    private static ComposeProject compose;
    private static Pseudonymiser pseudonymiser;
    /** The deployment's first console user's token (make-secrets writes it). */
    private static String consoleToken;

    @BeforeAll
    static void bringUpTheDeployment() throws Exception {
        Podman.requireInstalled();
        Podman.run("--command", "podman-compose", "version").ok();
        Images.loadAll();
        String project = "sgcompose" + UUID.randomUUID().toString().substring(0, 6);
        compose = ComposeProject.create(project, dir.resolve("secrets"));
        compose.up();
        pseudonymiser = Pseudonymiser.fromConfig(
                Map.of(
                        "pseudonym.key.file",
                        compose.secrets().resolve("pseudonym.key").toString()),
                Map.of());
        consoleToken =
                Files.readString(compose.secrets().resolve("console-token.txt")).strip();
        awaitDetectionInstances(2);
        Http.Response console = Http.poll(() -> consoleGet("/api/alerts"), r -> r.status() == 200, START_LIMIT);
        assertThat(console.status()).as(console.body()).isEqualTo(200);
    }

    @AfterAll
    static void tearDown() {
        if (compose != null) {
            compose.saveLogs(LOGS);
            compose.close();
        }
    }

    @Test
    @Order(0)
    void setupGaveEveryTopicTheRegistrysCopiesAndTheClusterExactlyTheAccessFilesRules() throws Exception {
        try (Admin admin = Admin.create(compose.clientProperties("admin"))) {
            List<String> names = Topics.ALL.stream().map(t -> t.name()).toList();
            var descriptions = admin.describeTopics(names).allTopicNames().get();
            var configs = admin.describeConfigs(names.stream()
                            .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                            .toList())
                    .all()
                    .get();
            for (var topic : Topics.ALL) {
                assertThat(descriptions.get(topic.name()).partitions())
                        .as(topic.name())
                        .allSatisfy(p -> assertThat(p.replicas())
                                .hasSize(topic.settings().replicationFactor()));
                assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()))
                                .get("min.insync.replicas")
                                .value())
                        .as(topic.name())
                        .isEqualTo(Integer.toString(topic.settings().minInsyncReplicas()));
            }
            assertThat(admin.describeAcls(AclBindingFilter.ANY).values().get())
                    .containsExactlyInAnyOrderElementsOf(
                            AccessControlFile.read(Images.REPOSITORY.resolve("deploy/access/acls.txt"))
                                    .bindings());
        }
    }

    @Test
    @Order(1)
    void aFilePublishedWithThePublishImageRaisesOneAlertInTheConsoleAndTheWorklistDatabase() throws Exception {
        String nhs = NhsNumber.firstValidFrom(910_000_000L);
        String pseudonym = pseudonymiser.pseudonymOf(nhs);
        Instant incident = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Instant crisis = incident.plus(1, ChronoUnit.DAYS);
        Path files = Files.createDirectories(dir.resolve("drop"));
        Files.setPosixFilePermissions(files, PosixFilePermissions.fromString("rwxr-xr-x"));
        // a child under school age: on no school's roll, without a missing-education check of their own
        write(
                files.resolve("incidents.csv"),
                "organisation_code,local_authority,occurred_at,incident_reference,children_nhs_numbers,"
                        + "children_dates_of_birth,children_present,dash_risk_level,police_attended",
                "01,E09000022," + incident + ",COMPOSE-DA-1," + nhs + ",2022-06-01,true,MEDIUM,true");
        write(
                files.resolve("health.csv"),
                "organisation_code,local_authority,occurred_at,event_reference,category,service,children_nhs_numbers",
                "RJ1,E09000022," + crisis + ",COMPOSE-MH-1,MENTAL_HEALTH,CRISIS_TEAM," + nhs);

        // each agency signs in as itself and may write only its own topics
        Podman.Result refused = publish(files, "agency-police", "parent-health-event", "health.csv");
        assertThat(refused.exit()).as(refused.output()).isNotZero();
        assertThat(refused.output()).containsIgnoringCase("authoriz");
        Podman.Result incidents = publish(files, "agency-police", "domestic-abuse-incident", "incidents.csv");
        assertThat(incidents.exit()).as(incidents.output()).isZero();
        Podman.Result health = publish(files, "agency-health", "parent-health-event", "health.csv");
        assertThat(health.exit()).as(health.output()).isZero();

        List<JsonNode> alerts = Http.poll(() -> consoleAlertsOf(pseudonym), a -> !a.isEmpty(), ALERT_LIMIT);
        assertThat(alerts).as(logs()).hasSize(1);
        JsonNode alert = alerts.get(0);
        assertThat(alert.get("localAuthority").asText()).isEqualTo("E09000022");
        List<String> references = new ArrayList<>();
        alert.get("evidence")
                .forEach(e -> references.add(e.get("sourceReference").asText()));
        assertThat(references).containsExactlyInAnyOrder("COMPOSE-DA-1", "COMPOSE-MH-1");

        // the NHS number was sealed by detection and is opened by the console, for a worker with a reason only
        // (404 until the console has read the child's sealed identity)
        Http.Response revealed = Http.poll(
                () -> consolePost("/api/children/" + pseudonym + "/identity", "{\"reason\":\"MASH_SCREENING\"}"),
                r -> r.status() != 404,
                ALERT_LIMIT);
        assertThat(revealed.status()).as(revealed.body()).isEqualTo(200);
        assertThat(JSON.readTree(revealed.body()).get("nhsNumber").asText()).isEqualTo(nhs);
        assertThat(consolePost("/api/children/" + pseudonym + "/identity", "{}").status())
                .as("no reveal without a reason")
                .isEqualTo(400);

        String rows = Http.poll(() -> worklistRows(pseudonym), "1"::equals, ALERT_LIMIT);
        assertThat(rows).as("rows in mash_alerts for the child" + logs()).isEqualTo("1");
    }

    @Test
    @Order(2)
    void everyProbesAlertArrivesOnceWhileADetectionInstanceAndABrokerAreKilled() throws Exception {
        int probesPerSecond = 4;
        int seconds = 60;
        Map<String, Integer> alertsPerChild = new ConcurrentHashMap<>();
        Map<String, Long> firstSeen = new ConcurrentHashMap<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread mash = new Thread(() -> readAlerts(alertsPerChild, firstSeen, reading), "mash-reader");
        mash.start();
        awaitReaderAssigned(alertsPerChild);

        List<String> probes = new ArrayList<>();
        Map<String, Long> sentAt = new HashMap<>();
        long[] killedAt = new long[2];
        Map<String, Object> serdes = Map.of("schema.registry.url", compose.registryUrl());
        Map<String, Object> feed = new HashMap<>();
        compose.clientProperties("synthetic-feed").forEach((k, v) -> feed.put((String) k, v));
        List<String> warmUps;
        try (FeedPublisher publisher = new FeedPublisher(feed, serdes)) {
            warmUps = warmUp(publisher, firstSeen);
            for (int n = 0; n < probesPerSecond * seconds; n++) {
                if (n == probesPerSecond * 15) {
                    compose.kill(DETECTION_INSTANCE_KILLED);
                    killedAt[0] = System.nanoTime();
                }
                if (n == probesPerSecond * 30) {
                    compose.kill(BROKER_KILLED);
                    killedAt[1] = System.nanoTime();
                }
                for (Publication event : ProbeChild.events(n, Instant.now())) {
                    publisher.send(event);
                }
                String probe = pseudonymiser.pseudonymOf(ProbeChild.nhsNumber(n));
                probes.add(probe);
                sentAt.put(probe, System.nanoTime());
                Thread.sleep(1000 / probesPerSecond);
            }
            publisher.flush();
        }

        List<String> every = new ArrayList<>(warmUps);
        every.addAll(probes);
        long deadline = System.nanoTime() + ALERT_LIMIT.toNanos();
        while (!alertsPerChild.keySet().containsAll(every) && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
        }
        Thread.sleep(10_000); // a duplicate would come soon after its first copy
        reading.set(false);
        mash.join();

        List<String> lost =
                every.stream().filter(p -> !alertsPerChild.containsKey(p)).toList();
        Map<String, Integer> duplicated = new HashMap<>();
        alertsPerChild.forEach((child, n) -> {
            if (n != 1) {
                duplicated.put(child, n);
            }
        });
        // figures for docs/DEPLOYING.md, not assertions: how long alerts were held up by each loss
        System.out.printf(
                "compose failover: %d warm-up probes, then %d probes at %d/s; worst probe-to-alert time %,d ms before the"
                        + " kills, %,d ms in the 15 s after killing %s, %,d ms after killing %s; lost %d, duplicated %d%n",
                warmUps.size(),
                probes.size(),
                probesPerSecond,
                worstLatencyMs(sentAt, firstSeen, Long.MIN_VALUE, killedAt[0]),
                worstLatencyMs(sentAt, firstSeen, killedAt[0], killedAt[1]),
                DETECTION_INSTANCE_KILLED,
                worstLatencyMs(sentAt, firstSeen, killedAt[1], Long.MAX_VALUE),
                BROKER_KILLED,
                lost.size(),
                duplicated.size());
        assertThat(lost).as("probes whose alert was lost" + logs()).isEmpty();
        assertThat(duplicated).as("children with more than one alert").isEmpty();
        assertThat(alertsPerChild.keySet()).as("alerts only for the probes").containsExactlyInAnyOrderElementsOf(every);
    }

    /**
     * Probes one at a time until three in a row are answered within 2 s, so that the waits after each loss are
     * measured against a settled stack (its first minutes on two cores are start-up, not a fault); gives up waiting
     * for that after the start limit and goes on. Returns the warm-up probes, whose alerts count as the others do.
     */
    private static List<String> warmUp(FeedPublisher publisher, Map<String, Long> firstSeen)
            throws InterruptedException {
        List<String> warmUps = new ArrayList<>();
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        int prompt = 0;
        for (int n = 10_000; prompt < 3 && System.nanoTime() < deadline; n++) {
            String probe = pseudonymiser.pseudonymOf(ProbeChild.nhsNumber(n));
            warmUps.add(probe);
            long sent = System.nanoTime();
            ProbeChild.events(n, Instant.now()).forEach(publisher::send);
            publisher.flush();
            long answerBy = sent + Duration.ofSeconds(10).toNanos();
            while (!firstSeen.containsKey(probe) && System.nanoTime() < answerBy) {
                Thread.sleep(50);
            }
            Long seen = firstSeen.get(probe);
            prompt = seen != null && seen - sent < Duration.ofSeconds(2).toNanos() ? prompt + 1 : 0;
        }
        return warmUps;
    }

    /** Where every service's log is kept when the deployment is torn down (the temporary directory goes with it). */
    private static String logs() {
        return "\nevery service's log: " + LOGS.toAbsolutePath();
    }

    /** The longest a probe sent in [from, to) waited for its alert (unanswered probes aside). */
    private static long worstLatencyMs(Map<String, Long> sentAt, Map<String, Long> firstSeen, long from, long to) {
        return sentAt.entrySet().stream()
                .filter(e -> e.getValue() >= from && e.getValue() < to && firstSeen.containsKey(e.getKey()))
                .mapToLong(e -> (firstSeen.get(e.getKey()) - e.getValue()) / 1_000_000)
                .max()
                .orElse(-1);
    }

    private static Podman.Result publish(Path files, String principal, String type, String file) {
        return Podman.run(
                "run",
                "--rm",
                "--network",
                compose.network(),
                "-v",
                files + ":/drop:ro",
                "-v",
                compose.credentialsFile(principal) + ":/run/secrets/kafka-client:ro",
                "-v",
                compose.truststore() + ":/run/secrets/kafka-truststore:ro",
                Images.PUBLISH.image(),
                "--config",
                "/run/secrets/kafka-client",
                "--type",
                type,
                "--bootstrap-servers",
                COMPOSE_NETWORK_BOOTSTRAP,
                "--schema-registry-url",
                "http://registry:8080/apis/ccompat/v7",
                "--rejects",
                "/tmp/rejects.csv",
                "/drop/" + file);
    }

    private static void write(Path file, String... lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** The console's alerts for one child, as its API lists them now. */
    private static List<JsonNode> consoleAlertsOf(String pseudonym) {
        List<JsonNode> found = new ArrayList<>();
        Http.Response r = consoleGet("/api/alerts?size=100");
        if (r.status() == 200) {
            try {
                JSON.readTree(r.body()).get("items").forEach(a -> {
                    if (pseudonym.equals(a.get("childPseudonym").asText())) {
                        found.add(a);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found;
    }

    /** The rows of the worklist database's mash_alerts for one child, counted in PostgreSQL ("" if it cannot say). */
    private static String worklistRows(String pseudonym) {
        Podman.Result r = Podman.run(
                "exec",
                compose.container("postgres"),
                "psql",
                "-h",
                "/var/run/postgresql",
                "-U",
                "postgres",
                "-d",
                "worklist",
                "-tAc",
                "select count(*) from mash_alerts where child_pseudonym = '" + pseudonym + "'");
        return r.exit() == 0 ? r.output().strip() : "";
    }

    private static Http.Response consoleGet(String path) {
        return console(HttpRequest.newBuilder(URI.create(compose.consoleUrl() + path)));
    }

    private static Http.Response consolePost(String path, String json) {
        return console(HttpRequest.newBuilder(URI.create(compose.consoleUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A request as the deployment's first console user. */
    private static Http.Response console(HttpRequest.Builder request) {
        return Http.send(request.header("Authorization", "Bearer " + consoleToken));
    }

    /** Both detection instances in the group, each with partitions to work on. */
    private static void awaitDetectionInstances(int members) throws Exception {
        String group = DetectionApp.DEFAULT_APPLICATION_ID;
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        try (Admin admin = Admin.create(compose.clientProperties("admin"))) {
            while (System.nanoTime() < deadline) {
                try {
                    ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group))
                            .all()
                            .get()
                            .get(group);
                    if (d.members().size() == members
                            && d.groupState() == GroupState.STABLE
                            && d.members().stream()
                                    .allMatch(m ->
                                            !m.assignment().topicPartitions().isEmpty())) {
                        return;
                    }
                } catch (ExecutionException notYet) { // no broker answers yet, or the group is not formed
                }
                Thread.sleep(1_000);
            }
        }
        throw new AssertionError("the two detection instances did not both join within " + START_LIMIT + logs());
    }

    private static final String READER_READY = "";

    /** Marks the map with an empty key once the reader has its partitions, so no probe's alert comes before it. */
    private static void awaitReaderAssigned(Map<String, Integer> alertsPerChild) throws InterruptedException {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (!alertsPerChild.containsKey(READER_READY) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(alertsPerChild.remove(READER_READY))
                .as("the alert reader was assigned")
                .isNotNull();
    }

    /** A MASH reader of the alert topic from its end now on, reading only committed transactions. */
    private static void readAlerts(
            Map<String, Integer> alertsPerChild, Map<String, Long> firstSeen, AtomicBoolean reading) {
        Properties p;
        try {
            p = compose.clientProperties("console"); // the MASH's principal: reads alerts
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        var values = new SpecificAvroDeserializer<>(RiskAlert.class);
        values.configure(Map.of("schema.registry.url", compose.registryUrl()), false);
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
            // assigned, not subscribed: no group to rebalance when a broker goes, no committed offset to lose
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ALERTS.name()).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition()))
                    .toList();
            consumer.assign(partitions);
            // the end offsets now, before any probe: earlier alerts (the first test's) are not read
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            alertsPerChild.put(READER_READY, 0);
            while (reading.get()) {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                    alertsPerChild.merge(r.value().getChildPseudonym(), 1, Integer::sum);
                    firstSeen.putIfAbsent(r.value().getChildPseudonym(), System.nanoTime());
                });
            }
        }
    }
}
