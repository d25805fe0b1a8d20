package org.safeguardingsignals.detection.rules;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.safeguardingsignals.detection.RuleSettings;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.internal.ChildState;
import org.safeguardingsignals.internal.Indicator;

/**
 * Re-referral: a referral within 12 months of the child's previous referral (the DfE's indicator; 22% of referrals in
 * 2023-24). MEDIUM, once per new referral, with the previous referral and the new one as evidence. An update of a
 * referral already held (same referral id, a new event: the outcome recorded) is not a new referral. A referral that
 * arrives late is history: it raises nothing.
 */
public final class ReReferral {
    private ReReferral() {}

    public static Optional<RiskAlert> evaluate(
            ChildState state, List<Indicator> fresh, Judgement judgement, RuleSettings settings, Alerts alerts) {
        Optional<Indicator> referral = fresh.stream()
                .filter(i -> i.getCategory() == IndicatorCategory.REFERRAL)
                .findFirst();
        if (referral.isEmpty() || judgement.late()) {
            return Optional.empty();
        }
        Indicator latest = referral.get();
        Instant windowStart = latest.getOccurredAt().minus(settings.reReferralWindow());
        boolean update = false;
        Indicator previous = null;
        for (Indicator i : state.getIndicators()) {
            if (i.getCategory() != IndicatorCategory.REFERRAL || i.getEventId().equals(latest.getEventId())) {
                continue;
            }
            if (i.getSourceReference().equals(latest.getSourceReference())) {
                update = true;
            } else if (!i.getOccurredAt().isBefore(windowStart)
                    && !i.getOccurredAt().isAfter(latest.getOccurredAt())) {
                previous = i; // oldest first: the last one kept is the most recent
            }
        }
        if (update || previous == null) {
            return Optional.empty();
        }
        return Optional.of(alerts.raise(
                Rule.RE_REFERRAL,
                Severity.MEDIUM,
                List.of(previous, latest),
                previous.getOccurredAt(),
                latest.getOccurredAt(),
                List.of()));
    }
}
