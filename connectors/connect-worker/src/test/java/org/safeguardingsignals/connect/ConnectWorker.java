package org.safeguardingsignals.connect;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.safeguardingsignals.embedded.FreePorts;

/**
 * A real Kafka Connect standalone worker (ConnectStandalone) in a child JVM, with the Connect runtime alone on its
 * class path and the plugins loaded from plugin.path: our plugin directory from the connectors module and Debezium's
 * JDBC sink. Offsets are kept in a file, so a stopped worker restarted on the same directory resumes.
 */
final class ConnectWorker implements AutoCloseable {
    static final Path OUR_PLUGINS =
            Path.of("../connect/target/connect-plugins").toAbsolutePath().normalize();
    static final Path DEBEZIUM_PLUGINS = Path.of("target/connect-plugins").toAbsolutePath();
    /** The worker and connector configurations as shipped. */
    static final Path SHIPPED = Path.of("../../deploy/connect").toAbsolutePath().normalize();

    private final Path dir;
    private final Map<String, ?> client;
    private final List<Map<String, String>> connectors;
    private Process process;
    private int restPort;
    private final HttpClient http = HttpClient.newHttpClient();

    /**
     * @param client the bootstrap address and security settings the worker and its connectors' producers and
     *     consumers connect with (Kafka's keys, given to the worker as is and with producer. and consumer. prefixes)
     */
    ConnectWorker(Path dir, Map<String, ?> client, List<Map<String, String>> connectors) {
        this.dir = dir;
        this.client = client;
        this.connectors = connectors;
    }

    /** Starts the worker and waits until every connector and its task is RUNNING. */
    ConnectWorker start() throws IOException, InterruptedException {
        if (!Files.isDirectory(OUR_PLUGINS.resolve("safeguarding-signals"))) {
            throw new IllegalStateException("no plugin in " + OUR_PLUGINS + ": build the connectors module first "
                    + "(mvn install, or verify from the top)");
        }
        restPort = FreePorts.next();
        Properties worker = new Properties();
        client.forEach((key, value) -> {
            worker.setProperty(key, value.toString());
            if (!key.equals("bootstrap.servers")) {
                worker.setProperty("producer." + key, value.toString());
                worker.setProperty("consumer." + key, value.toString());
            }
        });
        worker.setProperty("plugin.path", OUR_PLUGINS + "," + DEBEZIUM_PLUGINS);
        worker.setProperty("plugin.discovery", "service_load");
        worker.setProperty("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        worker.setProperty("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        worker.setProperty(
                "offset.storage.file.filename", dir.resolve("offsets").toString());
        worker.setProperty("offset.flush.interval.ms", "1000");
        worker.setProperty("listeners", "http://127.0.0.1:" + restPort);
        worker.setProperty("connector.client.config.override.policy", "All");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m",
                "-Dlog4j2.configurationFile=" + SHIPPED.resolve("log4j2-connect.xml"),
                "-cp",
                Files.readString(Path.of("target/worker.classpath")).strip(),
                "org.apache.kafka.connect.cli.ConnectStandalone",
                write("worker.properties", worker).toString()));
        for (Map<String, String> c : connectors) {
            Properties p = new Properties();
            p.putAll(c);
            command.add(write(c.get("name") + ".properties", p).toString());
        }
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                .start();
        awaitRunning(Duration.ofSeconds(90));
        return this;
    }

    Path log() {
        return dir.resolve("worker.log");
    }

    private Path write(String name, Properties p) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, null);
        }
        return file;
    }

    private void awaitRunning(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the Connect worker exited with " + process.exitValue() + ":\n" + tail());
            }
            if (connectors.stream().allMatch(c -> running(c.get("name")))) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("connectors not RUNNING after " + timeout + ":\n" + tail());
    }

    /** The connector and all its tasks report RUNNING; a FAILED one fails the test at once with its trace. */
    private boolean running(String name) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + restPort + "/connectors/" + name + "/status"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return false;
            }
            if (r.body().contains("\"FAILED\"")) {
                throw new IllegalStateException("connector " + name + " FAILED: " + r.body());
            }
            return r.body().contains("\"tasks\":[{")
                    && !r.body().replace("\"state\":\"RUNNING\"", "").contains("\"state\":");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String tail() throws IOException {
        if (!Files.exists(log())) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log());
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** SIGTERM, as an operator stops a worker: it stops its tasks and flushes their offsets. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** SIGKILL, as when the machine dies: no task stop, no offset flush. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
