package org.safeguardingsignals.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkingDaysTest {
    static final WorkingDays ENGLAND = new WorkingDays(new HashSet<>(WorkingDays.ENGLAND_AND_WALES_2025_TO_2027));

    static ZonedDateTime at(String local) {
        return LocalDateTime.parse(local).atZone(WorkingDays.ENGLAND);
    }

    static ZonedDateTime due(WorkingDays days, String raisedLocal) {
        return days.decisionDue(at(raisedLocal).toInstant()).atZone(WorkingDays.ENGLAND);
    }

    @Test
    void raisedOnAWorkingDayItIsDueAtTheSameTimeOnTheNext() {
        assertThat(due(ENGLAND, "2026-11-03T14:30")).isEqualTo(at("2026-11-04T14:30")); // Tuesday -> Wednesday
        assertThat(due(ENGLAND, "2026-11-06T16:00")).isEqualTo(at("2026-11-09T16:00")); // Friday -> Monday
    }

    @Test
    void bankHolidaysAreNotWorkingDays() {
        // Thursday 24 December 2026: Christmas Friday, a weekend, the Boxing Day substitute Monday 28th
        assertThat(due(ENGLAND, "2026-12-24T11:00")).isEqualTo(at("2026-12-29T11:00"));
        // Thursday before Easter 2026: Good Friday 3 April and Easter Monday 6 April
        assertThat(due(ENGLAND, "2026-04-02T09:00")).isEqualTo(at("2026-04-07T09:00"));
        // without the list the Friday is a working day
        assertThat(due(new WorkingDays(Set.of()), "2026-12-24T11:00")).isEqualTo(at("2026-12-25T11:00"));
    }

    @Test
    void raisedOnAWeekendOrBankHolidayItIsDueByTheEndOfTheNextWorkingDay() {
        assertThat(due(ENGLAND, "2026-11-07T10:00")).isEqualTo(at("2026-11-10T00:00")); // Saturday: end of Monday
        assertThat(due(ENGLAND, "2026-08-31T10:00")).isEqualTo(at("2026-09-02T00:00")); // bank holiday Monday
    }

    @Test
    void theClockChangeKeepsTheLocalTime() {
        // Friday 27 March 2026 10:00 GMT -> Monday 30 March 10:00 BST
        assertThat(due(ENGLAND, "2026-03-27T10:00")).isEqualTo(at("2026-03-30T10:00"));
    }

    @Test
    void theDefaultListIsEnglandAndWales() {
        assertThat(ENGLAND.isWorkingDay(LocalDate.of(2027, 12, 28))).isFalse();
        assertThat(ENGLAND.isWorkingDay(LocalDate.of(2027, 12, 29))).isTrue();
        assertThat(WorkingDays.ENGLAND_AND_WALES_2025_TO_2027)
                .hasSize(24)
                .allSatisfy(d -> assertThat(d.getDayOfWeek().getValue()).isLessThanOrEqualTo(5));
    }

    @Test
    void aSettingNamesBankHolidaysAsIsoDatesAndTheDefaultSettingIsTheEnglandAndWalesList() {
        assertThat(WorkingDays.dates(" 2028-01-03, ,2028-04-14 "))
                .containsExactlyInAnyOrder(LocalDate.parse("2028-01-03"), LocalDate.parse("2028-04-14"));
        assertThat(WorkingDays.dates("")).isEmpty();
        assertThat(WorkingDays.dates(WorkingDays.ENGLAND_AND_WALES_2025_TO_2027_SETTING))
                .containsExactlyInAnyOrderElementsOf(WorkingDays.ENGLAND_AND_WALES_2025_TO_2027);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WorkingDays.dates("2028-01-03,Boxing Day"))
                .isInstanceOf(java.time.format.DateTimeParseException.class);
    }
}
