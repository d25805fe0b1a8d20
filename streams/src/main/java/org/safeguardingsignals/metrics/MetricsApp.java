package org.safeguardingsignals.metrics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.safeguardingsignals.detection.DetectionApp;
import org.safeguardingsignals.detection.PipelineMetrics;
import org.safeguardingsignals.detection.Pseudonymiser;

/**
 * Runs the partnership metrics topology as its own Kafka Streams application (application.id
 * {@value #APPLICATION_ID}), so that it can be deployed, scaled and reset apart from detection. Reads the same
 * settings as the detection app, plus metrics.publish.interval (PT10S).
 */
public final class MetricsApp implements AutoCloseable {
    public static final String APPLICATION_ID = "safeguarding-partnership-metrics";
    private final KafkaStreams streams;

    public MetricsApp(Properties settings, Map<String, String> env, PipelineMetrics metrics) {
        Map<String, Object> config = new java.util.HashMap<>();
        settings.stringPropertyNames().forEach(k -> config.put(k, settings.getProperty(k)));
        Duration interval = Duration.parse(settings.getProperty("metrics.publish.interval", "PT10S"));
        Properties props = DetectionApp.streamsProperties(settings, metrics);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.getProperty("metrics.application.id",
                APPLICATION_ID));
        props.remove(StreamsConfig.APPLICATION_SERVER_CONFIG);
        // detection owns the dead letters: this application skips what it cannot read and counts it as its own
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, SkipAndCount.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, SkipAndCount.class.getName());
        if (settings.getProperty("state.dir") != null) {
            props.put(StreamsConfig.STATE_DIR_CONFIG, Path.of(settings.getProperty("state.dir"), "metrics")
                    .toString());
        }
        this.streams = new KafkaStreams(PartnershipMetricsTopology.build(Pseudonymiser.fromConfig(config, env),
                config, interval), props);
    }

    public void start() {
        streams.start();
    }

    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
