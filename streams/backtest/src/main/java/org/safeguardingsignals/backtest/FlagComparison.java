package org.safeguardingsignals.backtest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.safeguardingsignals.detection.rules.Rule;

/**
 * What the candidate settings change, per authority, rule and severity: alerts, children flagged (distinct
 * pseudonyms), per 100,000 children where the authority's population is known, and the children gained and lost.
 * An alert counts for every authority it is routed to, as the partnership figures count it.
 *
 * <p>Operation Encompass escalations are left out: they follow schools' acknowledgements in real time, not the
 * agencies' events, so a replay cannot say how many there would have been.
 */
public final class FlagComparison {
    /** Every rule of the row's authority (children flagged by any rule: a child counts once). */
    public static final String ANY_RULE = "any rule";
    /** Every severity of the row's rule. */
    public static final String ANY_SEVERITY = "all";

    public static final Set<String> NOT_COMPARED = Set.of(Rule.ENCOMPASS_UNACKNOWLEDGED.id());

    /** One line of the comparison. {@code population} is null when the authority's is not configured. */
    public record Row(
            String authority,
            String rule,
            String severity,
            long currentAlerts,
            long candidateAlerts,
            long currentChildren,
            long candidateChildren,
            long gained,
            long lost,
            Long population) {

        public Double currentPer100k() {
            return per100k(currentChildren);
        }

        public Double candidatePer100k() {
            return per100k(candidateChildren);
        }

        private Double per100k(long children) {
            return population == null ? null : children * 100_000.0 / population;
        }

        public boolean isTotal() {
            return rule.equals(ANY_RULE);
        }
    }

    /** A child the candidate flags and the current settings do not (GAINED), or the other way (LOST). */
    public record ChildChange(String authority, String rule, String childPseudonym, String change) {}

    private final List<Row> rows;
    private final List<ChildChange> changes;

    private FlagComparison(List<Row> rows, List<ChildChange> changes) {
        this.rows = rows;
        this.changes = changes;
    }

    public static FlagComparison of(
            List<Replay.Raised> current, List<Replay.Raised> candidate, Map<String, Long> populations) {
        Map<Key, Tally> now = tally(current);
        Map<Key, Tally> then = tally(candidate);
        Set<Key> keys = new TreeSet<>(Key.ORDER);
        keys.addAll(now.keySet());
        keys.addAll(then.keySet());
        List<Row> rows = new ArrayList<>();
        List<ChildChange> changes = new ArrayList<>();
        for (Key k : keys) {
            Tally a = now.getOrDefault(k, Tally.EMPTY);
            Tally b = then.getOrDefault(k, Tally.EMPTY);
            Set<String> gained = new TreeSet<>(b.children);
            gained.removeAll(a.children);
            Set<String> lost = new TreeSet<>(a.children);
            lost.removeAll(b.children);
            rows.add(new Row(
                    k.authority,
                    k.rule,
                    k.severity,
                    a.alerts.size(),
                    b.alerts.size(),
                    a.children.size(),
                    b.children.size(),
                    gained.size(),
                    lost.size(),
                    populations.get(k.authority)));
            if (k.severity.equals(ANY_SEVERITY)) { // by pseudonym once per rule, not again per severity
                gained.forEach(c -> changes.add(new ChildChange(k.authority, k.rule, c, "GAINED")));
                lost.forEach(c -> changes.add(new ChildChange(k.authority, k.rule, c, "LOST")));
            }
        }
        return new FlagComparison(List.copyOf(rows), List.copyOf(changes));
    }

    public List<Row> rows() {
        return rows;
    }

    public List<ChildChange> changes() {
        return changes;
    }

    /** The rows of one rule over every severity, and the any-rule totals, per authority: what the chart shows. */
    public List<Row> ruleTotals() {
        return rows.stream().filter(r -> r.severity.equals(ANY_SEVERITY)).toList();
    }

    private static Map<Key, Tally> tally(List<Replay.Raised> alerts) {
        Map<Key, Tally> out = new HashMap<>();
        for (Replay.Raised a : alerts) {
            if (NOT_COMPARED.contains(a.ruleId())) {
                continue;
            }
            for (String authority : new HashSet<>(a.routedTo())) {
                for (Key k : List.of(
                        new Key(authority, a.ruleId(), a.severity()),
                        new Key(authority, a.ruleId(), ANY_SEVERITY),
                        new Key(authority, ANY_RULE, ANY_SEVERITY))) {
                    Tally t = out.computeIfAbsent(k, x -> new Tally(new HashSet<>(), new HashSet<>()));
                    t.alerts.add(a.alertId());
                    t.children.add(a.child());
                }
            }
        }
        return out;
    }

    private record Tally(Set<String> alerts, Set<String> children) {
        static final Tally EMPTY = new Tally(Set.of(), Set.of());
    }

    /** Authority, then rules in the order of {@link Rule} (unknown ids after, any-rule last), severities high first. */
    private record Key(String authority, String rule, String severity) {
        static final List<String> RULES =
                Arrays.stream(Rule.values()).map(Rule::id).toList();
        static final List<String> SEVERITIES = List.of("HIGH", "MEDIUM", "LOW", ANY_SEVERITY);
        static final Comparator<Key> ORDER = Comparator.comparing(Key::authority)
                .thenComparing(k -> k.rule.equals(ANY_RULE) ? 1 : 0)
                .thenComparing(k -> RULES.contains(k.rule) ? RULES.indexOf(k.rule) : RULES.size())
                .thenComparing(Key::rule)
                .thenComparing(k -> SEVERITIES.contains(k.severity) ? SEVERITIES.indexOf(k.severity) : 2)
                .thenComparing(Key::severity);
    }
}
