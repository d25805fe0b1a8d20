package org.safeguardingsignals.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;

/** The alert list's filters and orders, on a board held here. */
class AlertQueryTest {
    static final String LA = "E09000022";
    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z"); // a Wednesday
    final Worker amara = new Worker("amara", Set.of(LA), Worker.Role.WORKER);
    final AlertBoard board = new AlertBoard();

    @Test
    void filtersByRuleSeverityStatusWhoseAndAge() {
        alert("fresh", "toxic-trio", Severity.HIGH, Duration.ofHours(2));
        alert("old", "repeat-missing", Severity.MEDIUM, Duration.ofHours(30));
        alert("taken", "repeat-missing", Severity.LOW, Duration.ofHours(5));
        alert("takenByKofi", "toxic-trio-emerging", Severity.MEDIUM, Duration.ofHours(6));
        alert("closed", "toxic-trio", Severity.HIGH, Duration.ofDays(3));
        decide("taken", "amara", DecisionOutcome.ACKNOWLEDGED);
        decide("takenByKofi", "kofi", DecisionOutcome.ACKNOWLEDGED);
        decide("closed", "amara", DecisionOutcome.NO_FURTHER_ACTION);

        assertThat(ids(Map.of())).containsExactly("fresh", "taken", "takenByKofi", "old");
        assertThat(ids(Map.of("rule", "repeat-missing"))).containsExactly("taken", "old");
        assertThat(ids(Map.of("severity", "high,medium"))).containsExactly("fresh", "takenByKofi", "old");
        assertThat(ids(Map.of("status", "all"))).hasSize(5);
        assertThat(ids(Map.of("status", "closed"))).containsExactly("closed");

        assertThat(ids(Map.of("assigned", "me"))).containsExactly("taken");
        assertThat(ids(Map.of("assigned", "nobody"))).containsExactly("fresh", "old");
        assertThat(ids(Map.of("olderThan", "PT6H"))).containsExactly("takenByKofi", "old");
        assertThat(ids(Map.of("overdue", "true")))
                .as("open and past one working day")
                .containsExactly("old");
    }

    @Test
    void sortsNewestOldestBySeverityOrByWhenDue() {
        alert("low", "repeat-missing", Severity.LOW, Duration.ofHours(1));
        alert("high", "toxic-trio", Severity.HIGH, Duration.ofHours(3));
        alert("medium", "repeat-missing", Severity.MEDIUM, Duration.ofHours(2));
        assertThat(ids(Map.of("sort", "oldest"))).containsExactly("high", "medium", "low");
        assertThat(ids(Map.of("sort", "severity"))).containsExactly("high", "medium", "low");
        assertThat(ids(Map.of("sort", "due"))).containsExactly("high", "medium", "low");
        assertThat(ids(Map.of())).containsExactly("low", "medium", "high");
    }

    @Test
    void aWithdrawnAlertIsOnlyInTheWithdrawnAndAllListsNeverOverdueNorAnyonesAndKeepsItsDecision() {
        alert("old", "toxic-trio", Severity.HIGH, Duration.ofHours(30));
        alert("fresh", "toxic-trio-emerging", Severity.MEDIUM, Duration.ofHours(2));
        decide("old", "amara", DecisionOutcome.ACKNOWLEDGED);
        board.addAlert(AlertBoardTest.withdrawn(board.get("old").orElseThrow().alert()));

        assertThat(ids(Map.of())).containsExactly("fresh");
        assertThat(ids(Map.of("status", "withdrawn"))).containsExactly("old");
        assertThat(ids(Map.of("status", "acknowledged"))).isEmpty();
        assertThat(ids(Map.of("status", "all"))).containsExactly("fresh", "old");
        assertThat(ids(Map.of("status", "all", "overdue", "true"))).isEmpty();
        assertThat(ids(Map.of("status", "all", "assigned", "me"))).isEmpty();
        assertThat(board.get("old").orElseThrow().decisions()).hasSize(1);
    }

    @Test
    void anUnknownValueIsRefusedWithTheValuesAllowed() {
        assertThatThrownBy(() -> AlertQuery.parse(Map.of("status", "opened")::get))
                .hasMessageContaining("status must be one of [open, new, acknowledged, closed, withdrawn, all]");
        assertThatThrownBy(() -> AlertQuery.parse(Map.of("sort", "random")::get))
                .hasMessageContaining("sort");
        assertThatThrownBy(() -> AlertQuery.parse(Map.of("olderThan", "4 hours")::get))
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> AlertQuery.parse(Map.of("severity", "urgent")::get))
                .hasMessageContaining("HIGH, MEDIUM, LOW");
        assertThat(AlertQuery.parse(Map.of("assigned", "me", "sort", "due")::get)
                        .forAudit())
                .containsExactly(Map.entry("assigned", "me"), Map.entry("sort", "due"));
    }

    private List<String> ids(Map<String, String> params) {
        AlertQuery query = AlertQuery.parse(params::get);
        return board.list(amara, Optional.empty(), Set.of(), false).stream()
                .filter(query.matches(amara, NOW))
                .sorted(query.order())
                .map(e -> e.alert().getAlertId())
                .toList();
    }

    private void alert(String id, String rule, Severity severity, Duration ago) {
        RiskAlert alert = ConsoleWorld.alert(id, severity, LA, "INC-1", 1);
        alert.setRuleId(rule);
        alert.setRaisedAt(NOW.minus(ago));
        board.addAlert(alert);
    }

    private void decide(String alertId, String worker, DecisionOutcome outcome) {
        board.addDecision(MashDecision.newBuilder()
                .setDecisionId(UUID.randomUUID())
                .setAlertId(alertId)
                .setChildPseudonym("p")
                .setLocalAuthority(LA)
                .setOutcome(outcome)
                .setWorkerId(worker)
                .setDecidedAt(NOW)
                .build());
    }
}
