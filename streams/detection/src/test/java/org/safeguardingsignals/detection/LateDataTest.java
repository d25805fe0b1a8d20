package org.safeguardingsignals.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.safeguardingsignals.events.ParentHealthCategory.ALCOHOL_MISUSE;
import static org.safeguardingsignals.events.ParentHealthCategory.DRUG_MISUSE;
import static org.safeguardingsignals.events.ParentHealthCategory.MENTAL_HEALTH;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.detection.Scenario.Child;
import org.safeguardingsignals.detection.rules.ToxicTrio.Group;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.MissingEpisode;
import org.safeguardingsignals.events.PoliceRiskGrade;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;

/**
 * Late and backfilled data (more than intake.grace, 30 days, behind stream time): judged against the present. A
 * combination that still holds now is raised and marked as formed from late data; one that lapsed before now raises
 * nothing; a picture already alerted is not alerted again.
 */
class LateDataTest {
    /** The present: stream time once the first recent event has arrived (an hour before the test's wall clock). */
    static final Instant NOW = Scenario.WALL_CLOCK_START.minus(Duration.ofHours(1));

    private final Scenario world = new Scenario();

    @AfterEach
    void close() {
        world.close();
    }

    private static Instant daysAgo(long days) {
        return NOW.minus(Duration.ofDays(days));
    }

    @Test
    void aRecentIncidentCompletedByLateHealthEventsRaisesOneHighTrioMarkedAsLate() {
        Child ava = world.child("Ava");
        world.domesticAbuse(NOW, ava);
        assertThat(world.alerts()).isEmpty();

        // a health trust joins the partnership two days later and loads its year
        world.advanceWallClock(Duration.ofDays(2));
        Instant loaded = Scenario.WALL_CLOCK_START.plus(Duration.ofDays(2));
        world.parentHealth(daysAgo(150), MENTAL_HEALTH, ava);
        world.parentHealth(daysAgo(100), DRUG_MISUSE, ava);

        List<RiskAlert> alerts = world.alerts();
        assertThat(alerts)
                .extracting(RiskAlert::getRuleId, RiskAlert::getSeverity, RiskAlert::getFormedFromLateData)
                .containsExactly(
                        tuple("toxic-trio-emerging", Severity.MEDIUM, true), tuple("toxic-trio", Severity.HIGH, true));
        RiskAlert high = alerts.get(1);
        assertThat(high.getWindow().getEnd()).as("judged against the present").isEqualTo(NOW);
        assertThat(high.getWindow().getStart()).isEqualTo(NOW.minus(Duration.ofDays(365)));
        assertThat(high.getEvidence())
                .extracting(Evidence::getCategory, Evidence::getOccurredAt, Evidence::getReceivedAt)
                .containsExactly(
                        tuple(IndicatorCategory.PARENTAL_MENTAL_HEALTH, daysAgo(150), loaded),
                        tuple(IndicatorCategory.PARENTAL_DRUG_MISUSE, daysAgo(100), loaded),
                        tuple(IndicatorCategory.DOMESTIC_ABUSE, NOW, Scenario.WALL_CLOCK_START));
        assertThat(world.metrics.count("safeguarding.indicators.late")).isEqualTo(2);
    }

    @Test
    void threeEventsFrom400To380DaysBackRaiseNothing() {
        world.domesticAbuse(NOW, world.child("someone else")); // stream time: the present
        Child ben = world.child("Ben");

        world.domesticAbuse(daysAgo(400), ben);
        world.parentHealth(daysAgo(390), MENTAL_HEALTH, ben);
        world.parentHealth(daysAgo(380), ALCOHOL_MISUSE, ben);

        assertThat(world.alerts())
                .as("the trio held 380 days ago, and lapsed before now")
                .isEmpty();
        assertThat(world.childStates().get(world.pseudonymOf(ben)).getIndicators())
                .as("history joins the chronology")
                .hasSize(3);
        assertThat(world.metrics.count("safeguarding.indicators.late")).isEqualTo(3);
    }

    @Test
    void aLateIndicatorOfAPictureAlreadyAlertedRaisesNothingMore() {
        Child cal = world.child("Cal");
        world.domesticAbuse(NOW, cal);
        world.parentHealth(NOW, MENTAL_HEALTH, cal);
        world.parentHealth(NOW, DRUG_MISUSE, cal);
        assertThat(world.alerts())
                .extracting(RiskAlert::getRuleId)
                .containsExactly("toxic-trio-emerging", "toxic-trio");

        world.domesticAbuse(daysAgo(200), cal);
        world.parentHealth(daysAgo(120), ALCOHOL_MISUSE, cal);

        assertThat(world.alerts()).isEmpty();
    }

    @Test
    void aWindowNeverMovesBackSoAPictureCannotSeemToFormTwice() {
        Child dee = world.child("Dee");
        Instant start = daysAgo(370);
        world.domesticAbuse(start, dee);
        world.parentHealth(start.plus(Duration.ofDays(100)), MENTAL_HEALTH, dee);
        world.parentHealth(start.plus(Duration.ofDays(200)), DRUG_MISUSE, dee);
        assertThat(world.alerts())
                .extracting(RiskAlert::getRuleId)
                .containsExactly("toxic-trio-emerging", "toxic-trio");

        world.domesticAbuse(NOW, world.child("someone else")); // stream time moves on 170 days
        // late: judged now, when the incident of 370 days ago has lapsed; the rest of the picture was alerted
        world.parentHealth(start.plus(Duration.ofDays(300)), DRUG_MISUSE, dee);
        // on time (within the grace) but older than the present: its window must not reach back to the incident
        world.parentHealth(NOW.minus(Duration.ofDays(20)), MENTAL_HEALTH, dee);

        assertThat(world.alerts()).isEmpty();
    }

    @Test
    void episodesBackfilledWithinTheRepeatPeriodRaiseOneRepeatAlertAndNoOverdueInterviews() {
        world.domesticAbuse(NOW, world.child("someone else"));
        Child eli = world.child("Eli");
        Child fen = world.child("Fen");

        for (int n = 0; n < 3; n++) {
            Instant reported = daysAgo(80 - 15L * n);
            world.missing("ELI-" + n, eli, reported, reported.plus(Duration.ofHours(6)));
            Instant older = daysAgo(200 - 30L * n); // fen's three episodes fell within 90 days of each other, long ago
            world.missing("FEN-" + n, fen, older, older.plus(Duration.ofHours(6)));
        }
        world.advanceWallClock(Duration.ofMinutes(10)); // the timer runs: every interview was due months ago

        List<RiskAlert> alerts = world.alerts();
        assertThat(alerts)
                .extracting(
                        RiskAlert::getRuleId,
                        RiskAlert::getChildPseudonym,
                        RiskAlert::getSeverity,
                        RiskAlert::getFormedFromLateData)
                .containsExactly(tuple("repeat-missing", world.pseudonymOf(eli), Severity.MEDIUM, true));
        assertThat(alerts.get(0).getWindow().getEnd()).isEqualTo(NOW);
        assertThat(world.storeSize(ChildRulesProcessor.INTERVIEWS_DUE_STORE)).isZero();
    }

    @Test
    void aLateOutOfAreaEpisodeIsNotifiedOnlyWhileTheChildIsStillMissing() {
        world.domesticAbuse(NOW, world.child("someone else"));
        Child gil = world.child("Gil");
        Child hal = world.child("Hal");

        world.missing(world.lookedAfterEpisode("GIL-1", gil, daysAgo(40), Scenario.LAMBETH, Scenario.KENT)
                .build());
        MissingEpisode returned = world.lookedAfterEpisode("HAL-1", hal, daysAgo(40), Scenario.LAMBETH, Scenario.KENT)
                .setReturnedAt(daysAgo(39))
                .setPoliceRiskGrade(PoliceRiskGrade.HIGH)
                .build();
        returned.getHeader().setOccurredAt(daysAgo(39));
        world.missing(returned);

        List<RiskAlert> alerts = world.alerts();
        assertThat(alerts)
                .extracting(RiskAlert::getRuleId, RiskAlert::getChildPseudonym, RiskAlert::getFormedFromLateData)
                .containsExactly(tuple("out-of-area-missing", world.pseudonymOf(gil), true));
        assertThat(alerts.get(0).getWindow().getEnd()).as("still missing now").isEqualTo(NOW);
        assertThat(alerts.get(0).getRoutedTo()).containsExactlyInAnyOrder(Scenario.LAMBETH, Scenario.KENT);
    }

    @Test
    @Tag("volume") // 20 s on its own: mutation testing would run it once per mutant it covers (docs/TESTING.md)
    void aYearsBackfillForTenThousandChildrenRaisesExactlyTheCombinationsThatHoldNow() {
        world.domesticAbuse(NOW, world.child("someone with a recent incident")); // stream time: the present
        Random random = new Random(27);
        record Backfilled(Child child, Group group, int daysAgo) {}
        List<Backfilled> backfill = new ArrayList<>();
        for (int c = 0; c < 10_000; c++) {
            Child child = world.child("child " + c);
            int events = random.nextInt(5);
            for (int e = 0; e < events; e++) {
                Group group = Group.values()[random.nextInt(3)];
                backfill.add(new Backfilled(child, group, 31 + random.nextInt(470))); // 31 to 500 days ago: all late
            }
        }
        Collections.shuffle(backfill, random);

        for (Backfilled b : backfill) {
            Instant at = daysAgo(b.daysAgo());
            switch (b.group()) {
                case DOMESTIC_ABUSE -> world.domesticAbuse(at, b.child());
                case PARENTAL_MENTAL_HEALTH -> world.parentHealth(at, MENTAL_HEALTH, b.child());
                case PARENTAL_SUBSTANCE_MISUSE ->
                    world.parentHealth(at, random.nextBoolean() ? ALCOHOL_MISUSE : DRUG_MISUSE, b.child());
            }
        }
        List<RiskAlert> alerts = world.alerts();

        // what holds now, from the backfill alone: the groups each child has within the year before now
        Map<String, Set<Group>> holdingNow = new HashMap<>();
        Map<String, Integer> incidentsNow = new HashMap<>();
        for (Backfilled b : backfill) {
            if (b.daysAgo() <= 365) {
                holdingNow
                        .computeIfAbsent(world.pseudonymOf(b.child()), k -> EnumSet.noneOf(Group.class))
                        .add(b.group());
                if (b.group() == Group.DOMESTIC_ABUSE) {
                    incidentsNow.merge(world.pseudonymOf(b.child()), 1, Integer::sum);
                }
            }
        }
        Map<String, List<String>> expected = new HashMap<>();
        holdingNow.forEach((child, groups) -> {
            List<String> rules = new ArrayList<>();
            if (groups.size() >= 2) {
                rules.add("toxic-trio-emerging"); // groups arrive one at a time, so two come before three
            }
            if (groups.size() == 3) {
                rules.add("toxic-trio");
            }
            if (incidentsNow.getOrDefault(child, 0) >= 3) {
                rules.add("repeat-domestic-abuse"); // three police incidents within the year before now
            }
            if (!rules.isEmpty()) {
                expected.put(child, rules.stream().sorted().toList());
            }
        });
        Map<String, List<String>> raised = alerts.stream()
                .collect(Collectors.groupingBy(
                        RiskAlert::getChildPseudonym,
                        Collectors.collectingAndThen(
                                Collectors.mapping(RiskAlert::getRuleId, Collectors.toList()),
                                rules -> rules.stream().sorted().toList())));

        assertThat(expected.values().stream().filter(r -> r.contains("toxic-trio")))
                .as("the backfill holds trios now")
                .hasSizeGreaterThan(100);
        assertThat(raised).isEqualTo(expected);
        assertThat(alerts).allSatisfy(a -> {
            assertThat(a.getFormedFromLateData()).isTrue();
            assertThat(a.getWindow().getEnd()).isEqualTo(NOW);
            assertThat(a.getEvidence())
                    .allSatisfy(e -> assertThat(e.getOccurredAt()).isAfterOrEqualTo(daysAgo(365)));
        });
        assertThat(world.metrics.count("safeguarding.indicators.late")).isEqualTo(backfill.size());
    }
}
