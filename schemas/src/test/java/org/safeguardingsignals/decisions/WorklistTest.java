package org.safeguardingsignals.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.events.WorkItem;
import org.safeguardingsignals.events.WorkItemStatus;
import org.safeguardingsignals.testing.TestWorkItems;

class WorklistTest {
    static final Instant NOW = Instant.parse("2026-11-03T10:00:00Z");
    static final String LAMBETH = "E09000022";

    static WorkItem item(String id, String household, Severity severity, int dueInHours, WorkItemStatus status) {
        return TestWorkItems.item(id, LAMBETH, household, severity, NOW, dueInHours, status);
    }

    @Test
    void siblingsInOneHouseholdAreOneEntrySortedByDueTimeThenSeverity() {
        WorkItem sibling1 = item("a", "01/HH-1", Severity.MEDIUM, 20, WorkItemStatus.OPEN);
        WorkItem sibling2 = item("b", "01/HH-1", Severity.HIGH, 20, WorkItemStatus.OPEN);
        WorkItem alone = item("c", null, Severity.MEDIUM, 5, WorkItemStatus.AWAITING_SIGN_OFF);
        WorkItem sameDueHigher = item("d", null, Severity.HIGH, 5, WorkItemStatus.OPEN);
        WorkItem closed = item("e", "01/HH-1", Severity.HIGH, 1, WorkItemStatus.CLOSED);
        WorkItem elsewhere = WorkItem.newBuilder(item("f", null, Severity.HIGH, 1, WorkItemStatus.OPEN))
                .setLocalAuthority("E10000016")
                .build();

        List<Worklist.Entry> list =
                Worklist.of(List.of(sibling1, alone, sibling2, closed, elsewhere, sameDueHigher), LAMBETH);

        assertThat(list).extracting(Worklist.Entry::householdReference).containsExactly(null, null, "01/HH-1");
        assertThat(list.get(0).items()).containsExactly(sameDueHigher);
        assertThat(list.get(1).items()).containsExactly(alone);
        assertThat(list.get(2).items()).containsExactly(sibling2, sibling1);
        assertThat(list.get(2).severity()).isEqualTo(Severity.HIGH);
        assertThat(list.get(2).dueBy()).isEqualTo(NOW.plus(Duration.ofHours(20)));
    }

    @Test
    void timeLeftIsNegativeWhenOverdue() {
        WorkItem item = item("a", null, Severity.MEDIUM, 2, WorkItemStatus.OPEN);
        assertThat(Worklist.timeLeft(item, NOW)).isEqualTo(Duration.ofHours(2));
        assertThat(Worklist.timeLeft(item, NOW.plus(Duration.ofHours(3)))).isEqualTo(Duration.ofHours(-1));
    }
}
