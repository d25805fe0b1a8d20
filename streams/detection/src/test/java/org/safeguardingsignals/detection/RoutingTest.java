package org.safeguardingsignals.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.detection.Scenario.Child;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.DashRiskLevel;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.HealthService;
import org.safeguardingsignals.events.LinkedChild;
import org.safeguardingsignals.events.ParentHealthCategory;
import org.safeguardingsignals.events.ParentHealthEvent;
import org.safeguardingsignals.events.PoliceRiskGrade;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.events.StatusChangeType;
import org.safeguardingsignals.topics.Topics;

/**
 * One routing rule for every alert: the authority on the latest evidence, plus the placing authority (the
 * corporate parent) and the host authority of a looked-after child. A child placed by Liverpool (E08000025) in
 * Darlington (E06000023), whose episodes are reported by the host area's police.
 */
class RoutingTest {
    static final String PLACING = "E08000025";
    static final String HOST = "E06000023";
    static final Instant DAY0 = Instant.parse("2026-09-01T18:00:00Z");
    private final Scenario world = new Scenario();

    @AfterEach
    void close() {
        world.close();
    }

    private static Instant day(int n) {
        return DAY0.plus(Duration.ofDays(n));
    }

    @Test
    void repeatMissingInTheHostAreaReachesThePlacingAuthorityAndOutOfAreaIsOneNoticePerPlacement() {
        Child kai = world.child("Kai");
        for (int n = 1; n <= 3; n++) {
            world.missing(world.lookedAfterEpisode("EP-" + n, kai, day(n * 10), PLACING, HOST)
                    .build());
        }

        List<RiskAlert> alerts = world.alerts();
        assertThat(alerts)
                .extracting(RiskAlert::getRuleId, RiskAlert::getSeverity)
                .containsExactly(
                        tuple("out-of-area-missing", Severity.MEDIUM), tuple("repeat-missing", Severity.MEDIUM));
        assertThat(alerts).allSatisfy(a -> assertThat(a.getRoutedTo()).containsExactlyInAnyOrder(HOST, PLACING));
        assertThat(alerts.get(0).getEvidence())
                .extracting(Evidence::getSourceReference)
                .containsExactly("EP-1");
    }

    @Test
    void aHighRiskEpisodeFromTheSamePlacementRaisesTheNoticeAgainWithEveryEpisodeAsEvidence() {
        Child lia = world.child("Lia");
        world.missing(
                world.lookedAfterEpisode("EP-1", lia, day(0), PLACING, HOST).build());
        world.missing(
                world.lookedAfterEpisode("EP-2", lia, day(95), PLACING, HOST).build());
        assertThat(world.alerts()).extracting(RiskAlert::getRuleId).containsExactly("out-of-area-missing");

        world.missing(world.lookedAfterEpisode("EP-3", lia, day(110), PLACING, HOST)
                .setPoliceRiskGrade(PoliceRiskGrade.HIGH)
                .build());
        List<RiskAlert> again = world.alerts();
        assertThat(again)
                .extracting(RiskAlert::getRuleId, RiskAlert::getSeverity)
                .containsExactly(tuple("out-of-area-missing", Severity.HIGH));
        assertThat(again.get(0).getEvidence())
                .extracting(Evidence::getSourceReference)
                .containsExactly("EP-1", "EP-2", "EP-3");

        world.missing(world.lookedAfterEpisode("EP-4", lia, day(120), PLACING, Scenario.KENT)
                .build());
        assertThat(world.alerts())
                .as("a new placement is a new notice; three episodes in 90 days repeat")
                .extracting(RiskAlert::getRuleId, RiskAlert::getRoutedTo)
                .containsExactlyInAnyOrder(
                        tuple("out-of-area-missing", List.of(Scenario.KENT, PLACING)),
                        tuple("repeat-missing", List.of(Scenario.KENT, PLACING)));
    }

    @Test
    void anOverdueReturnInterviewReachesBothAuthorities() {
        Child max = world.child("Max");
        Instant returned = day(10);
        world.missing(world.lookedAfterEpisode("EP-R", max, day(9), PLACING, HOST)
                .setReturnedAt(returned)
                .build());
        world.alerts(); // the out-of-area notice
        world.domesticAbuse(returned.plus(Duration.ofHours(73)), world.child("someone else"));
        world.advanceWallClock(Duration.ofSeconds(30));

        List<RiskAlert> alerts = world.alerts();
        assertThat(alerts).extracting(RiskAlert::getRuleId).containsExactly("return-interview-overdue");
        assertThat(alerts.get(0).getRoutedTo()).containsExactlyInAnyOrder(HOST, PLACING);
    }

    @Test
    void aToxicTrioSeenByHostAgenciesReachesThePlacingAuthorityWhileTheChildIsLookedAfter() {
        Child nia = world.child("Nia");
        world.statusChange(day(0), nia, StatusChangeType.LOOKED_AFTER_START, PLACING, HOST);
        hostIncident(day(10), nia);
        hostHealth(day(20), nia, ParentHealthCategory.MENTAL_HEALTH);

        List<RiskAlert> alerts = world.alerts();
        assertThat(alerts).extracting(RiskAlert::getRuleId).containsExactly("toxic-trio-emerging");
        assertThat(alerts.get(0).getRoutedTo()).containsExactly(HOST, PLACING);
    }

    @Test
    void onceLookedAfterEndsAlertsGoToTheEventsAuthorityAlone() {
        Child ola = world.child("Ola");
        world.statusChange(day(0), ola, StatusChangeType.LOOKED_AFTER_START, PLACING, HOST);
        world.statusChange(day(5), ola, StatusChangeType.LOOKED_AFTER_END, PLACING, HOST);
        hostIncident(day(10), ola);
        hostHealth(day(20), ola, ParentHealthCategory.DRUG_MISUSE);

        assertThat(world.alerts()).extracting(RiskAlert::getRoutedTo).containsExactly(List.of(HOST));
    }

    @Test
    void aChildWhoIsNotLookedAfterIsRoutedToTheEventsAuthority() {
        Child pip = world.child("Pip");
        world.missing("EP-1", pip, day(0), null);
        world.missing("EP-2", pip, day(5), null);
        world.missing("EP-3", pip, day(9), null);

        assertThat(world.alerts())
                .extracting(RiskAlert::getRuleId, RiskAlert::getRoutedTo)
                .containsExactly(tuple("repeat-missing", List.of(Scenario.LAMBETH)));
    }

    private void hostIncident(Instant at, Child child) {
        world.publish(
                Topics.DOMESTIC_ABUSE_INCIDENTS,
                DomesticAbuseIncident.newBuilder()
                        .setHeader(Scenario.header(Agency.POLICE, "28", HOST, at))
                        .setIncidentReference("DUR-" + at)
                        .setChildren(List.of(LinkedChild.newBuilder()
                                .setPresent(true)
                                .setChild(Scenario.ref(child))
                                .build()))
                        .setDashRiskLevel(DashRiskLevel.MEDIUM)
                        .setPoliceAttended(true)
                        .build());
    }

    private void hostHealth(Instant at, Child child, ParentHealthCategory category) {
        world.publish(
                Topics.PARENT_HEALTH_EVENTS,
                ParentHealthEvent.newBuilder()
                        .setHeader(Scenario.header(Agency.HEALTH, "RXP", HOST, at))
                        .setEventReference("RXP-" + at)
                        .setCategory(category)
                        .setService(HealthService.CRISIS_TEAM)
                        .setChildrenInHousehold(List.of(Scenario.ref(child)))
                        .build());
    }
}
