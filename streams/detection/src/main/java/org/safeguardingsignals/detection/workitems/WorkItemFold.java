package org.safeguardingsignals.detection.workitems;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.safeguardingsignals.decisions.FrontDoorDecisions;
import org.safeguardingsignals.decisions.WorkingDays;
import org.safeguardingsignals.events.AlertRouting;
import org.safeguardingsignals.events.AlertStatus;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.events.Withdrawal;
import org.safeguardingsignals.events.WorkItem;
import org.safeguardingsignals.events.WorkItemAlert;
import org.safeguardingsignals.events.WorkItemStatus;
import org.safeguardingsignals.internal.ChildWorkItems;

/**
 * Folds a child's alerts and the MASH's decisions into one open work item per child per authority, so a front door
 * works on children, not on rules:
 *
 * <ul>
 *   <li>an alert joins the open item of every authority it is routed to, as evidence, or opens one;
 *   <li>a full toxic trio supersedes the "emerging" alert in the item; an out-of-area notice supersedes the earlier
 *       notice of the same placement (its placing and host authorities, as routed), so there is one per placement;
 *   <li>a decision applies to the item of its own authority only: each authority's status is its own. An
 *       acknowledgement keeps the item open; "no further action" waits for a manager's sign-off; any other outcome,
 *       or a signed-off "no further action", closes it ({@link FrontDoorDecisions}); the next alert opens a new item;
 *   <li>the decision is due one working day after the item opened ({@link WorkingDays}); new evidence after an
 *       acknowledgement asks for a decision again, due one working day after it arrived;
 *   <li>a WITHDRAWN record of an alert in an open item marks that alert with its withdrawal: it no longer counts for
 *       the item's severity. An item left with no current alert (each withdrawn or superseded) is WITHDRAWN: it closes
 *       and leaves the worklist, keeping the decisions already recorded on it. A withdrawal of an alert in no open
 *       item, or a repeat, changes nothing. The alert re-issued in its place ({@code supersedes}) joins the item as
 *       any alert does and marks the withdrawn one superseded; it brings no new evidence, so it does not ask an
 *       acknowledged item for a decision again.
 * </ul>
 *
 * Returns the items that changed, to publish whole. Pure: the processor keeps the state.
 */
public final class WorkItemFold {
    static final String TRIO = "toxic-trio";
    static final String EMERGING = "toxic-trio-emerging";
    static final String OUT_OF_AREA = "out-of-area-missing";

    private final WorkingDays workingDays;

    public WorkItemFold(WorkingDays workingDays) {
        this.workingDays = workingDays;
    }

    public List<WorkItem> onAlert(ChildWorkItems state, RiskAlert alert) {
        if (alert.getStatus() == AlertStatus.WITHDRAWN) {
            return onWithdrawal(state, alert);
        }
        List<WorkItem> changed = new ArrayList<>();
        List<WorkItem> open = new ArrayList<>(state.getOpen());
        for (String authority : new TreeSet<>(alert.getRoutedTo())) {
            Optional<WorkItem> held = open.stream()
                    .filter(i -> i.getLocalAuthority().equals(authority))
                    .findFirst();
            if (held.isPresent() && contains(held.get(), alert.getAlertId())) {
                continue; // a replayed alert
            }
            WorkItem item = held.orElseGet(() -> opened(alert, authority));
            if (held.isEmpty()) {
                open.add(item);
            } else if (item.getLastOutcome() == DecisionOutcome.ACKNOWLEDGED && alert.getSupersedes() == null) {
                item.setDecisionDueBy(workingDays.decisionDue(alert.getRaisedAt()));
            }
            join(item, alert);
            changed.add(item);
        }
        state.setOpen(open);
        return changed;
    }

    /** Marks the alert withdrawn in every open item that holds it; an item with no current alert left is WITHDRAWN. */
    private static List<WorkItem> onWithdrawal(ChildWorkItems state, RiskAlert alert) {
        Withdrawal withdrawal = alert.getWithdrawal();
        List<WorkItem> changed = new ArrayList<>();
        List<WorkItem> open = new ArrayList<>(state.getOpen());
        for (WorkItem item : state.getOpen()) {
            Optional<WorkItemAlert> held = item.getAlerts().stream()
                    .filter(a -> a.getAlertId().equals(alert.getAlertId()) && a.getWithdrawal() == null)
                    .findFirst();
            if (held.isEmpty()) {
                continue; // not in this item, or already withdrawn
            }
            held.get().setWithdrawal(withdrawal);
            Instant at = withdrawal != null ? withdrawal.getWithdrawnAt() : alert.getRaisedAt();
            item.setUpdatedAt(at);
            if (item.getAlerts().stream().anyMatch(WorkItemFold::current)) {
                item.setSeverity(severityOf(item.getAlerts()));
            } else {
                // nothing left to decide on: the item leaves the worklist with the severity it was raised at
                item.setStatus(WorkItemStatus.WITHDRAWN);
                item.setClosedAt(at);
                open.remove(item);
            }
            changed.add(item);
        }
        state.setOpen(open);
        return changed;
    }

    public List<WorkItem> onDecision(ChildWorkItems state, MashDecision decision) {
        Optional<WorkItem> target = state.getOpen().stream()
                .filter(i -> i.getLocalAuthority().equals(decision.getLocalAuthority()))
                .filter(i -> decision.getWorkItemId() != null
                        ? i.getWorkItemId().equals(decision.getWorkItemId())
                        : contains(i, decision.getAlertId()))
                .findFirst();
        if (target.isEmpty()) {
            return List.of(); // another authority's item, a closed one, or a decision already applied
        }
        WorkItem item = target.get();
        Instant at = decision.getSignedOffAt() != null ? decision.getSignedOffAt() : decision.getDecidedAt();
        item.setLastOutcome(decision.getOutcome());
        item.setLastDecisionId(decision.getDecisionId().toString());
        item.setUpdatedAt(at);
        if (FrontDoorDecisions.closes(decision)) {
            item.setStatus(WorkItemStatus.CLOSED);
            item.setClosedAt(at);
            List<WorkItem> open = new ArrayList<>(state.getOpen());
            open.remove(item);
            state.setOpen(open);
        } else if (FrontDoorDecisions.awaitsSignOff(decision)) {
            item.setStatus(WorkItemStatus.AWAITING_SIGN_OFF);
        } else {
            item.setStatus(WorkItemStatus.OPEN);
        }
        return List.of(item);
    }

    private WorkItem opened(RiskAlert alert, String authority) {
        String identity = alert.getChildPseudonym() + "|" + authority + "|" + alert.getAlertId();
        return WorkItem.newBuilder()
                .setWorkItemId(UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8))
                        .toString())
                .setChildPseudonym(alert.getChildPseudonym())
                .setLocalAuthority(authority)
                .setRouting(alert.getRouting())
                .setStatus(WorkItemStatus.OPEN)
                .setSeverity(alert.getSeverity())
                .setAlerts(new ArrayList<>())
                .setOpenedAt(alert.getRaisedAt())
                .setDecisionDueBy(workingDays.decisionDue(alert.getRaisedAt()))
                .setUpdatedAt(alert.getRaisedAt())
                .build();
    }

    private static void join(WorkItem item, RiskAlert alert) {
        List<WorkItemAlert> alerts = new ArrayList<>(item.getAlerts());
        for (WorkItemAlert held : alerts) {
            if (held.getSupersededBy() == null && supersedes(alert, held)) {
                held.setSupersededBy(alert.getAlertId());
            }
        }
        alerts.add(WorkItemAlert.newBuilder()
                .setAlertId(alert.getAlertId())
                .setRuleId(alert.getRuleId())
                .setRuleVersion(alert.getRuleVersion())
                .setSeverity(alert.getSeverity())
                .setRaisedAt(alert.getRaisedAt())
                .setWindow(alert.getWindow())
                .setEvidence(alert.getEvidence())
                .setRoutedTo(alert.getRoutedTo())
                .build());
        item.setAlerts(alerts);
        item.setSeverity(severityOf(alerts));
        // one front-door alert makes the item front-door work; for information only while every alert is
        if (alert.getRouting() != AlertRouting.FOR_INFORMATION) {
            item.setRouting(AlertRouting.FRONT_DOOR);
            item.setOpenStatus(null);
            item.setAllocatedAuthority(null);
        } else if (item.getRouting() == AlertRouting.FOR_INFORMATION) {
            item.setOpenStatus(alert.getOpenStatus());
            item.setAllocatedAuthority(alert.getAllocatedAuthority());
        }
        if (alert.getHouseholdReference() != null) {
            item.setHouseholdReference(alert.getHouseholdReference());
        }
        item.setUpdatedAt(alert.getRaisedAt());
    }

    /** The highest severity of the current alerts. */
    private static Severity severityOf(List<WorkItemAlert> alerts) {
        return alerts.stream()
                .filter(WorkItemFold::current)
                .map(WorkItemAlert::getSeverity)
                .max(Comparator.comparingInt(WorkItemFold::rank))
                .orElse(Severity.UNKNOWN);
    }

    /** Neither superseded nor withdrawn: it counts for the item. */
    private static boolean current(WorkItemAlert a) {
        return a.getSupersededBy() == null && a.getWithdrawal() == null;
    }

    /**
     * A re-issued alert supersedes the one it names; a full trio supersedes "emerging"; an out-of-area notice
     * supersedes one routed alike (the same placement).
     */
    private static boolean supersedes(RiskAlert alert, WorkItemAlert held) {
        if (held.getAlertId().equals(alert.getSupersedes())) {
            return true;
        }
        if (alert.getRuleId().equals(TRIO)) {
            return held.getRuleId().equals(EMERGING);
        }
        return alert.getRuleId().equals(OUT_OF_AREA)
                && held.getRuleId().equals(OUT_OF_AREA)
                && new TreeSet<>(held.getRoutedTo()).equals(new TreeSet<>(alert.getRoutedTo()));
    }

    private static boolean contains(WorkItem item, String alertId) {
        return item.getAlerts().stream().anyMatch(a -> a.getAlertId().equals(alertId));
    }

    /** LOW < MEDIUM < HIGH; UNKNOWN lowest. */
    static int rank(Severity s) {
        return s == Severity.UNKNOWN ? -1 : s.ordinal();
    }
}
