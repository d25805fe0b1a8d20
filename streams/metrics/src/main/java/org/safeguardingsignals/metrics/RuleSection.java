package org.safeguardingsignals.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.safeguardingsignals.events.PartnershipMetric;
import org.safeguardingsignals.events.PeriodType;
import org.safeguardingsignals.metrics.PartnershipReport.Line;

/**
 * The report's section "Flag rates and decisions by rule": each rule's children flagged (and per 100,000 children),
 * alert outcomes and their share of no further action, and minutes to first decision, rule by rule.
 */
final class RuleSection {
    static final String TITLE = "Flag rates and decisions by rule";
    static final String PER_100K = "Children flagged per 100,000 children";

    private static final List<String[]> MEASURES = List.of(
            new String[] {Metric.CHILDREN_FLAGGED, "Children flagged"},
            new String[] {Metric.CHILDREN_FLAGGED_PER_100K, PER_100K},
            new String[] {Metric.ALERT_OUTCOMES, "Alerts with an outcome"},
            new String[] {Metric.ALERT_OUTCOMES_NFA_PCT, "Alerts with an outcome: no further action, %"},
            new String[] {Metric.MINUTES_TO_FIRST_DECISION, "Minutes from the trigger to first decision"});

    private RuleSection() {}

    /** The section's lines for one authority and month: by rule, then measure, then breakdown. */
    static List<Line> lines(List<PartnershipMetric> figures, String authority, String month) {
        List<PartnershipMetric> byRule = figures.stream()
                .filter(f -> f.getPeriodType() == PeriodType.CALENDAR_MONTH
                        && f.getPeriod().equals(month)
                        && f.getLocalAuthority().equals(authority)
                        && f.getDimensions().containsKey(Metric.RULE)
                        && MEASURES.stream().anyMatch(m -> m[0].equals(f.getMetric())))
                .toList();
        List<Line> out = new ArrayList<>();
        for (String rule : new TreeSet<>(
                byRule.stream().map(f -> f.getDimensions().get(Metric.RULE)).toList())) {
            for (String[] measure : MEASURES) {
                byRule.stream()
                        .filter(f -> f.getMetric().equals(measure[0])
                                && f.getDimensions().get(Metric.RULE).equals(rule))
                        .sorted(Comparator.comparing((PartnershipMetric f) ->
                                        f.getDimensions().size())
                                .thenComparing(ReportLabels::order))
                        .forEach(f ->
                                out.add(new Line(TITLE, measure[1], breakdown(f), f.getValue(), f.getSuppressed())));
            }
        }
        boolean flagged = out.stream().anyMatch(l -> l.measure().equals("Children flagged"));
        if (flagged && out.stream().noneMatch(l -> l.measure().equals(PER_100K))) {
            // the counts are published without their rates only where no population is configured: say so
            out.add(new Line(TITLE, PER_100K, PartnershipReport.NO_POPULATION, null, false));
        }
        return out;
    }

    /** The rule first, then the rest of the breakdown as the report names it. */
    private static String breakdown(PartnershipMetric f) {
        Map<String, String> rest = new TreeMap<>(f.getDimensions());
        String rule = rest.remove(Metric.RULE);
        List<String> parts = new ArrayList<>(List.of(rule));
        rest.forEach((k, v) -> parts.add(ReportLabels.label(k, v)));
        return String.join(" · ", parts);
    }

    /** What the section counts, under it, and why a rate is missing. */
    static String note(List<Line> lines, String authority) {
        String note = "Children flagged are distinct children with an alert of the rule at that severity, for every "
                + "authority the alert is routed to, in the month of its triggering evidence (a child with alerts of "
                + "two severities is in both); the rate is per 100,000 children aged 0 to 17 and is withheld whenever "
                + "its count is. An alert's outcome is its first decision other than an acknowledgement (no further "
                + "action once a manager has signed it off), counted once, for the deciding authority, in the month of "
                + "that decision: no further action; strategy discussion or children's social care (a strategy "
                + "discussion, a referral, a section 17 assessment or a section 47 enquiry); or other response "
                + "(information and advice, early help, another agency, the allocated worker, the home authority). "
                + "A rule's total is withheld whenever one of its outcomes is, and so are the decisions of that "
                + "outcome's group above; the alerts decided above are withheld when exactly one rule's total, or "
                + "exactly one outcome of the decisions, is withheld.";
        if (lines.stream()
                .anyMatch(l -> l.section().equals(TITLE) && l.breakdown().equals(PartnershipReport.NO_POPULATION))) {
            note += " No rate is published for " + authority + ": its child population is not configured (the "
                    + "metrics setting " + MetricsSettings.AUTHORITY_PREFIX + authority + "."
                    + MetricsSettings.CHILD_POPULATION + ").";
        }
        return note;
    }
}
