package org.safeguardingsignals.detection.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguardingsignals.detection.rules.Indicators.SETTINGS;
import static org.safeguardingsignals.detection.rules.Indicators.alerts;
import static org.safeguardingsignals.detection.rules.Indicators.indicator;
import static org.safeguardingsignals.detection.rules.Indicators.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.AlertRouting;
import org.safeguardingsignals.events.DashRiskLevel;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.OpenStatus;
import org.safeguardingsignals.events.PresentingReason;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.internal.AgeBand;
import org.safeguardingsignals.internal.ChildState;
import org.safeguardingsignals.internal.DomesticAbuseDetail;
import org.safeguardingsignals.internal.Indicator;
import org.safeguardingsignals.internal.Placement;

/** The front-door rules on their own, with a child's state built by hand. */
class FrontDoorRulesUnitTest {
    static final String LAMBETH = "E09000022";
    static final String KENT = "E10000016";
    static final Instant T0 = Instant.parse("2026-05-01T09:00:00Z");
    static final Judgement ON_TIME = new Judgement(T0, false);

    static Instant day(int n) {
        return T0.plus(Duration.ofDays(n));
    }

    static Indicator referral(String id, Instant at) {
        Indicator i = indicator(IndicatorCategory.REFERRAL, at, LAMBETH);
        i.setAgency(Agency.CHILDRENS_SERVICES);
        i.setSourceReference(id);
        return i;
    }

    static Indicator incident(Instant at, DashRiskLevel dash, boolean present) {
        Indicator i = indicator(IndicatorCategory.DOMESTIC_ABUSE, at, LAMBETH);
        i.setDomesticAbuse(new DomesticAbuseDetail(dash, present, true));
        return i;
    }

    static Indicator attendance(Instant at, AgeBand age, PresentingReason reason) {
        Indicator i = indicator(IndicatorCategory.UNSCHEDULED_CARE, at, LAMBETH);
        i.setAgency(Agency.HEALTH);
        i.setAgeBand(age);
        i.setPresentingReason(reason);
        return i;
    }

    static Indicator from(Agency agency, IndicatorCategory category, Instant at, String authority) {
        Indicator i = indicator(category, at, authority);
        i.setAgency(agency);
        return i;
    }

    // ---- re-referral

    @Test
    void reReferralComparesWithThePreviousReferralWithinTheWindow() {
        Indicator old = referral("R-1", day(0));
        Indicator previous = referral("R-2", day(100));
        Indicator latest = referral("R-3", day(465)); // 365 days after R-2, 465 after R-1
        ChildState s = state(old, previous, latest);
        Optional<RiskAlert> alert = ReReferral.evaluate(s, List.of(latest), ON_TIME, SETTINGS, alerts());
        assertThat(alert).hasValueSatisfying(a -> {
            assertThat(a.getRuleId()).isEqualTo("re-referral");
            assertThat(a.getSeverity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.getEvidence()).extracting(e -> e.getSourceReference()).containsExactly("R-2", "R-3");
            assertThat(a.getWindow().getStart()).isEqualTo(day(100));
            assertThat(a.getWindow().getEnd()).isEqualTo(day(465));
        });
        Indicator tooLate = referral("R-4", day(831)); // 366 days after R-3
        ChildState later = state(latest, tooLate);
        assertThat(ReReferral.evaluate(later, List.of(tooLate), ON_TIME, SETTINGS, alerts()))
                .isEmpty();
    }

    @Test
    void anUpdateOfAReferralOrALateOneIsNotAReReferral() {
        Indicator first = referral("R-1", day(0));
        Indicator other = referral("R-2", day(10));
        Indicator update = referral("R-2", day(20));
        assertThat(ReReferral.evaluate(state(first, other, update), List.of(update), ON_TIME, SETTINGS, alerts()))
                .isEmpty();
        Indicator late = referral("R-3", day(30));
        assertThat(ReReferral.evaluate(
                        state(first, late), List.of(late), new Judgement(day(90), true), SETTINGS, alerts()))
                .isEmpty();
        Indicator notAReferral = indicator(IndicatorCategory.DOMESTIC_ABUSE, day(40), LAMBETH);
        assertThat(ReReferral.evaluate(
                        state(first, other, notAReferral), List.of(notAReferral), ON_TIME, SETTINGS, alerts()))
                .isEmpty();
    }

    // ---- repeat domestic abuse

    @Test
    void threePoliceIncidentsWithinAYearAreARepeatOnceUntilTheCountFallsBelow() {
        Indicator a = incident(day(0), DashRiskLevel.STANDARD, false);
        Indicator b = incident(day(100), DashRiskLevel.MEDIUM, false);
        Indicator c = incident(day(200), DashRiskLevel.STANDARD, true);
        ChildState s = state(a, b);
        assertThat(RepeatDomesticAbuse.evaluate(s, day(100), SETTINGS, alerts()))
                .isEmpty();
        Indicators.add(s, c);
        assertThat(RepeatDomesticAbuse.evaluate(s, day(200), SETTINGS, alerts()))
                .hasValueSatisfying(alert -> {
                    assertThat(alert.getSeverity()).isEqualTo(Severity.MEDIUM);
                    assertThat(alert.getEvidence()).hasSize(3);
                });
        assertThat(s.getDomesticAbuseAlertedSeverity()).isEqualTo(Severity.MEDIUM);
        Indicator d = incident(day(250), DashRiskLevel.STANDARD, true);
        Indicators.add(s, d);
        assertThat(RepeatDomesticAbuse.evaluate(s, day(250), SETTINGS, alerts()))
                .isEmpty();

        // a year and a day after the second incident only c and d remain: below the count, so the next is news
        assertThat(RepeatDomesticAbuse.evaluate(s, day(466), SETTINGS, alerts()))
                .isEmpty();
        assertThat(s.getDomesticAbuseAlertedSeverity()).isEqualTo(Severity.UNKNOWN);
        Indicator e = incident(day(470), DashRiskLevel.STANDARD, true);
        Indicators.add(s, e);
        assertThat(RepeatDomesticAbuse.evaluate(s, day(470), SETTINGS, alerts()))
                .hasValueSatisfying(alert -> assertThat(alert.getEvidence()).hasSize(3));
    }

    @Test
    void onlyPoliceIncidentsCountAndAHighPresentOneRaisesTheRepeatToHigh() {
        Indicator factor = from(Agency.SCHOOL, IndicatorCategory.DOMESTIC_ABUSE, day(0), LAMBETH);
        Indicator a = incident(day(1), DashRiskLevel.STANDARD, true);
        Indicator b = incident(day(2), DashRiskLevel.STANDARD, true);
        ChildState s = state(factor, a, b);
        assertThat(RepeatDomesticAbuse.evaluate(s, day(2), SETTINGS, alerts()))
                .as("a school's coded factor is not a police incident")
                .isEmpty();
        Indicator high = incident(day(3), DashRiskLevel.HIGH, true);
        Indicators.add(s, high);
        assertThat(RepeatDomesticAbuse.evaluate(s, day(3), SETTINGS, alerts()))
                .hasValueSatisfying(alert -> assertThat(alert.getSeverity()).isEqualTo(Severity.HIGH));
        Indicator notPresent = incident(day(4), DashRiskLevel.HIGH, false);
        Indicators.add(s, notPresent);
        assertThat(RepeatDomesticAbuse.evaluate(s, day(4), SETTINGS, alerts()))
                .as("high, but the child was not present, and the repeat is already HIGH")
                .isEmpty();
    }

    // ---- infant injury

    @Test
    void anInjuryUnderOneIsHighAndOtherAttendancesOnlyWhenSwitchedOn() {
        for (PresentingReason injury : InfantInjury.INJURIES) {
            Indicator i = attendance(day(0), AgeBand.UNDER_ONE, injury);
            assertThat(InfantInjury.evaluate(List.of(i), ON_TIME, SETTINGS, alerts()))
                    .as("%s", injury)
                    .hasValueSatisfying(a -> assertThat(a.getSeverity()).isEqualTo(Severity.HIGH));
        }
        Indicator illness = attendance(day(0), AgeBand.UNDER_ONE, PresentingReason.ILLNESS);
        assertThat(InfantInjury.evaluate(List.of(illness), ON_TIME, SETTINGS, alerts()))
                .isEmpty();
        assertThat(InfantInjury.evaluate(
                        List.of(illness), ON_TIME, SETTINGS.withSwitches(false, false, true, true, true), alerts()))
                .hasValueSatisfying(a -> assertThat(a.getSeverity()).isEqualTo(Severity.MEDIUM));
        Indicator unknownReason = attendance(day(0), AgeBand.UNDER_ONE, null);
        assertThat(InfantInjury.evaluate(List.of(unknownReason), ON_TIME, SETTINGS, alerts()))
                .isEmpty();
    }

    @Test
    void anOlderChildAnUnknownAgeOrALateAttendanceRaisesNothing() {
        for (AgeBand age : List.of(AgeBand.ONE_TO_FOUR, AgeBand.UNKNOWN)) {
            Indicator i = attendance(day(0), age, PresentingReason.INJURY);
            assertThat(InfantInjury.evaluate(List.of(i), ON_TIME, SETTINGS, alerts()))
                    .isEmpty();
        }
        Indicator late = attendance(day(0), AgeBand.UNDER_ONE, PresentingReason.INJURY);
        assertThat(InfantInjury.evaluate(List.of(late), new Judgement(day(60), true), SETTINGS, alerts()))
                .isEmpty();
        Indicator notCare = indicator(IndicatorCategory.DOMESTIC_ABUSE, day(0), LAMBETH);
        notCare.setAgeBand(AgeBand.UNDER_ONE);
        assertThat(InfantInjury.evaluate(List.of(notCare), ON_TIME, SETTINGS, alerts()))
                .isEmpty();
    }

    // ---- neglect

    @Test
    void neglectNeedsSignalsFromTwoAgenciesWithinTheirPeriodAndRealertsOnANewAgency() {
        Indicator school = from(Agency.SCHOOL, IndicatorCategory.SCHOOL_ATTENDANCE_DROP, day(0), LAMBETH);
        Indicator illness = attendance(day(5), AgeBand.FIVE_TO_NINE, PresentingReason.ILLNESS);
        ChildState s = state(school, illness);
        assertThat(NeglectSignals.evaluate(s, day(5), SETTINGS, false, alerts()))
                .as("an illness is not a neglect signal")
                .isEmpty();
        Indicator scald = attendance(day(10), AgeBand.FIVE_TO_NINE, PresentingReason.BURN_OR_SCALD);
        Indicators.add(s, scald);
        assertThat(NeglectSignals.evaluate(s, day(10), SETTINGS, false, alerts()))
                .hasValueSatisfying(a -> assertThat(a.getEvidence()).hasSize(2));
        assertThat(s.getNeglectAlertedAgencies()).containsExactly("HEALTH", "SCHOOL");

        Indicator police = from(Agency.POLICE, IndicatorCategory.NEGLECT, day(20), LAMBETH);
        Indicators.add(s, police);
        assertThat(NeglectSignals.evaluate(s, day(20), SETTINGS, false, alerts()))
                .as("a third agency")
                .hasValueSatisfying(a -> assertThat(a.getEvidence()).hasSize(3));
        assertThat(NeglectSignals.evaluate(s, day(21), SETTINGS, false, alerts()))
                .isEmpty();
        // 181 days on the school's and health's signals have lapsed; the police one alone is not enough
        assertThat(NeglectSignals.evaluate(s, day(191), SETTINGS, false, alerts()))
                .isEmpty();
        assertThat(s.getNeglectAlertedAgencies()).containsExactly("POLICE");
    }

    @Test
    void neglectJudgedInTheBackgroundIsRememberedNotRaised() {
        Indicator school = from(Agency.SCHOOL, IndicatorCategory.CHILD_MISSING_EDUCATION, day(0), LAMBETH);
        Indicator council = from(Agency.CHILDRENS_SERVICES, IndicatorCategory.NEGLECT, day(1), LAMBETH);
        ChildState s = state(school, council);
        assertThat(NeglectSignals.evaluate(s, day(1), SETTINGS, true, alerts())).isEmpty();
        assertThat(s.getNeglectAlertedAgencies()).containsExactly("SCHOOL", "CHILDRENS_SERVICES");
    }

    // ---- toxic trio: DASH level and presence

    @Test
    void aPoliceIncidentCountsForTheTrioByDashLevelOrPresence() {
        assertThat(ToxicTrio.counts(incident(day(0), DashRiskLevel.STANDARD, false), SETTINGS))
                .isFalse();
        assertThat(ToxicTrio.counts(incident(day(0), DashRiskLevel.NOT_ASSESSED, false), SETTINGS))
                .isFalse();
        assertThat(ToxicTrio.counts(incident(day(0), DashRiskLevel.STANDARD, true), SETTINGS))
                .isTrue();
        assertThat(ToxicTrio.counts(incident(day(0), DashRiskLevel.MEDIUM, false), SETTINGS))
                .isTrue();
        assertThat(ToxicTrio.counts(incident(day(0), DashRiskLevel.HIGH, false), SETTINGS))
                .isTrue();
        assertThat(ToxicTrio.counts(
                        incident(day(0), DashRiskLevel.STANDARD, false),
                        SETTINGS.withSwitches(true, false, false, true, true)))
                .isTrue();
        assertThat(ToxicTrio.counts(indicator(IndicatorCategory.DOMESTIC_ABUSE, day(0), LAMBETH), SETTINGS))
                .as("a coded factor, or an incident held from before DASH was carried")
                .isTrue();
    }

    @Test
    void aTrioCompletedInTheBackgroundIsRememberedSoThePartnersNextSignalInTheSameGroupsRaisesNothing() {
        ChildState s = state(
                indicator(IndicatorCategory.DOMESTIC_ABUSE, day(0), LAMBETH),
                indicator(IndicatorCategory.PARENTAL_MENTAL_HEALTH, day(1), LAMBETH),
                indicator(IndicatorCategory.PARENTAL_DRUG_MISUSE, day(2), LAMBETH));
        assertThat(ToxicTrio.evaluate(s, day(2), SETTINGS, true, alerts())).isEmpty();
        assertThat(s.getTrioAlertedGroups()).hasSize(3);
        Indicators.add(s, indicator(IndicatorCategory.PARENTAL_ALCOHOL_MISUSE, day(3), LAMBETH));
        assertThat(ToxicTrio.evaluate(s, day(3), SETTINGS, false, alerts())).isEmpty();
    }

    // ---- already known: open to children's social care

    @Test
    void theStrongestOpenStatusNamesTheAllocatedAuthority() {
        Indicator cin = indicator(IndicatorCategory.CHILD_IN_NEED, day(0), LAMBETH);
        assertThat(OpenCases.of(state(cin))).contains(new OpenCases.OpenCase(OpenStatus.CHILD_IN_NEED, LAMBETH));
        Indicator plan = indicator(IndicatorCategory.CHILD_PROTECTION_PLAN, day(1), KENT);
        assertThat(OpenCases.of(state(cin, plan)))
                .contains(new OpenCases.OpenCase(OpenStatus.CHILD_PROTECTION_PLAN, KENT));
        Indicator planEnded = indicator(IndicatorCategory.CHILD_PROTECTION_PLAN_ENDED, day(2), KENT);
        assertThat(OpenCases.of(state(cin, plan, planEnded)))
                .contains(new OpenCases.OpenCase(OpenStatus.CHILD_IN_NEED, LAMBETH));
        Indicator cinEnded = indicator(IndicatorCategory.CHILD_IN_NEED_ENDED, day(3), LAMBETH);
        assertThat(OpenCases.of(state(cin, plan, planEnded, cinEnded))).isEmpty();

        Indicator lookedAfter =
                Indicators.lookedAfter(IndicatorCategory.LOOKED_AFTER, day(4), KENT, new Placement("E08000025", KENT));
        assertThat(OpenCases.of(state(cin, lookedAfter)))
                .contains(new OpenCases.OpenCase(OpenStatus.LOOKED_AFTER, "E08000025"));
        Indicator ended = indicator(IndicatorCategory.LOOKED_AFTER_ENDED, day(5), KENT);
        assertThat(OpenCases.of(state(lookedAfter, ended))).isEmpty();
    }

    @Test
    void alertsAboutAnOpenChildGoForInformationToTheAllocatedTeamUnlessSwitchedOff() {
        ChildState s = state(
                indicator(IndicatorCategory.CHILD_PROTECTION_PLAN, day(0), KENT),
                indicator(IndicatorCategory.DOMESTIC_ABUSE, day(1), LAMBETH));
        s.getIndicators().get(1).setHouseholdReference("01/HH-7");
        RiskAlert info = Alerts.forChild(Indicators.CHILD, Indicators.RAISED_AT, s, false, true)
                .raise(
                        Rule.REPEAT_DOMESTIC_ABUSE,
                        Severity.HIGH,
                        List.of(s.getIndicators().get(1)),
                        day(1),
                        day(1),
                        List.of());
        assertThat(info.getRouting()).isEqualTo(AlertRouting.FOR_INFORMATION);
        assertThat(info.getOpenStatus()).isEqualTo(OpenStatus.CHILD_PROTECTION_PLAN);
        assertThat(info.getAllocatedAuthority()).isEqualTo(KENT);
        assertThat(info.getRoutedTo()).containsExactly(LAMBETH, KENT);
        assertThat(info.getHouseholdReference()).isEqualTo("01/HH-7");

        RiskAlert frontDoor = Alerts.forChild(Indicators.CHILD, Indicators.RAISED_AT, s, false, false)
                .raise(
                        Rule.REPEAT_DOMESTIC_ABUSE,
                        Severity.HIGH,
                        List.of(s.getIndicators().get(1)),
                        day(1),
                        day(1),
                        List.of());
        assertThat(frontDoor.getRouting()).isEqualTo(AlertRouting.FRONT_DOOR);
        assertThat(frontDoor.getOpenStatus()).isNull();
        assertThat(frontDoor.getAllocatedAuthority()).isNull();
        assertThat(frontDoor.getRoutedTo()).containsExactly(LAMBETH);
        assertThat(frontDoor.getAlertId())
                .as("routing does not change what the alert is")
                .isEqualTo(info.getAlertId());
    }
}
