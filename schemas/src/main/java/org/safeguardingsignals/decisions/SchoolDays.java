package org.safeguardingsignals.decisions;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * School days in one authority, for Operation Encompass: a notice of a police-attended domestic-abuse incident is due
 * with the school's Designated Safeguarding Lead before the start of the next school day (Operation Encompass
 * guidance; statutory under the Children's Wellbeing and Schools Act's amendment of 2024). A school day is a weekday
 * that is not a bank holiday and, where the authority's term dates are set, falls within a term; with no term dates
 * every working day counts, which errs towards an earlier deadline. Times are England's (Europe/London).
 */
public final class SchoolDays {
    /** When a school day starts unless a partnership sets otherwise: a typical registration time. */
    public static final LocalTime DEFAULT_START = LocalTime.of(8, 45);

    /** The furthest a next school day is looked for: beyond the longest school holiday, with room to spare. */
    static final int HORIZON_DAYS = 120;

    /** One term, first and last day inclusive. */
    public record Term(LocalDate first, LocalDate last) {
        public Term {
            if (last.isBefore(first)) {
                throw new IllegalArgumentException("a term ends (" + last + ") before it starts (" + first + ")");
            }
        }

        boolean contains(LocalDate day) {
            return !day.isBefore(first) && !day.isAfter(last);
        }
    }

    private final LocalTime start;
    private final Set<LocalDate> bankHolidays;
    private final List<Term> terms;

    /**
     * @param start        when the school day starts
     * @param bankHolidays days that are never school days
     * @param terms        the authority's terms; empty: every working day is a school day
     */
    public SchoolDays(LocalTime start, Set<LocalDate> bankHolidays, List<Term> terms) {
        this.start = start;
        this.bankHolidays = Set.copyOf(bankHolidays);
        this.terms = List.copyOf(terms);
    }

    /**
     * The terms a setting names: {@code first/last} pairs of ISO dates separated by commas, e.g.
     * {@code 2026-09-03/2026-10-23,2026-11-02/2026-12-18}; empty for none.
     *
     * @throws IllegalArgumentException naming the pair that cannot be read
     */
    public static List<Term> terms(String setting) {
        List<Term> out = new ArrayList<>();
        for (String pair : setting.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] days = pair.trim().split("/");
            if (days.length != 2) {
                throw new IllegalArgumentException(
                        "a term is first/last, e.g. 2026-09-03/2026-10-23; found " + pair.trim());
            }
            out.add(new Term(LocalDate.parse(days[0].trim()), LocalDate.parse(days[1].trim())));
        }
        return out;
    }

    public boolean isSchoolDay(LocalDate day) {
        if (day.getDayOfWeek() == DayOfWeek.SATURDAY
                || day.getDayOfWeek() == DayOfWeek.SUNDAY
                || bankHolidays.contains(day)) {
            return false;
        }
        return terms.isEmpty() || terms.stream().anyMatch(t -> t.contains(day));
    }

    /**
     * When a notice of an incident at {@code incident} is due: the start of the first school day that starts after
     * it (an incident at 07:00 on a school day is due at that day's start). Empty when no school day starts within
     * {@value #HORIZON_DAYS} days (the term dates end): no deadline can be given, and the notice goes without one.
     */
    public Optional<Instant> noticeDue(Instant incident) {
        ZonedDateTime at = incident.atZone(WorkingDays.ENGLAND);
        LocalDate day = at.toLocalDate();
        for (int i = 0; i <= HORIZON_DAYS; i++, day = day.plusDays(1)) {
            if (isSchoolDay(day)) {
                ZonedDateTime begins = day.atTime(start).atZone(WorkingDays.ENGLAND);
                if (begins.isAfter(at)) {
                    return Optional.of(begins.toInstant());
                }
            }
        }
        return Optional.empty();
    }
}
