package org.safeguardingsignals.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.safeguardingsignals.serde.SpecificAvroDeserializer;
import org.safeguardingsignals.topics.Topic;

/**
 * Reads a whole topic afresh, as the broker holds it now (read_committed, no consumer group, from the first offset
 * to the end offsets of the moment it starts), and keeps the records a predicate wants, in each partition's order.
 * For the rare requests that must see everything held (a subject access export), not for the board's hot path.
 */
final class TopicScan {
    private final Properties consumerProps = new Properties();
    private final Map<String, ?> serdeConfig;
    private final Duration within;

    TopicScan(Map<String, Object> consumerConfig, Map<String, ?> serdeConfig, Duration within) {
        consumerProps.putAll(consumerConfig);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProps.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.serdeConfig = serdeConfig;
        this.within = within;
    }

    /** Every record of the topic the predicate wants; an IllegalStateException when it cannot be read in time. */
    <T extends SpecificRecord> List<T> read(Topic<T> topic, Predicate<T> wanted) {
        List<T> out = new ArrayList<>();
        scan(topic, (key, value) -> {
            if (value != null && wanted.test(value)) {
                out.add(value);
            }
        });
        return out;
    }

    /**
     * The latest record of each key the predicate wants, as compaction will leave it: a later tombstone, or a later
     * record the predicate does not want, removes the key.
     */
    <T extends SpecificRecord> Map<String, T> latest(Topic<T> topic, Predicate<T> wanted) {
        Map<String, T> out = new LinkedHashMap<>();
        scan(topic, (key, value) -> {
            out.remove(key);
            if (value != null && wanted.test(value)) {
                out.put(key, value);
            }
        });
        return out;
    }

    private <T extends SpecificRecord> void scan(Topic<T> topic, BiConsumer<String, T> each) {
        SpecificAvroDeserializer<T> values = new SpecificAvroDeserializer<>(topic.valueType());
        values.configure(serdeConfig, false);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), within).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, within);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plus(within);
            while (partitions.stream().anyMatch(p -> consumer.position(p, within) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(topic.name() + " could not be read within " + within);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue; // written after the scan began
                    }
                    each.accept(r.key(), r.value() == null ? null : values.deserialize(r.topic(), r.value()));
                }
            }
        }
    }
}
