package org.safeguardingsignals.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safeguardingsignals.decisions.Worklist;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.Withdrawal;
import org.safeguardingsignals.events.WorkItem;
import org.safeguardingsignals.events.WorkItemAlert;

/**
 * A child's work item as the console's JSON shows it: status for its authority, severity, when a decision is due and
 * whether it is past that, the alerts that joined it (superseded and withdrawn ones marked), one evidence timeline
 * across them (each piece once, naming the current rules it supports, a piece an agency retracted marked), and the
 * decisions recorded on it with their sign-off. A withdrawn alert no longer counts for the item's severity.
 */
public record WorkItemView(
        String workItemId,
        String childPseudonym,
        String localAuthority,
        String householdReference,
        String routing,
        String openStatus,
        String allocatedAuthority,
        String status,
        String severity,
        String openedAt,
        String decisionDueBy,
        boolean overdue,
        String updatedAt,
        String closedAt,
        String lastOutcome,
        List<AlertLine> alerts,
        List<TimelineLine> timeline,
        List<AlertView.DecisionLine> decisions) {

    /**
     * One alert in the item; {@code supersededBy} names the alert that replaced it, or is null; {@code withdrawal} is
     * why it was withdrawn after a retraction, or null.
     */
    public record AlertLine(
            String alertId,
            String ruleId,
            int ruleVersion,
            String severity,
            String raisedAt,
            String windowStart,
            String windowEnd,
            List<String> routedTo,
            String supersededBy,
            AlertView.WithdrawalLine withdrawal) {
        static AlertLine of(WorkItemAlert a) {
            return new AlertLine(
                    a.getAlertId(),
                    a.getRuleId(),
                    a.getRuleVersion(),
                    a.getSeverity().name(),
                    a.getRaisedAt().toString(),
                    a.getWindow().getStart().toString(),
                    a.getWindow().getEnd().toString(),
                    List.copyOf(a.getRoutedTo()),
                    a.getSupersededBy(),
                    AlertView.WithdrawalLine.of(a.getWithdrawal()));
        }
    }

    /**
     * One piece of evidence, once however many of the item's alerts cite it, with the rules of the alerts still
     * standing that cite it; {@code retracted} is the reason its agency took it back, or null.
     */
    public record TimelineLine(AlertView.EvidenceLine evidence, List<String> rules, String retracted) {}

    /** As the console shows it at this moment (whether it is overdue depends on when it is asked). */
    static WorkItemView of(WorkItem item, List<MashDecision> decisions, Instant now) {
        return new WorkItemView(
                item.getWorkItemId(),
                item.getChildPseudonym(),
                item.getLocalAuthority(),
                item.getHouseholdReference(),
                item.getRouting().name(),
                item.getOpenStatus() == null ? null : item.getOpenStatus().name(),
                item.getAllocatedAuthority(),
                item.getStatus().name(),
                Worklist.severity(item).name(),
                item.getOpenedAt().toString(),
                item.getDecisionDueBy().toString(),
                Worklist.open(item) && now.isAfter(item.getDecisionDueBy()),
                item.getUpdatedAt().toString(),
                item.getClosedAt() == null ? null : item.getClosedAt().toString(),
                item.getLastOutcome() == null ? null : item.getLastOutcome().name(),
                item.getAlerts().stream().map(AlertLine::of).toList(),
                timeline(item),
                decisions.stream().map(AlertView.DecisionLine::of).toList());
    }

    /**
     * Every piece of evidence of the item's alerts once, oldest first; superseded and withdrawn alerts' evidence is
     * kept (what the item was opened on stays on record), but a withdrawn alert cites nothing, and a piece that a
     * retraction removed is marked with its reason.
     */
    static List<TimelineLine> timeline(WorkItem item) {
        Map<String, Evidence> pieces = new LinkedHashMap<>();
        Map<String, List<String>> rules = new LinkedHashMap<>();
        Map<String, String> retracted = new LinkedHashMap<>();
        for (WorkItemAlert alert : item.getAlerts()) {
            Withdrawal withdrawal = alert.getWithdrawal();
            if (withdrawal != null) {
                retracted.put(
                        withdrawal.getRetractedEventId(), withdrawal.getReason().name());
                withdrawal
                        .getRemovedEvidence()
                        .forEach(e -> retracted.put(
                                e.getSourceEventId(), withdrawal.getReason().name()));
            }
            for (Evidence e : alert.getEvidence()) {
                String key = e.getSourceEventId() + "|" + e.getCategory();
                pieces.putIfAbsent(key, e);
                List<String> citing = rules.computeIfAbsent(key, k -> new ArrayList<>());
                if (withdrawal == null && !citing.contains(alert.getRuleId())) {
                    citing.add(alert.getRuleId());
                }
            }
        }
        return pieces.entrySet().stream()
                .sorted(Comparator.comparing(
                        (Map.Entry<String, Evidence> p) -> p.getValue().getOccurredAt()))
                .map(p -> new TimelineLine(
                        AlertView.EvidenceLine.of(p.getValue()),
                        List.copyOf(rules.get(p.getKey())),
                        retracted.get(p.getValue().getSourceEventId())))
                .toList();
    }
}
