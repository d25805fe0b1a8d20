package org.safeguardingsignals.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguardingsignals.events.PeriodType.CALENDAR_MONTH;
import static org.safeguardingsignals.events.PeriodType.ISO_WEEK;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.PartnershipMetric;
import org.safeguardingsignals.events.RetractionReason;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.topics.Topics;

/** Corrections in the partnership figures: retractions counted as such, withdrawn alerts and the children they flagged. */
class WithdrawalMetricsTest {
    static final Instant TUESDAY = Instant.parse("2026-11-10T10:00:00Z"); // ISO week 2026-W46, month 2026-11
    static final String MONTH = "2026-11";
    static final Map<String, String> RM_MEDIUM =
            Map.of(Metric.RULE, Deltas.REPEAT_MISSING_RULE, Metric.SEVERITY, "MEDIUM");
    private final MetricsWorld world = new MetricsWorld();

    @AfterEach
    void close() {
        world.close();
    }

    private static Instant minutes(long m) {
        return TUESDAY.plus(Duration.ofMinutes(m));
    }

    private PartnershipMetric month(String metric, Map<String, String> dims) {
        return world.figure(CALENDAR_MONTH, MONTH, metric, dims);
    }

    private Double value(String metric, Map<String, String> dims) {
        return month(metric, dims).getValue();
    }

    /** The true count held for a figure of the month (withheld or not). */
    private long held(String metric, Map<String, String> dims) {
        KeyValueStore<String, Long> figures = world.driver.getKeyValueStore(MetricAggregator.FIGURES_STORE);
        Long v = figures.get(
                MetricsWorld.LAMBETH + "|CALENDAR_MONTH|" + MONTH + "|" + metric + "|" + FigureKey.dims(dims));
        return v == null ? 0 : v;
    }

    @Test
    void retractionsAreCountedByAgencyAndReasonAndNotAsEventsReceived() {
        for (int i = 0; i < 5; i++) {
            world.incident(minutes(i));
            world.retraction(Agency.POLICE, RetractionReason.WRONG_CHILD, minutes(60 + i));
        }
        var resent = world.retraction(Agency.POLICE, RetractionReason.DUPLICATE, minutes(70));
        world.pipe(Topics.POLICE_RETRACTIONS, resent); // the same retraction sent again: counted once
        world.retraction(Agency.POLICE, RetractionReason.DUPLICATE, minutes(71));
        for (int i = 0; i < 6; i++) {
            world.retraction(Agency.CHILDRENS_SERVICES, RetractionReason.RECORDED_IN_ERROR, minutes(80 + i));
        }
        world.publish();

        assertThat(value(Metric.RETRACTIONS, Map.of("agency", "POLICE", "reason", "WRONG_CHILD")))
                .isEqualTo(5.0);
        assertThat(month(Metric.RETRACTIONS, Map.of("agency", "POLICE", "reason", "DUPLICATE"))
                        .getSuppressed())
                .isTrue();
        assertThat(held(Metric.RETRACTIONS, Map.of("agency", "POLICE", "reason", "DUPLICATE")))
                .isEqualTo(2);
        assertThat(value(Metric.RETRACTIONS, Map.of("agency", "CHILDRENS_SERVICES", "reason", "RECORDED_IN_ERROR")))
                .isEqualTo(6.0);
        assertThat(world.latest.values())
                .filteredOn(m -> m.getMetric().equals(Metric.EVENTS_RECEIVED) && m.getPeriodType() == CALENDAR_MONTH)
                .as("the incidents alone are events received")
                .extracting(m -> m.getDimensions().toString() + "=" + m.getValue())
                .containsExactly("{agency=POLICE, category=DOMESTIC_ABUSE}=5.0");
        assertThat(PartnershipReport.lines(new ArrayList<>(world.latest.values()), MetricsWorld.LAMBETH, MONTH).stream()
                        .filter(l -> l.section().equals("Signals received"))
                        .map(l -> l.label() + " " + l.shown()))
                .containsExactly(
                        "Events received · police · domestic abuse 5",
                        "Events retracted by the agency that sent them · childrens services · recorded in error 6",
                        "Events retracted by the agency that sent them · police · duplicate [c]",
                        "Events retracted by the agency that sent them · police · wrong child 5");
    }

    @Test
    void aWithdrawnAlertTakesItsChildOutOfTheCellUnlessAnotherAlertThereStillFlagsIt() {
        List<RiskAlert> first = new ArrayList<>();
        List<RiskAlert> second = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            first.add(world.alert(Deltas.REPEAT_MISSING_RULE, "child-" + i, minutes(i)));
        }
        for (int i = 0; i < 3; i++) {
            second.add(world.alert(Deltas.REPEAT_MISSING_RULE, "child-" + i, minutes(20 + i)));
        }
        world.publish();
        assertThat(value(Metric.CHILDREN_FLAGGED, RM_MEDIUM)).isEqualTo(10.0);
        assertThat(value(Metric.CHILDREN_REPEAT_MISSING, Map.of())).isEqualTo(10.0);
        assertThat(value(Metric.ALERTS, RM_MEDIUM)).isEqualTo(13.0);

        // children 0 to 2 keep their second alert; 3 to 5 had one
        for (int i = 0; i < 6; i++) {
            world.withdraw(first.get(i), minutes(600));
        }
        world.withdraw(first.get(0), minutes(700)); // a repeat: changes nothing
        // an alert this application never saw raised: nothing was counted, so nothing is taken away
        world.withdraw(
                RiskAlert.newBuilder(first.get(9)).setAlertId("never-raised").build(), minutes(700));
        world.publish();

        assertThat(value(Metric.CHILDREN_FLAGGED, RM_MEDIUM)).isEqualTo(7.0);
        assertThat(value(Metric.CHILDREN_REPEAT_MISSING, Map.of())).isEqualTo(7.0);
        assertThat(value(Metric.ALERTS_WITHDRAWN, RM_MEDIUM)).isEqualTo(6.0);
        assertThat(value(Metric.ALERTS, RM_MEDIUM))
                .as("a withdrawn alert stays raised")
                .isEqualTo(13.0);
        assertThat(world.figure(ISO_WEEK, "2026-W46", Metric.ALERTS_WITHDRAWN, RM_MEDIUM)
                        .getValue())
                .isEqualTo(6.0);

        world.withdraw(second.get(0), minutes(800));
        world.publish();
        assertThat(value(Metric.CHILDREN_FLAGGED, RM_MEDIUM)).isEqualTo(6.0);
        assertThat(value(Metric.CHILDREN_REPEAT_MISSING, Map.of())).isEqualTo(6.0);
        assertThat(value(Metric.ALERTS_WITHDRAWN, RM_MEDIUM)).isEqualTo(7.0);
        KeyValueStore<String, Long> members = world.driver.getKeyValueStore(MetricAggregator.MEMBERS_STORE);
        try (KeyValueIterator<String, Long> it = members.all()) {
            List<String> child0 = new ArrayList<>();
            it.forEachRemaining(kv -> {
                if (kv.key.endsWith("|child-0")) {
                    child0.add(kv.key);
                }
            });
            assertThat(child0)
                    .as("a child no longer flagged leaves nothing behind")
                    .isEmpty();
        }
    }

    @Test
    void aReIssuedAlertFlagsItsChildAgainAtItsNewSeverity() {
        Map<String, String> high = Map.of(Metric.RULE, "toxic-trio", Metric.SEVERITY, "HIGH");
        Map<String, String> medium = Map.of(Metric.RULE, "toxic-trio", Metric.SEVERITY, "MEDIUM");
        List<RiskAlert> trios = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            trios.add(world.alert("toxic-trio", Severity.HIGH, minutes(i), MetricsWorld.LAMBETH));
        }
        for (int i = 0; i < 6; i++) {
            world.reissue(world.withdraw(trios.get(i), minutes(600)), "toxic-trio", Severity.MEDIUM);
        }
        world.publish();

        assertThat(value(Metric.ALERTS, high)).isEqualTo(12.0);
        assertThat(value(Metric.ALERTS_WITHDRAWN, high)).isEqualTo(6.0);
        assertThat(value(Metric.CHILDREN_FLAGGED, high)).isEqualTo(6.0);
        assertThat(value(Metric.ALERTS, medium)).isEqualTo(6.0);
        assertThat(value(Metric.CHILDREN_FLAGGED, medium)).isEqualTo(6.0);
        assertThat(world.latest.values())
                .filteredOn(m -> m.getMetric().equals(Metric.ALERTS_WITHDRAWN))
                .as("nothing withdrawn at MEDIUM")
                .allMatch(m -> m.getDimensions().equals(high));
        assertThat(PartnershipReport.lines(new ArrayList<>(world.latest.values()), MetricsWorld.LAMBETH, MONTH).stream()
                        .filter(l -> l.section().equals("Alerts"))
                        .map(l -> l.label() + " " + l.shown()))
                .containsExactly(
                        "Alerts raised · toxic-trio · high 12",
                        "Alerts raised · toxic-trio · medium 6",
                        "Alerts withdrawn after a retraction · toxic-trio · high 6",
                        "Children with an open toxic-trio alert (three groups) 12");
    }

    @Test
    void aWithdrawnTrioIsNoLongerOpenAndALaterDecisionOnItClosesNothingTwice() {
        List<RiskAlert> trios = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            trios.add(world.alert("toxic-trio", "child-" + i, minutes(i)));
        }
        world.publish();
        assertThat(value(Metric.CHILDREN_OPEN_TRIO, Map.of())).isEqualTo(8.0);

        world.withdraw(trios.get(0), minutes(600));
        world.withdraw(trios.get(1), minutes(600));
        world.decide(trios.get(0), DecisionOutcome.STRATEGY_DISCUSSION, minutes(700)); // after its withdrawal
        world.decide(trios.get(2), DecisionOutcome.STRATEGY_DISCUSSION, minutes(700));
        world.publish();

        assertThat(value(Metric.CHILDREN_OPEN_TRIO, Map.of())).isEqualTo(5.0);
        assertThat(held(Metric.FIRST_DECISIONS, Map.of()))
                .as("a decision on a withdrawn alert stays on record")
                .isEqualTo(2);
    }

    @Test
    void anExploitationAlertWithdrawnStaysRaisedAndWithholdsItsSeverityWhileTheWithdrawnAreFew() {
        List<RiskAlert> alerts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            alerts.add(world.alert(Deltas.EXPLOITATION_RULE, Severity.HIGH, minutes(i), MetricsWorld.LAMBETH));
        }
        world.publish();
        assertThat(value(Metric.EXPLOITATION_ALERTS, Map.of())).isEqualTo(8.0);

        world.withdraw(alerts.get(0), minutes(600));
        world.publish();
        Map<String, String> cell = Map.of(Metric.RULE, Deltas.EXPLOITATION_RULE, Metric.SEVERITY, "HIGH");
        assertThat(held(Metric.EXPLOITATION_ALERTS, Map.of())).isEqualTo(8);
        assertThat(held(Metric.CHILDREN_FLAGGED, cell)).isEqualTo(7);
        assertThat(value(Metric.CHILDREN_FLAGGED, cell)).isEqualTo(7.0);
        assertThat(List.of(
                        month(Metric.ALERTS_WITHDRAWN, cell),
                        month(Metric.ALERTS, cell),
                        month(Metric.EXPLOITATION_ALERTS, Map.of(Metric.SEVERITY, "HIGH")),
                        month(Metric.EXPLOITATION_ALERTS, Map.of())))
                .as("8 raised = 7 flagged + 1 withdrawn: the raised, in any of their forms, would give it away")
                .allMatch(PartnershipMetric::getSuppressed);
    }
}
