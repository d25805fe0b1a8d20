package org.safeguardingsignals.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.detection.Scenario.Child;
import org.safeguardingsignals.events.AssessmentFactor;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.MissingType;
import org.safeguardingsignals.events.PoliceRiskGrade;
import org.safeguardingsignals.events.ReturnInterviewStatus;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.SchoolConcernCategory;
import org.safeguardingsignals.events.Severity;

/** Repeat missing, overdue return home interviews and missing from out-of-area placements. */
class MissingEpisodeTest {
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
    void threeEpisodesWithinNinetyDaysRaiseARepeatMissingAlert() {
        Child sam = world.child("Sam");
        world.missing("EP-1", sam, day(0), day(1));
        world.missing("EP-2", sam, day(30), day(31));
        assertThat(world.alerts()).isEmpty();

        world.missing("EP-3", sam, day(89), null);

        List<RiskAlert> alerts = world.alerts();
        assertThat(alerts)
                .extracting(RiskAlert::getRuleId, RiskAlert::getSeverity)
                .containsExactly(Tuple.tuple("repeat-missing", Severity.MEDIUM));
        assertThat(alerts.get(0).getEvidence())
                .extracting(Evidence::getSourceReference)
                .containsExactly("EP-1", "EP-2", "EP-3");
    }

    @Test
    void twoEpisodesAreOneShortOfTheThreshold() {
        Child tia = world.child("Tia");
        world.missing("EP-1", tia, day(0), day(1));
        world.missing("EP-2", tia, day(10), day(11));
        world.missing("EP-2", tia, day(10), day(12)); // an update of the same episode is not a new one

        assertThat(world.alerts()).isEmpty();
    }

    @Test
    void episodesSpreadOverMoreThanTheWindowDoNotCount() {
        Child uma = world.child("Uma");
        world.missing("EP-1", uma, day(0), null);
        world.missing("EP-2", uma, day(45), null);
        world.missing("EP-3", uma, day(90).plusSeconds(1), null); // EP-1 is now 90 days and a second ago

        assertThat(world.alerts()).isEmpty();
    }

    @Test
    void beingLookedAfterAloneDoesNotRaiseSeverityButAnExploitationFactorDoesAndAlertsAgainOnce() {
        Child vic = world.child("Vic");
        world.missing("EP-1", vic, day(0), null);
        world.missing("EP-2", vic, day(5), null);
        world.missing("EP-3", vic, day(9), null);
        assertThat(world.alerts()).extracting(RiskAlert::getSeverity).containsExactly(Severity.MEDIUM);

        world.missing("EP-4", vic, day(12), null);
        world.missing(world.lookedAfterEpisode("EP-5", vic, day(14), Scenario.LAMBETH, Scenario.LAMBETH)
                .build());
        assertThat(world.alerts()).as("looked after, medium risk: nothing new").isEmpty();

        world.schoolConcern(
                day(20),
                vic,
                SchoolConcernCategory.DSL_SAFEGUARDING_CONCERN,
                AssessmentFactor.CHILD_CRIMINAL_EXPLOITATION);
        List<RiskAlert> alerts = world.alerts();
        assertThat(alerts)
                .extracting(RiskAlert::getRuleId, RiskAlert::getSeverity, RiskAlert::getRuleVersion)
                .containsExactly(Tuple.tuple("repeat-missing", Severity.HIGH, 2));
        assertThat(alerts.get(0).getEvidence())
                .extracting(Evidence::getCategory)
                .containsOnly(IndicatorCategory.MISSING_EPISODE, IndicatorCategory.EXPLOITATION)
                .contains(IndicatorCategory.EXPLOITATION);

        world.missing("EP-6", vic, day(22), null);
        assertThat(world.alerts()).isEmpty();
    }

    @Test
    void awayFromPlacementCountsUnlessThePartnershipSaysOtherwise() {
        Child ada = world.child("Ada");
        for (int n = 0; n < 3; n++) {
            world.missing(world.lookedAfterEpisode("AW-" + n, ada, day(n), Scenario.LAMBETH, Scenario.LAMBETH)
                    .setMissingType(MissingType.AWAY_FROM_PLACEMENT_WITHOUT_AUTHORISATION)
                    .build());
        }
        assertThat(world.alerts()).extracting(RiskAlert::getRuleId).containsExactly("repeat-missing");

        Properties notAway = new Properties();
        notAway.setProperty("rules.repeat-missing.count-away-from-placement", "false");
        try (Scenario strict = new Scenario(DetectionConfig.from(notAway))) {
            Child bo = strict.child("Bo");
            for (int n = 0; n < 3; n++) {
                strict.missing(strict.lookedAfterEpisode("AW-" + n, bo, day(n), Scenario.LAMBETH, Scenario.LAMBETH)
                        .setMissingType(MissingType.AWAY_FROM_PLACEMENT_WITHOUT_AUTHORISATION)
                        .build());
            }
            assertThat(strict.alerts()).isEmpty();
            strict.missing("EP-9", bo, day(4), null);
            assertThat(strict.alerts()).isEmpty();
        }
    }

    @Test
    void aHighPoliceRiskGradeRaisesSeverity() {
        Child wes = world.child("Wes");
        world.missing("EP-1", wes, day(0), null);
        world.missing("EP-2", wes, day(2), null);
        world.missing(world.lookedAfterEpisode("EP-3", wes, day(4), Scenario.LAMBETH, Scenario.LAMBETH)
                .setLookedAfter(false)
                .setPlacingAuthority(null)
                .setHostAuthority(null)
                .setPoliceRiskGrade(PoliceRiskGrade.HIGH)
                .build());

        assertThat(world.alerts()).extracting(RiskAlert::getSeverity).containsExactly(Severity.HIGH);
    }

    @Test
    void thresholdIsAPartnershipSetting() {
        world.close();
        try (Scenario strict = new Scenario(DetectionConfig.DEFAULTS.withAuthority(
                Scenario.LAMBETH,
                new RuleSettings(Duration.ofDays(365), true, 2, Duration.ofDays(30), Duration.ofHours(72))))) {
            Child xan = strict.child("Xan");
            strict.missing("EP-1", xan, day(0), null);
            strict.missing("EP-2", xan, day(29), null);
            assertThat(strict.alerts()).extracting(RiskAlert::getRuleId).containsExactly("repeat-missing");

            // Kent kept the default of three: two episodes there are not yet repeat missing
            Child yan = strict.child("Yan");
            strict.publishingFor(Scenario.KENT);
            strict.missing("EP-K1", yan, day(0), null);
            strict.missing("EP-K2", yan, day(29), null);
            assertThat(strict.alerts()).isEmpty();
        }
    }

    @Test
    void aReturnInterviewNotCompletedWithin72HoursIsOverdue() {
        Child yas = world.child("Yas");
        Instant returned = day(10);
        world.missing("EP-9", yas, day(9), returned);
        world.advanceWallClock(Duration.ofSeconds(30));
        assertThat(world.alerts()).isEmpty();

        // stream time moves on past the deadline with other agencies' events
        world.domesticAbuse(returned.plus(Duration.ofHours(73)), world.child("someone else"));
        world.advanceWallClock(Duration.ofSeconds(30));

        List<RiskAlert> alerts = world.alerts();
        assertThat(alerts)
                .extracting(RiskAlert::getRuleId, RiskAlert::getSeverity)
                .containsExactly(Tuple.tuple("return-interview-overdue", Severity.MEDIUM));
        assertThat(alerts.get(0).getWindow().getStart()).isEqualTo(returned);
        assertThat(alerts.get(0).getWindow().getEnd()).isEqualTo(returned.plus(Duration.ofHours(72)));
        assertThat(alerts.get(0).getEvidence())
                .extracting(Evidence::getSourceReference)
                .containsExactly("EP-9");

        world.domesticAbuse(returned.plus(Duration.ofHours(80)), world.child("another"));
        world.advanceWallClock(Duration.ofMinutes(10));
        assertThat(world.alerts()).as("alerted once per episode").isEmpty();
    }

    @Test
    void anInterviewCompletedAt71HoursPreventsTheAlert() {
        Child zac = world.child("Zac");
        Instant returned = day(10);
        world.missing("EP-7", zac, day(9), returned);
        world.returnInterview("EP-7", zac, returned.plus(Duration.ofHours(71)), ReturnInterviewStatus.COMPLETED);

        world.domesticAbuse(returned.plus(Duration.ofHours(100)), world.child("other"));
        world.advanceWallClock(Duration.ofMinutes(1));

        assertThat(world.alerts()).isEmpty();
    }

    @Test
    void anInterviewOnlyOfferedDoesNotCount() {
        Child abe = world.child("Abe");
        Instant returned = day(10);
        world.missing("EP-8", abe, day(9), returned);
        world.returnInterview("EP-8", abe, returned.plus(Duration.ofHours(5)), ReturnInterviewStatus.OFFERED);

        world.domesticAbuse(returned.plus(Duration.ofHours(73)), world.child("other"));
        world.advanceWallClock(Duration.ofMinutes(1));

        assertThat(world.alerts()).extracting(RiskAlert::getRuleId).containsExactly("return-interview-overdue");
    }

    @Test
    void aQuietFeedDoesNotHoldBackTheAlert() {
        // Returned an hour before "now"; then nothing at all arrives from any agency.
        Child bea = world.child("Bea");
        Instant returned = Scenario.WALL_CLOCK_START.minus(Duration.ofHours(1));
        world.missing("EP-Q", bea, returned.minus(Duration.ofHours(20)), returned);

        world.advanceWallClock(Duration.ofHours(70));
        assertThat(world.alerts()).as("due in 71 hours of wall clock").isEmpty();

        world.advanceWallClock(Duration.ofHours(2));
        assertThat(world.alerts()).extracting(RiskAlert::getRuleId).containsExactly("return-interview-overdue");
    }

    @Test
    void aLookedAfterChildMissingFromAnOutOfAreaPlacementAlertsBothAuthorities() {
        Child cal = world.child("Cal");
        world.missing(world.lookedAfterEpisode("EP-OOA", cal, day(3), Scenario.LAMBETH, Scenario.KENT)
                .build());
        world.missing(world.lookedAfterEpisode("EP-OOA", cal, day(3), Scenario.LAMBETH, Scenario.KENT)
                .setReturnedAt(day(4))
                .build()); // the return of the same episode: no second notice

        List<RiskAlert> alerts = world.alerts();
        assertThat(alerts).extracting(RiskAlert::getRuleId).containsExactly("out-of-area-missing");
        assertThat(alerts.get(0).getRoutedTo()).containsExactlyInAnyOrder(Scenario.LAMBETH, Scenario.KENT);
    }

    @Test
    void aPlacementInsideThePlacingAuthorityIsNotOutOfArea() {
        Child dee = world.child("Dee");
        world.missing(world.lookedAfterEpisode("EP-IN", dee, day(3), Scenario.KENT, Scenario.KENT)
                .build());

        assertThat(world.alerts()).isEmpty();
    }
}
