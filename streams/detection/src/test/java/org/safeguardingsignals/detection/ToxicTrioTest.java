package org.safeguardingsignals.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.safeguardingsignals.events.ParentHealthCategory.ALCOHOL_MISUSE;
import static org.safeguardingsignals.events.ParentHealthCategory.DRUG_MISUSE;
import static org.safeguardingsignals.events.ParentHealthCategory.MENTAL_HEALTH;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.detection.Scenario.Child;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.AssessmentFactor;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.SchoolConcernCategory;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.topics.Topics;

/** Toxic trio, as a MASH social worker would describe the cases. */
class ToxicTrioTest {
    static final Instant JAN = Instant.parse("2025-06-01T10:00:00Z");
    private Scenario world = new Scenario();

    @AfterEach
    void close() {
        world.close();
    }

    @Test
    void allThreeFactorsFromThreeAgenciesWithinAYearRaiseAHighAlertWithTheirEvidence() {
        Child amira = world.child("Amira");
        var incident = world.domesticAbuse(JAN, amira);
        var crisis = world.parentHealth(JAN.plus(Duration.ofDays(100)), MENTAL_HEALTH, amira);
        var treatment = world.parentHealth(JAN.plus(Duration.ofDays(200)), DRUG_MISUSE, amira);

        List<RiskAlert> alerts = world.alerts();

        assertThat(alerts)
                .extracting(RiskAlert::getRuleId, RiskAlert::getSeverity)
                .containsExactly(
                        Tuple.tuple("toxic-trio-emerging", Severity.MEDIUM), Tuple.tuple("toxic-trio", Severity.HIGH));
        RiskAlert high = alerts.get(1);
        assertThat(high.getChildPseudonym()).isEqualTo(world.pseudonymOf(amira)).doesNotContain(amira.nhsNumber());
        assertThat(high.getRuleVersion()).isEqualTo(2);
        assertThat(high.getEvidence())
                .extracting(Evidence::getAgency, Evidence::getSourceReference, Evidence::getCategory)
                .containsExactly(
                        Tuple.tuple(Agency.POLICE, incident.getIncidentReference(), IndicatorCategory.DOMESTIC_ABUSE),
                        Tuple.tuple(
                                Agency.HEALTH, crisis.getEventReference(), IndicatorCategory.PARENTAL_MENTAL_HEALTH),
                        Tuple.tuple(
                                Agency.HEALTH, treatment.getEventReference(), IndicatorCategory.PARENTAL_DRUG_MISUSE));
        assertThat(high.getWindow().getEnd()).isEqualTo(JAN.plus(Duration.ofDays(200)));
        assertThat(high.getWindow().getStart())
                .isEqualTo(JAN.plus(Duration.ofDays(200)).minus(Duration.ofDays(365)));
        assertThat(high.getRoutedTo()).containsExactly(Scenario.LAMBETH);
    }

    @Test
    void factorsFromSchoolsAndAssessmentsCountToo() {
        Child ben = world.child("Ben");
        world.referral(JAN, ben, AssessmentFactor.MENTAL_HEALTH_PARENT, AssessmentFactor.ALCOHOL_MISUSE_OTHER);
        world.schoolConcern(
                JAN.plus(Duration.ofDays(3)),
                ben,
                SchoolConcernCategory.DSL_SAFEGUARDING_CONCERN,
                AssessmentFactor.DOMESTIC_ABUSE_PARENT);

        assertThat(world.alerts()).extracting(RiskAlert::getRuleId).containsExactly("toxic-trio");
    }

    @Test
    void theCouncilsOwnAssessmentFactorsAreBackgroundAndRaiseNothingByThemselves() {
        Child ben = world.child("Ben");
        world.schoolConcern(
                JAN, ben, SchoolConcernCategory.DSL_SAFEGUARDING_CONCERN, AssessmentFactor.DOMESTIC_ABUSE_PARENT);
        world.referral(
                JAN.plus(Duration.ofDays(3)),
                ben,
                AssessmentFactor.MENTAL_HEALTH_PARENT,
                AssessmentFactor.ALCOHOL_MISUSE_OTHER);
        assertThat(world.alerts()).as("the council assessed them: it knows").isEmpty();

        // a partner's signal in a group the council already recorded adds nothing new
        world.parentHealth(JAN.plus(Duration.ofDays(10)), MENTAL_HEALTH, ben);
        assertThat(world.alerts()).isEmpty();
    }

    @Test
    void aPartnershipMayLetTheCouncilsOwnFactorsTrigger() {
        world.close();
        world = new Scenario(DetectionConfig.from(props("rules.council-factors.trigger", "true")));
        Child ben = world.child("Ben");
        world.schoolConcern(
                JAN, ben, SchoolConcernCategory.DSL_SAFEGUARDING_CONCERN, AssessmentFactor.DOMESTIC_ABUSE_PARENT);
        world.referral(
                JAN.plus(Duration.ofDays(3)),
                ben,
                AssessmentFactor.MENTAL_HEALTH_PARENT,
                AssessmentFactor.ALCOHOL_MISUSE_OTHER);

        assertThat(world.alerts()).extracting(RiskAlert::getRuleId).containsExactly("toxic-trio");
    }

    static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void aChildsOwnSubstanceMisuseIsNotAParentalFactor() {
        Child cara = world.child("Cara");
        world.domesticAbuse(JAN, cara);
        world.referral(
                JAN.plus(Duration.ofDays(1)),
                cara,
                AssessmentFactor.ALCOHOL_MISUSE_CHILD,
                AssessmentFactor.MENTAL_HEALTH_CHILD);

        assertThat(world.alerts()).isEmpty();
    }

    @Test
    void aFactorJustOutsideTheLookbackDoesNotCompleteTheTrio() {
        Child dan = world.child("Dan");
        world.domesticAbuse(JAN, dan);
        world.parentHealth(JAN.plus(Duration.ofDays(300)), MENTAL_HEALTH, dan);
        world.parentHealth(JAN.plus(Duration.ofDays(365)).plusMillis(1), ALCOHOL_MISUSE, dan);

        // the incident is 365 days and 1 ms before the latest factor: only two groups are in the window
        assertThat(world.alerts())
                .extracting(RiskAlert::getRuleId)
                .containsExactly("toxic-trio-emerging", "toxic-trio-emerging");
    }

    @Test
    void exactlyAtTheEdgeOfTheLookbackStillCounts() {
        Child eve = world.child("Eve");
        world.domesticAbuse(JAN, eve);
        world.parentHealth(JAN.plus(Duration.ofDays(300)), MENTAL_HEALTH, eve);
        world.parentHealth(JAN.plus(Duration.ofDays(365)), ALCOHOL_MISUSE, eve);

        assertThat(world.alerts())
                .extracting(RiskAlert::getRuleId)
                .containsExactly("toxic-trio-emerging", "toxic-trio");
    }

    @Test
    void twoFactorsAloneRaiseNothingWhenEmergingAlertsAreSwitchedOff() {
        world.close();
        world = new Scenario(DetectionConfig.DEFAULTS.withDefaults(
                new RuleSettings(Duration.ofDays(365), false, 3, Duration.ofDays(90), Duration.ofHours(72))));
        Child fay = world.child("Fay");
        world.domesticAbuse(JAN, fay);
        world.parentHealth(JAN.plus(Duration.ofDays(1)), MENTAL_HEALTH, fay);
        assertThat(world.alerts()).isEmpty();

        world.parentHealth(JAN.plus(Duration.ofDays(2)), DRUG_MISUSE, fay);
        assertThat(world.alerts()).extracting(RiskAlert::getRuleId).containsExactly("toxic-trio");
    }

    @Test
    void moreEventsOfTheSamePictureDoNotAlertAgain() {
        Child gus = world.child("Gus");
        world.domesticAbuse(JAN, gus);
        world.parentHealth(JAN.plus(Duration.ofDays(1)), MENTAL_HEALTH, gus);
        world.parentHealth(JAN.plus(Duration.ofDays(2)), DRUG_MISUSE, gus);
        assertThat(world.alerts()).hasSize(2);

        world.domesticAbuse(JAN.plus(Duration.ofDays(20)), gus);
        world.parentHealth(JAN.plus(Duration.ofDays(21)), ALCOHOL_MISUSE, gus);
        world.parentHealth(JAN.plus(Duration.ofDays(22)), MENTAL_HEALTH, gus);

        assertThat(world.alerts()).isEmpty();
    }

    @Test
    void aCombinationThatLapsesAndFormsAgainAlertsAgain() {
        Child hal = world.child("Hal");
        world.domesticAbuse(JAN, hal);
        world.parentHealth(JAN.plus(Duration.ofDays(1)), MENTAL_HEALTH, hal);
        world.parentHealth(JAN.plus(Duration.ofDays(2)), DRUG_MISUSE, hal);
        assertThat(world.alerts()).hasSize(2);

        // 18 months on, only a new incident is in the window: the old picture has lapsed
        Instant later = JAN.plus(Duration.ofDays(550));
        world.domesticAbuse(later, hal);
        assertThat(world.alerts()).isEmpty();
        world.parentHealth(later.plus(Duration.ofDays(5)), MENTAL_HEALTH, hal);
        world.parentHealth(later.plus(Duration.ofDays(9)), ALCOHOL_MISUSE, hal);

        assertThat(world.alerts())
                .extracting(RiskAlert::getRuleId)
                .containsExactly("toxic-trio-emerging", "toxic-trio");
    }

    @Test
    void oneIncidentWithThreeChildrenGivesEachChildTheirOwnPicture() {
        Child ivy = world.child("Ivy");
        Child jay = world.child("Jay");
        Child kit = world.child("Kit");
        world.domesticAbuse(JAN, ivy, jay, kit);
        world.parentHealth(JAN.plus(Duration.ofDays(4)), MENTAL_HEALTH, ivy, jay);
        world.parentHealth(JAN.plus(Duration.ofDays(9)), ALCOHOL_MISUSE, ivy);

        List<RiskAlert> alerts = world.alerts();
        assertThat(alerts)
                .filteredOn(a -> a.getChildPseudonym().equals(world.pseudonymOf(ivy)))
                .extracting(RiskAlert::getRuleId)
                .containsExactly("toxic-trio-emerging", "toxic-trio");
        assertThat(alerts)
                .filteredOn(a -> a.getChildPseudonym().equals(world.pseudonymOf(jay)))
                .extracting(RiskAlert::getRuleId)
                .containsExactly("toxic-trio-emerging");
        assertThat(alerts)
                .filteredOn(a -> a.getChildPseudonym().equals(world.pseudonymOf(kit)))
                .isEmpty();
    }

    @Test
    void outOfOrderArrivalWithinGraceStillCounts() {
        Child lea = world.child("Lea");
        world.parentHealth(JAN.plus(Duration.ofDays(20)), DRUG_MISUSE, lea);
        world.parentHealth(JAN.plus(Duration.ofDays(25)), MENTAL_HEALTH, lea);
        assertThat(world.alerts()).extracting(RiskAlert::getRuleId).containsExactly("toxic-trio-emerging");

        world.domesticAbuse(JAN, lea); // reported late: happened before the others

        List<RiskAlert> alerts = world.alerts();
        assertThat(alerts).hasSize(1);
        RiskAlert high = alerts.get(0);
        assertThat(high.getRuleId()).isEqualTo("toxic-trio");
        assertThat(high.getEvidence().get(0).getOccurredAt()).isEqualTo(JAN);
    }

    @Test
    void anEventFarLaterThanGraceIsJudgedAgainstThePresent() {
        Child max = world.child("Max");
        world.parentHealth(JAN.plus(Duration.ofDays(60)), DRUG_MISUSE, max);
        world.parentHealth(JAN.plus(Duration.ofDays(61)), MENTAL_HEALTH, max);
        world.alerts();

        world.domesticAbuse(JAN, max); // 61 days behind stream time; grace is 30 days (more in LateDataTest)

        assertThat(world.alerts())
                .extracting(RiskAlert::getRuleId, RiskAlert::getFormedFromLateData)
                .containsExactly(tuple("toxic-trio", true));
        assertThat(world.metrics.count("safeguarding.indicators.late")).isEqualTo(1);
        assertThat(world.childStates().get(world.pseudonymOf(max)).getIndicators())
                .hasSize(3);
    }

    @Test
    void aDuplicateEventCountsOnce() {
        Child ned = world.child("Ned");
        var incident = world.domesticAbuse(JAN, ned);
        world.publish(Topics.DOMESTIC_ABUSE_INCIDENTS, incident);
        world.parentHealth(JAN.plus(Duration.ofDays(1)), MENTAL_HEALTH, ned);

        assertThat(world.alerts()).extracting(RiskAlert::getRuleId).containsExactly("toxic-trio-emerging");
        assertThat(world.childStates().get(world.pseudonymOf(ned)).getIndicators())
                .hasSize(2);
        assertThat(world.metrics.count("safeguarding.indicators.duplicate")).isEqualTo(1);
    }

    @Test
    void thresholdsCanDifferByAuthority() {
        world.close();
        RuleSettings noEmerging =
                new RuleSettings(Duration.ofDays(365), false, 3, Duration.ofDays(90), Duration.ofHours(72));
        world = new Scenario(DetectionConfig.DEFAULTS.withAuthority(Scenario.LAMBETH, noEmerging));
        Child ola = world.child("Ola");
        world.domesticAbuse(JAN, ola);
        world.parentHealth(JAN.plus(Duration.ofDays(1)), MENTAL_HEALTH, ola);
        assertThat(world.alerts()).as("Lambeth switched emerging alerts off").isEmpty();

        // Kent kept the defaults: the same two groups raise an emerging alert there
        Child kit = world.child("Kit");
        world.publishingFor(Scenario.KENT);
        world.domesticAbuse(JAN, kit);
        world.parentHealth(JAN.plus(Duration.ofDays(1)), MENTAL_HEALTH, kit);
        assertThat(world.alerts())
                .extracting(RiskAlert::getRuleId, RiskAlert::getLocalAuthority)
                .containsExactly(tuple("toxic-trio-emerging", Scenario.KENT));
    }
}
