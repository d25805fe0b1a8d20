package org.safeguardingsignals.testing;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.safeguardingsignals.topics.TopicReader;

/**
 * Reads from a real broker by offsets, never by "whatever arrived in a fixed time": wait until an application has
 * consumed its inputs to their end, then read an output to its end (read_committed).
 */
public final class BrokerReads {
    private BrokerReads() {}

    /** Waits until consumer group {@code group} has committed every partition of {@code topics} to its end. */
    public static void awaitConsumed(Admin admin, String group, Collection<String> topics, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> ends = endOffsets(admin, topics);
        Map<TopicPartition, Long> lagging = new HashMap<>(ends);
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            lagging.clear();
            ends.forEach((tp, end) -> {
                OffsetAndMetadata c = committed.get(tp);
                if (end > 0 && (c == null || c.offset() < end)) {
                    lagging.put(tp, end);
                }
            });
            if (lagging.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Group " + group + " did not consume to the end within " + timeout + ": " + lagging);
    }

    /** Every committed record of {@code topic}, from the beginning to its end offsets as they are now. */
    public static <K, V> List<ConsumerRecord<K, V>> readToEnd(
            String bootstrapServers, String topic, Deserializer<K> keys, Deserializer<V> values) {
        return TopicReader.readToEnd(bootstrapServers, topic, keys, values);
    }

    /** Values of {@link #readToEnd}. */
    public static <V> List<V> valuesToEnd(String bootstrapServers, String topic, Deserializer<V> values) {
        return valuesToEnd(Map.of("bootstrap.servers", bootstrapServers), topic, values);
    }

    /** As {@link #readToEnd}, connecting with these client settings (bootstrap address and security keys). */
    public static <K, V> List<ConsumerRecord<K, V>> readToEnd(
            Map<String, ?> client, String topic, Deserializer<K> keys, Deserializer<V> values) {
        return TopicReader.readToEnd(client, topic, keys, values);
    }

    /** Values of {@link #readToEnd}, connecting with these client settings. */
    public static <V> List<V> valuesToEnd(Map<String, ?> client, String topic, Deserializer<V> values) {
        return readToEnd(client, topic, new ByteArrayDeserializer(), values).stream()
                .map(ConsumerRecord::value)
                .toList();
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, Collection<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(topics)
                .allTopicNames()
                .get()
                .forEach((name, d) -> d.partitions()
                        .forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }
}
