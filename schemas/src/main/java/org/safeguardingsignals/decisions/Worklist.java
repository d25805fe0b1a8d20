package org.safeguardingsignals.decisions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.events.WorkItem;
import org.safeguardingsignals.events.WorkItemAlert;
import org.safeguardingsignals.events.WorkItemStatus;

/**
 * A front door's worklist from the work-items topic (safeguarding.mash.work-items.v1): the open items of one
 * authority (neither closed nor withdrawn), siblings who share a household reference shown together, sorted by
 * decision due time and then severity. Shared so that every reader of the topic (the console, a report) groups and
 * sorts alike.
 */
public final class Worklist {
    /** Soonest due first, then highest severity: the order of a worklist, also across authorities. */
    public static final Comparator<Entry> ORDER =
            Comparator.comparing(Entry::dueBy).thenComparing(e -> -rank(e.severity()));

    private Worklist() {}

    /**
     * One entry of the worklist: the children of one household (or one child without a household reference).
     *
     * @param householdReference the shared reference, or null for a child shown alone
     * @param items              the children's open items, soonest due first
     */
    public record Entry(String householdReference, List<WorkItem> items) {
        public Entry {
            items = List.copyOf(items);
        }

        /** The soonest due time of its items. */
        public Instant dueBy() {
            return items.get(0).getDecisionDueBy();
        }

        /** The highest severity of its items. */
        public Severity severity() {
            return items.stream()
                    .map(Worklist::severity)
                    .max(Comparator.comparingInt(Worklist::rank))
                    .orElseThrow();
        }
    }

    /**
     * @param latest the latest record of each work item (a later record of a workItemId replaces an earlier one)
     * @param authority the authority whose worklist this is
     */
    public static List<Entry> of(Collection<WorkItem> latest, String authority) {
        Comparator<WorkItem> order = Comparator.comparing(WorkItem::getDecisionDueBy)
                .thenComparing(i -> -rank(severity(i)))
                .thenComparing(WorkItem::getWorkItemId);
        Map<String, List<WorkItem>> groups = new LinkedHashMap<>();
        latest.stream()
                .filter(i -> i.getLocalAuthority().equals(authority) && open(i))
                .sorted(order)
                .forEach(i -> groups.computeIfAbsent(
                                i.getHouseholdReference() != null
                                        ? "household:" + i.getHouseholdReference()
                                        : "item:" + i.getWorkItemId(),
                                k -> new ArrayList<>())
                        .add(i));
        return groups.values().stream()
                .map(items -> new Entry(items.get(0).getHouseholdReference(), items))
                .sorted(ORDER)
                .toList();
    }

    /** Whether the item waits for a decision: neither closed by one nor withdrawn (every alert taken back). */
    public static boolean open(WorkItem item) {
        return item.getStatus() != WorkItemStatus.CLOSED && item.getStatus() != WorkItemStatus.WITHDRAWN;
    }

    /**
     * The item's severity, without its withdrawn alerts: the item's own while none of its alerts was withdrawn (detection
     * gives the highest of the current ones); else the highest among those still standing (neither superseded nor
     * withdrawn after a retraction), or the item's own when none stands. So a withdrawn alert never ranks an item,
     * whichever detection wrote the record.
     */
    public static Severity severity(WorkItem item) {
        if (item.getAlerts().stream().allMatch(a -> a.getWithdrawal() == null)) {
            return item.getSeverity();
        }
        return item.getAlerts().stream()
                .filter(a -> a.getSupersededBy() == null && a.getWithdrawal() == null)
                .map(WorkItemAlert::getSeverity)
                .max(Comparator.comparingInt(Worklist::rank))
                .orElse(item.getSeverity());
    }

    /** Time left until the decision is due; negative when overdue. */
    public static Duration timeLeft(WorkItem item, Instant now) {
        return Duration.between(now, item.getDecisionDueBy());
    }

    static int rank(Severity s) {
        return s == Severity.UNKNOWN ? -1 : s.ordinal();
    }
}
