package org.safeguardingsignals.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

/**
 * A real KRaft cluster of {@code n} nodes (each broker and controller, a static quorum of all n), each in its own child
 * JVM as Kafka's scripts start one, secured as {@link EmbeddedKafka} is ({@link BrokerSecurity}). With three nodes it
 * is configured as a deployment is (docs/DEPLOYING.md): replication 3, {@code min.insync.replicas} 2, unclean leader
 * election off, for the internal topics too. A node can be killed (SIGKILL), stopped cleanly and started again on its
 * own data and ports, so that faults can be measured (RELIABILITY.md). Each node logs at WARN to its own file.
 */
public final class KafkaCluster implements SecuredKafka {
    private final Path dir;
    private final BrokerSecurity security;
    private final List<NodeSpec> nodes;
    private final Map<Integer, Process> processes = new LinkedHashMap<>();
    private final List<OutputStream> lifelines = new ArrayList<>();

    /** One node's ports and files; the ports stay its own across restarts. */
    record NodeSpec(int id, int clientPort, int internalPort, int controllerPort, Path config, Path log) {
        String clientAddress() {
            return "localhost:" + clientPort;
        }

        String internalAddress() {
            return "localhost:" + internalPort;
        }
    }

    private KafkaCluster(Path dir, BrokerSecurity security, List<NodeSpec> nodes) {
        this.dir = dir;
        this.security = security;
        this.nodes = nodes;
    }

    /** Formats and starts {@code n} nodes in {@code dir} and waits until every one is a registered broker. */
    public static KafkaCluster start(Path dir, int n, Duration readyTimeout) {
        return start(dir, n, Map.of(), readyTimeout);
    }

    /** As above, with these broker settings over the cluster's own (for experiments with a setting). */
    public static KafkaCluster start(Path dir, int n, Map<String, String> brokerProperties, Duration readyTimeout) {
        try {
            Files.createDirectories(dir);
            BrokerSecurity security = BrokerSecurity.in(dir.resolve("security"));
            List<int[]> ports = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ports.add(new int[] {FreePorts.next(), FreePorts.next(), FreePorts.next()});
            }
            String voters = java.util.stream.IntStream.range(0, n)
                    .mapToObj(i -> (i + 1) + "@localhost:" + ports.get(i)[2])
                    .collect(Collectors.joining(","));
            String clusterId = LocalKafka.randomClusterId();
            List<NodeSpec> specs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int id = i + 1;
                Path nodeDir = dir.resolve("node-" + id);
                Files.createDirectories(nodeDir);
                int[] p = ports.get(i);
                Map<String, String> own = new LinkedHashMap<>(security.serverProperties(p[0], p[1], p[2]));
                own.putAll(brokerProperties);
                Path config = writeConfig(nodeDir, id, n, voters, own);
                Path log = dir.resolve("node-" + id + ".log");
                LocalKafka.run(
                        List.of("kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString()),
                        LocalKafka.writeLog4j(nodeDir, log),
                        log,
                        Duration.ofSeconds(60));
                specs.add(new NodeSpec(id, p[0], p[1], p[2], config, log));
            }
            KafkaCluster cluster = new KafkaCluster(dir, security, specs);
            specs.forEach(s -> cluster.launch(s));
            cluster.awaitBrokers(specs.stream().map(NodeSpec::id).toList(), readyTimeout);
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start a Kafka cluster in " + dir, e);
        }
    }

    private static Path writeConfig(Path nodeDir, int id, int n, String voters, Map<String, String> security)
            throws IOException {
        int replicas = Math.min(3, n);
        String minIsr = Integer.toString(Math.max(1, replicas - 1));
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(id));
        p.setProperty("controller.quorum.voters", voters);
        p.setProperty("log.dirs", nodeDir.resolve("data").toAbsolutePath().toString());
        p.setProperty("default.replication.factor", Integer.toString(replicas));
        p.setProperty("min.insync.replicas", minIsr);
        p.setProperty("unclean.leader.election.enable", "false");
        // as deployed: a transaction's first write waits on the broker for the last one's markers instead of failing
        // back to the client after 100 ms (RELIABILITY.md, "Broker loss")
        p.setProperty("add.partitions.to.txn.retry.backoff.max.ms", "5000");
        p.setProperty("offsets.topic.replication.factor", Integer.toString(replicas));
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.replication.factor", Integer.toString(replicas));
        p.setProperty("transaction.state.log.min.isr", minIsr);
        p.setProperty("transaction.state.log.num.partitions", "4");
        p.setProperty("share.coordinator.state.topic.replication.factor", Integer.toString(replicas));
        p.setProperty("share.coordinator.state.topic.min.isr", minIsr);
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("log.cleaner.dedupe.buffer.size", "2097152");
        p.setProperty("num.partitions", "4");
        p.putAll(security); // and any settings given over the cluster's own
        Path file = OwnerOnly.create(nodeDir.resolve("server.properties")); // it holds the key store's password
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, "Node " + id + " of " + n);
        }
        return file;
    }

    private void launch(NodeSpec node) {
        try {
            List<String> command = ChildProcesses.watched(
                    LocalKafka.jvmOptions(node.config().getParent().resolve("log4j2.xml")),
                    System.getProperty("java.class.path"),
                    "kafka.Kafka",
                    List.of(node.config().toString()));
            Process process = new ProcessBuilder(ChildProcesses.detached(command))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(node.log().toFile()))
                    .start();
            lifelines.add(process.getOutputStream()); // held open: the node stops when this JVM dies
            processes.put(node.id(), process);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start Kafka node " + node.id(), e);
        }
    }

    /** The node ids, 1 to n. */
    public List<Integer> nodeIds() {
        return nodes.stream().map(NodeSpec::id).toList();
    }

    /** Every node's SASL_SSL address: clients find the live ones. */
    @Override
    public String bootstrapServers() {
        return nodes.stream().map(NodeSpec::clientAddress).collect(Collectors.joining(","));
    }

    @Override
    public BrokerSecurity security() {
        return security;
    }

    /** Client settings for {@code principal}, whose SCRAM credential the cluster gets on first use. */
    @Override
    public Map<String, Object> clientProperties(String principal) {
        register(List.of(principal));
        return new HashMap<>(security.clientProperties(bootstrapServers(), principal));
    }

    /** Client settings of the administrator (a super user): for set-up and reading results, never for an app. */
    @Override
    public Map<String, Object> adminProperties() {
        return clientProperties(BrokerSecurity.ADMIN);
    }

    @Override
    public Admin admin() {
        return Admin.create(adminProperties());
    }

    private final java.util.Set<String> principals = new java.util.HashSet<>();

    /** Gives the cluster these principals' credentials and waits until each can sign in on every live node. */
    public synchronized void register(Collection<String> wanted) {
        List<String> fresh =
                wanted.stream().filter(p -> !principals.contains(p)).toList();
        if (fresh.isEmpty()) {
            return;
        }
        try (Admin admin = brokerAdmin()) {
            for (NodeSpec node : nodes) {
                if (isAlive(node.id())) { // the credential reaches each node with the metadata: wait for each
                    security.register(admin, node.clientAddress(), fresh, Duration.ofSeconds(60));
                }
            }
        }
        principals.addAll(fresh);
    }

    private Admin brokerAdmin() {
        Properties p = new Properties();
        p.putAll(security.brokerIdentity(nodes.stream()
                .filter(n -> isAlive(n.id()))
                .map(NodeSpec::internalAddress)
                .collect(Collectors.joining(","))));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        return Admin.create(p);
    }

    /** Three copies, or n when fewer nodes. */
    @Override
    public short replicationFactor() {
        return (short) Math.min(3, nodes.size());
    }

    /** The node that leads this partition now, or -1 when none does. */
    public int leaderOf(TopicPartition partition) {
        try (Admin admin = admin()) {
            Node leader = admin.describeTopics(List.of(partition.topic()))
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .get(partition.topic())
                    .partitions()
                    .get(partition.partition())
                    .leader();
            return leader == null || leader.isEmpty() ? -1 : leader.id();
        } catch (Exception e) {
            throw new IllegalStateException("Could not describe " + partition, e);
        }
    }

    public boolean isAlive(int id) {
        Process p = processes.get(id);
        return p != null && p.isAlive();
    }

    public long pid(int id) {
        return processes.get(id).pid();
    }

    /** SIGKILL: no controlled shutdown, no leadership handed over, the page cache's unflushed writes kept by the OS. */
    public void kill(int id) {
        Process p = processes.get(id);
        p.destroyForcibly();
        waitFor(p);
    }

    /** SIGTERM: a controlled shutdown that hands leadership to the other nodes first. */
    public void stop(int id) {
        ChildProcesses.stop(processes.get(id), Duration.ofSeconds(60));
    }

    /** Starts a stopped or killed node again on its own data and ports, and waits until it is a broker again. */
    public void restart(int id, Duration readyTimeout) {
        if (isAlive(id)) {
            throw new IllegalStateException("node " + id + " is running");
        }
        launch(nodes.get(id - 1));
        awaitBrokers(List.of(id), readyTimeout);
    }

    /** The log file of a node (WARN and above). */
    public Path log(int id) {
        return nodes.get(id - 1).log();
    }

    private void awaitBrokers(List<Integer> ids, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (int id : ids) {
                if (!isAlive(id)) {
                    NodeSpec n = nodes.get(id - 1);
                    throw new IllegalStateException("Kafka node " + id + " exited; last lines of " + n.log() + ":\n"
                            + ApicurioRegistry.tail(n.log(), 20));
                }
            }
            try (Admin admin = brokerAdmin()) {
                List<Integer> up = admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).stream()
                        .map(Node::id)
                        .toList();
                if (up.containsAll(ids)) {
                    return;
                }
            } catch (Exception notYet) {
                // a node still starting refuses connections
            }
            sleep(250);
        }
        throw new IllegalStateException(
                "Kafka nodes " + ids + " not ready after " + timeout.toSeconds() + " s; logs in " + dir);
    }

    @Override
    public void close() {
        // a cluster for measurement only, its data thrown away: a controlled shutdown of the last nodes would wait for
        // a quorum that has already gone
        processes.values().forEach(p -> {
            p.destroyForcibly();
            waitFor(p);
        });
        for (OutputStream o : lifelines) {
            try {
                o.close();
            } catch (IOException ignored) {
                // the child is gone
            }
        }
    }

    private static void waitFor(Process p) {
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
