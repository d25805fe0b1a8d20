package org.safeguardingsignals.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;
import org.safeguardingsignals.decisions.WorkingDays;

/**
 * The MASH front door's timescale: a decision within one working day (Working Together), reckoned as detection
 * reckons its work items' ({@link WorkingDays}: England's time, weekends and England and Wales bank holidays not
 * counting). Raised on Friday at 10:00, due on Monday at 10:00; raised at the weekend or on a bank holiday, due at
 * the end of the next working day.
 */
final class DecisionTimescale {
    static final ZoneId ENGLAND = WorkingDays.ENGLAND;
    private static final WorkingDays DAYS = new WorkingDays(Set.copyOf(WorkingDays.ENGLAND_AND_WALES_2025_TO_2027));

    private DecisionTimescale() {}

    /** When a decision on an alert raised at this time is due. */
    static Instant dueBy(Instant raisedAt) {
        return DAYS.decisionDue(raisedAt);
    }

    /** Whether an open alert's decision is late at this moment. */
    static boolean overdue(Instant raisedAt, Instant now) {
        return now.isAfter(dueBy(raisedAt));
    }

    /** How long ago an alert was raised. */
    static Duration age(Instant raisedAt, Instant now) {
        return Duration.between(raisedAt, now);
    }
}
