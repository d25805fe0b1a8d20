package org.safeguardingsignals.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.decisions.Worklist;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.AlertRouting;
import org.safeguardingsignals.events.AlertWindow;
import org.safeguardingsignals.events.ConsentBasis;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.DecisionReason;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.OpenStatus;
import org.safeguardingsignals.events.RetractionReason;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.events.Withdrawal;
import org.safeguardingsignals.events.WorkItem;
import org.safeguardingsignals.events.WorkItemAlert;
import org.safeguardingsignals.events.WorkItemStatus;
import org.safeguardingsignals.testing.TestWorkItems;

/** The console's copy of the work items and their decisions, and how an item is shown. */
class WorkItemBoardTest {
    static final Instant NOW = Instant.parse("2026-11-03T10:00:00Z");
    static final String LAMBETH = "E09000022";
    static final String KENT = "E10000016";
    static final String SOUTHWARK = "E09000028";
    static final Worker AMARA = new Worker("amara", Set.of(LAMBETH, KENT), Worker.Role.WORKER);

    final WorkItemBoard board = new WorkItemBoard();

    static WorkItem item(String id, String authority, String household, Severity severity, int dueInHours) {
        return TestWorkItems.item(id, authority, household, severity, NOW, dueInHours, WorkItemStatus.OPEN);
    }

    static WorkItem changed(WorkItem item, WorkItemStatus status, int minutesLater) {
        return WorkItem.newBuilder(item)
                .setStatus(status)
                .setUpdatedAt(item.getUpdatedAt().plus(Duration.ofMinutes(minutesLater)))
                .build();
    }

    static MashDecision decision(String id, String workItemId, int minutesAfter) {
        return MashDecision.newBuilder()
                .setDecisionId(UUID.nameUUIDFromBytes(id.getBytes()))
                .setAlertId("alert-" + workItemId)
                .setChildPseudonym("child-" + workItemId)
                .setLocalAuthority(LAMBETH)
                .setOutcome(DecisionOutcome.NO_FURTHER_ACTION)
                .setReason(DecisionReason.NEEDS_MET_BY_UNIVERSAL_SERVICES)
                .setConsentBasis(ConsentBasis.CONSENT_GIVEN)
                .setWorkerId("amara")
                .setDecidedAt(NOW.plus(Duration.ofMinutes(minutesAfter)))
                .setWorkItemId(workItemId)
                .build();
    }

    static Evidence evidence(String eventId, IndicatorCategory category, int day) {
        return Evidence.newBuilder()
                .setAgency(Agency.POLICE)
                .setSourceEventId(eventId)
                .setSourceReference("INC-" + eventId)
                .setCategory(category)
                .setOccurredAt(NOW.minus(Duration.ofDays(30 - day)))
                .build();
    }

    static WorkItemAlert alert(String id, String rule, String supersededBy, Evidence... evidence) {
        return WorkItemAlert.newBuilder()
                .setAlertId(id)
                .setRuleId(rule)
                .setRuleVersion(2)
                .setSeverity(Severity.MEDIUM)
                .setRaisedAt(NOW)
                .setWindow(new AlertWindow(NOW.minus(Duration.ofDays(365)), NOW))
                .setEvidence(List.of(evidence))
                .setRoutedTo(List.of(LAMBETH))
                .setSupersededBy(supersededBy)
                .build();
    }

    @Test
    void theLatestRecordOfAnItemIsKeptAndAnOlderOneIgnored() {
        WorkItem open = item("a", LAMBETH, null, Severity.MEDIUM, 5);
        WorkItem awaiting = changed(open, WorkItemStatus.AWAITING_SIGN_OFF, 10);
        List<WorkItem> told = new ArrayList<>();
        board.subscribe(told::add);

        board.add(open);
        board.add(awaiting);
        board.add(open); // a replay of the older record
        board.add(WorkItem.newBuilder(awaiting).build()); // the same moment again: kept, and told

        assertThat(board.get(AMARA, "a")).contains(awaiting);
        assertThat(told)
                .extracting(WorkItem::getStatus)
                .containsExactly(
                        WorkItemStatus.OPEN, WorkItemStatus.AWAITING_SIGN_OFF, WorkItemStatus.AWAITING_SIGN_OFF);
    }

    @Test
    void aWorkerGetsOnlyTheItemsOfTheirAuthorities() {
        board.add(item("a", LAMBETH, null, Severity.MEDIUM, 5));
        board.add(item("s", SOUTHWARK, null, Severity.HIGH, 1));

        assertThat(board.get(AMARA, "a")).isPresent();
        assertThat(board.get(AMARA, "s")).isEmpty();
        assertThat(board.get(AMARA, "nothing")).isEmpty();
        assertThat(board.worklist(AMARA, Optional.empty()))
                .flatExtracting(Worklist.Entry::items)
                .extracting(WorkItem::getWorkItemId)
                .containsExactly("a");
    }

    @Test
    void theWorklistJoinsTheWorkersAuthoritiesSoonestDueThenHighestSeverityOrOneAuthorityWhenAsked() {
        board.add(item("lambeth-later", LAMBETH, null, Severity.HIGH, 20));
        board.add(item("kent-soon", KENT, null, Severity.LOW, 2));
        board.add(item("lambeth-soon-high", LAMBETH, null, Severity.HIGH, 2));
        board.add(item("sibling-1", KENT, "01/HH", Severity.MEDIUM, 8));
        board.add(item("sibling-2", KENT, "01/HH", Severity.HIGH, 9));
        board.add(changed(item("closed", LAMBETH, null, Severity.HIGH, 1), WorkItemStatus.CLOSED, 5));

        assertThat(board.worklist(AMARA, Optional.empty()))
                .extracting(e -> e.items().stream().map(WorkItem::getWorkItemId).toList())
                .containsExactly(
                        List.of("lambeth-soon-high"),
                        List.of("kent-soon"),
                        List.of("sibling-1", "sibling-2"),
                        List.of("lambeth-later"));
        assertThat(board.worklist(AMARA, Optional.of(KENT)))
                .extracting(e -> e.items().get(0).getWorkItemId())
                .containsExactly("kent-soon", "sibling-1");
    }

    @Test
    void closedItemsAreListedNewestFirstUpToTheLimitForTheWorkersAuthorities() {
        for (int i = 0; i < 4; i++) {
            board.add(changed(item("closed-" + i, LAMBETH, null, Severity.LOW, 1), WorkItemStatus.CLOSED, i));
        }
        board.add(changed(item("kent-closed", KENT, null, Severity.LOW, 1), WorkItemStatus.CLOSED, 10));
        board.add(changed(item("elsewhere", SOUTHWARK, null, Severity.LOW, 1), WorkItemStatus.CLOSED, 20));
        board.add(item("open", LAMBETH, null, Severity.LOW, 1));

        assertThat(board.closed(AMARA, Optional.empty(), 3))
                .extracting(WorkItem::getWorkItemId)
                .containsExactly("kent-closed", "closed-3", "closed-2");
        assertThat(board.closed(AMARA, Optional.of(LAMBETH), 10))
                .extracting(WorkItem::getWorkItemId)
                .containsExactly("closed-3", "closed-2", "closed-1", "closed-0");
    }

    @Test
    void aSignOffReplacesItsDecisionAndAnItemsDecisionsComeOldestFirst() {
        MashDecision second = decision("d2", "a", 30);
        MashDecision first = decision("d1", "a", 10);
        MashDecision onAnAlert = MashDecision.newBuilder(decision("d3", "a", 5))
                .setWorkItemId(null)
                .build();
        board.addDecision(second);
        board.addDecision(first);
        board.addDecision(onAnAlert);
        board.addDecision(decision("other", "b", 1));
        MashDecision signed = MashDecision.newBuilder(first)
                .setSignedOffBy("mo")
                .setSignedOffAt(NOW.plus(Duration.ofHours(1)))
                .build();
        board.addDecision(signed);

        assertThat(board.decisionsOn("a")).containsExactly(signed, second);
        assertThat(board.decision(first.getDecisionId().toString())).contains(signed);
        assertThat(board.decision(null)).isEmpty();
        assertThat(board.decision("unknown")).isEmpty();
    }

    @Test
    void anItemShowsEachPieceOfEvidenceOnceOldestFirstWithTheRulesThatCiteIt() {
        Evidence incident = evidence("e1", IndicatorCategory.DOMESTIC_ABUSE, 1);
        Evidence crisis = evidence("e2", IndicatorCategory.PARENTAL_MENTAL_HEALTH, 5);
        Evidence drugs = evidence("e3", IndicatorCategory.PARENTAL_DRUG_MISUSE, 3);
        // the same event under another category is another piece
        Evidence sameEventOtherCategory = evidence("e1", IndicatorCategory.OTHER, 1);
        WorkItem trio = WorkItem.newBuilder(item("a", LAMBETH, "01/HH", Severity.HIGH, -1))
                .setAlerts(List.of(
                        alert("emerging", "toxic-trio-emerging", "full", crisis, incident),
                        alert("full", "toxic-trio", null, incident, crisis, drugs),
                        alert("again", "toxic-trio", null, incident, sameEventOtherCategory)))
                .setRouting(AlertRouting.FOR_INFORMATION)
                .setOpenStatus(OpenStatus.CHILD_PROTECTION_PLAN)
                .setAllocatedAuthority(KENT)
                .setLastOutcome(DecisionOutcome.ACKNOWLEDGED)
                .build();

        WorkItemView view = WorkItemView.of(trio, List.of(decision("d", "a", 1)), NOW);

        assertThat(view.timeline())
                .extracting(
                        t -> t.evidence().sourceEventId() + " " + t.evidence().category(),
                        WorkItemView.TimelineLine::rules)
                .containsExactly(
                        tuple("e1 DOMESTIC_ABUSE", List.of("toxic-trio-emerging", "toxic-trio")),
                        tuple("e1 OTHER", List.of("toxic-trio")),
                        tuple("e3 PARENTAL_DRUG_MISUSE", List.of("toxic-trio")),
                        tuple("e2 PARENTAL_MENTAL_HEALTH", List.of("toxic-trio-emerging", "toxic-trio")));
        assertThat(view.alerts())
                .extracting(WorkItemView.AlertLine::alertId, WorkItemView.AlertLine::supersededBy)
                .containsExactly(tuple("emerging", "full"), tuple("full", null), tuple("again", null));
        assertThat(view.alerts().get(0).windowStart())
                .isEqualTo(NOW.minus(Duration.ofDays(365)).toString());
        assertThat(view.routing()).isEqualTo("FOR_INFORMATION");
        assertThat(view.openStatus()).isEqualTo("CHILD_PROTECTION_PLAN");
        assertThat(view.allocatedAuthority()).isEqualTo(KENT);
        assertThat(view.householdReference()).isEqualTo("01/HH");
        assertThat(view.lastOutcome()).isEqualTo("ACKNOWLEDGED");
        assertThat(view.closedAt()).isNull();
        assertThat(view.decisions())
                .extracting(AlertView.DecisionLine::workItemId)
                .containsExactly("a");
        assertThat(view.overdue()).isTrue();
    }

    @Test
    void anOpenItemIsOverdueOnlyPastItsDueTimeAndAClosedOneNever() {
        WorkItem open = item("a", LAMBETH, null, Severity.LOW, 2);
        Instant due = open.getDecisionDueBy();
        assertThat(WorkItemView.of(open, List.of(), due).overdue()).isFalse();
        assertThat(WorkItemView.of(open, List.of(), due.plusMillis(1)).overdue())
                .isTrue();
        WorkItem closed = WorkItem.newBuilder(changed(open, WorkItemStatus.CLOSED, 1))
                .setClosedAt(NOW)
                .setLastOutcome(DecisionOutcome.EARLY_HELP)
                .build();
        WorkItemView view = WorkItemView.of(closed, List.of(), due.plusSeconds(60));
        assertThat(view.overdue()).isFalse();
        assertThat(view.closedAt()).isEqualTo(NOW.toString());
        assertThat(view.openStatus()).isNull();
        assertThat(view.lastOutcome()).isEqualTo("EARLY_HELP");
        assertThat(WorkItemView.of(open, List.of(), NOW).lastOutcome()).isNull();
    }

    @Test
    void aWithdrawnItemLeavesTheWorklistForTheClosedListAndAWithdrawnAlertIsMarkedAndRanksNothing() {
        Evidence incident = evidence("e1", IndicatorCategory.DOMESTIC_ABUSE, 1);
        Evidence crisis = evidence("e2", IndicatorCategory.PARENTAL_MENTAL_HEALTH, 5);
        Evidence drugs = evidence("e3", IndicatorCategory.PARENTAL_DRUG_MISUSE, 3);
        WorkItemAlert trio = WorkItemAlert.newBuilder(alert("trio", "toxic-trio", null, incident, crisis, drugs))
                .setSeverity(Severity.HIGH)
                .setWithdrawal(Withdrawal.newBuilder()
                        .setRetractionEventId("r3")
                        .setRetractedEventId("e3")
                        .setAgency(Agency.HEALTH)
                        .setOrganisationCode("RJ1")
                        .setReason(RetractionReason.RECORDED_IN_ERROR)
                        .setAgencyReference("CORR-3")
                        .setRemovedEvidence(List.of(drugs))
                        .setRetractedAt(NOW)
                        .setWithdrawnAt(NOW)
                        .build())
                .build();
        WorkItem reissued = WorkItem.newBuilder(item("reissued", LAMBETH, null, Severity.HIGH, 5))
                .setAlerts(List.of(trio, alert("emerging", "toxic-trio-emerging", null, incident, crisis)))
                .build();
        WorkItem gone = WorkItem.newBuilder(
                        changed(item("gone", LAMBETH, null, Severity.HIGH, 1), WorkItemStatus.WITHDRAWN, 3))
                .setAlerts(List.of(trio))
                .build();
        board.add(reissued);
        board.add(gone);

        assertThat(board.worklist(AMARA, Optional.empty()))
                .flatExtracting(Worklist.Entry::items)
                .extracting(WorkItem::getWorkItemId)
                .containsExactly("reissued");
        assertThat(board.closed(AMARA, Optional.empty(), 20))
                .extracting(WorkItem::getWorkItemId)
                .containsExactly("gone");

        WorkItemView view = WorkItemView.of(reissued, List.of(), NOW);
        assertThat(view.severity()).as("the withdrawn HIGH no longer counts").isEqualTo("MEDIUM");
        assertThat(view.alerts())
                .extracting(a -> a.alertId() + ":"
                        + (a.withdrawal() == null ? null : a.withdrawal().reason()))
                .containsExactly("trio:RECORDED_IN_ERROR", "emerging:null");
        assertThat(view.timeline())
                .extracting(
                        t -> t.evidence().sourceEventId(),
                        WorkItemView.TimelineLine::rules,
                        WorkItemView.TimelineLine::retracted)
                .containsExactly(
                        tuple("e1", List.of("toxic-trio-emerging"), null),
                        tuple("e3", List.of(), "RECORDED_IN_ERROR"),
                        tuple("e2", List.of("toxic-trio-emerging"), null));
        WorkItemView withdrawn = WorkItemView.of(gone, List.of(), NOW.plus(Duration.ofDays(3)));
        assertThat(withdrawn.status()).isEqualTo("WITHDRAWN");
        assertThat(withdrawn.overdue()).isFalse();
        assertThat(withdrawn.severity()).as("no alert stands: the item's own").isEqualTo("HIGH");
    }
}
