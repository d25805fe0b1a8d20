package org.safeguardingsignals.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.safeguardingsignals.serde.SpecificAvroSerializer;
import org.safeguardingsignals.topics.KafkaConnection;

/**
 * Publishes a {@link SyntheticFeed} to Kafka as the agencies would (idempotent producer, our Confluent-format serde),
 * paced so that simulated time runs {@code compression} times faster than the wall clock, never ahead of now.
 */
public final class FeedPublisher implements AutoCloseable {
    private final KafkaProducer<String, SpecificRecord> producer;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong published = new AtomicLong();

    public FeedPublisher(String bootstrapServers, Map<String, ?> serdeConfig) {
        this(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), serdeConfig);
    }

    /**
     * Publishes with these client settings: bootstrap.servers and the feed principal's security.protocol, sasl.* and
     * ssl.* keys (other keys are ignored).
     */
    public FeedPublisher(Map<String, ?> client, Map<String, ?> serdeConfig) {
        Properties p = new Properties();
        p.putAll(KafkaConnection.of(client));
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(serdeConfig, false);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), serializer);
    }

    /** Sends one publication (asynchronously). */
    public void send(Publication p) {
        // The record's timestamp is when it was published (CreateTime), as an agency's producer stamps it; event
        // time travels in header.occurredAt. Stamping year-old events with their own time made the broker's
        // retention delete them as soon as they were written.
        producer.send(new ProducerRecord<>(p.topic().name(), p.key(), p.value()));
        published.incrementAndGet();
    }

    /**
     * Plays the feed until {@link #stop()}: simulated time starts at the feed's first event and runs
     * {@code compression} times faster than the wall clock; once it catches up with now it runs in real time.
     */
    public void play(SyntheticFeed feed, double compression) {
        Instant simStart = feed.peekTime();
        long wallStart = System.nanoTime();
        while (running.get()) {
            double elapsedMs = (System.nanoTime() - wallStart) / 1e6;
            Instant simNow = simStart.plusMillis((long) (elapsedMs * compression));
            Instant now = Instant.now();
            Instant horizon = simNow.isAfter(now) ? now : simNow;
            int sent = 0;
            while (!feed.peekTime().isAfter(horizon) && sent < 10_000) {
                send(feed.next());
                sent++;
            }
            if (sent == 0) {
                sleep(Duration.ofMillis(20));
            }
        }
        producer.flush();
    }

    public long published() {
        return published.get();
    }

    public void stop() {
        running.set(false);
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        stop();
        producer.close(Duration.ofSeconds(10));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
