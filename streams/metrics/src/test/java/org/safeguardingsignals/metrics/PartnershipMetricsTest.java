package org.safeguardingsignals.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguardingsignals.events.PeriodType.CALENDAR_MONTH;
import static org.safeguardingsignals.events.PeriodType.ISO_WEEK;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.CareFlag;
import org.safeguardingsignals.events.DeadLetter;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.EncompassNotice;
import org.safeguardingsignals.events.NoticeStatus;
import org.safeguardingsignals.events.PartnershipMetric;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.UnmatchedEvent;
import org.safeguardingsignals.events.UnmatchedReason;
import org.safeguardingsignals.topics.Topics;

/** Each partnership figure, its disclosure control, and corrections from late data. */
class PartnershipMetricsTest {
    static final Instant TUESDAY = Instant.parse("2026-11-10T10:00:00Z"); // ISO week 2026-W46, month 2026-11
    private final MetricsWorld world = new MetricsWorld();

    @AfterEach
    void close() {
        world.close();
    }

    private static Instant minutes(long m) {
        return TUESDAY.plus(Duration.ofMinutes(m));
    }

    @Test
    void eventsReceivedAreCountedByAgencyAndCategoryAndSmallCountsAreSuppressed() {
        for (int i = 0; i < 3; i++) {
            world.incident(minutes(i));
        }
        world.publish();
        PartnershipMetric three = world.figure(
                CALENDAR_MONTH,
                "2026-11",
                Metric.EVENTS_RECEIVED,
                Map.of("agency", "POLICE", "category", "DOMESTIC_ABUSE"));
        assertThat(three.getSuppressed()).isTrue();
        assertThat(three.getValue()).isNull();

        world.incident(minutes(10));
        world.incident(minutes(11));
        world.publish();
        PartnershipMetric five = world.figure(
                ISO_WEEK, "2026-W46", Metric.EVENTS_RECEIVED, Map.of("agency", "POLICE", "category", "DOMESTIC_ABUSE"));
        assertThat(five.getSuppressed()).isFalse();
        assertThat(five.getValue()).isEqualTo(5.0);
    }

    @Test
    void lateDataCorrectsItsPeriodByPublishingItAgain() {
        for (int i = 0; i < 6; i++) {
            world.incident(minutes(i));
        }
        world.publish();
        world.incident(Instant.parse("2026-12-01T08:00:00Z")); // December
        world.incident(minutes(-60 * 24)); // arrives late, for Monday of the same week
        List<PartnershipMetric> republished = world.publish();

        assertThat(republished).extracting(PartnershipMetric::getPeriod).contains("2026-W46", "2026-11", "2026-12");
        assertThat(world.figure(
                                ISO_WEEK,
                                "2026-W46",
                                Metric.EVENTS_RECEIVED,
                                Map.of("agency", "POLICE", "category", "DOMESTIC_ABUSE"))
                        .getValue())
                .isEqualTo(7.0);
        assertThat(world.publish()).as("nothing changed, nothing published").isEmpty();
    }

    @Test
    void returnInterviewsWithin72HoursAreCountedAgainstReturnsAsAPercentage() {
        for (int i = 0; i < 10; i++) {
            Instant returned = minutes(i * 60L);
            world.missing("EP-" + i, returned.minus(Duration.ofHours(5)), null);
            world.missing("EP-" + i, returned.minus(Duration.ofHours(5)), returned);
            if (i < 6) {
                world.interviewCompleted("EP-" + i, returned.plus(Duration.ofHours(71)));
            } else if (i < 8) {
                world.interviewCompleted("EP-" + i, returned.plus(Duration.ofHours(73)));
            }
        }
        world.publish();

        assertThat(world.figure(CALENDAR_MONTH, "2026-11", Metric.MISSING_EPISODES, Map.of())
                        .getValue())
                .as("a report and a return are one episode")
                .isEqualTo(10.0);
        assertThat(world.figure(CALENDAR_MONTH, "2026-11", Metric.RETURNS, Map.of())
                        .getValue())
                .isEqualTo(10.0);
        assertThat(world.figure(CALENDAR_MONTH, "2026-11", Metric.RHI_WITHIN_72H, Map.of())
                        .getValue())
                .isEqualTo(6.0);
        assertThat(world.figure(CALENDAR_MONTH, "2026-11", Metric.RHI_WITHIN_72H_PCT, Map.of())
                        .getValue())
                .isEqualTo(60.0);
    }

    @Test
    void encompassNoticesAreCountedSentInTimeAndEscalatedAndFlaggedAttendancesByStatus() {
        for (int i = 0; i < 15; i++) {
            Instant incident = minutes(i * 10L);
            Instant due = incident.plus(Duration.ofHours(10));
            EncompassNotice sent = EncompassNotice.newBuilder()
                    .setNoticeId("N-" + i)
                    .setSchoolUrn("100001")
                    .setChildPseudonym("child-" + i)
                    .setLocalAuthority(MetricsWorld.LAMBETH)
                    .setIncidentAt(incident)
                    .setForceCode("01")
                    .setIncidentEventId("E-" + i)
                    .setIncidentReference("INC-" + i)
                    .setDueBy(due)
                    .setStatus(NoticeStatus.SENT)
                    .setSentAt(incident.plusSeconds(5))
                    .build();
            world.pipe(Topics.ENCOMPASS_NOTICES, sent);
            if (i < 7) { // acknowledged in time
                world.pipe(
                        Topics.ENCOMPASS_NOTICES,
                        EncompassNotice.newBuilder(sent)
                                .setStatus(NoticeStatus.ACKNOWLEDGED)
                                .setAcknowledgedBy("dsl")
                                .setAcknowledgedAt(due.minusSeconds(60))
                                .build());
            } else if (i < 10) { // escalated, then acknowledged late
                EncompassNotice escalated = EncompassNotice.newBuilder(sent)
                        .setStatus(NoticeStatus.ESCALATED)
                        .setEscalatedAt(due)
                        .build();
                world.pipe(Topics.ENCOMPASS_NOTICES, escalated);
                world.pipe(
                        Topics.ENCOMPASS_NOTICES,
                        EncompassNotice.newBuilder(escalated)
                                .setStatus(NoticeStatus.ACKNOWLEDGED)
                                .setAcknowledgedBy("dsl")
                                .setAcknowledgedAt(due.plusSeconds(600))
                                .build());
            } else { // escalated, never acknowledged
                world.pipe(
                        Topics.ENCOMPASS_NOTICES,
                        EncompassNotice.newBuilder(sent)
                                .setStatus(NoticeStatus.ESCALATED)
                                .setEscalatedAt(due)
                                .build());
            }
        }
        for (int i = 0; i < 6; i++) {
            world.pipe(
                    Topics.CARE_FLAGS,
                    new CareFlag("ED-" + i, "RJ1", minutes(i), i < 5, i >= 5, MetricsWorld.LAMBETH, minutes(i + 1)));
        }
        world.publish();

        assertThat(value(Metric.NOTICES_SENT, Map.of())).isEqualTo(15.0);
        assertThat(value(Metric.NOTICES_IN_TIME, Map.of())).isEqualTo(7.0);
        assertThat(value(Metric.NOTICES_IN_TIME_PCT, Map.of()))
                .isCloseTo(46.7, org.assertj.core.data.Offset.offset(0.05));
        assertThat(value(Metric.NOTICES_ESCALATED, Map.of())).isEqualTo(8.0);
        assertThat(value(Metric.ATTENDANCES_FLAGGED, Map.of("status", "CHILD_PROTECTION_PLAN")))
                .isEqualTo(5.0);
        assertThat(world.figure(CALENDAR_MONTH, "2026-11", Metric.ATTENDANCES_FLAGGED, Map.of("status", "LOOKED_AFTER"))
                        .getSuppressed())
                .as("one looked-after child's attendance is a small count")
                .isTrue();
    }

    private Double value(String metric, Map<String, String> dims) {
        return world.figure(CALENDAR_MONTH, "2026-11", metric, dims).getValue();
    }

    @Test
    void aPercentageBuiltOnASuppressedCountIsWithheld() {
        for (int i = 0; i < 8; i++) {
            world.missing("EP-" + i, minutes(i), minutes(i + 120));
            if (i < 3) {
                world.interviewCompleted("EP-" + i, minutes(i + 600));
            }
        }
        world.publish();

        PartnershipMetric pct = world.figure(CALENDAR_MONTH, "2026-11", Metric.RHI_WITHIN_72H_PCT, Map.of());
        assertThat(pct.getSuppressed()).isTrue();
        assertThat(pct.getValue()).isNull();
    }

    @Test
    void aSmallWeekThatStraddlesTwoMonthsWithholdsBothMonthsAndTheirPercentages() {
        // 2026-W44 runs Monday 26 October to Sunday 1 November: 2 returns in it, one in each month
        world.missing("EP-oct", Instant.parse("2026-10-30T08:00:00Z"), Instant.parse("2026-10-30T10:00:00Z"));
        world.missing("EP-nov", Instant.parse("2026-11-01T08:00:00Z"), Instant.parse("2026-11-01T10:00:00Z"));
        for (int i = 0; i < 8; i++) {
            world.missing("EP-" + i, minutes(i), minutes(i + 120)); // 8 returns in 2026-W46
            world.missing("EP-o" + i, Instant.parse("2026-10-14T08:00:00Z"), Instant.parse("2026-10-14T10:00:00Z"));
            world.interviewCompleted("EP-" + i, minutes(i + 600));
            world.interviewCompleted("EP-o" + i, Instant.parse("2026-10-15T10:00:00Z"));
        }
        world.publish();

        assertThat(world.figure(ISO_WEEK, "2026-W44", Metric.RETURNS, Map.of()).getSuppressed())
                .isTrue();
        assertThat(world.figure(ISO_WEEK, "2026-W46", Metric.RETURNS, Map.of()).getValue())
                .isEqualTo(8.0);
        for (String month : List.of("2026-10", "2026-11")) {
            assertThat(world.figure(CALENDAR_MONTH, month, Metric.RETURNS, Map.of()))
                    .as("%s: 9 returns, but with it published the small week would be the month less the others", month)
                    .satisfies(m -> assertThat(m.getSuppressed()).isTrue())
                    .satisfies(m -> assertThat(m.getValue()).isNull());
            assertThat(world.figure(CALENDAR_MONTH, month, Metric.RHI_WITHIN_72H_PCT, Map.of())
                            .getSuppressed())
                    .as("a percentage of a month withheld for its week is withheld too")
                    .isTrue();
        }
    }

    @Test
    void aMedianOrPercentileOfFewerThanFiveValuesIsWithheld() {
        for (int i = 0; i < 4; i++) {
            RiskAlert a = world.alert("toxic-trio", "child-" + i, minutes(0));
            world.decide(a, DecisionOutcome.STRATEGY_DISCUSSION, minutes(10L * (i + 1)));
        }
        world.publish();

        for (String stat : List.of("median", "p90")) {
            PartnershipMetric m =
                    world.figure(CALENDAR_MONTH, "2026-11", Metric.MINUTES_TO_FIRST_DECISION, Map.of("stat", stat));
            assertThat(m.getSuppressed()).as(stat).isTrue();
            assertThat(m.getValue()).as(stat).isNull();
        }
    }

    @Test
    void decisionsByOutcomeAndTimeToFirstDecision() {
        List<RiskAlert> alerts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            alerts.add(world.alert("toxic-trio", "child-" + i, minutes(0)));
        }
        for (int i = 0; i < 5; i++) {
            world.decide(alerts.get(i), DecisionOutcome.ACKNOWLEDGED, minutes(10L * (i + 1)));
            world.decide(alerts.get(i), DecisionOutcome.NO_FURTHER_ACTION, minutes(500));
        }
        world.publish();

        assertThat(world.figure(CALENDAR_MONTH, "2026-11", Metric.DECISIONS, Map.of("outcome", "ACKNOWLEDGED"))
                        .getValue())
                .isEqualTo(5.0);
        assertThat(world.figure(CALENDAR_MONTH, "2026-11", Metric.MINUTES_TO_FIRST_DECISION, Map.of("stat", "median"))
                        .getValue())
                .isEqualTo(30.0);
        assertThat(world.figure(CALENDAR_MONTH, "2026-11", Metric.MINUTES_TO_FIRST_DECISION, Map.of("stat", "p90"))
                        .getValue())
                .isEqualTo(50.0);
        assertThat(world.figure(
                                CALENDAR_MONTH,
                                "2026-11",
                                Metric.ALERTS,
                                Map.of("rule", "toxic-trio", "severity", "MEDIUM"))
                        .getValue())
                .isEqualTo(5.0);
    }

    @Test
    void childrenWithAnOpenToxicTrioAlertFallWhenAlertsAreClosed() {
        List<RiskAlert> alerts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            alerts.add(world.alert("toxic-trio", "child-" + i, minutes(i)));
        }
        world.publish();
        assertThat(world.figure(CALENDAR_MONTH, "2026-11", Metric.CHILDREN_OPEN_TRIO, Map.of())
                        .getValue())
                .isEqualTo(6.0);

        world.decide(alerts.get(1), DecisionOutcome.STRATEGY_DISCUSSION, minutes(60));
        world.decide(alerts.get(2), DecisionOutcome.ACKNOWLEDGED, minutes(60)); // still open
        world.publish();
        assertThat(world.figure(CALENDAR_MONTH, "2026-11", Metric.CHILDREN_OPEN_TRIO, Map.of())
                        .getValue())
                .isEqualTo(5.0);

        world.decide(alerts.get(3), DecisionOutcome.NO_FURTHER_ACTION, minutes(61));
        world.publish();
        assertThat(world.figure(CALENDAR_MONTH, "2026-11", Metric.CHILDREN_OPEN_TRIO, Map.of())
                        .getSuppressed())
                .isTrue();
    }

    @Test
    void childrenWithAnOpenEmergingAlertAreCountedApartFromFullTrios() {
        for (int i = 0; i < 7; i++) {
            world.alert("toxic-trio-emerging", "child-" + i, minutes(i));
        }
        for (int i = 0; i < 5; i++) {
            world.alert("toxic-trio", "child-" + i, minutes(30 + i)); // five of them escalated
        }
        world.publish();

        assertThat(world.figure(CALENDAR_MONTH, "2026-11", Metric.CHILDREN_OPEN_EMERGING, Map.of())
                        .getValue())
                .isEqualTo(7.0);
        assertThat(world.figure(CALENDAR_MONTH, "2026-11", Metric.CHILDREN_OPEN_TRIO, Map.of())
                        .getValue())
                .as("emerging alerts are not counted as toxic trios")
                .isEqualTo(5.0);
    }

    @Test
    void aReSentEventIsCountedOnceAsDetectionCountsIt() {
        List<String> children = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            var incident = world.incident(minutes(i));
            if (i < 2) {
                world.pipe(Topics.DOMESTIC_ABUSE_INCIDENTS, incident); // the same row sent again
            }
            children.add(world.nhs());
            var referral = world.referral(children.get(i), minutes(i));
            world.pipe(Topics.REFERRALS, referral);
        }
        world.publish();

        assertThat(world.figure(
                                CALENDAR_MONTH,
                                "2026-11",
                                Metric.EVENTS_RECEIVED,
                                Map.of("agency", "POLICE", "category", "DOMESTIC_ABUSE"))
                        .getValue())
                .isEqualTo(5.0);
        assertThat(world.figure(CALENDAR_MONTH, "2026-11", Metric.REFERRALS, Map.of())
                        .getValue())
                .isEqualTo(5.0);
        assertThat(world.latest.values())
                .as("a referral sent twice is not its own re-referral")
                .noneMatch(m -> m.getMetric().equals(Metric.RE_REFERRALS));
    }

    @Test
    void reReferralsWithinTwelveMonths() {
        List<String> children = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            children.add(world.nhs());
        }
        for (int i = 0; i < 5; i++) {
            world.referral(children.get(i), TUESDAY.minus(Duration.ofDays(200)));
            world.referral(children.get(i), minutes(i));
        }
        world.referral(children.get(5), TUESDAY.minus(Duration.ofDays(400)));
        world.referral(children.get(5), minutes(9)); // more than 12 months on: not a re-referral
        world.publish();

        assertThat(world.figure(CALENDAR_MONTH, "2026-11", Metric.REFERRALS, Map.of())
                        .getValue())
                .isEqualTo(6.0);
        assertThat(world.figure(CALENDAR_MONTH, "2026-11", Metric.RE_REFERRALS, Map.of())
                        .getValue())
                .isEqualTo(5.0);
        assertThat(world.figure(CALENDAR_MONTH, "2026-11", Metric.RE_REFERRALS_PCT, Map.of())
                        .getValue())
                .isEqualTo(83.3);
    }

    @Test
    void unmatchedAndRejectedInputsAreCountedByReason() {
        for (int i = 0; i < 6; i++) {
            world.pipe(
                    Topics.UNMATCHED,
                    UnmatchedEvent.newBuilder()
                            .setSourceEventId("ev-" + i)
                            .setSourceTopic(Topics.DOMESTIC_ABUSE_INCIDENTS.name())
                            .setAgency(Agency.POLICE)
                            .setLocalAuthority(MetricsWorld.LAMBETH)
                            .setSourceReference("MPS-" + i)
                            .setReason(i < 5 ? UnmatchedReason.NHS_NUMBER_MISSING : UnmatchedReason.NHS_NUMBER_INVALID)
                            .setOccurredAt(minutes(i))
                            .build());
        }
        for (int i = 0; i < 5; i++) {
            world.pipe(
                    Topics.DEAD_LETTERS,
                    DeadLetter.newBuilder()
                            .setReason(RejectReason.INVALID_UPN)
                            .setDetail("child.localIdentifiers[UPN]: UPN check letter does not match its digits")
                            .setSourceTopic(Topics.SCHOOL_CONCERNS.name())
                            .setPartition(0)
                            .setOffset(i)
                            .setRejectedAt(minutes(i))
                            .build());
        }
        world.publish();

        PartnershipMetric rejected = world.latest.values().stream()
                .filter(m -> m.getMetric().equals(Metric.REJECTED) && m.getPeriodType() == CALENDAR_MONTH)
                .findFirst()
                .orElseThrow();
        assertThat(rejected.getLocalAuthority()).isEqualTo(Metric.UNATTRIBUTED);
        assertThat(rejected.getDimensions())
                .containsEntry("reason", "INVALID_UPN")
                .containsEntry("source_topic", Topics.SCHOOL_CONCERNS.name());
        assertThat(rejected.getValue()).isEqualTo(5.0);

        assertThat(world.figure(
                                CALENDAR_MONTH,
                                "2026-11",
                                Metric.UNMATCHED,
                                Map.of("agency", "POLICE", "reason", "NHS_NUMBER_MISSING"))
                        .getValue())
                .isEqualTo(5.0);
        PartnershipMetric invalid = world.figure(
                CALENDAR_MONTH,
                "2026-11",
                Metric.UNMATCHED,
                Map.of("agency", "POLICE", "reason", "NHS_NUMBER_INVALID"));
        assertThat(invalid.getSuppressed()).isTrue(); // 1: a small count is withheld
        assertThat(invalid.getValue()).isNull();
    }

    @Test
    void childrenWithARepeatMissingAlertAreCountedOnceEach() {
        for (int i = 0; i < 6; i++) {
            String child = world.pseudonymiser.pseudonymOf(world.nhs());
            world.alert("repeat-missing", child, minutes(i));
            if (i == 0) {
                world.alert("repeat-missing", child, minutes(30)); // a second alert (severity rose): one child
            }
        }
        world.alert("toxic-trio", world.pseudonymiser.pseudonymOf(world.nhs()), minutes(40)); // another rule
        world.publish();

        assertThat(world.figure(CALENDAR_MONTH, "2026-11", Metric.CHILDREN_REPEAT_MISSING, Map.of())
                        .getValue())
                .isEqualTo(6.0);
    }

    @Test
    void alertFiguresAreDatedByWhenThePictureFormedNotWhenTheAlertWasRaised() {
        // detection replayed in December re-raises alerts whose pictures formed in September
        Instant september = Instant.parse("2026-09-15T10:00:00Z");
        Instant replay = Instant.parse("2026-12-01T08:00:00Z");
        for (int i = 0; i < 10; i++) {
            RiskAlert a = world.alert("toxic-trio", "child-" + i, september.plus(Duration.ofMinutes(i)), replay);
            world.decide(a, DecisionOutcome.ACKNOWLEDGED, september.plus(Duration.ofMinutes(120 + i)));
        }
        world.publish();

        assertThat(world.figure(
                                CALENDAR_MONTH,
                                "2026-09",
                                Metric.ALERTS,
                                Map.of("rule", "toxic-trio", "severity", "MEDIUM"))
                        .getValue())
                .isEqualTo(10.0);
        assertThat(world.figure(CALENDAR_MONTH, "2026-09", Metric.CHILDREN_OPEN_TRIO, Map.of())
                        .getValue())
                .isEqualTo(10.0);
        assertThat(world.figure(CALENDAR_MONTH, "2026-09", Metric.MINUTES_TO_FIRST_DECISION, Map.of("stat", "median"))
                        .getValue())
                .as("from the triggering evidence to the first decision, never negative")
                .isEqualTo(120.0);
        assertThat(world.latest.values())
                .as("nothing lands in the month of the replay")
                .noneMatch(m -> m.getPeriod().equals("2026-12"));
    }

    @Test
    void noPublishedFigureCarriesAChildIdentifier() {
        List<String> children = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String nhs = world.nhs();
            children.add(nhs);
            children.add(world.pseudonymiser.pseudonymOf(nhs));
            world.referral(nhs, minutes(i));
            RiskAlert a = world.alert("repeat-missing", world.pseudonymiser.pseudonymOf(nhs), minutes(i));
            world.decide(a, DecisionOutcome.ACKNOWLEDGED, minutes(i + 5));
        }
        world.incident(minutes(3));
        world.publish();

        String everything = world.latest.toString();
        assertThat(world.latest).isNotEmpty();
        for (String identifier : children) {
            assertThat(everything).doesNotContain(identifier);
        }
        assertThat(world.latest.values())
                .allSatisfy(m -> assertThat(m.getDimensions().keySet())
                        .isSubsetOf(
                                "agency", "category", "reason", "source_topic", "rule", "severity", "outcome", "stat"));
        assertThat(new String(everything.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .doesNotContainPattern("[0-9]{10}");
    }
}
