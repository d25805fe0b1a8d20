package org.safeguardingsignals.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.safeguardingsignals.events.ConsoleAccess;
import org.safeguardingsignals.serde.SpecificAvroDeserializer;
import org.safeguardingsignals.topics.Topics;

/**
 * The console's access audit as a test reads it: mark the topic's end offsets, act, then read exactly what was written
 * from the mark up to the end offsets of that moment. The console acknowledges each audit write before it answers, so
 * once the answers are in, so are the records.
 */
final class AuditTrail {
    private final ConsoleWorld world;

    AuditTrail(ConsoleWorld world) {
        this.world = world;
    }

    /** The audit topic's end offsets now. */
    Map<TopicPartition, Long> mark() {
        try (KafkaConsumer<String, ConsoleAccess> c = consumer()) {
            return c.endOffsets(partitions(c));
        }
    }

    /** Every record written since the mark, in each partition's order (so in order for one worker). */
    List<ConsoleAccess> since(Map<TopicPartition, Long> mark) {
        List<ConsoleAccess> out = new ArrayList<>();
        try (KafkaConsumer<String, ConsoleAccess> c = consumer()) {
            List<TopicPartition> partitions = partitions(c);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            c.assign(partitions);
            partitions.forEach(p -> c.seek(p, mark.getOrDefault(p, 0L)));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read the audit topic up to " + end);
                }
                for (ConsumerRecord<String, ConsoleAccess> r : c.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        out.add(r.value());
                    }
                }
            }
        }
        return out;
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, ConsoleAccess> c) {
        return c.partitionsFor(Topics.CONSOLE_ACCESS.name(), Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
    }

    private KafkaConsumer<String, ConsoleAccess> consumer() {
        Properties p = new Properties();
        p.putAll(world.kafka.adminProperties());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        SpecificAvroDeserializer<ConsoleAccess> values = new SpecificAvroDeserializer<>(ConsoleAccess.class);
        values.configure(Map.of("schema.registry.url", world.registry.confluentApiUrl()), false);
        return new KafkaConsumer<>(p, new StringDeserializer(), values);
    }
}
