package org.safeguardingsignals.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.safeguardingsignals.embedded.FreePorts;

/**
 * deploy/compose brought up as an operator would (make-secrets, then podman-compose up), under a project name of its
 * own, with its secrets in a directory of the test's and every host port a free one, so that it runs beside anything
 * else on the machine. Closing it takes the containers, network and named volumes down.
 */
final class ComposeProject implements AutoCloseable {
    static final Path DIRECTORY = Images.REPOSITORY.resolve("deploy/compose");
    /** Everything but Grafana, which is built nowhere here (its upstream image is pulled where it can be). */
    static final List<String> SERVICES = List.of(
            "kafka-1",
            "kafka-2",
            "kafka-3",
            "postgres",
            "registry",
            "detection-1",
            "detection-2",
            "metrics",
            "console",
            "connect",
            "prometheus");

    private static final Duration COMPOSE_LIMIT = Duration.ofMinutes(10);
    private static final List<String> HOST_PORTS = List.of(
            "KAFKA_1_HOST_PORT",
            "KAFKA_2_HOST_PORT",
            "KAFKA_3_HOST_PORT",
            "REGISTRY_HOST_PORT",
            "CONSOLE_HOST_PORT",
            "PROMETHEUS_HOST_PORT",
            "GRAFANA_HOST_PORT");

    private final String name;
    private final Path secrets;
    private final Map<String, String> environment = new HashMap<>();

    private ComposeProject(String name, Path secrets) {
        this.name = name;
        this.secrets = secrets;
    }

    /** Makes the deployment's secrets in {@code secrets} with deploy/compose/make-secrets and picks its ports. */
    static ComposeProject create(String name, Path secrets) {
        ComposeProject project = new ComposeProject(name, secrets);
        project.environment.put("SAFEGUARDING_SECRETS", secrets.toString());
        for (String variable : HOST_PORTS) {
            project.environment.put(variable, Integer.toString(FreePorts.next()));
        }
        Podman.run(COMPOSE_LIMIT, Map.of(), DIRECTORY, "--command", "./make-secrets", secrets.toString())
                .ok();
        return project;
    }

    /**
     * Brings the deployment up as docs/DEPLOYING.md says for podman-compose (which does not wait for the setup
     * service's completion as Docker Compose does): the brokers, database and registry; the setup service (SCRAM
     * credentials, topics, ACLs) to its end; then everything.
     */
    void up() {
        compose("up", "-d", "kafka-1", "kafka-2", "kafka-3", "postgres", "registry");
        compose("run", "--rm", "setup");
        List<String> args = new ArrayList<>(List.of("up", "-d"));
        args.addAll(SERVICES);
        compose(args.toArray(String[]::new));
    }

    private String compose(String... args) {
        List<String> command = new ArrayList<>(List.of("--command", "podman-compose", "-p", name));
        command.addAll(List.of(args));
        return Podman.run(COMPOSE_LIMIT, environment, DIRECTORY, command.toArray(String[]::new))
                .ok();
    }

    /**
     * A principal's client settings for this host (make-secrets' credentials file, with the host's path to the trust
     * store and the published broker ports).
     */
    Properties clientProperties(String principal) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(credentialsFile(principal))) {
            p.load(in);
        }
        p.setProperty("ssl.truststore.location", truststore().toString());
        p.setProperty("bootstrap.servers", bootstrapServers());
        return p;
    }

    Path truststore() {
        return secrets.resolve("kafka").resolve("truststore.p12");
    }

    Path credentialsFile(String principal) {
        return secrets.resolve("kafka-users").resolve(principal + ".properties");
    }

    /** The host port published for a variable such as KAFKA_1_HOST_PORT. */
    int port(String variable) {
        return Integer.parseInt(environment.get(variable));
    }

    String bootstrapServers() {
        return "localhost:" + port("KAFKA_1_HOST_PORT") + ",localhost:" + port("KAFKA_2_HOST_PORT") + ",localhost:"
                + port("KAFKA_3_HOST_PORT");
    }

    String registryUrl() {
        return "http://127.0.0.1:" + port("REGISTRY_HOST_PORT") + "/apis/ccompat/v7";
    }

    String consoleUrl() {
        return "http://127.0.0.1:" + port("CONSOLE_HOST_PORT");
    }

    Path secrets() {
        return secrets;
    }

    /** The network the services share, for a container started beside them (podman-compose's name for it). */
    String network() {
        return name + "_default";
    }

    String container(String service) {
        return name + "_" + service + "_1";
    }

    /**
     * SIGKILL: no shutdown hook, no commit, no leaving the group. Neither podman nor Docker restarts a container it
     * was told to kill, whatever its restart policy: it stays down.
     */
    void kill(String service) {
        Podman.ok("kill", "--signal", "KILL", container(service));
    }

    /** Every service's whole log, written to {@code dir}/SERVICE.log for whoever reads a failure. */
    void saveLogs(Path dir) {
        try {
            Files.createDirectories(dir);
            for (String service : SERVICES) {
                Files.writeString(
                        dir.resolve(service + ".log"),
                        Podman.run("logs", container(service)).output());
            }
        } catch (IOException e) {
            System.err.println("Could not keep the services' logs in " + dir + ": " + e);
        }
    }

    @Override
    public void close() {
        Podman.run(COMPOSE_LIMIT, environment, DIRECTORY, "--command", "podman-compose", "-p", name, "down", "-v");
        // podman-compose 1.0 leaves its network, and the named volumes of services it did not start
        Podman.run("network", "rm", "-f", network());
        Podman.run("volume", "prune", "-f", "--filter", "label=io.podman.compose.project=" + name);
    }
}
