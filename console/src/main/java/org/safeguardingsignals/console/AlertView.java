package org.safeguardingsignals.console;

import java.util.List;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.RiskAlert;

/**
 * An alert as the console's JSON shows it: rule, window, evidence lines, status and decisions, and whether late data
 * formed it (each evidence line then says when it was received).
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
        boolean formedFromLateData) {

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

    /** One decision: who decided what, and when. */
    public record DecisionLine(
            String decisionId, String outcome, String workerId, String localAuthority, String decidedAt) {
        static DecisionLine of(MashDecision d) {
            return new DecisionLine(
                    d.getDecisionId().toString(),
                    d.getOutcome().name(),
                    d.getWorkerId(),
                    d.getLocalAuthority(),
                    d.getDecidedAt().toString());
        }
    }

    static AlertView of(AlertBoard.Entry entry) {
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
                a.getFormedFromLateData());
    }
}
