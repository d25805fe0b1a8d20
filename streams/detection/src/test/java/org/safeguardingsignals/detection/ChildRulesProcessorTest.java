package org.safeguardingsignals.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.detection.Scenario.Child;
import org.safeguardingsignals.events.ParentHealthCategory;
import org.safeguardingsignals.events.ReturnInterviewStatus;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.StatusChangeType;
import org.safeguardingsignals.events.UnmatchedEvent;
import org.safeguardingsignals.events.UnmatchedReason;
import org.safeguardingsignals.internal.ChildState;
import org.safeguardingsignals.internal.PendingReturnInterview;
import org.safeguardingsignals.topics.Topics;

/**
 * The intake and the child-rules processor around the rules: what they count, when the timer judges by the wall
 * clock, what a child's state keeps and for how long, and where a looked-after child's alerts go.
 */
class ChildRulesProcessorTest {
    static final Instant START = Scenario.WALL_CLOCK_START;
    static final Duration RETENTION = DetectionConfig.DEFAULTS.retention();
    private final Scenario world = new Scenario();

    @AfterEach
    void close() {
        world.close();
    }

    @Test
    void theIntakeCountsEachEventInAndHowLateItCame() {
        Instant at = START.minus(Duration.ofDays(3));
        world.domesticAbuse(at, world.child("Ada"));
        world.domesticAbuse(at, world.child("Bo"), world.child("Cy"));
        world.parentHealth(at, ParentHealthCategory.MENTAL_HEALTH, world.child("Di"));

        assertThat(world.metrics.count("safeguarding.events.in", "topic", Topics.DOMESTIC_ABUSE_INCIDENTS.name()))
                .as("events, not children")
                .isEqualTo(2.0);
        assertThat(world.metrics.count("safeguarding.events.in", "topic", Topics.PARENT_HEALTH_EVENTS.name()))
                .isEqualTo(1.0);
        var lag = world.metrics.registry().find("safeguarding.intake.lag").timer();
        assertThat(lag.count()).isEqualTo(3);
        assertThat(lag.max(TimeUnit.SECONDS)).isEqualTo(Duration.ofDays(3).toSeconds());
    }

    @Test
    void aChildWithNoNhsNumberOrAnEmptyOneIsMissingAndAWrongOneInvalid() {
        Instant at = START.minus(Duration.ofDays(1));
        world.domesticAbuse(at, new Child("no number", null), new Child("empty", ""), new Child("typo", "9434765918"));

        assertThat(world.unmatched())
                .extracting(UnmatchedEvent::getReason)
                .containsExactly(
                        UnmatchedReason.NHS_NUMBER_MISSING,
                        UnmatchedReason.NHS_NUMBER_MISSING,
                        UnmatchedReason.NHS_NUMBER_INVALID);
        assertThat(world.metrics.count("safeguarding.unmatched", "agency", "POLICE"))
                .isEqualTo(3.0);
    }

    @Test
    void eachAlertIsCountedByRuleAndSeverity() {
        Child eve = world.child("Eve");
        Instant at = START.minus(Duration.ofDays(30));
        world.domesticAbuse(at, eve);
        world.parentHealth(at.plus(Duration.ofDays(1)), ParentHealthCategory.MENTAL_HEALTH, eve);
        world.parentHealth(at.plus(Duration.ofDays(2)), ParentHealthCategory.ALCOHOL_MISUSE, eve);

        assertThat(world.alerts()).hasSize(2);
        assertThat(world.metrics.count("safeguarding.alerts", "rule", "toxic-trio-emerging", "severity", "MEDIUM"))
                .isEqualTo(1.0);
        assertThat(world.metrics.count("safeguarding.alerts", "rule", "toxic-trio", "severity", "HIGH"))
                .isEqualTo(1.0);
    }

    @Test
    void anEventExactlyTheGraceBehindStreamTimeIsStillNews() {
        Child fay = world.child("Fay");
        Instant latest = START.minus(Duration.ofDays(1));
        Instant edge = latest.minus(DetectionConfig.DEFAULTS.grace());
        world.domesticAbuse(latest, world.child("someone else")); // stream time
        world.domesticAbuse(edge, fay);
        world.parentHealth(edge, ParentHealthCategory.DRUG_MISUSE, fay);

        assertThat(world.alerts()).extracting(RiskAlert::getRuleId).containsExactly("toxic-trio-emerging");
        assertThat(world.metrics.count("safeguarding.indicators.late")).isZero();
    }

    @Test
    void onceTheFeedHasBeenQuietForTheIdleTimeTheTimerGoesByTheWallClock() {
        Child gil = world.child("Gil");
        Instant returned = START.minus(Duration.ofDays(4)); // due a day before the wall clock's start
        world.missing("EP-1", gil, returned.minus(Duration.ofHours(2)), returned);
        world.alerts();

        // stream time stays at the return; until the feed has been quiet for 5 minutes, the timer goes by it
        world.advanceWallClock(DetectionConfig.DEFAULTS.idleBeforeWallClock().minusSeconds(30));
        assertThat(world.alerts()).isEmpty();
        world.advanceWallClock(Duration.ofSeconds(30)); // exactly the idle time since the last record
        assertThat(world.alerts()).extracting(RiskAlert::getRuleId).containsExactly("return-interview-overdue");
        assertThat(world.childStates().get(world.pseudonymOf(gil)).getReturnInterviews())
                .as("the alert is remembered in the child's state")
                .extracting(PendingReturnInterview::getAlerted)
                .containsExactly(true);
    }

    @Test
    void aChildsStateExpiresWhenTimeReachesItsExpiryExactly() {
        Child hal = world.child("Hal");
        Instant at = START.minus(Duration.ofDays(800));
        world.domesticAbuse(at, hal);
        world.domesticAbuse(at.plus(RETENTION), world.child("someone else")); // stream time: exactly Hal's expiry
        world.advanceWallClock(DetectionConfig.DEFAULTS.timerInterval());

        assertThat(world.childStates().get(world.pseudonymOf(hal))).isNull();
        assertThat(world.storeSize(ChildRulesProcessor.CHILD_STATE_STORE)).isEqualTo(1);
    }

    @Test
    void anAlertedInterviewOlderThanTheRetentionIsDroppedAndOthersAreKept() {
        Child ivy = world.child("Ivy");
        Instant r = START.minus(Duration.ofDays(500));
        world.missing("EP-1", ivy, r.minus(Duration.ofHours(3)), r); // due r + 3 days
        Instant recent = r.plus(Duration.ofDays(10));
        world.missing("EP-3", ivy, recent.minus(Duration.ofHours(3)), recent); // due r + 13 days
        world.domesticAbuse(r.plus(Duration.ofDays(14)), world.child("someone else")); // stream time
        world.advanceWallClock(DetectionConfig.DEFAULTS.timerInterval()); // both overdue alerts fire
        assertThat(world.alerts()).extracting(RiskAlert::getRuleId).hasSize(2).containsOnly("return-interview-overdue");
        Instant secondReturn = r.plus(Duration.ofDays(1));
        world.missing("EP-2", ivy, secondReturn.minus(Duration.ofHours(1)), secondReturn); // due r + 4 days, not judged

        // the retention after r + 5 days: EP-1 is alerted and older; EP-2 is older but not yet judged; EP-3 is recent
        world.domesticAbuse(r.plus(Duration.ofDays(5)).plus(RETENTION), ivy);

        ChildState state = world.childStates().get(world.pseudonymOf(ivy));
        assertThat(state.getIndicators())
                .as("EP-3 and the incident are within the retention")
                .hasSize(2);
        assertThat(state.getReturnInterviews())
                .extracting(PendingReturnInterview::getEpisodeId, PendingReturnInterview::getAlerted)
                .containsExactlyInAnyOrder(tuple("EP-3", true), tuple("EP-2", false));
    }

    @Test
    void aReminderThatOutlivesItsChildsStateIsDroppedQuietly() {
        // an agency's return date 400 days after the report: the interview falls due after the child's state expires
        Child kit = world.child("Kit");
        Instant r = START.minus(Duration.ofDays(500));
        world.missing(world.lookedAfterEpisode("EP-1", kit, r, Scenario.LAMBETH, Scenario.LAMBETH)
                .setLookedAfter(false)
                .setReturnedAt(r.plus(Duration.ofDays(400)))
                .build());
        world.returnInterview("EP-1", kit, r.plus(Duration.ofDays(1)), ReturnInterviewStatus.COMPLETED);
        world.domesticAbuse(r.plus(Duration.ofDays(397)), world.child("someone else"));
        world.advanceWallClock(DetectionConfig.DEFAULTS.timerInterval()); // Kit's state expires
        assertThat(world.childStates().get(world.pseudonymOf(kit))).isNull();

        world.domesticAbuse(r.plus(Duration.ofDays(404)), world.child("another"));
        world.advanceWallClock(DetectionConfig.DEFAULTS.timerInterval()); // the reminder falls due: nobody to tell

        assertThat(world.alerts()).isEmpty();
        assertThat(world.storeSize(ChildRulesProcessor.INTERVIEWS_DUE_STORE)).isZero();
        assertThat(world.deadLetters()).as("the timer did not fail").isEmpty();
        assertThat(world.metrics.count("safeguarding.rejects", "reason", "PROCESSING_ERROR"))
                .isZero();
    }

    @Test
    void aLookedAfterChildsAlertsReachThePlacingAndHostAuthoritiesOfItsPlacement() {
        String placing = "E06000035";
        String host = Scenario.KENT;
        Child jo = world.child("Jo");
        Instant at = START.minus(Duration.ofDays(20));
        world.statusChange(at, jo, StatusChangeType.LOOKED_AFTER_START, placing, host);
        world.publishingFor(Scenario.LAMBETH);
        world.domesticAbuse(at.plus(Duration.ofDays(1)), jo);
        world.parentHealth(at.plus(Duration.ofDays(2)), ParentHealthCategory.MENTAL_HEALTH, jo);

        List<RiskAlert> alerts = world.alerts();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getRoutedTo()).containsExactly(Scenario.LAMBETH, placing, host);
    }
}
