package org.safeguardingsignals.console;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.safeguardingsignals.decisions.Worklist;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.WorkItem;
import org.safeguardingsignals.events.WorkItemStatus;

/**
 * The front door's work items as the console shows them: the latest record of each item from the work-items topic
 * (detection folds alerts and decisions into them), and the latest record of each decision (a sign-off is a later
 * record of the same decision). Fed by the board feeder, like the alert board; every console instance holds all.
 */
final class WorkItemBoard {
    private final Map<String, WorkItem> items = new LinkedHashMap<>();
    private final Map<String, MashDecision> decisions = new LinkedHashMap<>();
    private final List<Consumer<WorkItem>> listeners = new CopyOnWriteArrayList<>();

    /** The item's latest record; one older than the held one (a replay) is ignored. */
    void add(WorkItem item) {
        synchronized (this) {
            WorkItem held = items.get(item.getWorkItemId());
            if (held != null && held.getUpdatedAt().isAfter(item.getUpdatedAt())) {
                return;
            }
            items.put(item.getWorkItemId(), item);
        }
        listeners.forEach(l -> l.accept(item));
    }

    /** A decision record; a later record of the same decision (its sign-off) replaces the earlier one. */
    synchronized void addDecision(MashDecision decision) {
        decisions.put(decision.getDecisionId().toString(), decision);
    }

    /** The item, if the worker works for its authority. */
    synchronized Optional<WorkItem> get(Worker worker, String workItemId) {
        return Optional.ofNullable(items.get(workItemId)).filter(i -> worker.worksFor(i.getLocalAuthority()));
    }

    /** The decision recorded under this id, as last recorded. */
    synchronized Optional<MashDecision> decision(String decisionId) {
        return Optional.ofNullable(decisionId).map(decisions::get);
    }

    /** Decisions recorded on the item, oldest first. */
    synchronized List<MashDecision> decisionsOn(String workItemId) {
        return decisions.values().stream()
                .filter(d -> workItemId.equals(d.getWorkItemId()))
                .sorted(Comparator.comparing(MashDecision::getDecidedAt))
                .toList();
    }

    /**
     * The worklist of the worker's authorities (or of one of them): households and children, soonest due first, then
     * highest severity ({@link Worklist}). Closed and withdrawn items are not on it ({@link #closed}).
     */
    synchronized List<Worklist.Entry> worklist(Worker worker, Optional<String> authority) {
        return worker.authorities().stream()
                .filter(la -> authority.map(la::equals).orElse(true))
                .flatMap(la -> Worklist.of(items.values(), la).stream())
                .sorted(Worklist.ORDER)
                .toList();
    }

    /** Items of the worker's authorities closed or withdrawn lately, newest first, at most {@code limit}. */
    synchronized List<WorkItem> closed(Worker worker, Optional<String> authority, int limit) {
        return items.values().stream()
                .filter(i -> i.getStatus() == WorkItemStatus.CLOSED || i.getStatus() == WorkItemStatus.WITHDRAWN)
                .filter(i -> worker.worksFor(i.getLocalAuthority()))
                .filter(i ->
                        authority.map(la -> la.equals(i.getLocalAuthority())).orElse(true))
                .sorted(Comparator.comparing(WorkItem::getUpdatedAt).reversed())
                .limit(limit)
                .toList();
    }

    void subscribe(Consumer<WorkItem> listener) {
        listeners.add(listener);
    }
}
