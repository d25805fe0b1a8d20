package org.safeguardingsignals.detection;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.safeguardingsignals.detection.intake.ChildPlacement;
import org.safeguardingsignals.runtime.Applications;
import org.safeguardingsignals.runtime.InstanceSecret;
import org.safeguardingsignals.runtime.InternalListener;
import org.safeguardingsignals.runtime.OriginalSealer;
import org.safeguardingsignals.runtime.PipelineMetrics;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.runtime.RegistryOutage;
import org.safeguardingsignals.runtime.StreamsDefaults;
import org.safeguardingsignals.runtime.TopicProvisioner;
import org.safeguardingsignals.runtime.identity.IdentityVault;
import org.safeguardingsignals.runtime.settings.InternalSettings;
import org.safeguardingsignals.runtime.settings.SettingsSources;
import org.safeguardingsignals.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detection application: the detection topology on Kafka Streams, and its internal listener (health,
 * readiness, metrics, and the children's chronologies for the console). Usage:
 * {@code DetectionApp [--config detection.properties] [--set key=value]...}; settings in docs/CONFIGURATION.md.
 */
public final class DetectionApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DetectionApp.class);
    public static final String DEFAULT_APPLICATION_ID = "safeguarding-detection";

    private final DetectionSettings settings;
    private final KafkaStreams streams;
    private final PipelineMetrics metrics;
    private final InternalListener internal;
    private final ChildPlacement placement = ChildPlacement.unknown();

    public DetectionApp(DetectionSettings settings, Map<String, String> env, PipelineMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        Map<String, Object> serdeConfig = new HashMap<>(settings.registry());
        DetectionConfig rules = DetectionConfig.from(rulesOf(settings));
        Pseudonymiser pseudonymiser = Pseudonymiser.fromConfig(settings.originals(), env);
        Optional<IdentityVault.Sealer> vault = Optional.ofNullable(settings.getString(IdentityVault.CERTIFICATE_CONFIG))
                .map(file -> IdentityVault.Sealer.fromPem(Path.of(file)));
        if (vault.isEmpty()) {
            LOG.warn(
                    "No {}: children's identities are not kept, and the console cannot reveal them",
                    IdentityVault.CERTIFICATE_CONFIG);
        }
        Topology topology = DetectionTopology.build(rules, placement, pseudonymiser, vault, serdeConfig, metrics);
        InstanceSecret secret = instanceSecret(settings, env);
        this.internal = InternalListener.start(
                settings.getString(InternalSettings.HOST),
                settings.getInt(InternalSettings.PORT),
                this::live,
                this::ready,
                metrics.prometheusScrape());
        String advertised = settings.getString(InternalSettings.ADVERTISED_HOST) != null
                ? settings.getString(InternalSettings.ADVERTISED_HOST)
                : settings.getString(InternalSettings.HOST);
        HostInfo self = new HostInfo(advertised, internal.port());
        this.streams = new KafkaStreams(topology, streamsProperties(settings, metrics, self));
        RegistryOutage.replaceFailedThreads(streams, LOG);
        // Kafka Streams' own metrics, through Micrometer, beside the application's meters
        new KafkaStreamsMetrics(streams, List.of(Tag.of("app", "detection"))).bindTo(metrics.registry());
        ChildQueries queries = new ChildQueries(streams, self, secret);
        internal.route(
                ChildQueries.PATH,
                secret,
                (rest, header) -> queries.answer(rest, header.apply(ChildQueries.FORWARDED_HEADER) != null));
    }

    /** Convenience for tests and the local run: settings from properties. */
    public DetectionApp(Properties settings, Map<String, String> env, PipelineMetrics metrics) {
        this(new DetectionSettings(Applications.asMap(settings)), env, metrics);
    }

    /**
     * The Kafka Streams properties the application runs with; tests use the same ones: the runtime's defaults,
     * the user's Kafka and registry keys, and what detection forces (it writes the dead letters).
     */
    static Properties streamsProperties(DetectionSettings settings, PipelineMetrics metrics, HostInfo self) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
        p.putAll(settings.kafka());
        p.putAll(settings.registry()); // the dead-letter handler serialises with them
        Object certificate = settings.getString(OriginalSealer.CERTIFICATE_CONFIG);
        if (certificate != null) {
            p.put(OriginalSealer.CERTIFICATE_CONFIG, certificate);
        }
        if (self != null) {
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        }
        return StreamsDefaults.properties(p, metrics, StreamsDefaults.DeadLetters.WRITE);
    }

    /** The Kafka Streams properties for the given settings, as the application would run (for tests). */
    public static Properties streamsProperties(Properties settings, PipelineMetrics metrics) {
        return streamsProperties(new DetectionSettings(Applications.asMap(settings)), metrics, null);
    }

    public void start() {
        if (settings.getBoolean(DetectionSettings.TOPICS_CREATE)) {
            Map<String, Object> admin = new HashMap<>(settings.kafka());
            try (Admin client = Admin.create(admin)) {
                new TopicProvisioner(
                                client,
                                settings.getInt(DetectionSettings.TOPICS_PARTITIONS),
                                TopicProvisioner.retentionOverrides(settings.dynamic()))
                        .ensure(Topics.ALL);
            }
        }
        placeChildren();
        streams.start();
    }

    /**
     * Learns the input topics' partition count, so that an event on its child's partition skips the repartition hop.
     * Topics of differing counts, or none readable: every child's signals take the hop (correct, slower), with a
     * warning that says why.
     */
    private void placeChildren() {
        List<String> inputs = Topics.inputs().stream().map(t -> t.name()).toList();
        try (Admin client = Admin.create(new HashMap<>(settings.kafka()))) {
            Map<String, Integer> counts = new TreeMap<>();
            client.describeTopics(inputs)
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .forEach((name, d) -> counts.put(name, d.partitions().size()));
            Set<Integer> distinct = Set.copyOf(counts.values());
            if (distinct.size() == 1) {
                placement.resolve(distinct.iterator().next());
                LOG.info(
                        "Input topics have {} partitions each: events on their child's partition skip the repartition"
                                + " hop",
                        placement.partitions());
            } else {
                LOG.warn(
                        "Input topics have differing partition counts {}: every child's signals take the repartition"
                                + " hop. Give them one count for one hop from event to alert",
                        counts);
            }
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn(
                    "Could not read the input topics' partition counts ({}): every child's signals take the"
                            + " repartition hop",
                    e.getCause() == null ? e.toString() : e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the input topics", e);
        }
    }

    public KafkaStreams streams() {
        return streams;
    }

    public PipelineMetrics metrics() {
        return metrics;
    }

    /** The internal listener's port (health, readiness, metrics, chronologies). */
    public int internalPort() {
        return internal.port();
    }

    private boolean live() {
        return Applications.live(streams);
    }

    private boolean ready() {
        return Applications.ready(streams);
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        internal.close();
    }

    private static Properties rulesOf(DetectionSettings settings) {
        Properties p = new Properties();
        settings.originalsStrings().forEach(p::setProperty);
        return p;
    }

    /** The shared secret from settings or environment; a random one (this instance alone) with a warning. */
    static InstanceSecret instanceSecret(DetectionSettings settings, Map<String, String> env) {
        String file = settings.getString(InternalSettings.SECRET_FILE);
        if (file == null && env.get(InternalSettings.SECRET_ENV) == null) {
            LOG.warn(
                    "No {} or {}: using a random instance secret, so only this instance can answer for the "
                            + "children it holds",
                    InternalSettings.SECRET_FILE,
                    InternalSettings.SECRET_ENV);
            byte[] b = new byte[32];
            new SecureRandom().nextBytes(b);
            return new InstanceSecret(Base64.getEncoder().encodeToString(b));
        }
        return InstanceSecret.from(file, env, InternalSettings.SECRET_ENV);
    }

    public static void main(String[] args) throws InterruptedException {
        DetectionSettings settings =
                new DetectionSettings(SettingsSources.load(args, System.getenv(), DetectionSettings.knownKeys()));
        DetectionApp app = new DetectionApp(settings, System.getenv(), Applications.prometheusMetrics());
        Applications.runUntilStopped("detection", app, () -> {
            app.start();
            LOG.info("Detection running; internal listener on port {}", app.internalPort());
        });
    }
}
