package org.safeguardingsignals.metrics;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.safeguardingsignals.runtime.Applications;
import org.safeguardingsignals.runtime.InternalListener;
import org.safeguardingsignals.runtime.PipelineMetrics;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.runtime.RegistryOutage;
import org.safeguardingsignals.runtime.StreamsDefaults;
import org.safeguardingsignals.runtime.settings.InternalSettings;
import org.safeguardingsignals.runtime.settings.SettingsSources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partnership-metrics application (application.id {@value #APPLICATION_ID} by default), deployed, scaled and
 * reset apart from detection, with its own internal listener (health, readiness, metrics). Usage:
 * {@code MetricsApp [--config metrics.properties] [--set key=value]...}; settings in docs/CONFIGURATION.md.
 */
public final class MetricsApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsApp.class);
    public static final String APPLICATION_ID = "safeguarding-partnership-metrics";
    private final KafkaStreams streams;
    private final InternalListener internal;
    private final PublishedFigures figures;

    public MetricsApp(MetricsSettings settings, Map<String, String> env, PipelineMetrics metrics) {
        Duration interval = Duration.parse(settings.getString(MetricsSettings.PUBLISH_INTERVAL));
        Map<String, Object> serdeConfig = new HashMap<>(settings.registry());
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        p.putAll(settings.kafka());
        p.putAll(settings.registry());
        // detection owns the dead letters: this application skips what it cannot read and counts it as its own
        Properties props = StreamsDefaults.properties(p, metrics, StreamsDefaults.DeadLetters.SKIP_AND_COUNT);
        this.streams = new KafkaStreams(
                PartnershipMetricsTopology.build(
                        Pseudonymiser.fromConfig(settings.originals(), env),
                        serdeConfig,
                        interval,
                        settings.childPopulations()),
                props);
        // Kafka Streams' own metrics, through Micrometer, beside the application's meters
        RegistryOutage.replaceFailedThreads(streams, LOG);
        new KafkaStreamsMetrics(streams, List.of(Tag.of("app", "partnership-metrics"))).bindTo(metrics.registry());
        // the published figures, for the dashboard: only what disclosure control lets out
        this.figures = new PublishedFigures(settings.kafka(), serdeConfig, metrics.registry(), Clock.systemUTC());
        this.internal = InternalListener.start(
                settings.getString(InternalSettings.HOST),
                settings.getInt(InternalSettings.PORT),
                this::live,
                this::ready,
                metrics.prometheusScrape());
    }

    /** Convenience for tests and the local run: settings from properties. */
    public MetricsApp(Properties settings, Map<String, String> env, PipelineMetrics metrics) {
        this(new MetricsSettings(Applications.asMap(settings)), env, metrics);
    }

    public void start() {
        streams.start();
        figures.start();
    }

    public KafkaStreams streams() {
        return streams;
    }

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
        figures.close();
        streams.close(Duration.ofSeconds(30));
        internal.close();
    }

    public static void main(String[] args) throws InterruptedException {
        MetricsSettings settings =
                new MetricsSettings(SettingsSources.load(args, System.getenv(), MetricsSettings.knownKeys()));
        MetricsApp app = new MetricsApp(settings, System.getenv(), Applications.prometheusMetrics());
        Applications.runUntilStopped("metrics", app, () -> {
            app.start();
            LOG.info("Partnership metrics running; internal listener on port {}", app.internalPort());
        });
    }
}
