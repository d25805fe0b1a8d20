package org.safeguardingsignals.detection.rules;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.safeguardingsignals.detection.RuleSettings;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.internal.ChildState;
import org.safeguardingsignals.internal.Indicator;

/**
 * Judges one rule again after a retraction took evidence away from an alert it raised: on what the child's state
 * still holds, as the child's picture stands (the anchor the rules would judge the child at now). The rule's memory of
 * what it alerted is cleared first, so that whatever still holds is raised afresh, with its evidence corrected.
 */
public final class Reassessment {
    private Reassessment() {}

    /** The rule behind an alert id, if it is one of {@link Rule}'s. */
    public static Optional<Rule> ruleOf(String ruleId) {
        for (Rule r : Rule.values()) {
            if (r.id().equals(ruleId)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** Rules judged together: the full trio and its emerging form are one judgement. */
    public static Rule family(Rule rule) {
        return rule == Rule.TOXIC_TRIO_EMERGING ? Rule.TOXIC_TRIO : rule;
    }

    /**
     * The alert {@code rule} raises now in place of {@code withdrawn}, or none when it no longer holds.
     *
     * @param withdrawn the withdrawn alert of this rule (the family's strongest, when several were withdrawn)
     * @param anchor    when the rule's window ends: the child's latest event, or a later judgement of late data
     */
    public static Optional<RiskAlert> again(
            Rule rule, ChildState state, RiskAlert withdrawn, Instant anchor, RuleSettings settings, Alerts alerts) {
        Judgement judgement = new Judgement(anchor, false);
        return switch (family(rule)) {
            case TOXIC_TRIO -> {
                state.setTrioAlertedGroups(List.of());
                yield ToxicTrio.evaluate(state, anchor, settings, false, alerts);
            }
            case REPEAT_MISSING -> {
                state.setMissingAlertedSeverity(Severity.UNKNOWN);
                yield RepeatMissing.evaluate(state, anchor, settings, alerts);
            }
            case REPEAT_DOMESTIC_ABUSE -> {
                state.setDomesticAbuseAlertedSeverity(Severity.UNKNOWN); // none in force: its time matters no more
                yield RepeatDomesticAbuse.evaluate(state, anchor, settings, alerts);
            }
            case NEGLECT_SIGNALS -> {
                state.setNeglectAlertedAgencies(List.of());
                yield NeglectSignals.evaluate(state, anchor, settings, false, alerts);
            }
            case EXPLOITATION_RISK -> {
                state.setExploitationAlertedGroups(List.of());
                state.setExploitationAlertedSeverity(Severity.UNKNOWN);
                yield ExploitationRisk.evaluate(state, anchor, settings, false, alerts);
            }
            // raised by one event: judged again only when that event (the alert's latest evidence) is still held
            case OUT_OF_AREA_MISSING -> {
                List<Indicator> trigger = trigger(state, withdrawn);
                if (trigger.isEmpty()) {
                    yield Optional.empty();
                }
                state.setOutOfAreaAlertedPlacement(null);
                state.setOutOfAreaAlertedSeverity(Severity.UNKNOWN);
                yield OutOfAreaMissing.evaluate(state, trigger.get(0), judgement, alerts);
            }
            case RE_REFERRAL -> ReReferral.evaluate(state, trigger(state, withdrawn), judgement, settings, alerts);
            case INFANT_INJURY -> InfantInjury.evaluate(trigger(state, withdrawn), judgement, settings, alerts);
            // an overdue return interview is the timer's; the other rules are not this processor's
            default -> Optional.empty();
        };
    }

    /** The child's indicators of the withdrawn alert's latest evidence event, if it is still held. */
    private static List<Indicator> trigger(ChildState state, RiskAlert withdrawn) {
        String latest =
                withdrawn.getEvidence().get(withdrawn.getEvidence().size() - 1).getSourceEventId();
        return state.getIndicators().stream()
                .filter(i -> i.getEventId().equals(latest) && i.getRetraction() == null)
                .toList();
    }
}
