package org.safeguardingsignals.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.PeriodType;

/** Which counts withhold which, read from counts held by hand (February 2027: ISO weeks 5 to 8 exactly). */
class SecondarySuppressionTest {
    static final String LA = "E09000022";
    final Map<String, Long> held = new TreeMap<>();
    final SecondarySuppression suppression = new SecondarySuppression(new SecondarySuppression.Counts() {
        @Override
        public long count(String key) {
            return held.getOrDefault(key, 0L);
        }

        @Override
        public List<String> keysStartingWith(String prefix) {
            return held.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
        }
    });

    static String week(String metric, Map<String, String> dims) {
        return new FigureKey(LA, PeriodType.ISO_WEEK, "2027-W06", metric, FigureKey.dims(dims)).key();
    }

    static String month(String metric, Map<String, String> dims) {
        return new FigureKey(LA, PeriodType.CALENDAR_MONTH, "2027-02", metric, FigureKey.dims(dims)).key();
    }

    static Map<String, String> cell(String rule, OutcomeGroup group) {
        return Map.of(Metric.RULE, rule, Metric.OUTCOME_GROUP, group.name());
    }

    static Map<String, String> outcome(DecisionOutcome o) {
        return Map.of("outcome", o.name());
    }

    void hold(String key, long count) {
        held.put(key, count);
    }

    @Test
    void aRulesTotalAndTheDecisionsOfTheGroupAreWithheldWithASmallCellAndTheMonthWithTheWeek() {
        hold(week(Metric.ALERT_OUTCOMES, Map.of(Metric.RULE, "toxic-trio")), 9);
        hold(week(Metric.ALERT_OUTCOMES, cell("toxic-trio", OutcomeGroup.SOCIAL_CARE)), 6);
        hold(week(Metric.ALERT_OUTCOMES, cell("toxic-trio", OutcomeGroup.OTHER)), 3);
        hold(week(Metric.DECISIONS, outcome(DecisionOutcome.EARLY_HELP)), 8);
        hold(week(Metric.DECISIONS, outcome(DecisionOutcome.STRATEGY_DISCUSSION)), 6);
        hold(week(Metric.DECISIONS, outcome(DecisionOutcome.ACKNOWLEDGED)), 7);
        hold(month(Metric.DECISIONS, outcome(DecisionOutcome.EARLY_HELP)), 20);

        assertThat(suppression.withheld(week(Metric.ALERT_OUTCOMES, Map.of(Metric.RULE, "toxic-trio"))))
                .isTrue();
        assertThat(suppression.withheld(week(Metric.DECISIONS, outcome(DecisionOutcome.EARLY_HELP))))
                .as("the rules' other responses add up to it")
                .isTrue();
        assertThat(suppression.withheld(week(Metric.DECISIONS, outcome(DecisionOutcome.INFORMATION_AND_ADVICE))))
                .as("every outcome of the group, whoever holds it")
                .isTrue();
        assertThat(suppression.withheld(month(Metric.DECISIONS, outcome(DecisionOutcome.EARLY_HELP))))
                .as("a month the withheld week overlaps")
                .isTrue();
        assertThat(suppression.withheld(week(Metric.DECISIONS, outcome(DecisionOutcome.STRATEGY_DISCUSSION))))
                .as("a group with nothing withheld")
                .isFalse();
        assertThat(suppression.withheld(week(Metric.DECISIONS, outcome(DecisionOutcome.ACKNOWLEDGED))))
                .as("an acknowledgement is no alert's outcome")
                .isFalse();
        assertThat(suppression.withheld(week(Metric.DECISIONS, Map.of("outcome", "NOT_AN_OUTCOME"))))
                .isFalse();
    }

    @Test
    void firstDecisionsAreWithheldWhenExactlyOneRulesTotalOrOneOutcomeIsWithheld() {
        hold(week(Metric.FIRST_DECISIONS, Map.of()), 30);
        hold(week(Metric.DECIDED_IN_ONE_WORKING_DAY, Map.of()), 25);
        hold(week(Metric.ALERT_OUTCOMES, Map.of(Metric.RULE, "toxic-trio")), 20);
        hold(week(Metric.DECISIONS, outcome(DecisionOutcome.STRATEGY_DISCUSSION)), 30);
        assertThat(suppression.withheld(week(Metric.FIRST_DECISIONS, Map.of()))).isFalse();

        hold(week(Metric.ALERT_OUTCOMES, Map.of(Metric.RULE, "neglect-signals")), 3);
        assertThat(suppression.withheld(week(Metric.FIRST_DECISIONS, Map.of()))).isTrue();
        assertThat(suppression.withheld(week(Metric.DECIDED_IN_ONE_WORKING_DAY, Map.of())))
                .isTrue();
        assertThat(suppression.withheld(month(Metric.FIRST_DECISIONS, Map.of())))
                .as("the month that week overlaps")
                .isTrue();

        hold(week(Metric.ALERT_OUTCOMES, Map.of(Metric.RULE, "repeat-missing")), 2);
        assertThat(suppression.withheld(week(Metric.FIRST_DECISIONS, Map.of())))
                .as("two withheld totals keep each other")
                .isFalse();

        hold(week(Metric.DECISIONS, outcome(DecisionOutcome.EARLY_HELP)), 4);
        assertThat(suppression.withheld(week(Metric.FIRST_DECISIONS, Map.of())))
                .as("one withheld outcome: the first decisions less the others")
                .isTrue();
        assertThat(suppression.withheld(month(Metric.DECIDED_IN_ONE_WORKING_DAY, Map.of())))
                .isTrue();
    }

    @Test
    void theRepeatMissingChildrenAreWithheldWithASmallSeverity() {
        Map<String, String> high = Map.of(Metric.RULE, Deltas.REPEAT_MISSING_RULE, Metric.SEVERITY, "HIGH");
        Map<String, String> medium = Map.of(Metric.RULE, Deltas.REPEAT_MISSING_RULE, Metric.SEVERITY, "MEDIUM");
        hold(week(Metric.CHILDREN_REPEAT_MISSING, Map.of()), 9);
        hold(week(Metric.CHILDREN_FLAGGED, medium), 9);
        assertThat(suppression.withheld(week(Metric.CHILDREN_REPEAT_MISSING, Map.of())))
                .isFalse();
        hold(week(Metric.CHILDREN_FLAGGED, high), 2);
        assertThat(suppression.withheld(week(Metric.CHILDREN_REPEAT_MISSING, Map.of())))
                .isTrue();
        assertThat(suppression.withheld(week(Metric.CHILDREN_FLAGGED, medium))).isFalse();
    }

    @Test
    void eachTotalIsPublishedAgainWithThePartsItReads() {
        assertThat(SecondarySuppression.dependents(
                        week(Metric.ALERT_OUTCOMES, cell("toxic-trio", OutcomeGroup.NO_FURTHER_ACTION))))
                .containsExactlyInAnyOrder(
                        month(Metric.ALERT_OUTCOMES, cell("toxic-trio", OutcomeGroup.NO_FURTHER_ACTION)),
                        week(Metric.ALERT_OUTCOMES, Map.of(Metric.RULE, "toxic-trio")),
                        week(Metric.DECISIONS, outcome(DecisionOutcome.NO_FURTHER_ACTION)));
        assertThat(SecondarySuppression.dependents(month(Metric.ALERT_OUTCOMES, Map.of(Metric.RULE, "toxic-trio"))))
                .containsExactlyInAnyOrder(
                        month(Metric.FIRST_DECISIONS, Map.of()), month(Metric.DECIDED_IN_ONE_WORKING_DAY, Map.of()));
        assertThat(SecondarySuppression.dependents(month(Metric.DECISIONS, outcome(DecisionOutcome.EARLY_HELP))))
                .containsExactlyInAnyOrder(
                        month(Metric.FIRST_DECISIONS, Map.of()), month(Metric.DECIDED_IN_ONE_WORKING_DAY, Map.of()));
        assertThat(SecondarySuppression.dependents(month(
                        Metric.CHILDREN_FLAGGED,
                        Map.of(Metric.RULE, Deltas.REPEAT_MISSING_RULE, Metric.SEVERITY, "HIGH"))))
                .containsExactly(
                        month(Metric.CHILDREN_REPEAT_MISSING, Map.of()),
                        month(Metric.ALERTS, Map.of(Metric.RULE, Deltas.REPEAT_MISSING_RULE, Metric.SEVERITY, "HIGH")));
        assertThat(SecondarySuppression.dependents(
                        month(Metric.CHILDREN_FLAGGED, Map.of(Metric.RULE, "toxic-trio", Metric.SEVERITY, "HIGH"))))
                .as("the alerts raised of the cell, withheld for its withdrawals")
                .containsExactly(month(Metric.ALERTS, Map.of(Metric.RULE, "toxic-trio", Metric.SEVERITY, "HIGH")));
        assertThat(SecondarySuppression.dependents(week(
                        Metric.ALERTS_WITHDRAWN,
                        Map.of(Metric.RULE, Deltas.EXPLOITATION_RULE, Metric.SEVERITY, "HIGH"))))
                .containsExactly(
                        month(
                                Metric.ALERTS_WITHDRAWN,
                                Map.of(Metric.RULE, Deltas.EXPLOITATION_RULE, Metric.SEVERITY, "HIGH")),
                        week(Metric.ALERTS, Map.of(Metric.RULE, Deltas.EXPLOITATION_RULE, Metric.SEVERITY, "HIGH")),
                        week(Metric.EXPLOITATION_ALERTS, Map.of(Metric.SEVERITY, "HIGH")));
        assertThat(SecondarySuppression.dependents(
                        month(Metric.ALERTS, Map.of(Metric.RULE, "toxic-trio", Metric.SEVERITY, "HIGH"))))
                .as("alerts by rule and severity have no total")
                .isEmpty();
        assertThat(SecondarySuppression.dependents(month(Metric.EXPLOITATION_ALERTS, Map.of(Metric.SEVERITY, "LOW"))))
                .containsExactly(month(Metric.EXPLOITATION_ALERTS, Map.of()));
    }

    @Test
    void theAlertsRaisedAreWithheldWhenSomeWereWithdrawnAndTheWithdrawnOrTheFlaggedAreWithheld() {
        Map<String, String> trio = Map.of(Metric.RULE, "toxic-trio", Metric.SEVERITY, "HIGH");
        hold(week(Metric.ALERTS, trio), 9);
        hold(week(Metric.CHILDREN_FLAGGED, trio), 3);
        assertThat(suppression.withheld(week(Metric.ALERTS, trio)))
                .as("none withdrawn: several alerts of a few children")
                .isFalse();

        hold(week(Metric.ALERTS_WITHDRAWN, trio), 6);
        assertThat(suppression.withheld(week(Metric.ALERTS, trio)))
                .as("raised 9 = 3 flagged + 6 withdrawn: the raised would give the flagged away")
                .isTrue();
        assertThat(suppression.withheld(week(Metric.ALERTS_WITHDRAWN, trio))).isFalse();
        assertThat(suppression.withheld(month(Metric.ALERTS, trio)))
                .as("and the month, for its week")
                .isTrue();

        hold(week(Metric.CHILDREN_FLAGGED, trio), 7);
        hold(week(Metric.ALERTS_WITHDRAWN, trio), 2);
        assertThat(suppression.withheld(week(Metric.ALERTS, trio)))
                .as("raised 9 = 7 flagged + 2 withdrawn")
                .isTrue();
        assertThat(suppression.withheld(week(Metric.CHILDREN_FLAGGED, trio))).isFalse();

        hold(week(Metric.ALERTS_WITHDRAWN, trio), 5);
        hold(week(Metric.CHILDREN_FLAGGED, trio), 0);
        assertThat(suppression.withheld(week(Metric.ALERTS, trio)))
                .as("every child's alert withdrawn, 5 of them")
                .isFalse();
    }

    @Test
    void theExploitationAlertsOfASeverityAndTheirTotalFollowTheAlertsRaised() {
        Map<String, String> high = Map.of(Metric.RULE, Deltas.EXPLOITATION_RULE, Metric.SEVERITY, "HIGH");
        hold(week(Metric.ALERTS, high), 8);
        hold(week(Metric.EXPLOITATION_ALERTS, Map.of(Metric.SEVERITY, "HIGH")), 8);
        hold(week(Metric.EXPLOITATION_ALERTS, Map.of()), 8);
        hold(week(Metric.CHILDREN_FLAGGED, high), 7);
        hold(week(Metric.ALERTS_WITHDRAWN, high), 1);

        assertThat(suppression.withheld(week(Metric.EXPLOITATION_ALERTS, Map.of(Metric.SEVERITY, "HIGH"))))
                .isTrue();
        assertThat(suppression.withheld(week(Metric.EXPLOITATION_ALERTS, Map.of())))
                .isTrue();
        assertThat(suppression.withheld(month(Metric.EXPLOITATION_ALERTS, Map.of())))
                .isTrue();
    }
}
