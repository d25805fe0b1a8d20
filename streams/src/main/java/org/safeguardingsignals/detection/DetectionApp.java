package org.safeguardingsignals.detection;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.safeguardingsignals.runtime.TopicProvisioner;
import org.safeguardingsignals.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the detection topology against a broker. Usage: {@code DetectionApp [detection.properties]}. The properties
 * hold Kafka Streams settings (bootstrap.servers, application.id, state.dir, ...), the serde's Confluent keys
 * (schema.registry.url, ...), the rule settings read by {@link DetectionConfig}, and pseudonym.key.file (or the
 * SAFEGUARDING_PSEUDONYM_KEY environment variable).
 */
public final class DetectionApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DetectionApp.class);
    public static final String DEFAULT_APPLICATION_ID = "safeguarding-detection";

    private final KafkaStreams streams;
    private final PipelineMetrics metrics;

    public DetectionApp(Properties settings, Map<String, String> env, PipelineMetrics metrics) {
        this.metrics = metrics;
        Map<String, Object> config = asMap(settings);
        DetectionConfig rules = DetectionConfig.from(settings);
        Pseudonymiser pseudonymiser = Pseudonymiser.fromConfig(config, env);
        Topology topology = DetectionTopology.build(rules, pseudonymiser, config, metrics);
        Properties props = streamsProperties(settings, metrics);
        if (Boolean.parseBoolean(settings.getProperty("topics.create", "true"))) {
            createTopics(props, settings, Integer.parseInt(settings.getProperty("topics.partitions", "4")));
        }
        this.streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Stream thread failed; replacing it", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .REPLACE_THREAD;
        });
    }

    /**
     * The Kafka Streams properties the application runs with; tests use the same ones. Defaults: exactly_once_v2,
     * every internal resource explicitly named, bad input dead-lettered rather than fatal.
     */
    public static Properties streamsProperties(Properties settings, PipelineMetrics metrics) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class.getName());
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        // Alerts flow again within seconds when an instance dies (BENCHMARKS.md, failover): the group notices in
        // 6 s rather than Kafka's 45 s, the dead instance's open transaction is aborted after 5 s rather than 10 s
        // (read_committed readers wait for it), and a standby keeps a warm copy of each store on another instance.
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1500");
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "5000");
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
        p.putAll(settings);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        p.put(DeadLetterHandler.METRICS_CONFIG, metrics);
        return p;
    }

    private static void createTopics(Properties props, Properties settings, int partitions) {
        Map<String, String> all = new HashMap<>();
        settings.stringPropertyNames().forEach(k -> all.put(k, settings.getProperty(k)));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", props.getProperty("bootstrap.servers")))) {
            new TopicProvisioner(admin, partitions, TopicProvisioner.retentionOverrides(all)).ensure(Topics.ALL);
        }
    }

    public void start() {
        streams.start();
    }

    public KafkaStreams streams() {
        return streams;
    }

    public PipelineMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }

    static Map<String, Object> asMap(Properties p) {
        Map<String, Object> m = new HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Properties settings = new Properties();
        if (args.length > 0) {
            try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
                settings.load(in);
            }
        }
        DetectionApp app = new DetectionApp(settings, System.getenv(),
                new PipelineMetrics(new SimpleMeterRegistry()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "detection-stop"));
        app.start();
        LOG.info("Detection running (application.id={})", settings.getProperty("application.id",
                DEFAULT_APPLICATION_ID));
        stopped.await();
    }
}
