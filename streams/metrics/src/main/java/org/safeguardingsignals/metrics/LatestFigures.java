package org.safeguardingsignals.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.safeguardingsignals.events.PartnershipMetric;
import org.safeguardingsignals.serde.SpecificAvroDeserializer;
import org.safeguardingsignals.topics.KafkaConnection;
import org.safeguardingsignals.topics.Topics;

/** What the partnership report reads: the metrics topic from its beginning to its end, read_committed. */
final class LatestFigures {
    private LatestFigures() {}

    /** Every figure on the topic, the latest per key. */
    static List<PartnershipMetric> read(String bootstrap, String registryUrl) {
        return read(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), registryUrl);
    }

    /** As above, connecting with these settings (bootstrap address and the analyst's security keys). */
    static List<PartnershipMetric> read(Map<String, ?> client, String registryUrl) {
        Properties p = new Properties();
        p.putAll(KafkaConnection.of(client));
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "partnership-report-" + UUID.randomUUID());
        SpecificAvroDeserializer<PartnershipMetric> values = new SpecificAvroDeserializer<>(PartnershipMetric.class);
        Map<String, Object> serde = new HashMap<>(client); // ssl.* keys: the registry's TLS falls back to them
        serde.put("schema.registry.url", registryUrl);
        values.configure(serde, false);
        Map<String, PartnershipMetric> latest = new HashMap<>();
        try (KafkaConsumer<String, PartnershipMetric> c = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
            List<TopicPartition> parts =
                    c.partitionsFor(Topics.PARTNERSHIP_METRICS.name(), Duration.ofSeconds(10)).stream()
                            .map(i -> new TopicPartition(i.topic(), i.partition()))
                            .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                c.poll(Duration.ofMillis(500)).forEach(r -> latest.put(r.key(), r.value()));
            }
        }
        return new ArrayList<>(latest.values());
    }
}
