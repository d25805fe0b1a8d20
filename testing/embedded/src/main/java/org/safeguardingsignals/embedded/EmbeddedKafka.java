package org.safeguardingsignals.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node KRaft Kafka cluster (broker and controller in one), in this JVM, from Kafka's own jars, secured
 * as a deployment is (see {@link BrokerSecurity}): TLS on every listener, SASL_SSL with SCRAM-SHA-512 for clients,
 * StandardAuthorizer denying whatever no ACL allows. Tests connect as a named principal ({@link #clientProperties})
 * or as the administrator ({@link #adminProperties}, {@link #admin}). It picks free ports and deletes its directories
 * on close. For integration tests and benchmarks.
 */
public final class EmbeddedKafka implements SecuredKafka {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final Path dir;
    private final BrokerSecurity security;
    private final String bootstrapServers;
    private final String internalBootstrapServers;
    private final Set<String> registered = new HashSet<>();

    private EmbeddedKafka(KafkaRaftServer server, Path dir, BrokerSecurity security, int clientPort, int internalPort) {
        this.server = server;
        this.dir = dir;
        this.security = security;
        this.bootstrapServers = "localhost:" + clientPort;
        this.internalBootstrapServers = "localhost:" + internalPort;
    }

    public static EmbeddedKafka start() {
        return start(Map.of());
    }

    /** Starts a cluster with replication factor 1 everywhere (one broker) plus any extra broker properties. */
    public static EmbeddedKafka start(Map<String, String> brokerProperties) {
        Path dir = null;
        KafkaRaftServer server = null;
        try {
            dir = Files.createTempDirectory("embedded-kafka");
            BrokerSecurity security = BrokerSecurity.in(dir.resolve("security"));
            int clientPort = FreePorts.next();
            int internalPort = FreePorts.next();
            int controllerPort = FreePorts.next();
            Path logs = dir.resolve("data");
            Properties p = new Properties();
            p.put("process.roles", "broker,controller");
            p.put("node.id", "1");
            p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
            p.put("log.dirs", logs.toString());
            p.putAll(security.serverProperties(clientPort, internalPort, controllerPort));
            p.putAll(SINGLE_BROKER);
            p.putAll(brokerProperties);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .addDirectory(logs.toString())
                    .setMetadataLogDirectory(logs.toString())
                    .setControllerListenerName(BrokerSecurity.CONTROLLER)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
            server = new KafkaRaftServer(KafkaConfig.fromProps(p), Time.SYSTEM);
            server.startup();
            EmbeddedKafka kafka = new EmbeddedKafka(server, dir, security, clientPort, internalPort);
            kafka.awaitReady();
            kafka.register(BrokerSecurity.ADMIN);
            return kafka;
        } catch (Exception e) {
            if (server != null) { // started but never ready: stop it, so that no broker is left in this JVM
                server.shutdown();
                server.awaitShutdown();
            }
            if (dir != null) {
                deleteQuietly(dir);
            }
            throw new IllegalStateException("Could not start the embedded Kafka broker: " + e.getMessage(), e);
        }
    }

    /** Replication factor 1 everywhere: without these a one-broker cluster cannot create its internal topics. */
    static final Map<String, String> SINGLE_BROKER = Map.ofEntries(
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("offsets.topic.num.partitions", "4"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("transaction.state.log.num.partitions", "4"),
            Map.entry("share.coordinator.state.topic.replication.factor", "1"),
            Map.entry("share.coordinator.state.topic.min.isr", "1"),
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            Map.entry("log.cleaner.dedupe.buffer.size", "2097152"));

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(new HashMap<>(security.brokerIdentity(internalBootstrapServers)))) {
            while (true) {
                try {
                    if (!admin.describeCluster()
                            .nodes()
                            .get(5, TimeUnit.SECONDS)
                            .isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("broker not ready in " + READY_TIMEOUT, e);
                    }
                }
                Thread.sleep(100);
            }
        }
    }

    /** Gives the broker the principal's SCRAM credential, once. */
    private synchronized void register(String principal) {
        if (registered.contains(principal)) {
            return;
        }
        try (Admin admin = Admin.create(new HashMap<>(security.brokerIdentity(internalBootstrapServers)))) {
            security.register(admin, bootstrapServers, List.of(principal), READY_TIMEOUT);
        }
        registered.add(principal);
    }

    /**
     * Client settings (bootstrap address, SASL_SSL, SCRAM-SHA-512, trust store) for {@code principal}, whose
     * credential the broker gets on first use. What the principal may do is up to the ACLs applied.
     */
    @Override
    public Map<String, Object> clientProperties(String principal) {
        register(principal);
        return new HashMap<>(security.clientProperties(bootstrapServers, principal));
    }

    /** Client settings of the administrator (a super user): for test set-up and reading results, never for an app. */
    @Override
    public Map<String, Object> adminProperties() {
        return clientProperties(BrokerSecurity.ADMIN);
    }

    /** The security material (trust store, credentials files, certificate authority). */
    @Override
    public BrokerSecurity security() {
        return security;
    }

    /** The SASL_SSL listener's address: a client needs {@link #clientProperties} besides it. */
    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** One broker: one copy of everything. */
    @Override
    public short replicationFactor() {
        return 1;
    }

    /**
     * Reads a topic from the beginning as a read_committed consumer until {@code atLeast} records have arrived and
     * nothing more comes for a second, or the timeout passes; returns what arrived (for tests to assert on).
     */
    public <V> List<ConsumerRecord<String, V>> readAll(
            String topic, Deserializer<V> values, int atLeast, Duration timeout) {
        Properties p = new Properties();
        p.putAll(adminProperties());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "read-all-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            long quietSince = System.nanoTime();
            while (System.nanoTime() < deadline) {
                var batch = consumer.poll(Duration.ofMillis(200));
                batch.forEach(out::add);
                if (!batch.isEmpty()) {
                    quietSince = System.nanoTime();
                } else if (out.size() >= atLeast && System.nanoTime() - quietSince > 1_000_000_000L) {
                    break;
                }
            }
        }
        return out;
    }

    /** An admin client as the administrator (super user). */
    @Override
    public Admin admin() {
        return Admin.create(adminProperties());
    }

    @Override
    public void close() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing a test for
        }
    }
}
