package org.safeguardingsignals.metrics;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.List;
import org.safeguardingsignals.events.PeriodType;

/** The reporting periods an event falls in, in England's local time: an ISO week and a calendar month. */
public final class Periods {
    public static final ZoneId ENGLAND = ZoneId.of("Europe/London");

    /** A period: its type and its label, "2026-W47" or "2026-11". */
    public record Period(PeriodType type, String label) {}

    private Periods() {}

    public static List<Period> of(Instant at) {
        ZonedDateTime t = at.atZone(ENGLAND);
        String week =
                String.format("%d-W%02d", t.get(IsoFields.WEEK_BASED_YEAR), t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        String month = String.format("%d-%02d", t.getYear(), t.getMonthValue());
        return List.of(new Period(PeriodType.ISO_WEEK, week), new Period(PeriodType.CALENDAR_MONTH, month));
    }
}
