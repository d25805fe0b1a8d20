package org.safeguardingsignals.console;

import org.safeguardingsignals.runtime.InstanceSecret;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.EndpointNotFound;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance-to-instance listener, on its own host and port (console.internal.host, console.internal.port), apart
 * from the public one: it answers only chronology requests that carry the shared instance secret and the identity
 * of the user they are made for, and it decides and audits them as the public listener would.
 */
final class InternalListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InternalListener.class);
    private final Chronologies chronologies;
    private final InstanceSecret secret;
    private final Javalin app;

    InternalListener(Chronologies chronologies, InstanceSecret secret) {
        this.chronologies = chronologies;
        this.secret = secret;
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.before(SecurityHeaders::apply);
            config.routes.get(Chronologies.INTERNAL_PATH + "{pseudonym}", this::chronology);
            config.routes.exception(HttpResponseException.class, (e, ctx) -> ctx.status(e.getStatus())
                    .json(Map.of("error", e instanceof EndpointNotFound ? "Not found" : e.getMessage())));
        });
    }

    InternalListener start(String host, int port) {
        app.start(host, port);
        return this;
    }

    int port() {
        return app.port();
    }

    private void chronology(Context ctx) {
        if (!secret.matches(ctx.header(Chronologies.SECRET_HEADER))) {
            LOG.warn("Internal request without the instance secret from {}", ctx.ip());
            ctx.status(403).json(Map.of("error", "Forbidden"));
            return;
        }
        Worker worker = ForwardedUser.from(ctx::header).orElse(null);
        if (worker == null) {
            ctx.status(400).json(Map.of("error", "The forwarded user's id, role and authorities are needed"));
            return;
        }
        Chronologies.Result result = chronologies.findHere(worker, ctx.pathParam("pseudonym"));
        if (result instanceof Chronologies.Result.Shown shown) {
            ctx.json(new Chronologies.Reply(shown.knownIn(), shown.entries()));
        } else if (result instanceof Chronologies.Result.Unavailable unavailable) {
            LOG.info("Forwarded chronology unavailable: {}", unavailable.why());
            ctx.status(503).json(Map.of("error", "Unavailable"));
        } else {
            ctx.status(404).json(Map.of("error", "Not found"));
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
