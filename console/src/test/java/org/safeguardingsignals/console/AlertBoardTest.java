package org.safeguardingsignals.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.console.AlertBoard.Entry;
import org.safeguardingsignals.console.AlertBoard.Status;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.AlertStatus;
import org.safeguardingsignals.events.AlertWindow;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.RetractionReason;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.events.Withdrawal;

/** Who sees which alert on the board, with which filters and in what order, and where each alert stands. */
class AlertBoardTest {
    static final String LAMBETH = "E09000022";
    static final String KENT = "E10000016";
    static final String MEDWAY = "E06000035";
    static final Instant T0 = Instant.parse("2026-11-10T09:00:00Z");
    static final Worker LAMBETH_WORKER = new Worker("amara", Set.of(LAMBETH), Worker.Role.WORKER);
    static final Worker KENT_WORKER = new Worker("kofi", Set.of(KENT), Worker.Role.WORKER);
    static final Worker BOTH = new Worker("bea", Set.of(LAMBETH, KENT), Worker.Role.READ_ONLY);

    private final AlertBoard board = new AlertBoard();

    static RiskAlert alert(String id, Severity severity, int minute, String... routedTo) {
        return RiskAlert.newBuilder()
                .setAlertId(id)
                .setRuleId("repeat-missing")
                .setRuleVersion(1)
                .setSeverity(severity)
                .setChildPseudonym("0123456789abcdef0123456789abcdef")
                .setLocalAuthority(routedTo[0])
                .setEvidence(List.of())
                .setWindow(new AlertWindow(T0.minusSeconds(3600), T0))
                .setRaisedAt(T0.plusSeconds(60L * minute))
                .setRoutedTo(List.of(routedTo))
                .build();
    }

    static MashDecision decision(String alertId, DecisionOutcome outcome) {
        return decision(UUID.randomUUID(), alertId, outcome);
    }

    static MashDecision decision(UUID id, String alertId, DecisionOutcome outcome) {
        return MashDecision.newBuilder()
                .setDecisionId(id)
                .setAlertId(alertId)
                .setChildPseudonym("0123456789abcdef0123456789abcdef")
                .setLocalAuthority(LAMBETH)
                .setOutcome(outcome)
                .setWorkerId("amara")
                .setDecidedAt(T0)
                .build();
    }

    @Test
    void anAlertIsTakenByWhoeverAcknowledgedItLastWhileItStaysAcknowledged() {
        board.addAlert(alert("a1", Severity.HIGH, 1, LAMBETH));
        assertThat(board.get("a1").orElseThrow().assignedTo()).isEmpty();

        MashDecision byKofi = decision("a1", DecisionOutcome.ACKNOWLEDGED);
        byKofi.setWorkerId("kofi");
        board.addDecision(byKofi);
        assertThat(board.get("a1").orElseThrow().assignedTo()).contains("kofi");
        board.addDecision(decision("a1", DecisionOutcome.ACKNOWLEDGED)); // amara takes it over
        assertThat(board.get("a1").orElseThrow().assignedTo()).contains("amara");

        board.addDecision(decision("a1", DecisionOutcome.STRATEGY_DISCUSSION));
        assertThat(board.get("a1").orElseThrow().assignedTo())
                .as("decided: nobody's")
                .isEmpty();
    }

    @Test
    void anOpenAlertIsDueByItsBoardsTimescaleAndOverdueOnlyWhileOpen() {
        // a partnership closed on Wednesday 11 November 2026: an alert of Tuesday is due on Thursday
        AlertBoard closedWednesday = new AlertBoard(new DecisionTimescale(Set.of(LocalDate.parse("2026-11-11"))));
        RiskAlert raised = alert("a1", Severity.HIGH, 0, LAMBETH); // 2026-11-10T09:00Z, a Tuesday
        closedWednesday.addAlert(raised);
        Entry entry = closedWednesday.get("a1").orElseThrow();
        assertThat(entry.dueBy()).isEqualTo(Instant.parse("2026-11-12T09:00:00Z"));
        assertThat(entry.overdue(Instant.parse("2026-11-12T08:59:00Z"))).isFalse();
        assertThat(entry.overdue(Instant.parse("2026-11-12T09:01:00Z"))).isTrue();

        closedWednesday.addDecision(decision("a1", DecisionOutcome.STRATEGY_DISCUSSION));
        assertThat(closedWednesday.get("a1").orElseThrow().overdue(Instant.parse("2026-11-12T09:01:00Z")))
                .as("decided: never overdue")
                .isFalse();
    }

    @Test
    void aChildIsKnownToAWorkerOnlyThroughAnAlertRoutedToOneOfTheirAuthorities() {
        RiskAlert kentOnly = alert("k1", Severity.HIGH, 1, KENT);
        board.addAlert(kentOnly);
        String child = kentOnly.getChildPseudonym();

        assertThat(board.knows(KENT_WORKER, child)).isTrue();
        assertThat(board.knows(LAMBETH_WORKER, child)).isFalse();
        assertThat(board.knows(KENT_WORKER, "0000000000000000ffffffffffffffff")).isFalse();
    }

    static List<String> ids(List<Entry> entries) {
        return entries.stream().map(e -> e.alert().getAlertId()).toList();
    }

    @Test
    void aWorkerSeesOnlyAlertsRoutedToOneOfTheirAuthoritiesNewestFirst() {
        board.addAlert(alert("lambeth-old", Severity.LOW, 1, LAMBETH));
        board.addAlert(alert("kent", Severity.HIGH, 2, KENT));
        board.addAlert(alert("placed-in-kent", Severity.MEDIUM, 3, LAMBETH, KENT));
        board.addAlert(alert("medway", Severity.HIGH, 4, MEDWAY));
        board.addAlert(alert("lambeth-new", Severity.HIGH, 5, LAMBETH));

        assertThat(ids(board.list(LAMBETH_WORKER, Optional.empty(), Set.of(), false)))
                .containsExactly("lambeth-new", "placed-in-kent", "lambeth-old");
        assertThat(ids(board.list(KENT_WORKER, Optional.empty(), Set.of(), false)))
                .containsExactly("placed-in-kent", "kent");
        assertThat(ids(board.list(BOTH, Optional.empty(), Set.of(), false)))
                .containsExactly("lambeth-new", "placed-in-kent", "kent", "lambeth-old");
        assertThat(board.get("medway").orElseThrow().visibleTo(BOTH)).isFalse();
        assertThat(board.get("placed-in-kent").orElseThrow().visibleTo(KENT_WORKER))
                .isTrue();
        assertThat(board.get("kent").orElseThrow().visibleTo(LAMBETH_WORKER)).isFalse();
        assertThat(board.get("no-such-alert")).isEmpty();
    }

    @Test
    void theAuthorityAndSeverityFiltersKeepOnlyWhatTheyName() {
        board.addAlert(alert("lambeth-low", Severity.LOW, 1, LAMBETH));
        board.addAlert(alert("kent-high", Severity.HIGH, 2, KENT));
        board.addAlert(alert("lambeth-medium", Severity.MEDIUM, 3, LAMBETH));
        board.addAlert(alert("lambeth-high", Severity.HIGH, 4, LAMBETH));

        assertThat(ids(board.list(BOTH, Optional.of(KENT), Set.of(), false))).containsExactly("kent-high");
        assertThat(ids(board.list(BOTH, Optional.empty(), Set.of("HIGH"), false)))
                .containsExactly("lambeth-high", "kent-high");
        assertThat(ids(board.list(BOTH, Optional.of(LAMBETH), Set.of("LOW", "MEDIUM"), false)))
                .containsExactly("lambeth-medium", "lambeth-low");
        assertThat(board.list(BOTH, Optional.of(MEDWAY), Set.of(), false)).isEmpty();
    }

    @Test
    void anAlertIsNewUntilDecidedAcknowledgedWhileTheLatestDecisionSaysSoAndClosedByAnyOther() {
        board.addAlert(alert("a", Severity.HIGH, 1, LAMBETH));
        assertThat(board.get("a").orElseThrow().status()).isEqualTo(Status.NEW);

        board.addDecision(decision("a", DecisionOutcome.ACKNOWLEDGED));
        assertThat(board.get("a").orElseThrow().status()).isEqualTo(Status.ACKNOWLEDGED);
        assertThat(ids(board.list(LAMBETH_WORKER, Optional.empty(), Set.of(), true)))
                .as("acknowledged is still open")
                .containsExactly("a");

        board.addDecision(decision("a", DecisionOutcome.STRATEGY_DISCUSSION));
        assertThat(board.get("a").orElseThrow().status()).isEqualTo(Status.CLOSED);
        assertThat(board.list(LAMBETH_WORKER, Optional.empty(), Set.of(), true)).isEmpty();
        assertThat(ids(board.list(LAMBETH_WORKER, Optional.empty(), Set.of(), false)))
                .containsExactly("a");

        board.addDecision(decision("a", DecisionOutcome.ACKNOWLEDGED));
        assertThat(board.get("a").orElseThrow().status())
                .as("the latest decision counts")
                .isEqualTo(Status.ACKNOWLEDGED);
        for (DecisionOutcome closing :
                List.of(DecisionOutcome.NO_FURTHER_ACTION, DecisionOutcome.REFERRED_TO_CHILDRENS_SOCIAL_CARE)) {
            board.addDecision(decision("a", closing));
            assertThat(board.get("a").orElseThrow().status()).as("%s", closing).isEqualTo(Status.CLOSED);
        }
        assertThat(Status.NEW.open()).isTrue();
        assertThat(Status.ACKNOWLEDGED.open()).isTrue();
        assertThat(Status.CLOSED.open()).isFalse();
    }

    @Test
    void aDecisionIsKeptOnceByItsIdAndOneThatComesBeforeItsAlertWaitsForIt() {
        UUID id = UUID.randomUUID();
        board.addDecision(decision(id, "late-alert", DecisionOutcome.NO_FURTHER_ACTION));
        board.addDecision(decision(id, "late-alert", DecisionOutcome.NO_FURTHER_ACTION)); // the feeder and the server
        board.addAlert(alert("late-alert", Severity.LOW, 1, LAMBETH));

        Entry entry = board.get("late-alert").orElseThrow();
        assertThat(entry.decisions()).extracting(MashDecision::getDecisionId).containsExactly(id);
        assertThat(entry.status()).isEqualTo(Status.CLOSED);
    }

    @Test
    void listenersHearEveryNewAlertAndEveryDecisionOnAKnownAlertUntilTheyUnsubscribe() {
        List<String> heard = new ArrayList<>();
        Consumer<Entry> listener = e -> heard.add(e.alert().getAlertId() + ":" + e.status());
        board.subscribe(listener);

        board.addDecision(decision("unknown", DecisionOutcome.ACKNOWLEDGED)); // no alert yet: nothing to show
        board.addAlert(alert("a", Severity.HIGH, 1, LAMBETH));
        board.addDecision(decision("a", DecisionOutcome.ACKNOWLEDGED));
        board.unsubscribe(listener);
        board.addAlert(alert("b", Severity.HIGH, 2, LAMBETH));

        assertThat(heard).containsExactly("a:NEW", "a:ACKNOWLEDGED");
    }

    @Test
    void anEntrysDecisionsAreACopyInTheirOrder() {
        board.addAlert(alert("a", Severity.HIGH, 1, LAMBETH));
        board.addDecision(decision("a", DecisionOutcome.ACKNOWLEDGED));
        Entry before = board.get("a").orElseThrow();
        board.addDecision(decision("a", DecisionOutcome.NO_FURTHER_ACTION));

        assertThat(before.decisions())
                .extracting(MashDecision::getOutcome)
                .containsExactly(DecisionOutcome.ACKNOWLEDGED);
        assertThat(board.get("a").orElseThrow().decisions())
                .extracting(MashDecision::getOutcome)
                .containsExactly(DecisionOutcome.ACKNOWLEDGED, DecisionOutcome.NO_FURTHER_ACTION);
    }

    static RiskAlert withdrawn(RiskAlert alert) {
        Evidence removed = Evidence.newBuilder()
                .setAgency(Agency.POLICE)
                .setSourceEventId("e1")
                .setSourceReference("INC-1")
                .setCategory(IndicatorCategory.DOMESTIC_ABUSE)
                .setOccurredAt(T0.minusSeconds(86_400))
                .build();
        return RiskAlert.newBuilder(alert)
                .setStatus(AlertStatus.WITHDRAWN)
                .setWithdrawal(Withdrawal.newBuilder()
                        .setRetractionEventId("r1")
                        .setRetractedEventId("e1")
                        .setAgency(Agency.POLICE)
                        .setOrganisationCode("01")
                        .setReason(RetractionReason.WRONG_CHILD)
                        .setAgencyReference("CORR-1")
                        .setRemovedEvidence(List.of(removed))
                        .setRetractedAt(T0.plusSeconds(3_600))
                        .setWithdrawnAt(T0.plusSeconds(3_660))
                        .build())
                .build();
    }

    @Test
    void aWithdrawalMarksTheAlertUnderItsIdKeepsItsDecisionsAndTakesItOffTheOpenList() {
        List<String> heard = new ArrayList<>();
        board.subscribe(e -> heard.add(e.alert().getAlertId() + ":" + e.status() + ":" + e.reissuedAs()));
        RiskAlert trio = alert("trio", Severity.HIGH, 1, LAMBETH);
        board.addAlert(trio);
        board.addDecision(decision("trio", DecisionOutcome.ACKNOWLEDGED));
        board.addAlert(withdrawn(trio));
        RiskAlert emerging = alert("emerging", Severity.MEDIUM, 2, LAMBETH);
        emerging.setSupersedes("trio");
        board.addAlert(emerging);
        board.addAlert(trio); // a stale copy of the record before the withdrawal: the withdrawal stands

        assertThat(ids(board.list(LAMBETH_WORKER, Optional.empty(), Set.of(), false)))
                .as("one entry per alertId")
                .containsExactly("emerging", "trio");
        assertThat(ids(board.list(LAMBETH_WORKER, Optional.empty(), Set.of(), true)))
                .containsExactly("emerging");
        Entry entry = board.get("trio").orElseThrow();
        assertThat(entry.status()).isEqualTo(Status.WITHDRAWN);
        assertThat(entry.assignedTo()).isEmpty();
        assertThat(entry.overdue(T0.plusSeconds(30L * 86_400))).isFalse();
        assertThat(entry.decisions())
                .extracting(MashDecision::getOutcome)
                .containsExactly(DecisionOutcome.ACKNOWLEDGED);
        assertThat(entry.reissuedAs()).isEqualTo("emerging");
        assertThat(heard)
                .containsExactly(
                        "trio:NEW:null",
                        "trio:ACKNOWLEDGED:null",
                        "trio:WITHDRAWN:null",
                        "emerging:NEW:null",
                        "trio:WITHDRAWN:emerging");

        AlertView view = AlertView.of(entry, T0);
        assertThat(view.status()).isEqualTo("WITHDRAWN");
        assertThat(view.reissuedAs()).isEqualTo("emerging");
        assertThat(view.supersedes()).isNull();
        assertThat(view.decisions()).extracting(AlertView.DecisionLine::outcome).containsExactly("ACKNOWLEDGED");
        assertThat(view.withdrawal().reason()).isEqualTo("WRONG_CHILD");
        assertThat(view.withdrawal().agency()).isEqualTo("POLICE");
        assertThat(view.withdrawal().organisationCode()).isEqualTo("01");
        assertThat(view.withdrawal().agencyReference()).isEqualTo("CORR-1");
        assertThat(view.withdrawal().withdrawnAt())
                .isEqualTo(T0.plusSeconds(3_660).toString());
        assertThat(view.withdrawal().removedEvidence())
                .extracting(AlertView.EvidenceLine::sourceReference)
                .containsExactly("INC-1");
        AlertView reissued = AlertView.of(board.get("emerging").orElseThrow(), T0);
        assertThat(reissued.supersedes()).isEqualTo("trio");
        assertThat(reissued.withdrawal()).isNull();
        assertThat(reissued.status()).isEqualTo("NEW");
    }
}
