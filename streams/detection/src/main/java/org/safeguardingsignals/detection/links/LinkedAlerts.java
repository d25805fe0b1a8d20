package org.safeguardingsignals.detection.links;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.safeguardingsignals.detection.rules.Alerts;
import org.safeguardingsignals.detection.rules.Rule;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.internal.ExploitationFlag;
import org.safeguardingsignals.internal.Indicator;

/** The {@code exploitation-linked} alert: a child linked to a group in which another child has an open alert. */
final class LinkedAlerts {
    private LinkedAlerts() {}

    /**
     * MEDIUM, HIGH when a related alert is HIGH; routed to the child's authorities (the latest first); evidence the
     * episodes that link the child; the group and the related alerts named, never the other children.
     */
    static RiskAlert raise(
            String child,
            List<String> authorities,
            String groupId,
            List<ExploitationFlag> related,
            List<Evidence> evidence,
            Instant now,
            Instant raisedAt) {
        String authority =
                authorities.isEmpty() ? related.get(0).getAuthorities().get(0) : authorities.get(0);
        List<Indicator> indicators = evidence.stream()
                .map(e -> Indicator.newBuilder()
                        .setEventId(e.getSourceEventId())
                        .setAgency(e.getAgency())
                        .setSourceReference(e.getSourceReference())
                        .setCategory(e.getCategory())
                        .setOccurredAt(e.getOccurredAt())
                        .setReceivedAt(e.getReceivedAt())
                        .setOrganisationCode(e.getOrganisationCode())
                        .setLocalAuthority(authority)
                        .build())
                .toList();
        Severity severity =
                related.stream().anyMatch(f -> f.getSeverity() == Severity.HIGH) ? Severity.HIGH : Severity.MEDIUM;
        Instant start = indicators.stream()
                .map(Indicator::getOccurredAt)
                .min(Comparator.naturalOrder())
                .orElse(now);
        RiskAlert alert = new Alerts(child, raisedAt, java.util.Set.of(), false)
                .raise(
                        Rule.EXPLOITATION_LINKED,
                        severity,
                        indicators,
                        start,
                        now,
                        authorities.stream().skip(1).toList());
        List<String> relatedIds =
                related.stream().map(ExploitationFlag::getAlertId).sorted().toList();
        // the same evidence may link the child to a second flagged child later: a new alert, so a new id
        String identity = alert.getAlertId() + "|" + groupId + "|" + String.join(",", relatedIds);
        alert.setAlertId(UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8))
                .toString());
        alert.setLinkedGroup(groupId);
        alert.setRelatedAlerts(relatedIds);
        return alert;
    }
}
