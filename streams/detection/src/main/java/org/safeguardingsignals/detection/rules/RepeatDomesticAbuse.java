package org.safeguardingsignals.detection.rules;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.safeguardingsignals.detection.RuleSettings;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.DashRiskLevel;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.internal.ChildState;
import org.safeguardingsignals.internal.Indicator;

/**
 * Repeat domestic abuse affecting the same child: N distinct police incidents linked to the child within the period
 * before the child's latest indicator (defaults 3 in 365 days: the "potential escalation" criterion SafeLives suggests
 * for MARAC, three or more police call-outs in twelve months). MEDIUM; HIGH when any of them was assessed DASH HIGH
 * with the child present. An incident assessed DASH HIGH with the child present counts on its own: it raises HIGH
 * without a repeat. Alerted when the threshold is reached (or the first such incident comes) and again only when the
 * severity rises; once nothing in the period meets the rule, or every incident behind the alert has lapsed, it may
 * alert again. Later incidents while an alert is in
 * force are not new cards: the child's work item already holds the alert, and the chronology every incident.
 */
public final class RepeatDomesticAbuse {
    /** Evidence kept: the most recent incidents, so that an alert stays readable. */
    static final int EVIDENCE = 6;

    private RepeatDomesticAbuse() {}

    public static Optional<RiskAlert> evaluate(ChildState state, Instant anchor, RuleSettings settings, Alerts alerts) {
        Instant windowStart = anchor.minus(settings.domesticAbusePeriod());
        Map<String, Indicator> incidents = new LinkedHashMap<>();
        for (Indicator i : state.getIndicators()) {
            if (isPoliceIncident(i)
                    && !i.getOccurredAt().isBefore(windowStart)
                    && !i.getOccurredAt().isAfter(anchor)) {
                incidents.putIfAbsent(i.getEventId(), i);
            }
        }
        boolean anyHigh = incidents.values().stream().anyMatch(RepeatDomesticAbuse::highWithChildPresent);
        boolean repeat = incidents.size() >= settings.domesticAbuseCount();
        if (!repeat && !anyHigh) {
            state.setDomesticAbuseAlertedSeverity(Severity.UNKNOWN);
            return Optional.empty();
        }
        Severity severity = anyHigh ? Severity.HIGH : Severity.MEDIUM;
        Severity previous = state.getDomesticAbuseAlertedSeverity();
        long upTo = state.getDomesticAbuseAlertedUpTo();
        boolean spent =
                incidents.values().stream().noneMatch(i -> i.getOccurredAt().toEpochMilli() <= upTo);
        if (!spent && previous != Severity.UNKNOWN && previous.ordinal() >= severity.ordinal()) {
            return Optional.empty();
        }
        state.setDomesticAbuseAlertedSeverity(severity);
        state.setDomesticAbuseAlertedUpTo(incidents.values().stream()
                .mapToLong(i -> i.getOccurredAt().toEpochMilli())
                .max()
                .orElse(0));
        List<Indicator> all = List.copyOf(incidents.values());
        List<Indicator> evidence = all.subList(Math.max(0, all.size() - EVIDENCE), all.size());
        return Optional.of(
                alerts.raise(Rule.REPEAT_DOMESTIC_ABUSE, severity, evidence, windowStart, anchor, List.of()));
    }

    /** A police domestic-abuse incident (not a census factor recorded by another agency). */
    static boolean isPoliceIncident(Indicator i) {
        return i.getCategory() == IndicatorCategory.DOMESTIC_ABUSE && i.getAgency() == Agency.POLICE;
    }

    static boolean highWithChildPresent(Indicator i) {
        return isPoliceIncident(i)
                && i.getDomesticAbuse() != null
                && i.getDomesticAbuse().getDashRiskLevel() == DashRiskLevel.HIGH
                && i.getDomesticAbuse().getChildPresent();
    }
}
