package org.safeguardingsignals.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.MissingEpisode;
import org.safeguardingsignals.events.Referral;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.feed.FeedSettings;
import org.safeguardingsignals.feed.Publication;
import org.safeguardingsignals.feed.SyntheticFeed;

/**
 * The measurement behind docs/ARCHITECTURE.md "Synthetic feed calibration". By default a short run (10,000 children,
 * 120 days' warm-up, 120 days measured) whose counts are checked against a second play of the feed, counted apart,
 * and against what the rules must raise; {@code -Dcalibration.children=50000 -Dcalibration.warmup=365
 * -Dcalibration.days=365} gives the documented year, printed (and checked the same way).
 */
class PopulationCalibrationTest {
    static final int CHILDREN = Integer.getInteger("calibration.children", 10_000);
    static final int WARM_UP = Integer.getInteger("calibration.warmup", 120);
    static final int DAYS = Integer.getInteger("calibration.days", 120);

    static PopulationCalibration.Figures figures;

    /** The same feed, played again without the topology and counted here, by the children's references. */
    static Counts counts;

    static final class Counts {
        long referrals;
        long reReferrals;
        long reReferralsWithNhs;
        Set<String> reReferredWithNhs = new HashSet<>();
        Set<String> referred = new HashSet<>();
        long missingReports;
        long missingReportsLookedAfter;
        long repeatMissingReports;
        Map<String, Integer> missingByChild = new HashMap<>();
    }

    @BeforeAll
    static void play() {
        long t0 = System.nanoTime();
        figures = PopulationCalibration.measure(CHILDREN, WARM_UP, DAYS);
        System.out.print(figures.report());
        System.out.printf("measured in %.0f s%n", (System.nanoTime() - t0) / 1e9);

        counts = new Counts();
        FeedSettings settings = PopulationCalibration.settings(CHILDREN, WARM_UP);
        SyntheticFeed feed = new SyntheticFeed(settings);
        Instant start = PopulationCalibration.START;
        Instant end = start.plus(Duration.ofDays(DAYS));
        Map<String, List<Instant>> referrals = new HashMap<>();
        Map<String, List<Instant>> missing = new HashMap<>();
        while (feed.peekTime().isBefore(end)) {
            Publication p = feed.next();
            Instant at = p.occurredAt();
            boolean measured = !at.isBefore(start);
            if (p.value() instanceof Referral r) {
                String child = r.getChild().toString();
                List<Instant> before = referrals.computeIfAbsent(child, c -> new ArrayList<>());
                boolean again =
                        before.stream().anyMatch(t -> Duration.between(t, at).compareTo(Duration.ofDays(365)) <= 0);
                before.add(at);
                if (measured) {
                    counts.referrals++;
                    counts.referred.add(child);
                    if (again) {
                        counts.reReferrals++;
                        if (r.getChild().getNhsNumber() != null) {
                            counts.reReferralsWithNhs++;
                            counts.reReferredWithNhs.add(child);
                        }
                    }
                }
            } else if (p.value() instanceof MissingEpisode m && m.getReturnedAt() == null) {
                String child = m.getChild().toString();
                List<Instant> before = missing.computeIfAbsent(child, c -> new ArrayList<>());
                boolean again =
                        before.stream().anyMatch(t -> Duration.between(t, at).compareTo(Duration.ofDays(365)) <= 0);
                before.add(at);
                if (measured) {
                    counts.missingReports++;
                    counts.missingReportsLookedAfter += m.getLookedAfter() ? 1 : 0;
                    counts.repeatMissingReports += again ? 1 : 0;
                    counts.missingByChild.merge(child, 1, Integer::sum);
                }
            }
        }
    }

    @Test
    void referralsAndReReferralsAreCountedAsTheFeedPlaysThem() {
        assertThat(figures.referrals).isPositive().isEqualTo(counts.referrals);
        assertThat(figures.referred.cardinality()).isEqualTo(counts.referred.size());
        assertThat(figures.reReferrals).isPositive().isEqualTo(counts.reReferrals);
        assertThat(figures.reReferralsWithNhs).isEqualTo(counts.reReferralsWithNhs);
        assertThat(figures.reReferredWithNhs.cardinality()).isEqualTo(counts.reReferredWithNhs.size());
    }

    @Test
    void missingReportsAndRepeatsAreCountedAsTheFeedPlaysThem() {
        assertThat(figures.missingReports).isPositive().isEqualTo(counts.missingReports);
        assertThat(figures.missingReportsLookedAfter).isEqualTo(counts.missingReportsLookedAfter);
        assertThat(figures.repeatMissingReports).isEqualTo(counts.repeatMissingReports);
        assertThat(figures.childrenMissing()).isEqualTo(counts.missingByChild.size());
        assertThat(figures.childrenMissingTwiceOrMore())
                .isEqualTo(counts.missingByChild.values().stream()
                        .filter(n -> n >= 2)
                        .count());
    }

    @Test
    void theReReferralRuleFlagsExactlyTheReReferralsOfChildrenWithAnNhsNumber() {
        // the rule is the DfE indicator: a referral within 365 days of the child's previous one, one alert each
        assertThat(figures.alertsByRule.getOrDefault("re-referral", 0L)).isEqualTo(figures.reReferralsWithNhs);
        assertThat(figures.childrenByRule.getOrDefault("re-referral", new BitSet()))
                .isEqualTo(figures.reReferredWithNhs);
    }

    @Test
    void everyRepeatMissingAlertHasThreeReportsOfTheChildInItsWindow() {
        List<RiskAlert> repeats = new ArrayList<>();
        for (Map.Entry<Integer, RiskAlert> e : figures.alerts) {
            RiskAlert a = e.getValue();
            if (!a.getRuleId().equals("repeat-missing")) {
                continue;
            }
            repeats.add(a);
            List<Instant> reports = figures.missingReportTimes.getOrDefault(e.getKey(), List.of());
            long inWindow = reports.stream()
                    .filter(t -> !t.isBefore(a.getWindow().getStart())
                            && !t.isAfter(a.getWindow().getEnd()))
                    .count();
            assertThat(a.getWindow().getEnd().minus(Duration.ofDays(90)))
                    .isBeforeOrEqualTo(a.getWindow().getStart());
            assertThat(inWindow)
                    .as("reports of child %d in %s", e.getKey(), a.getWindow())
                    .isGreaterThanOrEqualTo(3);
        }
        assertThat(repeats).as("repeat-missing alerts").isNotEmpty();
    }

    @Test
    void everyAlertIsOfAChildOfThePopulationAndCountedBySeverity() {
        assertThat(figures.alerts)
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.getKey()).isBetween(0, CHILDREN - 1));
        assertThat(figures.alertsByRule.values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isEqualTo(figures.alerts.size());
        BitSet any = new BitSet();
        figures.childrenByRule.forEach((rule, children) -> {
            BitSet bySeverity = new BitSet();
            figures.childrenByRuleAndSeverity.forEach((key, who) -> {
                if (key.startsWith(rule + ":")) {
                    bySeverity.or(who);
                }
            });
            assertThat(bySeverity).as(rule).isEqualTo(children);
            any.or(children);
        });
        assertThat(figures.flagged).isEqualTo(any);
    }
}
