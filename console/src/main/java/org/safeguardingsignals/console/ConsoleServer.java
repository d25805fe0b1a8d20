package org.safeguardingsignals.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.http.staticfiles.Location;
import io.javalin.http.sse.SseClient;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.ViewOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's HTTP API and web page. Every /api request carries a bearer token (the live stream, which browsers
 * open without headers, takes it as access_token); a worker sees only alerts routed to their authorities and
 * children known in them; every chronology request is audited.
 */
final class ConsoleServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RETRY_AFTER_SECONDS = 5;

    private final AlertBoard board;
    private final ConsoleUsers users;
    private final Chronologies chronologies;
    private final Recorder recorder;
    private final String internalSecret;
    private final java.util.function.Supplier<String> scrape;
    private final Javalin app;

    ConsoleServer(AlertBoard board, ConsoleUsers users, Chronologies chronologies, Recorder recorder,
                  String internalSecret, java.util.function.Supplier<String> scrape) {
        this.scrape = scrape;
        this.board = board;
        this.users = users;
        this.chronologies = chronologies;
        this.recorder = recorder;
        this.internalSecret = internalSecret;
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/console";
                files.location = Location.CLASSPATH;
            });
        });
        routes();
    }

    ConsoleServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    int port() {
        return app.port();
    }

    private void routes() {
        app.before("/api/*", this::authenticate);
        app.get("/api/me", ctx -> ctx.json(Map.of("id", worker(ctx).id(), "authorities",
                worker(ctx).authorities(), "role", worker(ctx).role().name(), "canDecide", worker(ctx).canDecide())));
        app.get("/api/alerts", this::listAlerts);
        app.sse("/api/alerts/stream", this::streamAlerts);
        app.get("/api/alerts/{id}", ctx -> ctx.json(AlertView.of(visibleAlert(ctx))));
        app.post("/api/alerts/{id}/decisions", this::decide);
        app.get("/api/children/{pseudonym}/chronology", this::chronology);
        app.get(Chronologies.INTERNAL_PATH + "{pseudonym}", this::internalChronology);
        // Prometheus scrape: aggregate meters with bounded tags only, no personal data
        app.get("/metrics", ctx -> {
            if (scrape == null) {
                throw new NotFoundResponse("No Prometheus registry configured");
            }
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(scrape.get());
        });
        app.exception(IllegalStateException.class, (e, ctx) -> {
            LOG.error("Request failed: {}", ctx.path(), e);
            ctx.status(503).header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS))
                    .json(Map.of("error", "The console could not complete this just now; please try again."));
        });
    }

    private void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        String token = header != null && header.startsWith("Bearer ") ? header.substring(7)
                : ctx.path().endsWith("/stream") ? ctx.queryParam("access_token") : null;
        Worker worker = users.authenticate(token).orElseThrow(() -> {
            ctx.header("WWW-Authenticate", "Bearer");
            return new UnauthorizedResponse("A valid bearer token is needed");
        });
        ctx.attribute("worker", worker);
    }

    private static Worker worker(Context ctx) {
        return ctx.attribute("worker");
    }

    private void listAlerts(Context ctx) {
        Worker w = worker(ctx);
        int page = Math.max(0, ctx.queryParamAsClass("page", Integer.class).getOrDefault(0));
        int size = Math.min(200, Math.max(1, ctx.queryParamAsClass("size", Integer.class).getOrDefault(25)));
        List<AlertBoard.Entry> all = board.list(w, authorityFilter(ctx, w), severities(ctx),
                !"all".equals(ctx.queryParam("status")));
        List<AlertView> items = all.stream().skip((long) page * size).limit(size).map(AlertView::of).toList();
        ctx.json(Map.of("total", all.size(), "page", page, "size", size, "items", items));
    }

    private void streamAlerts(SseClient client) {
        Context ctx = client.ctx();
        Worker w = worker(ctx);
        Optional<String> authority = authorityFilter(ctx, w);
        Set<String> severities = severities(ctx);
        client.keepAlive();
        Consumer<AlertBoard.Entry> listener = entry -> {
            boolean wanted = entry.alert().getRoutedTo().stream().anyMatch(w::worksFor)
                    && authority.map(la -> entry.alert().getRoutedTo().contains(la)).orElse(true)
                    && (severities.isEmpty() || severities.contains(entry.alert().getSeverity().name()));
            if (wanted && !client.terminated()) {
                client.sendEvent("alert", json(AlertView.of(entry)));
            }
        };
        board.subscribe(listener);
        client.onClose(() -> board.unsubscribe(listener));
        client.sendEvent("ready", json(Map.of("worker", w.id())));
    }

    private AlertBoard.Entry visibleAlert(Context ctx) {
        Worker w = worker(ctx);
        return board.get(ctx.pathParam("id")).filter(e -> e.alert().getRoutedTo().stream().anyMatch(w::worksFor))
                .orElseThrow(() -> new NotFoundResponse("No such alert in your authorities"));
    }

    private void decide(Context ctx) {
        Worker w = worker(ctx);
        AlertBoard.Entry entry = visibleAlert(ctx);
        if (!w.canDecide()) {
            throw new ForbiddenResponse("Your role (" + w.role() + ") may view but not record decisions");
        }
        Object requested = ctx.bodyAsClass(Map.class).get("outcome");
        DecisionOutcome outcome;
        try {
            outcome = DecisionOutcome.valueOf(String.valueOf(requested));
        } catch (IllegalArgumentException e) {
            outcome = DecisionOutcome.UNKNOWN;
        }
        if (outcome == DecisionOutcome.UNKNOWN) {
            throw new BadRequestResponse("outcome must be one of ACKNOWLEDGED, NO_FURTHER_ACTION, "
                    + "STRATEGY_DISCUSSION, REFERRED_TO_CHILDRENS_SOCIAL_CARE");
        }
        MashDecision decision = recorder.decide(w, entry.alert(), outcome);
        board.addDecision(decision); // the feeder will see it too; the board keeps one per decision id
        ctx.status(201).json(AlertView.DecisionLine.of(decision));
    }

    private void chronology(Context ctx) {
        Worker w = worker(ctx);
        String pseudonym = ctx.pathParam("pseudonym");
        Chronologies.Result result = chronologies.find(pseudonym);
        if (result instanceof Chronologies.Result.Unavailable u) {
            ctx.status(503).header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS))
                    .json(Map.of("error", "The child's record is being restored (" + u.why() + "); try again in "
                            + RETRY_AFTER_SECONDS + " seconds."));
            return;
        }
        List<ChronologyEntry> entries = result instanceof Chronologies.Result.Found f ? f.entries() : List.of();
        Set<String> knownIn = new LinkedHashSet<>();
        entries.forEach(e -> knownIn.add(e.localAuthority()));
        boolean allowed = knownIn.stream().anyMatch(w::worksFor);
        recorder.viewed(w, pseudonym, allowed ? ViewOutcome.SHOWN : ViewOutcome.REFUSED);
        if (!allowed) {
            // the same answer for "unknown" and "not yours", so that the answer does not reveal who exists
            throw new NotFoundResponse("No child with this pseudonym is known in your authorities");
        }
        ctx.json(Map.of("childPseudonym", pseudonym, "knownIn", knownIn, "entries", entries));
    }

    private void internalChronology(Context ctx) {
        String presented = Optional.ofNullable(ctx.header(Chronologies.INTERNAL_SECRET_HEADER)).orElse("");
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                internalSecret.getBytes(StandardCharsets.UTF_8))) {
            throw new ForbiddenResponse("Internal endpoint");
        }
        Chronologies.Result result = chronologies.findHere(ctx.pathParam("pseudonym"));
        if (result instanceof Chronologies.Result.Found f) {
            ctx.json(f.entries());
        } else if (result instanceof Chronologies.Result.NotFound) {
            ctx.status(404);
        } else {
            ctx.status(503).header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        }
    }

    private static Optional<String> authorityFilter(Context ctx, Worker w) {
        Optional<String> la = Optional.ofNullable(ctx.queryParam("authority")).filter(s -> !s.isBlank());
        if (la.isPresent() && !w.worksFor(la.get())) {
            throw new ForbiddenResponse("You do not work for authority " + la.get());
        }
        return la;
    }

    private static Set<String> severities(Context ctx) {
        String s = ctx.queryParam("severity");
        if (s == null || s.isBlank()) {
            return Set.of();
        }
        return Set.copyOf(Arrays.asList(s.toUpperCase().split("\\s*,\\s*")));
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
