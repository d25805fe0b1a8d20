package org.safeguardingsignals.metrics;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.safeguardingsignals.events.PeriodType;

/** The reporting periods an event falls in, in England's local time: an ISO week and a calendar month. */
public final class Periods {
    public static final ZoneId ENGLAND = ZoneId.of("Europe/London");

    /** A period: its type and its label, "2026-W47" or "2026-11". */
    public record Period(PeriodType type, String label) {}

    private Periods() {}

    public static List<Period> of(Instant at) {
        ZonedDateTime t = at.atZone(ENGLAND);
        return List.of(
                new Period(PeriodType.ISO_WEEK, week(t.toLocalDate())),
                new Period(PeriodType.CALENDAR_MONTH, month(YearMonth.from(t))));
    }

    /**
     * Every ISO week and calendar month that has an instant in [from, to], in time order, each with the first instant
     * of the range that falls in it (from itself, or the start of a day); none when to is before from.
     */
    static Map<Period, Instant> between(Instant from, Instant to) {
        Map<Period, Instant> out = new LinkedHashMap<>();
        LocalDate first = from.atZone(ENGLAND).toLocalDate();
        LocalDate last = to.atZone(ENGLAND).toLocalDate();
        if (to.isBefore(from)) {
            return out;
        }
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            Instant start = d.equals(first) ? from : d.atStartOfDay(ENGLAND).toInstant();
            for (Period p : of(start)) {
                out.putIfAbsent(p, start);
            }
        }
        return out;
    }

    /** The ISO weeks that have a day in the month ("2026-11" gives 2026-W44 to 2026-W49). */
    static Set<String> weeksOverlapping(String month) {
        YearMonth m = YearMonth.parse(month);
        Set<String> weeks = new LinkedHashSet<>();
        for (LocalDate d = m.atDay(1); !d.isAfter(m.atEndOfMonth()); d = d.plusDays(1)) {
            weeks.add(week(d));
        }
        return weeks;
    }

    /** The calendar months that have a day in the ISO week: one, or two for a week that straddles a month's end. */
    static Set<String> monthsOverlapping(String week) {
        int year = Integer.parseInt(week.substring(0, 4));
        int number = Integer.parseInt(week.substring(6));
        LocalDate monday = LocalDate.of(year, 1, 4)
                .with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, number)
                .with(DayOfWeek.MONDAY);
        Set<String> months = new LinkedHashSet<>();
        months.add(month(YearMonth.from(monday)));
        months.add(month(YearMonth.from(monday.plusDays(6))));
        return months;
    }

    private static String week(LocalDate d) {
        return String.format("%d-W%02d", d.get(IsoFields.WEEK_BASED_YEAR), d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    private static String month(YearMonth m) {
        return String.format("%d-%02d", m.getYear(), m.getMonthValue());
    }
}
