package org.safeguardingsignals.backtest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.safeguardingsignals.detection.intake.SourceAdapter;
import org.safeguardingsignals.detection.intake.Sources;
import org.safeguardingsignals.runtime.OccurredAtExtractor;
import org.safeguardingsignals.runtime.RegistryOutage;
import org.safeguardingsignals.topics.KafkaConnection;
import org.safeguardingsignals.topics.Topic;

/**
 * The events of the detection rules' input topics that happened in a stretch of time, read from the broker once and
 * held in event-time order for every replay. Each is decoded with the partnership's registry (reading only) and
 * written again for the replay's own registry ({@code SchemaRegistries.isolated()}), so that nothing the replay's
 * serdes register reaches the partnership's.
 *
 * <p>Records are found by the broker's timestamps: an event is sent after it happens, so no event that happened at
 * or after {@code from} was sent before {@code from} less the clock skew the intake tolerates. Its own occurredAt then
 * decides whether it is in.
 */
public final class InputHistory {
    /** One event: its topic, key, value in the replay registry's wire format, and when it happened. */
    public record Event(String topic, String key, byte[] value, Instant occurredAt) {}

    /** What was read: kept, and left out with the reason. */
    public record Counts(long read, long kept, long outsidePeriod, long undecodable, long withoutDate) {}

    private final List<Event> events;
    private final Counts counts;
    private final Map<String, Long> keptByTopic;

    private InputHistory(List<Event> events, Counts counts, Map<String, Long> keptByTopic) {
        this.events = events;
        this.counts = counts;
        this.keptByTopic = keptByTopic;
    }

    /** Held in memory: the events of a backtest, sorted by occurredAt (stable by topic order and offset). */
    public static InputHistory of(List<Event> events, Counts counts) {
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(Event::occurredAt));
        Map<String, Long> byTopic = new LinkedHashMap<>();
        sorted.forEach(e -> byTopic.merge(e.topic(), 1L, Long::sum));
        return new InputHistory(List.copyOf(sorted), counts, byTopic);
    }

    /**
     * Reads the events that happened in [from, to).
     *
     * @param client        bootstrap.servers and the reader's security keys
     * @param sourceRegistry the partnership's registry settings (schema.registry.url, its TLS): read only
     * @param replayRegistry the replay's own registry settings
     * @param skew          how far ahead of the broker's clock an event's occurredAt may be (intake.future-tolerance)
     */
    public static InputHistory read(
            Map<String, ?> client,
            Map<String, ?> sourceRegistry,
            Map<String, ?> replayRegistry,
            Instant from,
            Instant to,
            Duration skew,
            Progress progress) {
        Properties p = new Properties();
        p.putAll(KafkaConnection.of(client));
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"); // no group: it commits nothing, joins nothing
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "safeguarding-backtest-reader");
        Map<String, Decoder<?>> decoders = new HashMap<>();
        for (SourceAdapter<?> source : Sources.ALL) {
            decoders.put(source.topic().name(), Decoder.of(source.topic(), sourceRegistry, replayRegistry));
        }
        List<Event> kept = new ArrayList<>();
        long read = 0;
        long outside = 0;
        long undecodable = 0;
        long withoutDate = 0;
        OccurredAtExtractor occurredAt = new OccurredAtExtractor();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : decoders.keySet()) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> since = new HashMap<>();
            partitions.forEach(tp -> since.put(tp, from.minus(skew).toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(since);
            long toRead = 0;
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp at = start.get(tp);
                long offset = at == null ? end.get(tp) : at.offset();
                consumer.seek(tp, offset);
                toRead += end.get(tp) - offset;
            }
            progress.started("reading the input topics", toRead);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue; // arrived after the read began: not part of this backtest
                    }
                    read++;
                    Decoder<?> decoder = decoders.get(r.topic());
                    SpecificRecord value;
                    try {
                        value = decoder.decode(r);
                    } catch (RuntimeException e) {
                        if (RegistryOutage.isCause(e)) { // not bad input: the backtest cannot be trusted
                            throw new IllegalStateException(
                                    "The schema registry cannot be reached (" + e.getMessage() + "): try again later",
                                    e);
                        }
                        undecodable++; // the pipeline dead-letters it: it raises nothing there either
                        continue;
                    }
                    if (value == null || !hasDate(value)) {
                        withoutDate++; // the pipeline dead-letters it
                        continue;
                    }
                    Instant when = Instant.ofEpochMilli(occurredAt.extract(
                            new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(), value), r.timestamp()));
                    if (when.isBefore(from) || !when.isBefore(to)) {
                        outside++;
                        continue;
                    }
                    kept.add(new Event(r.topic(), r.key(), decoder.encode(r.topic(), value), when));
                }
                progress.advanced(read);
            }
        }
        progress.done(read);
        return of(kept, new Counts(read, kept.size(), outside, undecodable, withoutDate));
    }

    private static boolean hasDate(SpecificRecord value) {
        var field = value.getSchema().getField("header");
        return field != null
                && value.get(field.pos()) instanceof org.safeguardingsignals.events.EventHeader h
                && h.getOccurredAt() != null;
    }

    public List<Event> events() {
        return events;
    }

    public Counts counts() {
        return counts;
    }

    /** Events kept per topic, in the order first met. */
    public Map<String, Long> keptByTopic() {
        return keptByTopic;
    }

    /** Decodes with the partnership's registry, encodes for the replay's. */
    private record Decoder<V extends SpecificRecord>(Deserializer<V> in, Serializer<V> out) {
        static <V extends SpecificRecord> Decoder<V> of(
                Topic<V> topic, Map<String, ?> sourceRegistry, Map<String, ?> replayRegistry) {
            return new Decoder<>(topic.valueDeserializer(sourceRegistry), topic.valueSerializer(replayRegistry));
        }

        SpecificRecord decode(ConsumerRecord<String, byte[]> r) {
            return in.deserialize(r.topic(), r.headers(), r.value());
        }

        @SuppressWarnings("unchecked")
        byte[] encode(String topic, SpecificRecord value) {
            return out.serialize(topic, (V) value);
        }
    }
}
