package org.safeguardingsignals.detection.rules;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.safeguardingsignals.detection.RuleSettings;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.PoliceRiskGrade;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.internal.ChildState;
import org.safeguardingsignals.internal.Indicator;

/**
 * Repeat missing: at least N distinct episodes reported within the period before the child's latest indicator
 * (defaults 3 in 90 days; a partnership setting, as there is no national number). MEDIUM, rising to HIGH when any
 * of those episodes was of a looked-after child or graded high risk by police. Alerted when the threshold is
 * reached and again only when the severity rises; once the count falls below the threshold it may alert again.
 */
public final class RepeatMissing {
    private RepeatMissing() {}

    public static Optional<RiskAlert> evaluate(ChildState state, Instant anchor, RuleSettings settings, Alerts alerts) {
        Instant windowStart = anchor.minus(settings.missingPeriod());
        Map<String, Indicator> episodes = new LinkedHashMap<>();
        for (Indicator i : state.getIndicators()) {
            if (i.getCategory() == IndicatorCategory.MISSING_EPISODE && i.getMissing() != null) {
                Instant reported = i.getMissing().getReportedMissingAt();
                if (!reported.isBefore(windowStart) && !reported.isAfter(anchor)) {
                    episodes.putIfAbsent(i.getMissing().getEpisodeId(), i);
                }
            }
        }
        if (episodes.size() < settings.missingCount()) {
            state.setMissingAlertedSeverity(Severity.UNKNOWN);
            return Optional.empty();
        }
        boolean raised = state.getIndicators().stream()
                .filter(i -> i.getMissing() != null
                        && episodes.containsKey(i.getMissing().getEpisodeId())
                        && i.getCategory() == IndicatorCategory.MISSING_EPISODE)
                .anyMatch(
                        i -> i.getMissing().getLookedAfter() || i.getMissing().getRiskGrade() == PoliceRiskGrade.HIGH);
        Severity severity = raised ? Severity.HIGH : Severity.MEDIUM;
        Severity previous = state.getMissingAlertedSeverity();
        if (previous != Severity.UNKNOWN && previous.ordinal() >= severity.ordinal()) {
            return Optional.empty();
        }
        state.setMissingAlertedSeverity(severity);
        return Optional.of(alerts.raise(
                Rule.REPEAT_MISSING, severity, List.copyOf(episodes.values()), windowStart, anchor, List.of()));
    }
}
