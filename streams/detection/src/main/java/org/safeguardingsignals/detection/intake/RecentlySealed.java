package org.safeguardingsignals.detection.intake;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The children whose identity this intake sealed lately, so that a child in every other event is not sealed again
 * (the vault topic is compacted: a repeat would only cost an RSA operation and a record). Bounded, least recently
 * seen first out; emptied whenever the processor is (re)initialised, so an aborted transaction cannot leave a child
 * remembered but unsealed.
 */
final class RecentlySealed {
    private final Map<String, Boolean> seen;

    RecentlySealed(int capacity) {
        this.seen = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True the first time a pseudonym is offered since it was last forgotten. */
    boolean firstTime(String pseudonym) {
        return seen.put(pseudonym, Boolean.TRUE) == null;
    }

    void clear() {
        seen.clear();
    }
}
