package org.safeguardingsignals.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.safeguardingsignals.embedded.Keycloak;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;

/**
 * The API against a real identity provider (Keycloak with the demo realm): access tokens of its users open the API
 * as far as their role and authorities go; a forged token, a token of another issuer, an expired token, a worker of
 * another authority and a read-only user deciding are refused; the live stream takes no token in its URL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleOidcIT {
    static final String SCRIPTS = "mash-scripts";
    final ObjectMapper json = new ObjectMapper();
    Keycloak keycloak;
    ConsoleWorld world;
    ConsoleApp console;
    String lambethAlert;

    @BeforeAll
    void start(@TempDir Path dir) {
        keycloak = Keycloak.shared(List.of(Keycloak.demoRealm()));
        world = new ConsoleWorld(
                dir, 1, Map.of(ConsoleSettings.OIDC_ISSUER, keycloak.issuer(Keycloak.DEMO_REALM)), false);
        console = world.consoles.get(0);
        lambethAlert = "OIDC-" + UUID.randomUUID();
        world.publishAlert(ConsoleWorld.alert(lambethAlert, Severity.HIGH, ConsoleWorld.LAMBETH, "INC-1", 1));
        String amara = token("amara");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (world.get(console, "/api/alerts/" + lambethAlert, amara).statusCode() != 200) {
            assertThat(System.nanoTime()).as("the alert reaches the board").isLessThan(deadline);
            sleep(200);
        }
    }

    @AfterAll
    void stop() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void aWorkersAccessTokenOpensTheApiAsTheProviderDescribesThem() throws Exception {
        HttpResponse<String> me = world.get(console, "/api/me", token("amara"));
        assertThat(me.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(me.body());
        assertThat(body.get("id").asText()).isEqualTo("amara");
        assertThat(body.get("role").asText()).isEqualTo("WORKER");
        assertThat(body.get("authorities").toString()).isEqualTo("[\"E09000022\"]");
        assertThat(body.get("canDecide").asBoolean()).isTrue();

        JsonNode dsl =
                json.readTree(world.get(console, "/api/me", token("dara")).body());
        assertThat(dsl.get("role").asText()).isEqualTo("SCHOOL_DSL");
        assertThat(dsl.get("schools").toString()).isEqualTo("[\"100001\"]");
    }

    @Test
    void aForgedTokenIsRefused() throws Exception {
        SignedJWT real = SignedJWT.parse(token("amara"));
        // the same claims and key id, signed with a key the provider never published
        RSAKey forger =
                new RSAKeyGenerator(2048).keyID(real.getHeader().getKeyID()).generate();
        SignedJWT forged = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(forger.getKeyID())
                        .build(),
                real.getJWTClaimsSet());
        forged.sign(new RSASSASigner(forger));
        assertThat(world.get(console, "/api/me", forged.serialize()).statusCode())
                .isEqualTo(401);
        // the provider's own signature over claims changed afterwards (Kent added to Lambeth)
        String[] parts = real.serialize().split("\\.");
        JWTClaimsSet widened = new JWTClaimsSet.Builder(real.getJWTClaimsSet())
                .claim("authorities", List.of(ConsoleWorld.LAMBETH, ConsoleWorld.KENT))
                .build();
        String tampered = parts[0] + "." + Base64URL.encode(widened.toString()) + "." + parts[2];
        assertThat(world.get(console, "/api/me", tampered).statusCode()).isEqualTo(401);
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() {
        String master = keycloak.passwordGrant("master", "admin-cli", "admin", keycloak.adminPassword());
        HttpResponse<String> r = world.get(console, "/api/alerts", master);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        String token = token("amara");
        // the console's check, an hour later than now: the provider's token (five minutes) has expired
        OidcProvider anHourLater = OidcProvider.discover(
                new OidcProvider.OidcSettings(
                        URI.create(keycloak.issuer(Keycloak.DEMO_REALM)),
                        "mash-console",
                        "mash-console",
                        Optional.empty(),
                        WorkerClaims.DEFAULTS,
                        Duration.ofSeconds(30)),
                Clock.offset(Clock.systemUTC(), Duration.ofHours(1)));
        assertThatThrownBy(() -> anHourLater.worker(token))
                .isInstanceOf(BearerTokens.Refused.class)
                .hasMessageContaining("Expired");
        assertThat(world.get(console, "/api/me", token).statusCode())
                .as("the same token, now")
                .isEqualTo(200);
    }

    @Test
    void aWorkerOfAnotherAuthoritySeesNothingOfLambeth() {
        String kofi = token("kofi");
        assertThat(world.get(console, "/api/alerts/" + lambethAlert, kofi).statusCode())
                .isEqualTo(404);
        assertThat(world.get(console, "/api/alerts?authority=" + ConsoleWorld.LAMBETH, kofi)
                        .statusCode())
                .isEqualTo(403);
        assertThat(world.post(
                                console,
                                "/api/alerts/" + lambethAlert + "/decisions",
                                kofi,
                                "{\"outcome\":\"ACKNOWLEDGED\"}")
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void aReadOnlyUserCannotDecideAndRolesWithoutAlertsSeeNone() {
        HttpResponse<String> r = world.post(
                console, "/api/alerts/" + lambethAlert + "/decisions", token("rhea"), "{\"outcome\":\"ACKNOWLEDGED\"}");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("READ_ONLY");
        assertThat(world.get(console, "/api/alerts", token("imogen")).statusCode())
                .as("an information-governance officer")
                .isEqualTo(403);
        assertThat(world.get(console, "/api/alerts", token("dara")).statusCode())
                .as("a school's DSL")
                .isEqualTo(403);
        assertThat(world.post(
                                console,
                                "/api/alerts/" + lambethAlert + "/decisions",
                                token("morgan"),
                                "{\"outcome\":\"ACKNOWLEDGED\"}")
                        .statusCode())
                .as("a team manager decides")
                .isEqualTo(201);
    }

    @Test
    void theLiveStreamTakesTheTokenInAHeaderNeverInItsUrl() throws Exception {
        String token = token("amara");
        HttpClient http = HttpClient.newHttpClient();
        // as a stream, so that a wrongly accepted request fails here rather than waiting on an endless body
        HttpResponse<InputStream> inUrl = http.send(
                HttpRequest.newBuilder(URI.create(console.url() + "api/alerts/stream?access_token=" + token))
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        inUrl.body().close();
        assertThat(inUrl.statusCode()).isEqualTo(401);
        HttpResponse<InputStream> stream = http.send(
                HttpRequest.newBuilder(URI.create(console.url() + "api/alerts/stream"))
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertThat(in.readLine()).isEqualTo("event: ready");
        }
    }

    @Test
    void theAlertListFiltersByRuleAgeAndWhoseAndSortsAsAsked() throws Exception {
        String rule = "list-test-" + UUID.randomUUID();
        RiskAlert fresh =
                ConsoleWorld.alert("FRESH-" + UUID.randomUUID(), Severity.MEDIUM, ConsoleWorld.LAMBETH, "I", 1);
        fresh.setRuleId(rule);
        fresh.setRaisedAt(Instant.now().minus(Duration.ofHours(2)));
        RiskAlert old = ConsoleWorld.alert("OLD-" + UUID.randomUUID(), Severity.HIGH, ConsoleWorld.LAMBETH, "I", 1);
        old.setRuleId(rule);
        old.setRaisedAt(Instant.now().minus(Duration.ofDays(5)));
        world.publishAlert(old);
        world.publishAlert(fresh);
        String amara = token("amara");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (ids(amara, "rule=" + rule).size() != 2) {
            assertThat(System.nanoTime()).as("both alerts reach the board").isLessThan(deadline);
            sleep(200);
        }
        assertThat(ids(amara, "rule=" + rule)).containsExactly(fresh.getAlertId(), old.getAlertId());
        assertThat(ids(amara, "rule=" + rule + "&sort=oldest")).containsExactly(old.getAlertId(), fresh.getAlertId());
        assertThat(ids(amara, "rule=" + rule + "&overdue=true"))
                .as("open and past one working day")
                .containsExactly(old.getAlertId());
        assertThat(ids(amara, "rule=" + rule + "&olderThan=PT3H")).containsExactly(old.getAlertId());

        assertThat(world.post(
                                console,
                                "/api/alerts/" + fresh.getAlertId() + "/decisions",
                                amara,
                                "{\"outcome\":\"ACKNOWLEDGED\"}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(ids(amara, "rule=" + rule + "&assigned=me")).containsExactly(fresh.getAlertId());
        assertThat(ids(amara, "rule=" + rule + "&assigned=nobody")).containsExactly(old.getAlertId());
        assertThat(ids(token("morgan"), "rule=" + rule + "&assigned=me")).isEmpty();
        JsonNode taken = json.readTree(
                world.get(console, "/api/alerts/" + fresh.getAlertId(), amara).body());
        assertThat(taken.get("assignedTo").asText()).isEqualTo("amara");
        assertThat(taken.get("overdue").asBoolean()).isFalse();
        assertThat(Instant.parse(taken.get("decisionDueBy").asText())).isAfter(Instant.now());

        HttpResponse<String> typo = world.get(console, "/api/alerts?status=opened", amara);
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(typo.body()).contains("status must be one of");
    }

    private List<String> ids(String token, String query) throws Exception {
        HttpResponse<String> r = world.get(console, "/api/alerts?" + query, token);
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json.readTree(r.body())
                .get("items")
                .forEach(a -> ids.add(a.get("alertId").asText()));
        return ids;
    }

    private String token(String user) {
        return keycloak.passwordGrant(Keycloak.DEMO_REALM, SCRIPTS, user, "demo-" + user);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
