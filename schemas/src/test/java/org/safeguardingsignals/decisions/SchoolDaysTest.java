package org.safeguardingsignals.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchoolDaysTest {
    private static final SchoolDays EVERY_WORKING_DAY =
            new SchoolDays(SchoolDays.DEFAULT_START, Set.copyOf(WorkingDays.ENGLAND_AND_WALES_2025_TO_2027), List.of());

    private static Instant london(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(WorkingDays.ENGLAND).toInstant();
    }

    @Test
    void anIncidentInTheEveningIsDueAtTheNextMorningsStart() {
        // Tuesday 2026-11-10, 22:30 (GMT)
        assertThat(EVERY_WORKING_DAY.noticeDue(london("2026-11-10T22:30"))).contains(london("2026-11-11T08:45"));
    }

    @Test
    void anIncidentBeforeTheSchoolDayStartsIsDueThatMorning() {
        assertThat(EVERY_WORKING_DAY.noticeDue(london("2026-11-11T07:10"))).contains(london("2026-11-11T08:45"));
        // at the start itself, that day has started: the next one
        assertThat(EVERY_WORKING_DAY.noticeDue(london("2026-11-11T08:45"))).contains(london("2026-11-12T08:45"));
    }

    @Test
    void aFridayOrWeekendIncidentIsDueOnMonday() {
        assertThat(EVERY_WORKING_DAY.noticeDue(london("2026-11-13T16:00"))).contains(london("2026-11-16T08:45"));
        assertThat(EVERY_WORKING_DAY.noticeDue(london("2026-11-15T23:59"))).contains(london("2026-11-16T08:45"));
    }

    @Test
    void bankHolidaysAreSkipped() {
        // Friday 2026-12-25 and Monday 2026-12-28 (substitute Boxing Day) are bank holidays
        assertThat(EVERY_WORKING_DAY.noticeDue(london("2026-12-24T20:00"))).contains(london("2026-12-29T08:45"));
    }

    @Test
    void summerTimeIsLondonsClock() {
        // in British Summer Time 08:45 London is 07:45 UTC
        assertThat(EVERY_WORKING_DAY.noticeDue(london("2026-06-09T19:00")))
                .contains(Instant.parse("2026-06-10T07:45:00Z"));
    }

    @Test
    void outsideTermTheNextTermsFirstDayCounts() {
        SchoolDays terms = new SchoolDays(
                LocalTime.of(8, 30), Set.of(), SchoolDays.terms("2026-09-03/2026-10-23, 2026-11-02/2026-12-18"));
        // half term: Friday 23 October after school, then a week off
        assertThat(terms.noticeDue(london("2026-10-23T18:00"))).contains(london("2026-11-02T08:30"));
        assertThat(terms.isSchoolDay(LocalDate.parse("2026-10-28"))).isFalse();
        assertThat(terms.isSchoolDay(LocalDate.parse("2026-11-02"))).isTrue();
    }

    @Test
    void noSchoolDayWithinTheHorizonGivesNoDeadline() {
        SchoolDays ended =
                new SchoolDays(SchoolDays.DEFAULT_START, Set.of(), SchoolDays.terms("2026-09-03/2026-10-23"));
        assertThat(ended.noticeDue(london("2026-10-23T18:00"))).isEqualTo(Optional.empty());
    }

    @Test
    void theNextSchoolDayIsLookedForUpToTheHorizonInclusive() {
        // Wednesday 21 October 2026; 120 days on is Thursday 18 February 2027, 121 days Friday the 19th
        Instant incident = london("2026-10-21T18:00");
        assertThat(new SchoolDays(
                                SchoolDays.DEFAULT_START,
                                Set.of(),
                                SchoolDays.terms("2026-09-03/2026-10-21,2027-02-18/2027-03-26"))
                        .noticeDue(incident))
                .contains(london("2027-02-18T08:45"));
        assertThat(new SchoolDays(
                                SchoolDays.DEFAULT_START,
                                Set.of(),
                                SchoolDays.terms("2026-09-03/2026-10-21,2027-02-19/2027-03-26"))
                        .noticeDue(incident))
                .isEmpty();
    }

    @Test
    void termsSettingErrorsNameThePair() {
        assertThat(SchoolDays.terms(" ")).isEmpty();
        assertThatThrownBy(() -> SchoolDays.terms("2026-09-03"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2026-09-03");
        assertThatThrownBy(() -> SchoolDays.terms("2026-10-23/2026-09-03"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before it starts");
    }
}
