package org.safeguardingsignals.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.PeriodType;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.identifiers.ChildAge;

/**
 * Which counts are withheld, and which must be published again when a count changes ({@link Disclosure}). A count is
 * withheld when it is small (primary suppression), when it is a month that a withheld ISO week overlaps, or when it
 * is a total one of whose parts is withheld (either reason), because the total less the published parts would be the
 * withheld part:
 * <ul>
 *   <li>a figure's total and its bands by age band, severity or group size ({@link #BREAKDOWNS});
 *   <li>a rule's {@link Metric#ALERT_OUTCOMES} and its outcome groups;
 *   <li>{@link Metric#DECISIONS} of an outcome and every rule's alert outcomes of its group (the rules add up to it);
 *   <li>{@link Metric#CHILDREN_REPEAT_MISSING} and the children flagged by repeat-missing by severity (their union);
 *   <li>{@link Metric#ALERTS} of a rule and severity, and the exploitation alerts of that severity (the same count),
 *       when its {@link Metric#ALERTS_WITHDRAWN} cell is not 0 and that cell or its {@link Metric#CHILDREN_FLAGGED}
 *       cell is withheld: where each alert is a different child, the alerts raised are the children still flagged
 *       plus the alerts withdrawn, so either one would be the raised less the other. Children flagged can fall, so
 *       an earlier publication bounds them neither way; the alerts raised and withdrawn only grow;
 *   <li>{@link Metric#FIRST_DECISIONS}, and {@link Metric#DECIDED_IN_ONE_WORKING_DAY} (at most it), when exactly one
 *       rule's alert outcomes, or exactly one outcome of {@link Metric#DECISIONS}, is withheld: where every first
 *       decision closes its alert in one record, the first decisions are the sum of either, and one withheld figure
 *       would be their difference (two or more keep each other, short of the limit in {@link Disclosure}).
 * </ul>
 */
final class SecondarySuppression {
    /**
     * The breakdowns whose bands add up to their figure's total (every member is in exactly one band), by dimension:
     * a total is withheld whenever one of its bands is.
     */
    static final Map<String, List<String>> BREAKDOWNS = Map.of(
            Metric.AGE_BAND,
            names(ChildAge.Band.values()),
            Metric.SEVERITY,
            names(Severity.values()),
            Metric.GROUP_SIZE,
            names(GroupSize.values()));

    /** The counts held, by figure key. */
    interface Counts {
        /** A figure's count; 0 when there is none. */
        long count(String key);

        /** The keys of the figures held that start with the prefix. */
        List<String> keysStartingWith(String prefix);
    }

    private final Counts counts;

    SecondarySuppression(Counts counts) {
        this.counts = counts;
    }

    /** Whether a count is withheld: small itself, a month that a withheld week overlaps, or a total of a withheld part. */
    boolean withheld(String key) {
        FigureKey figure = FigureKey.of(key);
        return small(figure) || withheldForAWeek(figure) || withheldForAPart(figure);
    }

    private boolean small(FigureKey figure) {
        return Disclosure.suppressCount(counts.count(figure.key()));
    }

    /** Whether the figure is a month that an ISO week withheld (as small, or for a part) overlaps. */
    private boolean withheldForAWeek(FigureKey figure) {
        if (figure.type() != PeriodType.CALENDAR_MONTH) {
            return false;
        }
        for (String week : Periods.weeksOverlapping(figure.period())) {
            FigureKey weekly = figure.in(PeriodType.ISO_WEEK, week);
            if (small(weekly) || withheldForAPart(weekly)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A part withholds its total when it is withheld itself: small, a month that a withheld week overlaps, or alerts
     * withheld for their withdrawals.
     */
    private boolean partWithheld(FigureKey part) {
        return small(part) || withheldForAWeek(part) || withdrawalsWithheld(part);
    }

    /**
     * Whether alerts raised of a rule and severity (or exploitation alerts of a severity, the same count) are withheld
     * for their withdrawals: some were withdrawn, and the alerts withdrawn or the children flagged in the cell are
     * withheld (small, or for a week), since raised = flagged + withdrawn where each alert is a different child.
     */
    private boolean withdrawalsWithheld(FigureKey figure) {
        Map<String, String> dims = figure.dimensions();
        String rule = switch (figure.metric()) {
            case Metric.ALERTS ->
                dims.keySet().equals(Set.of(Metric.RULE, Metric.SEVERITY)) ? dims.get(Metric.RULE) : null;
            case Metric.EXPLOITATION_ALERTS ->
                dims.keySet().equals(Set.of(Metric.SEVERITY)) ? Deltas.EXPLOITATION_RULE : null;
            case Metric.EXPLOITATION_LINKED_ALERTS ->
                dims.keySet().equals(Set.of(Metric.SEVERITY)) ? Deltas.EXPLOITATION_LINKED_RULE : null;
            default -> null;
        };
        if (rule == null) {
            return false;
        }
        Map<String, String> cell = Map.of(Metric.RULE, rule, Metric.SEVERITY, dims.get(Metric.SEVERITY));
        FigureKey withdrawn = figure.as(Metric.ALERTS_WITHDRAWN, cell);
        FigureKey flagged = figure.as(Metric.CHILDREN_FLAGGED, cell);
        return counts.count(withdrawn.key()) > 0
                && (small(withdrawn) || withheldForAWeek(withdrawn) || small(flagged) || withheldForAWeek(flagged));
    }

    /** Whether the figure is a total one of whose parts is withheld. */
    private boolean withheldForAPart(FigureKey figure) {
        Map<String, String> dims = figure.dimensions();
        if (dims.isEmpty()) {
            for (Map.Entry<String, List<String>> breakdown : BREAKDOWNS.entrySet()) {
                for (String band : breakdown.getValue()) {
                    if (partWithheld(figure.as(figure.metric(), Map.of(breakdown.getKey(), band)))) {
                        return true;
                    }
                }
            }
        }
        if (withdrawalsWithheld(figure)) {
            return true;
        }
        return switch (figure.metric()) {
            case Metric.ALERT_OUTCOMES ->
                dims.keySet().equals(Set.of(Metric.RULE))
                        && Arrays.stream(OutcomeGroup.values())
                                .anyMatch(g -> partWithheld(figure.as(
                                        Metric.ALERT_OUTCOMES,
                                        Map.of(Metric.RULE, dims.get(Metric.RULE), Metric.OUTCOME_GROUP, g.name()))));
            case Metric.DECISIONS -> {
                OutcomeGroup group = groupOf(dims.get("outcome"));
                yield group != null
                        && dims.size() == 1
                        && counts.keysStartingWith(groupPrefix(figure, group)).stream()
                                .anyMatch(k -> partWithheld(FigureKey.of(k)));
            }
            case Metric.FIRST_DECISIONS, Metric.DECIDED_IN_ONE_WORKING_DAY ->
                dims.isEmpty() && (onlyOneWithheld(rulesPrefix(figure)) || onlyOneWithheld(outcomesPrefix(figure)));
            case Metric.CHILDREN_REPEAT_MISSING ->
                dims.isEmpty()
                        && Arrays.stream(Severity.values())
                                .anyMatch(s -> partWithheld(figure.as(
                                        Metric.CHILDREN_FLAGGED,
                                        Map.of(Metric.RULE, Deltas.REPEAT_MISSING_RULE, Metric.SEVERITY, s.name()))));
            default -> false;
        };
    }

    /** Whether exactly one of the figures whose keys start with the prefix is withheld (for any reason). */
    private boolean onlyOneWithheld(String prefix) {
        return counts.keysStartingWith(prefix).stream().filter(this::withheld).count() == 1;
    }

    /**
     * The figures whose withholding reads this one, so must be published again when it changes: for a week, the
     * months it overlaps; for a part, its totals (above).
     */
    static List<String> dependents(String key) {
        FigureKey figure = FigureKey.of(key);
        List<FigureKey> out = new ArrayList<>();
        if (figure.type() == PeriodType.ISO_WEEK) {
            for (String month : Periods.monthsOverlapping(figure.period())) {
                out.add(figure.in(PeriodType.CALENDAR_MONTH, month));
            }
        }
        Map<String, String> dims = figure.dimensions();
        if (dims.size() == 1 && BREAKDOWNS.containsKey(dims.keySet().iterator().next())) {
            out.add(figure.as(figure.metric(), Map.of()));
        }
        if (figure.metric().equals(Metric.DECISIONS)) {
            out.add(figure.as(Metric.FIRST_DECISIONS, Map.of()));
            out.add(figure.as(Metric.DECIDED_IN_ONE_WORKING_DAY, Map.of()));
        }
        if (figure.metric().equals(Metric.ALERT_OUTCOMES) && dims.containsKey(Metric.OUTCOME_GROUP)) {
            out.add(figure.as(Metric.ALERT_OUTCOMES, Map.of(Metric.RULE, dims.get(Metric.RULE))));
            for (DecisionOutcome o :
                    OutcomeGroup.valueOf(dims.get(Metric.OUTCOME_GROUP)).outcomes()) {
                out.add(figure.as(Metric.DECISIONS, Map.of("outcome", o.name())));
            }
        } else if (figure.metric().equals(Metric.ALERT_OUTCOMES)) {
            out.add(figure.as(Metric.FIRST_DECISIONS, Map.of()));
            out.add(figure.as(Metric.DECIDED_IN_ONE_WORKING_DAY, Map.of()));
        }
        if (figure.metric().equals(Metric.CHILDREN_FLAGGED)
                && Deltas.REPEAT_MISSING_RULE.equals(dims.get(Metric.RULE))) {
            out.add(figure.as(Metric.CHILDREN_REPEAT_MISSING, Map.of()));
        }
        if ((figure.metric().equals(Metric.CHILDREN_FLAGGED) || figure.metric().equals(Metric.ALERTS_WITHDRAWN))
                && dims.keySet().equals(Set.of(Metric.RULE, Metric.SEVERITY))) {
            // the alerts raised of the cell are withheld for its withdrawals (withdrawalsWithheld)
            out.add(figure.as(Metric.ALERTS, dims));
            String exploitation = Deltas.exploitationMetric(dims.get(Metric.RULE));
            if (exploitation != null) {
                out.add(figure.as(exploitation, Map.of(Metric.SEVERITY, dims.get(Metric.SEVERITY))));
            }
        }
        return out.stream().map(FigureKey::key).toList();
    }

    /** The keys of a period's alert outcomes of one group, every rule: "...|alert_outcomes|outcome_group=G,rule=". */
    private static String groupPrefix(FigureKey figure, OutcomeGroup group) {
        return figure.as(Metric.ALERT_OUTCOMES, Map.of(Metric.OUTCOME_GROUP, group.name()))
                        .key()
                + "," + Metric.RULE + "=";
    }

    /** The keys of a period's rule totals of alert outcomes: "...|alert_outcomes|rule=". */
    private static String rulesPrefix(FigureKey figure) {
        return figure.as(Metric.ALERT_OUTCOMES, Map.of()).key() + Metric.RULE + "=";
    }

    /** The keys of a period's decisions by outcome: "...|mash_decisions|outcome=". */
    private static String outcomesPrefix(FigureKey figure) {
        return figure.as(Metric.DECISIONS, Map.of()).key() + "outcome=";
    }

    private static OutcomeGroup groupOf(String outcome) {
        return Arrays.stream(DecisionOutcome.values())
                .filter(o -> o.name().equals(outcome))
                .findFirst()
                .map(OutcomeGroup::of)
                .orElse(null);
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
