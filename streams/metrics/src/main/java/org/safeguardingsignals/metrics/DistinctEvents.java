package org.safeguardingsignals.metrics;

import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.safeguardingsignals.events.EventHeader;
import org.safeguardingsignals.runtime.signals.EventSignals;

/**
 * Lets each input event through once, by event id, as detection counts it: a re-sent row, a rerun of a file or a
 * connector's redelivery carries the same id and is not counted again by any figure.
 *
 * <p>The ids seen are kept in a window store by event time for {@link #KEPT} (the input topics' retention), so the
 * store is bounded: an id is forgotten once the task's stream time is more than that past the event, and an event
 * that arrives already older than that is counted without being remembered. A re-sent event has the same key (the
 * topic's documented key, as the SDK and the publish command set it), so it reaches the same task and store.
 */
final class DistinctEvents<E extends SpecificRecord> implements FixedKeyProcessor<String, E, E> {
    static final String STORE = "metrics-seen-events";
    /** As long as an input topic keeps its records: longest lookback (365 days) plus grace (30) plus a margin. */
    static final Duration KEPT = Duration.ofDays(400);

    private final EventSignals<E> source;
    private FixedKeyProcessorContext<String, E> context;
    private WindowStore<String, Long> seen;

    DistinctEvents(EventSignals<E> source) {
        this.source = source;
    }

    static StoreBuilder<WindowStore<String, Long>> store() {
        return Stores.windowStoreBuilder(
                Stores.persistentWindowStore(STORE, KEPT, Duration.ofMillis(1), false), Serdes.String(), Serdes.Long());
    }

    @Override
    public void init(FixedKeyProcessorContext<String, E> context) {
        this.context = context;
        this.seen = context.getStateStore(STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, E> record) {
        EventHeader header = source.header(record.value());
        String id = header.getEventId().toString();
        long at = header.getOccurredAt().toEpochMilli();
        // the same id is the same event, whatever its time
        try (WindowStoreIterator<Long> held = seen.fetch(id, 0, Long.MAX_VALUE)) {
            if (held.hasNext()) {
                return;
            }
        }
        seen.put(id, at, at);
        context.forward(record);
    }
}
