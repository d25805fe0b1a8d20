package org.safeguardingsignals.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.safeguardingsignals.events.ParentHealthCategory.DRUG_MISUSE;
import static org.safeguardingsignals.events.ParentHealthCategory.MENTAL_HEALTH;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.detection.Scenario.Child;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.AlertStatus;
import org.safeguardingsignals.events.DashRiskLevel;
import org.safeguardingsignals.events.DeadLetter;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.LinkedChild;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.events.RetractionReason;
import org.safeguardingsignals.events.ReturnInterviewStatus;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.SchoolConcernCategory;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.internal.Indicator;
import org.safeguardingsignals.testing.TestEvents;
import org.safeguardingsignals.topics.Topics;

/** An agency takes back an event it published in error: what happens to the child's picture and alerts. */
class RetractionTest {
    static final Instant JUN = Instant.parse("2025-06-01T10:00:00Z");
    private final Scenario world = new Scenario();

    @AfterEach
    void close() {
        world.close();
    }

    private static Instant day(int n) {
        return JUN.plus(Duration.ofDays(n));
    }

    @Test
    void aTrioLosingOneOfItsThreeEventsIsWithdrawnAndReissuedAsEmergingOnTheTwoThatRemain() {
        Child amira = world.child("Amira");
        var incident = world.domesticAbuse(day(0), amira);
        var crisis = world.parentHealth(day(100), MENTAL_HEALTH, amira);
        var treatment = world.parentHealth(day(200), DRUG_MISUSE, amira);
        List<RiskAlert> raised = world.alerts();
        assertThat(raised)
                .extracting(RiskAlert::getRuleId, RiskAlert::getStatus)
                .containsExactly(
                        tuple("toxic-trio-emerging", AlertStatus.ACTIVE), tuple("toxic-trio", AlertStatus.ACTIVE));

        var retraction = world.retract(incident.getHeader(), RetractionReason.WRONG_CHILD, day(210), amira);

        List<RiskAlert> changed = world.alerts();
        // both alerts rested on the incident: the trio's picture judged again, then both withdrawn
        assertThat(changed)
                .extracting(RiskAlert::getAlertId, RiskAlert::getStatus)
                .containsExactly(
                        tuple(changed.get(0).getAlertId(), AlertStatus.ACTIVE),
                        tuple(raised.get(0).getAlertId(), AlertStatus.WITHDRAWN),
                        tuple(raised.get(1).getAlertId(), AlertStatus.WITHDRAWN));
        RiskAlert withdrawnTrio = changed.get(2);
        assertThat(withdrawnTrio.getRuleId()).isEqualTo("toxic-trio");
        assertThat(withdrawnTrio.getEvidence())
                .extracting(Evidence::getSourceEventId)
                .containsExactlyElementsOf(raised.get(1).getEvidence().stream()
                        .map(Evidence::getSourceEventId)
                        .toList());
        assertThat(withdrawnTrio.getRoutedTo()).isEqualTo(raised.get(1).getRoutedTo());
        var withdrawal = withdrawnTrio.getWithdrawal();
        assertThat(withdrawal.getReason()).isEqualTo(RetractionReason.WRONG_CHILD);
        assertThat(withdrawal.getAgency()).isEqualTo(Agency.POLICE);
        assertThat(withdrawal.getOrganisationCode()).isEqualTo("01");
        assertThat(withdrawal.getAgencyReference()).isEqualTo(retraction.getAgencyReference());
        assertThat(withdrawal.getRetractedEventId())
                .isEqualTo(incident.getHeader().getEventId().toString());
        assertThat(withdrawal.getRetractionEventId())
                .isEqualTo(retraction.getHeader().getEventId().toString());
        assertThat(withdrawal.getRetractedAt()).isEqualTo(day(210));
        assertThat(withdrawal.getRemovedEvidence())
                .extracting(Evidence::getSourceReference, Evidence::getCategory)
                .containsExactly(tuple(incident.getIncidentReference(), IndicatorCategory.DOMESTIC_ABUSE));

        RiskAlert reissued = changed.get(0);
        assertThat(reissued.getRuleId()).isEqualTo("toxic-trio-emerging");
        assertThat(reissued.getSeverity()).isEqualTo(Severity.MEDIUM);
        assertThat(reissued.getSupersedes()).isEqualTo(withdrawnTrio.getAlertId());
        assertThat(reissued.getWithdrawal()).isNull();
        assertThat(reissued.getEvidence())
                .extracting(Evidence::getSourceReference)
                .containsExactly(crisis.getEventReference(), treatment.getEventReference());
        assertThat(reissued.getAlertId())
                .isNotIn(raised.get(0).getAlertId(), raised.get(1).getAlertId());

        // the chronology: the incident gone, the retraction in its place
        assertThat(world.childStates().get(world.pseudonymOf(amira)).getIndicators())
                .extracting(Indicator::getCategory)
                .containsExactly(
                        IndicatorCategory.PARENTAL_MENTAL_HEALTH,
                        IndicatorCategory.PARENTAL_DRUG_MISUSE,
                        IndicatorCategory.RETRACTION);
        assertThat(world.metrics.count("safeguarding.retractions", "agency", "POLICE", "outcome", "applied"))
                .isEqualTo(1.0);
        assertThat(world.metrics.count("safeguarding.alerts.withdrawn", "rule", "toxic-trio"))
                .isEqualTo(1.0);
        assertThat(world.deadLetters()).isEmpty();
    }

    @Test
    void aRuleThatNoLongerHoldsIsWithdrawnWithNothingInItsPlace() {
        Child ben = world.child("Ben");
        var first = world.domesticAbuse(day(0), ben);
        world.domesticAbuse(day(30), ben);
        world.domesticAbuse(day(60), ben);
        List<RiskAlert> raised = world.alerts();
        assertThat(raised).extracting(RiskAlert::getRuleId).containsExactly("repeat-domestic-abuse");

        world.retract(first.getHeader(), RetractionReason.RECORDED_IN_ERROR, day(61), ben);

        assertThat(world.alerts())
                .extracting(RiskAlert::getAlertId, RiskAlert::getStatus, RiskAlert::getSupersedes)
                .containsExactly(tuple(raised.get(0).getAlertId(), AlertStatus.WITHDRAWN, null));
        // and a later incident makes the repeat again, as if the first had never been
        world.domesticAbuse(day(90), ben);
        assertThat(world.alerts())
                .extracting(
                        RiskAlert::getRuleId,
                        RiskAlert::getStatus,
                        a -> a.getEvidence().size())
                .containsExactly(tuple("repeat-domestic-abuse", AlertStatus.ACTIVE, 3));
    }

    @Test
    void anAlertStillHoldingOnTheRemainingEvidenceIsReissuedWithItCorrected() {
        Child cara = world.child("Cara");
        var first = world.domesticAbuse(day(0), cara);
        var second = world.domesticAbuse(day(30), cara);
        var third = world.domesticAbuse(day(60), cara);
        var fourth = world.domesticAbuse(day(90), cara); // the alert in force: no new card
        RiskAlert alert = world.alerts().get(0);
        assertThat(world.alerts()).isEmpty();

        world.retract(second.getHeader(), RetractionReason.DUPLICATE, day(91), cara);

        List<RiskAlert> changed = world.alerts();
        assertThat(changed)
                .extracting(RiskAlert::getAlertId, RiskAlert::getStatus, RiskAlert::getSupersedes)
                .containsExactly(
                        tuple(changed.get(0).getAlertId(), AlertStatus.ACTIVE, alert.getAlertId()),
                        tuple(alert.getAlertId(), AlertStatus.WITHDRAWN, null));
        assertThat(changed.get(0).getEvidence())
                .extracting(Evidence::getSourceReference)
                .containsExactly(
                        first.getIncidentReference(), third.getIncidentReference(), fourth.getIncidentReference());
    }

    @Test
    void retractingEvidenceNoAlertRestsOnChangesNoAlert() {
        Child dan = world.child("Dan");
        world.domesticAbuse(day(0), dan);
        world.domesticAbuse(day(30), dan);
        world.domesticAbuse(day(60), dan);
        var fourth = world.domesticAbuse(day(90), dan);
        assertThat(world.alerts()).hasSize(1);

        world.retract(fourth.getHeader(), RetractionReason.RECORDED_IN_ERROR, day(91), dan);

        assertThat(world.alerts()).isEmpty();
        assertThat(world.childStates().get(world.pseudonymOf(dan)).getIndicators())
                .extracting(Indicator::getCategory)
                .containsExactly(
                        IndicatorCategory.DOMESTIC_ABUSE,
                        IndicatorCategory.DOMESTIC_ABUSE,
                        IndicatorCategory.DOMESTIC_ABUSE,
                        IndicatorCategory.RETRACTION);
    }

    @Test
    void aRetractionThatComesBeforeItsEventDropsTheEventWhenItComes() {
        Child eve = world.child("Eve");
        world.domesticAbuse(day(0), eve);
        world.domesticAbuse(day(30), eve);
        UUID third = UUID.randomUUID();
        world.retract(
                Topics.POLICE_RETRACTIONS,
                Agency.POLICE,
                "01",
                third,
                RetractionReason.RECORDED_IN_ERROR,
                day(59),
                eve);
        assertThat(world.metrics.count("safeguarding.retractions", "agency", "POLICE", "outcome", "pending"))
                .isEqualTo(1.0);
        assertThat(world.storeSize(ChildRulesProcessor.RETRACTIONS_PENDING_STORE))
                .isEqualTo(1);

        world.publish(Topics.DOMESTIC_ABUSE_INCIDENTS, incident(third, day(60), eve));

        // the third incident was taken back before it came: two remain, no repeat
        assertThat(world.alerts()).isEmpty();
        assertThat(world.childStates().get(world.pseudonymOf(eve)).getIndicators())
                .extracting(Indicator::getCategory)
                .containsExactly(
                        IndicatorCategory.DOMESTIC_ABUSE,
                        IndicatorCategory.DOMESTIC_ABUSE,
                        IndicatorCategory.RETRACTION);
        assertThat(world.metrics.count("safeguarding.retractions", "agency", "POLICE", "outcome", "suppressed"))
                .isEqualTo(1.0);
        assertThat(world.storeSize(ChildRulesProcessor.RETRACTIONS_PENDING_STORE))
                .isZero();
        world.advanceWallClock(Duration.ofMinutes(1));
        assertThat(world.deadLetters()).isEmpty();
    }

    /** A police incident with a given event id, the child present. */
    private static DomesticAbuseIncident incident(UUID id, Instant at, Child child) {
        return DomesticAbuseIncident.newBuilder()
                .setHeader(TestEvents.header(id, Agency.POLICE, "01", Scenario.LAMBETH, at, at))
                .setIncidentReference("MPS-" + id.toString().substring(0, 8))
                .setChildren(List.of(LinkedChild.newBuilder()
                        .setPresent(true)
                        .setChild(Scenario.ref(child))
                        .build()))
                .setDashRiskLevel(DashRiskLevel.MEDIUM)
                .setPoliceAttended(true)
                .build();
    }

    @Test
    void aRetractionWhoseEventNeverComesIsDeadLetteredUnmatchedOnceTheWindowHasPassed() {
        Child fay = world.child("Fay");
        Child other = world.child("Other");
        var before = world.domesticAbuse(day(0), fay);
        UUID never = UUID.randomUUID();
        world.retract(Topics.POLICE_RETRACTIONS, Agency.POLICE, "01", never, RetractionReason.WRONG_CHILD, day(1), fay);
        world.domesticAbuse(day(30), other); // stream time moves on, not yet past the 30 days
        world.advanceWallClock(Duration.ofMinutes(1));
        assertThat(world.deadLetters()).isEmpty();

        world.domesticAbuse(day(32), other);
        world.advanceWallClock(Duration.ofMinutes(1));

        List<DeadLetter> letters = world.deadLetters();
        assertThat(letters)
                .extracting(DeadLetter::getReason, DeadLetter::getSourceTopic)
                .containsExactly(tuple(RejectReason.RETRACTION_UNMATCHED, Topics.POLICE_RETRACTIONS.name()));
        assertThat(letters.get(0).getDetail()).doesNotContain(never.toString());
        assertThat(letters.get(0).getOffset()).isEqualTo(0L);
        assertThat(world.metrics.count("safeguarding.rejects", "reason", "RETRACTION_UNMATCHED"))
                .isEqualTo(world.metrics.count("safeguarding.retractions", "agency", "POLICE", "outcome", "unmatched"))
                .isEqualTo(1.0);
        // the child's picture is as it was; the event, if it comes now, counts
        assertThat(world.childStates().get(world.pseudonymOf(fay)).getIndicators())
                .extracting(Indicator::getEventId)
                .containsExactly(before.getHeader().getEventId().toString());
        world.advanceWallClock(Duration.ofMinutes(1));
        assertThat(world.deadLetters()).isEmpty();
    }

    @Test
    void aRetractionOfAnotherAgencysEventIsRefusedOnceWithItsReasonAndChangesNothing() {
        Child gus = world.child("Gus");
        var incident = world.domesticAbuse(day(0), gus);
        world.domesticAbuse(day(30), gus);
        world.domesticAbuse(day(60), gus);
        assertThat(world.alerts()).hasSize(1);

        // health, on its own topic, names the police's incident
        world.retract(
                Topics.HEALTH_RETRACTIONS,
                Agency.HEALTH,
                "RJ1",
                incident.getHeader().getEventId(),
                RetractionReason.WRONG_CHILD,
                day(61),
                gus);
        // another force, on the police topic
        world.retract(
                Topics.POLICE_RETRACTIONS,
                Agency.POLICE,
                "44",
                incident.getHeader().getEventId(),
                RetractionReason.WRONG_CHILD,
                day(61),
                gus);
        // health, on the police topic: refused at intake
        world.retract(
                Topics.POLICE_RETRACTIONS,
                Agency.HEALTH,
                "RJ1",
                incident.getHeader().getEventId(),
                RetractionReason.WRONG_CHILD,
                day(61),
                gus);

        assertThat(world.alerts()).isEmpty();
        assertThat(world.deadLetters())
                .extracting(DeadLetter::getReason)
                .containsExactly(
                        RejectReason.RETRACTION_NOT_OWN_EVENT,
                        RejectReason.RETRACTION_NOT_OWN_EVENT,
                        RejectReason.RETRACTION_NOT_OWN_EVENT);
        assertThat(world.metrics.count("safeguarding.rejects", "reason", "RETRACTION_NOT_OWN_EVENT"))
                .isEqualTo(3.0);
        assertThat(world.childStates().get(world.pseudonymOf(gus)).getIndicators())
                .extracting(Indicator::getCategory)
                .containsOnly(IndicatorCategory.DOMESTIC_ABUSE)
                .hasSize(3);
    }

    @Test
    void aRepeatedRetractionChangesNothing() {
        Child hal = world.child("Hal");
        var first = world.domesticAbuse(day(0), hal);
        world.domesticAbuse(day(30), hal);
        world.domesticAbuse(day(60), hal);
        world.alerts();
        var retraction = world.retract(first.getHeader(), RetractionReason.DUPLICATE, day(61), hal);
        assertThat(world.alerts()).hasSize(1);
        var state = world.childStates().get(world.pseudonymOf(hal));

        world.publish(Topics.POLICE_RETRACTIONS, retraction); // the same retraction sent again
        world.retract(first.getHeader(), RetractionReason.RECORDED_IN_ERROR, day(62), hal); // a second one
        world.publish(Topics.DOMESTIC_ABUSE_INCIDENTS, first); // and the retracted event itself again

        assertThat(world.alerts()).isEmpty();
        assertThat(world.deadLetters()).isEmpty();
        // (Avro's equals cannot compare the alerts' times inside the state: compare what matters)
        var after = world.childStates().get(world.pseudonymOf(hal));
        assertThat(after.getIndicators())
                .extracting(Indicator::getEventId)
                .containsExactlyElementsOf(state.getIndicators().stream()
                        .map(Indicator::getEventId)
                        .toList());
        assertThat(after.getRaisedAlerts())
                .extracting(RiskAlert::getAlertId)
                .containsExactlyElementsOf(state.getRaisedAlerts().stream()
                        .map(RiskAlert::getAlertId)
                        .toList());
        assertThat(world.metrics.count("safeguarding.retractions", "agency", "POLICE", "outcome", "repeat"))
                .isEqualTo(1.0);
        assertThat(world.metrics.count("safeguarding.retractions", "agency", "POLICE", "outcome", "suppressed"))
                .isEqualTo(1.0);
    }

    @Test
    void theWorkItemTakesTheReissuedAlertAndStaysOpenOrIsWithdrawnWithNothingLeft() {
        Child ivy = world.child("Ivy");
        var incident = world.domesticAbuse(day(0), ivy);
        world.parentHealth(day(100), MENTAL_HEALTH, ivy);
        world.parentHealth(day(200), DRUG_MISUSE, ivy);
        world.workItems();

        world.retract(incident.getHeader(), RetractionReason.WRONG_CHILD, day(210), ivy);

        List<org.safeguardingsignals.events.WorkItem> items = world.workItems();
        var latest = items.get(items.size() - 1);
        assertThat(items).extracting(i -> i.getWorkItemId()).containsOnly(latest.getWorkItemId());
        assertThat(latest.getStatus()).isEqualTo(org.safeguardingsignals.events.WorkItemStatus.OPEN);
        assertThat(latest.getSeverity()).isEqualTo(Severity.MEDIUM);
        assertThat(latest.getAlerts())
                .extracting(a -> a.getRuleId(), a -> a.getWithdrawal() != null)
                .containsExactlyInAnyOrder(
                        tuple("toxic-trio-emerging", true),
                        tuple("toxic-trio", true),
                        tuple("toxic-trio-emerging", false));

        Child jay = world.child("Jay");
        var first = world.domesticAbuse(day(300), jay);
        world.domesticAbuse(day(310), jay);
        world.domesticAbuse(day(320), jay);
        world.workItems();
        world.retract(first.getHeader(), RetractionReason.RECORDED_IN_ERROR, day(321), jay);
        assertThat(world.workItems())
                .extracting(i -> i.getStatus())
                .containsExactly(org.safeguardingsignals.events.WorkItemStatus.WITHDRAWN);
    }

    @Test
    void aWaitingRetractionTakesItsPlaceInTheChronologyAndIsMarkedAppliedWhenItsEventComes() {
        Child kay = world.child("Kay");
        world.domesticAbuse(day(0), kay);
        world.domesticAbuse(day(30), kay);
        UUID late = UUID.randomUUID();
        world.retract(Topics.POLICE_RETRACTIONS, Agency.POLICE, "01", late, RetractionReason.DUPLICATE, day(20), kay);
        var held = world.childStates().get(world.pseudonymOf(kay));
        assertThat(held.getIndicators())
                .extracting(Indicator::getCategory)
                .containsExactly(
                        IndicatorCategory.DOMESTIC_ABUSE,
                        IndicatorCategory.RETRACTION,
                        IndicatorCategory.DOMESTIC_ABUSE);
        assertThat(held.getIndicators().get(1).getRetraction().getApplied()).isFalse();
        assertThat(held.getIndicators().get(1).getRetraction().getUnmatchedAfter())
                .isEqualTo(day(30).plus(Duration.ofDays(30)).toEpochMilli());

        world.publish(Topics.DOMESTIC_ABUSE_INCIDENTS, incident(late, day(25), kay));

        var after = world.childStates()
                .get(world.pseudonymOf(kay))
                .getIndicators()
                .get(1)
                .getRetraction();
        assertThat(after.getApplied()).isTrue();
        assertThat(after.getUnmatchedAfter()).isZero();
        assertThat(world.alerts()).isEmpty();
    }

    @Test
    void aReissuedAlertIsWithdrawnInItsTurnByALaterRetractionAndTheWithdrawnOnesAreNotWithdrawnAgain() {
        Child lea = world.child("Lea");
        var incident = world.domesticAbuse(day(0), lea);
        var crisis = world.parentHealth(day(100), MENTAL_HEALTH, lea);
        world.parentHealth(day(200), DRUG_MISUSE, lea);
        world.alerts();
        world.retract(incident.getHeader(), RetractionReason.WRONG_CHILD, day(210), lea);
        RiskAlert reissued = world.alerts().get(0);
        assertThat(reissued.getSupersedes()).isNotNull();

        world.retract(crisis.getHeader(), RetractionReason.RECORDED_IN_ERROR, day(211), lea);

        assertThat(world.alerts())
                .extracting(RiskAlert::getAlertId, RiskAlert::getStatus)
                .containsExactly(tuple(reissued.getAlertId(), AlertStatus.WITHDRAWN));
        assertThat(world.childStates().get(world.pseudonymOf(lea)).getRaisedAlerts())
                .isEmpty();
    }

    @Test
    void aPictureThatStillHoldsAsAnAlertAlreadyRaisedIsNotRaisedAgain() {
        Child max = world.child("Max");
        world.domesticAbuse(day(0), max);
        world.parentHealth(day(100), MENTAL_HEALTH, max);
        var treatment = world.parentHealth(day(200), DRUG_MISUSE, max);
        List<RiskAlert> raised = world.alerts(); // emerging on the first two, then the trio

        world.retract(treatment.getHeader(), RetractionReason.RECORDED_IN_ERROR, day(201), max);

        // the emerging alert on the first two still stands: only the trio goes
        assertThat(world.alerts())
                .extracting(RiskAlert::getAlertId, RiskAlert::getStatus)
                .containsExactly(tuple(raised.get(1).getAlertId(), AlertStatus.WITHDRAWN));
        // and a real treatment entry later makes the trio again
        world.parentHealth(day(230), DRUG_MISUSE, max);
        assertThat(world.alerts())
                .extracting(RiskAlert::getRuleId, RiskAlert::getStatus)
                .containsExactly(tuple("toxic-trio", AlertStatus.ACTIVE));
    }

    @Test
    void aChildKnownOnlyByAnUnmatchedRetractionLeavesTheStoreWhenItIsReported() {
        Child ned = world.child("Ned");
        world.retract(
                Topics.POLICE_RETRACTIONS,
                Agency.POLICE,
                "01",
                UUID.randomUUID(),
                RetractionReason.WRONG_CHILD,
                day(0),
                ned);
        assertThat(world.childStates().get(world.pseudonymOf(ned))).isNotNull();
        world.domesticAbuse(day(31), world.child("Other"));
        world.advanceWallClock(Duration.ofMinutes(1));

        assertThat(world.deadLetters()).hasSize(1);
        assertThat(world.childStates().get(world.pseudonymOf(ned))).isNull();
    }

    @Test
    void aReturnInterviewProviderRetractsItsInterviewsAndNothingElse() {
        Child ola = world.child("Ola");
        var offered = world.returnInterview("EP-1", ola, day(1), ReturnInterviewStatus.OFFERED);
        var completed = world.returnInterview("EP-2", ola, day(2), ReturnInterviewStatus.COMPLETED);
        var declined = world.returnInterview("EP-3", ola, day(3), ReturnInterviewStatus.DECLINED);
        var referral = world.referral(day(4), ola);
        for (var header :
                List.of(offered.getHeader(), completed.getHeader(), declined.getHeader(), referral.getHeader())) {
            world.retract(
                    Topics.RETURN_INTERVIEW_RETRACTIONS,
                    header.getSourceAgency(),
                    header.getOrganisationCode(),
                    header.getEventId(),
                    RetractionReason.RECORDED_IN_ERROR,
                    day(5),
                    ola);
        }

        // the three interviews taken back; the council's referral, on the interview provider's topic, refused
        assertThat(world.childStates().get(world.pseudonymOf(ola)).getIndicators())
                .extracting(Indicator::getCategory)
                .containsExactly(
                        IndicatorCategory.REFERRAL,
                        IndicatorCategory.RETRACTION,
                        IndicatorCategory.RETRACTION,
                        IndicatorCategory.RETRACTION);
        assertThat(world.deadLetters())
                .extracting(DeadLetter::getReason)
                .containsExactly(RejectReason.RETRACTION_NOT_OWN_EVENT);
    }

    @Test
    void anAlertLeavesTheStateOnceNoneOfItsEvidenceIsHeld() {
        Child pia = world.child("Pia");
        world.domesticAbuse(day(0), pia);
        world.domesticAbuse(day(30), pia);
        world.domesticAbuse(day(60), pia);
        assertThat(world.alerts()).hasSize(1);
        assertThat(world.childStates().get(world.pseudonymOf(pia)).getRaisedAlerts())
                .hasSize(1);

        world.schoolConcern(day(410), pia, SchoolConcernCategory.ATTENDANCE_DROP); // the first incident falls out
        assertThat(world.childStates().get(world.pseudonymOf(pia)).getRaisedAlerts())
                .hasSize(1);
        world.schoolConcern(day(500), pia, SchoolConcernCategory.ATTENDANCE_DROP); // and the other two
        assertThat(world.childStates().get(world.pseudonymOf(pia)).getRaisedAlerts())
                .isEmpty();
    }

    @Test
    void anOverdueReturnInterviewAlertIsWithdrawnWithItsEpisode() {
        Child raj = world.child("Raj");
        Instant returned = day(10);
        var episode = world.missing("EP-9", raj, day(9), returned);
        world.domesticAbuse(returned.plus(Duration.ofHours(73)), world.child("someone else"));
        world.advanceWallClock(Duration.ofSeconds(30));
        List<RiskAlert> raised = world.alerts();
        assertThat(raised).extracting(RiskAlert::getRuleId).containsExactly("return-interview-overdue");

        world.retract(episode.getHeader(), RetractionReason.RECORDED_IN_ERROR, day(11), raj);

        assertThat(world.alerts())
                .extracting(RiskAlert::getAlertId, RiskAlert::getStatus)
                .containsExactly(tuple(raised.get(0).getAlertId(), AlertStatus.WITHDRAWN));
    }
}
