package org.safeguardingsignals.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguardingsignals.events.PeriodType.CALENDAR_MONTH;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.ReferralOutcome;
import org.safeguardingsignals.events.RiskAlert;

/** The figures a partnership board and an inspection ask for (docs/ARCHITECTURE.md, beside each DfE indicator). */
class BoardFiguresTest {
    static final Instant TUESDAY = Instant.parse("2026-11-10T10:00:00Z"); // ISO week 2026-W46, month 2026-11
    private final MetricsWorld world = new MetricsWorld();

    @AfterEach
    void close() {
        world.close();
    }

    private double monthly(String month, String metric) {
        return world.figure(CALENDAR_MONTH, month, metric, Map.of()).getValue();
    }

    private double byBand(String month, String metric, String band) {
        return world.figure(CALENDAR_MONTH, month, metric, Map.of(Metric.AGE_BAND, band))
                .getValue();
    }

    @Test
    void contactsCountOnceAndTheShareThatBecomeReferralsIsOfTheContactsOfThePeriod() {
        for (int i = 0; i < 10; i++) {
            world.referral("REF-" + i, world.nhs(), TUESDAY.plus(Duration.ofMinutes(i)), ReferralOutcome.PENDING);
        }
        for (int i = 0; i < 6; i++) {
            // the outcome arrives as an update of the same contact, in December
            world.referral("REF-" + i, world.nhs(), Instant.parse("2026-12-02T10:00:00Z"), ReferralOutcome.ASSESSMENT);
        }
        world.referral(
                "REF-0", world.nhs(), Instant.parse("2026-12-03T10:00:00Z"), ReferralOutcome.STRATEGY_DISCUSSION);
        world.referral("REF-7", world.nhs(), Instant.parse("2026-12-03T10:00:00Z"), ReferralOutcome.NO_FURTHER_ACTION);
        world.publish();

        assertThat(monthly("2026-11", Metric.CONTACTS))
                .as("updates are the same contact")
                .isEqualTo(10.0);
        assertThat(monthly("2026-11", Metric.CONTACTS_REFERRED))
                .as("a contact becomes a referral once, in the period of the contact")
                .isEqualTo(6.0);
        assertThat(monthly("2026-11", Metric.CONTACTS_REFERRED_PCT)).isEqualTo(60.0);
        assertThat(world.latest.values())
                .as("no contact is dated by its update")
                .noneMatch(m -> m.getPeriod().equals("2026-12") && m.getMetric().startsWith("contacts"));
    }

    @Test
    void anUpdateOfAReferralIsNeitherAnotherReferralNorARereferral() {
        for (int i = 0; i < 5; i++) {
            String child = world.nhs();
            world.referral("REF-" + i, child, TUESDAY.plus(Duration.ofMinutes(i)), ReferralOutcome.PENDING);
            world.referral("REF-" + i, child, TUESDAY.plus(Duration.ofDays(1)), ReferralOutcome.ASSESSMENT);
        }
        world.publish();

        assertThat(monthly("2026-11", Metric.REFERRALS)).isEqualTo(5.0);
        assertThat(world.latest.values()).noneMatch(m -> m.getMetric().equals(Metric.RE_REFERRALS));
        assertThat(monthly("2026-11", Metric.RE_REFERRALS_PCT)).isEqualTo(0.0);
    }

    @Test
    void decisionsWithinOneWorkingDayAreTimedFromTheTriggeringEvidenceNotFromTheAlert() {
        Instant friday = Instant.parse("2026-11-06T16:00:00Z");
        Instant raisedMuchLater = Instant.parse("2026-11-09T08:00:00Z"); // a backfill: raised on the Monday
        for (int i = 0; i < 10; i++) {
            RiskAlert a = world.alert("toxic-trio", "child-" + i, friday.plus(Duration.ofMinutes(i)), raisedMuchLater);
            Instant decided = i < 6
                    ? Instant.parse("2026-11-09T17:00:00Z") // Monday: the next working day
                    : Instant.parse("2026-11-10T09:00:00Z"); // Tuesday: too late
            world.decide(a, DecisionOutcome.ACKNOWLEDGED, decided);
            world.decide(a, DecisionOutcome.NO_FURTHER_ACTION, decided.plus(Duration.ofHours(1))); // not a first
        }
        world.publish();

        assertThat(monthly("2026-11", Metric.FIRST_DECISIONS)).isEqualTo(10.0);
        assertThat(monthly("2026-11", Metric.DECIDED_IN_ONE_WORKING_DAY)).isEqualTo(6.0);
        assertThat(monthly("2026-11", Metric.DECIDED_IN_ONE_WORKING_DAY_PCT)).isEqualTo(60.0);
    }

    @Test
    void aWorkingDaySkipsWeekendsAndEnglandsBankHolidays() {
        assertThat(WorkingDays.next(LocalDate.parse("2026-11-06"))).isEqualTo("2026-11-09"); // Friday → Monday
        // Christmas Day is a Friday and Boxing Day a Saturday in 2026: Monday 28 is its substitute
        assertThat(WorkingDays.next(LocalDate.parse("2026-12-24"))).isEqualTo("2026-12-29");
        // Easter 2027 is 28 March: Good Friday 26, Easter Monday 29
        assertThat(WorkingDays.easterSunday(2027)).isEqualTo("2027-03-28");
        assertThat(IntStream.of(2024, 2025, 2026, 2028, 2030, 2035, 2038)
                        .mapToObj(y -> WorkingDays.easterSunday(y).toString()))
                .containsExactly(
                        "2024-03-31",
                        "2025-04-20",
                        "2026-04-05",
                        "2028-04-16",
                        "2030-04-21",
                        "2035-03-25",
                        "2038-04-25");
        assertThat(WorkingDays.next(LocalDate.parse("2027-03-25"))).isEqualTo("2027-03-30");
        // New Year's Day 2028 is a Saturday: Monday 3 January is the holiday
        assertThat(WorkingDays.next(LocalDate.parse("2027-12-31"))).isEqualTo("2028-01-04");
        assertThat(WorkingDays.next(LocalDate.parse("2027-05-28"))).isEqualTo("2027-06-01"); // spring bank holiday
        assertThat(WorkingDays.next(LocalDate.parse("2026-08-28"))).isEqualTo("2026-09-01"); // summer bank holiday
        assertThat(WorkingDays.next(LocalDate.parse("2026-05-01"))).isEqualTo("2026-05-05"); // early May
    }

    @Test
    void childrenMissingAreCountedOnceEachAndApartThoseMissingMoreThanOnce() {
        int episode = 0;
        for (int i = 0; i < 6; i++) { // six children missing once: a report and a return each
            String child = world.nhs();
            Instant at = TUESDAY.plus(Duration.ofHours(i));
            world.missing("EP-" + episode, child, at, null);
            world.missing("EP-" + episode++, child, at, at.plus(Duration.ofHours(3)));
        }
        for (int i = 0; i < 5; i++) { // five children missing twice
            String child = world.nhs();
            for (int j = 0; j < 2; j++) {
                Instant at = TUESDAY.plus(Duration.ofHours(10 + i * 3 + j));
                world.missing("EP-" + episode++, child, at, at.plus(Duration.ofHours(1)));
            }
        }
        String octoberAndNovember = world.nhs(); // one episode in each month: not more than once in either
        world.missing("EP-" + episode++, octoberAndNovember, Instant.parse("2026-10-14T10:00:00Z"), null);
        world.missing("EP-" + episode, octoberAndNovember, TUESDAY, null);
        world.publish();

        assertThat(monthly("2026-11", Metric.MISSING_EPISODES)).isEqualTo(17.0);
        assertThat(monthly("2026-11", Metric.CHILDREN_MISSING))
                .as("children, not episodes")
                .isEqualTo(12.0);
        assertThat(monthly("2026-11", Metric.CHILDREN_MISSING_MORE_THAN_ONCE)).isEqualTo(5.0);
    }

    @Test
    void childrenMissingAreBrokenDownByTheirAgeAtTheEpisodeAndTheReportListsTheBandsYoungestFirst() {
        int episode = 0;
        for (int i = 0; i < 6; i++) { // six aged 16 and over, each missing twice
            String child = world.nhs();
            for (int j = 0; j < 2; j++) {
                world.missing(
                        "EP-" + episode++,
                        child,
                        LocalDate.parse("2009-06-01"),
                        TUESDAY.plus(Duration.ofHours(i + 10 * j)));
            }
        }
        for (int i = 0; i < 7; i++) { // seven aged 10 to 15 (16 ten days later), missing once
            world.missing(
                    "EP-" + episode++, world.nhs(), LocalDate.parse("2010-11-20"), TUESDAY.plus(Duration.ofHours(i)));
        }
        String noAge = world.nhs();
        for (int i = 0; i < 5; i++) { // five without a date of birth
            world.missing("EP-" + episode++, i == 0 ? noAge : world.nhs(), TUESDAY, null);
        }
        world.publish();

        assertThat(monthly("2026-11", Metric.CHILDREN_MISSING)).isEqualTo(18.0);
        assertThat(byBand("2026-11", Metric.CHILDREN_MISSING, "SIXTEEN_AND_OVER"))
                .isEqualTo(6.0);
        assertThat(byBand("2026-11", Metric.CHILDREN_MISSING, "TEN_TO_FIFTEEN")).isEqualTo(7.0);
        assertThat(byBand("2026-11", Metric.CHILDREN_MISSING, "UNKNOWN")).isEqualTo(5.0);
        assertThat(byBand("2026-11", Metric.CHILDREN_MISSING_MORE_THAN_ONCE, "SIXTEEN_AND_OVER"))
                .isEqualTo(6.0);
        assertThat(byBand("2026-11", Metric.CHILDREN_MISSING_MORE_THAN_ONCE, "TEN_TO_FIFTEEN"))
                .as("a figure of zero is published: nobody aged 10 to 15 went missing twice")
                .isEqualTo(0.0);
        assertThat(
                        PartnershipReport.lines(new ArrayList<>(world.latest.values()), MetricsWorld.LAMBETH, "2026-11")
                                .stream()
                                .filter(l -> l.measure().equals("Children missing"))
                                .map(l -> l.label() + " " + l.shown()))
                .containsExactly(
                        "Children missing 18",
                        "Children missing · aged 10 to 15 7",
                        "Children missing · aged 16 and over 6",
                        "Children missing · age not known 5");
    }
}
