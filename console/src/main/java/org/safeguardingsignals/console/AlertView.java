package org.safeguardingsignals.console;

import java.time.Instant;
import java.util.List;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Withdrawal;

/**
 * An alert as the console's JSON shows it: rule, window, evidence lines, status and decisions, and whether late data
 * formed it (each evidence line then says when it was received); who took it, when a decision is due (one working
 * day after it was raised) and whether an open alert is past that. A withdrawn alert (status WITHDRAWN) carries its
 * {@code withdrawal} and keeps the decisions recorded on it; {@code supersedes} names the withdrawn alert a re-issued
 * one replaces, {@code reissuedAs} the alert that re-issued a withdrawn one; each is null otherwise.
 */
public record AlertView(
        String alertId,
        String ruleId,
        int ruleVersion,
        String severity,
        String childPseudonym,
        String localAuthority,
        List<String> routedTo,
        String raisedAt,
        String windowStart,
        String windowEnd,
        List<EvidenceLine> evidence,
        String status,
        List<DecisionLine> decisions,
        boolean formedFromLateData,
        String assignedTo,
        String decisionDueBy,
        boolean overdue,
        WithdrawalLine withdrawal,
        String supersedes,
        String reissuedAs) {

    /**
     * Why an alert was withdrawn: the retraction (its event id, the event it took back, the retracting agency and
     * organisation, the coded reason and the agency's reference), the evidence it removed, when the agency decided it
     * and when the pipeline withdrew the alert.
     */
    public record WithdrawalLine(
            String retractionEventId,
            String retractedEventId,
            String agency,
            String organisationCode,
            String reason,
            String agencyReference,
            List<EvidenceLine> removedEvidence,
            String retractedAt,
            String withdrawnAt) {
        static WithdrawalLine of(Withdrawal w) {
            return w == null
                    ? null
                    : new WithdrawalLine(
                            w.getRetractionEventId(),
                            w.getRetractedEventId(),
                            w.getAgency().name(),
                            w.getOrganisationCode(),
                            w.getReason().name(),
                            w.getAgencyReference(),
                            w.getRemovedEvidence().stream()
                                    .map(EvidenceLine::of)
                                    .toList(),
                            w.getRetractedAt().toString(),
                            w.getWithdrawnAt().toString());
        }
    }

    /** One piece of evidence; {@code receivedAt} is null on alerts from before it was recorded. */
    public record EvidenceLine(
            String agency,
            String sourceReference,
            String category,
            String occurredAt,
            String sourceEventId,
            String receivedAt) {
        static EvidenceLine of(Evidence e) {
            return new EvidenceLine(
                    e.getAgency().name(),
                    e.getSourceReference(),
                    e.getCategory().name(),
                    e.getOccurredAt().toString(),
                    e.getSourceEventId(),
                    e.getReceivedAt() == null ? null : e.getReceivedAt().toString());
        }
    }

    /**
     * One decision: who decided what, and when; reason and consent basis are UNKNOWN, and the rationale null, where
     * none was recorded; the manager who signed it off and when, or null; the work item it was recorded on, or null.
     */
    public record DecisionLine(
            String decisionId,
            String outcome,
            String workerId,
            String localAuthority,
            String decidedAt,
            String reason,
            String consentBasis,
            String rationale,
            String signedOffBy,
            String signedOffAt,
            String workItemId) {
        static DecisionLine of(MashDecision d) {
            return new DecisionLine(
                    d.getDecisionId().toString(),
                    d.getOutcome().name(),
                    d.getWorkerId(),
                    d.getLocalAuthority(),
                    d.getDecidedAt().toString(),
                    d.getReason().name(),
                    d.getConsentBasis().name(),
                    d.getRationale(),
                    d.getSignedOffBy(),
                    d.getSignedOffAt() == null ? null : d.getSignedOffAt().toString(),
                    d.getWorkItemId());
        }
    }

    static AlertView of(AlertBoard.Entry entry) {
        return of(entry, Instant.now());
    }

    /** As the console shows it at this moment (whether it is overdue depends on when it is asked). */
    static AlertView of(AlertBoard.Entry entry, Instant now) {
        RiskAlert a = entry.alert();
        return new AlertView(
                a.getAlertId(),
                a.getRuleId(),
                a.getRuleVersion(),
                a.getSeverity().name(),
                a.getChildPseudonym(),
                a.getLocalAuthority(),
                List.copyOf(a.getRoutedTo()),
                a.getRaisedAt().toString(),
                a.getWindow().getStart().toString(),
                a.getWindow().getEnd().toString(),
                a.getEvidence().stream().map(EvidenceLine::of).toList(),
                entry.status().name(),
                entry.decisions().stream().map(DecisionLine::of).toList(),
                a.getFormedFromLateData(),
                entry.assignedTo().orElse(null),
                entry.dueBy().toString(),
                entry.overdue(now),
                WithdrawalLine.of(a.getWithdrawal()),
                a.getSupersedes(),
                entry.reissuedAs());
    }
}
