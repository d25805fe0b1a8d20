package org.safeguardingsignals.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguardingsignals.embedded.ApicurioRegistry;
import org.safeguardingsignals.embedded.EmbeddedKafka;
import org.safeguardingsignals.embedded.TrustStores;
import org.safeguardingsignals.runtime.PipelineMetrics;
import org.safeguardingsignals.runtime.access.AccessControlFile;
import org.safeguardingsignals.runtime.access.ClusterSetup;
import org.safeguardingsignals.runtime.settings.InternalSettings;
import org.safeguardingsignals.testing.CapturedLog;

/**
 * The console with its own certificate: its public listener speaks HTTPS only, a browser that trusts the
 * partnership's authority gets the page, one that does not is refused, plain HTTP gets nothing; it reads and writes
 * as its own principal on the secured broker; and no password (key store, SCRAM) or token reaches the log.
 */
class ConsoleHttpsIT {
    @Test
    void theConsoleServesHttpsOnlyWithItsCertificateAndLogsNoSecret(@TempDir Path dir) throws Exception {
        try (CapturedLog log = CapturedLog.start();
                EmbeddedKafka kafka = EmbeddedKafka.start()) {
            try (Admin admin = kafka.admin()) {
                ClusterSetup.prepare(admin, 1, AccessControlFile.inRepository());
            }
            String storePassword = "console-store-" + UUID.randomUUID();
            Path keyStore = dir.resolve("console.p12");
            kafka.security()
                    .authority()
                    .issue("console", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1))
                    .writeKeyStore(keyStore, "console", storePassword.toCharArray());
            String secret = "https-secret-" + UUID.randomUUID();
            Files.writeString(dir.resolve("instance.secret"), secret);
            Files.writeString(
                    dir.resolve("users.properties"),
                    "user.sam.token-sha256=" + ConsoleUsers.sha256(ConsoleWorld.SAM_TOKEN) + "\nuser.sam.authorities="
                            + ConsoleWorld.BIRMINGHAM);
            Map<String, Object> client = kafka.clientProperties("console");
            Properties settings = new Properties();
            settings.putAll(client);
            settings.put("schema.registry.url", ApicurioRegistry.shared().confluentApiUrl());
            settings.put(ConsoleSettings.PORT, "0");
            settings.put(ConsoleSettings.TLS_KEYSTORE, keyStore.toString());
            settings.put(ConsoleSettings.TLS_KEYSTORE_PASSWORD, storePassword);
            settings.put(
                    ConsoleSettings.USERS_FILE, dir.resolve("users.properties").toString());
            settings.put(ConsoleSettings.DETECTION_URL, "http://localhost:9"); // no chronology is asked for here
            settings.put(InternalSettings.PORT, "0");
            settings.put(
                    InternalSettings.SECRET_FILE, dir.resolve("instance.secret").toString());

            try (ConsoleApp console = new ConsoleApp(settings, Map.of(), PipelineMetrics.inMemory())) {
                console.start();
                URI url = URI.create(console.url());
                assertThat(url.getScheme()).isEqualTo("https");

                HttpClient trusting = HttpClient.newBuilder()
                        .sslContext(TrustStores.clientContext(
                                kafka.security().trustStore(), kafka.security().storePassword()))
                        .build();
                assertThat(get(trusting, url, null).statusCode()).isEqualTo(200);
                assertThat(get(trusting, url.resolve("/api/me"), null).statusCode())
                        .isEqualTo(401);
                HttpResponse<String> me = get(trusting, url.resolve("/api/me"), ConsoleWorld.SAM_TOKEN);
                assertThat(me.statusCode()).isEqualTo(200);
                assertThat(me.body()).contains("sam");

                HttpClient untrusting = HttpClient.newHttpClient();
                assertThatThrownBy(() -> get(untrusting, url, null)).isInstanceOf(SSLHandshakeException.class);
                URI plain = URI.create("http://localhost:" + url.getPort() + "/");
                assertThatThrownBy(() -> get(untrusting, plain, null)).isInstanceOf(IOException.class);
                // the board follows its topics as the console principal
                awaitReady(trusting, console.internalPort());
            }
            String jaas = (String) client.get("sasl.jaas.config");
            String scramPassword = jaas.substring(jaas.indexOf("password=\"") + 10, jaas.lastIndexOf('"'));
            assertThat(log.text())
                    .contains("MASH console at https://")
                    .doesNotContain(storePassword)
                    .doesNotContain(scramPassword)
                    .doesNotContain(kafka.security().storePassword())
                    .doesNotContain(ConsoleWorld.SAM_TOKEN)
                    .doesNotContain(secret);
        }
    }

    private static HttpResponse<String> get(HttpClient http, URI uri, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitReady(HttpClient http, int internalPort) throws Exception {
        URI ready = URI.create("http://localhost:" + internalPort + "/ready");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (get(http, ready, null).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the console did not become ready on the secured broker");
            }
            Thread.sleep(200);
        }
    }
}
