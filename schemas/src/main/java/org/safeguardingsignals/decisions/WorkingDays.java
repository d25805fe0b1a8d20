package org.safeguardingsignals.decisions;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Working days in England: Monday to Friday, bank holidays aside (a partnership setting, since the list changes every
 * year and a partnership may add local closures). A front-door decision is due within one working day (Working
 * Together to Safeguard Children 2023): raised on a working day, it is due at the same time on the next working
 * day; raised on a weekend or bank holiday, by the end of the next working day.
 */
public final class WorkingDays {
    public static final ZoneId ENGLAND = ZoneId.of("Europe/London");

    /** England and Wales bank holidays 2025 to 2027 (gov.uk/bank-holidays), substitute days included. */
    public static final List<LocalDate> ENGLAND_AND_WALES_2025_TO_2027 = List.of(
            LocalDate.of(2025, 1, 1),
            LocalDate.of(2025, 4, 18),
            LocalDate.of(2025, 4, 21),
            LocalDate.of(2025, 5, 5),
            LocalDate.of(2025, 5, 26),
            LocalDate.of(2025, 8, 25),
            LocalDate.of(2025, 12, 25),
            LocalDate.of(2025, 12, 26),
            LocalDate.of(2026, 1, 1),
            LocalDate.of(2026, 4, 3),
            LocalDate.of(2026, 4, 6),
            LocalDate.of(2026, 5, 4),
            LocalDate.of(2026, 5, 25),
            LocalDate.of(2026, 8, 31),
            LocalDate.of(2026, 12, 25),
            LocalDate.of(2026, 12, 28),
            LocalDate.of(2027, 1, 1),
            LocalDate.of(2027, 3, 26),
            LocalDate.of(2027, 3, 29),
            LocalDate.of(2027, 5, 3),
            LocalDate.of(2027, 5, 31),
            LocalDate.of(2027, 8, 30),
            LocalDate.of(2027, 12, 27),
            LocalDate.of(2027, 12, 28));

    /** The same list as a setting's value: ISO dates separated by commas. */
    public static final String ENGLAND_AND_WALES_2025_TO_2027_SETTING = String.join(
            ",",
            ENGLAND_AND_WALES_2025_TO_2027.stream().map(LocalDate::toString).toList());

    private final Set<LocalDate> holidays;

    /**
     * The bank holidays a setting names: ISO dates separated by commas, e.g. 2028-01-03,2028-04-14; empty for none.
     *
     * @throws java.time.format.DateTimeParseException naming the first date that is not one
     */
    public static Set<LocalDate> dates(String setting) {
        Set<LocalDate> out = new HashSet<>();
        for (String d : setting.split(",")) {
            if (!d.isBlank()) {
                out.add(LocalDate.parse(d.trim()));
            }
        }
        return out;
    }

    public WorkingDays(Set<LocalDate> holidays) {
        this.holidays = Set.copyOf(holidays);
    }

    public boolean isWorkingDay(LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY
                && day.getDayOfWeek() != DayOfWeek.SUNDAY
                && !holidays.contains(day);
    }

    /** When a decision on something raised at {@code raised} is due. */
    public Instant decisionDue(Instant raised) {
        ZonedDateTime local = raised.atZone(ENGLAND);
        if (isWorkingDay(local.toLocalDate())) {
            LocalDate next = nextWorkingDayAfter(local.toLocalDate());
            return local.toLocalTime().atDate(next).atZone(ENGLAND).toInstant();
        }
        LocalDate first = nextWorkingDayAfter(local.toLocalDate());
        return first.plusDays(1).atStartOfDay(ENGLAND).toInstant(); // the end of the first working day
    }

    private LocalDate nextWorkingDayAfter(LocalDate day) {
        LocalDate d = day.plusDays(1);
        while (!isWorkingDay(d)) {
            d = d.plusDays(1);
        }
        return d;
    }
}
