package org.safeguardingsignals.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.safeguardingsignals.events.ParentHealthCategory.DRUG_MISUSE;
import static org.safeguardingsignals.events.ParentHealthCategory.MENTAL_HEALTH;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.detection.Scenario.Child;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.AssessmentFactor;
import org.safeguardingsignals.events.DashRiskLevel;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.PresentingReason;
import org.safeguardingsignals.events.Referral;
import org.safeguardingsignals.events.ReferralOutcome;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.SchoolConcernCategory;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.topics.Topics;

/**
 * The rules a front door needs before a toxic-trio prompt, through the real topology with time moved on by event
 * dates: every alert counted exactly.
 */
class FrontDoorRulesTest {
    static final Instant DAY0 = Instant.parse("2026-03-02T10:00:00Z");
    private Scenario world = new Scenario();

    @AfterEach
    void close() {
        world.close();
    }

    private static Instant day(int n) {
        return DAY0.plus(Duration.ofDays(n));
    }

    // ---- re-referral

    @Test
    void aReferralWithinTwelveMonthsOfThePreviousOneIsAReReferral() {
        Child ana = world.child("Ana");
        Referral first = world.referral(day(0), ana);
        assertThat(world.alerts()).isEmpty();

        Referral second = world.referral(day(300), ana);
        List<RiskAlert> alerts = world.alerts();
        assertThat(alerts)
                .extracting(RiskAlert::getRuleId, RiskAlert::getSeverity)
                .containsExactly(tuple("re-referral", Severity.MEDIUM));
        assertThat(alerts.get(0).getEvidence())
                .extracting(Evidence::getSourceReference)
                .containsExactly(first.getReferralId(), second.getReferralId());
    }

    @Test
    void aReferralMoreThanTwelveMonthsLaterOrAnUpdateOfTheSameReferralIsNot() {
        Child bea = world.child("Bea");
        Referral first = world.referral(day(0), bea);
        world.referral(day(366), bea);
        assertThat(world.alerts()).as("366 days after the previous one").isEmpty();

        Referral update = Referral.newBuilder(first)
                .setHeader(Scenario.header(Agency.CHILDRENS_SERVICES, Scenario.LAMBETH, Scenario.LAMBETH, day(367)))
                .setOutcome(ReferralOutcome.EARLY_HELP)
                .build();
        world.publish(Topics.REFERRALS, update);
        assertThat(world.alerts()).as("the outcome of a referral already held").isEmpty();
    }

    // ---- repeat domestic abuse

    @Test
    void fourIncidentsInEightMonthsRaiseOneAlertAtTheThird() {
        Child cal = world.child("Cal");
        for (int month = 0; month < 4; month++) {
            world.domesticAbuse(day(month * 60), DashRiskLevel.STANDARD, false, cal);
        }
        List<RiskAlert> alerts = world.alerts();
        assertThat(alerts)
                .extracting(RiskAlert::getRuleId, RiskAlert::getSeverity)
                .containsExactly(tuple("repeat-domestic-abuse", Severity.MEDIUM));
        assertThat(alerts.get(0).getEvidence()).hasSize(3);
    }

    @Test
    void aDashHighIncidentWithTheChildPresentCountsOnItsOwnOnceWhileInForce() {
        Child dee = world.child("Dee");
        world.domesticAbuse(day(-400), DashRiskLevel.HIGH, true, dee);
        assertThat(world.alerts())
                .extracting(RiskAlert::getRuleId, RiskAlert::getSeverity)
                .containsExactly(tuple("repeat-domestic-abuse", Severity.HIGH));

        world.domesticAbuse(day(-390), DashRiskLevel.STANDARD, true, dee);
        world.domesticAbuse(day(-380), DashRiskLevel.HIGH, true, dee);
        assertThat(world.alerts())
                .as("in force: the item holds it, the chronology has every incident")
                .isEmpty();

        world.domesticAbuse(day(0), DashRiskLevel.HIGH, true, dee); // 380 days on: the earlier ones have lapsed
        assertThat(world.alerts())
                .extracting(RiskAlert::getRuleId, RiskAlert::getSeverity)
                .containsExactly(tuple("repeat-domestic-abuse", Severity.HIGH));
    }

    @Test
    void aDashHighIncidentWhereTheChildWasNotPresentDoesNotCountOnItsOwn() {
        Child eli = world.child("Eli");
        world.domesticAbuse(day(0), DashRiskLevel.HIGH, false, eli);
        assertThat(world.alerts()).isEmpty();
    }

    @Test
    void countAndPeriodAreAPartnershipSetting() {
        world.close();
        Properties p = new Properties();
        p.setProperty("authority." + Scenario.LAMBETH + ".rules.repeat-domestic-abuse.count", "2");
        p.setProperty("authority." + Scenario.LAMBETH + ".rules.repeat-domestic-abuse.period", "P30D");
        world = new Scenario(DetectionConfig.from(p));
        Child fay = world.child("Fay");
        world.domesticAbuse(day(0), DashRiskLevel.STANDARD, true, fay);
        world.domesticAbuse(day(31), DashRiskLevel.STANDARD, true, fay);
        assertThat(world.alerts()).as("31 days apart").isEmpty();
        world.domesticAbuse(day(40), DashRiskLevel.STANDARD, true, fay);
        assertThat(world.alerts()).extracting(RiskAlert::getRuleId).containsExactly("repeat-domestic-abuse");
    }

    // ---- toxic trio weighs DASH level and presence

    @Test
    void aStandardRiskIncidentWhereTheChildWasOnlyLinkedDoesNotCountTowardsTheTrio() {
        Child gus = world.child("Gus");
        world.domesticAbuse(day(0), DashRiskLevel.STANDARD, false, gus);
        world.parentHealth(day(10), MENTAL_HEALTH, gus);
        world.parentHealth(day(20), DRUG_MISUSE, gus);
        assertThat(world.alerts())
                .extracting(RiskAlert::getRuleId)
                .as("only the two health groups count")
                .containsExactly("toxic-trio-emerging");

        world.domesticAbuse(day(30), DashRiskLevel.MEDIUM, false, gus);
        assertThat(world.alerts()).extracting(RiskAlert::getRuleId).containsExactly("toxic-trio");
    }

    @Test
    void emergingIsASwitchPerPartnership() {
        world.close();
        Properties p = new Properties();
        p.setProperty("authority." + Scenario.LAMBETH + ".rules.toxic-trio.emerging.enabled", "false");
        world = new Scenario(DetectionConfig.from(p));
        Child hal = world.child("Hal");
        world.parentHealth(day(0), MENTAL_HEALTH, hal);
        world.parentHealth(day(1), DRUG_MISUSE, hal);
        assertThat(world.alerts()).as("Lambeth turned emerging off").isEmpty();

        world.publishingFor(Scenario.KENT);
        Child ivy = world.child("Ivy");
        world.parentHealth(day(0), MENTAL_HEALTH, ivy);
        world.parentHealth(day(1), DRUG_MISUSE, ivy);
        assertThat(world.alerts()).extracting(RiskAlert::getRuleId).containsExactly("toxic-trio-emerging");
    }

    // ---- a baby under one

    @Test
    void anInjuryToABabyUnderOneAtTheEventIsHigh() {
        Child jo = world.child("Jo");
        LocalDate born = LocalDate.of(2025, 9, 1);
        world.unscheduledCare(day(0), jo, born, PresentingReason.HEAD_INJURY); // six months old
        List<RiskAlert> alerts = world.alerts();
        assertThat(alerts)
                .extracting(RiskAlert::getRuleId, RiskAlert::getSeverity)
                .containsExactly(tuple("infant-injury", Severity.HIGH));

        world.unscheduledCare(day(0), jo, born, PresentingReason.ILLNESS);
        assertThat(world.alerts())
                .as("illness: only where the partnership asks")
                .isEmpty();

        Child kit = world.child("Kit");
        world.unscheduledCare(day(0), kit, LocalDate.of(2025, 3, 2), PresentingReason.INJURY); // one today
        world.unscheduledCare(day(0), world.child("Lou"), null, PresentingReason.INJURY); // no date of birth
        assertThat(world.alerts()).isEmpty();
    }

    @Test
    void anyAttendanceUnderOneIsMediumWhereThePartnershipAsks() {
        world.close();
        Properties p = new Properties();
        p.setProperty("rules.infant.any-attendance", "true");
        world = new Scenario(DetectionConfig.from(p));
        world.unscheduledCare(day(0), world.child("Max"), LocalDate.of(2026, 1, 1), PresentingReason.ILLNESS);
        assertThat(world.alerts())
                .extracting(RiskAlert::getRuleId, RiskAlert::getSeverity)
                .containsExactly(tuple("infant-injury", Severity.MEDIUM));
    }

    // ---- neglect

    @Test
    void neglectSignalsFromTwoAgenciesRaiseOneAlertAndTheCouncilsOwnFactorIsBackground() {
        Child ned = world.child("Ned");
        world.schoolConcern(day(0), ned, SchoolConcernCategory.ATTENDANCE_DROP);
        world.schoolConcern(day(20), ned, SchoolConcernCategory.CHILD_MISSING_EDUCATION);
        assertThat(world.alerts()).as("one agency").isEmpty();

        world.unscheduledCare(day(40), ned, LocalDate.of(2020, 1, 1), PresentingReason.INGESTION_OR_POISONING);
        List<RiskAlert> alerts = world.alerts();
        assertThat(alerts)
                .extracting(RiskAlert::getRuleId, RiskAlert::getSeverity)
                .containsExactly(tuple("neglect-signals", Severity.MEDIUM));
        assertThat(alerts.get(0).getEvidence())
                .extracting(Evidence::getAgency)
                .containsExactly(Agency.SCHOOL, Agency.SCHOOL, Agency.HEALTH);

        world.schoolConcern(day(50), ned, SchoolConcernCategory.ATTENDANCE_DROP);
        assertThat(world.alerts()).as("no new agency").isEmpty();

        world.publish(
                Topics.REFERRALS,
                Referral.newBuilder()
                        .setHeader(
                                Scenario.header(Agency.CHILDRENS_SERVICES, Scenario.LAMBETH, Scenario.LAMBETH, day(60)))
                        .setReferralId("REF-NED")
                        .setChild(Scenario.ref(ned))
                        .setAssessmentFactors(List.of(AssessmentFactor.NEGLECT))
                        .build());
        assertThat(world.alerts()).as("the council's own factor is background").isEmpty();
    }

    @Test
    void neglectSignalsMoreThanThePeriodApartDoNotAddUp() {
        Child oli = world.child("Oli");
        world.schoolConcern(day(0), oli, SchoolConcernCategory.ATTENDANCE_DROP);
        world.unscheduledCare(day(181), oli, LocalDate.of(2020, 1, 1), PresentingReason.BURN_OR_SCALD);
        assertThat(world.alerts()).isEmpty();
    }
}
