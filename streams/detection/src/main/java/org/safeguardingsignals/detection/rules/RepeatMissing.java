package org.safeguardingsignals.detection.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.safeguardingsignals.detection.RuleSettings;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.MissingType;
import org.safeguardingsignals.events.PoliceRiskGrade;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.internal.ChildState;
import org.safeguardingsignals.internal.Indicator;

/**
 * Repeat missing: at least N distinct episodes reported within the period before the child's latest indicator
 * (defaults 3 in 90 days; a partnership setting, as there is no national number). "Away from placement without
 * authorisation" (whereabouts known) counts unless the partnership says otherwise. MEDIUM, rising to HIGH when police
 * graded any of those episodes high risk, or an exploitation factor (child sexual or criminal exploitation, gangs,
 * trafficking) is recorded for the child within the period: going missing is a key indicator of exploitation
 * (docs/DOMAIN.md, section 5). Being looked after alone no longer makes it HIGH: the 2014 guidance distinguishes
 * episodes by risk, not by care status. Alerted when the threshold is reached and again only when the severity rises;
 * once the count falls below the threshold it may alert again.
 */
public final class RepeatMissing {
    private RepeatMissing() {}

    public static Optional<RiskAlert> evaluate(ChildState state, Instant anchor, RuleSettings settings, Alerts alerts) {
        Instant windowStart = anchor.minus(settings.missingPeriod());
        Map<String, Indicator> episodes = new LinkedHashMap<>();
        boolean exploitation = false;
        for (Indicator i : state.getIndicators()) {
            if (i.getCategory() == IndicatorCategory.MISSING_EPISODE && i.getMissing() != null) {
                Instant reported = i.getMissing().getReportedMissingAt();
                if (!reported.isBefore(windowStart)
                        && !reported.isAfter(anchor)
                        && (settings.missingCountsAway()
                                || i.getMissing().getMissingType()
                                        != MissingType.AWAY_FROM_PLACEMENT_WITHOUT_AUTHORISATION)) {
                    episodes.putIfAbsent(i.getMissing().getEpisodeId(), i);
                }
            } else if (i.getCategory() == IndicatorCategory.EXPLOITATION
                    && !i.getOccurredAt().isBefore(windowStart)
                    && !i.getOccurredAt().isAfter(anchor)) {
                exploitation = true;
            }
        }
        if (episodes.size() < settings.missingCount()) {
            state.setMissingAlertedSeverity(Severity.UNKNOWN);
            return Optional.empty();
        }
        boolean highRisk = state.getIndicators().stream()
                .anyMatch(i -> i.getCategory() == IndicatorCategory.MISSING_EPISODE
                        && i.getMissing() != null
                        && episodes.containsKey(i.getMissing().getEpisodeId())
                        && i.getMissing().getRiskGrade() == PoliceRiskGrade.HIGH);
        Severity severity = highRisk || exploitation ? Severity.HIGH : Severity.MEDIUM;
        Severity previous = state.getMissingAlertedSeverity();
        if (previous != Severity.UNKNOWN && previous.ordinal() >= severity.ordinal()) {
            return Optional.empty();
        }
        state.setMissingAlertedSeverity(severity);
        List<Indicator> evidence = new ArrayList<>(episodes.values());
        if (exploitation) {
            state.getIndicators().stream()
                    .filter(i -> i.getCategory() == IndicatorCategory.EXPLOITATION
                            && !i.getOccurredAt().isBefore(windowStart)
                            && !i.getOccurredAt().isAfter(anchor))
                    .reduce((first, second) -> second)
                    .ifPresent(evidence::add);
        }
        return Optional.of(alerts.raise(Rule.REPEAT_MISSING, severity, evidence, windowStart, anchor, List.of()));
    }
}
