package org.safeguardingsignals.console;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.ConflictResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpResponseException;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.TooManyRequestsResponse;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.http.sse.SseHandler;
import io.javalin.http.staticfiles.Location;
import io.javalin.router.EndpointNotFound;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.safeguardingsignals.console.AccessAudit.Subject;
import org.safeguardingsignals.events.AccessAction;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.ViewOutcome;
import org.safeguardingsignals.events.WorkItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's public HTTP API and web page. Every /api request carries a bearer token (an access token from the
 * identity provider, or a token from the users file) or the session cookie of a browser that signed in (SignIn);
 * a token is never taken from a URL. A worker sees only alerts routed to their authorities and children known in
 * them; every look at an alert, a list, the live stream or a chronology is audited. Errors
 * are JSON {"error": ...} and never name an internal host. Health, readiness and meters are on the runtime's
 * internal listener, never here.
 */
final class ConsoleServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    private static final int RETRY_AFTER_SECONDS = 5;
    private static final int MAX_AUDITED = 200;
    /** The header the console page sends with every change it asks for. */
    static final String REQUESTED_BY_PAGE = "mash-console";

    private final AlertBoard board;
    private final Optional<OidcProvider> provider;
    private final Optional<ConsoleUsers> users;
    private final SignIn signIn;
    private final Chronologies chronologies;
    private final Recorder recorder;
    private final AccessAudit audit;
    private final LiveStreams streams;
    private final IdentityReveals reveals;
    private final WorkItemRoutes workItems;
    private final EncompassRoutes encompass;
    private final ExploitationRoutes exploitation;
    private final Optional<AuditSearch> auditSearch;
    private final Optional<SubjectAccess> subjectAccess;
    private final Javalin app;
    private final Optional<ConsoleTls> tls;
    /** Where the HTTPS connector listens, set by {@link #start} before Jetty asks for the connector. */
    private volatile String host;

    private volatile int port;

    /** Who may sign in, and how: the identity provider, the users file, or both. */
    record SignInMethods(Optional<OidcProvider> provider, Optional<ConsoleUsers> users, Sessions sessions) {}

    /** Token-file users only, plain HTTP. */
    ConsoleServer(
            AlertBoard board,
            ConsoleUsers users,
            Chronologies chronologies,
            Recorder recorder,
            AccessAudit audit,
            LiveStreams streams) {
        this(
                board,
                new SignInMethods(
                        Optional.empty(),
                        Optional.of(users),
                        new Sessions(Sessions.Limits.DEFAULTS, Clock.systemUTC())),
                chronologies,
                recorder,
                audit,
                streams,
                new IdentityReveals(board, audit, Optional.empty()),
                new WorkItemRoutes(new WorkItemBoard(), recorder, audit),
                new EncompassRoutes(new EncompassInbox(), recorder, audit),
                new ExploitationRoutes(new LinkedGroups(), board, audit),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /** With a certificate, the public listener speaks HTTPS only. */
    ConsoleServer(
            AlertBoard board,
            SignInMethods signInMethods,
            Chronologies chronologies,
            Recorder recorder,
            AccessAudit audit,
            LiveStreams streams,
            IdentityReveals reveals,
            WorkItemRoutes workItems,
            EncompassRoutes encompass,
            ExploitationRoutes exploitation,
            Optional<AuditSearch> auditSearch,
            Optional<SubjectAccess> subjectAccess,
            Optional<ConsoleTls> tls,
            Optional<URI> publicUrl) {
        this.tls = tls;
        this.reveals = reveals;
        this.workItems = workItems;
        this.encompass = encompass;
        this.exploitation = exploitation;
        this.auditSearch = auditSearch;
        this.subjectAccess = subjectAccess;
        this.board = board;
        this.provider = signInMethods.provider();
        this.users = signInMethods.users();
        this.signIn = new SignIn(
                provider,
                users,
                signInMethods.sessions(),
                () -> publicUrl.orElseGet(() -> URI.create(scheme() + "://" + host + ":" + port() + "/")),
                Clock.systemUTC());
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
        signIn.routes(routes);
        routes.before("/api/*", this::authenticate);
        routes.before("/api/alerts*", ConsoleServer::mustSeeAlerts);
        routes.before("/api/children/*", ctx -> {
            // a school's DSL reveals a child named in a notice to their school; the rest of a child is the MASH's
            Worker w = worker(ctx);
            if (!(w != null && w.receivesNotices() && ctx.path().endsWith("/identity"))) {
                mustSeeAlerts(ctx);
            }
        });
        routes.before("/api/worklist", ConsoleServer::mustSeeAlerts);
        routes.before("/api/work-items/*", ConsoleServer::mustSeeAlerts);
        routes.before("/api/exploitation/*", ConsoleServer::mustSeeAlerts);
        routes.get("/api/me", ctx -> {
            Worker w = worker(ctx);
            Map<String, Object> me = new LinkedHashMap<>();
            me.put("id", w.id());
            me.put("authorities", w.authorities());
            me.put("schools", w.schools());
            me.put("role", w.role().name());
            me.put("canSeeAlerts", w.canSeeAlerts());
            me.put("canDecide", w.canDecide());
            me.put("canSignOff", w.canSignOff());
            me.put("canRevealIdentity", w.canRevealIdentity() && reveals.enabled());
            me.put("canSearchAudit", w.canSearchAudit());
            me.put("receivesNotices", w.receivesNotices());
            ctx.json(me);
        });
        routes.get("/api/alerts", this::listAlerts);
        routes.get("/api/alerts/stream", this::openStream);
        routes.get("/api/alerts/{id}", this::viewAlert);
        routes.post("/api/alerts/{id}/decisions", this::decide);
        routes.get("/api/children/{pseudonym}/chronology", this::chronology);
        workItems.routes(routes, ConsoleServer::worker);
        encompass.routes(routes, ConsoleServer::worker);
        exploitation.routes(routes, ConsoleServer::worker);
        routes.post(IdentityReveals.PATH, ctx -> reveals.reveal(ctx, worker(ctx)));
        routes.get("/api/audit", ctx -> auditSearch().json(ctx, worker(ctx)));
        routes.get("/api/audit.csv", ctx -> auditSearch().csv(ctx, worker(ctx)));
        subjectAccess.ifPresent(s -> s.routes(routes, ConsoleServer::worker));
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
        Optional<Worker> worker;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            worker = bearer(header.substring(7).trim());
        } else {
            worker = signIn.fromSession(ctx);
            // a cookie goes with any request the browser makes: a change needs the page's own header too, which
            // another site's page cannot add without a CORS preflight this server never grants
            if (worker.isPresent()
                    && !"GET".equals(ctx.method().name())
                    && !REQUESTED_BY_PAGE.equals(ctx.header("X-Requested-With"))) {
                throw new ForbiddenResponse("A change needs the console page's X-Requested-With header");
            }
        }
        ctx.attribute("worker", worker.orElseThrow(() -> {
            ctx.header("WWW-Authenticate", "Bearer");
            return new UnauthorizedResponse("A valid bearer token or a sign-in is needed");
        }));
    }

    /** The worker a bearer token names: a JWT from the identity provider, else a token from the users file. */
    private Optional<Worker> bearer(String token) {
        if (provider.isPresent() && token.chars().filter(c -> c == '.').count() == 2) {
            try {
                return Optional.of(provider.get().worker(token));
            } catch (BearerTokens.Refused e) {
                LOG.info("Bearer token refused: {}", e.getMessage());
                return Optional.empty();
            } catch (WorkerClaims.NotAConsoleUser e) {
                throw new ForbiddenResponse(e.getMessage());
            }
        }
        return users.flatMap(u -> u.authenticate(token));
    }

    private AuditSearch auditSearch() {
        return auditSearch.orElseThrow(() -> new NotFoundResponse("This console offers no audit search"));
    }

    private static void mustSeeAlerts(Context ctx) {
        Worker w = worker(ctx);
        if (w != null && !w.canSeeAlerts()) {
            throw new ForbiddenResponse("Your role (" + w.role() + ") does not give access to MASH alerts");
        }
    }

    private static Worker worker(Context ctx) {
        return ctx.attribute("worker");
    }

    private void listAlerts(Context ctx) {
        Worker w = worker(ctx);
        int page = Math.max(0, ctx.queryParamAsClass("page", Integer.class).getOrDefault(0));
        int size = Math.min(
                200, Math.max(1, ctx.queryParamAsClass("size", Integer.class).getOrDefault(25)));
        AlertQuery query;
        try {
            query = AlertQuery.parse(ctx::queryParam);
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(e.getMessage());
        }
        Map<String, String> filters = filters(ctx);
        filters.put(
                "status",
                query.status() == AlertQuery.StatusFilter.OPEN
                        ? "open"
                        : query.status().name().toLowerCase(Locale.ROOT));
        filters.putAll(query.forAudit());
        filters.put("page", Integer.toString(page));
        filters.put("size", Integer.toString(size));
        Optional<String> authority = authorityFilter(audit, ctx, w, AccessAction.ALERTS_LISTED, filters);
        Instant now = Instant.now();
        List<AlertBoard.Entry> all = board.list(w, authority, Set.of(), false).stream()
                .filter(query.matches(w, now))
                .sorted(query.order())
                .toList();
        List<AlertView> items = all.stream()
                .skip((long) page * size)
                .limit(size)
                .map(e -> AlertView.of(e, now))
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
        Optional<String> authority = authorityFilter(audit, ctx, w, AccessAction.STREAM_OPENED, filters);
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
            Predicate<WorkItem> wantedItem = item -> w.worksFor(item.getLocalAuthority())
                    && authority.map(item.getLocalAuthority()::equals).orElse(true);
            new SseHandler(0, sse -> streams.serve(sse, w, wanted, wantedItem, Map.of("worker", w.id()))).handle(ctx);
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
        if (entry.status() == AlertBoard.Status.WITHDRAWN) {
            throw new ConflictResponse("This alert was withdrawn after a correction by the agency; the decisions "
                    + "recorded on it are kept, and no new one is needed");
        }
        MashDecision decision;
        try {
            decision = recorder.decide(w, entry.alert(), DecisionRequest.parse(ctx.bodyAsClass(Map.class)));
        } catch (DecisionRequest.Invalid e) {
            throw new BadRequestResponse(e.getMessage());
        }
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
    static Optional<String> authorityFilter(
            AccessAudit audit, Context ctx, Worker w, AccessAction action, Map<String, String> filters) {
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
    static String bounded(String asked) {
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
