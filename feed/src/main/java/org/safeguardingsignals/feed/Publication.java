package org.safeguardingsignals.feed;

import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.safeguardingsignals.topics.Topic;

/** One event the feed publishes: to which topic, with which key, and when it happened. */
public record Publication(
        Topic<? extends SpecificRecord> topic, String key, SpecificRecord value, Instant occurredAt) {}
