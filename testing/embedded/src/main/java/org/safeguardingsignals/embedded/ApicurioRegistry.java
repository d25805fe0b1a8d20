package org.safeguardingsignals.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apicurio Registry (the Maven Central bundle, unpacked by the build) running as a child JVM on loopback,
 * with in-memory storage and its Confluent-compatible API at {@link #confluentApiUrl()}. Compatibility is set to
 * BACKWARD at start (Apicurio's default is NONE). Its log goes to a file, not to the terminal.
 */
public final class ApicurioRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistry.class);
    private static final int MIN_JAVA = 21;
    private static ApicurioRegistry shared;

    private final Process process;
    /** The write end of the child's standard input: held open while this JVM lives (see ParentWatch). */
    private final OutputStream lifeline;

    private final int httpPort;
    private final Path logFile;
    private final ServerTls tls;
    private final HttpClient http;

    private ApicurioRegistry(Process process, int httpPort, Path logFile, ServerTls tls) {
        this.process = process;
        this.lifeline = process.getOutputStream();
        this.httpPort = httpPort;
        this.logFile = logFile;
        this.tls = tls;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if (tls != null) {
            builder.sslContext(tls.clientContext());
        }
        this.http = builder.build();
    }

    /**
     * The registry's certificate (a PKCS12 key store) and the trust store its clients check it with; one password
     * opens both. With it the registry answers HTTPS only.
     */
    public record ServerTls(Path keyStore, Path trustStore, String password) {
        SSLContext clientContext() {
            return TrustStores.clientContext(trustStore, password);
        }

        @Override
        public String toString() {
            return "ServerTls[keyStore=" + keyStore + ", trustStore=" + trustStore + "]"; // never the password
        }
    }

    /**
     * One registry for this JVM, started on first use and stopped when the JVM exits: integration tests share it
     * so that a suite pays the start-up once.
     */
    public static synchronized ApicurioRegistry shared() {
        if (shared == null || !shared.process.isAlive()) {
            try {
                Path dir = Files.createTempDirectory("apicurio-");
                shared = start(dir.resolve("apicurio.log"), Duration.ofSeconds(180));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "apicurio-stop"));
        }
        return shared;
    }

    /** Starts a registry with in-memory storage (empty at every start). */
    public static ApicurioRegistry start(Path logFile, Duration readyTimeout) {
        return start(logFile, readyTimeout, null);
    }

    /**
     * Starts a registry, waits until its Confluent API answers, and sets BACKWARD compatibility. With a
     * {@code storageDir} its schemas are kept in an H2 file there, so that schema ids in existing topics still
     * resolve after a restart; without, storage is in memory.
     */
    public static ApicurioRegistry start(Path logFile, Duration readyTimeout, Path storageDir) {
        return start(logFile, readyTimeout, storageDir, null);
    }

    /** As above; with {@code tls} the registry answers HTTPS only, with that certificate. */
    public static ApicurioRegistry start(Path logFile, Duration readyTimeout, Path storageDir, ServerTls tls) {
        Path home = home();
        Path java = JavaRuntimes.find(MIN_JAVA, "apicurio.java.home", "APICURIO_JAVA_HOME")
                .map(JavaRuntimes::javaExecutable)
                .orElseThrow(() -> new IllegalStateException("Apicurio Registry " + version() + " needs Java "
                        + MIN_JAVA + " or newer and none was found (looked at -Dapicurio.java.home, "
                        + "APICURIO_JAVA_HOME, this JVM, JAVA_HOME and /usr/lib/jvm). Install a JDK 21+ and set "
                        + "APICURIO_JAVA_HOME to its home."));
        int httpPort = FreePorts.next();
        int managementPort = FreePorts.next();
        List<String> options = new ArrayList<>(List.of(
                java.toString(),
                "-Xmx512m",
                "-XX:+UseSerialGC",
                // quarkus-run.jar's manifest asks for this, but a manifest's Add-Opens count only with -jar: without
                // it, on Java 24+, worker threads die with IllegalAccessError
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + httpPort,
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort,
                "-Dquarkus.log.level=WARN",
                "-Dquarkus.log.category.\"io.quarkus\".level=INFO"));
        if (storageDir != null) {
            options.add("-Dapicurio.datasource.url=jdbc:h2:file:"
                    + storageDir.toAbsolutePath().resolve("registry") + ";DB_CLOSE_ON_EXIT=FALSE");
        }
        // quarkus-run.jar on the class path rather than -jar, so that ParentWatch can stop it with this JVM
        List<String> command = ChildProcesses.watched(
                options,
                home.resolve("quarkus-run.jar").toString(),
                "io.quarkus.bootstrap.runner.QuarkusEntryPoint",
                List.of());
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(ChildProcesses.detached(command))
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            if (tls != null) {
                // through the environment, so that the password is not on a command line others can list
                Map<String, String> env = builder.environment();
                env.put("QUARKUS_HTTP_SSL_PORT", Integer.toString(httpPort));
                env.put("QUARKUS_HTTP_INSECURE_REQUESTS", "disabled");
                env.put(
                        "QUARKUS_HTTP_SSL_CERTIFICATE_KEY_STORE_FILE",
                        tls.keyStore().toAbsolutePath().toString());
                env.put("QUARKUS_HTTP_SSL_CERTIFICATE_KEY_STORE_FILE_TYPE", "PKCS12");
                env.put("QUARKUS_HTTP_SSL_CERTIFICATE_KEY_STORE_PASSWORD", tls.password());
            }
            Process process = builder.start();
            ApicurioRegistry registry = new ApicurioRegistry(process, httpPort, logFile, tls);
            registry.awaitReady(readyTimeout);
            registry.put("/config", "{\"compatibility\":\"BACKWARD\"}");
            LOG.info("Apicurio Registry {} ready at {} (log: {})", version(), registry.confluentApiUrl(), logFile);
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start Apicurio Registry from " + home, e);
        }
    }

    /** The Confluent-compatible API, the value for schema.registry.url. */
    public String confluentApiUrl() {
        return (tls == null ? "http://127.0.0.1:" : "https://localhost:") + httpPort + "/apis/ccompat/v7";
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The registry's process id. */
    public long pid() {
        return process.pid();
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Apicurio Registry exited with code " + process.exitValue()
                        + " before it was ready; last lines of " + logFile + ":\n" + tail(logFile, 20));
            }
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(confluentApiUrl() + "/config"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("Interrupted waiting for Apicurio Registry", e);
            }
            sleep(250);
        }
        close();
        throw new IllegalStateException("Apicurio Registry not ready after " + timeout.toSeconds() + " s; last lines"
                + " of " + logFile + ":\n" + tail(logFile, 20));
    }

    private void put(String path, String json) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(confluentApiUrl() + path))
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString(json))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(
                        "Apicurio Registry refused PUT " + path + ": " + r.statusCode() + " " + r.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(15));
    }

    static Path home() {
        Path home = Path.of(bundleProperties().getProperty("apicurio.home"));
        if (!Files.isRegularFile(home.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException("Apicurio Registry bundle not found at " + home + ": build the "
                    + "safeguarding-embedded module (mvn -pl testing/embedded -am package) to unpack it");
        }
        return home;
    }

    static String version() {
        return bundleProperties().getProperty("apicurio.version");
    }

    private static Properties bundleProperties() {
        Properties p = new Properties();
        try (InputStream in = ApicurioRegistry.class.getResourceAsStream("/safeguarding-embedded.properties")) {
            p.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("safeguarding-embedded.properties missing from the classpath", e);
        }
        return p;
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
