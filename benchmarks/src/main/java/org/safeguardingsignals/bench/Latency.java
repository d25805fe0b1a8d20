package org.safeguardingsignals.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.streams.KafkaStreams;
import org.safeguardingsignals.detection.DetectionApp;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.feed.FeedPublisher;
import org.safeguardingsignals.feed.ProbeChild;
import org.safeguardingsignals.feed.Publication;
import org.safeguardingsignals.runtime.PipelineMetrics;
import org.safeguardingsignals.runtime.Pseudonymiser;

/**
 * Event-to-alert latency at a fixed offered rate: the national mix runs at the rate while probe children, five a
 * second, complete an emerging toxic-trio picture; the time from sending a probe's completing event to its alert
 * being visible to a read_committed consumer is the latency.
 */
final class Latency {
    record Result(double rate, int probes, int answered, long p50, long p95, long p99, long max) {}

    private static final long START = System.nanoTime();
    /** Each probe's send time (ms since start) and latency, written to benchmarks/target/latency-probes.csv. */
    private static final List<String> timeline = Collections.synchronizedList(new ArrayList<>());

    private Latency() {}

    static Result run(BenchWorld world, double rate, int seconds, int warmupSeconds) throws Exception {
        Properties settings = world.appSettings("bench-latency");
        // measure live traffic, not a backlog left by an earlier benchmark in the same run
        settings.put("auto.offset.reset", "latest");
        DetectionApp app = new DetectionApp(settings, Map.of(), new PipelineMetrics(new SimpleMeterRegistry()));
        app.start();
        while (app.streams().state() != KafkaStreams.State.RUNNING) {
            Throughput.sleep(100);
        }
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Thread mash = new Thread(() -> readAlerts(world, sentAt, latencies, warmupSeconds + seconds + 20));
        mash.start();
        Throughput.sleep(2_000); // the consumer joins before the probes begin

        // the first seconds of a new instance (task assignment, first transactions, JIT) are not its steady state:
        // the same load runs first, and its probes are not counted
        OfferedLoad.offer(world, rate, warmupSeconds, 50_000, new ConcurrentHashMap<>(), elapsed -> {});
        int probes = OfferedLoad.offer(world, rate, seconds, 0, sentAt, elapsed -> {});
        mash.join();
        app.close();
        Files.write(Path.of("benchmarks/target/latency-probes.csv"), (Iterable<String>)
                () -> Stream.concat(Stream.of("sent_ms,latency_ms"), timeline.stream())
                        .iterator());
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(
                rate,
                probes,
                sorted.length,
                pct(sorted, 0.5),
                pct(sorted, 0.95),
                pct(sorted, 0.99),
                sorted.length == 0 ? -1 : sorted[sorted.length - 1]);
    }

    static void probe(FeedPublisher publisher, Pseudonymiser pseudonymiser, int n, Map<String, Long> sentAt) {
        List<Publication> events = ProbeChild.events(n, Instant.now());
        publisher.send(events.get(0));
        sentAt.put(pseudonymiser.pseudonymOf(ProbeChild.nhsNumber(n)), System.nanoTime());
        publisher.send(events.get(1));
    }

    private static void readAlerts(BenchWorld world, Map<String, Long> sentAt, List<Long> latencies, int seconds) {
        try (KafkaConsumer<String, RiskAlert> c = world.alertReader("bench-mash-")) {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                c.poll(Duration.ofMillis(20)).forEach(r -> {
                    Long sent = sentAt.remove(r.value().getChildPseudonym());
                    if (sent != null) {
                        long now = System.nanoTime();
                        latencies.add((now - sent) / 1_000_000);
                        timeline.add(String.format("%d,%d", (sent - START) / 1_000_000, (now - sent) / 1_000_000));
                    }
                });
            }
        }
    }

    static long pct(long[] sorted, double q) {
        return sorted.length == 0 ? -1 : sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }

    static String summary(Result r) {
        return String.format(
                        "%.0f events/s offered, %d probes, %d alerts seen: p50 %d ms, p95 %d ms, p99 %d ms, "
                                + "max %d ms",
                        r.rate(), r.probes(), r.answered(), r.p50(), r.p95(), r.p99(), r.max())
                + (r.answered() < r.probes() ? " (" + (r.probes() - r.answered()) + " not seen)" : "");
    }
}
