package org.safeguardingsignals.console;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpResponseException;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.TooManyRequestsResponse;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.http.sse.SseHandler;
import io.javalin.http.staticfiles.Location;
import io.javalin.router.EndpointNotFound;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.safeguardingsignals.console.AccessAudit.Subject;
import org.safeguardingsignals.events.AccessAction;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.ViewOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's public HTTP API and web page. Every /api request carries a bearer token (the live stream, which
 * browsers open without headers, takes it as access_token); a worker sees only alerts routed to their authorities
 * and children known in them; every look at an alert, a list, the live stream or a chronology is audited. Errors
 * are JSON {"error": ...} and never name an internal host. Health, readiness and meters are on the runtime's
 * internal listener, never here.
 */
final class ConsoleServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    private static final int RETRY_AFTER_SECONDS = 5;
    private static final int MAX_AUDITED = 200;

    private final AlertBoard board;
    private final ConsoleUsers users;
    private final Chronologies chronologies;
    private final Recorder recorder;
    private final AccessAudit audit;
    private final LiveStreams streams;
    private final Javalin app;
    private final Optional<ConsoleTls> tls;
    /** Where the HTTPS connector listens, set by {@link #start} before Jetty asks for the connector. */
    private volatile String host;

    private volatile int port;

    ConsoleServer(
            AlertBoard board,
            ConsoleUsers users,
            Chronologies chronologies,
            Recorder recorder,
            AccessAudit audit,
            LiveStreams streams) {
        this(board, users, chronologies, recorder, audit, streams, Optional.empty());
    }

    /** With a certificate, the public listener speaks HTTPS only. */
    ConsoleServer(
            AlertBoard board,
            ConsoleUsers users,
            Chronologies chronologies,
            Recorder recorder,
            AccessAudit audit,
            LiveStreams streams,
            Optional<ConsoleTls> tls) {
        this.tls = tls;
        this.board = board;
        this.users = users;
        this.chronologies = chronologies;
        this.recorder = recorder;
        this.audit = audit;
        this.streams = streams;
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/console";
                files.location = Location.CLASSPATH;
            });
            routes(config.routes);
            tls.ifPresent(t -> config.jetty.addConnector((server, http) -> t.connector(server, http, host, port)));
        });
    }

    ConsoleServer start(String host, int port) {
        this.host = host;
        this.port = port;
        if (tls.isPresent()) {
            app.start(); // on the HTTPS connector alone
        } else {
            app.start(host, port);
        }
        return this;
    }

    /** http or https. */
    String scheme() {
        return tls.isPresent() ? "https" : "http";
    }

    int port() {
        return app.port();
    }

    private void routes(RoutesConfig routes) {
        routes.before(SecurityHeaders::apply);
        routes.before("/api/*", this::authenticate);
        routes.get(
                "/api/me",
                ctx -> ctx.json(Map.of(
                        "id",
                        worker(ctx).id(),
                        "authorities",
                        worker(ctx).authorities(),
                        "role",
                        worker(ctx).role().name(),
                        "canDecide",
                        worker(ctx).canDecide())));
        routes.get("/api/alerts", this::listAlerts);
        routes.get("/api/alerts/stream", this::openStream);
        routes.get("/api/alerts/{id}", this::viewAlert);
        routes.post("/api/alerts/{id}/decisions", this::decide);
        routes.get("/api/children/{pseudonym}/chronology", this::chronology);
        routes.exception(
                HttpResponseException.class,
                (e, ctx) -> ctx.status(e.getStatus())
                        .json(Map.of("error", e instanceof EndpointNotFound ? "Not found" : e.getMessage())));
        routes.exception(IllegalStateException.class, (e, ctx) -> {
            LOG.error("Request failed: {}", ctx.path(), e);
            ctx.status(503)
                    .header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS))
                    .json(Map.of("error", "The console could not complete this just now; please try again."));
        });
    }

    private void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        String token = header != null && header.startsWith("Bearer ")
                ? header.substring(7)
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
        int size = Math.min(
                200, Math.max(1, ctx.queryParamAsClass("size", Integer.class).getOrDefault(25)));
        boolean openOnly = !"all".equals(ctx.queryParam("status"));
        Map<String, String> filters = filters(ctx);
        filters.put("status", openOnly ? "open" : "all");
        filters.put("page", Integer.toString(page));
        filters.put("size", Integer.toString(size));
        Optional<String> authority = authorityFilter(ctx, w, AccessAction.ALERTS_LISTED, filters);
        List<AlertBoard.Entry> all = board.list(w, authority, severities(ctx), openOnly);
        List<AlertView> items = all.stream()
                .skip((long) page * size)
                .limit(size)
                .map(AlertView::of)
                .toList();
        audit.record(w, AccessAction.ALERTS_LISTED, ViewOutcome.SHOWN, Subject.list(filters, items.size()));
        ctx.json(Map.of("total", all.size(), "page", page, "size", size, "items", items));
    }

    private void openStream(Context ctx) {
        Worker w = worker(ctx);
        if (!String.valueOf(ctx.header("Accept")).contains("text/event-stream")) {
            throw new BadRequestResponse("The live stream is Server-Sent Events: ask with Accept: text/event-stream");
        }
        Map<String, String> filters = filters(ctx);
        Optional<String> authority = authorityFilter(ctx, w, AccessAction.STREAM_OPENED, filters);
        Set<String> severities = severities(ctx);
        Predicate<AlertBoard.Entry> wanted = entry -> entry.visibleTo(w)
                && authority.map(la -> entry.alert().getRoutedTo().contains(la)).orElse(true)
                && (severities.isEmpty()
                        || severities.contains(entry.alert().getSeverity().name()));
        if (!streams.reserve(w)) {
            audit.record(w, AccessAction.STREAM_OPENED, ViewOutcome.REFUSED, Subject.list(filters, null));
            ctx.header("Retry-After", "30");
            throw new TooManyRequestsResponse("You have the most live streams open that one user may; close the "
                    + "console in another tab or window");
        }
        try {
            audit.record(w, AccessAction.STREAM_OPENED, ViewOutcome.SHOWN, Subject.list(filters, null));
            new SseHandler(0, sse -> streams.serve(sse, w, wanted, Map.of("worker", w.id()))).handle(ctx);
        } catch (RuntimeException e) {
            streams.release(w);
            throw e;
        }
    }

    private void viewAlert(Context ctx) {
        Worker w = worker(ctx);
        String id = ctx.pathParam("id");
        Optional<AlertBoard.Entry> entry = board.get(id).filter(e -> e.visibleTo(w));
        if (entry.isEmpty()) {
            audit.record(w, AccessAction.ALERT_VIEWED, ViewOutcome.REFUSED, Subject.alert(bounded(id), null));
            throw new NotFoundResponse("No such alert in your authorities");
        }
        audit.record(
                w,
                AccessAction.ALERT_VIEWED,
                ViewOutcome.SHOWN,
                Subject.alert(id, entry.get().alert().getChildPseudonym()));
        ctx.json(AlertView.of(entry.get()));
    }

    private void decide(Context ctx) {
        Worker w = worker(ctx);
        AlertBoard.Entry entry = board.get(ctx.pathParam("id"))
                .filter(e -> e.visibleTo(w))
                .orElseThrow(() -> new NotFoundResponse("No such alert in your authorities"));
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
        Chronologies.Result result = chronologies.find(w, pseudonym);
        if (result instanceof Chronologies.Result.Shown shown) {
            ctx.json(Map.of("childPseudonym", pseudonym, "knownIn", shown.knownIn(), "entries", shown.entries()));
        } else if (result instanceof Chronologies.Result.Unavailable unavailable) {
            // the detail (which instance, why) is for the log; the user learns nothing of the deployment
            LOG.warn("Chronology unavailable for user {}: {}", w.id(), unavailable.why());
            ctx.status(503)
                    .header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS))
                    .json(Map.of(
                            "error",
                            "The child's record cannot be read just now (it may be being restored); "
                                    + "please try again in " + RETRY_AFTER_SECONDS + " seconds."));
        } else {
            // the same answer for "unknown" and "not yours", so that the answer does not reveal who exists
            throw new NotFoundResponse("No child with this pseudonym is known in your authorities");
        }
    }

    /** The authority asked for; a refusal (not one of the user's) is audited before it is answered. */
    private Optional<String> authorityFilter(Context ctx, Worker w, AccessAction action, Map<String, String> filters) {
        Optional<String> la = Optional.ofNullable(ctx.queryParam("authority")).filter(s -> !s.isBlank());
        if (la.isPresent() && !w.worksFor(la.get())) {
            audit.record(w, action, ViewOutcome.REFUSED, Subject.list(filters, null));
            throw new ForbiddenResponse("You do not work for that authority");
        }
        return la;
    }

    /** The filters a list or stream asked for, as the audit keeps them. */
    private static Map<String, String> filters(Context ctx) {
        Map<String, String> filters = new LinkedHashMap<>();
        Optional.ofNullable(ctx.queryParam("authority"))
                .filter(s -> !s.isBlank())
                .ifPresent(la -> filters.put("authority", bounded(la)));
        Set<String> severities = severities(ctx);
        if (!severities.isEmpty()) {
            filters.put("severity", bounded(String.join(",", severities)));
        }
        return filters;
    }

    /** What the user typed, cut to a length the audit keeps. */
    private static String bounded(String asked) {
        return asked.length() > MAX_AUDITED ? asked.substring(0, MAX_AUDITED) : asked;
    }

    private static Set<String> severities(Context ctx) {
        String s = ctx.queryParam("severity");
        if (s == null || s.isBlank()) {
            return Set.of();
        }
        return new TreeSet<>(Arrays.asList(s.toUpperCase().split("\\s*,\\s*")));
    }

    @Override
    public void close() {
        app.stop();
    }
}
