package org.safeguardingsignals.detection.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.safeguardingsignals.detection.RuleSettings;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.PoliceRiskGrade;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.internal.ChildState;
import org.safeguardingsignals.internal.Indicator;
import org.safeguardingsignals.internal.MissingDetail;
import org.safeguardingsignals.internal.PendingReturnInterview;

/**
 * Return home interview overdue: a child returned from a missing episode and no completed interview within the due
 * time (default 72 hours, statutory guidance). This class keeps the child's list of interviews due; the processor's
 * timer asks {@link #overdue} when a due time has passed. A completion, even a late one, cancels a pending alert:
 * the interview happened, and timeliness is a partnership metric.
 */
public final class ReturnInterviews {
    private ReturnInterviews() {}

    /**
     * Records a return (schedules an interview) or a completion (cancels it). Returns the new due time, if any. A
     * return that arrives late is scheduled only when its interview is not yet due at the moment of judgement: an
     * overdue interview from months ago is history, not a prompt.
     */
    public static Optional<Instant> track(
            ChildState state, Indicator latest, RuleSettings settings, Judgement judgement) {
        MissingDetail m = latest.getMissing();
        if (m == null) {
            return Optional.empty();
        }
        String episode = m.getEpisodeId();
        List<PendingReturnInterview> pending = new ArrayList<>(state.getReturnInterviews());
        if (latest.getCategory() == IndicatorCategory.RETURN_INTERVIEW_COMPLETED) {
            pending.removeIf(p -> p.getEpisodeId().equals(episode) && !p.getAlerted());
            state.setReturnInterviews(pending);
            return Optional.empty();
        }
        boolean returned = latest.getCategory() == IndicatorCategory.MISSING_EPISODE && m.getReturnedAt() != null;
        if (!returned
                || completed(state, episode)
                || pending.stream().anyMatch(p -> p.getEpisodeId().equals(episode))) {
            return Optional.empty();
        }
        Instant dueBy = m.getReturnedAt().plus(settings.returnInterviewDue());
        if (judgement.late() && !dueBy.isAfter(judgement.anchor())) {
            return Optional.empty();
        }
        pending.add(new PendingReturnInterview(episode, dueBy, false));
        state.setReturnInterviews(pending);
        return Optional.of(dueBy);
    }

    /** The overdue alert for an episode whose due time has passed, marking it alerted; empty if no longer due. */
    public static Optional<RiskAlert> overdue(ChildState state, String episode, Alerts alerts) {
        Optional<PendingReturnInterview> due = state.getReturnInterviews().stream()
                .filter(p -> p.getEpisodeId().equals(episode) && !p.getAlerted())
                .findFirst();
        Optional<Indicator> returnEvent = state.getIndicators().stream()
                .filter(i -> i.getCategory() == IndicatorCategory.MISSING_EPISODE
                        && i.getMissing() != null
                        && i.getMissing().getEpisodeId().equals(episode)
                        && i.getMissing().getReturnedAt() != null)
                .reduce((first, second) -> second);
        if (due.isEmpty() || returnEvent.isEmpty() || completed(state, episode)) {
            return Optional.empty();
        }
        due.get().setAlerted(true);
        MissingDetail m = returnEvent.get().getMissing();
        Severity severity =
                m.getRiskGrade() == PoliceRiskGrade.HIGH || m.getLookedAfter() ? Severity.HIGH : Severity.MEDIUM;
        return Optional.of(alerts.raise(
                Rule.RETURN_INTERVIEW_OVERDUE,
                severity,
                List.of(returnEvent.get()),
                m.getReturnedAt(),
                due.get().getDueBy(),
                List.of()));
    }

    private static boolean completed(ChildState state, String episode) {
        return state.getIndicators().stream()
                .anyMatch(i -> i.getCategory() == IndicatorCategory.RETURN_INTERVIEW_COMPLETED
                        && i.getMissing() != null
                        && i.getMissing().getEpisodeId().equals(episode));
    }
}
