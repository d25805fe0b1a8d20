package org.safeguardingsignals.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguardingsignals.events.PeriodType.CALENDAR_MONTH;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.ReturnInterviewEvent;
import org.safeguardingsignals.events.ReturnInterviewStatus;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.topics.Topics;

/**
 * The figures at their edges: percentages follow either of their counts, corrections and repeats of the same
 * episode or alert count once, the twelve-month window of a re-referral, and what counts as a toxic-trio alert.
 */
class PartnershipMetricsEdgesTest {
    static final Instant TUESDAY = Instant.parse("2026-11-10T10:00:00Z");
    static final String MONTH = "2026-11";
    private final MetricsWorld world = new MetricsWorld();

    @AfterEach
    void close() {
        world.close();
    }

    private static Instant hours(long h) {
        return TUESDAY.plus(Duration.ofHours(h));
    }

    private double value(String metric) {
        return world.figure(CALENDAR_MONTH, MONTH, metric, Map.of()).getValue();
    }

    private void interview(String episode, Instant at, ReturnInterviewStatus status) {
        world.pipe(
                Topics.RETURN_INTERVIEWS,
                ReturnInterviewEvent.newBuilder()
                        .setHeader(MetricsWorld.header(Agency.CHILDRENS_SERVICES, at))
                        .setEpisodeId(episode)
                        .setChild(MetricsWorld.child(world.nhs()))
                        .setStatus(status)
                        .build());
    }

    @Test
    void aPercentageIsPublishedAgainWhenEitherItsNumeratorOrItsDenominatorChanges() {
        for (int i = 0; i < 10; i++) {
            world.missing("EP-" + i, hours(i), hours(i + 1));
            if (i < 6) {
                world.interviewCompleted("EP-" + i, hours(i + 24));
            }
        }
        world.publish();
        assertThat(value(Metric.RHI_WITHIN_72H_PCT)).isEqualTo(60.0);

        world.missing("EP-10", hours(20), hours(21)); // a return: the denominator alone changes
        world.publish();
        assertThat(value(Metric.RHI_WITHIN_72H_PCT)).isEqualTo(54.5);

        world.interviewCompleted("EP-10", hours(40)); // an interview in time: the numerator alone changes
        world.publish();
        assertThat(value(Metric.RHI_WITHIN_72H_PCT)).isEqualTo(63.6);
    }

    @Test
    void aReturnIsCountedOnceAndItsInterviewOnceWhateverComesAfter() {
        for (int i = 0; i < 5; i++) {
            world.missing("EP-" + i, hours(i), hours(i + 1));
            world.missing("EP-" + i, hours(i), hours(i + 2)); // a correction of the return
            world.interviewCompleted("EP-" + i, hours(i + 10));
            world.interviewCompleted("EP-" + i, hours(i + 11)); // recorded twice
        }
        world.publish();

        assertThat(value(Metric.RETURNS)).isEqualTo(5.0);
        assertThat(value(Metric.RHI_WITHIN_72H)).isEqualTo(5.0);
    }

    @Test
    void onlyACompletedInterviewCountsAndAnEarlierCompletionCorrectsALateOne() {
        for (int i = 0; i < 5; i++) {
            world.missing("EP-" + i, hours(i), hours(i + 1));
            interview("EP-" + i, hours(i + 2), ReturnInterviewStatus.OFFERED);
            interview("EP-" + i, hours(i + 3), ReturnInterviewStatus.DECLINED);
        }
        world.missing("EP-5", hours(5), hours(6));
        world.publish();
        assertThat(world.latest.values())
                .as("no interview was completed")
                .noneMatch(m -> m.getMetric().equals(Metric.RHI_WITHIN_72H));

        for (int i = 0; i < 5; i++) {
            interview("EP-" + i, hours(i + 1 + 80), ReturnInterviewStatus.COMPLETED); // 80 hours: too late
        }
        world.publish();
        assertThat(world.latest.values()).noneMatch(m -> m.getMetric().equals(Metric.RHI_WITHIN_72H));

        for (int i = 0; i < 5; i++) {
            interview("EP-" + i, hours(i + 1 + 70), ReturnInterviewStatus.COMPLETED); // corrected: within 72 hours
        }
        world.publish();
        assertThat(value(Metric.RHI_WITHIN_72H)).isEqualTo(5.0);
    }

    @Test
    void aReReferralIsWithinTwelveMonthsOfTheChildsLatestEarlierReferralAndNeverTheSameInstant() {
        List<String> children = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            children.add(world.nhs());
        }
        for (int i = 0; i < 5; i++) {
            // exactly 365 days after the first: a re-referral
            world.referral(children.get(i), hours(i).minus(Duration.ofDays(365)));
            world.referral(children.get(i), hours(i));
        }
        // the same instant twice is one referral's duplicate, not a re-referral
        world.referral(children.get(5), hours(9));
        world.referral(children.get(5), hours(9));
        world.publish();
        assertThat(value(Metric.RE_REFERRALS)).isEqualTo(5.0);

        // 400 days after the child's first referral but 35 after its second: measured from the latest
        for (int i = 0; i < 5; i++) {
            world.referral(children.get(i), hours(i).plus(Duration.ofDays(35)));
        }
        world.publish();
        assertThat(world.figure(CALENDAR_MONTH, "2026-12", Metric.RE_REFERRALS, Map.of())
                        .getValue())
                .isEqualTo(5.0);
    }

    @Test
    void aReferralThatArrivesLateIsComparedWithTheLatestAlreadyKnown() {
        List<String> children = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String child = world.nhs();
            children.add(child);
            world.referral(child, hours(i));
            world.referral(child, hours(i).minus(Duration.ofDays(400))); // an old one, sent late: not a re-referral
        }
        for (String child : children) {
            world.referral(child, hours(100)); // four days after the latest: a re-referral
        }
        world.publish();
        assertThat(value(Metric.RE_REFERRALS)).isEqualTo(5.0);
    }

    @Test
    void onlyToxicTrioAlertsCountAndAChildStaysCountedWhileAnyOfItsTrioAlertsIsOpen() {
        List<RiskAlert> first = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String child = "child-" + i;
            first.add(world.alert("toxic-trio", child, hours(i)));
            world.alert("toxic-trio", child, hours(i + 10)); // raised again after the picture lapsed and formed
        }
        for (int i = 0; i < 3; i++) {
            world.alert("repeat-missing", "other-" + i, hours(i)); // open, and not a toxic trio
        }
        world.publish();
        assertThat(value(Metric.CHILDREN_OPEN_TRIO)).isEqualTo(6.0);

        for (RiskAlert a : first) {
            world.decide(a, DecisionOutcome.NO_FURTHER_ACTION, hours(40));
            world.decide(a, DecisionOutcome.STRATEGY_DISCUSSION, hours(41)); // a second closing decision
        }
        world.publish();
        assertThat(value(Metric.CHILDREN_OPEN_TRIO))
                .as("each child's second alert is still open")
                .isEqualTo(6.0);
    }

    @Test
    void aChildNoLongerCountedLeavesNothingBehindInTheStores() {
        List<RiskAlert> alerts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            alerts.add(world.alert("toxic-trio", "child-" + i, hours(i)));
        }
        world.publish();
        KeyValueStore<String, Long> members = world.driver.getKeyValueStore(MetricAggregator.MEMBERS_STORE);
        assertThat(count(members, Metric.CHILDREN_OPEN_TRIO))
                .as("one member per child and period")
                .isEqualTo(10);
        assertThat(count(members, Metric.CHILDREN_FLAGGED))
                .as("children flagged, apart")
                .isEqualTo(10);

        alerts.forEach(a -> world.decide(a, DecisionOutcome.NO_FURTHER_ACTION, hours(20)));
        world.publish();
        assertThat(count(members, Metric.CHILDREN_OPEN_TRIO)).isZero();
        assertThat(count(members, Metric.CHILDREN_FLAGGED))
                .as("a child flagged stays flagged in its period")
                .isEqualTo(10);
        assertThat(world.figure(CALENDAR_MONTH, MONTH, Metric.CHILDREN_OPEN_TRIO, Map.of())
                        .getValue())
                .isEqualTo(0.0);
    }

    /** The members held for one metric's figures. */
    private static int count(KeyValueStore<String, Long> store, String metric) {
        int n = 0;
        try (KeyValueIterator<String, Long> it = store.all()) {
            while (it.hasNext()) {
                if (it.next().key.contains("|" + metric + "|")) {
                    n++;
                }
            }
        }
        return n;
    }
}
