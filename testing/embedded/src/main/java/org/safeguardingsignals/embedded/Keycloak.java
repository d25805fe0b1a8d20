package org.safeguardingsignals.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Keycloak (the Maven Central distribution, unpacked by the build) running as a child JVM on loopback, in
 * development mode with an in-memory database, started as {@code kc.sh start-dev} would start it. Realms are
 * imported at start from JSON files (Keycloak's realm representation) through the admin API, so that several
 * instances can share one unpacked distribution. Its log goes to a file.
 */
public final class Keycloak implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Keycloak.class);
    private static final int MIN_JAVA = 21;
    /** Keycloak's exit code after it re-augmented itself for new build options: start again (as kc.sh does). */
    private static final int REBUILT = 10;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The demo realm the local run and the console's tests sign in to (README, the console). */
    public static final String DEMO_REALM = "safeguarding";

    private static Keycloak shared;

    private final Process process;
    /** The write end of the child's standard input: held open while this JVM lives (see ParentWatch). */
    private final OutputStream lifeline;

    private final int httpPort;
    private final Path logFile;
    private final String adminPassword;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Keycloak(Process process, int httpPort, Path logFile, String adminPassword) {
        this.process = process;
        this.lifeline = process.getOutputStream();
        this.httpPort = httpPort;
        this.logFile = logFile;
        this.adminPassword = adminPassword;
    }

    /**
     * One Keycloak for this JVM with these realms, started on first use and stopped when the JVM exits, so that a
     * test suite pays the start-up (about 30 s on two cores) once.
     */
    public static synchronized Keycloak shared(List<String> realms) {
        if (shared == null || !shared.isAlive()) {
            try {
                Path dir = Files.createTempDirectory("keycloak-");
                shared = start(dir.resolve("keycloak.log"), Duration.ofSeconds(240), realms);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "keycloak-stop"));
        }
        return shared;
    }

    /**
     * Starts Keycloak on a free loopback port, waits until it answers, and imports each realm (JSON, Keycloak's realm
     * representation, as {@link #demoRealm()}). The bootstrap
     * administrator ({@code admin}) gets a random password, see {@link #adminPassword()}.
     */
    public static Keycloak start(Path logFile, Duration readyTimeout, List<String> realms) {
        Path home = home();
        Path java = JavaRuntimes.find(MIN_JAVA, "keycloak.java.home", "KEYCLOAK_JAVA_HOME")
                .map(JavaRuntimes::javaExecutable)
                .orElseThrow(() -> new IllegalStateException("Keycloak " + version() + " needs Java " + MIN_JAVA
                        + " or newer and none was found (looked at -Dkeycloak.java.home, KEYCLOAK_JAVA_HOME, this "
                        + "JVM, JAVA_HOME and /usr/lib/jvm). Install a JDK 21+ and set KEYCLOAK_JAVA_HOME to it."));
        int httpPort = FreePorts.next();
        int managementPort = FreePorts.next();
        String adminPassword = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            Keycloak keycloak = launch(home, java, httpPort, managementPort, adminPassword, logFile, false);
            if (keycloak.awaitReady(deadline) == REBUILT) {
                // the first start with these build options (in-memory database) re-augments the distribution
                keycloak = launch(home, java, httpPort, managementPort, adminPassword, logFile, true);
                if (keycloak.awaitReady(deadline) != 0) {
                    throw new IllegalStateException("Keycloak exited before it was ready; last lines of " + logFile
                            + ":\n" + ApicurioRegistry.tail(logFile, 30));
                }
            }
            for (String realm : realms) {
                keycloak.importRealm(realm);
            }
            LOG.info("Keycloak {} ready at {} (log: {})", version(), keycloak.url(), logFile);
            return keycloak;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start Keycloak from " + home, e);
        }
    }

    private static Keycloak launch(
            Path home, Path java, int httpPort, int managementPort, String adminPassword, Path logFile, boolean built)
            throws IOException {
        // what bin/kc.sh runs, with quarkus-run.jar on the class path so that ParentWatch can stop it with this JVM
        List<String> options = new ArrayList<>(List.of(
                java.toString(),
                "-Xms64m",
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-XX:MetaspaceSize=96M",
                "-XX:MaxMetaspaceSize=256m",
                "-Dfile.encoding=UTF-8",
                "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                "--add-opens=java.base/java.security=ALL-UNNAMED",
                // quarkus-run.jar's manifest asks for this, but a manifest's Add-Opens count only with -jar; without
                // it, on Java 24+, Keycloak's request threads die (IllegalAccessError) and requests end unanswered
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-Duser.language=en",
                "-Duser.country=US",
                "-Djava.util.concurrent.ForkJoinPool.common.threadFactory="
                        + "io.quarkus.bootstrap.forkjoin.QuarkusForkJoinWorkerThreadFactory",
                "-Dkc.home.dir=" + home,
                "-Djboss.server.config.dir=" + home.resolve("conf"),
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-Dpicocli.disable.closures=true",
                "-Dquarkus-log-max-startup-records=10000"));
        if (built) {
            options.add("-Dkc.config.built=true");
        }
        List<String> command = ChildProcesses.watched(
                options,
                home.resolve("lib").resolve("quarkus-run.jar").toString(),
                "io.quarkus.bootstrap.runner.QuarkusEntryPoint",
                List.of(
                        "start-dev",
                        "--db=dev-mem",
                        "--http-host=127.0.0.1",
                        "--http-port=" + httpPort,
                        "--http-management-port=" + managementPort,
                        // one issuer whatever address a client uses: tokens name it, the console checks it
                        "--hostname=http://localhost:" + httpPort));
        ProcessBuilder builder = new ProcessBuilder(ChildProcesses.detached(command))
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        // through the environment, so that the password is not on a command line others can list
        Map<String, String> env = builder.environment();
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        return new Keycloak(builder.start(), httpPort, logFile, adminPassword);
    }

    /** The base address, e.g. {@code http://localhost:8180}. */
    public String url() {
        return "http://localhost:" + httpPort;
    }

    /** A realm's issuer, as its tokens name it. */
    public String issuer(String realm) {
        return url() + "/realms/" + realm;
    }

    /** The bootstrap administrator's password (user {@code admin}), for the admin console at {@link #url()}. */
    public String adminPassword() {
        return adminPassword;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Signs a user in with the password grant of a client that allows it (a script's client, never the console's),
     * and returns the access token.
     */
    public String passwordGrant(String realm, String clientId, String username, String password) {
        HttpResponse<String> r = post(
                issuer(realm) + "/protocol/openid-connect/token",
                "application/x-www-form-urlencoded",
                form(Map.of(
                        "grant_type", "password",
                        "client_id", clientId,
                        "username", username,
                        "password", password,
                        "scope", "openid")),
                null);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused the password grant for " + username + " in " + realm
                    + ": " + r.statusCode() + " " + r.body());
        }
        try {
            JsonNode token = JSON.readTree(r.body()).get("access_token");
            if (token == null || !token.isTextual()) {
                throw new IllegalStateException("No access token in Keycloak's answer");
            }
            return token.asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The demo realm checked into this module (keycloak/safeguarding-realm.json): its users are in README. */
    public static String demoRealm() {
        try (InputStream in = Keycloak.class.getResourceAsStream("/keycloak/safeguarding-realm.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("keycloak/safeguarding-realm.json missing from the classpath", e);
        }
    }

    private void importRealm(String realm) {
        String admin = passwordGrant("master", "admin-cli", "admin", adminPassword);
        HttpResponse<String> r = post(url() + "/admin/realms", "application/json", realm, admin);
        if (r.statusCode() != 201) {
            throw new IllegalStateException("Keycloak refused a realm: " + r.statusCode() + " " + r.body());
        }
    }

    private HttpResponse<String> post(String url, String contentType, String body, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> fields) {
        List<String> pairs = new ArrayList<>();
        fields.forEach((k, v) -> pairs.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return String.join("&", pairs);
    }

    /** 0 once the master realm's discovery document answers; or the exit code if the process ended first. */
    private int awaitReady(long deadline) {
        URI discovery = URI.create(issuer("master") + "/.well-known/openid-configuration");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                int code = process.exitValue();
                if (code == REBUILT) {
                    return code;
                }
                throw new IllegalStateException("Keycloak exited with code " + code + " before it was ready; last "
                        + "lines of " + logFile + ":\n" + ApicurioRegistry.tail(logFile, 30));
            }
            try {
                HttpResponse<Void> r = http.send(
                        HttpRequest.newBuilder(discovery)
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return 0;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("Interrupted waiting for Keycloak", e);
            }
            sleep(500);
        }
        close();
        throw new IllegalStateException(
                "Keycloak not ready in time; last lines of " + logFile + ":\n" + ApicurioRegistry.tail(logFile, 30));
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(20));
    }

    static Path home() {
        Path home = Path.of(bundleProperties().getProperty("keycloak.home"));
        if (!Files.isRegularFile(home.resolve("lib").resolve("quarkus-run.jar"))) {
            throw new IllegalStateException("Keycloak distribution not found at " + home + ": build the "
                    + "safeguarding-embedded module (mvn -pl testing/embedded -am package) to unpack it");
        }
        return home;
    }

    static String version() {
        return bundleProperties().getProperty("keycloak.version");
    }

    private static Properties bundleProperties() {
        Properties p = new Properties();
        try (InputStream in = Keycloak.class.getResourceAsStream("/safeguarding-embedded.properties")) {
            p.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("safeguarding-embedded.properties missing from the classpath", e);
        }
        return p;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
