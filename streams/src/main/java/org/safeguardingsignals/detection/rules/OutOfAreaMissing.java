package org.safeguardingsignals.detection.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.PoliceRiskGrade;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.internal.ChildState;
import org.safeguardingsignals.internal.Indicator;
import org.safeguardingsignals.internal.MissingDetail;

/**
 * Missing from an out-of-area placement: a looked-after child's episode where the host authority differs from the
 * placing authority. Routed to both, since too many authorities did not tell each other (Ofsted 2012-13). Once per
 * episode; HIGH when police graded the episode high risk, else MEDIUM.
 */
public final class OutOfAreaMissing {
    private OutOfAreaMissing() {
    }

    public static Optional<RiskAlert> evaluate(ChildState state, Indicator latest, Alerts alerts) {
        MissingDetail m = latest.getMissing();
        if (latest.getCategory() != IndicatorCategory.MISSING_EPISODE || m == null || !m.getLookedAfter()
                || m.getPlacingAuthority() == null || m.getHostAuthority() == null
                || m.getPlacingAuthority().equals(m.getHostAuthority())
                || state.getOutOfAreaAlertedEpisodes().contains(m.getEpisodeId())) {
            return Optional.empty();
        }
        List<String> alerted = new ArrayList<>(state.getOutOfAreaAlertedEpisodes());
        alerted.add(m.getEpisodeId());
        state.setOutOfAreaAlertedEpisodes(alerted);
        Severity severity = m.getRiskGrade() == PoliceRiskGrade.HIGH ? Severity.HIGH : Severity.MEDIUM;
        return Optional.of(alerts.raise(Rule.OUT_OF_AREA_MISSING, severity, List.of(latest),
                m.getReportedMissingAt(), latest.getOccurredAt(), List.of(m.getPlacingAuthority(),
                        m.getHostAuthority())));
    }
}
