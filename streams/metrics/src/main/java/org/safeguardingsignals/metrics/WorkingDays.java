package org.safeguardingsignals.metrics;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;

/**
 * Working days in England: Monday to Friday, less the bank holidays of England and Wales (New Year's Day, Good
 * Friday, Easter Monday, the early May, spring and summer bank holidays, Christmas Day and Boxing Day, moved to the
 * next weekday when they fall at a weekend). One-off holidays (a coronation, a jubilee) are not known here.
 */
final class WorkingDays {
    private WorkingDays() {}

    /**
     * Whether a decision at {@code decidedAt} was within one working day of {@code from}: by the end of the first
     * working day after the day of {@code from} (local time), as Working Together's "within one working day of a
     * referral being received" is usually read.
     */
    static boolean withinOne(Instant from, Instant decidedAt) {
        LocalDate start = from.atZone(Periods.ENGLAND).toLocalDate();
        LocalDate deadline = next(start);
        return !decidedAt.atZone(Periods.ENGLAND).toLocalDate().isAfter(deadline);
    }

    /** The first working day after {@code day}. */
    static LocalDate next(LocalDate day) {
        LocalDate d = day.plusDays(1);
        while (!isWorkingDay(d)) {
            d = d.plusDays(1);
        }
        return d;
    }

    static boolean isWorkingDay(LocalDate d) {
        return !weekend(d) && !bankHoliday(d);
    }

    static boolean bankHoliday(LocalDate d) {
        int y = d.getYear();
        LocalDate easter = easterSunday(y);
        LocalDate christmas = LocalDate.of(y, Month.DECEMBER, 25);
        LocalDate christmasHoliday = weekdayOnOrAfter(christmas);
        LocalDate boxingHoliday = weekdayOnOrAfter(christmasHoliday.plusDays(1));
        return d.equals(weekdayOnOrAfter(LocalDate.of(y, Month.JANUARY, 1)))
                || d.equals(easter.minusDays(2))
                || d.equals(easter.plusDays(1))
                || d.equals(LocalDate.of(y, Month.MAY, 1).with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY)))
                || d.equals(LocalDate.of(y, Month.MAY, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)))
                || d.equals(LocalDate.of(y, Month.AUGUST, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)))
                || d.equals(christmasHoliday)
                || d.equals(boxingHoliday);
    }

    private static boolean weekend(LocalDate d) {
        return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    private static LocalDate weekdayOnOrAfter(LocalDate d) {
        LocalDate out = d;
        while (weekend(out)) {
            out = out.plusDays(1);
        }
        return out;
    }

    /** Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm, as in Meeus). */
    static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }
}
