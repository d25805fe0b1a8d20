package org.safeguardingsignals.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.safeguardingsignals.events.ParentHealthCategory.DRUG_MISUSE;
import static org.safeguardingsignals.events.ParentHealthCategory.MENTAL_HEALTH;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.decisions.Worklist;
import org.safeguardingsignals.detection.Scenario.Child;
import org.safeguardingsignals.detection.workitems.WorkItemsProcessor;
import org.safeguardingsignals.events.AlertRouting;
import org.safeguardingsignals.events.ConsentBasis;
import org.safeguardingsignals.events.DashRiskLevel;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.DecisionReason;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.OpenStatus;
import org.safeguardingsignals.events.PresentingReason;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.events.StatusChangeType;
import org.safeguardingsignals.events.WorkItem;
import org.safeguardingsignals.events.WorkItemAlert;
import org.safeguardingsignals.events.WorkItemStatus;

/**
 * Work items through the real topology: alerts and the MASH's decisions folded into one open item per child per
 * authority, published whole on safeguarding.mash.work-items.v1, every record counted.
 */
class WorkItemsTest {
    static final Instant TUESDAY = Instant.parse("2026-11-03T10:00:00Z");
    static final String LIVERPOOL = "E08000025";
    private final Scenario world = new Scenario();

    @AfterEach
    void close() {
        world.close();
    }

    static MashDecision decision(WorkItem item, DecisionOutcome outcome) {
        return MashDecision.newBuilder()
                .setDecisionId(UUID.randomUUID())
                .setAlertId(item.getAlerts().get(0).getAlertId())
                .setChildPseudonym(item.getChildPseudonym())
                .setLocalAuthority(item.getLocalAuthority())
                .setOutcome(outcome)
                .setWorkerId("worker-7")
                .setDecidedAt(TUESDAY.plus(Duration.ofHours(2)))
                .setWorkItemId(item.getWorkItemId())
                .setReason(DecisionReason.CHILD_RESIDENT_ELSEWHERE)
                .setConsentBasis(ConsentBasis.NOT_SOUGHT_RISK_OF_HARM)
                .build();
    }

    @Test
    void siblingsInOneHouseholdGiveOneHouseholdView() {
        Child amy = world.child("Amy").inHousehold("HH-12");
        Child ben = world.child("Ben").inHousehold("HH-12");
        world.domesticAbuse(TUESDAY, DashRiskLevel.HIGH, true, amy, ben);

        assertThat(world.alerts()).extracting(RiskAlert::getHouseholdReference).containsExactly("01/HH-12", "01/HH-12");
        List<KeyValue<String, WorkItem>> records = world.workItemRecords();
        assertThat(records)
                .extracting(kv -> kv.key)
                .containsExactlyInAnyOrder(world.pseudonymOf(amy), world.pseudonymOf(ben));
        List<WorkItem> items = records.stream().map(kv -> kv.value).toList();
        List<Worklist.Entry> worklist = Worklist.of(items, Scenario.LAMBETH);
        assertThat(worklist).hasSize(1);
        assertThat(worklist.get(0).householdReference()).isEqualTo("01/HH-12");
        assertThat(worklist.get(0).items())
                .extracting(WorkItem::getChildPseudonym)
                .containsExactlyInAnyOrder(world.pseudonymOf(amy), world.pseudonymOf(ben));
    }

    @Test
    void aSecondRuleOnTheSameChildAddsEvidenceToTheOpenItem() {
        Child cal = world.child("Cal");
        world.domesticAbuse(TUESDAY, DashRiskLevel.HIGH, true, cal);
        List<WorkItem> first = world.workItems();
        assertThat(first).hasSize(1);
        // raised on New Year's Day 2027 (the scenario's wall clock), a Friday and a bank holiday: due by the end of
        // the next working day, Monday 4 January
        assertThat(first.get(0).getOpenedAt()).isEqualTo(Scenario.WALL_CLOCK_START);
        assertThat(first.get(0).getDecisionDueBy()).isEqualTo(Instant.parse("2027-01-05T00:00:00Z"));

        world.unscheduledCare(TUESDAY.plusSeconds(3600), cal, LocalDate.of(2026, 6, 1), PresentingReason.INJURY);
        List<WorkItem> second = world.workItems();
        assertThat(second).hasSize(1);
        assertThat(second.get(0).getWorkItemId()).isEqualTo(first.get(0).getWorkItemId());
        assertThat(second.get(0).getAlerts())
                .extracting(WorkItemAlert::getRuleId)
                .containsExactly("repeat-domestic-abuse", "infant-injury");
        assertThat(world.storeSize(WorkItemsProcessor.STORE)).isEqualTo(1);
    }

    @Test
    void aFullTrioSupersedesEmergingInTheSameItem() {
        Child dot = world.child("Dot");
        world.parentHealth(TUESDAY, MENTAL_HEALTH, dot);
        world.parentHealth(TUESDAY.plusSeconds(60), DRUG_MISUSE, dot);
        world.domesticAbuse(TUESDAY.plusSeconds(120), DashRiskLevel.MEDIUM, true, dot);
        List<WorkItem> items = world.workItems();
        assertThat(items).hasSize(2);
        WorkItem latest = items.get(1);
        assertThat(latest.getWorkItemId()).isEqualTo(items.get(0).getWorkItemId());
        assertThat(latest.getAlerts())
                .extracting(WorkItemAlert::getRuleId, a -> a.getSupersededBy() != null)
                .containsExactly(tuple("toxic-trio-emerging", true), tuple("toxic-trio", false));
        assertThat(latest.getSeverity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void aDecisionByOneAuthorityLeavesTheOthersStatusOpen() {
        Child eve = world.child("Eve");
        world.missing(world.lookedAfterEpisode("EVE-1", eve, TUESDAY, LIVERPOOL, Scenario.KENT)
                .build());
        List<WorkItem> opened = world.workItems();
        assertThat(opened)
                .extracting(WorkItem::getLocalAuthority, WorkItem::getStatus)
                .containsExactlyInAnyOrder(
                        tuple(LIVERPOOL, WorkItemStatus.OPEN), tuple(Scenario.KENT, WorkItemStatus.OPEN));
        WorkItem kent = opened.stream()
                .filter(i -> i.getLocalAuthority().equals(Scenario.KENT))
                .findFirst()
                .orElseThrow();

        world.decide(decision(kent, DecisionOutcome.TRANSFER_TO_HOME_AUTHORITY));
        List<WorkItem> decided = world.workItems();
        assertThat(decided)
                .extracting(WorkItem::getLocalAuthority, WorkItem::getStatus, WorkItem::getLastOutcome)
                .containsExactly(
                        tuple(Scenario.KENT, WorkItemStatus.CLOSED, DecisionOutcome.TRANSFER_TO_HOME_AUTHORITY));

        // Kent's "no further action" on Liverpool's item changes nothing: each authority decides its own
        WorkItem liverpool = opened.stream()
                .filter(i -> i.getLocalAuthority().equals(LIVERPOOL))
                .findFirst()
                .orElseThrow();
        MashDecision wrongAuthority = decision(liverpool, DecisionOutcome.NO_FURTHER_ACTION);
        wrongAuthority.setLocalAuthority(Scenario.KENT);
        world.decide(wrongAuthority);
        assertThat(world.workItems()).isEmpty();
        assertThat(world.storeSize(WorkItemsProcessor.STORE)).isEqualTo(1);
    }

    @Test
    void aChildOnAPlanGivesAForInformationItemToTheAllocatedTeam() {
        Child fin = world.child("Fin");
        world.statusChange(TUESDAY, fin, StatusChangeType.CHILD_PROTECTION_PLAN_START, null, null);
        world.domesticAbuse(TUESDAY.plusSeconds(60), DashRiskLevel.HIGH, true, fin);
        List<WorkItem> items = world.workItems();
        assertThat(items)
                .extracting(
                        WorkItem::getLocalAuthority,
                        WorkItem::getRouting,
                        WorkItem::getOpenStatus,
                        WorkItem::getAllocatedAuthority)
                .containsExactly(tuple(
                        Scenario.LAMBETH,
                        AlertRouting.FOR_INFORMATION,
                        OpenStatus.CHILD_PROTECTION_PLAN,
                        Scenario.LAMBETH));
    }

    @Test
    void noFurtherActionClosesOnlyOnceSignedOff() {
        Child gil = world.child("Gil");
        world.domesticAbuse(TUESDAY, DashRiskLevel.HIGH, true, gil);
        WorkItem item = world.workItems().get(0);
        MashDecision nfa = decision(item, DecisionOutcome.NO_FURTHER_ACTION);
        world.decide(nfa);
        assertThat(world.workItems()).extracting(WorkItem::getStatus).containsExactly(WorkItemStatus.AWAITING_SIGN_OFF);
        MashDecision signed = MashDecision.newBuilder(nfa)
                .setSignedOffBy("manager-2")
                .setSignedOffAt(TUESDAY.plus(Duration.ofHours(3)))
                .build();
        world.decide(signed);
        assertThat(world.workItems()).extracting(WorkItem::getStatus).containsExactly(WorkItemStatus.CLOSED);
        assertThat(world.storeSize(WorkItemsProcessor.STORE)).isZero();
    }
}
