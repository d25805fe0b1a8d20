package org.safeguardingsignals.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.AlertWindow;
import org.safeguardingsignals.events.RetractionReason;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.events.Withdrawal;
import org.safeguardingsignals.events.WorkItem;
import org.safeguardingsignals.events.WorkItemAlert;
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
    void aWithdrawnItemLeavesTheWorklistAndAWithdrawnAlertNoLongerCountsForSeverity() {
        WorkItem withdrawn = item("w", null, Severity.HIGH, 1, WorkItemStatus.WITHDRAWN);
        WorkItem reissued = WorkItem.newBuilder(item("r", null, Severity.HIGH, 5, WorkItemStatus.OPEN))
                .setAlerts(List.of(alert("trio", Severity.HIGH, true), alert("emerging", Severity.MEDIUM, false)))
                .build();
        WorkItem high = item("h", null, Severity.HIGH, 5, WorkItemStatus.OPEN);

        List<Worklist.Entry> list = Worklist.of(List.of(withdrawn, reissued, high), LAMBETH);

        assertThat(list).hasSize(2);
        assertThat(list.get(0).items()).containsExactly(high);
        assertThat(list.get(1).items()).containsExactly(reissued);
        assertThat(list.get(1).severity()).isEqualTo(Severity.MEDIUM);
        assertThat(Worklist.open(withdrawn)).isFalse();
        assertThat(Worklist.severity(withdrawn))
                .as("no alert listed: the item's own")
                .isEqualTo(Severity.HIGH);
    }

    private static WorkItemAlert alert(String id, Severity severity, boolean withdrawn) {
        return WorkItemAlert.newBuilder()
                .setAlertId(id)
                .setRuleId(id)
                .setRuleVersion(1)
                .setSeverity(severity)
                .setRaisedAt(NOW)
                .setWindow(new AlertWindow(NOW.minus(Duration.ofDays(30)), NOW))
                .setEvidence(List.of())
                .setWithdrawal(
                        withdrawn
                                ? Withdrawal.newBuilder()
                                        .setRetractionEventId("r-" + id)
                                        .setRetractedEventId("e-" + id)
                                        .setAgency(Agency.HEALTH)
                                        .setOrganisationCode("RJ1")
                                        .setReason(RetractionReason.RECORDED_IN_ERROR)
                                        .setAgencyReference("CORR-1")
                                        .setRetractedAt(NOW)
                                        .setWithdrawnAt(NOW)
                                        .build()
                                : null)
                .build();
    }

    @Test
    void timeLeftIsNegativeWhenOverdue() {
        WorkItem item = item("a", null, Severity.MEDIUM, 2, WorkItemStatus.OPEN);
        assertThat(Worklist.timeLeft(item, NOW)).isEqualTo(Duration.ofHours(2));
        assertThat(Worklist.timeLeft(item, NOW.plus(Duration.ofHours(3)))).isEqualTo(Duration.ofHours(-1));
    }
}
