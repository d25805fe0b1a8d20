package org.safeguardingsignals.console;

import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.SameSite;
import io.javalin.http.UnauthorizedResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a browser signs in: through the identity provider (OpenID Connect, authorisation code flow with PKCE), or,
 * as a documented fallback, with a token from the users file. Either way the browser then holds only a session
 * cookie (HttpOnly, Secure, SameSite=Strict), which the page's requests and its live stream carry; no token is
 * kept in the page or put in a URL.
 */
final class SignIn {
    private static final Logger LOG = LoggerFactory.getLogger(SignIn.class);
    /** Binds a sign-in to the browser that started it, so that a code cannot be replayed into another browser. */
    static final String PENDING_COOKIE = "mash_signin";

    private static final Duration PENDING_FOR = Duration.ofMinutes(10);
    private static final int MAX_PENDING = 10_000;

    private final Optional<OidcProvider> provider;
    private final Optional<ConsoleUsers> tokenUsers;
    private final Sessions sessions;
    private final Supplier<URI> publicUrl;
    private final Clock clock;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    private record Pending(String browser, String codeVerifier, String nonce, Instant started) {}

    /**
     * @param publicUrl the console's address as browsers reach it (ending in /), for the provider's redirect back
     */
    SignIn(
            Optional<OidcProvider> provider,
            Optional<ConsoleUsers> tokenUsers,
            Sessions sessions,
            Supplier<URI> publicUrl,
            Clock clock) {
        this.provider = provider;
        this.tokenUsers = tokenUsers;
        this.sessions = sessions;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    void routes(RoutesConfig routes) {
        routes.get(
                "/auth/methods",
                ctx -> ctx.json(Map.of("provider", provider.isPresent(), "token", tokenUsers.isPresent())));
        routes.get("/auth/login", this::login);
        routes.get("/auth/callback", this::callback);
        routes.before("/auth/token", SignIn::fromThePage);
        routes.before("/auth/logout", SignIn::fromThePage);
        routes.post("/auth/token", this::tokenSignIn);
        routes.post("/auth/logout", this::logout);
    }

    /** A sign-in or sign-out another site's page asked for (login CSRF) is refused: it cannot add this header. */
    private static void fromThePage(Context ctx) {
        if (!ConsoleServer.REQUESTED_BY_PAGE.equals(ctx.header("X-Requested-With"))) {
            throw new ForbiddenResponse("Sign-in and sign-out need the console page's X-Requested-With header");
        }
    }

    /** The worker a browser's session cookie names, if its session is live. */
    Optional<Worker> fromSession(Context ctx) {
        return sessions.find(ctx.cookie(Sessions.COOKIE));
    }

    private void login(Context ctx) {
        OidcProvider oidc = provider.orElseThrow(() -> new NotFoundResponse("Sign-in through a provider is off"));
        Instant now = clock.instant();
        if (pending.size() >= MAX_PENDING) {
            pending.values().removeIf(p -> p.started().plus(PENDING_FOR).isBefore(now));
        }
        String state = sessions.newId();
        String browser = sessions.newId();
        String verifier = sessions.newId();
        String nonce = sessions.newId();
        pending.put(state, new Pending(browser, verifier, nonce, now));
        ctx.cookie(cookie(PENDING_COOKIE, browser, (int) PENDING_FOR.toSeconds(), SameSite.LAX));
        ctx.redirect(oidc.authorizationRequest(callback(), state, nonce, challenge(verifier))
                .toString());
    }

    private void callback(Context ctx) {
        OidcProvider oidc = provider.orElseThrow(() -> new NotFoundResponse("Sign-in through a provider is off"));
        Pending started = Optional.ofNullable(ctx.queryParam("state"))
                .map(pending::remove)
                .orElse(null);
        String browser = ctx.cookie(PENDING_COOKIE);
        ctx.cookie(cookie(PENDING_COOKIE, "", 0, SameSite.LAX));
        if (started == null
                || browser == null
                || !MessageDigest.isEqual(
                        browser.getBytes(StandardCharsets.US_ASCII),
                        started.browser().getBytes(StandardCharsets.US_ASCII))
                || started.started().plus(PENDING_FOR).isBefore(clock.instant())) {
            throw new BadRequestResponse("This sign-in has expired or was started in another browser: "
                    + "open the console again to sign in");
        }
        if (ctx.queryParam("error") != null || ctx.queryParam("code") == null) {
            // the provider's error code is one of a closed set (RFC 6749 4.1.2.1); its description is not shown
            LOG.info("Sign-in ended at the provider: {}", bounded(ctx.queryParam("error")));
            throw new UnauthorizedResponse("The sign-in was not completed");
        }
        try {
            OidcProvider.SignedIn signedIn =
                    oidc.exchange(ctx.queryParam("code"), callback(), started.codeVerifier(), started.nonce());
            openSession(ctx, signedIn.worker(), Optional.of(signedIn.idToken()));
            LOG.info(
                    "User {} signed in through the identity provider",
                    signedIn.worker().id());
            ctx.redirect(publicUrl.get().toString());
        } catch (BearerTokens.Refused e) {
            LOG.warn("Sign-in refused: {}", e.getMessage());
            throw new UnauthorizedResponse("The sign-in could not be checked: please try again");
        } catch (WorkerClaims.NotAConsoleUser e) {
            throw new ForbiddenResponse(e.getMessage());
        }
    }

    /** The fallback: a token from the users file, exchanged once for a session cookie. */
    private void tokenSignIn(Context ctx) {
        ConsoleUsers users = tokenUsers.orElseThrow(() -> new NotFoundResponse("Sign-in with a token is off"));
        Object token = ctx.bodyAsClass(Map.class).get("token");
        Worker worker = users.authenticate(token instanceof String s ? s : null)
                .orElseThrow(() -> new UnauthorizedResponse("That token was not recognised"));
        openSession(ctx, worker, Optional.empty());
        ctx.json(Map.of("id", worker.id()));
    }

    private void logout(Context ctx) {
        Optional<String> idToken = sessions.close(ctx.cookie(Sessions.COOKIE));
        ctx.cookie(cookie(Sessions.COOKIE, "", 0, SameSite.STRICT));
        Map<String, Object> body = new LinkedHashMap<>();
        // a token user's sign-out ends here; a provider user's goes on to end the provider's session
        idToken.flatMap(hint -> provider.flatMap(p -> p.endSession(publicUrl.get(), Optional.of(hint))))
                .ifPresent(end -> body.put("endSession", end.toString()));
        ctx.json(body);
    }

    private void openSession(Context ctx, Worker worker, Optional<String> idToken) {
        String id = sessions.open(worker, idToken);
        ctx.cookie(cookie(Sessions.COOKIE, id, sessions.cookieMaxAgeSeconds(), SameSite.STRICT));
    }

    private URI callback() {
        return publicUrl.get().resolve("auth/callback");
    }

    /** Secure always: browsers keep such a cookie over HTTPS, and over plain HTTP only for localhost. */
    private static Cookie cookie(String name, String value, int maxAgeSeconds, SameSite sameSite) {
        return new Cookie(name, value, "/", maxAgeSeconds, true, true, null, sameSite);
    }

    /** PKCE's S256 code challenge (RFC 7636 4.2): base64url of the SHA-256 of the verifier. */
    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String bounded(String s) {
        // what the provider sent, kept to a short code with no line breaks, so that it cannot forge log lines
        return s == null ? "(none)" : (s.length() > 64 ? s.substring(0, 64) : s).replaceAll("[^A-Za-z0-9_.-]", "?");
    }
}
