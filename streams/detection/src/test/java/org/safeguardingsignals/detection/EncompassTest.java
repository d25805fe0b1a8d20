package org.safeguardingsignals.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.decisions.SchoolDays;
import org.safeguardingsignals.detection.Scenario.Child;
import org.safeguardingsignals.detection.duties.EncompassDeadlinesProcessor;
import org.safeguardingsignals.detection.duties.EncompassSettings;
import org.safeguardingsignals.detection.duties.StatutoryDutiesProcessor;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.DashRiskLevel;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.EncompassNotice;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.LinkedChild;
import org.safeguardingsignals.events.NoticeStatus;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.topics.Topics;

/**
 * Operation Encompass through the detection topology, time advanced on the wall clock: a notice to the school of each
 * child on roll, due before the next school day (a late evening, a weekend, a bank holiday, half term), acknowledged
 * or escalated exactly once; a child of school age on no roll checked as possibly missing education.
 */
class EncompassTest {
    private static final String URN = "100001";
    private static final String OTHER_URN = "100002";
    private static final LocalDate TERM_START = LocalDate.parse("2026-09-03");

    private Scenario world = new Scenario();

    @AfterEach
    void close() {
        world.close();
    }

    /** Moves the wall clock (and so the time agencies publish at) to a London-winter instant. */
    private void at(String utc) {
        Duration d = Duration.between(world.wallClock(), Instant.parse(utc));
        world.advanceWallClock(d);
    }

    private static EncompassNotice only(List<KeyValue<String, EncompassNotice>> notices) {
        assertThat(notices).hasSize(1);
        return notices.get(0).value;
    }

    @Test
    void aLateEveningIncidentIsDueAtTheNextMorningsStartAndAnAcknowledgementInTimeRaisesNothing() {
        Child mia = world.child("Mia");
        world.schoolRoll(mia, URN, TERM_START, null);
        at("2027-01-05T21:30:00Z"); // Tuesday evening
        DomesticAbuseIncident incident = world.domesticAbuse(world.wallClock(), mia);

        List<KeyValue<String, EncompassNotice>> sent = world.notices();
        EncompassNotice notice = only(sent);
        assertThat(sent.get(0).key).as("keyed by the school").isEqualTo(URN);
        assertThat(notice.getStatus()).isEqualTo(NoticeStatus.SENT);
        assertThat(notice.getDueBy()).isEqualTo(Instant.parse("2027-01-06T08:45:00Z"));
        assertThat(notice.getChildPseudonym()).isEqualTo(world.pseudonymOf(mia));
        assertThat(notice.getIncidentReference()).isEqualTo(incident.getIncidentReference());
        assertThat(notice.getForceCode()).isEqualTo("01");
        assertThat(notice.getIncidentAt()).isEqualTo(incident.getHeader().getOccurredAt());

        at("2027-01-06T07:50:00Z");
        world.acknowledge(notice, "dsl-100001");
        EncompassNotice acknowledged = only(world.notices());
        assertThat(acknowledged.getStatus()).isEqualTo(NoticeStatus.ACKNOWLEDGED);
        assertThat(acknowledged.getAcknowledgedBy()).isEqualTo("dsl-100001");
        assertThat(acknowledged.getAcknowledgedAt()).isEqualTo(Instant.parse("2027-01-06T07:50:00Z"));

        world.acknowledge(notice, "dsl-100001");
        at("2027-01-07T09:00:00Z");
        assertThat(world.notices())
                .as("a repeated acknowledgement changes nothing")
                .isEmpty();
        assertThat(world.alerts()).as("acknowledged in time: no escalation").isEmpty();
    }

    @Test
    void aFridayEveningNoticeIsDueOnMondayAndEscalatesOnceWhenItPasses() {
        Child leo = world.child("Leo");
        world.schoolRoll(leo, URN, TERM_START, null);
        at("2027-01-08T19:00:00Z"); // Friday
        world.domesticAbuse(world.wallClock(), leo);
        EncompassNotice notice = only(world.notices());
        assertThat(notice.getDueBy()).isEqualTo(Instant.parse("2027-01-11T08:45:00Z"));

        at("2027-01-11T08:44:00Z");
        assertThat(world.alerts()).as("over the weekend, before Monday's start").isEmpty();
        assertThat(world.notices()).isEmpty();

        at("2027-01-11T08:46:00Z");
        List<RiskAlert> alerts = world.alerts();
        assertThat(alerts).hasSize(1);
        RiskAlert escalation = alerts.get(0);
        assertThat(escalation.getRuleId()).isEqualTo("encompass-unacknowledged");
        assertThat(escalation.getSeverity()).isEqualTo(Severity.MEDIUM);
        assertThat(escalation.getChildPseudonym()).isEqualTo(world.pseudonymOf(leo));
        assertThat(escalation.getRoutedTo()).containsExactly(Scenario.LAMBETH);
        assertThat(escalation.getEvidence())
                .extracting(e -> e.getAgency(), e -> e.getCategory(), e -> e.getOrganisationCode())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Agency.POLICE, IndicatorCategory.DOMESTIC_ABUSE, "01"),
                        org.assertj.core.groups.Tuple.tuple(Agency.SCHOOL, IndicatorCategory.ENCOMPASS_NOTICE, URN));
        assertThat(escalation.getWindow().getEnd()).isEqualTo(notice.getDueBy());
        EncompassNotice escalated = only(world.notices());
        assertThat(escalated.getStatus()).isEqualTo(NoticeStatus.ESCALATED);
        assertThat(world.workItems())
                .as("the escalation is on the MASH's worklist")
                .singleElement()
                .satisfies(item -> assertThat(item.getAlerts())
                        .extracting(a -> a.getAlertId())
                        .containsExactly(escalation.getAlertId()));

        at("2027-01-12T12:00:00Z");
        assertThat(world.alerts()).as("escalated once").isEmpty();

        // a late acknowledgement is still recorded, so the MASH sees the school has it
        world.acknowledge(notice, "dsl-100001");
        EncompassNotice late = only(world.notices());
        assertThat(late.getStatus()).isEqualTo(NoticeStatus.ACKNOWLEDGED);
        assertThat(late.getEscalatedAt()).isEqualTo(Instant.parse("2027-01-11T08:46:00Z"));
    }

    @Test
    void bankHolidaysAreNotSchoolDays() {
        Child ava = world.child("Ava");
        world.schoolRoll(ava, URN, TERM_START, null);
        // Thursday before Easter 2027: Good Friday 26 March and Easter Monday 29 March are bank holidays
        at("2027-03-25T20:00:00Z");
        world.domesticAbuse(world.wallClock(), ava);
        // Tuesday 30 March, 08:45 British Summer Time
        assertThat(only(world.notices()).getDueBy()).isEqualTo(Instant.parse("2027-03-30T07:45:00Z"));
    }

    @Test
    void anAuthoritysTermDatesPutHalfTermOutOfSchoolDays() {
        world.close();
        world = new Scenario(DetectionConfig.DEFAULTS.withEncompass(new EncompassSettings(
                SchoolDays.DEFAULT_START,
                List.of(),
                Map.of(Scenario.LAMBETH, SchoolDays.terms("2027-01-05/2027-02-12,2027-02-22/2027-03-26")),
                Duration.ofDays(7),
                Duration.ofDays(20))));
        Child ben = world.child("Ben");
        world.schoolRoll(ben, URN, TERM_START, null);
        at("2027-02-12T17:00:00Z"); // the last day before half term
        world.domesticAbuse(world.wallClock(), ben);
        assertThat(only(world.notices()).getDueBy()).isEqualTo(Instant.parse("2027-02-22T08:45:00Z"));

        world.publishingFor(Scenario.KENT); // Kent keeps the partnership's calendar: every working day
        Child cal = world.child("Cal");
        world.schoolRoll(cal, OTHER_URN, TERM_START, null);
        world.domesticAbuse(world.wallClock(), cal);
        assertThat(only(world.notices()).getDueBy()).isEqualTo(Instant.parse("2027-02-15T08:45:00Z"));
    }

    @Test
    void aNoticeGoesToEveryCurrentSchoolOnceAndNoneToASchoolTheChildHasLeft() {
        Child dan = world.child("Dan");
        Child eve = world.child("Eve");
        world.schoolRoll(dan, URN, TERM_START, null);
        world.schoolRoll(dan, OTHER_URN, TERM_START, null); // dual registration
        world.schoolRoll(eve, URN, TERM_START, null);
        world.schoolRoll(eve, URN, TERM_START, LocalDate.parse("2026-12-18"));
        at("2027-01-05T21:30:00Z");
        DomesticAbuseIncident incident = world.domesticAbuse(world.wallClock(), dan);
        world.publish(Topics.DOMESTIC_ABUSE_INCIDENTS, incident); // sent twice by the force

        assertThat(world.notices()).extracting(kv -> kv.key).containsExactlyInAnyOrder(URN, OTHER_URN);

        world.domesticAbuse(world.wallClock(), eve);
        assertThat(world.notices()).as("Eve has left the school").isEmpty();
        assertThat(world.alerts())
                .as("Eve's age is not known: no missing-education check")
                .isEmpty();
    }

    @Test
    void aChildOfSchoolAgeOnNoRollRaisesOneNoCurrentSchoolAlert() {
        at("2027-01-05T21:30:00Z");
        Child fay = world.child("Fay");
        Child gus = world.child("Gus");
        DomesticAbuseIncident incident = DomesticAbuseIncident.newBuilder()
                .setHeader(Scenario.header(Agency.POLICE, "01", Scenario.LAMBETH, world.wallClock()))
                .setIncidentReference("MPS-NS-1")
                .setChildren(List.of(
                        linked(fay, LocalDate.parse("2016-05-01")), // ten
                        linked(gus, LocalDate.parse("2024-05-01")))) // two: not of school age
                .setDashRiskLevel(DashRiskLevel.STANDARD)
                .setPoliceAttended(true)
                .build();
        world.publish(Topics.DOMESTIC_ABUSE_INCIDENTS, incident);
        world.publish(Topics.DOMESTIC_ABUSE_INCIDENTS, incident);

        List<RiskAlert> alerts = world.alerts();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getRuleId()).isEqualTo("no-current-school");
        assertThat(alerts.get(0).getChildPseudonym()).isEqualTo(world.pseudonymOf(fay));
        assertThat(alerts.get(0).getEvidence())
                .singleElement()
                .satisfies(e -> assertThat(e.getSourceReference()).isEqualTo("MPS-NS-1"));
        assertThat(world.notices()).isEmpty();
    }

    @Test
    void aPupilTakenOffTheRollWithNoOtherSchoolIsCheckedOnceAfterTheGrace() {
        LocalDate ten = LocalDate.parse("2016-05-01");
        Child lia = world.child("Lia");
        Child max = world.child("Max");
        Child ned = world.child("Ned");
        for (Child c : List.of(lia, max, ned)) {
            world.schoolRoll(c, ten, URN, TERM_START, null);
        }
        world.schoolRoll(lia, ten, URN, TERM_START, LocalDate.parse("2026-12-31"));
        world.schoolRoll(lia, ten, URN, TERM_START, LocalDate.parse("2026-12-31")); // sent twice
        world.schoolRoll(max, ten, URN, TERM_START, LocalDate.parse("2026-12-31"));
        world.schoolRoll(ned, null, URN, TERM_START, LocalDate.parse("2026-12-31")); // age not known: no check
        world.advanceWallClock(Duration.ofDays(10));
        world.schoolRoll(max, ten, OTHER_URN, LocalDate.parse("2027-01-11"), null); // a new school
        world.advanceWallClock(Duration.ofDays(9).plusHours(23));
        assertThat(world.alerts()).as("within the grace").isEmpty();

        world.advanceWallClock(Duration.ofHours(2));
        List<RiskAlert> alerts = world.alerts();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getRuleId()).isEqualTo("no-current-school");
        assertThat(alerts.get(0).getChildPseudonym()).isEqualTo(world.pseudonymOf(lia));
        assertThat(alerts.get(0).getEvidence())
                .singleElement()
                .satisfies(e -> assertThat(e.getCategory()).isEqualTo(IndicatorCategory.SCHOOL_ROLL_ENDED));
        world.advanceWallClock(Duration.ofDays(30));
        assertThat(world.alerts()).as("checked once").isEmpty();
        assertThat(world.storeKeys(StatutoryDutiesProcessor.STORE))
                .containsExactly(world.pseudonymOf(max))
                .as("only the child on a roll is still held");
    }

    @Test
    void anIncidentPoliceDidNotAttendOrOneFromLongAgoSendsNoNotice() {
        Child hal = world.child("Hal");
        world.schoolRoll(hal, URN, TERM_START, null);
        at("2027-01-05T21:30:00Z");
        DomesticAbuseIncident notAttended = DomesticAbuseIncident.newBuilder()
                .setHeader(Scenario.header(Agency.POLICE, "01", Scenario.LAMBETH, world.wallClock()))
                .setIncidentReference("MPS-NA-1")
                .setChildren(List.of(linked(hal, null)))
                .setDashRiskLevel(DashRiskLevel.STANDARD)
                .setPoliceAttended(false)
                .build();
        world.publish(Topics.DOMESTIC_ABUSE_INCIDENTS, notAttended);
        world.domesticAbuse(world.wallClock().minus(Duration.ofDays(8)), hal); // a backfill
        assertThat(world.notices()).isEmpty();
    }

    @Test
    void stateLeavesWhenRollsAndPlansEndAndNoticesAfterTheirKeepingTime() {
        Child ivy = world.child("Ivy");
        world.schoolRoll(ivy, URN, TERM_START, null);
        world.statusChange(
                world.wallClock().minusSeconds(30),
                ivy,
                org.safeguardingsignals.events.StatusChangeType.CHILD_PROTECTION_PLAN_START,
                null,
                null);
        assertThat(world.storeKeys(StatutoryDutiesProcessor.STORE)).containsExactly(world.pseudonymOf(ivy));
        world.domesticAbuse(world.wallClock(), ivy);
        assertThat(world.storeSize(EncompassDeadlinesProcessor.STORE)).isEqualTo(1);

        world.schoolRoll(ivy, URN, TERM_START, LocalDate.parse("2027-01-01"));
        assertThat(world.storeSize(StatutoryDutiesProcessor.STORE))
                .as("still on a plan")
                .isEqualTo(1);
        world.statusChange(
                world.wallClock(),
                ivy,
                org.safeguardingsignals.events.StatusChangeType.CHILD_PROTECTION_PLAN_END,
                null,
                null);
        assertThat(world.storeSize(StatutoryDutiesProcessor.STORE))
                .as("kept while a repeat of its incident could come")
                .isEqualTo(1);
        world.advanceWallClock(Duration.ofDays(8));
        assertThat(world.storeSize(StatutoryDutiesProcessor.STORE)).isZero();
        assertThat(world.storeSize(StatutoryDutiesProcessor.EXPIRY_STORE)).isZero();

        Child jo = world.child("Jo");
        world.schoolRoll(jo, URN, TERM_START, null);
        world.schoolRoll(jo, URN, TERM_START, LocalDate.parse("2027-01-08"));
        assertThat(world.storeKeys(StatutoryDutiesProcessor.STORE)).doesNotContain(world.pseudonymOf(jo));

        world.advanceWallClock(Duration.ofDays(150));
        assertThat(world.storeSize(EncompassDeadlinesProcessor.STORE)).isZero();
        assertThat(world.storeSize(EncompassDeadlinesProcessor.DEADLINES_STORE)).isZero();
    }

    private static LinkedChild linked(Child child, LocalDate dateOfBirth) {
        return LinkedChild.newBuilder()
                .setPresent(true)
                .setChild(PersonRef.newBuilder(Scenario.ref(child))
                        .setDateOfBirth(dateOfBirth)
                        .build())
                .build();
    }
}
