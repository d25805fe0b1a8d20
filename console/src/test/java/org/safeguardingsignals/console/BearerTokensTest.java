package org.safeguardingsignals.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Each check on a bearer token, one at a time, against a key set held here: signature, algorithm, issuer, audience,
 * expiry, token type; then the claims that say who the holder is, under Keycloak's and Entra ID's claim names.
 * ConsoleOidcIT does the same against a real Keycloak.
 */
class BearerTokensTest {
    static final String ISSUER = "https://login.example/realms/council";
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    final RSAKey key = generate("provider-key");
    final BearerTokens tokens = tokens(WorkerClaims.DEFAULTS);

    @Test
    void aTokenSignedByTheProviderForTheConsoleNamesItsWorker() throws Exception {
        Worker worker = tokens.worker(sign(key, claims(b -> {})));
        assertThat(worker).isEqualTo(new Worker("amara", Set.of("E09000022"), Set.of(), Worker.Role.WORKER));
    }

    @Test
    void aForgedTokenIsRefused() throws Exception {
        RSAKey forger = generate("provider-key"); // the same key id, another key
        assertThatThrownBy(() -> tokens.worker(sign(forger, claims(b -> {}))))
                .isInstanceOf(BearerTokens.Refused.class)
                .hasMessageContaining("Signed JWT rejected");
        String unsigned = new PlainJWT(claims(b -> {})).serialize();
        assertThatThrownBy(() -> tokens.worker(unsigned)).isInstanceOf(BearerTokens.Refused.class);
        // the public key used as an HMAC secret: HMAC is never accepted
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(b -> {}));
        hmac.sign(new MACSigner(key.toRSAPublicKey().getEncoded()));
        assertThatThrownBy(() -> tokens.worker(hmac.serialize())).isInstanceOf(BearerTokens.Refused.class);
        assertThatThrownBy(() -> tokens.worker("not-a-token")).isInstanceOf(BearerTokens.Refused.class);
    }

    @Test
    void aTokenOfAnotherIssuerOrForAnotherAudienceIsRefused() {
        assertThatThrownBy(() -> tokens.worker(sign(key, claims(b -> b.issuer("https://elsewhere.example")))))
                .isInstanceOf(BearerTokens.Refused.class)
                .hasMessageContaining("iss");
        assertThatThrownBy(() -> tokens.worker(sign(key, claims(b -> b.audience("another-app")))))
                .isInstanceOf(BearerTokens.Refused.class)
                .hasMessageContaining("aud");
    }

    @Test
    void anExpiredTokenIsRefusedOncePastTheClockSkew() throws Exception {
        Date expired = Date.from(NOW.minus(Duration.ofSeconds(31)));
        assertThatThrownBy(() -> tokens.worker(sign(key, claims(b -> b.expirationTime(expired)))))
                .isInstanceOf(BearerTokens.Refused.class)
                .hasMessageContaining("Expired");
        Date withinSkew = Date.from(NOW.minus(Duration.ofSeconds(29)));
        assertThat(tokens.worker(sign(key, claims(b -> b.expirationTime(withinSkew)))))
                .isNotNull();
    }

    @Test
    void anIdTokenDoesNotOpenTheApi() {
        assertThatThrownBy(() -> tokens.worker(sign(key, claims(b -> b.claim("typ", "ID")))))
                .isInstanceOf(BearerTokens.Refused.class);
    }

    @Test
    void aSignedInPersonWithoutOneConsoleRoleOrWithoutAnAuthorityIsNoConsoleUser() {
        assertThatThrownBy(() -> tokens.worker(sign(key, claims(b -> b.claim("roles", List.of("offline_access"))))))
                .isInstanceOf(WorkerClaims.NotAConsoleUser.class)
                .hasMessageContaining("no role");
        assertThatThrownBy(() ->
                        tokens.worker(sign(key, claims(b -> b.claim("roles", List.of("WORKER", "IG_OFFICER"))))))
                .isInstanceOf(WorkerClaims.NotAConsoleUser.class)
                .hasMessageContaining("more than one");
        assertThatThrownBy(() -> tokens.worker(sign(key, claims(b -> b.claim("authorities", List.of())))))
                .isInstanceOf(WorkerClaims.NotAConsoleUser.class)
                .hasMessageContaining("no local authority");
        assertThatThrownBy(() -> tokens.worker(sign(key, claims(b -> b.claim("authorities", List.of("Lambeth"))))))
                .isInstanceOf(WorkerClaims.NotAConsoleUser.class)
                .hasMessageContaining("not a GSS code");
    }

    @Test
    void claimNamesAreSettingsSoEntraIdAndKeycloaksDefaultsBothServe() throws Exception {
        // Keycloak without a roles mapper: realm roles nested under realm_access
        BearerTokens keycloak =
                tokens(new WorkerClaims("preferred_username", "realm_access.roles", "authorities", "schools"));
        assertThat(keycloak.worker(sign(
                        key,
                        claims(b -> b.claim("roles", null)
                                .claim("realm_access", Map.of("roles", List.of("default-roles", "READ_ONLY")))))))
                .extracting(Worker::role)
                .isEqualTo(Worker.Role.READ_ONLY);
        // Entra ID: app roles in roles, a directory extension attribute as extn.<name>, the user as upn
        BearerTokens entra = tokens(new WorkerClaims("upn", "roles", "extn.authorities", "extn.schools"));
        Worker dsl = entra.worker(sign(
                key,
                claims(b -> b.claim("upn", "dara@school.example")
                        .claim("authorities", null)
                        .claim("roles", List.of("SCHOOL_DSL"))
                        .claim("extn.authorities", List.of("E09000022"))
                        .claim("extn.schools", List.of("100001")))));
        assertThat(dsl)
                .isEqualTo(new Worker(
                        "dara@school.example", Set.of("E09000022"), Set.of("100001"), Worker.Role.SCHOOL_DSL));
    }

    private BearerTokens tokens(WorkerClaims names) {
        return new BearerTokens(
                ISSUER,
                "mash-console",
                new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())),
                names,
                Duration.ofSeconds(30),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("f3b1c2d4")
                .audience(List.of("mash-console", "account"))
                .issueTime(Date.from(NOW.minusSeconds(60)))
                .expirationTime(Date.from(NOW.plusSeconds(240)))
                .claim("typ", "Bearer")
                .claim("preferred_username", "amara")
                .claim("roles", List.of("offline_access", "WORKER"))
                .claim("authorities", List.of("E09000022"));
        change.accept(b);
        return b.build();
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static RSAKey generate(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
