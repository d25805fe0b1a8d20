package org.safeguardingsignals.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.safeguardingsignals.events.AlertStatus;
import org.safeguardingsignals.events.CareFlag;
import org.safeguardingsignals.events.DeadLetter;
import org.safeguardingsignals.events.EncompassNotice;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.MissingEpisode;
import org.safeguardingsignals.events.PeriodType;
import org.safeguardingsignals.events.Retraction;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.events.UnmatchedEvent;
import org.safeguardingsignals.internal.DeltaKind;
import org.safeguardingsignals.internal.MetricDelta;
import org.safeguardingsignals.runtime.signals.EventSignals;

/** What one record adds to the partnership figures, where no state is needed to tell. */
final class Deltas {
    /** The multi-agency exploitation rule's id. */
    static final String EXPLOITATION_RULE = "exploitation-risk";
    /** The rule that alerts a child linked to a group where another child has an open exploitation-risk alert. */
    static final String EXPLOITATION_LINKED_RULE = "exploitation-linked";
    /** The repeat-missing rule, whose children are also counted on their own (CHILDREN_REPEAT_MISSING). */
    static final String REPEAT_MISSING_RULE = "repeat-missing";

    private Deltas() {}

    static MetricDelta count(String la, Instant at, String metric, Map<String, String> dims, long amount) {
        return new MetricDelta(la, at, metric, dims, DeltaKind.COUNT, amount, null, null);
    }

    static MetricDelta distinct(String la, Instant at, String metric, String member, int sign) {
        return distinct(la, at, metric, Map.of(), member, sign);
    }

    static MetricDelta distinct(
            String la, Instant at, String metric, Map<String, String> dims, String member, int sign) {
        return new MetricDelta(la, at, metric, dims, DeltaKind.DISTINCT, (long) sign, member, null);
    }

    /** A member of a set whose figure counts the members added at least twice. */
    static MetricDelta repeat(String la, Instant at, String metric, String member) {
        return repeat(la, at, metric, Map.of(), member);
    }

    static MetricDelta repeat(String la, Instant at, String metric, Map<String, String> dims, String member) {
        return new MetricDelta(la, at, metric, dims, DeltaKind.REPEAT, 1L, member, null);
    }

    /** A count of one period only, of this type ({@code at} falls in it): a linked group's change. */
    static MetricDelta count(
            String la, Instant at, PeriodType type, String metric, Map<String, String> dims, long amount) {
        return new MetricDelta(la, at, metric, dims, DeltaKind.COUNT, amount, null, type);
    }

    static MetricDelta sample(String la, Instant at, String metric, long value) {
        return sample(la, at, metric, Map.of(), value);
    }

    static MetricDelta sample(String la, Instant at, String metric, Map<String, String> dims, long value) {
        return new MetricDelta(la, at, metric, dims, DeltaKind.SAMPLE, value, null, null);
    }

    /**
     * An input event: counted by agency and each category it signals; a missing report counts its episode. A
     * retraction takes an event back rather than signalling anything: it is counted as a retraction, by reason.
     */
    static <E extends SpecificRecord> List<MetricDelta> received(EventSignals<E> source, E event) {
        var header = source.header(event);
        if (event instanceof Retraction r) {
            return List.of(count(
                    header.getLocalAuthority(),
                    header.getOccurredAt(),
                    Metric.RETRACTIONS,
                    Map.of(
                            "agency",
                            header.getSourceAgency().name(),
                            "reason",
                            r.getReason().name()),
                    1));
        }
        List<MetricDelta> out = new ArrayList<>();
        for (IndicatorCategory category : source.categories(event)) {
            out.add(count(
                    header.getLocalAuthority(),
                    header.getOccurredAt(),
                    Metric.EVENTS_RECEIVED,
                    Map.of("agency", header.getSourceAgency().name(), "category", category.name()),
                    1));
        }
        if (event instanceof MissingEpisode m) {
            out.add(distinct(
                    header.getLocalAuthority(),
                    m.getReportedMissingAt(),
                    Metric.MISSING_EPISODES,
                    m.getEpisodeId(),
                    1));
        }
        return out;
    }

    static List<MetricDelta> unmatched(UnmatchedEvent e) {
        return List.of(count(
                e.getLocalAuthority(),
                e.getOccurredAt(),
                Metric.UNMATCHED,
                Map.of("agency", e.getAgency().name(), "reason", e.getReason().name()),
                1));
    }

    /**
     * One notice's change of status (each is on the notices topic once): sent, acknowledged in time (before the
     * deadline and never escalated), escalated; dated by the incident and counted for its authority.
     */
    static List<MetricDelta> notice(EncompassNotice n) {
        String metric = switch (n.getStatus()) {
            case SENT -> Metric.NOTICES_SENT;
            case ESCALATED -> Metric.NOTICES_ESCALATED;
            case ACKNOWLEDGED ->
                n.getEscalatedAt() == null && !n.getAcknowledgedAt().isAfter(n.getDueBy())
                        ? Metric.NOTICES_IN_TIME
                        : null;
            case UNKNOWN -> null;
        };
        return metric == null
                ? List.of()
                : List.of(count(n.getLocalAuthority(), n.getIncidentAt(), metric, Map.of(), 1));
    }

    /** A CP-IS flag, for the authority the attending organisation is told to contact. */
    static List<MetricDelta> careFlag(CareFlag f) {
        return List.of(count(
                f.getContactAuthority(),
                f.getAttendedAt(),
                Metric.ATTENDANCES_FLAGGED,
                Map.of("status", f.getLookedAfter() ? "LOOKED_AFTER" : "CHILD_PROTECTION_PLAN"),
                1));
    }

    static List<MetricDelta> rejected(DeadLetter d) {
        return List.of(count(
                Metric.UNATTRIBUTED,
                d.getRejectedAt(),
                Metric.REJECTED,
                Map.of(
                        "source_topic",
                        d.getSourceTopic(),
                        "reason",
                        d.getReason().name()),
                1));
    }

    /**
     * When the thing that triggered an alert happened: its latest evidence's event time, or the end of its window for
     * an alert without evidence. Never when the alert was raised, so that a replay or a backfill dates its alerts in
     * the periods where what they report happened.
     */
    static Instant triggeredAt(RiskAlert a) {
        return a.getEvidence().stream()
                .map(Evidence::getOccurredAt)
                .max(Comparator.naturalOrder())
                .orElse(a.getWindow().getEnd());
    }

    /**
     * An alert raised: counted by rule and severity, and as an exploitation alert. Its WITHDRAWN record adds nothing
     * here (the alert stays raised); children flagged, and what a withdrawal takes away, need the alert's earlier
     * records ({@link JoinProcessors.Decisions}).
     */
    static List<MetricDelta> alert(RiskAlert a) {
        if (a.getStatus() == AlertStatus.WITHDRAWN) {
            return List.of();
        }
        List<MetricDelta> out = new ArrayList<>();
        Instant at = triggeredAt(a);
        for (String la : a.getRoutedTo()) {
            out.add(count(
                    la,
                    at,
                    Metric.ALERTS,
                    Map.of("rule", a.getRuleId(), "severity", a.getSeverity().name()),
                    1));
            String exploitation = exploitationMetric(a.getRuleId());
            if (exploitation != null) {
                // each alert id once (a replay re-sends the same id), in total and by severity: the severities are
                // alerts_raised's for the rule, so the total is withheld whenever one of them is (Disclosure)
                out.add(distinct(la, at, exploitation, Map.of(), a.getAlertId(), 1));
                out.add(distinct(
                        la,
                        at,
                        exploitation,
                        Map.of(Metric.SEVERITY, a.getSeverity().name()),
                        a.getAlertId(),
                        1));
            }
        }
        return out;
    }

    /**
     * The child as flagged by one alert (amount 1), or no longer by it (-1), in the alert's rule and severity cell and,
     * for repeat-missing, among the children with a repeat-missing alert; for each authority it is routed to. The
     * member's count is the child's alerts there that stand, so the child stays while another one does.
     */
    static List<MetricDelta> flagged(
            String rule, Severity severity, String child, List<String> routedTo, Instant at, int sign) {
        List<MetricDelta> out = new ArrayList<>();
        for (String la : routedTo) {
            out.add(distinct(
                    la,
                    at,
                    Metric.CHILDREN_FLAGGED,
                    Map.of(Metric.RULE, rule, Metric.SEVERITY, severity.name()),
                    child,
                    sign));
            if (rule.equals(REPEAT_MISSING_RULE)) {
                out.add(distinct(la, at, Metric.CHILDREN_REPEAT_MISSING, child, sign));
            }
        }
        return out;
    }

    /** The exploitation figure a rule's alerts count in, or null. */
    static String exploitationMetric(String rule) {
        return switch (rule) {
            case EXPLOITATION_RULE -> Metric.EXPLOITATION_ALERTS;
            case EXPLOITATION_LINKED_RULE -> Metric.EXPLOITATION_LINKED_ALERTS;
            default -> null;
        };
    }
}
