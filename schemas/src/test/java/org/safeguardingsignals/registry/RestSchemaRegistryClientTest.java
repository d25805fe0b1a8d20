package org.safeguardingsignals.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.embedded.FreePorts;
import org.safeguardingsignals.events.RiskAlert;

/**
 * The client's HTTP behaviour (retries, error codes, caching, authentication) against a scripted HTTP server.
 * Behaviour against a real registry is in ApicurioRegistryIT.
 */
class RestSchemaRegistryClientTest {
    private HttpServer server;
    private final List<String> requests = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String serve(Responder responder) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            responder.respond(exchange);
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7/";
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    interface Responder {
        void respond(HttpExchange exchange) throws IOException;
    }

    private static RestSchemaRegistryClient client(String url, Map<String, String> extra) {
        Map<String, Object> config =
                new HashMap<>(Map.of("schema.registry.url", url, "schema.registry.retry.backoff.ms", "1"));
        config.putAll(extra);
        return new RestSchemaRegistryClient(RegistryClientConfig.from(config));
    }

    @Test
    void retriesServerErrorsThenSucceeds() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        String url = serve(ex -> {
            if (calls.incrementAndGet() < 3) {
                reply(ex, 503, "{\"error_code\":50003,\"message\":\"busy\"}");
            } else {
                reply(ex, 200, "{\"id\":7}");
            }
        });

        int id = client(url, Map.of()).register("safeguarding.alerts.v1-value", RiskAlert.getClassSchema());

        assertThat(id).isEqualTo(7);
        assertThat(requests)
                .containsExactly(
                        "POST /apis/ccompat/v7/subjects/safeguarding.alerts.v1-value/versions",
                        "POST /apis/ccompat/v7/subjects/safeguarding.alerts.v1-value/versions",
                        "POST /apis/ccompat/v7/subjects/safeguarding.alerts.v1-value/versions");
    }

    @Test
    void clientErrorsFailAtOnceWithTheRegistrysErrorCode() throws IOException {
        String url = serve(ex -> reply(ex, 404, "{\"error_code\":40403,\"message\":\"Schema 42 not found\"}"));

        assertThatThrownBy(() -> client(url, Map.of()).getById(42))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(40403);
                    assertThat(e.notFound()).isTrue();
                })
                .hasMessageContaining("answered 404 (error code 40403) to GET /schemas/ids/42: Schema 42 not found");
        assertThat(requests).hasSize(1);
    }

    @Test
    void schemasByIdAreCachedBecauseTheyNeverChange() throws IOException {
        String schemaJson =
                RiskAlert.getClassSchema().toString().replace("\\", "\\\\").replace("\"", "\\\"");
        String url = serve(ex -> reply(ex, 200, "{\"schema\":\"" + schemaJson + "\"}"));
        RestSchemaRegistryClient client = client(url, Map.of());

        assertThat(client.getById(3)).isEqualTo(RiskAlert.getClassSchema());
        assertThat(client.getById(3)).isEqualTo(RiskAlert.getClassSchema());
        assertThat(requests).hasSize(1);
    }

    @Test
    void sendsBasicAuthFromUserInfo() throws IOException {
        String url = serve(ex -> reply(ex, 200, "{\"compatibilityLevel\":\"BACKWARD\"}"));

        // plain http needs the local-development opt-out; RegistryTlsTest sends the same over https
        CompatibilityLevel level = client(
                        url,
                        Map.of(
                                "basic.auth.credentials.source",
                                "USER_INFO",
                                "basic.auth.user.info",
                                "mash:s3cret",
                                RegistryClientConfig.BASIC_AUTH_ALLOW_HTTP,
                                "true"))
                .globalCompatibility();

        assertThat(level).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(authorizations).containsExactly("Basic bWFzaDpzM2NyZXQ=");
    }

    @Test
    void anUnreachableRegistryIsReportedAfterRetries() {
        int closedPort = FreePorts.next();
        assertThatThrownBy(
                        () -> client("http://127.0.0.1:" + closedPort, Map.of()).subjects())
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.UNREACHABLE))
                .hasMessageContaining("unreachable");
    }

    @Test
    void aMissingUrlIsAClearConfigurationError() {
        assertThatThrownBy(() -> RegistryClientConfig.from(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }
}
