package org.safeguardingsignals.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.safeguardingsignals.embedded.ApicurioRegistry;
import org.safeguardingsignals.embedded.EmbeddedKafka;
import org.safeguardingsignals.embedded.KafkaCluster;
import org.safeguardingsignals.embedded.SecuredKafka;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.feed.FeedPublisher;
import org.safeguardingsignals.feed.FeedSettings;
import org.safeguardingsignals.feed.SyntheticFeed;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.serde.SpecificAvroDeserializer;
import org.safeguardingsignals.topics.Topics;

/**
 * A real broker (in-process KRaft, or a cluster of child JVMs for the broker faults) and registry, the pipeline's
 * topics, and synthetic national events loaded.
 */
final class BenchWorld implements AutoCloseable {
    static final int PARTITIONS = 4;
    static final String KEY = "benchmark-pseudonym-key-of-at-least-32-bytes";
    final SecuredKafka kafka;
    /** The cluster of child JVMs, whose nodes can be killed and restarted; null for the in-process broker. */
    final KafkaCluster cluster;

    final ApicurioRegistry registry;
    final Path dir;
    final Admin admin;
    /** Partitions behind at the last lag check, for diagnosis. */
    final List<String> lagged = new ArrayList<>();

    BenchWorld() throws Exception {
        this(0);
    }

    /**
     * With {@code brokers} 0 the in-process broker; otherwise a cluster of that many nodes in child JVMs (three: as
     * deployed, replication 3 and {@code min.insync.replicas} 2).
     */
    BenchWorld(int brokers) throws Exception {
        long t0 = System.nanoTime();
        dir = Files.createTempDirectory("bench-");
        Map<String, String> brokerSettings = new HashMap<>(); // --set bench.broker.KEY=V
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("bench.broker."))
                .forEach(k -> brokerSettings.put(k.substring("bench.broker.".length()), System.getProperty(k)));
        cluster = brokers == 0
                ? null
                : KafkaCluster.start(dir.resolve("cluster"), brokers, brokerSettings, Duration.ofSeconds(120));
        kafka = cluster == null ? EmbeddedKafka.start() : cluster;
        registry = ApicurioRegistry.shared();
        Files.writeString(dir.resolve("pseudonym.key"), KEY);
        admin = kafka.admin();
        kafka.createTopics(Topics.ALL.stream().map(t -> t.name()).toList(), PARTITIONS);
        kafka.createTopics(List.of(PassThrough.OUTPUT, PassThrough.FLOOR_OUTPUT), PARTITIONS);
        Bench.say(
                "%s and registry ready in %.1f s",
                cluster == null ? "broker" : brokers + " brokers", (System.nanoTime() - t0) / 1e9);
    }

    Map<String, Object> serdeConfig() {
        return Map.of("schema.registry.url", registry.confluentApiUrl());
    }

    Properties appSettings(String applicationId) {
        Properties s = new Properties();
        // the benchmarks' own application ids and topic are in no access rule: they run as the administrator, over
        // the same TLS and SCRAM as every client
        s.putAll(kafka.adminProperties());
        s.put("application.id", applicationId);
        s.put("state.dir", dir.resolve("state-" + applicationId).toString());
        s.put("schema.registry.url", registry.confluentApiUrl());
        s.put(Pseudonymiser.KEY_FILE_CONFIG, dir.resolve("pseudonym.key").toString());
        s.put("topics.create", "false");
        s.put("num.stream.threads", "1");
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("bench.streams."))
                .forEach(k -> s.put(k.substring("bench.streams.".length()), System.getProperty(k)));
        return s;
    }

    /** Publishes {@code n} events of the national mix (England scale, starting a year ago) as fast as it can. */
    void load(long n, long seed) {
        FeedSettings settings = new FeedSettings(
                        seed,
                        FeedSettings.defaults().authorities(),
                        40_000,
                        0.04,
                        0.05,
                        0.04,
                        0.004,
                        0.01,
                        Instant.now().minus(Duration.ofDays(366)))
                .england();
        SyntheticFeed feed = new SyntheticFeed(settings);
        long t0 = System.nanoTime();
        try (FeedPublisher publisher = new FeedPublisher(kafka.adminProperties(), serdeConfig())) {
            String only = System.getProperty("bench.only"); // e.g. "referrals": load just one input topic
            for (long i = 1; i <= n; i++) {
                var next = feed.next();
                while (only != null && !next.topic().name().matches(".*(" + only + ").*")) {
                    next = feed.next();
                }
                publisher.send(next);
                if (i % 250_000 == 0) {
                    Bench.say("  loaded %,d of %,d events (%.0f/s)", i, n, i / ((System.nanoTime() - t0) / 1e9));
                }
            }
            publisher.flush();
        }
        Bench.say("loaded %,d events in %.1f s", n, (System.nanoTime() - t0) / 1e9);
    }

    /** A MASH team's view of the alerts: read_committed, from now on, subscribed. */
    KafkaConsumer<String, RiskAlert> alertReader(String groupPrefix) {
        Properties p = new Properties();
        p.putAll(kafka.adminProperties());
        p.put("group.id", groupPrefix + UUID.randomUUID());
        p.put("auto.offset.reset", "latest");
        p.put("isolation.level", "read_committed");
        var values = new SpecificAvroDeserializer<>(RiskAlert.class);
        values.configure(serdeConfig(), false);
        var consumer = new KafkaConsumer<>(p, new StringDeserializer(), values);
        consumer.subscribe(List.of(Topics.ALERTS.name()));
        return consumer;
    }

    /** Partitions of these topics. */
    List<TopicPartition> partitions(Collection<String> topics) throws Exception {
        return admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .toList();
    }

    /** True when the group has committed the end of every partition of these topics. */
    boolean caughtUp(String group, List<TopicPartition> partitions) throws Exception {
        return lag(group, partitions) == 0;
    }

    /** Records not yet committed by the group, over these partitions. */
    long lag(String group, List<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest =
                partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        var ends = admin.listOffsets(latest).all().get();
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>(admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get());
        long lag = 0;
        lagged.clear();
        for (TopicPartition p : partitions) {
            long end = ends.get(p).offset();
            OffsetAndMetadata c = committed.get(p);
            long behind = Math.max(0, end - (c == null ? 0 : c.offset()));
            if (behind > 0) {
                lagged.add(p + " committed " + (c == null ? "none" : c.offset()) + " of " + end);
            }
            lag += behind;
        }
        return lag;
    }

    /** Dead letters written so far, by reason (read_committed, from the beginning of the dead-letter topic). */
    Map<String, Long> deadLettersByReason() throws Exception {
        List<TopicPartition> partitions = partitions(List.of(Topics.DEAD_LETTERS.name()));
        Properties p = new Properties();
        p.putAll(kafka.adminProperties());
        p.put("group.id", "bench-dead-letters-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        var values = Topics.DEAD_LETTERS.valueDeserializer(serdeConfig());
        Map<String, Long> byReason = new java.util.TreeMap<>();
        try (var c =
                new KafkaConsumer<>(p, new org.apache.kafka.common.serialization.ByteArrayDeserializer(), values)) {
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = c.endOffsets(partitions);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline && partitions.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
                c.poll(Duration.ofMillis(200))
                        .forEach(r -> byReason.merge(r.value().getReason().name(), 1L, Long::sum));
            }
        }
        return byReason;
    }

    /** Input topics the detection rules read. */
    static List<String> inputs() {
        return Topics.inputs().stream().map(t -> t.name()).toList();
    }

    @Override
    public void close() {
        admin.close();
        kafka.close();
    }
}
