package org.safeguardingsignals.detection.rules;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.safeguardingsignals.events.AlertWindow;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.internal.Indicator;

/** Builds alerts for one child at one moment, routed by {@link Routing}'s one rule. */
public final class Alerts {
    private final String pseudonym;
    private final Instant raisedAt;
    private final Set<String> careAuthorities;
    private final boolean lateData;

    /**
     * @param careAuthorities the placing and host authorities of a looked-after child ({@link Routing}), or none
     * @param lateData        whether late data prompted the judgement: every alert raised is marked so
     */
    public Alerts(String pseudonym, Instant raisedAt, Set<String> careAuthorities, boolean lateData) {
        this.pseudonym = pseudonym;
        this.raisedAt = raisedAt;
        this.careAuthorities = Set.copyOf(careAuthorities);
        this.lateData = lateData;
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
                .build();
    }

    static Evidence evidence(Indicator i) {
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
