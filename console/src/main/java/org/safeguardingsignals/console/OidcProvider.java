package org.safeguardingsignals.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The identity provider the console trusts (OpenID Connect): its endpoints, read from its discovery document at
 * start; bearer access tokens checked against its keys; and the two steps of the authorisation code flow with
 * PKCE that the browser sign-in takes (the address to send the browser to, and the exchange of the code).
 */
final class OidcProvider {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final OidcSettings settings;
    private final URI authorizationEndpoint;
    private final URI tokenEndpoint;
    private final Optional<URI> endSessionEndpoint;
    private final BearerTokens accessTokens;
    private final BearerTokens idTokens;
    private final HttpClient http;

    /** What the console is told to trust: the provider, the console's client, and where to read who is who. */
    record OidcSettings(
            URI issuer,
            String audience,
            String clientId,
            Optional<String> clientSecret,
            WorkerClaims claims,
            Duration clockSkew) {
        @Override
        public String toString() {
            return "OidcSettings[issuer=" + issuer + ", audience=" + audience + ", clientId=" + clientId + "]";
        }
    }

    private OidcProvider(OidcSettings settings, JsonNode discovery, HttpClient http, Clock clock) {
        this.settings = settings;
        this.http = http;
        String issuer = text(discovery, "issuer");
        if (!issuer.equals(settings.issuer().toString())) {
            // the discovery document must name the issuer asked for (OpenID Connect Discovery, section 4.3)
            throw new IllegalStateException("The identity provider at " + settings.issuer() + " names itself " + issuer
                    + "; set console.oidc.issuer to exactly the issuer its tokens carry");
        }
        this.authorizationEndpoint = URI.create(text(discovery, "authorization_endpoint"));
        this.tokenEndpoint = URI.create(text(discovery, "token_endpoint"));
        this.endSessionEndpoint = Optional.ofNullable(discovery.get("end_session_endpoint"))
                .map(JsonNode::asText)
                .map(URI::create);
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(
                            URI.create(text(discovery, "jwks_uri")).toURL())
                    .retrying(true)
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalStateException("The identity provider's jwks_uri is not a URL", e);
        }
        this.accessTokens =
                new BearerTokens(issuer, settings.audience(), keys, settings.claims(), settings.clockSkew(), clock);
        this.idTokens =
                new BearerTokens(issuer, settings.clientId(), keys, settings.claims(), settings.clockSkew(), clock);
    }

    /** Reads the provider's discovery document; a provider that cannot be reached stops the console's start. */
    static OidcProvider discover(OidcSettings settings, Clock clock) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        URI discovery =
                URI.create(settings.issuer().toString().replaceAll("/+$", "") + "/.well-known/openid-configuration");
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(discovery).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("The identity provider answered " + r.statusCode()
                        + " for its discovery document " + discovery);
            }
            return new OidcProvider(settings, JSON.readTree(r.body()), http, clock);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Could not read the identity provider's discovery document " + discovery + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted reading " + discovery, e);
        }
    }

    /** The worker a bearer access token names. */
    Worker worker(String accessToken) throws BearerTokens.Refused, WorkerClaims.NotAConsoleUser {
        return accessTokens.worker(accessToken);
    }

    /** Where to send the browser to sign in (authorisation code flow, PKCE with S256). */
    URI authorizationRequest(URI redirect, String state, String nonce, String codeChallenge) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", settings.clientId());
        query.put("redirect_uri", redirect.toString());
        query.put("scope", "openid");
        query.put("state", state);
        query.put("nonce", nonce);
        query.put("code_challenge", codeChallenge);
        query.put("code_challenge_method", "S256");
        String separator = authorizationEndpoint.getRawQuery() == null ? "?" : "&";
        return URI.create(authorizationEndpoint + separator + form(query));
    }

    /**
     * Where the browser goes to end its session at the provider after signing out of the console, if the provider
     * says; with the ID token as hint, the provider need not ask the user to confirm (OpenID Connect RP-Initiated
     * Logout).
     */
    Optional<URI> endSession(URI returnTo, Optional<String> idToken) {
        return endSessionEndpoint.map(end -> {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("client_id", settings.clientId());
            query.put("post_logout_redirect_uri", returnTo.toString());
            idToken.ifPresent(hint -> query.put("id_token_hint", hint));
            return URI.create(end + (end.getRawQuery() == null ? "?" : "&") + form(query));
        });
    }

    /** Who signed in, and the ID token that says so. */
    record SignedIn(Worker worker, String idToken) {
        @Override
        public String toString() {
            return "SignedIn[" + worker + "]"; // never the token
        }
    }

    /**
     * Exchanges an authorisation code for tokens, checks the ID token (signature, issuer, the console as audience,
     * expiry, the nonce this sign-in sent) and returns the worker the access token names.
     */
    SignedIn exchange(String code, URI redirect, String codeVerifier, String nonce)
            throws BearerTokens.Refused, WorkerClaims.NotAConsoleUser {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("grant_type", "authorization_code");
        fields.put("code", code);
        fields.put("redirect_uri", redirect.toString());
        fields.put("client_id", settings.clientId());
        fields.put("code_verifier", codeVerifier);
        HttpRequest.Builder request = HttpRequest.newBuilder(tokenEndpoint)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        settings.clientSecret()
                .ifPresent(secret -> request.header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((urlEncode(settings.clientId()) + ":" + urlEncode(secret))
                                                .getBytes(StandardCharsets.UTF_8))));
        JsonNode tokens;
        try {
            HttpResponse<String> r = http.send(
                    request.POST(HttpRequest.BodyPublishers.ofString(form(fields)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new BearerTokens.Refused("the token endpoint answered " + r.statusCode());
            }
            tokens = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("Could not reach the identity provider's token endpoint", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted exchanging a sign-in code", e);
        }
        String idToken = text(tokens, "id_token");
        JWTClaimsSet id = idTokens.checkId(idToken);
        if (!nonce.equals(id.getClaim("nonce"))) {
            throw new BearerTokens.Refused("the ID token does not carry this sign-in's nonce");
        }
        JWTClaimsSet access = accessTokens.check(text(tokens, "access_token"));
        if (!id.getSubject().equals(access.getSubject())) {
            throw new BearerTokens.Refused("the ID token and the access token name different people");
        }
        return new SignedIn(accessTokens.worker(access), idToken);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalStateException("The identity provider's answer has no " + field);
        }
        return value.asText();
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> urlEncode(e.getKey()) + "=" + urlEncode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
