package org.safeguardingsignals.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguardingsignals.events.PeriodType.CALENDAR_MONTH;
import static org.safeguardingsignals.events.PeriodType.ISO_WEEK;
import static org.safeguardingsignals.metrics.MetricsWorld.KENT;
import static org.safeguardingsignals.metrics.MetricsWorld.LAMBETH;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.PartnershipMetric;
import org.safeguardingsignals.events.PeriodType;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.internal.AlertFacts;
import org.safeguardingsignals.topics.Topics;

/**
 * Flag rates and decisions by rule: children flagged by rule and severity with their rate per 100,000 children, alert
 * outcomes by rule and outcome group with the share of no further action, minutes to first decision by rule, each
 * under disclosure control. The driver's wall clock stands at 1 December 2026 (week 2026-W49).
 */
class RuleFiguresTest {
    static final Instant TUESDAY = Instant.parse("2026-11-10T10:00:00Z"); // ISO week 2026-W46, month 2026-11
    static final String TRIO = "toxic-trio";
    static final String MISSING = Deltas.REPEAT_MISSING_RULE;

    private final MetricsWorld world = new MetricsWorld(Map.of(LAMBETH, 40_000L));

    @AfterEach
    void close() {
        world.close();
    }

    private static Instant minutes(long m) {
        return TUESDAY.plus(Duration.ofMinutes(m));
    }

    private static Map<String, String> cell(String rule, Severity severity) {
        return Map.of(Metric.RULE, rule, Metric.SEVERITY, severity.name());
    }

    private static Map<String, String> outcome(String rule, OutcomeGroup group) {
        return Map.of(Metric.RULE, rule, Metric.OUTCOME_GROUP, group.name());
    }

    private Double value(String authority, PeriodType type, String period, String metric, Map<String, String> dims) {
        PartnershipMetric m = world.figure(authority, type, period, metric, dims);
        assertThat(m.getSuppressed())
                .as("%s %s %s %s is published", authority, period, metric, dims)
                .isFalse();
        return m.getValue();
    }

    private Double month(String metric, Map<String, String> dims) {
        return value(LAMBETH, CALENDAR_MONTH, "2026-11", metric, dims);
    }

    private void assertWithheld(PeriodType type, String period, String metric, Map<String, String> dims) {
        PartnershipMetric m = world.figure(LAMBETH, type, period, metric, dims);
        assertThat(m.getSuppressed())
                .as("%s %s %s withheld", period, metric, dims)
                .isTrue();
        assertThat(m.getValue()).isNull();
    }

    /** Alerts of a rule, each a different child, one a minute from the minute given. */
    private List<RiskAlert> alerts(String rule, Severity severity, int count, long from, String... routedTo) {
        List<RiskAlert> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(world.alert(
                    rule, severity, minutes(from + i), routedTo.length == 0 ? new String[] {LAMBETH} : routedTo));
        }
        return out;
    }

    @Test
    void childrenFlaggedAreCountedOncePerRuleAndSeverityWithTheirRatePer100000Children() {
        List<RiskAlert> trio = alerts(TRIO, Severity.HIGH, 7, 0, LAMBETH, KENT);
        // the same child alerted again, and a replay of the first alert: still seven children
        world.pipe(
                Topics.ALERTS,
                RiskAlert.newBuilder(trio.get(1))
                        .setAlertId(UUID.randomUUID().toString())
                        .build());
        world.pipe(Topics.ALERTS, trio.get(0));
        alerts(MISSING, Severity.MEDIUM, 3, 20);
        world.publish();

        assertThat(month(Metric.CHILDREN_FLAGGED, cell(TRIO, Severity.HIGH))).isEqualTo(7.0);
        assertThat(month(Metric.CHILDREN_FLAGGED_PER_100K, cell(TRIO, Severity.HIGH)))
                .as("7 children among 40,000")
                .isEqualTo(17.5);
        assertThat(value(LAMBETH, ISO_WEEK, "2026-W46", Metric.CHILDREN_FLAGGED_PER_100K, cell(TRIO, Severity.HIGH)))
                .isEqualTo(17.5);
        assertThat(month(Metric.ALERTS, cell(TRIO, Severity.HIGH)))
                .as("alerts raised count records, children each child once")
                .isEqualTo(9.0);
        assertThat(value(KENT, CALENDAR_MONTH, "2026-11", Metric.CHILDREN_FLAGGED, cell(TRIO, Severity.HIGH)))
                .as("for every authority an alert is routed to")
                .isEqualTo(7.0);
        assertThat(world.latest.values())
                .as("Kent has no child population: no rate")
                .noneMatch(m ->
                        m.getLocalAuthority().equals(KENT) && m.getMetric().equals(Metric.CHILDREN_FLAGGED_PER_100K));
        for (PeriodType type : List.of(ISO_WEEK, CALENDAR_MONTH)) {
            String period = type == ISO_WEEK ? "2026-W46" : "2026-11";
            assertWithheld(type, period, Metric.CHILDREN_FLAGGED, cell(MISSING, Severity.MEDIUM));
            assertWithheld(type, period, Metric.CHILDREN_FLAGGED_PER_100K, cell(MISSING, Severity.MEDIUM));
        }
        assertThat(world.latest.toString()).doesNotContain(trio.get(0).getChildPseudonym());
    }

    @Test
    void aSmallSeverityWithholdsTheRepeatMissingChildrenTheyAreTheUnionOf() {
        alerts(MISSING, Severity.MEDIUM, 6, 0);
        world.publish();
        assertThat(month(Metric.CHILDREN_REPEAT_MISSING, Map.of())).isEqualTo(6.0);

        alerts(MISSING, Severity.HIGH, 2, 10);
        world.publish();
        assertThat(month(Metric.CHILDREN_FLAGGED, cell(MISSING, Severity.MEDIUM)))
                .isEqualTo(6.0);
        assertWithheld(CALENDAR_MONTH, "2026-11", Metric.CHILDREN_FLAGGED, cell(MISSING, Severity.HIGH));
        // 8 children, less the 6 published, would be the 2 withheld
        assertWithheld(CALENDAR_MONTH, "2026-11", Metric.CHILDREN_REPEAT_MISSING, Map.of());
        assertWithheld(ISO_WEEK, "2026-W46", Metric.CHILDREN_REPEAT_MISSING, Map.of());
    }

    @Test
    void anAlertsOutcomeIsItsFirstClosingDecisionCountedOnceByRuleWithTheShareOfNoFurtherAction() {
        List<RiskAlert> trio = alerts(TRIO, Severity.HIGH, 12, 0);
        for (int i = 0; i < 6; i++) {
            RiskAlert a = trio.get(i);
            world.decide(a, DecisionOutcome.ACKNOWLEDGED, minutes(60)); // no outcome: it stays open
            MashDecision proposed = world.decide(a, DecisionOutcome.NO_FURTHER_ACTION, minutes(90));
            world.signOff(proposed, minutes(120)); // the outcome, dated by the decision
        }
        for (int i = 6; i < 11; i++) {
            world.decideSignedOff(trio.get(i), DecisionOutcome.STRATEGY_DISCUSSION, minutes(100));
        }
        world.decide(trio.get(11), DecisionOutcome.NO_FURTHER_ACTION, minutes(100)); // never signed off: no outcome
        world.decideSignedOff(trio.get(6), DecisionOutcome.NO_FURTHER_ACTION, minutes(200)); // decided already
        world.publish();

        assertThat(month(Metric.ALERT_OUTCOMES, Map.of(Metric.RULE, TRIO))).isEqualTo(11.0);
        assertThat(month(Metric.ALERT_OUTCOMES, outcome(TRIO, OutcomeGroup.NO_FURTHER_ACTION)))
                .isEqualTo(6.0);
        assertThat(month(Metric.ALERT_OUTCOMES, outcome(TRIO, OutcomeGroup.SOCIAL_CARE)))
                .isEqualTo(5.0);
        assertThat(month(Metric.ALERT_OUTCOMES_NFA_PCT, Map.of(Metric.RULE, TRIO)))
                .as("6 of 11")
                .isEqualTo(54.5);
        assertThat(world.latest.values())
                .noneMatch(m -> m.getMetric().equals(Metric.ALERT_OUTCOMES)
                        && OutcomeGroup.OTHER.name().equals(m.getDimensions().get(Metric.OUTCOME_GROUP)));
        assertThat(month(Metric.FIRST_DECISIONS, Map.of())).isEqualTo(12.0);
        assertThat(month(Metric.DECISIONS, Map.of("outcome", "NO_FURTHER_ACTION")))
                .as("every record: 6 proposed, 6 signed, one unsigned, one after the outcome")
                .isEqualTo(14.0);
    }

    @Test
    void minutesToFirstDecisionAreSummarisedByRuleAndWithheldUnderFiveDecisions() {
        List<RiskAlert> trio = alerts(TRIO, Severity.HIGH, 5, 0);
        List<RiskAlert> missing = alerts(MISSING, Severity.MEDIUM, 4, 0);
        for (int i = 0; i < 5; i++) {
            // 10, 20, 30, 40, 50 minutes after each alert's trigger; a later decision is no first
            world.decide(trio.get(i), DecisionOutcome.ACKNOWLEDGED, minutes(i + 10L * (i + 1)));
            world.decide(trio.get(i), DecisionOutcome.STRATEGY_DISCUSSION, minutes(500));
        }
        for (RiskAlert a : missing) {
            world.decide(a, DecisionOutcome.ACKNOWLEDGED, minutes(30));
        }
        world.publish();

        Map<String, String> trioMedian = Map.of(Metric.RULE, TRIO, "stat", "median");
        assertThat(month(Metric.MINUTES_TO_FIRST_DECISION, trioMedian)).isEqualTo(30.0);
        assertThat(month(Metric.MINUTES_TO_FIRST_DECISION, Map.of(Metric.RULE, TRIO, "stat", "p90")))
                .isEqualTo(50.0);
        assertThat(value(LAMBETH, ISO_WEEK, "2026-W46", Metric.MINUTES_TO_FIRST_DECISION, trioMedian))
                .isEqualTo(30.0);
        assertWithheld(
                CALENDAR_MONTH,
                "2026-11",
                Metric.MINUTES_TO_FIRST_DECISION,
                Map.of(Metric.RULE, MISSING, "stat", "median"));
        assertThat(month(Metric.MINUTES_TO_FIRST_DECISION, Map.of("stat", "median")))
                .as("all nine first decisions: 10, 20, 27, 28, 29, 30, 30, 40, 50")
                .isEqualTo(29.0);
    }

    @Test
    void aSmallOutcomeWithholdsItsRulesTotalShareTheDecisionsOfItsOutcomesAndTheFirstDecisions() {
        List<RiskAlert> trio = alerts(TRIO, Severity.HIGH, 10, 0);
        List<RiskAlert> missing = alerts(MISSING, Severity.MEDIUM, 7, 20);
        for (int i = 0; i < 10; i++) {
            world.decideSignedOff(
                    trio.get(i), i < 5 ? DecisionOutcome.NO_FURTHER_ACTION : DecisionOutcome.EARLY_HELP, minutes(60));
        }
        for (int i = 0; i < 7; i++) {
            world.decideSignedOff(
                    missing.get(i),
                    i < 5 ? DecisionOutcome.SECTION_47_ENQUIRY : DecisionOutcome.EARLY_HELP,
                    minutes(60));
        }
        world.publish();

        assertThat(month(Metric.ALERT_OUTCOMES, Map.of(Metric.RULE, TRIO))).isEqualTo(10.0);
        assertThat(month(Metric.ALERT_OUTCOMES_NFA_PCT, Map.of(Metric.RULE, TRIO)))
                .isEqualTo(50.0);
        assertThat(month(Metric.ALERT_OUTCOMES, outcome(MISSING, OutcomeGroup.SOCIAL_CARE)))
                .as("a section 47 enquiry is children's social care")
                .isEqualTo(5.0);
        assertThat(month(Metric.DECISIONS, Map.of("outcome", "SECTION_47_ENQUIRY")))
                .isEqualTo(5.0);
        assertThat(world.latest.values())
                .as("an outcome of the group that no decision had is not published")
                .noneMatch(m -> m.getMetric().equals(Metric.DECISIONS)
                        && m.getDimensions().get("outcome").equals("STRATEGY_DISCUSSION"));
        assertThat(world.latest.values())
                .as("the share is by rule only")
                .filteredOn(m -> m.getMetric().equals(Metric.ALERT_OUTCOMES_NFA_PCT))
                .allSatisfy(m -> assertThat(m.getDimensions().keySet()).containsExactly(Metric.RULE));
        for (PeriodType type : List.of(ISO_WEEK, CALENDAR_MONTH)) {
            String period = type == ISO_WEEK ? "2026-W46" : "2026-11";
            assertWithheld(type, period, Metric.ALERT_OUTCOMES, outcome(MISSING, OutcomeGroup.OTHER));
            assertWithheld(type, period, Metric.ALERT_OUTCOMES, Map.of(Metric.RULE, MISSING));
            assertWithheld(type, period, Metric.ALERT_OUTCOMES_NFA_PCT, Map.of(Metric.RULE, MISSING));
            // 7 early help, less trio's 5 published, would be the 2 withheld
            assertWithheld(type, period, Metric.DECISIONS, Map.of("outcome", "EARLY_HELP"));
            // 17 first decisions, less trio's 10, would be repeat-missing's total
            assertWithheld(type, period, Metric.FIRST_DECISIONS, Map.of());
            assertWithheld(type, period, Metric.DECIDED_IN_ONE_WORKING_DAY, Map.of());
            assertWithheld(type, period, Metric.DECIDED_IN_ONE_WORKING_DAY_PCT, Map.of());
        }

        // three more early help for repeat-missing: nothing small, nothing withheld
        for (RiskAlert a : alerts(MISSING, Severity.MEDIUM, 3, 40)) {
            world.decideSignedOff(a, DecisionOutcome.EARLY_HELP, minutes(70));
        }
        world.publish();
        assertThat(month(Metric.ALERT_OUTCOMES, outcome(MISSING, OutcomeGroup.OTHER)))
                .isEqualTo(5.0);
        assertThat(month(Metric.ALERT_OUTCOMES_NFA_PCT, Map.of(Metric.RULE, MISSING)))
                .isEqualTo(0.0);
        assertThat(month(Metric.DECISIONS, Map.of("outcome", "EARLY_HELP"))).isEqualTo(10.0);
        assertThat(month(Metric.FIRST_DECISIONS, Map.of())).isEqualTo(20.0);
        assertThat(month(Metric.DECIDED_IN_ONE_WORKING_DAY_PCT, Map.of())).isEqualTo(100.0);
    }

    @Test
    void anOutcomeIsDatedByItsDecisionForTheDecidingAuthority() {
        List<RiskAlert> trio = alerts(TRIO, Severity.HIGH, 5, 0, LAMBETH, KENT);
        Instant december = Instant.parse("2026-12-01T08:00:00Z");
        trio.forEach(a -> world.decideSignedOff(a, DecisionOutcome.STRATEGY_DISCUSSION, december));
        world.publish();

        assertThat(value(LAMBETH, CALENDAR_MONTH, "2026-12", Metric.ALERT_OUTCOMES, Map.of(Metric.RULE, TRIO)))
                .isEqualTo(5.0);
        assertThat(world.latest.values())
                .as("not in the month of the trigger, nor for an authority that did not decide")
                .noneMatch(m -> m.getMetric().equals(Metric.ALERT_OUTCOMES)
                        && (m.getPeriod().equals("2026-11")
                                || m.getLocalAuthority().equals(KENT)));
    }

    @Test
    void factsStoredBeforeOutcomesWereCountedCountTheirOutcomeOnlyIfTheAlertWasStillOpen() {
        KeyValueStore<String, AlertFacts> facts = world.driver.getKeyValueStore(JoinProcessors.ALERT_FACTS_STORE);
        List<RiskAlert> closed = new ArrayList<>();
        List<RiskAlert> open = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            RiskAlert a = world.alert(TRIO, Severity.HIGH, minutes(i), LAMBETH);
            AlertFacts f = facts.get(a.getAlertId());
            f.setOutcomeCounted(null); // as written before the field
            f.setDecided(true);
            f.setClosed(i < 5);
            facts.put(a.getAlertId(), f);
            (i < 5 ? closed : open).add(a);
        }
        closed.forEach(a -> world.decideSignedOff(a, DecisionOutcome.EARLY_HELP, minutes(60)));
        open.forEach(a -> world.decideSignedOff(a, DecisionOutcome.REFERRED_TO_CHILDRENS_SOCIAL_CARE, minutes(60)));
        world.publish();

        assertThat(month(Metric.ALERT_OUTCOMES, Map.of(Metric.RULE, TRIO))).isEqualTo(5.0);
        assertThat(month(Metric.ALERT_OUTCOMES, outcome(TRIO, OutcomeGroup.SOCIAL_CARE)))
                .isEqualTo(5.0);
    }
}
