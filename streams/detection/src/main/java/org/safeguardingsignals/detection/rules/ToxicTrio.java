package org.safeguardingsignals.detection.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.safeguardingsignals.detection.RuleSettings;
import org.safeguardingsignals.events.DashRiskLevel;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.internal.ChildState;
import org.safeguardingsignals.internal.Indicator;

/**
 * Toxic trio: domestic abuse, parental mental ill health and parental alcohol or drug misuse, from any agency,
 * within the lookback before the child's latest indicator. A police incident counts by its DASH level and whether the
 * child was present ({@link #counts}). Three groups give HIGH; two give an emerging MEDIUM
 * (if enabled). The child is alerted again only when the picture changes: a group not in the last alert appears,
 * or the level rises. Groups that lapse out of the window leave the remembered picture, so a combination that lapses
 * and forms again alerts again.
 */
public final class ToxicTrio {
    /** Evidence kept per group: the most recent indicators, so that an alert stays readable. */
    static final int EVIDENCE_PER_GROUP = 3;

    /** The three factor groups. */
    public enum Group {
        DOMESTIC_ABUSE,
        PARENTAL_MENTAL_HEALTH,
        PARENTAL_SUBSTANCE_MISUSE;

        static Optional<Group> of(IndicatorCategory category) {
            return switch (category) {
                case DOMESTIC_ABUSE -> Optional.of(DOMESTIC_ABUSE);
                case PARENTAL_MENTAL_HEALTH -> Optional.of(PARENTAL_MENTAL_HEALTH);
                case PARENTAL_ALCOHOL_MISUSE, PARENTAL_DRUG_MISUSE -> Optional.of(PARENTAL_SUBSTANCE_MISUSE);
                default -> Optional.empty();
            };
        }
    }

    private ToxicTrio() {}

    public static Optional<RiskAlert> evaluate(ChildState state, Instant anchor, RuleSettings settings, Alerts alerts) {
        return evaluate(state, anchor, settings, false, alerts);
    }

    /**
     * @param background the indicator that prompted this judgement is the council's own recorded factor: the picture
     *                   is remembered as known to the council, and nothing is raised
     */
    public static Optional<RiskAlert> evaluate(
            ChildState state, Instant anchor, RuleSettings settings, boolean background, Alerts alerts) {
        Instant windowStart = anchor.minus(settings.trioLookback());
        Map<Group, List<Indicator>> byGroup = new EnumMap<>(Group.class);
        for (Indicator i : state.getIndicators()) {
            if (!i.getOccurredAt().isBefore(windowStart) && !i.getOccurredAt().isAfter(anchor) && counts(i, settings)) {
                Group.of(i.getCategory())
                        .ifPresent(g -> byGroup.computeIfAbsent(g, k -> new ArrayList<>())
                                .add(i));
            }
        }
        Set<Group> present = byGroup.isEmpty() ? EnumSet.noneOf(Group.class) : EnumSet.copyOf(byGroup.keySet());
        Set<Group> alerted = EnumSet.noneOf(Group.class);
        state.getTrioAlertedGroups().forEach(g -> alerted.add(Group.valueOf(g)));

        Rule rule = present.size() == 3
                ? Rule.TOXIC_TRIO
                : present.size() == 2 && settings.trioEmergingEnabled() ? Rule.TOXIC_TRIO_EMERGING : null;
        if (rule == null || alerted.containsAll(present)) {
            alerted.retainAll(present); // lapsed groups are forgotten, so their return is news
            state.setTrioAlertedGroups(alerted.stream().map(Enum::name).toList());
            return Optional.empty();
        }
        state.setTrioAlertedGroups(present.stream().map(Enum::name).toList());
        if (background) {
            return Optional.empty();
        }
        List<Indicator> evidence = new ArrayList<>();
        byGroup.values()
                .forEach(list ->
                        evidence.addAll(list.subList(Math.max(0, list.size() - EVIDENCE_PER_GROUP), list.size())));
        Severity severity = rule == Rule.TOXIC_TRIO ? Severity.HIGH : Severity.MEDIUM;
        return Optional.of(alerts.raise(rule, severity, evidence, windowStart, anchor, List.of()));
    }

    /**
     * A police incident counts as domestic abuse when the officer assessed it DASH medium or high, or the child was
     * present; a standard-risk or unassessed incident at which the child was not present (only linked, for example
     * living at the address) counts only where the partnership says so. Other agencies' coded factors always count.
     */
    static boolean counts(Indicator i, RuleSettings settings) {
        if (i.getDomesticAbuse() == null || settings.trioLinkedStandardCounts()) {
            return true;
        }
        DashRiskLevel level = i.getDomesticAbuse().getDashRiskLevel();
        return i.getDomesticAbuse().getChildPresent() || level == DashRiskLevel.MEDIUM || level == DashRiskLevel.HIGH;
    }
}
