package org.safeguardingsignals.detection.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.safeguardingsignals.detection.RuleSettings;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.PresentingReason;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.internal.ChildState;
import org.safeguardingsignals.internal.Indicator;

/**
 * Neglect signals seen by different agencies: neglect builds up from signals that no one agency finds enough on its
 * own (Ofsted, In the child's time: professional responses to neglect, 2014; Brandon et al. 2013, Neglect and serious
 * case reviews). A signal is the census factor NEGLECT from any agency (a school DSL's concern, a referral's
 * assessment), a school's attendance drop or child missing education, or an unscheduled-care attendance for a burn,
 * scald, ingestion or poisoning (NICE CG89: consider neglect where an injury suggests a lack of supervision). MEDIUM
 * when signals from at least N different agencies (default 2) fall within the period (default 180 days) before the
 * child's latest indicator. Alerted again only when a new agency adds a signal; agencies whose signals lapse are
 * forgotten.
 */
public final class NeglectSignals {
    static final Set<PresentingReason> SUPERVISION_INJURIES =
            Set.of(PresentingReason.BURN_OR_SCALD, PresentingReason.INGESTION_OR_POISONING);
    static final int EVIDENCE_PER_AGENCY = 2;

    private NeglectSignals() {}

    /**
     * @param background the signal that prompted this judgement is the council's own record: the picture is
     *                   remembered as known, and nothing is raised
     */
    public static Optional<RiskAlert> evaluate(
            ChildState state, Instant anchor, RuleSettings settings, boolean background, Alerts alerts) {
        Instant windowStart = anchor.minus(settings.neglectPeriod());
        Map<Agency, List<Indicator>> byAgency = new EnumMap<>(Agency.class);
        for (Indicator i : state.getIndicators()) {
            if (isSignal(i)
                    && !i.getOccurredAt().isBefore(windowStart)
                    && !i.getOccurredAt().isAfter(anchor)) {
                byAgency.computeIfAbsent(i.getAgency(), a -> new ArrayList<>()).add(i);
            }
        }
        List<String> present = byAgency.keySet().stream().map(Enum::name).toList();
        List<String> alerted = new ArrayList<>(state.getNeglectAlertedAgencies());
        alerted.retainAll(present); // lapsed agencies are forgotten, so their return is news
        if (present.size() < settings.neglectAgencies() || alerted.containsAll(present)) {
            state.setNeglectAlertedAgencies(alerted);
            return Optional.empty();
        }
        state.setNeglectAlertedAgencies(present);
        if (background) {
            return Optional.empty();
        }
        List<Indicator> evidence = new ArrayList<>();
        byAgency.values()
                .forEach(list ->
                        evidence.addAll(list.subList(Math.max(0, list.size() - EVIDENCE_PER_AGENCY), list.size())));
        return Optional.of(
                alerts.raise(Rule.NEGLECT_SIGNALS, Severity.MEDIUM, evidence, windowStart, anchor, List.of()));
    }

    static boolean isSignal(Indicator i) {
        return switch (i.getCategory()) {
            case NEGLECT, SCHOOL_ATTENDANCE_DROP, CHILD_MISSING_EDUCATION -> true;
            case UNSCHEDULED_CARE ->
                i.getPresentingReason() != null && SUPERVISION_INJURIES.contains(i.getPresentingReason());
            default -> false;
        };
    }
}
