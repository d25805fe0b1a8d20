package org.safeguardingsignals.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlagComparisonTest {
    static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");
    static final String LAMBETH = "E09000022";
    static final String HAMPSHIRE = "E10000016";

    static Replay.Raised alert(String id, String rule, String severity, String child, String... routedTo) {
        return new Replay.Raised(id, rule, severity, child, List.of(routedTo), AT);
    }

    @Test
    void countsChildrenOncePerRuleAndAuthorityAndNamesTheChildrenGainedAndLost() {
        List<Replay.Raised> current = List.of(
                alert("a1", "repeat-domestic-abuse", "MEDIUM", "ava", LAMBETH),
                alert("a2", "repeat-domestic-abuse", "HIGH", "ava", LAMBETH), // same child, two alerts
                alert("a3", "repeat-domestic-abuse", "MEDIUM", "ben", LAMBETH),
                alert("a4", "toxic-trio-emerging", "MEDIUM", "ben", LAMBETH));
        List<Replay.Raised> candidate = List.of(
                alert("b1", "repeat-domestic-abuse", "MEDIUM", "ben", LAMBETH),
                alert("b2", "repeat-domestic-abuse", "MEDIUM", "cal", LAMBETH),
                alert("a4", "toxic-trio-emerging", "MEDIUM", "ben", LAMBETH));

        FlagComparison c = FlagComparison.of(current, candidate, Map.of(LAMBETH, 40_000L));

        assertThat(c.rows())
                .extracting(
                        FlagComparison.Row::rule,
                        FlagComparison.Row::severity,
                        FlagComparison.Row::currentAlerts,
                        FlagComparison.Row::candidateAlerts,
                        FlagComparison.Row::currentChildren,
                        FlagComparison.Row::candidateChildren,
                        FlagComparison.Row::gained,
                        FlagComparison.Row::lost)
                .containsExactly(
                        tuple("toxic-trio-emerging", "MEDIUM", 1L, 1L, 1L, 1L, 0L, 0L),
                        tuple("toxic-trio-emerging", "all", 1L, 1L, 1L, 1L, 0L, 0L),
                        tuple("repeat-domestic-abuse", "HIGH", 1L, 0L, 1L, 0L, 0L, 1L),
                        tuple("repeat-domestic-abuse", "MEDIUM", 2L, 2L, 2L, 2L, 1L, 1L),
                        tuple("repeat-domestic-abuse", "all", 3L, 2L, 2L, 2L, 1L, 1L),
                        tuple("any rule", "all", 4L, 3L, 2L, 2L, 1L, 1L));
        FlagComparison.Row repeat = c.rows().get(4);
        assertThat(repeat.currentPer100k()).isEqualTo(5.0); // 2 of 40,000
        assertThat(repeat.population()).isEqualTo(40_000L);
        assertThat(c.changes())
                .extracting(
                        FlagComparison.ChildChange::rule,
                        FlagComparison.ChildChange::childPseudonym,
                        FlagComparison.ChildChange::change)
                .containsExactly(
                        tuple("repeat-domestic-abuse", "cal", "GAINED"),
                        tuple("repeat-domestic-abuse", "ava", "LOST"),
                        tuple("any rule", "cal", "GAINED"),
                        tuple("any rule", "ava", "LOST"));
    }

    @Test
    void anAlertRoutedToTwoAuthoritiesCountsForEachAndAnAuthorityWithoutAPopulationHasNoRate() {
        FlagComparison c = FlagComparison.of(
                List.of(alert("a1", "out-of-area-missing", "HIGH", "dee", LAMBETH, HAMPSHIRE)),
                List.of(),
                Map.of(LAMBETH, 50_000L));

        assertThat(c.ruleTotals())
                .extracting(
                        FlagComparison.Row::authority,
                        FlagComparison.Row::rule,
                        FlagComparison.Row::currentChildren,
                        FlagComparison.Row::currentPer100k,
                        FlagComparison.Row::candidatePer100k,
                        FlagComparison.Row::lost)
                .containsExactly(
                        tuple(LAMBETH, "out-of-area-missing", 1L, 2.0, 0.0, 1L),
                        tuple(LAMBETH, "any rule", 1L, 2.0, 0.0, 1L),
                        tuple(HAMPSHIRE, "out-of-area-missing", 1L, null, null, 1L),
                        tuple(HAMPSHIRE, "any rule", 1L, null, null, 1L));
    }

    @Test
    void encompassEscalationsAreNotComparedForTheyFollowSchoolsInRealTime() {
        FlagComparison c = FlagComparison.of(
                List.of(alert("e1", "encompass-unacknowledged", "MEDIUM", "eve", LAMBETH)), List.of(), Map.of());
        assertThat(c.rows()).isEmpty();
        assertThat(c.changes()).isEmpty();
    }
}
