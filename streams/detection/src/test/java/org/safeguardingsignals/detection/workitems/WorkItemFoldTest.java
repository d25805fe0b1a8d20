package org.safeguardingsignals.detection.workitems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.decisions.WorkingDays;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.AlertRouting;
import org.safeguardingsignals.events.AlertStatus;
import org.safeguardingsignals.events.AlertWindow;
import org.safeguardingsignals.events.ConsentBasis;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.DecisionReason;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.OpenStatus;
import org.safeguardingsignals.events.RetractionReason;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.events.Withdrawal;
import org.safeguardingsignals.events.WorkItem;
import org.safeguardingsignals.events.WorkItemAlert;
import org.safeguardingsignals.events.WorkItemStatus;
import org.safeguardingsignals.internal.ChildWorkItems;

/** The fold from alerts and decisions to work items, on state built by hand. */
class WorkItemFoldTest {
    static final String CHILD = "0123456789abcdef0123456789abcdef";
    static final String LAMBETH = "E09000022";
    static final String KENT = "E10000016";
    static final String LIVERPOOL = "E08000025";
    static final Instant TUESDAY = Instant.parse("2026-11-03T10:00:00Z");
    private final WorkItemFold fold = new WorkItemFold(new WorkingDays(Set.of()));
    private final ChildWorkItems state = ChildWorkItems.newBuilder().build();
    private int alerts;

    RiskAlert alert(String rule, Severity severity, Instant raisedAt, String... routedTo) {
        return RiskAlert.newBuilder()
                .setAlertId("alert-" + ++alerts)
                .setRuleId(rule)
                .setRuleVersion(1)
                .setSeverity(severity)
                .setChildPseudonym(CHILD)
                .setLocalAuthority(routedTo[0])
                .setEvidence(new ArrayList<>())
                .setWindow(new AlertWindow(raisedAt, raisedAt))
                .setRaisedAt(raisedAt)
                .setRoutedTo(List.of(routedTo))
                .build();
    }

    /** The WITHDRAWN record of an alert: the same alert, its withdrawal at {@code at}. */
    static RiskAlert withdrawn(RiskAlert alert, Instant at) {
        return RiskAlert.newBuilder(alert)
                .setStatus(AlertStatus.WITHDRAWN)
                .setWithdrawal(withdrawal(at))
                .build();
    }

    static Withdrawal withdrawal(Instant at) {
        return Withdrawal.newBuilder()
                .setRetractionEventId("retraction-1")
                .setRetractedEventId("event-1")
                .setAgency(Agency.POLICE)
                .setOrganisationCode("MPS")
                .setReason(RetractionReason.WRONG_CHILD)
                .setAgencyReference("CORR-1")
                .setRetractedAt(at.minusSeconds(60))
                .setWithdrawnAt(at)
                .build();
    }

    /** The alert re-issued in place of a withdrawn one. */
    RiskAlert reissued(RiskAlert withdrawn, String rule, Severity severity, Instant at) {
        RiskAlert a = alert(rule, severity, at, withdrawn.getRoutedTo().toArray(String[]::new));
        a.setSupersedes(withdrawn.getAlertId());
        return a;
    }

    static MashDecision.Builder decision(WorkItem item, String authority, DecisionOutcome outcome, Instant at) {
        return MashDecision.newBuilder()
                .setDecisionId(UUID.randomUUID())
                .setAlertId(item.getAlerts().get(0).getAlertId())
                .setChildPseudonym(CHILD)
                .setLocalAuthority(authority)
                .setOutcome(outcome)
                .setWorkerId("worker-1")
                .setDecidedAt(at)
                .setWorkItemId(item.getWorkItemId())
                .setReason(DecisionReason.NEEDS_MET_BY_UNIVERSAL_SERVICES)
                .setConsentBasis(ConsentBasis.NOT_SHARED);
    }

    @Test
    void aSecondRuleOnTheSameChildAddsEvidenceToTheOpenItem() {
        List<WorkItem> first = fold.onAlert(state, alert("re-referral", Severity.MEDIUM, TUESDAY, LAMBETH));
        List<WorkItem> second =
                fold.onAlert(state, alert("repeat-domestic-abuse", Severity.HIGH, TUESDAY.plusSeconds(3600), LAMBETH));

        assertThat(first).hasSize(1);
        assertThat(second).hasSize(1);
        WorkItem item = second.get(0);
        assertThat(item.getWorkItemId()).isEqualTo(first.get(0).getWorkItemId());
        assertThat(item.getAlerts())
                .extracting(WorkItemAlert::getRuleId)
                .containsExactly("re-referral", "repeat-domestic-abuse");
        assertThat(item.getSeverity()).isEqualTo(Severity.HIGH);
        assertThat(item.getOpenedAt()).isEqualTo(TUESDAY);
        assertThat(item.getDecisionDueBy()).isEqualTo(TUESDAY.plus(Duration.ofDays(1)));
        assertThat(item.getStatus()).isEqualTo(WorkItemStatus.OPEN);
        assertThat(state.getOpen()).hasSize(1);

        assertThat(fold.onAlert(state, alert("re-referral", Severity.MEDIUM, TUESDAY, LAMBETH)))
                .as("a new alert id: joins")
                .hasSize(1);
        RiskAlert replay = RiskAlert.newBuilder(alert("x", Severity.LOW, TUESDAY, LAMBETH))
                .setAlertId("alert-1")
                .build();
        assertThat(fold.onAlert(state, replay))
                .as("a replayed alert changes nothing")
                .isEmpty();
    }

    @Test
    void aFullTrioSupersedesEmergingAndTheSeverityFollowsTheCurrentAlerts() {
        fold.onAlert(state, alert("toxic-trio-emerging", Severity.MEDIUM, TUESDAY, LAMBETH));
        WorkItem item = fold.onAlert(state, alert("toxic-trio", Severity.HIGH, TUESDAY.plusSeconds(60), LAMBETH))
                .get(0);
        assertThat(item.getAlerts())
                .extracting(WorkItemAlert::getRuleId, WorkItemAlert::getSupersededBy)
                .containsExactly(tuple("toxic-trio-emerging", "alert-2"), tuple("toxic-trio", null));
        assertThat(item.getSeverity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void outOfAreaNoticesCollapseToOnePerPlacement() {
        fold.onAlert(state, alert("out-of-area-missing", Severity.MEDIUM, TUESDAY, KENT, LIVERPOOL));
        fold.onAlert(state, alert("out-of-area-missing", Severity.HIGH, TUESDAY.plusSeconds(60), KENT, LIVERPOOL));
        List<WorkItem> changed = fold.onAlert(
                state, alert("out-of-area-missing", Severity.MEDIUM, TUESDAY.plusSeconds(120), LAMBETH, LIVERPOOL));
        WorkItem liverpool = changed.stream()
                .filter(i -> i.getLocalAuthority().equals(LIVERPOOL))
                .findFirst()
                .orElseThrow();
        assertThat(liverpool.getAlerts())
                .extracting(WorkItemAlert::getAlertId, WorkItemAlert::getSupersededBy)
                .containsExactly(tuple("alert-1", "alert-2"), tuple("alert-2", null), tuple("alert-3", null));
        assertThat(liverpool.getAlerts().stream().filter(a -> a.getSupersededBy() == null))
                .as("one current notice per placement: Kent and Lambeth")
                .hasSize(2);
        assertThat(state.getOpen())
                .extracting(WorkItem::getLocalAuthority)
                .containsExactlyInAnyOrder(KENT, LIVERPOOL, LAMBETH);
    }

    @Test
    void aDecisionByOneAuthorityLeavesTheOthersStatusOpen() {
        List<WorkItem> items =
                fold.onAlert(state, alert("out-of-area-missing", Severity.MEDIUM, TUESDAY, KENT, LIVERPOOL));
        assertThat(items).extracting(WorkItem::getLocalAuthority).containsExactly(LIVERPOOL, KENT);
        WorkItem kent = items.get(1);

        List<WorkItem> decided = fold.onDecision(
                state,
                decision(kent, KENT, DecisionOutcome.TRANSFER_TO_HOME_AUTHORITY, TUESDAY.plusSeconds(600))
                        .build());
        assertThat(decided)
                .extracting(WorkItem::getLocalAuthority, WorkItem::getStatus, WorkItem::getLastOutcome)
                .containsExactly(tuple(KENT, WorkItemStatus.CLOSED, DecisionOutcome.TRANSFER_TO_HOME_AUTHORITY));
        assertThat(decided.get(0).getClosedAt()).isEqualTo(TUESDAY.plusSeconds(600));
        assertThat(state.getOpen())
                .extracting(WorkItem::getLocalAuthority, WorkItem::getStatus)
                .containsExactly(tuple(LIVERPOOL, WorkItemStatus.OPEN));

        // Kent's decision names Kent's item: Liverpool's item, with the same alert, is not Kent's to decide
        assertThat(fold.onDecision(
                        state,
                        decision(items.get(0), KENT, DecisionOutcome.NO_FURTHER_ACTION, TUESDAY.plusSeconds(700))
                                .build()))
                .isEmpty();
        assertThat(state.getOpen().get(0).getStatus()).isEqualTo(WorkItemStatus.OPEN);
    }

    @Test
    void noFurtherActionWaitsForAManagersSignOffThenClosesAndTheNextAlertOpensANewItem() {
        WorkItem item = fold.onAlert(state, alert("neglect-signals", Severity.MEDIUM, TUESDAY, LAMBETH))
                .get(0);
        MashDecision proposed = decision(item, LAMBETH, DecisionOutcome.NO_FURTHER_ACTION, TUESDAY.plusSeconds(60))
                .build();
        assertThat(fold.onDecision(state, proposed))
                .extracting(WorkItem::getStatus)
                .containsExactly(WorkItemStatus.AWAITING_SIGN_OFF);
        assertThat(state.getOpen()).hasSize(1);

        MashDecision signed = MashDecision.newBuilder(proposed)
                .setSignedOffBy("manager-1")
                .setSignedOffAt(TUESDAY.plusSeconds(120))
                .build();
        assertThat(fold.onDecision(state, signed))
                .extracting(WorkItem::getStatus, WorkItem::getClosedAt)
                .containsExactly(tuple(WorkItemStatus.CLOSED, TUESDAY.plusSeconds(120)));
        assertThat(state.getOpen()).isEmpty();
        assertThat(fold.onDecision(state, signed)).as("already closed").isEmpty();

        WorkItem next = fold.onAlert(
                        state, alert("neglect-signals", Severity.MEDIUM, TUESDAY.plusSeconds(180), LAMBETH))
                .get(0);
        assertThat(next.getWorkItemId()).isNotEqualTo(item.getWorkItemId());
        assertThat(next.getAlerts()).hasSize(1);
    }

    @Test
    void anAcknowledgementKeepsTheItemOpenAndNewEvidenceAsksForADecisionAgain() {
        WorkItem item = fold.onAlert(state, alert("re-referral", Severity.MEDIUM, TUESDAY, LAMBETH))
                .get(0);
        fold.onDecision(
                state,
                decision(item, LAMBETH, DecisionOutcome.ACKNOWLEDGED, TUESDAY.plusSeconds(60))
                        .setReason(DecisionReason.UNKNOWN)
                        .build());
        assertThat(state.getOpen().get(0).getStatus()).isEqualTo(WorkItemStatus.OPEN);
        Instant thursday = TUESDAY.plus(Duration.ofDays(2));
        WorkItem again = fold.onAlert(state, alert("neglect-signals", Severity.MEDIUM, thursday, LAMBETH))
                .get(0);
        assertThat(again.getDecisionDueBy()).isEqualTo(thursday.plus(Duration.ofDays(1)));
    }

    @Test
    void anItemIsForInformationOnlyWhileEveryAlertInItIs() {
        RiskAlert info = alert("repeat-missing", Severity.MEDIUM, TUESDAY, LAMBETH);
        info.setRouting(AlertRouting.FOR_INFORMATION);
        info.setOpenStatus(OpenStatus.CHILD_PROTECTION_PLAN);
        info.setAllocatedAuthority(LAMBETH);
        info.setHouseholdReference("01/HH-1");
        WorkItem item = fold.onAlert(state, info).get(0);
        assertThat(item)
                .extracting(
                        WorkItem::getRouting,
                        WorkItem::getOpenStatus,
                        WorkItem::getAllocatedAuthority,
                        WorkItem::getHouseholdReference)
                .containsExactly(AlertRouting.FOR_INFORMATION, OpenStatus.CHILD_PROTECTION_PLAN, LAMBETH, "01/HH-1");
        WorkItem frontDoor = fold.onAlert(state, alert("re-referral", Severity.MEDIUM, TUESDAY, LAMBETH))
                .get(0);
        assertThat(frontDoor.getRouting()).isEqualTo(AlertRouting.FRONT_DOOR);
        assertThat(frontDoor.getOpenStatus()).isNull();
        assertThat(frontDoor.getHouseholdReference()).isEqualTo("01/HH-1");
    }

    @Test
    void aWithdrawnAlertNoLongerCountsAndTheItemStaysOpenWhileAnotherAlertStands() {
        fold.onAlert(state, alert("re-referral", Severity.MEDIUM, TUESDAY, LAMBETH));
        RiskAlert high = alert("repeat-domestic-abuse", Severity.HIGH, TUESDAY, LAMBETH);
        fold.onAlert(state, high);

        List<WorkItem> changed = fold.onAlert(state, withdrawn(high, TUESDAY.plusSeconds(600)));
        assertThat(changed).hasSize(1);
        WorkItem item = changed.get(0);
        assertThat(item.getAlerts())
                .extracting(
                        WorkItemAlert::getAlertId,
                        a -> a.getWithdrawal() == null
                                ? null
                                : a.getWithdrawal().getReason())
                .containsExactly(tuple("alert-1", null), tuple("alert-2", RetractionReason.WRONG_CHILD));
        assertThat(item)
                .extracting(WorkItem::getStatus, WorkItem::getSeverity, WorkItem::getUpdatedAt, WorkItem::getClosedAt)
                .containsExactly(WorkItemStatus.OPEN, Severity.MEDIUM, TUESDAY.plusSeconds(600), null);
        assertThat(state.getOpen()).hasSize(1);

        assertThat(fold.onAlert(state, withdrawn(high, TUESDAY.plusSeconds(700))))
                .as("a repeat withdrawal changes nothing")
                .isEmpty();
        assertThat(fold.onAlert(state, high)).as("nor does the alert replayed").isEmpty();
        assertThat(state.getOpen().get(0).getAlerts().get(1).getWithdrawal().getWithdrawnAt())
                .isEqualTo(TUESDAY.plusSeconds(600));
    }

    @Test
    void anItemWhoseEveryAlertIsWithdrawnIsWithdrawnAndKeepsItsDecisions() {
        RiskAlert only = alert("neglect-signals", Severity.MEDIUM, TUESDAY, LAMBETH);
        WorkItem item = fold.onAlert(state, only).get(0);
        MashDecision ack = decision(item, LAMBETH, DecisionOutcome.ACKNOWLEDGED, TUESDAY.plusSeconds(60))
                .setReason(DecisionReason.UNKNOWN)
                .build();
        fold.onDecision(state, ack);

        List<WorkItem> changed = fold.onAlert(state, withdrawn(only, TUESDAY.plusSeconds(600)));
        assertThat(changed)
                .extracting(
                        WorkItem::getWorkItemId,
                        WorkItem::getStatus,
                        WorkItem::getSeverity,
                        WorkItem::getClosedAt,
                        WorkItem::getLastOutcome,
                        WorkItem::getLastDecisionId)
                .containsExactly(tuple(
                        item.getWorkItemId(),
                        WorkItemStatus.WITHDRAWN,
                        Severity.MEDIUM,
                        TUESDAY.plusSeconds(600),
                        DecisionOutcome.ACKNOWLEDGED,
                        ack.getDecisionId().toString()));
        assertThat(state.getOpen())
                .as("it leaves the worklist, as a closed item does")
                .isEmpty();
        assertThat(fold.onAlert(state, withdrawn(only, TUESDAY.plusSeconds(700))))
                .as("a withdrawal of an alert in no open item changes nothing")
                .isEmpty();
        assertThat(fold.onDecision(state, ack)).as("nor can it be decided on").isEmpty();

        WorkItem next = fold.onAlert(
                        state, alert("neglect-signals", Severity.MEDIUM, TUESDAY.plusSeconds(800), LAMBETH))
                .get(0);
        assertThat(next.getWorkItemId()).as("a later alert opens a new item").isNotEqualTo(item.getWorkItemId());
    }

    @Test
    void aWithdrawalOfAnAlertInAClosedItemOrOfAnotherChildsItemChangesNothing() {
        RiskAlert decided = alert("neglect-signals", Severity.MEDIUM, TUESDAY, LAMBETH);
        WorkItem item = fold.onAlert(state, decided).get(0);
        fold.onDecision(
                state,
                decision(item, LAMBETH, DecisionOutcome.EARLY_HELP, TUESDAY.plusSeconds(60))
                        .setReason(DecisionReason.EARLY_HELP_NEEDS)
                        .build());
        fold.onAlert(state, alert("re-referral", Severity.MEDIUM, TUESDAY.plusSeconds(120), LAMBETH));

        assertThat(fold.onAlert(state, withdrawn(decided, TUESDAY.plusSeconds(600))))
                .as("the alert's item was closed by its decision")
                .isEmpty();
        RiskAlert never = alert("repeat-missing", Severity.MEDIUM, TUESDAY, LAMBETH);
        assertThat(fold.onAlert(state, withdrawn(never, TUESDAY.plusSeconds(600))))
                .as("an alert no item holds")
                .isEmpty();
        assertThat(state.getOpen())
                .extracting(WorkItem::getStatus, i -> i.getAlerts().size())
                .containsExactly(tuple(WorkItemStatus.OPEN, 1));
    }

    @Test
    void aTrioReIssuedAsEmergingJoinsTheItemAndSupersedesTheWithdrawnTrio() {
        RiskAlert trio = alert("toxic-trio", Severity.HIGH, TUESDAY, LAMBETH);
        WorkItem item = fold.onAlert(state, trio).get(0);
        fold.onDecision(
                state,
                decision(item, LAMBETH, DecisionOutcome.ACKNOWLEDGED, TUESDAY.plusSeconds(60))
                        .setReason(DecisionReason.UNKNOWN)
                        .build());
        Instant thursday = TUESDAY.plus(Duration.ofDays(2));
        RiskAlert emerging = reissued(trio, "toxic-trio-emerging", Severity.MEDIUM, thursday);

        // the re-issue first: the item never has nothing current in it
        WorkItem joined = fold.onAlert(state, emerging).get(0);
        assertThat(joined.getAlerts())
                .extracting(WorkItemAlert::getAlertId, WorkItemAlert::getSupersededBy)
                .containsExactly(tuple("alert-1", "alert-2"), tuple("alert-2", null));
        assertThat(joined.getSeverity()).isEqualTo(Severity.MEDIUM);
        assertThat(joined.getDecisionDueBy())
                .as("a re-issue is no new evidence: the acknowledged item is not due again")
                .isEqualTo(TUESDAY.plus(Duration.ofDays(1)));

        WorkItem after = fold.onAlert(state, withdrawn(trio, thursday)).get(0);
        assertThat(after.getAlerts())
                .extracting(WorkItemAlert::getAlertId, WorkItemAlert::getSupersededBy, a -> a.getWithdrawal() != null)
                .containsExactly(tuple("alert-1", "alert-2", true), tuple("alert-2", null, false));
        assertThat(after)
                .extracting(WorkItem::getWorkItemId, WorkItem::getStatus, WorkItem::getSeverity)
                .containsExactly(item.getWorkItemId(), WorkItemStatus.OPEN, Severity.MEDIUM);
    }

    @Test
    void aReIssueAfterTheWithdrawalJoinsTheItemWhereAnotherAlertKeptItOpen() {
        RiskAlert trio = alert("toxic-trio", Severity.HIGH, TUESDAY, LAMBETH);
        fold.onAlert(state, trio);
        fold.onAlert(state, alert("re-referral", Severity.LOW, TUESDAY.plusSeconds(60), LAMBETH));
        assertThat(fold.onAlert(state, withdrawn(trio, TUESDAY.plusSeconds(600))))
                .extracting(WorkItem::getStatus, WorkItem::getSeverity)
                .containsExactly(tuple(WorkItemStatus.OPEN, Severity.LOW));

        WorkItem item = fold.onAlert(
                        state, reissued(trio, "toxic-trio-emerging", Severity.MEDIUM, TUESDAY.plusSeconds(600)))
                .get(0);
        assertThat(item.getAlerts())
                .extracting(
                        WorkItemAlert::getAlertId,
                        WorkItemAlert::getRuleId,
                        WorkItemAlert::getSupersededBy,
                        a -> a.getWithdrawal() != null)
                .containsExactly(
                        tuple("alert-1", "toxic-trio", "alert-3", true),
                        tuple("alert-2", "re-referral", null, false),
                        tuple("alert-3", "toxic-trio-emerging", null, false));
        assertThat(item.getSeverity()).isEqualTo(Severity.MEDIUM);
        assertThat(state.getOpen()).hasSize(1);
    }

    @Test
    void aWithdrawalReachesTheItemOfEveryAuthorityTheAlertWasRoutedTo() {
        RiskAlert notice = alert("out-of-area-missing", Severity.MEDIUM, TUESDAY, KENT, LIVERPOOL);
        fold.onAlert(state, notice);
        fold.onAlert(state, alert("repeat-missing", Severity.MEDIUM, TUESDAY.plusSeconds(60), KENT));

        assertThat(fold.onAlert(state, withdrawn(notice, TUESDAY.plusSeconds(600))))
                .extracting(WorkItem::getLocalAuthority, WorkItem::getStatus)
                .containsExactly(tuple(LIVERPOOL, WorkItemStatus.WITHDRAWN), tuple(KENT, WorkItemStatus.OPEN));
        assertThat(state.getOpen()).extracting(WorkItem::getLocalAuthority).containsExactly(KENT);
    }
}
