package org.safeguardingsignals.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.PartnershipMetric;
import org.safeguardingsignals.events.PeriodType;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;

/** February 2027 (ISO weeks 5 to 8) in Lambeth, alert by alert and decision by decision, for the attack by rule. */
final class FebruaryByRule {
    static final List<String> RULES = List.of("toxic-trio", Deltas.REPEAT_MISSING_RULE, "neglect-signals");
    private final MetricsWorld world;
    /** Every alert raised, by "week|rule|severity", in order. */
    final Map<String, List<RiskAlert>> raised = new HashMap<>();

    FebruaryByRule(MetricsWorld world) {
        this.world = world;
    }

    /**
     * February's alerts, each a different child, and their outcomes, decided within the hour: a small cell of no
     * further action (the first week's only withheld rule); in the second week, small cells in two rules and two
     * outcomes; three high-severity repeat-missing children, two neglect children.
     */
    void weeks() {
        decided(0, "toxic-trio", 6, 0, 0, 0);
        decided(0, Deltas.REPEAT_MISSING_RULE, 1, 5, 5, 0);
        flagged(0, Deltas.REPEAT_MISSING_RULE, Severity.HIGH, 3, 30);
        decided(1, "toxic-trio", 0, 5, 0, 0);
        decided(1, Deltas.REPEAT_MISSING_RULE, 1, 0, 5, 0);
        decided(1, "neglect-signals", 0, 0, 2, 0);
        decided(2, "toxic-trio", 7, 0, 0, 0);
        decided(2, Deltas.REPEAT_MISSING_RULE, 0, 5, 0, 0);
        decided(3, Deltas.REPEAT_MISSING_RULE, 5, 0, 0, 0);
    }

    /** Alerts of a rule in a week (toxic-trio HIGH, others MEDIUM), decided: no further action, social care, other. */
    void decided(int week, String rule, int nfa, int socialCare, int other, int from) {
        Severity severity = rule.equals("toxic-trio") ? Severity.HIGH : Severity.MEDIUM;
        List<RiskAlert> alerts = flagged(week, rule, severity, nfa + socialCare + other, from);
        for (int i = 0; i < alerts.size(); i++) {
            DecisionOutcome outcome = i < nfa
                    ? DecisionOutcome.NO_FURTHER_ACTION
                    : i < nfa + socialCare ? DecisionOutcome.STRATEGY_DISCUSSION : DecisionOutcome.EARLY_HELP;
            RiskAlert a = alerts.get(i);
            world.decideSignedOff(a, outcome, a.getWindow().getEnd().plus(Duration.ofMinutes(30)));
        }
    }

    /** Alerts of a rule and severity in a week, each a different child, from the given minute of the Monday. */
    List<RiskAlert> flagged(int week, String rule, Severity severity, int count, int from) {
        Instant monday = Instant.parse("2027-02-01T09:00:00Z").plus(Duration.ofDays(7L * week));
        List<RiskAlert> alerts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            alerts.add(world.alert(rule, severity, monday.plus(Duration.ofMinutes(from + i)), MetricsWorld.LAMBETH));
        }
        raised.computeIfAbsent(week + "|" + rule + "|" + severity, k -> new ArrayList<>())
                .addAll(alerts);
        return alerts;
    }

    /** Publishes, and returns the latest figure per key for Lambeth. */
    Map<String, PartnershipMetric> published() {
        world.publish();
        Map<String, PartnershipMetric> out = new HashMap<>();
        world.latest.forEach((k, m) -> {
            if (m.getLocalAuthority().equals(MetricsWorld.LAMBETH)) {
                out.put(k, m);
            }
        });
        return out;
    }

    /** The true counts: the aggregator's figures store. */
    Map<String, Long> store() {
        Map<String, Long> out = new HashMap<>();
        KeyValueStore<String, Long> figures = world.driver.getKeyValueStore(MetricAggregator.FIGURES_STORE);
        try (KeyValueIterator<String, Long> it = figures.all()) {
            it.forEachRemaining(kv -> out.put(kv.key, kv.value));
        }
        return out;
    }

    boolean withheld(String period, String metric, Map<String, String> dims) {
        return world.figure(
                        period.contains("W") ? PeriodType.ISO_WEEK : PeriodType.CALENDAR_MONTH, period, metric, dims)
                .getSuppressed();
    }

    /** Whether a count a rate or a share is built on is withheld. */
    boolean builtOnWithheld(PartnershipMetric m) {
        String period = m.getPeriod();
        if (m.getMetric().equals(Metric.CHILDREN_FLAGGED_PER_100K)) {
            return withheld(period, Metric.CHILDREN_FLAGGED, m.getDimensions());
        }
        Map<String, String> nfa = new HashMap<>(m.getDimensions());
        nfa.put(Metric.OUTCOME_GROUP, OutcomeGroup.NO_FURTHER_ACTION.name());
        boolean nfaWithheld = world.latest.values().stream()
                .anyMatch(f -> f.getPeriod().equals(period)
                        && f.getMetric().equals(Metric.ALERT_OUTCOMES)
                        && f.getDimensions().equals(nfa)
                        && f.getSuppressed());
        return nfaWithheld || withheld(period, Metric.ALERT_OUTCOMES, m.getDimensions());
    }
}
