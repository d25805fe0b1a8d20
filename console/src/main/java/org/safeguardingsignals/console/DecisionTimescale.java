package org.safeguardingsignals.console;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import org.safeguardingsignals.decisions.WorkingDays;

/**
 * The MASH front door's timescale: a decision within one working day (Working Together), reckoned as detection
 * reckons its work items' ({@link WorkingDays}: England's time, weekends and the partnership's bank holidays not
 * counting; {@code console.bank-holidays}, England and Wales 2025 to 2027 by default, as detection's
 * {@code work-items.bank-holidays}). Raised on Friday at 10:00, due on Monday at 10:00; raised at the weekend or on a
 * bank holiday, due at the end of the next working day.
 */
final class DecisionTimescale {
    static final ZoneId ENGLAND = WorkingDays.ENGLAND;
    static final DecisionTimescale ENGLAND_AND_WALES =
            new DecisionTimescale(Set.copyOf(WorkingDays.ENGLAND_AND_WALES_2025_TO_2027));

    private final WorkingDays days;

    DecisionTimescale(Set<LocalDate> bankHolidays) {
        this.days = new WorkingDays(bankHolidays);
    }

    /** When a decision on an alert raised at this time is due. */
    Instant dueBy(Instant raisedAt) {
        return days.decisionDue(raisedAt);
    }

    /** Whether an open alert's decision is late at this moment. */
    boolean overdue(Instant raisedAt, Instant now) {
        return now.isAfter(dueBy(raisedAt));
    }

    /** How long ago an alert was raised. */
    static Duration age(Instant raisedAt, Instant now) {
        return Duration.between(raisedAt, now);
    }
}
