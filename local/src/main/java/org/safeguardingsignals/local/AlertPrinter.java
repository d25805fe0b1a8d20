package org.safeguardingsignals.local;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.serde.SpecificAvroDeserializer;
import org.safeguardingsignals.topics.Topics;

/** Prints each committed alert as one line, as a MASH duty worker would want to scan them, and keeps the tally. */
final class AlertPrinter implements Runnable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final Map<String, ?> client;
    private final Map<String, ?> serdeConfig;
    private final PrintStream out;
    private final long startNanos;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong firstAlertNanos = new AtomicLong(-1);
    private final Map<String, Long> tally = new TreeMap<>();

    /** Reads with these client settings (bootstrap address and the reader's security keys). */
    AlertPrinter(Map<String, ?> client, Map<String, ?> serdeConfig, PrintStream out, long startNanos) {
        this.client = client;
        this.serdeConfig = serdeConfig;
        this.out = out;
        this.startNanos = startNanos;
    }

    @Override
    public void run() {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "local-run-printer-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        SpecificAvroDeserializer<RiskAlert> values = new SpecificAvroDeserializer<>(RiskAlert.class);
        values.configure(serdeConfig, false);
        try (KafkaConsumer<String, RiskAlert> consumer = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
            consumer.subscribe(List.of(Topics.ALERTS.name()));
            while (running.get()) {
                consumer.poll(Duration.ofMillis(250)).forEach(r -> print(r.value()));
            }
        }
    }

    private void print(RiskAlert a) {
        if (firstAlertNanos.compareAndSet(-1, System.nanoTime())) {
            out.printf("%n  First alert %.1f s after start.%n%n", (firstAlertNanos.get() - startNanos) / 1e9);
            out.printf(
                    "  %-8s  %-24s  %-6s  %-9s  %-12s  %s%n", "time", "rule", "sev", "authority", "child", "evidence");
        }
        synchronized (tally) {
            tally.merge(a.getRuleId() + " " + a.getSeverity(), 1L, Long::sum);
        }
        out.printf(
                "  %-8s  %-24s  %-6s  %-9s  %-12s  %d (%s)%s%n",
                LocalTime.ofInstant(a.getRaisedAt(), ZoneId.systemDefault()).format(TIME),
                a.getRuleId(),
                a.getSeverity(),
                String.join("+", a.getRoutedTo()),
                a.getChildPseudonym().substring(0, 10) + "…",
                a.getEvidence().size(),
                a.getEvidence().stream()
                        .map(e -> e.getAgency().name().substring(0, 1) + ":" + e.getCategory())
                        .distinct()
                        .limit(3)
                        .reduce((x, y) -> x + ", " + y)
                        .orElse(""),
                a.getFormedFromLateData() ? "  formed from late data" : "");
    }

    Map<String, Long> tally() {
        synchronized (tally) {
            return new TreeMap<>(tally);
        }
    }

    double secondsToFirstAlert() {
        long first = firstAlertNanos.get();
        return first < 0 ? Double.NaN : (first - startNanos) / 1e9;
    }

    void stop() {
        running.set(false);
    }
}
