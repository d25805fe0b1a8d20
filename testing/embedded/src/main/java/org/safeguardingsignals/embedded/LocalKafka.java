package org.safeguardingsignals.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real single-node KRaft broker for the local run, as Kafka's own scripts start one: storage formatted with
 * StorageTool, then kafka.Kafka in a child JVM. Its data stays in {@code dir} across runs (the cluster id and
 * controller port are kept there, since the controller's address is part of the stored voter set); its log goes to
 * a file at WARN. It is secured as {@link EmbeddedKafka} is ({@link BrokerSecurity}): the certificate authority, stores
 * and credentials are created at the first start and kept.
 */
public final class LocalKafka implements AutoCloseable {
    private final Process process;
    /** The write end of the child's standard input: held open while this JVM lives (see ParentWatch). */
    private final OutputStream lifeline;

    private final String bootstrapServers;
    private final String internalBootstrapServers;
    private final BrokerSecurity security;
    private final Set<String> registered = new HashSet<>();

    private LocalKafka(Process process, BrokerSecurity security, int clientPort, int internalPort) {
        this.process = process;
        this.lifeline = process.getOutputStream();
        this.security = security;
        this.bootstrapServers = "localhost:" + clientPort;
        this.internalBootstrapServers = "localhost:" + internalPort;
    }

    public static LocalKafka start(Path dir, Path logFile, Duration readyTimeout) {
        return start(dir, dir.resolve("security"), logFile, readyTimeout);
    }

    /** As above, with the certificate authority, stores and credentials kept in {@code securityDir}. */
    public static LocalKafka start(Path dir, Path securityDir, Path logFile, Duration readyTimeout) {
        try {
            Files.createDirectories(dir);
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            Path identity = dir.resolve("local-cluster.properties");
            Properties id = new Properties();
            if (Files.exists(identity)) {
                try (InputStream in = Files.newInputStream(identity)) {
                    id.load(in);
                }
            } else {
                id.setProperty("cluster.id", randomClusterId());
                id.setProperty("controller.port", Integer.toString(FreePorts.next()));
                try (OutputStream out = Files.newOutputStream(identity)) {
                    id.store(out, "Kept so that the broker restarts on its own data");
                }
            }
            int controllerPort = Integer.parseInt(id.getProperty("controller.port"));
            int brokerPort = FreePorts.next();
            int internalPort = FreePorts.next();
            BrokerSecurity security = BrokerSecurity.in(securityDir);
            Path config = writeServerProperties(
                    dir, security.serverProperties(brokerPort, internalPort, controllerPort), controllerPort);
            Path log4j = writeLog4j(dir, logFile);
            if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
                run(
                        List.of(
                                "kafka.tools.StorageTool",
                                "format",
                                "--standalone",
                                "-t",
                                id.getProperty("cluster.id"),
                                "-c",
                                config.toString()),
                        log4j,
                        logFile,
                        Duration.ofSeconds(60));
            }
            List<String> command = ChildProcesses.watched(
                    jvmOptions(log4j),
                    System.getProperty("java.class.path"),
                    "kafka.Kafka",
                    List.of(config.toString()));
            Process process = new ProcessBuilder(ChildProcesses.detached(command))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            LocalKafka kafka = new LocalKafka(process, security, brokerPort, internalPort);
            kafka.awaitReady(readyTimeout, logFile);
            kafka.register(List.of(BrokerSecurity.ADMIN));
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the local Kafka broker in " + dir, e);
        }
    }

    /** The SASL_SSL listener's address: a client needs {@link #clientProperties} besides it. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The certificate authority, stores and credentials files of this broker. */
    public BrokerSecurity security() {
        return security;
    }

    /** Client settings for {@code principal}, whose SCRAM credential the broker gets on first use. */
    public Map<String, Object> clientProperties(String principal) {
        register(List.of(principal));
        return new HashMap<>(security.clientProperties(bootstrapServers, principal));
    }

    /** Gives the broker these principals' SCRAM credentials (from their credentials files, made on first use). */
    public synchronized void register(Collection<String> principals) {
        List<String> fresh =
                principals.stream().filter(p -> !registered.contains(p)).toList();
        if (fresh.isEmpty()) {
            return;
        }
        try (Admin admin = Admin.create(new HashMap<>(security.brokerIdentity(internalBootstrapServers)))) {
            security.register(admin, bootstrapServers, fresh, Duration.ofSeconds(60));
        }
        registered.addAll(fresh);
    }

    /** The broker's process id. */
    public long pid() {
        return process.pid();
    }

    private void awaitReady(Duration timeout, Path logFile) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties p = new Properties();
        p.putAll(security.brokerIdentity(internalBootstrapServers));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        try (Admin admin = Admin.create(p)) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka broker exited with code " + process.exitValue()
                            + "; last lines of " + logFile + ":\n" + ApicurioRegistry.tail(logFile, 20));
                }
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    sleep(200);
                }
            }
        }
        close();
        throw new IllegalStateException("Kafka broker not ready after " + timeout.toSeconds() + " s; see " + logFile);
    }

    private static Path writeServerProperties(Path dir, Map<String, String> security, int controllerPort)
            throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.bootstrap.servers", "localhost:" + controllerPort);
        p.putAll(security);
        p.setProperty("log.dirs", dir.resolve("data").toAbsolutePath().toString());
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "4");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("log.cleaner.dedupe.buffer.size", "2097152");
        p.setProperty("num.partitions", "4");
        Path file = OwnerOnly.create(dir.resolve("server.properties")); // it holds the key store's password
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, "Written at each start of the local run (the broker port may change)");
        }
        return file;
    }

    static Path writeLog4j(Path dir, Path logFile) throws IOException {
        Path file = dir.resolve("log4j2.xml");
        Files.writeString(file, """
                <?xml version="1.0" encoding="UTF-8"?>
                <Configuration status="WARN">
                  <Appenders><File name="file" fileName="%s" append="true">
                    <PatternLayout pattern="%%d{ISO8601} %%-5level %%c{1.} - %%msg%%n"/></File></Appenders>
                  <Loggers><Root level="WARN"><AppenderRef ref="file"/></Root></Loggers>
                </Configuration>
                """.formatted(logFile.toAbsolutePath()));
        return file;
    }

    static void run(List<String> mainAndArgs, Path log4j, Path logFile, Duration timeout) throws IOException {
        List<String> command = javaCommand(
                log4j,
                mainAndArgs.get(0),
                mainAndArgs.subList(1, mainAndArgs.size()).toArray(String[]::new));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        try {
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(
                        mainAndArgs.get(0) + " failed; see " + logFile + ":\n" + ApicurioRegistry.tail(logFile, 20));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> javaCommand(Path log4j, String mainClass, String... args) {
        List<String> command = new ArrayList<>(jvmOptions(log4j));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return command;
    }

    static List<String> jvmOptions(Path log4j) {
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m",
                "-Xmx768m",
                "-XX:+UseG1GC",
                "-Dlog4j2.configurationFile=" + log4j.toAbsolutePath());
    }

    /**
     * Kafka's own random id: base64url, and never starting with '-', which the storage tool would read as an option
     * (one id in 64 did, and the format failed).
     */
    static String randomClusterId() {
        return org.apache.kafka.common.Uuid.randomUuid().toString();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: the broker shuts down cleanly
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
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
