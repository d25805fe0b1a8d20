package org.safeguardingsignals.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions, held on the server: the browser keeps only a random id in an HttpOnly cookie, never a token.
 * A session ends when it has been idle too long, when it reaches its maximum age, or when its worker signs out.
 * Sessions live in this console instance: behind a load balancer, keep a browser on one instance (sticky
 * sessions); on another it signs in again, silently while its provider session lasts.
 */
final class Sessions {
    /** The cookie's name; its value is the session id. */
    static final String COOKIE = "mash_session";

    private static final int ID_BYTES = 32;
    private static final int MAX_SESSIONS = 20_000;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final Duration idle;
    private final Duration maxAge;
    private final Clock clock;

    /** How long a session may be idle, and how long it may last at most. */
    record Limits(Duration idle, Duration maxAge) {
        static final Limits DEFAULTS = new Limits(Duration.ofMinutes(30), Duration.ofHours(10));
    }

    /** The provider's ID token is kept only to end the provider's session at sign-out (as id_token_hint). */
    private record Session(Worker worker, Optional<String> idToken, Instant opened, Instant lastUsed) {}

    Sessions(Limits limits, Clock clock) {
        this.idle = limits.idle();
        this.maxAge = limits.maxAge();
        this.clock = clock;
    }

    /** Opens a session for a worker who has just signed in; returns its id, for the cookie. */
    String open(Worker worker, Optional<String> idToken) {
        Instant now = clock.instant();
        if (byId.size() >= MAX_SESSIONS) {
            byId.entrySet().removeIf(e -> expired(e.getValue(), now));
            if (byId.size() >= MAX_SESSIONS) {
                throw new IllegalStateException("Too many open sessions on this console instance");
            }
        }
        String id = newId();
        byId.put(id, new Session(worker, idToken, now, now));
        return id;
    }

    /** The worker of a live session, which this use keeps alive. */
    Optional<Worker> find(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Session session = byId.computeIfPresent(
                id, (k, s) -> expired(s, now) ? null : new Session(s.worker(), s.idToken(), s.opened(), now));
        return Optional.ofNullable(session).map(Session::worker);
    }

    /** Ends a session; returns the ID token it was opened with, if any. */
    Optional<String> close(String id) {
        return id == null
                ? Optional.empty()
                : Optional.ofNullable(byId.remove(id)).flatMap(Session::idToken);
    }

    /** Seconds a cookie should live: the maximum age of a session. */
    int cookieMaxAgeSeconds() {
        return (int) maxAge.toSeconds();
    }

    /** A random value for a session id, a sign-in's state, nonce or PKCE verifier: 256 bits, base64url. */
    String newId() {
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private boolean expired(Session s, Instant now) {
        return now.isAfter(s.lastUsed().plus(idle)) || now.isAfter(s.opened().plus(maxAge));
    }
}
