package org.safeguardingsignals.detection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.safeguardingsignals.detection.rules.Alerts;
import org.safeguardingsignals.detection.rules.Reassessment;
import org.safeguardingsignals.detection.rules.Rule;
import org.safeguardingsignals.events.AlertStatus;
import org.safeguardingsignals.events.DeadLetter;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Withdrawal;
import org.safeguardingsignals.internal.ChildState;
import org.safeguardingsignals.internal.Indicator;
import org.safeguardingsignals.internal.RetractionDetail;
import org.safeguardingsignals.topics.Topics;
import org.safeguardingsignals.validation.RejectedInputException;

/**
 * An agency's retraction of one of its events, applied to one child's state (UK GDPR Art 16). The event's indicators
 * leave the state; the retraction stays as a chronology entry (category RETRACTION), so that a repeat is recognised
 * and the chronology says what was taken back. Each alert the rules raised on that evidence is withdrawn (a record of
 * the same id, status WITHDRAWN), and its rule judged again on what remains: what still holds is re-issued, naming
 * the alert it replaces. A retraction that comes before its event waits for it ({@link DetectionConfig#retractionWindow}).
 */
final class Retractions {
    private Retractions() {}

    /** Whether a child's signals are a retraction (a retraction's signals are one RETRACTION indicator). */
    static boolean isRetraction(List<Indicator> signals) {
        return signals.get(0).getCategory() == IndicatorCategory.RETRACTION;
    }

    /** The child's retraction of {@code eventId}, applied or waiting, if any. */
    static Optional<Indicator> of(ChildState state, String eventId) {
        for (Indicator i : state.getIndicators()) {
            if (i.getRetraction() != null
                    && i.getRetraction().getRetractedEventId().equals(eventId)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /**
     * The held indicators of the retracted event, once checked to be the retracting agency's own: the same agency and
     * organisation, and for a return interview provider's topic, a return interview.
     *
     * @throws RejectedInputException RETRACTION_NOT_OWN_EVENT, before anything changes, when they are not
     */
    static List<Indicator> retracted(ChildState state, Indicator retraction) {
        String eventId = retraction.getRetraction().getRetractedEventId();
        List<Indicator> held = state.getIndicators().stream()
                .filter(i -> i.getRetraction() == null && i.getEventId().equals(eventId))
                .toList();
        for (Indicator i : held) {
            boolean sameAgency = i.getAgency() == retraction.getAgency()
                    && (i.getOrganisationCode() == null
                            || i.getOrganisationCode().equals(retraction.getOrganisationCode()));
            boolean inScope =
                    !retraction.getRetraction().getSourceTopic().equals(Topics.RETURN_INTERVIEW_RETRACTIONS.name())
                            || isReturnInterview(i.getCategory());
            if (!sameAgency || !inScope) {
                throw new RejectedInputException(
                        RejectReason.RETRACTION_NOT_OWN_EVENT,
                        "retractedEventId names an event another agency or organisation published (" + i.getAgency()
                                + "): only the publisher may retract it");
            }
        }
        return held;
    }

    private static boolean isReturnInterview(IndicatorCategory c) {
        return c == IndicatorCategory.RETURN_INTERVIEW_COMPLETED
                || c == IndicatorCategory.RETURN_INTERVIEW_OFFERED
                || c == IndicatorCategory.RETURN_INTERVIEW_DECLINED;
    }

    /** Removes the retracted indicators and keeps the retraction, applied, in their place. */
    static void remove(ChildState state, Indicator retraction, List<Indicator> retracted) {
        List<Indicator> kept = new ArrayList<>(state.getIndicators());
        kept.removeAll(retracted);
        retraction.getRetraction().setApplied(true);
        retraction.getRetraction().setUnmatchedAfter(0);
        kept.add(retraction);
        kept.sort(Comparator.comparing(Indicator::getOccurredAt));
        state.setIndicators(kept);
    }

    /**
     * The alerts their rules raise again on what remains (each naming the alert it replaces), then the alerts that
     * rested on the retracted event, withdrawn. The raised alerts the state remembers follow.
     *
     * @param alertsFor the alerts of the child for an authority's settings, as the rules would raise them now
     * @param anchor    when the rules' windows end for the child now
     */
    static List<RiskAlert> withdrawAndReassess(
            ChildState state,
            Indicator retraction,
            DetectionConfig config,
            java.util.function.Function<RuleSettings, Alerts> alertsFor,
            Instant anchor,
            Instant now) {
        String eventId = retraction.getRetraction().getRetractedEventId();
        List<RiskAlert> affected = new ArrayList<>();
        List<RiskAlert> kept = new ArrayList<>();
        for (RiskAlert a : state.getRaisedAlerts()) {
            (restsOn(a, eventId) ? affected : kept).add(a);
        }
        state.setRaisedAlerts(kept);
        List<RiskAlert> withdrawals = new ArrayList<>();
        Map<Rule, RiskAlert> strongest = new EnumMap<>(Rule.class);
        for (RiskAlert a : affected) {
            withdrawals.add(withdrawn(a, retraction, now));
            Reassessment.ruleOf(a.getRuleId())
                    .map(Reassessment::family)
                    .ifPresent(family -> strongest.merge(family, a, Retractions::stronger));
        }
        Set<String> stillRaised = kept.stream().map(RiskAlert::getAlertId).collect(Collectors.toSet());
        List<RiskAlert> out = new ArrayList<>();
        strongest.forEach((family, withdrawn) -> {
            RuleSettings settings = config.forAuthority(withdrawn.getLocalAuthority());
            Reassessment.again(family, state, withdrawn, anchor, settings, alertsFor.apply(settings))
                    .filter(again -> !stillRaised.contains(again.getAlertId()))
                    .ifPresent(again -> {
                        again.setSupersedes(withdrawn.getAlertId());
                        out.add(again);
                    });
        });
        // the re-issue first: the work item holding the withdrawn alert takes it in and stays open, with its decisions
        out.addAll(withdrawals);
        return out;
    }

    private static boolean restsOn(RiskAlert alert, String eventId) {
        for (Evidence e : alert.getEvidence()) {
            if (e.getSourceEventId().equals(eventId)) {
                return true;
            }
        }
        return false;
    }

    /** The higher severity, then the later raised. */
    private static RiskAlert stronger(RiskAlert a, RiskAlert b) {
        int bySeverity = Integer.compare(rank(a), rank(b));
        if (bySeverity != 0) {
            return bySeverity > 0 ? a : b;
        }
        return a.getRaisedAt().isAfter(b.getRaisedAt()) ? a : b;
    }

    private static int rank(RiskAlert a) {
        return switch (a.getSeverity()) {
            case HIGH -> 3;
            case MEDIUM -> 2;
            case LOW -> 1;
            default -> 0;
        };
    }

    private static RiskAlert withdrawn(RiskAlert alert, Indicator retraction, Instant now) {
        RetractionDetail r = retraction.getRetraction();
        List<Evidence> removed = alert.getEvidence().stream()
                .filter(e -> e.getSourceEventId().equals(r.getRetractedEventId()))
                .toList();
        return RiskAlert.newBuilder(alert)
                .setStatus(AlertStatus.WITHDRAWN)
                .setWithdrawal(Withdrawal.newBuilder()
                        .setRetractionEventId(retraction.getEventId())
                        .setRetractedEventId(r.getRetractedEventId())
                        .setAgency(retraction.getAgency())
                        .setOrganisationCode(retraction.getOrganisationCode())
                        .setReason(r.getReason())
                        .setAgencyReference(retraction.getSourceReference())
                        .setRemovedEvidence(removed)
                        .setRetractedAt(retraction.getOccurredAt())
                        .setWithdrawnAt(now)
                        .build())
                .build();
    }

    /** The dead letter of a retraction whose event did not come within the window. */
    static DeadLetter unmatched(Indicator retraction, Instant now) {
        RetractionDetail r = retraction.getRetraction();
        return DeadLetter.newBuilder()
                .setReason(RejectReason.RETRACTION_UNMATCHED)
                // the coordinates find the retraction; the detail repeats no value of it
                .setDetail("the event retracted did not reach the child's state within "
                        + DetectionConfig.RETRACTION_WINDOW
                        + " of the retraction: check retractedEventId, or that the event was ever sent")
                .setSourceTopic(r.getSourceTopic())
                .setPartition(r.getSourcePartition())
                .setOffset(r.getSourceOffset())
                .setRejectedAt(now)
                .build();
    }
}
