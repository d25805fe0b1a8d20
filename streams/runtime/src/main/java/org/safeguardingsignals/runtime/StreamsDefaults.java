package org.safeguardingsignals.runtime;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams properties every application runs with, and its tests use: exactly_once_v2, every internal
 * resource explicitly named, failover tuned (BENCHMARKS.md), and a dead-letter policy. Only the detection
 * application writes dead letters; the others skip and count what they cannot read ({@link SkipAndCount}).
 */
public final class StreamsDefaults {
    /** What an application does with input it cannot read. */
    public enum DeadLetters {
        /** Write it to the dead-letter topic once, sealed, with its reason (the detection application). */
        WRITE,
        /** Skip it and count it under the application's own name (applications reading the same inputs). */
        SKIP_AND_COUNT
    }

    private StreamsDefaults() {}

    /** Defaults, then the application's settings, then what the application forces. */
    public static Properties properties(Properties settings, PipelineMetrics metrics, DeadLetters policy) {
        Properties p = new Properties();
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
        String handler = policy == DeadLetters.WRITE ? DeadLetterHandler.class.getName() : SkipAndCount.class.getName();
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, handler);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, handler);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        p.put(DeadLetterHandler.METRICS_CONFIG, metrics);
        return p;
    }
}
