package org.safeguardingsignals.runtime;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.safeguardingsignals.events.EventHeader;

/**
 * Stream time is event time: every input's timestamp is its header's occurredAt, not the producer's send time, so
 * that windows and timers mean the same in a replay of history as they do live.
 */
public final class OccurredAtExtractor implements TimestampExtractor {
    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof SpecificRecord event
                && event.getSchema().getField("header") != null
                && event.get(event.getSchema().getField("header").pos()) instanceof EventHeader header
                && header.getOccurredAt() != null) {
            return header.getOccurredAt().toEpochMilli();
        }
        return record.timestamp(); // undecodable or headerless: the dead-letter handler deals with it
    }
}
