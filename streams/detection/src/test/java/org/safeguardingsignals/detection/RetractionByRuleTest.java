package org.safeguardingsignals.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.detection.Scenario.Child;
import org.safeguardingsignals.events.AlertStatus;
import org.safeguardingsignals.events.EventHeader;
import org.safeguardingsignals.events.PoliceContactType;
import org.safeguardingsignals.events.PresentingReason;
import org.safeguardingsignals.events.RetractionReason;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.SchoolConcernCategory;

/** Each rule, after a retraction takes away evidence of one of its alerts: withdrawn, and re-issued where it holds. */
class RetractionByRuleTest {
    static final Instant T = Scenario.WALL_CLOCK_START.minus(Duration.ofDays(200));
    private final Scenario world = new Scenario();

    @AfterEach
    void close() {
        world.close();
    }

    private static Instant day(int n) {
        return T.plus(Duration.ofDays(n));
    }

    /** Retracts the event and returns what the alert topic received. */
    private List<RiskAlert> retract(EventHeader event, Instant at, Child child) {
        world.retract(event, RetractionReason.RECORDED_IN_ERROR, at, child);
        return world.alerts();
    }

    @Test
    void anInfantInjuryIsWithdrawnWithItsOnlyEvidence() {
        Child jo = world.child("Jo");
        var attendance = world.unscheduledCare(
                day(0), jo, LocalDate.ofInstant(day(-180), java.time.ZoneOffset.UTC), PresentingReason.HEAD_INJURY);
        RiskAlert alert = world.alerts().get(0);
        assertThat(alert.getRuleId()).isEqualTo("infant-injury");

        assertThat(retract(attendance.getHeader(), day(1), jo))
                .extracting(RiskAlert::getAlertId, RiskAlert::getStatus)
                .containsExactly(tuple(alert.getAlertId(), AlertStatus.WITHDRAWN));
    }

    @Test
    void aReReferralRestingOnTheMiddleReferralIsReissuedOnTheTwoThatRemain() {
        Child ana = world.child("Ana");
        var first = world.referral(day(0), ana);
        var middle = world.referral(day(50), ana);
        var last = world.referral(day(100), ana);
        List<RiskAlert> raised = world.alerts();
        assertThat(raised).extracting(RiskAlert::getRuleId).containsExactly("re-referral", "re-referral");

        List<RiskAlert> changed = retract(middle.getHeader(), day(101), ana);

        assertThat(changed)
                .extracting(RiskAlert::getStatus, RiskAlert::getSupersedes)
                .containsExactly(
                        tuple(AlertStatus.ACTIVE, raised.get(1).getAlertId()),
                        tuple(AlertStatus.WITHDRAWN, null),
                        tuple(AlertStatus.WITHDRAWN, null));
        assertThat(changed.get(0).getEvidence())
                .extracting(e -> e.getSourceReference())
                .containsExactly(first.getReferralId(), last.getReferralId());
    }

    @Test
    void aRepeatMissingAlertOneEpisodeShortIsWithdrawn() {
        Child sam = world.child("Sam");
        world.missing("EP-1", sam, day(0), day(1));
        world.missing("EP-2", sam, day(30), day(31));
        var third = world.missing("EP-3", sam, day(60), null);
        RiskAlert alert = world.alerts().get(0);
        assertThat(alert.getRuleId()).isEqualTo("repeat-missing");

        assertThat(retract(third.getHeader(), day(61), sam))
                .extracting(RiskAlert::getAlertId, RiskAlert::getStatus)
                .containsExactly(tuple(alert.getAlertId(), AlertStatus.WITHDRAWN));
    }

    @Test
    void neglectSignalsFromOneAgencyLeftAreWithdrawn() {
        Child ned = world.child("Ned");
        world.schoolConcern(day(0), ned, SchoolConcernCategory.ATTENDANCE_DROP);
        var poisoning =
                world.unscheduledCare(day(40), ned, LocalDate.of(2020, 1, 1), PresentingReason.INGESTION_OR_POISONING);
        RiskAlert alert = world.alerts().get(0);
        assertThat(alert.getRuleId()).isEqualTo("neglect-signals");

        assertThat(retract(poisoning.getHeader(), day(41), ned))
                .extracting(RiskAlert::getAlertId, RiskAlert::getStatus)
                .containsExactly(tuple(alert.getAlertId(), AlertStatus.WITHDRAWN));
    }

    @Test
    void exploitationRiskOneGroupShortIsWithdrawn() {
        Child kit = world.child("Kit");
        world.missing("EP-K1", kit, day(0), null);
        world.schoolConcern(day(3), kit, SchoolConcernCategory.EXCLUSION);
        var contact = world.policeContact(day(10), kit, PoliceContactType.STOP_AND_SEARCH);
        List<RiskAlert> raised = world.alerts();
        assertThat(raised).extracting(RiskAlert::getRuleId).containsExactly("exploitation-risk");

        assertThat(retract(contact.getHeader(), day(11), kit))
                .extracting(RiskAlert::getAlertId, RiskAlert::getStatus)
                .containsExactly(tuple(raised.get(0).getAlertId(), AlertStatus.WITHDRAWN));
    }

    @Test
    void anOutOfAreaNoticeIsWithdrawnWithItsEpisode() {
        Child cal = world.child("Cal");
        var episode = world.missing(world.lookedAfterEpisode("EP-OOA", cal, day(3), Scenario.LAMBETH, Scenario.KENT)
                .build());
        List<RiskAlert> raised = world.alerts();
        assertThat(raised).extracting(RiskAlert::getRuleId).containsExactly("out-of-area-missing");

        assertThat(retract(episode.getHeader(), day(4), cal))
                .extracting(RiskAlert::getAlertId, RiskAlert::getStatus)
                .containsExactly(tuple(raised.get(0).getAlertId(), AlertStatus.WITHDRAWN));
    }

    @Test
    void aRepeatMissingAlertStillHoldingOnTheOtherEpisodesIsReissued() {
        Child tom = world.child("Tom");
        var first = world.missing("EP-1", tom, day(0), day(1));
        world.missing("EP-2", tom, day(10), day(11));
        world.missing("EP-3", tom, day(20), day(21));
        world.missing("EP-4", tom, day(30), day(31));
        List<RiskAlert> raised = world.alerts();
        assertThat(raised).extracting(RiskAlert::getRuleId).containsExactly("repeat-missing");

        List<RiskAlert> changed = retract(first.getHeader(), day(32), tom);

        assertThat(changed)
                .extracting(RiskAlert::getRuleId, RiskAlert::getStatus, RiskAlert::getSupersedes)
                .containsExactly(
                        tuple(
                                "repeat-missing",
                                AlertStatus.ACTIVE,
                                raised.get(0).getAlertId()),
                        tuple("repeat-missing", AlertStatus.WITHDRAWN, null));
        assertThat(changed.get(0).getEvidence()).hasSize(3);
    }
}
