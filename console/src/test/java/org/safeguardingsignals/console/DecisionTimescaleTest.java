package org.safeguardingsignals.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One working day to a MASH decision, weekends not counting, in England's time (summer time included). */
class DecisionTimescaleTest {
    private static final DecisionTimescale ENGLAND_AND_WALES = DecisionTimescale.ENGLAND_AND_WALES;

    @Test
    void aPartnershipsOwnClosuresDoNotCountAndWithoutBankHolidaysOnlyWeekendsDoNot() {
        DecisionTimescale closedOnWednesday = new DecisionTimescale(Set.of(LocalDate.parse("2026-12-02")));
        assertThat(closedOnWednesday.dueBy(at("2026-12-01T10:00"))).isEqualTo(at("2026-12-03T10:00"));
        assertThat(new DecisionTimescale(Set.of()).dueBy(at("2026-12-24T10:00")))
                .isEqualTo(at("2026-12-25T10:00"));
    }

    @Test
    void aWeekdayAlertIsDueTheNextWorkingDayAtTheSameTime() {
        assertThat(due("2026-12-01T10:00")).isEqualTo(at("2026-12-02T10:00")); // Tuesday to Wednesday
        assertThat(due("2026-12-04T10:00")).isEqualTo(at("2026-12-07T10:00")); // Friday to Monday
        assertThat(due("2026-07-03T16:30")).isEqualTo(at("2026-07-06T16:30")); // British Summer Time
    }

    @Test
    void aWeekendAlertIsDueAtTheEndOfMonday() {
        assertThat(due("2026-12-05T15:00")).isEqualTo(at("2026-12-08T00:00")); // Saturday
        assertThat(due("2026-12-06T23:59")).isEqualTo(at("2026-12-08T00:00")); // Sunday
    }

    @Test
    void bankHolidaysDoNotCountAsTheDetectionWorkItemsReckonThem() {
        // Christmas Eve (Thursday): Christmas Day, the weekend and the substitute Boxing Day pass first
        assertThat(due("2026-12-24T10:00")).isEqualTo(at("2026-12-29T10:00"));
        assertThat(due("2026-12-25T09:00")).isEqualTo(at("2026-12-30T00:00")); // raised on the bank holiday itself
        assertThat(due("2026-08-28T12:00")).isEqualTo(at("2026-09-01T12:00")); // the summer bank holiday Monday
    }

    @Test
    void anOpenAlertIsOverdueOnlyOnceItsDayHasPassed() {
        Instant raised = at("2026-12-04T10:00");
        assertThat(ENGLAND_AND_WALES.overdue(raised, at("2026-12-07T09:59"))).isFalse();
        assertThat(ENGLAND_AND_WALES.overdue(raised, at("2026-12-07T10:01"))).isTrue();
    }

    private static Instant due(String raisedInEngland) {
        return ENGLAND_AND_WALES.dueBy(at(raisedInEngland));
    }

    private static Instant at(String inEngland) {
        return LocalDateTime.parse(inEngland).atZone(DecisionTimescale.ENGLAND).toInstant();
    }
}
