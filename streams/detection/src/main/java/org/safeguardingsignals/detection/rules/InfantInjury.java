package org.safeguardingsignals.detection.rules;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.safeguardingsignals.detection.RuleSettings;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.PresentingReason;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.internal.AgeBand;
import org.safeguardingsignals.internal.Indicator;

/**
 * Injury or unscheduled care of a baby under one: an unscheduled-care attendance of a child under one at the event
 * (age from the date of birth the health service sent) with an injury as the presenting reason is HIGH. Injuries in
 * babies who are not yet mobile are rare and are a recognised marker of abuse (NICE CG89, When to suspect child
 * maltreatment; "those who don't cruise rarely bruise", Sugar et al. 1999); many partnerships' bruising protocols
 * ask for a referral every time. Any other attendance under one raises MEDIUM only where the partnership turns it on
 * ({@code rules.infant.any-attendance}), since most are for illness. An attendance without a date of birth has no age
 * and raises nothing; one that arrives late is history.
 */
public final class InfantInjury {
    static final Set<PresentingReason> INJURIES = Set.of(
            PresentingReason.INJURY,
            PresentingReason.HEAD_INJURY,
            PresentingReason.BURN_OR_SCALD,
            PresentingReason.INGESTION_OR_POISONING,
            PresentingReason.ASSAULT,
            PresentingReason.WOUND);

    private InfantInjury() {}

    public static Optional<RiskAlert> evaluate(
            List<Indicator> fresh, Judgement judgement, RuleSettings settings, Alerts alerts) {
        if (judgement.late()) {
            return Optional.empty();
        }
        for (Indicator i : fresh) {
            if (i.getCategory() != IndicatorCategory.UNSCHEDULED_CARE || i.getAgeBand() != AgeBand.UNDER_ONE) {
                continue;
            }
            boolean injury = i.getPresentingReason() != null && INJURIES.contains(i.getPresentingReason());
            if (injury || settings.infantAnyAttendance()) {
                return Optional.of(alerts.raise(
                        Rule.INFANT_INJURY,
                        injury ? Severity.HIGH : Severity.MEDIUM,
                        List.of(i),
                        i.getOccurredAt(),
                        i.getOccurredAt(),
                        List.of()));
            }
        }
        return Optional.empty();
    }
}
