package org.safeguardingsignals.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.PeriodType;
import org.safeguardingsignals.metrics.Periods.Period;

/** The periods a stretch of time overlaps, in England's local time, as linked groups are carried through them. */
class PeriodsTest {
    @Test
    void everyWeekAndMonthThatARangeOverlapsWithTheFirstInstantOfTheRangeInIt() {
        Instant from = Instant.parse("2026-10-30T15:00:00Z"); // Friday of 2026-W44, October
        Instant to = Instant.parse("2026-11-09T00:30:00Z"); // Monday of 2026-W46 (00:30 London)

        Map<Period, Instant> periods = Periods.between(from, to);

        assertThat(periods)
                .containsExactly(
                        Map.entry(new Period(PeriodType.ISO_WEEK, "2026-W44"), from),
                        Map.entry(new Period(PeriodType.CALENDAR_MONTH, "2026-10"), from),
                        Map.entry(
                                new Period(PeriodType.CALENDAR_MONTH, "2026-11"),
                                Instant.parse("2026-11-01T00:00:00Z")),
                        Map.entry(new Period(PeriodType.ISO_WEEK, "2026-W45"), Instant.parse("2026-11-02T00:00:00Z")),
                        Map.entry(new Period(PeriodType.ISO_WEEK, "2026-W46"), Instant.parse("2026-11-09T00:00:00Z")));
    }

    @Test
    void aRangeOfOneInstantIsItsPeriodsAndABackwardRangeIsNone() {
        Instant at = Instant.parse("2026-06-30T23:30:00Z"); // 1 July 00:30 in London (BST)

        assertThat(Periods.between(at, at).keySet())
                .containsExactly(
                        new Period(PeriodType.ISO_WEEK, "2026-W27"), new Period(PeriodType.CALENDAR_MONTH, "2026-07"));
        assertThat(Periods.between(at, at.minusSeconds(1))).isEmpty();
    }
}
