package org.safeguardingsignals.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.AlertWindow;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.feed.FeedPublisher;
import org.safeguardingsignals.feed.ProbeChild;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.serde.SpecificAvroDeserializer;
import org.safeguardingsignals.serde.SpecificAvroSerializer;
import org.safeguardingsignals.topics.Topics;

/**
 * The alerts of a console run. A board's history is written before the console starts. Then, at steady rates, probe
 * children go through detection, each raising exactly one alert (ProbeChild) and a work item, and large alerts (an
 * exploitation-risk alert listing every indicator of its window) are written as detection writes them. Every probe
 * and large alert takes the next number of one sequence, so a phase's alerts are a range of it. A read_committed
 * reader of the alert topic notes when each alert became visible: the moment a console could first have it.
 */
final class AlertFlow implements AutoCloseable {
    /**
     * An alert as the reader saw it: its number in the run's sequence (-1 for none), whether a probe child's (whose
     * chronology detection holds), whether routed to Lambeth (whose workers read the streams), and when it became
     * visible.
     */
    record Seen(String alertId, String child, int seq, boolean probe, boolean lambeth, long nanos) {}

    private static final String LARGE = "large-";

    private final BenchWorld world;
    private final Pseudonymiser pseudonymiser = new Pseudonymiser(BenchWorld.KEY.getBytes(StandardCharsets.UTF_8));
    private final Map<String, Integer> seqOfChild = new ConcurrentHashMap<>();
    private final List<Seen> seen = new ArrayList<>();
    private final AtomicBoolean reading = new AtomicBoolean(true);
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicInteger nextSeq = new AtomicInteger();
    private final AtomicInteger nextProbe = new AtomicInteger();
    private final Thread reader;
    private final List<Thread> senders = new ArrayList<>();

    /** Starts reading the alert topic from its end now. */
    AlertFlow(BenchWorld world) throws Exception {
        this.world = world;
        Properties p = new Properties();
        p.putAll(world.kafka.adminProperties());
        p.put("isolation.level", "read_committed");
        var values = new SpecificAvroDeserializer<>(RiskAlert.class);
        values.configure(world.serdeConfig(), false);
        KafkaConsumer<String, RiskAlert> consumer = new KafkaConsumer<>(p, new StringDeserializer(), values);
        List<TopicPartition> partitions = world.partitions(List.of(Topics.ALERTS.name()));
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // the end is fixed now, before any probe is sent
        reader = new Thread(() -> read(consumer), "bench-alert-reader");
        reader.start();
    }

    /**
     * From now until {@link #stop}: a probe child every {@code 1/probesPerSecond} s, and a large alert of {@code lines}
     * evidence lines for {@code authority} every {@code 1/largePerSecond} s (none at 0).
     */
    synchronized void start(double probesPerSecond, double largePerSecond, int lines, String authority) {
        sending.set(true);
        senders.add(new Thread(() -> probe(probesPerSecond), "bench-prober"));
        if (largePerSecond > 0) {
            senders.add(new Thread(() -> large(largePerSecond, lines, authority), "bench-large-alerts"));
        }
        senders.forEach(Thread::start);
    }

    /** Stops sending. */
    synchronized void stop() throws InterruptedException {
        sending.set(false);
        for (Thread t : senders) {
            t.join();
        }
        senders.clear();
    }

    /** The next number of the sequence: what is sent after this call has this number or a higher one. */
    int mark() {
        return nextSeq.get();
    }

    private void probe(double perSecond) {
        Map<String, Long> ignored = new ConcurrentHashMap<>();
        try (FeedPublisher publisher =
                new FeedPublisher(world.kafka.clientProperties("synthetic-feed"), world.serdeConfig())) {
            paced(perSecond, () -> {
                int n = nextProbe.getAndIncrement();
                seqOfChild.put(pseudonymiser.pseudonymOf(ProbeChild.nhsNumber(n)), nextSeq.getAndIncrement());
                Latency.probe(publisher, pseudonymiser, n, ignored);
                publisher.flush(); // each probe on its way now, not with the next batch
                ignored.clear();
            });
        }
    }

    private void large(double perSecond, int lines, String authority) {
        Random random = new Random(11);
        try (var producer = alertProducer(world)) {
            paced(perSecond, () -> {
                RiskAlert alert = large(random, nextSeq.getAndIncrement(), lines, authority);
                producer.send(new ProducerRecord<>(Topics.ALERTS.name(), alert.getChildPseudonym(), alert));
                producer.flush();
            });
        }
    }

    /** An exploitation-risk alert for {@code authority} listing {@code lines} indicators of its 90 days. */
    private static RiskAlert large(Random random, int seq, int lines, String authority) {
        Instant now = Instant.now();
        IndicatorCategory[] kinds = {
            IndicatorCategory.MISSING_EPISODE,
            IndicatorCategory.SCHOOL_EXCLUSION,
            IndicatorCategory.CHILD_POLICE_CONTACT,
            IndicatorCategory.UNSCHEDULED_CARE,
            IndicatorCategory.EXPLOITATION
        };
        List<Evidence> evidence = new ArrayList<>();
        for (int e = 0; e < lines; e++) {
            evidence.add(Evidence.newBuilder()
                    .setAgency(Agency.values()[random.nextInt(Agency.values().length)])
                    .setSourceEventId(UUID.randomUUID().toString())
                    .setSourceReference("REF-" + random.nextInt(1_000_000))
                    .setCategory(kinds[random.nextInt(kinds.length)])
                    .setOccurredAt(now.minus(Duration.ofHours(random.nextInt(90 * 24))))
                    .build());
        }
        byte[] child = new byte[32];
        random.nextBytes(child);
        return RiskAlert.newBuilder()
                .setAlertId(LARGE + seq + "-" + UUID.randomUUID())
                .setRuleId("exploitation-risk")
                .setRuleVersion(1)
                .setSeverity(Severity.HIGH)
                .setChildPseudonym(HexFormat.of().formatHex(child))
                .setLocalAuthority(authority)
                .setEvidence(evidence)
                .setWindow(new AlertWindow(now.minus(Duration.ofDays(90)), now))
                .setRaisedAt(now)
                .setRoutedTo(List.of(authority))
                .build();
    }

    /** Runs {@code send} every {@code 1/perSecond} s until stopped. */
    private void paced(double perSecond, Runnable send) {
        long period = (long) (1e9 / perSecond);
        long next = System.nanoTime();
        while (sending.get()) {
            send.run();
            next += period;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Throughput.sleep(wait / 1_000_000);
            }
        }
    }

    static KafkaProducer<String, SpecificRecord> alertProducer(BenchWorld world) {
        Properties p = new Properties();
        p.putAll(world.kafka.clientProperties("detection")); // only detection may write alerts
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(world.serdeConfig(), false);
        return new KafkaProducer<>(p, new StringSerializer(), serializer);
    }

    private void read(KafkaConsumer<String, RiskAlert> consumer) {
        try (consumer) {
            while (reading.get()) {
                consumer.poll(Duration.ofMillis(20)).forEach(r -> {
                    long now = System.nanoTime();
                    String id = r.value().getAlertId();
                    Integer probe = seqOfChild.get(r.value().getChildPseudonym());
                    int seq = probe != null
                            ? probe
                            : id.startsWith(LARGE)
                                    ? Integer.parseInt(id.substring(LARGE.length(), id.indexOf('-', LARGE.length())))
                                    : -1;
                    synchronized (seen) {
                        seen.add(new Seen(
                                id,
                                r.value().getChildPseudonym(),
                                seq,
                                probe != null,
                                r.value().getRoutedTo().contains(LoadUsers.AUTHORITY),
                                now));
                    }
                });
            }
        }
    }

    /** Every alert seen so far, in the order seen. */
    List<Seen> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    /** Probe children sent with sequence numbers {@code first} (inclusive) to {@code end} (exclusive). */
    int probes(int first, int end) {
        return (int) seqOfChild.values().stream()
                .filter(seq -> seq >= first && seq < end)
                .count();
    }

    /** The alerts of sequence numbers {@code first} (inclusive) to {@code end} (exclusive), once each has one. */
    List<Seen> awaitSent(int first, int end, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            List<Seen> alerts = seen().stream()
                    .filter(s -> s.seq() >= first && s.seq() < end)
                    .toList();
            long sent = alerts.stream().mapToInt(Seen::seq).distinct().count();
            if (sent == end - first || System.nanoTime() > deadline) {
                return alerts;
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        reading.set(false);
        reader.join();
    }
}
