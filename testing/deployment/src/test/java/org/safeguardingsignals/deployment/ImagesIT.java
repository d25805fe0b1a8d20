package org.safeguardingsignals.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguardingsignals.embedded.ApicurioRegistry;
import org.safeguardingsignals.embedded.EmbeddedKafka;
import org.safeguardingsignals.embedded.FreePorts;
import org.safeguardingsignals.runtime.access.AccessControlFile;
import org.safeguardingsignals.runtime.access.ClusterSetup;
import org.safeguardingsignals.topics.Topics;

/**
 * Each application image as an operator runs it: loaded from Jib's tarball into podman, started with its settings on
 * the command line and its secrets in the environment, against a real broker and registry (on this host; the
 * containers share its network). Each answers /health and /ready on its internal listener, runs as uid 10001, and
 * carries the project version; the Connect image holds our plugin and Debezium's JDBC sink; the publish image
 * publishes a sample file.
 */
class ImagesIT {
    private static final Duration START_LIMIT = Duration.ofMinutes(3);
    private static final String SECRET = "instance-secret-for-the-image-test";
    private static final String KEY = "pseudonym-key-for-the-image-test-of-32-bytes-or-more";
    /** Where each container finds its principal's Kafka client settings, and the trust store they name. */
    private static final String CLIENT_SETTINGS = "/etc/safeguarding/kafka-client.properties";

    private static final String TRUST_STORE = "/etc/safeguarding/kafka-truststore.p12";

    @TempDir
    static Path dir;

    private static EmbeddedKafka kafka;
    private static ApicurioRegistry registry;
    private static final List<String> containers = new ArrayList<>();

    @BeforeAll
    static void loadImagesAndStartBroker() throws Exception {
        Podman.requireInstalled();
        Images.loadAll();
        kafka = EmbeddedKafka.start();
        registry = ApicurioRegistry.shared();
        // the broker is secured as every test broker is: the administrator creates the topics and the access rules,
        // and each image signs in as its own principal
        try (Admin admin = kafka.admin()) {
            ClusterSetup.prepare(admin, 1, AccessControlFile.inRepository());
        }
        Files.copy(kafka.security().trustStore(), dir.resolve("truststore.p12"));
        Files.setPosixFilePermissions(dir.resolve("truststore.p12"), PosixFilePermissions.fromString("rw-r--r--"));
    }

    /**
     * A principal's client settings as a file a container can read (its user is 10001): the trust store at the path
     * {@link #credentialsMounts} gives it. Test credentials of a broker that lives as long as the test.
     */
    private static Path credentials(String principal) throws IOException {
        Properties p = new Properties();
        kafka.clientProperties(principal).forEach((k, v) -> p.setProperty(k, v.toString()));
        p.remove("bootstrap.servers");
        p.setProperty("ssl.truststore.location", TRUST_STORE);
        Path file = dir.resolve(principal + ".properties");
        try (var out = Files.newOutputStream(file)) {
            p.store(out, null);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }

    /** podman options that mount a principal's settings at {@link #CLIENT_SETTINGS}, with the trust store. */
    private static List<String> credentialsMounts(String principal) throws IOException {
        return List.of(
                "-v",
                credentials(principal) + ":" + CLIENT_SETTINGS + ":ro",
                "-v",
                dir.resolve("truststore.p12") + ":" + TRUST_STORE + ":ro");
    }

    @AfterAll
    static void removeContainers() {
        containers.forEach(c -> Podman.run("rm", "-f", "-t", "5", c));
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyImageIsTaggedWithTheProjectVersionAndRunsAsAnUnprivilegedUser() {
        for (Images image : Images.values()) {
            String user = Podman.ok("image", "inspect", "--format", "{{.Config.User}}", image.image());
            assertThat(user).as(image.image()).isEqualTo("10001:10001");
            String label = Podman.ok(
                    "image",
                    "inspect",
                    "--format",
                    "{{index .Labels \"org.opencontainers.image.version\"}}",
                    image.image());
            assertThat(label).as(image.image()).isEqualTo(Images.VERSION);
        }
    }

    @Test
    void theApplicationsStartAndAnswerHealthAndReadiness() throws IOException {
        int detection = FreePorts.next();
        String detectionName = start(
                Images.DETECTION,
                "detection",
                List.of(),
                "--set",
                "internal.port=" + detection,
                "--set",
                "state.dir=/var/lib/safeguarding/streams",
                "--set",
                "topics.create=false");
        assertThat(Http.awaitOk(url(detection, "/health"), START_LIMIT).status())
                .as("detection /health")
                .isEqualTo(200);
        assertThat(Http.awaitOk(url(detection, "/ready"), START_LIMIT).status())
                .as("detection /ready")
                .isEqualTo(200);
        assertThat(Podman.ok("exec", detectionName, "id", "-u")).isEqualTo("10001");

        int metrics = FreePorts.next();
        start(
                Images.METRICS,
                "metrics",
                List.of(),
                "--set",
                "internal.port=" + metrics,
                "--set",
                "state.dir=/var/lib/safeguarding/streams");

        Path users = dir.resolve("users.properties");
        Files.writeString(
                users,
                "user.tester.token-sha256=" + "0".repeat(64) + "\nuser.tester.authorities=E09000022\n"
                        + "user.tester.role=READ_ONLY\n");
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-r--r--"));
        int console = FreePorts.next();
        int consoleInternal = FreePorts.next();
        start(
                Images.CONSOLE,
                "console",
                List.of("-v", users + ":/etc/safeguarding/users.properties:ro"),
                "--set",
                "console.port=" + console,
                "--set",
                "internal.port=" + consoleInternal,
                "--set",
                "console.users.file=/etc/safeguarding/users.properties",
                "--set",
                "console.detection.url=http://127.0.0.1:" + detection);

        assertThat(Http.awaitOk(url(metrics, "/ready"), START_LIMIT).status())
                .as("metrics /ready")
                .isEqualTo(200);
        assertThat(Http.get(url(metrics, "/health")).status())
                .as("metrics /health")
                .isEqualTo(200);
        assertThat(Http.awaitOk(url(consoleInternal, "/ready"), START_LIMIT).status())
                .as("console /ready")
                .isEqualTo(200);
        assertThat(Http.get(url(consoleInternal, "/health")).status())
                .as("console /health")
                .isEqualTo(200);
        assertThat(Http.get(url(detection, "/metrics")).body()).contains("safeguarding_");
    }

    @Test
    void theConnectWorkerCarriesOurPluginAndDebeziumsJdbcSink() throws IOException {
        int rest = FreePorts.next();
        Path worker = dir.resolve("worker.properties");
        Files.writeString(
                worker,
                String.join(
                        "\n",
                        "bootstrap.servers=" + kafka.bootstrapServers(),
                        "config.providers=file",
                        "config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider",
                        securityFrom(CLIENT_SETTINGS),
                        "plugin.path=/opt/connect/plugins",
                        "plugin.discovery=service_load",
                        "key.converter=org.apache.kafka.connect.storage.StringConverter",
                        "value.converter=org.apache.kafka.connect.converters.ByteArrayConverter",
                        "offset.storage.file.filename=/var/lib/safeguarding/connect-offsets",
                        "listeners=http://127.0.0.1:" + rest,
                        ""));
        Files.setPosixFilePermissions(worker, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> connect = new ArrayList<>(List.of("run", "-d", "--network", "host"));
        connect.addAll(credentialsMounts("connect-worker"));
        connect.addAll(List.of(
                "-v",
                worker + ":/etc/safeguarding/connect/worker.properties:ro",
                Images.CONNECT.image(),
                "/etc/safeguarding/connect/worker.properties"));
        containers.add(Podman.ok(connect.toArray(String[]::new)));

        assertThat(Http.awaitOk(url(rest, "/health"), START_LIMIT).status())
                .as("Connect /health")
                .isEqualTo(200);
        assertThat(Http.get(url(rest, "/connector-plugins")).body())
                .contains("org.safeguardingsignals.connect.FileDropSourceConnector")
                .contains("io.debezium.connector.jdbc.JdbcSinkConnector");
    }

    @Test
    void thePublishCommandPublishesASampleFile() throws Exception {
        Path samples = Images.REPOSITORY.resolve("connectors/samples");
        String topic = Topics.REFERRALS.name();
        long rows = Files.readAllLines(samples.resolve("referral.csv")).size() - 1;
        long before = recordsIn(topic);

        List<String> publish = new ArrayList<>(List.of("run", "--rm", "--network", "host"));
        publish.addAll(credentialsMounts("agency-childrens-services"));
        publish.addAll(List.of("-v", samples + ":/samples:ro", Images.PUBLISH.image()));
        publish.addAll(List.of(
                "--config",
                CLIENT_SETTINGS,
                "--type",
                "referral",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--schema-registry-url",
                registry.confluentApiUrl(),
                "--rejects",
                "/tmp/referral.rejects.csv",
                "/samples/referral.csv"));
        Podman.Result run = Podman.run(publish.toArray(String[]::new));

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(recordsIn(topic) - before).as(run.output()).isEqualTo(rows);
    }

    /** Connect's worker settings reading the security keys from a mounted client file (Kafka's file provider). */
    private static String securityFrom(String file) {
        return String.join(
                "\n",
                Stream.of(
                                "security.protocol",
                                "sasl.mechanism",
                                "sasl.jaas.config",
                                "ssl.truststore.location",
                                "ssl.truststore.password",
                                "ssl.truststore.type")
                        .map(k -> k + "=${file:" + file + ":" + k + "}")
                        .toList());
    }

    /**
     * Starts an application image on the host's network, signed in as {@code principal}, with the settings every
     * application needs.
     */
    private static String start(Images image, String principal, List<String> podmanOptions, String... settings)
            throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "run",
                "-d",
                "--network",
                "host",
                "-e",
                "SAFEGUARDING_INSTANCE_SECRET=" + SECRET,
                "-e",
                "SAFEGUARDING_PSEUDONYM_KEY=" + KEY,
                "-e",
                "JAVA_TOOL_OPTIONS=-Xmx384m"));
        args.addAll(credentialsMounts(principal));
        args.addAll(podmanOptions);
        args.add(image.image());
        args.addAll(List.of("--config", CLIENT_SETTINGS));
        args.addAll(List.of(
                "--set", "bootstrap.servers=" + kafka.bootstrapServers(),
                "--set", "schema.registry.url=" + registry.confluentApiUrl(),
                "--set", "internal.host=127.0.0.1"));
        args.addAll(List.of(settings));
        String id = Podman.ok(args.toArray(String[]::new));
        containers.add(id);
        return id;
    }

    private static long recordsIn(String topic) throws Exception {
        try (Admin admin = kafka.admin()) {
            if (!admin.listTopics().names().get().contains(topic)) {
                return 0;
            }
            var partitions = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream()
                    .mapToLong(o -> o.offset())
                    .sum();
        }
    }

    private static String url(int port, String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
