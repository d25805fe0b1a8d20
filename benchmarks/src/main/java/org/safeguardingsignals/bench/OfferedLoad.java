package org.safeguardingsignals.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;
import org.apache.kafka.common.errors.SerializationException;
import org.safeguardingsignals.feed.FeedPublisher;
import org.safeguardingsignals.feed.FeedSettings;
import org.safeguardingsignals.feed.SyntheticFeed;
import org.safeguardingsignals.runtime.Pseudonymiser;

/**
 * A fixed offered rate of the national mix, with a probe child every 200 ms whose two events complete an emerging
 * toxic-trio picture (one alert per probe). Shared by the latency and failover benchmarks.
 */
final class OfferedLoad {
    /** Events whose send was refused by the serializer (the registry unreachable), since the last {@link #refused}. */
    private static final AtomicLong REFUSED = new AtomicLong();

    private OfferedLoad() {}

    /** Sends refused since the last call, and starts counting again. */
    static long refused() {
        return REFUSED.getAndSet(0);
    }

    /**
     * Offers {@code rate} events a second for {@code seconds}; records each probe's send time by pseudonym in
     * {@code sentAt}; calls {@code tick} with the nanoseconds elapsed on every round. Returns the probes sent.
     */
    static int offer(
            BenchWorld world, double rate, int seconds, int firstProbe, Map<String, Long> sentAt, LongConsumer tick) {
        return offerWhile(world, rate, seconds, firstProbe, sentAt, elapsed -> {
            tick.accept(elapsed);
            return true;
        });
    }

    /** As {@link #offer}, stopping early when {@code go} says so. */
    static int offerWhile(
            BenchWorld world, double rate, int seconds, int firstProbe, Map<String, Long> sentAt, LongPredicate go) {
        Pseudonymiser pseudonymiser = new Pseudonymiser(BenchWorld.KEY.getBytes(StandardCharsets.UTF_8));
        SyntheticFeed feed = new SyntheticFeed(FeedSettings.defaults()
                .withStart(Instant.now().minus(Duration.ofDays(200)))
                .england());
        int probes = 0;
        try (FeedPublisher publisher = new FeedPublisher(world.kafka.adminProperties(), world.serdeConfig())) {
            long start = System.nanoTime();
            long sent = 0;
            long nextProbe = start;
            while (System.nanoTime() - start < seconds * 1_000_000_000L) {
                if (!go.test(System.nanoTime() - start)) {
                    break;
                }
                long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                while (sent < due) {
                    if (System.nanoTime() >= nextProbe) {
                        Latency.probe(publisher, pseudonymiser, firstProbe + probes++, sentAt);
                        sent += 2;
                        nextProbe += 200_000_000L;
                    } else {
                        try {
                            publisher.send(feed.next());
                        } catch (SerializationException refused) {
                            // an event type whose schema this producer has not registered yet, met while the registry
                            // is down: the send is refused to the caller at once, as an agency's tool would be told
                            REFUSED.incrementAndGet();
                        }
                        sent++;
                    }
                }
                Throughput.sleep(1);
            }
            publisher.flush();
        }
        return probes;
    }
}
