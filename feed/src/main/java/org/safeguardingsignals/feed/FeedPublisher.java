package org.safeguardingsignals.feed;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.safeguardingsignals.serde.SpecificAvroSerializer;
import org.safeguardingsignals.topics.KafkaConnection;
import org.safeguardingsignals.validation.ChildPartitioner;

/**
 * Publishes a {@link SyntheticFeed} to Kafka as the agencies would (idempotent producer, our Confluent-format serde).
 *
 * <p>One time frame with the agencies: the feed's events are dated in the past and present only, never ahead of the
 * wall clock. It replays its history (from {@link FeedSettings#start()} up to now) {@code compression} times faster
 * than the wall clock, then follows real time: once caught up, each event is sent when the wall clock reaches its time,
 * so its events and an agency's events published now share one clock. Events an agency publishes dated today while
 * the history still replays move stream time ahead of the feed, and the rest of the history arrives as late data
 * (judged against the present); so the local run says when the feed has caught up.
 */
public final class FeedPublisher implements AutoCloseable {
    private final Producer<String, SpecificRecord> producer;
    private final Clock clock;
    private final Consumer<Duration> pause;
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
        this(producer(client, serdeConfig), Clock.systemUTC(), FeedPublisher::sleep);
    }

    /** A publisher on the given producer, wall clock and pause (tests: a MockProducer and a clock they move). */
    FeedPublisher(Producer<String, SpecificRecord> producer, Clock clock, Consumer<Duration> pause) {
        this.producer = producer;
        this.clock = clock;
        this.pause = pause;
    }

    private static Producer<String, SpecificRecord> producer(Map<String, ?> client, Map<String, ?> serdeConfig) {
        Properties p = new Properties();
        p.putAll(KafkaConnection.of(client));
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // each event on its child's partition, as the agencies' SDK sends it: one hop from event to alert
        p.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, ChildPartitioner.class.getName());
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(serdeConfig, false);
        return new KafkaProducer<>(p, new StringSerializer(), serializer);
    }

    /** Sends one publication (asynchronously). */
    public void send(Publication p) {
        // The record's timestamp is when it was published (CreateTime), as an agency's producer stamps it; event
        // time travels in header.occurredAt. Stamping year-old events with their own time made the broker's
        // retention delete them as soon as they were written.
        producer.send(new ProducerRecord<>(p.topic().name(), p.key(), p.value()));
        published.incrementAndGet();
    }

    /** Plays the feed until {@link #stop()}, saying nothing when it catches up. */
    public void play(SyntheticFeed feed, double compression) {
        play(feed, compression, () -> {});
    }

    /**
     * Plays the feed until {@link #stop()}: simulated time starts at the feed's first event and runs
     * {@code compression} times faster than the wall clock; once it reaches now, the feed has caught up with the
     * present: {@code caughtUp} runs once (after every event of the history has been acknowledged), and from then on
     * the feed runs in real time.
     */
    public void play(SyntheticFeed feed, double compression, Runnable caughtUp) {
        Instant simStart = feed.peekTime();
        Instant wallStart = clock.instant();
        boolean behind = true;
        while (running.get()) {
            Instant now = clock.instant();
            Instant simNow =
                    simStart.plusMillis((long) (Duration.between(wallStart, now).toMillis() * compression));
            Instant horizon = simNow.isAfter(now) ? now : simNow;
            int sent = 0;
            while (!feed.peekTime().isAfter(horizon) && sent < 10_000) {
                send(feed.next());
                sent++;
            }
            if (behind && !simNow.isBefore(now) && feed.peekTime().isAfter(now)) {
                behind = false;
                producer.flush();
                caughtUp.run();
            }
            if (sent == 0) {
                pause.accept(Duration.ofMillis(20));
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
