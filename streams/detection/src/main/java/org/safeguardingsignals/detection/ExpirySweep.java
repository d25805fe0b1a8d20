package org.safeguardingsignals.detection;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.safeguardingsignals.internal.ChildState;

/**
 * Walks the child-state store a slice at a time, from where the last walk stopped, and finds the children whose state
 * has expired. It replaced an index of expiry times that cost a store write and a changelog record for most events (two
 * when a known child's expiry moved) to spare this walk, which costs one read per child per lap and writes only what
 * it deletes. A child's state goes up to one lap late: at {@value #PER_RUN} children a timer run (every 30 s by
 * default) per task, 2.4 million children over four tasks take half an hour, against a retention of a year.
 */
final class ExpirySweep {
    /** Children read per timer run, per task. */
    static final int PER_RUN = 10_000;

    private final int perRun;
    private String from; // where the next run starts; null: the first child

    ExpirySweep(int perRun) {
        if (perRun < 0) {
            throw new IllegalArgumentException("perRun must be at least 0, was " + perRun);
        }
        this.perRun = perRun;
    }

    /** The next slice's expired children (expiresAt at or before {@code now}), read fully before any is deleted. */
    List<KeyValue<String, ChildState>> expired(KeyValueStore<String, ChildState> children, long now) {
        List<KeyValue<String, ChildState>> expired = new ArrayList<>();
        if (perRun == 0) {
            return expired; // a replay holds every child: a range over an in-memory store copies every key
        }
        try (KeyValueIterator<String, ChildState> it = children.range(from, null)) {
            for (int read = 0; read < perRun && it.hasNext(); read++) {
                KeyValue<String, ChildState> child = it.next();
                if (child.value.getExpiresAt() <= now) {
                    expired.add(child);
                }
            }
            from = it.hasNext() ? it.peekNextKey() : null; // at the end: the next lap starts again
        }
        return expired;
    }
}
