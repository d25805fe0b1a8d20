package org.safeguardingsignals.detection;

import java.time.Duration;

/**
 * Thresholds and windows of every rule, for one partnership (local authority). There is no national number for
 * most of them (docs/DOMAIN.md, section 9, Defaults and why): each is a partnership setting with a documented
 * default.
 *
 * @param trioLookback          toxic trio: how far back (event time) factor groups count together
 * @param trioEmergingEnabled   toxic trio: raise a MEDIUM "emerging" alert for two groups of three
 * @param missingCount          repeat missing: episodes that make a repeat
 * @param missingPeriod         repeat missing: the period they must fall in
 * @param returnInterviewDue    return interview: time after return within which it must be completed
 */
public record RuleSettings(
        Duration trioLookback,
        boolean trioEmergingEnabled,
        int missingCount,
        Duration missingPeriod,
        Duration returnInterviewDue) {

    public static final RuleSettings DEFAULTS =
            new RuleSettings(Duration.ofDays(365), true, 3, Duration.ofDays(90), Duration.ofHours(72));

    public RuleSettings {
        if (missingCount < 1) {
            throw new IllegalArgumentException("repeat-missing.count must be at least 1, was " + missingCount);
        }
        for (Duration d : new Duration[] {trioLookback, missingPeriod, returnInterviewDue}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("rule windows must be positive, found " + d);
            }
        }
    }

    /** The longest time an indicator can matter to these rules. */
    Duration longestLookback() {
        Duration longest = trioLookback.compareTo(missingPeriod) >= 0 ? trioLookback : missingPeriod;
        return longest.compareTo(returnInterviewDue) >= 0 ? longest : returnInterviewDue;
    }
}
