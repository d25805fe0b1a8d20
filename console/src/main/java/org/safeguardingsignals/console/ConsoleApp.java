package org.safeguardingsignals.console;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.safeguardingsignals.runtime.Applications;
import org.safeguardingsignals.runtime.InstanceSecret;
import org.safeguardingsignals.runtime.InternalListener;
import org.safeguardingsignals.runtime.PipelineMetrics;
import org.safeguardingsignals.runtime.identity.IdentityVault;
import org.safeguardingsignals.runtime.settings.InternalSettings;
import org.safeguardingsignals.runtime.settings.SettingsSources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MASH console application: the alert board fed from the alert and decision topics, the recorder of decisions
 * and accesses, the public listener (the page, /api and the live streams), and its internal listener (health;
 * readiness once the board has read the alert and decision topics up to their end offsets at start; meters).
 * Chronologies come from the detection application's internal listener ({@code console.detection.url}); the
 * console decides and audits them itself. Usage: {@code ConsoleApp [--config console.properties] [--set
 * key=value]...}; settings in docs/CONFIGURATION.md.
 */
public final class ConsoleApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleApp.class);

    private final ConsoleSettings settings;
    /** Made once the audit exists, after the internal listener (whose port the audit records). */
    private volatile BoardFeeder feeder;

    private final Recorder recorder;
    private final LiveStreams streams;
    private final ConsoleServer server;
    private final InternalListener internal;
    private final AtomicBoolean started = new AtomicBoolean();

    public ConsoleApp(ConsoleSettings settings, Map<String, String> env, PipelineMetrics metrics) {
        this.settings = settings;
        Optional<ConsoleTls> tls = settings.tls(); // a bad key store stops the start before anything opens
        Optional<ConsoleUsers> users = settings.usersFile().map(ConsoleUsers::load);
        // an unreachable or misnamed provider stops the start: a console nobody can sign in to is no use
        Optional<OidcProvider> provider = settings.oidc().map(o -> OidcProvider.discover(o, Clock.systemUTC()));
        // without the secret every chronology would be refused by detection: refuse to start instead
        InstanceSecret secret =
                InstanceSecret.from(settings.getString(InternalSettings.SECRET_FILE), env, InternalSettings.SECRET_ENV);
        LiveStreams.Limits limits = settings.streamLimits();
        AlertBoard board = new AlertBoard(settings.timescale());
        Optional<IdentityVault.Opener> vault = settings.identityVault(); // a bad key stops the start
        this.recorder = new Recorder(settings.producer(), settings.serdes(), metrics);
        try {
            this.internal = InternalListener.start(
                    settings.getString(InternalSettings.HOST),
                    settings.getInt(InternalSettings.PORT),
                    () -> this.feeder == null || this.feeder.healthy(), // the feeder is made after this listener
                    this::ready,
                    metrics.prometheusScrape());
        } catch (RuntimeException e) {
            recorder.close();
            throw e;
        }
        AccessAudit audit = new AccessAudit(recorder, settings.servedBy(internal.port()), metrics);
        EncompassInbox inbox = new EncompassInbox();
        LinkedGroups groups = new LinkedGroups();
        IdentityReveals reveals = new IdentityReveals(board, inbox, groups, audit, vault);
        WorkItemBoard workItems = new WorkItemBoard();
        this.feeder = new BoardFeeder(
                new BoardFeeder.Boards(board, workItems, inbox, groups, reveals),
                settings.consumer(),
                settings.serdes());
        Chronologies chronologies = new Chronologies(settings.detectionUrl(), secret, audit);
        this.streams = new LiveStreams(board, limits, metrics.registry());
        streams.follow(workItems);
        this.server = new ConsoleServer(
                board,
                new ConsoleServer.SignInMethods(
                        provider, users, new Sessions(settings.sessionLimits(), Clock.systemUTC())),
                chronologies,
                recorder,
                audit,
                streams,
                reveals,
                new WorkItemRoutes(workItems, recorder, audit),
                new EncompassRoutes(inbox, recorder, audit),
                new ExploitationRoutes(groups, board, audit),
                Optional.of(new AuditSearch(settings.consumer(), settings.serdes(), audit)),
                Optional.of(new SubjectAccess(
                        settings.pseudonymiser(env), // a missing key file stops the start
                        chronologies,
                        new TopicScan(settings.consumer(), settings.serdes(), SubjectAccess.READ_WITHIN),
                        audit)),
                tls,
                settings.publicUrl());
    }

    /** Convenience for tests and the local run: settings from properties. */
    public ConsoleApp(Properties settings, Map<String, String> env, PipelineMetrics metrics) {
        this(new ConsoleSettings(Applications.asMap(settings)), env, metrics);
    }

    /** Opens the public listener and starts following the alert and decision topics. */
    public void start() {
        server.start(settings.getString(ConsoleSettings.HOST), settings.getInt(ConsoleSettings.PORT));
        feeder.start();
        started.set(true);
        LOG.info(
                "MASH console at {}; internal listener on port {}; chronologies from {}",
                url(),
                internalPort(),
                settings.detectionUrl());
    }

    /** The public address: the page, and /api under it. */
    public String url() {
        return server.scheme() + "://" + settings.getString(ConsoleSettings.HOST) + ":" + server.port() + "/";
    }

    /** The internal listener's port (health, readiness, metrics). */
    public int internalPort() {
        return internal.port();
    }

    /** Started, and the board holds everything the alert and decision topics held at start. */
    public boolean ready() {
        return started.get() && feeder.caughtUp();
    }

    /** Live streams end before the listeners stop, so that the server need not wait on them. */
    @Override
    public void close() {
        streams.close();
        server.close();
        feeder.close();
        recorder.close();
        internal.close();
    }

    public static void main(String[] args) throws InterruptedException {
        ConsoleSettings settings =
                new ConsoleSettings(SettingsSources.load(args, System.getenv(), ConsoleSettings.knownKeys()));
        ConsoleApp app = new ConsoleApp(settings, System.getenv(), Applications.prometheusMetrics());
        Applications.runUntilStopped("console", app, () -> {
            app.start();
            System.out.println("MASH console at " + app.url());
        });
    }
}
