package org.safeguardingsignals.feed;

import java.time.Duration;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * The feed's agenda: what is still to happen, in time order (ties in the order scheduled), and the Poisson processes
 * that keep it filled. Only pending events are held, never anything per child.
 */
final class Schedule {
    static final long DAY_MS = Duration.ofDays(1).toMillis();

    private final Random random;
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>();
    private long sequence;
    private long references;

    private record Scheduled(long at, long seq, Supplier<List<Publication>> make) implements Comparable<Scheduled> {
        public int compareTo(Scheduled o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
        }
    }

    Schedule(Random random) {
        this.random = random;
    }

    /** Makes the events of {@code make} when the agenda reaches {@code at}. */
    void at(long at, Supplier<List<Publication>> make) {
        queue.add(new Scheduled(at, sequence++, make));
    }

    /** A Poisson process of {@code perDay} events a day: each arrival makes its event and schedules the next. */
    void process(long from, double perDay, LongFunction<List<Publication>> event) {
        if (perDay <= 0) {
            return;
        }
        long at = from + exponential(DAY_MS / perDay);
        at(at, () -> {
            process(at, perDay, event);
            return event.apply(at);
        });
    }

    /** The events of the next entry of the agenda (possibly none). */
    List<Publication> next() {
        return queue.poll().make().get();
    }

    /** When the next entry of the agenda is due. */
    long peek() {
        return queue.peek().at();
    }

    /** A number not given before, for the agencies' references ("INC-" + it) and episode ids. */
    long reference() {
        return ++references;
    }

    private long exponential(double mean) {
        return Math.max(1, (long) (-mean * Math.log(1 - random.nextDouble())));
    }
}
