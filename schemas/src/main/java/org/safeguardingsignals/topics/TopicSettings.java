package org.safeguardingsignals.topics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a topic is kept: declared once in {@link Topics}, applied when the topic is created and checked against the
 * broker at every start, so that no topic silently takes the broker's defaults (seven days, replication 1).
 *
 * @param retention         how long records are kept; {@link #FOREVER} keeps them until a partnership decides
 *                          otherwise (the audit trail and decisions must never fall to a broker default)
 * @param compacted         whether only the latest record per key is kept (figures that a later record corrects)
 * @param replicationFactor copies of each partition in production; a smaller cluster gets as many as it has brokers
 * @param minInsyncReplicas copies that must acknowledge a write with acks=all
 * @param why               the reason for the retention, as a records manager would read it
 */
public record TopicSettings(
        Duration retention, boolean compacted, short replicationFactor, int minInsyncReplicas, String why) {
    /** Kept until the partnership sets a period (retention.ms=-1). */
    public static final Duration FOREVER = Duration.ofMillis(-1);

    public TopicSettings {
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(why, "why");
        if (retention.isZero() || (retention.isNegative() && !retention.equals(FOREVER))) {
            throw new IllegalArgumentException("retention must be positive or FOREVER");
        }
        if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("min.insync.replicas must be between 1 and the replication factor");
        }
    }

    /** Deleted after {@code retention}; three copies, two in sync. */
    public static TopicSettings kept(Duration retention, String why) {
        return new TopicSettings(retention, false, (short) 3, 2, why);
    }

    /** The latest record per key kept indefinitely; three copies, two in sync. */
    public static TopicSettings compactedForever(String why) {
        return new TopicSettings(FOREVER, true, (short) 3, 2, why);
    }

    public boolean forever() {
        return retention.equals(FOREVER);
    }

    public TopicSettings withRetention(Duration newRetention) {
        return new TopicSettings(newRetention, compacted, replicationFactor, minInsyncReplicas, why);
    }

    /**
     * The topic-level broker configs these settings stand for, for a cluster of {@code brokers} brokers (fewer
     * brokers than the declared replication factor lower min.insync.replicas with it).
     */
    public Map<String, String> brokerConfigs(int brokers) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("cleanup.policy", compacted ? "compact" : "delete");
        c.put("retention.ms", Long.toString(retention.toMillis()));
        c.put("min.insync.replicas", Integer.toString(Math.min(minInsyncReplicas, replicationFor(brokers))));
        return c;
    }

    /** The replication factor on a cluster of {@code brokers} brokers. */
    public short replicationFor(int brokers) {
        return (short) Math.max(1, Math.min(replicationFactor, brokers));
    }
}
