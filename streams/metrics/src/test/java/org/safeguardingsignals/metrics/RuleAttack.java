package org.safeguardingsignals.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.PartnershipMetric;
import org.safeguardingsignals.events.PeriodType;
import org.safeguardingsignals.events.Severity;

/**
 * The differencing attack on the figures by rule, played on every publication kept, all relations at once ({@link
 * JointAttack}), in a world where they are exact (each alert a different child, each decided once, by a decision that
 * closes it, in one record), so the attacker may take every "at most" as "equal":
 * <ul>
 *   <li>February 2027 (ISO weeks 5 to 8) is the sum of its weeks, figure by figure;
 *   <li>a rule's alerts at a severity = the children it still flags at that severity + its alerts withdrawn there
 *       (a withdrawal takes its child out of the cell; an alert re-issued in place of a withdrawn one is a new alert);
 *       children with a repeat-missing alert = the repeat-missing children flagged over the severities;
 *   <li>a rule's alert outcomes = the sum of its outcome groups; the decisions of a group's outcomes = the sum over the
 *       rules of that group; first decisions = the sum of the rules' totals, and those within one working day at
 *       most that;
 *   <li>a published rate per 100,000 gives its count;
 *   <li>between two publications every count is at least what it was, but children flagged, which a withdrawal
 *       takes away.
 * </ul>
 * The attacker is told which withheld counts are small (1 to 4); any other withheld count may be anything.
 */
final class RuleAttack {
    static final List<String> WEEKS = List.of("2027-W05", "2027-W06", "2027-W07", "2027-W08");
    static final String FEBRUARY = "2027-02";
    private static final long ANY = 500;

    private final JointAttack attack = new JointAttack();
    private final List<String> rules;
    private final long population;
    private final List<Map<String, PartnershipMetric>> published = new ArrayList<>();
    private final List<Map<String, Long>> truths = new ArrayList<>();

    RuleAttack(List<String> rules, long population) {
        this.rules = rules;
        this.population = population;
    }

    /** One publication: the latest figure per key on the topic, and the true counts (the aggregator's store) then. */
    void version(Map<String, PartnershipMetric> topic, Map<String, Long> store) {
        int v = published.size();
        published.add(Map.copyOf(topic));
        truths.add(Map.copyOf(store));
        for (String period : Stream.concat(WEEKS.stream(), Stream.of(FEBRUARY)).toList()) {
            relate(v, period);
        }
        for (String kind : kinds()) {
            String metric = kind.substring(0, kind.indexOf('|'));
            String dims = kind.substring(kind.indexOf('|') + 1);
            List<String> weeks =
                    WEEKS.stream().map(w -> var(v, key(w, metric, dims))).toList();
            attack.sum(var(v, key(FEBRUARY, metric, dims)), weeks);
            if (v > 0 && !metric.equals(Metric.CHILDREN_FLAGGED) && !metric.equals(Metric.CHILDREN_REPEAT_MISSING)) {
                Stream.concat(WEEKS.stream(), Stream.of(FEBRUARY))
                        .forEach(p -> attack.atMost(var(v - 1, key(p, metric, dims)), var(v, key(p, metric, dims))));
            }
        }
    }

    /** The withheld small counts worked out to one value: "version n key" to what the attacker found. */
    Map<String, String> recovered() {
        Map<String, String> out = new TreeMap<>();
        for (int v = 0; v < published.size(); v++) {
            for (Map.Entry<String, PartnershipMetric> e : published.get(v).entrySet()) {
                long truth = truths.get(v).getOrDefault(e.getKey(), 0L);
                if (!e.getValue().getSuppressed() || !attack.has(name(v, e.getKey())) || !small(truth)) {
                    continue;
                }
                BitSet values = attack.values(name(v, e.getKey()));
                if (!values.get((int) truth)) {
                    throw new AssertionError("the truth is not among what the attacker finds: " + e.getKey());
                }
                if (values.cardinality() == 1) {
                    out.put("version " + (v + 1) + " " + e.getKey(), "withheld " + truth + ", worked out");
                }
            }
        }
        return out;
    }

    private void relate(int v, String period) {
        List<String> totals = new ArrayList<>();
        for (String rule : rules) {
            List<String> groups = Arrays.stream(OutcomeGroup.values())
                    .map(g -> var(v, key(period, Metric.ALERT_OUTCOMES, outcome(rule, g))))
                    .toList();
            String total = var(v, key(period, Metric.ALERT_OUTCOMES, Map.of(Metric.RULE, rule)));
            attack.sum(total, groups);
            totals.add(total);
            for (Severity s : Severity.values()) {
                Map<String, String> cell = Map.of(Metric.RULE, rule, Metric.SEVERITY, s.name());
                attack.sum(
                        var(v, key(period, Metric.ALERTS, cell)),
                        List.of(
                                var(v, key(period, Metric.CHILDREN_FLAGGED, cell)),
                                var(v, key(period, Metric.ALERTS_WITHDRAWN, cell))));
            }
        }
        attack.sum(
                var(v, key(period, Metric.CHILDREN_REPEAT_MISSING, Map.of())),
                Arrays.stream(Severity.values())
                        .map(s -> var(
                                v,
                                key(
                                        period,
                                        Metric.CHILDREN_FLAGGED,
                                        Map.of(Metric.RULE, Deltas.REPEAT_MISSING_RULE, Metric.SEVERITY, s.name()))))
                        .toList());
        for (OutcomeGroup g : OutcomeGroup.values()) {
            String margin = "v" + v + "|" + period + "|decisions of " + g;
            attack.variable(margin, 0, ANY);
            attack.sum(
                    margin,
                    g.outcomes().stream()
                            .map(o -> var(v, key(period, Metric.DECISIONS, Map.of("outcome", o.name()))))
                            .toList());
            attack.sum(
                    margin,
                    rules.stream()
                            .map(r -> var(v, key(period, Metric.ALERT_OUTCOMES, outcome(r, g))))
                            .toList());
        }
        String first = var(v, key(period, Metric.FIRST_DECISIONS, Map.of()));
        attack.sum(first, totals);
        attack.atMost(var(v, key(period, Metric.DECIDED_IN_ONE_WORKING_DAY, Map.of())), first);
    }

    /** Every figure related above, as metric|dimensions: February and its weeks are related for each. */
    private List<String> kinds() {
        List<String> out = new ArrayList<>(List.of(
                Metric.CHILDREN_REPEAT_MISSING + "|",
                Metric.FIRST_DECISIONS + "|",
                Metric.DECIDED_IN_ONE_WORKING_DAY + "|"));
        for (String rule : rules) {
            out.add(Metric.ALERT_OUTCOMES + "|" + FigureKey.dims(Map.of(Metric.RULE, rule)));
            for (OutcomeGroup g : OutcomeGroup.values()) {
                out.add(Metric.ALERT_OUTCOMES + "|" + FigureKey.dims(outcome(rule, g)));
            }
            for (Severity s : Severity.values()) {
                Map<String, String> cell = Map.of(Metric.RULE, rule, Metric.SEVERITY, s.name());
                out.add(Metric.CHILDREN_FLAGGED + "|" + FigureKey.dims(cell));
                out.add(Metric.ALERTS + "|" + FigureKey.dims(cell));
                out.add(Metric.ALERTS_WITHDRAWN + "|" + FigureKey.dims(cell));
            }
        }
        for (DecisionOutcome o : DecisionOutcome.values()) {
            if (OutcomeGroup.of(o) != null) {
                out.add(Metric.DECISIONS + "|outcome=" + o.name());
            }
        }
        return out;
    }

    /** The variable of a figure in a version, with the range its publication leaves. */
    private String var(int v, String key) {
        String name = name(v, key);
        if (!attack.has(name)) {
            PartnershipMetric p = published.get(v).get(key);
            long truth = truths.get(v).getOrDefault(key, 0L);
            if (p == null) {
                attack.variable(name, 0, 0); // never published: no event
            } else if (p.getSuppressed()) {
                attack.variable(name, small(truth) ? 1 : 0, small(truth) ? 4 : ANY);
            } else {
                attack.variable(name, Math.round(p.getValue()), Math.round(p.getValue()));
            }
            PartnershipMetric rate = published
                    .get(v)
                    .get(key.replace(
                            "|" + Metric.CHILDREN_FLAGGED + "|", "|" + Metric.CHILDREN_FLAGGED_PER_100K + "|"));
            if (key.contains("|" + Metric.CHILDREN_FLAGGED + "|") && rate != null && !rate.getSuppressed()) {
                long count = Math.round(rate.getValue() * population / 100_000);
                attack.variable(name, count, count);
            }
        }
        return name;
    }

    private static String name(int v, String key) {
        return "v" + v + "|" + key;
    }

    private static String key(String period, String metric, Map<String, String> dims) {
        return key(period, metric, FigureKey.dims(dims));
    }

    private static String key(String period, String metric, String dims) {
        PeriodType type = period.contains("W") ? PeriodType.ISO_WEEK : PeriodType.CALENDAR_MONTH;
        return MetricsWorld.LAMBETH + "|" + type + "|" + period + "|" + metric + "|" + dims;
    }

    private static Map<String, String> outcome(String rule, OutcomeGroup group) {
        return Map.of(Metric.RULE, rule, Metric.OUTCOME_GROUP, group.name());
    }

    private static boolean small(long count) {
        return count >= 1 && count <= 4;
    }
}
