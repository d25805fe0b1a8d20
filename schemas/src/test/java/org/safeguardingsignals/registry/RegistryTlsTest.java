package org.safeguardingsignals.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client over real HTTPS (the JDK's HttpsServer with a self-signed certificate made by keytool): it
 * trusts the configured trust store and refuses a server it cannot verify; it presents a client certificate from
 * the configured key store; Basic credentials never go over plain http:// by accident; mock:// needs the test switch.
 */
class RegistryTlsTest {
    private static final String PASSWORD = "test-store-pass";

    @TempDir
    static Path stores;

    private HttpsServer server;
    private final List<String> authorizations = new ArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        keytool(
                "-genkeypair",
                "-alias",
                "registry",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=registry.test",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2",
                "-keystore",
                "server.p12",
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD);
        keytool(
                "-exportcert",
                "-alias",
                "registry",
                "-keystore",
                "server.p12",
                "-storepass",
                PASSWORD,
                "-file",
                "server.crt");
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "registry",
                "-file",
                "server.crt",
                "-keystore",
                "trust.p12",
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD);
        keytool(
                "-genkeypair",
                "-alias",
                "publisher",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=agency-publisher",
                "-validity",
                "2",
                "-keystore",
                "client.p12",
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD);
        keytool(
                "-exportcert",
                "-alias",
                "publisher",
                "-keystore",
                "client.p12",
                "-storepass",
                PASSWORD,
                "-file",
                "client.crt");
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "publisher",
                "-file",
                "client.crt",
                "-keystore",
                "clients.p12",
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD);
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(stores.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A registry endpoint over HTTPS that answers every request with an empty subject list. */
    private String serveHttps(boolean needClientCertificate) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store("server.p12"), PASSWORD.toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store("clients.p12"));
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                ssl.setNeedClientAuth(needClientCertificate);
                params.setSSLParameters(ssl);
            }
        });
        server.createContext("/", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7";
    }

    private static KeyStore store(String name) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(stores.resolve(name))) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static RestSchemaRegistryClient client(String url, Map<String, String> extra) {
        Map<String, Object> config =
                new HashMap<>(Map.of("schema.registry.url", url, "schema.registry.max.retries", "0"));
        config.putAll(extra);
        return new RestSchemaRegistryClient(RegistryClientConfig.from(config));
    }

    private static Map<String, String> trustStore(String prefix) {
        return Map.of(
                prefix + "ssl.truststore.location",
                stores.resolve("trust.p12").toString(),
                prefix + "ssl.truststore.password",
                PASSWORD,
                prefix + "ssl.truststore.type",
                "PKCS12");
    }

    @Test
    void aRegistryWithAPrivateCertificateIsTrustedThroughTheConfiguredTrustStore() throws Exception {
        String url = serveHttps(false);

        assertThat(client(url, trustStore("schema.registry.")).subjects()).isEmpty();
    }

    @Test
    void withoutTheTrustStoreTheSameRegistryIsRefused() throws Exception {
        String url = serveHttps(false);

        assertThatThrownBy(() -> client(url, Map.of()).subjects())
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.UNREACHABLE))
                .hasMessageContaining("SSLHandshakeException");
    }

    @Test
    void theClientsPlainSslKeysServeWhenNoRegistryOnesAreGiven() throws Exception {
        String url = serveHttps(false);

        assertThat(client(url, trustStore("")).subjects()).isEmpty();
    }

    @Test
    void aRegistryThatAsksForAClientCertificateGetsTheOneInTheKeyStore() throws Exception {
        String url = serveHttps(true);
        Map<String, String> withCertificate = new HashMap<>(trustStore("schema.registry."));
        withCertificate.putAll(Map.of(
                "schema.registry.ssl.keystore.location",
                stores.resolve("client.p12").toString(),
                "schema.registry.ssl.keystore.password",
                PASSWORD,
                "schema.registry.ssl.keystore.type",
                "PKCS12"));

        assertThat(client(url, withCertificate).subjects()).isEmpty();
        assertThatThrownBy(() -> client(url, trustStore("schema.registry.")).subjects())
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("unreachable");
    }

    @Test
    void basicCredentialsGoOverHttpsButAreRefusedOverPlainHttp() throws Exception {
        String url = serveHttps(false);
        Map<String, String> credentials = new HashMap<>(trustStore("schema.registry."));
        credentials.put("basic.auth.user.info", "mash:s3cret");

        assertThat(client(url, credentials).subjects()).isEmpty();
        assertThat(authorizations).containsExactly("Basic bWFzaDpzM2NyZXQ=");

        assertThatThrownBy(() -> RegistryClientConfig.from(
                        Map.of("schema.registry.url", "http://registry:8080", "basic.auth.user.info", "mash:s3cret")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("would travel unencrypted")
                .hasMessageContaining(RegistryClientConfig.BASIC_AUTH_ALLOW_HTTP)
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> RegistryClientConfig.from(Map.of(
                        "schema.registry.url",
                        "https://registry:8443,http://registry:8080",
                        "basic.auth.user.info",
                        "mash:s3cret")))
                .isInstanceOf(ConfigException.class);
        assertThat(RegistryClientConfig.from(Map.of(
                                "schema.registry.url",
                                "http://localhost:8080",
                                "basic.auth.user.info",
                                "mash:s3cret",
                                RegistryClientConfig.BASIC_AUTH_ALLOW_HTTP,
                                "true"))
                        .basicAuthUserInfo())
                .contains("mash:s3cret");
    }

    @Test
    void anUnreadableTrustStoreIsAClearConfigurationError() {
        assertThatThrownBy(() -> client(
                        "https://127.0.0.1:1",
                        Map.of(
                                "schema.registry.ssl.truststore.location",
                                stores.resolve("missing.p12").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.ssl.truststore.location");
    }

    @Test
    void aMockRegistryIsRefusedUnlessTheTestSwitchIsOn() {
        String before = System.getProperty(SchemaRegistries.MOCK_SWITCH);
        try {
            System.clearProperty(SchemaRegistries.MOCK_SWITCH);
            assertThatThrownBy(() -> SchemaRegistries.forConfig(Map.of("schema.registry.url", "mock://prod")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("for unit tests");
            System.setProperty(SchemaRegistries.MOCK_SWITCH, "true");
            assertThat(SchemaRegistries.forConfig(Map.of("schema.registry.url", "mock://tls-test")))
                    .isInstanceOf(InMemorySchemaRegistry.class);
        } finally {
            SchemaRegistries.dropMockScope("tls-test");
            if (before == null) {
                System.clearProperty(SchemaRegistries.MOCK_SWITCH);
            } else {
                System.setProperty(SchemaRegistries.MOCK_SWITCH, before);
            }
        }
    }

    @Test
    void passwordsAndCredentialsAreNeverPrinted() throws IOException {
        Map<String, Object> config = new HashMap<>(trustStore("schema.registry."));
        config.putAll(Map.of("schema.registry.url", "https://registry:8443", "basic.auth.user.info", "mash:s3cret"));

        assertThat(RegistryClientConfig.from(config).toString())
                .doesNotContain("s3cret")
                .doesNotContain(PASSWORD);
    }
}
