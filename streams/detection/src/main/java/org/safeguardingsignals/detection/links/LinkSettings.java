package org.safeguardingsignals.detection.links;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;

/**
 * How children are linked by going missing together (docs/ARCHITECTURE.md, "Linked children"):
 * <pre>
 * links.co-missing-interval=PT12H   two children reported missing this close together, from the same area or
 *                                   placement, and found in the same area are linked (children who run together
 *                                   are reported within an evening; a day would join strangers in a busy area)
 * links.lifetime=P180D              a link lapses this long after its latest evidence: twice the exploitation
 *                                   period, since a MACE panel follows a cohort over months
 * </pre>
 */
public record LinkSettings(Duration coMissingInterval, Duration lifetime) {
    public static final String CO_MISSING_INTERVAL = "links.co-missing-interval";
    public static final String LIFETIME = "links.lifetime";

    public static final LinkSettings DEFAULTS = new LinkSettings(Duration.ofHours(12), Duration.ofDays(180));

    public LinkSettings {
        if (coMissingInterval.isNegative()) {
            throw new IllegalArgumentException(CO_MISSING_INTERVAL + " must not be negative, was " + coMissingInterval);
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException(LIFETIME + " must be positive, was " + lifetime);
        }
    }

    public static LinkSettings from(Properties p) {
        return new LinkSettings(
                duration(p, CO_MISSING_INTERVAL, DEFAULTS.coMissingInterval), duration(p, LIFETIME, DEFAULTS.lifetime));
    }

    private static Duration duration(Properties p, String key, Duration fallback) {
        String value = p.getProperty(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Duration.parse(value.trim());
        } catch (RuntimeException e) {
            throw new ConfigException(key, value, "an ISO-8601 duration (e.g. PT12H, P180D)");
        }
    }
}
