package org.safeguardingsignals.console;

import org.safeguardingsignals.runtime.InstanceSecret;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.safeguardingsignals.detection.DetectionApp;
import org.safeguardingsignals.runtime.PipelineMetrics;
import org.safeguardingsignals.metrics.MetricsApp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detection application with the MASH console beside it, in one process: the console answers chronology
 * requests from this instance's state stores and forwards the rest to the instance that holds them. Settings, on
 * top of DetectionApp's: console.host (localhost) and console.port (8080; 0 picks a free one) for the public
 * listener; console.internal.host (localhost), console.internal.port (8081; 0 picks a free one) and
 * console.internal.advertised.host (the address other instances dial; default console.internal.host) for the
 * instance-to-instance listener; console.users.file (required); console.internal.secret.file or the
 * SAFEGUARDING_CONSOLE_SECRET variable (shared by all instances); console.stream.max-per-user (5),
 * console.stream.queue (500 changes a live-stream client may fall behind by before it is dropped) and
 * console.stream.heartbeat (PT15S).
 */
public final class MashConsole implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MashConsole.class);
    public static final String SECRET_ENV = "SAFEGUARDING_CONSOLE_SECRET";

    private final DetectionApp app;
    private final MetricsApp partnershipMetrics;
    private final BoardFeeder feeder;
    private final Recorder recorder;
    private final Listeners listeners;
    private final String url;

    /** The console's two listeners and its live streams, closed together. */
    private record Listeners(ConsoleServer server, InternalListener internal, LiveStreams streams) {
        void close() {
            streams.close();
            server.close();
            internal.close();
        }
    }

    private MashConsole(DetectionApp app, MetricsApp partnershipMetrics, BoardFeeder feeder, Recorder recorder,
                        Listeners listeners, String url) {
        this.app = app;
        this.partnershipMetrics = partnershipMetrics;
        this.feeder = feeder;
        this.recorder = recorder;
        this.listeners = listeners;
        this.url = url;
    }

    public static MashConsole start(Properties settings, Map<String, String> env, PipelineMetrics metrics) {
        String host = settings.getProperty("console.host", "localhost");
        int port = port(settings, "console.port", 8080);
        String internalHost = settings.getProperty("console.internal.host", "localhost");
        int internalPort = port(settings, "console.internal.port", 8081);
        String advertised = settings.getProperty("console.internal.advertised.host", internalHost);
        if (advertised.equals("0.0.0.0") || advertised.equals("::")) {
            throw new ConfigException("console.internal.advertised.host must name the address other instances dial "
                    + "when console.internal.host listens on every interface");
        }
        String usersFile = settings.getProperty("console.users.file");
        if (usersFile == null) {
            throw new ConfigException("console.users.file must name the users file (token hashes, authorities, "
                    + "roles); see ConsoleUsers");
        }
        ConsoleUsers users = ConsoleUsers.load(Path.of(usersFile));
        InstanceSecret secret = new InstanceSecret(internalSecret(settings, env));
        LiveStreams.Limits defaults = LiveStreams.Limits.DEFAULTS;
        LiveStreams.Limits limits = new LiveStreams.Limits(
                Integer.parseInt(settings.getProperty("console.stream.max-per-user",
                        Integer.toString(defaults.perUser()))),
                Integer.parseInt(settings.getProperty("console.stream.queue", Integer.toString(defaults.queueSize()))),
                Duration.parse(settings.getProperty("console.stream.heartbeat", defaults.heartbeat().toString())));
        HostInfo self = new HostInfo(advertised, internalPort);
        Properties withServer = new Properties();
        withServer.putAll(settings);
        // interactive queries find a child's instance by this address: the internal listener, not the public one
        withServer.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertised + ":" + internalPort);
        Map<String, Object> serdeConfig = new HashMap<>();
        settings.stringPropertyNames().stream().filter(k -> k.startsWith("schema.registry.")
                || k.startsWith("basic.auth.")).forEach(k -> serdeConfig.put(k, settings.getProperty(k)));

        DetectionApp app = new DetectionApp(withServer, env, metrics);
        MetricsApp partnershipMetrics = Boolean.parseBoolean(settings.getProperty("metrics.enabled", "true"))
                ? new MetricsApp(settings, env, metrics) : null;
        // Kafka Streams' own metrics, through Micrometer, beside the application's meters
        new KafkaStreamsMetrics(app.streams(), List.of(Tag.of("app", "detection"))).bindTo(metrics.registry());
        if (partnershipMetrics != null) {
            new KafkaStreamsMetrics(partnershipMetrics.streams(), List.of(Tag.of("app", "partnership-metrics")))
                    .bindTo(metrics.registry());
        }
        AlertBoard board = new AlertBoard();
        String bootstrap = settings.getProperty("bootstrap.servers");
        BoardFeeder feeder = new BoardFeeder(board, bootstrap, serdeConfig);
        Recorder recorder = new Recorder(bootstrap, serdeConfig, metrics);
        AccessAudit audit = new AccessAudit(recorder, self.host() + ":" + self.port(), metrics);
        Chronologies chronologies = new Chronologies(app.streams(), self, secret, audit);
        LiveStreams streams = new LiveStreams(board, limits, metrics.registry());
        Supplier<String> scrape = metrics.registry() instanceof PrometheusMeterRegistry prometheus
                ? prometheus::scrape : null;
        InternalListener internal = new InternalListener(chronologies, secret).start(internalHost, internalPort);
        ConsoleServer server = new ConsoleServer(board, users, chronologies, recorder, audit, streams, scrape)
                .start(host, port);
        app.start();
        if (partnershipMetrics != null) {
            partnershipMetrics.start();
        }
        feeder.start();
        String url = "http://" + host + ":" + server.port() + "/";
        LOG.info("MASH console at {}; instance-to-instance listener on {}:{}", url, internalHost, internalPort);
        return new MashConsole(app, partnershipMetrics, feeder, recorder, new Listeners(server, internal, streams),
                url);
    }

    public String url() {
        return url;
    }

    public DetectionApp app() {
        return app;
    }

    /** The Prometheus scrape address (served when the meter registry is a Prometheus one). */
    public String metricsUrl() {
        return url + "metrics";
    }

    @Override
    public void close() {
        listeners.close();
        feeder.close();
        if (partnershipMetrics != null) {
            partnershipMetrics.close();
        }
        app.close();
        recorder.close();
    }

    private static String internalSecret(Properties settings, Map<String, String> env) {
        String file = settings.getProperty("console.internal.secret.file");
        if (file != null) {
            try {
                return Files.readString(Path.of(file)).trim();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read console.internal.secret.file", e);
            }
        }
        if (env.get(SECRET_ENV) != null && !env.get(SECRET_ENV).isBlank()) {
            return env.get(SECRET_ENV).trim();
        }
        LOG.warn("No console.internal.secret.file or {}: using a random secret, so forwarding works only if this is"
                + " the one instance", SECRET_ENV);
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    private static int port(Properties settings, String key, int byDefault) {
        int port = Integer.parseInt(settings.getProperty(key, Integer.toString(byDefault)));
        return port == 0 ? freePort() : port;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Properties settings = new Properties();
        if (args.length > 0) {
            try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
                settings.load(in);
            }
        }
        MashConsole console = start(settings, System.getenv(), new PipelineMetrics(
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            console.close();
            stopped.countDown();
        }, "console-stop"));
        System.out.println("MASH console at " + console.url());
        stopped.await();
    }
}
