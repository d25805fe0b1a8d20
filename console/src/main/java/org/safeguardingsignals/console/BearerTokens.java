package org.safeguardingsignals.console;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Set;

/**
 * Checks a signed token from the identity provider with nimbus-jose-jwt: its signature against the provider's
 * published keys (JWKS; asymmetric algorithms only, so a key can never be used as an HMAC secret), its issuer, its
 * audience, its expiry and not-before (within the allowed clock skew), then reads who it names.
 */
final class BearerTokens {
    /** Asymmetric signatures only: "none" and HMAC are never accepted. */
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.PS256,
            JWSAlgorithm.PS384,
            JWSAlgorithm.PS512,
            JWSAlgorithm.ES256,
            JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final WorkerClaims claims;

    /** Why a token was refused: for the log, never for the caller, who learns only that it was. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param audience the value the token's {@code aud} must hold (the console's client id or application id URI)
     * @param clock    what "now" is when judging expiry (the system clock, but for tests)
     */
    BearerTokens(
            String issuer,
            String audience,
            JWKSource<SecurityContext> keys,
            WorkerClaims claims,
            Duration clockSkew,
            Clock clock) {
        this.claims = claims;
        processor.setJWSTypeVerifier(
                new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        DefaultJWTClaimsVerifier<SecurityContext> verifier =
                new DefaultJWTClaimsVerifier<>(
                        Set.of(audience),
                        new JWTClaimsSet.Builder().issuer(issuer).build(),
                        Set.of("sub", "exp", "iat"),
                        null) {
                    @Override
                    protected Date currentTime() {
                        return Date.from(clock.instant());
                    }
                };
        verifier.setMaxClockSkew((int) clockSkew.toSeconds());
        processor.setJWTClaimsSetVerifier(verifier);
    }

    /** The checked claims of an access token. */
    JWTClaimsSet check(String token) throws Refused {
        JWTClaimsSet set = checkId(token);
        // Keycloak's ID tokens carry the console's client id as audience too; only access tokens open the API
        if ("ID".equals(set.getClaim("typ"))) {
            throw new Refused("an ID token, not an access token");
        }
        return set;
    }

    /** The checked claims of an ID token (signature, issuer, audience, expiry: the nonce is the caller's). */
    JWTClaimsSet checkId(String token) throws Refused {
        try {
            return processor.process(token, null);
        } catch (ParseException e) {
            throw new Refused("not a signed JWT: " + e.getMessage());
        } catch (BadJOSEException | JOSEException e) {
            throw new Refused(e.getMessage());
        }
    }

    /** The worker an access token names, once it has been checked. */
    Worker worker(String token) throws Refused, WorkerClaims.NotAConsoleUser {
        return claims.worker(check(token));
    }

    /** The worker checked claims name. */
    Worker worker(JWTClaimsSet checked) throws WorkerClaims.NotAConsoleUser {
        return claims.worker(checked);
    }
}
