package org.safeguardingsignals.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.safeguardingsignals.events.AlertRouting;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.events.WorkItem;
import org.safeguardingsignals.events.WorkItemStatus;

/** Work items for tests of the worklist and its readers: front-door items with no alerts, opened at a given time. */
public final class TestWorkItems {
    private TestWorkItems() {}

    /**
     * An item of child "child-{id}" for the authority, updated when it opened, due {@code dueInHours} later.
     *
     * @param household the household reference, or null
     */
    public static WorkItem item(
            String id,
            String authority,
            String household,
            Severity severity,
            Instant opened,
            int dueInHours,
            WorkItemStatus status) {
        return WorkItem.newBuilder()
                .setWorkItemId(id)
                .setChildPseudonym("child-" + id)
                .setLocalAuthority(authority)
                .setHouseholdReference(household)
                .setRouting(AlertRouting.FRONT_DOOR)
                .setStatus(status)
                .setSeverity(severity)
                .setAlerts(List.of())
                .setOpenedAt(opened)
                .setDecisionDueBy(opened.plus(Duration.ofHours(dueInHours)))
                .setUpdatedAt(opened)
                .build();
    }
}
