package org.safeguardingsignals.console;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The MASH front door's timescale: a decision on a referral within one working day (Working Together). An alert is
 * due a day after it was raised, Saturdays and Sundays not counting, in England's time: raised on Friday at 10:00,
 * due on Monday at 10:00; raised at the weekend, due at the end of Monday. Bank holidays are not yet known to it.
 */
final class DecisionTimescale {
    static final ZoneId ENGLAND = ZoneId.of("Europe/London");

    private DecisionTimescale() {}

    /** When a decision on an alert raised at this time is due. */
    static Instant dueBy(Instant raisedAt) {
        ZonedDateTime start = raisedAt.atZone(ENGLAND);
        if (weekend(start.getDayOfWeek())) {
            // the working day starts on Monday: a whole working day from its start
            while (weekend(start.getDayOfWeek())) {
                start = start.plusDays(1);
            }
            start = start.toLocalDate().atStartOfDay(ENGLAND);
        }
        ZonedDateTime due = start.plusDays(1);
        while (weekend(due.getDayOfWeek())) {
            due = due.plusDays(1);
        }
        return due.toInstant();
    }

    /** Whether an open alert's decision is late at this moment. */
    static boolean overdue(Instant raisedAt, Instant now) {
        return now.isAfter(dueBy(raisedAt));
    }

    /** How long ago an alert was raised. */
    static Duration age(Instant raisedAt, Instant now) {
        return Duration.between(raisedAt, now);
    }

    private static boolean weekend(DayOfWeek day) {
        return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
    }
}
