package org.safeguardingsignals.detection.rules;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * placing authority, routed to both, since too many authorities did not tell each other (Ofsted 2012-13). One notice
 * per placement (placing and host authority), not per episode: later episodes from the same placement are counted by
 * repeat missing, which now reaches both authorities too. A later episode that police grade high risk after a
 * medium notice raises the notice again at HIGH, with every episode from the placement as its evidence.
 *
 * <p>Late data: an episode reported more than the grace after it happened raises the notice only while the child is
 * still missing (no return known for the episode), since only then does its window reach the present.
 */
public final class OutOfAreaMissing {
    private OutOfAreaMissing() {}

    public static Optional<RiskAlert> evaluate(ChildState state, Indicator latest, Judgement judgement, Alerts alerts) {
        MissingDetail m = latest.getMissing();
        if (latest.getCategory() != IndicatorCategory.MISSING_EPISODE
                || m == null
                || (judgement.late() && !stillMissing(state, m.getEpisodeId()))
                || !m.getLookedAfter()
                || m.getPlacingAuthority() == null
                || m.getHostAuthority() == null
                || m.getPlacingAuthority().equals(m.getHostAuthority())) {
            return Optional.empty();
        }
        String placement = m.getPlacingAuthority() + ">" + m.getHostAuthority();
        Severity severity = m.getRiskGrade() == PoliceRiskGrade.HIGH ? Severity.HIGH : Severity.MEDIUM;
        boolean notified = placement.equals(state.getOutOfAreaAlertedPlacement());
        if (notified && state.getOutOfAreaAlertedSeverity().ordinal() >= severity.ordinal()) {
            return Optional.empty();
        }
        state.setOutOfAreaAlertedPlacement(placement);
        state.setOutOfAreaAlertedSeverity(severity);
        Map<String, Indicator> episodes = new LinkedHashMap<>(); // the first report of each episode of the placement
        for (Indicator i : state.getIndicators()) {
            MissingDetail d = i.getMissing();
            if (i.getCategory() == IndicatorCategory.MISSING_EPISODE
                    && d != null
                    && d.getLookedAfter()
                    && m.getPlacingAuthority().equals(d.getPlacingAuthority())
                    && m.getHostAuthority().equals(d.getHostAuthority())) {
                episodes.putIfAbsent(d.getEpisodeId(), i);
            }
        }
        List<Indicator> evidence = notified ? List.copyOf(episodes.values()) : List.of(latest);
        Instant start = evidence.stream()
                .map(i -> i.getMissing().getReportedMissingAt())
                .min(Instant::compareTo)
                .orElse(m.getReportedMissingAt());
        return Optional.of(alerts.raise(
                Rule.OUT_OF_AREA_MISSING,
                severity,
                evidence,
                start,
                judgement.late() ? judgement.anchor() : latest.getOccurredAt(),
                List.of(m.getPlacingAuthority(), m.getHostAuthority())));
    }

    /** No report of the episode held for the child carries a return. */
    private static boolean stillMissing(ChildState state, String episode) {
        return state.getIndicators().stream()
                .noneMatch(i -> i.getCategory() == IndicatorCategory.MISSING_EPISODE
                        && i.getMissing() != null
                        && i.getMissing().getEpisodeId().equals(episode)
                        && i.getMissing().getReturnedAt() != null);
    }
}
