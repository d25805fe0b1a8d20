package org.safeguardingsignals.detection.rules;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.safeguardingsignals.detection.rules.OpenCases.OpenCase;
import org.safeguardingsignals.events.AlertRouting;
import org.safeguardingsignals.events.AlertWindow;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.internal.ChildState;
import org.safeguardingsignals.internal.Indicator;

/**
 * Builds alerts for one child at one moment, routed by {@link Routing}'s one rule, and "for information" to the
 * allocated team of a child already open to children's social care ({@link OpenCases}).
 */
public final class Alerts {
    private final String pseudonym;
    private final Instant raisedAt;
    private final Set<String> careAuthorities;
    private final boolean lateData;
    private final Optional<OpenCase> openCase;
    private final String householdReference;

    /**
     * @param careAuthorities the placing and host authorities of a looked-after child ({@link Routing}), or none
     * @param lateData        whether late data prompted the judgement: every alert raised is marked so
     */
    public Alerts(String pseudonym, Instant raisedAt, Set<String> careAuthorities, boolean lateData) {
        this(pseudonym, raisedAt, careAuthorities, lateData, Optional.empty(), null);
    }

    /**
     * @param openCase           the child's open case, when alerts go "for information" to its allocated team
     * @param householdReference the child's household reference, or null
     */
    public Alerts(
            String pseudonym,
            Instant raisedAt,
            Set<String> careAuthorities,
            boolean lateData,
            Optional<OpenCase> openCase,
            String householdReference) {
        this.pseudonym = pseudonym;
        this.raisedAt = raisedAt;
        this.careAuthorities = Set.copyOf(careAuthorities);
        this.lateData = lateData;
        this.openCase = openCase;
        this.householdReference = householdReference;
    }

    /**
     * The alerts of a child as its state stands: routed by {@link Routing}, "for information" to the allocated team
     * when the child is open to children's social care and the settings say so ({@link OpenCases}), carrying the
     * child's latest household reference.
     */
    public static Alerts forChild(
            String pseudonym,
            Instant raisedAt,
            ChildState state,
            boolean lateData,
            boolean alreadyKnownForInformation) {
        String household = null;
        for (Indicator i : state.getIndicators()) { // oldest first: the latest reference wins
            if (i.getHouseholdReference() != null) {
                household = i.getHouseholdReference();
            }
        }
        return new Alerts(
                pseudonym,
                raisedAt,
                Routing.careAuthorities(state),
                lateData,
                alreadyKnownForInformation ? OpenCases.of(state) : Optional.empty(),
                household);
    }

    /**
     * An alert whose id derives from rule, child, severity and evidence, so that the same facts always give the same
     * id (whether the data came late does not change it). Routed to the authority of the latest evidence, the placing and host authorities of a looked-after child,
     * and any authorities the rule adds (an out-of-area episode's own placing and host).
     */
    public RiskAlert raise(
            Rule rule,
            Severity severity,
            Collection<Indicator> evidence,
            Instant windowStart,
            Instant windowEnd,
            Collection<String> extraRouting) {
        List<Indicator> ordered = evidence.stream()
                .sorted(Comparator.comparing(Indicator::getOccurredAt).thenComparing(Indicator::getEventId))
                .toList();
        String localAuthority = ordered.get(ordered.size() - 1).getLocalAuthority();
        Set<String> routedTo = new LinkedHashSet<>();
        routedTo.add(localAuthority);
        routedTo.addAll(careAuthorities.stream().sorted().toList());
        routedTo.addAll(extraRouting);
        openCase.ifPresent(open -> routedTo.add(open.authority()));
        StringBuilder identity = new StringBuilder(rule.id())
                .append('|')
                .append(rule.version())
                .append('|')
                .append(pseudonym)
                .append('|')
                .append(severity);
        ordered.forEach(
                i -> identity.append('|').append(i.getEventId()).append(':').append(i.getCategory()));
        return RiskAlert.newBuilder()
                .setAlertId(UUID.nameUUIDFromBytes(identity.toString().getBytes(StandardCharsets.UTF_8))
                        .toString())
                .setRuleId(rule.id())
                .setRuleVersion(rule.version())
                .setSeverity(severity)
                .setChildPseudonym(pseudonym)
                .setLocalAuthority(localAuthority)
                .setEvidence(ordered.stream().map(Alerts::evidence).toList())
                .setWindow(new AlertWindow(windowStart, windowEnd))
                .setRaisedAt(raisedAt)
                .setRoutedTo(List.copyOf(routedTo))
                .setFormedFromLateData(lateData)
                .setRouting(openCase.isPresent() ? AlertRouting.FOR_INFORMATION : AlertRouting.FRONT_DOOR)
                .setOpenStatus(openCase.map(OpenCase::status).orElse(null))
                .setAllocatedAuthority(openCase.map(OpenCase::authority).orElse(null))
                .setHouseholdReference(householdReference)
                .build();
    }

    public static Evidence evidence(Indicator i) {
        return Evidence.newBuilder()
                .setAgency(i.getAgency())
                .setSourceEventId(i.getEventId())
                .setSourceReference(i.getSourceReference())
                .setCategory(i.getCategory())
                .setOccurredAt(i.getOccurredAt())
                .setReceivedAt(i.getReceivedAt())
                .setOrganisationCode(i.getOrganisationCode())
                .build();
    }
}
