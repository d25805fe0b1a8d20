package org.safeguardingsignals.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.PartnershipMetric;
import org.safeguardingsignals.events.PeriodType;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.metrics.Differencing.Range;

/**
 * The differencing attack, played against what the metrics topic publishes and what the report prints: no count that
 * disclosure control withholds can be worked out from the others (the month from its weeks, a total from its
 * breakdown), nor from a figure and its later correction.
 */
class DifferencingAttackTest {
    /** February 2027 runs Monday 1 to Sunday 28: exactly ISO weeks 5 to 8, so the month is the sum of its weeks. */
    static final String FEBRUARY = "2027-02";

    static final List<String> WEEKS = List.of("2027-W05", "2027-W06", "2027-W07", "2027-W08");
    static final Map<String, String> POLICE_DA = Map.of("agency", "POLICE", "category", "DOMESTIC_ABUSE");

    static final long POPULATION = 40_000;
    private final MetricsWorld world = new MetricsWorld(Map.of(MetricsWorld.LAMBETH, POPULATION));
    /** What the topic held after each publication, oldest first. */
    private final List<Map<String, PartnershipMetric>> versions = new ArrayList<>();
    /** The true count of incidents per week, after each publication. */
    private final List<Map<String, Long>> truths = new ArrayList<>();

    private final Map<String, Long> truth = new LinkedHashMap<>();

    @AfterEach
    void close() {
        world.close();
    }

    @Test
    void aWeekWithheldInAMonthCannotBeWorkedOutFromTheMonthAndTheOtherWeeks() {
        incidents(0, 3);
        incidents(1, 8);
        incidents(2, 8);
        publish();

        assertNothingRecovered();
        assertTheReportPrintsOnlyWhatTheTopicPublishes();
    }

    @Test
    void aCorrectionThatMakesAWeekSmallGivesAwayNothingThroughTheFiguresBeforeIt() {
        incidents(1, 8);
        incidents(2, 8);
        publish();
        incidents(0, 1); // a late incident in the first week
        publish();

        assertNothingRecovered();
        assertTheReportPrintsOnlyWhatTheTopicPublishes();
    }

    @Test
    void aCorrectionOfAWithheldWeekGivesAwayNeitherItsOldNorItsNewValue() {
        incidents(0, 2);
        incidents(1, 10);
        incidents(3, 7);
        publish();
        incidents(0, 1);
        incidents(1, 1);
        publish();

        assertNothingRecovered();
    }

    @Test
    void anAgeBandWithheldCannotBeWorkedOutFromItsTotalTheOtherBandsOrTheMonth() {
        // the first week: 7 children aged 10 to 15, 2 aged 5 to 9 (withheld), 6 aged 16 and over; then 6 a week
        Map<String, Map<String, Long>> children = new LinkedHashMap<>();
        missing(children, 0, "TEN_TO_FIFTEEN", 7);
        missing(children, 0, "FIVE_TO_NINE", 2);
        missing(children, 0, "SIXTEEN_AND_OVER", 6);
        for (int week = 1; week < WEEKS.size(); week++) {
            missing(children, week, "TEN_TO_FIFTEEN", 6);
        }
        world.publish();
        Map<String, PartnershipMetric> published = new HashMap<>();
        world.latest.values().stream()
                .filter(m -> m.getLocalAuthority().equals(MetricsWorld.LAMBETH)
                        && m.getMetric().equals(Metric.CHILDREN_MISSING))
                .forEach(m ->
                        published.put(m.getPeriod() + "|" + m.getDimensions().getOrDefault(Metric.AGE_BAND, ""), m));
        Map<String, Long> counts = new HashMap<>();
        children.forEach((week, bands) -> bands.forEach((band, n) -> {
            counts.merge(week + "|" + band, n, Long::sum);
            counts.merge(week + "|", n, Long::sum);
            counts.merge(FEBRUARY + "|" + band, n, Long::sum);
            counts.merge(FEBRUARY + "|", n, Long::sum);
        }));
        List<String> bands = List.of("FIVE_TO_NINE", "TEN_TO_FIFTEEN", "SIXTEEN_AND_OVER");

        assertThat(published.get("2027-W05|FIVE_TO_NINE").getSuppressed()).isTrue();
        assertThat(published.get("2027-W05|").getSuppressed())
                .as("the week's total, less the bands published, would be the withheld band")
                .isTrue();
        assertThat(published.get(FEBRUARY + "|").getSuppressed()).isTrue();
        assertThat(published.get("2027-W05|TEN_TO_FIFTEEN").getValue()).isEqualTo(7.0);
        assertThat(published.get("2027-W06|").getValue()).isEqualTo(6.0);

        Map<String, String> recovered = new TreeMap<>();
        // a period's bands add up to its total
        for (String period : List.of(WEEKS.get(0), FEBRUARY)) {
            List<String> parts = bands.stream().map(b -> period + "|" + b).toList();
            attack(parts, period + "|", published, counts, recovered);
        }
        // a month's weeks add up to the month, band by band and in total
        for (String band : List.of("", "FIVE_TO_NINE", "TEN_TO_FIFTEEN", "SIXTEEN_AND_OVER")) {
            List<String> parts = WEEKS.stream().map(w -> w + "|" + band).toList();
            attack(parts, FEBRUARY + "|" + band, published, counts, recovered);
        }
        assertThat(recovered).as("withheld counts worked out by differencing").isEmpty();
        assertThat(
                        PartnershipReport.lines(new ArrayList<>(world.latest.values()), MetricsWorld.LAMBETH, FEBRUARY)
                                .stream()
                                .filter(l -> l.measure().equals("Children missing"))
                                .map(l -> l.label() + " " + l.shown()))
                .containsExactly(
                        "Children missing [c]",
                        "Children missing · aged 5 to 9 [c]",
                        "Children missing · aged 10 to 15 25",
                        "Children missing · aged 16 and over 6");
    }

    @Test
    void aWithheldCellOfTheFiguresByRuleCannotBeWorkedOutFromWhatTheyAddUpTo() {
        RuleAttack attack = new RuleAttack(FebruaryByRule.RULES, POPULATION);
        FebruaryByRule february = new FebruaryByRule(world);
        february.weeks();
        attack.version(february.published(), february.store());

        assertThat(attack.recovered())
                .as("withheld counts worked out by differencing")
                .isEmpty();
        assertThat(february.withheld(WEEKS.get(0), Metric.FIRST_DECISIONS, Map.of()))
                .as("one rule's total withheld: the first decisions less the others would be it")
                .isTrue();
        assertThat(february.withheld(WEEKS.get(1), Metric.FIRST_DECISIONS, Map.of()))
                .as("two rules' totals withheld, and two outcomes, keep each other")
                .isFalse();
        assertThat(february.withheld(WEEKS.get(0), Metric.DECISIONS, Map.of("outcome", "NO_FURTHER_ACTION")))
                .as("the rules' no further action add up to the decisions of no further action")
                .isTrue();
        assertThat(february.withheld(WEEKS.get(0), Metric.CHILDREN_REPEAT_MISSING, Map.of()))
                .as("the union of the repeat-missing children by severity")
                .isTrue();
        assertThat(world.latest.values())
                .filteredOn(m -> m.getMetric().equals(Metric.CHILDREN_FLAGGED_PER_100K)
                        || m.getMetric().equals(Metric.ALERT_OUTCOMES_NFA_PCT))
                .as("a rate or share is withheld exactly when a count it is built on is")
                .allSatisfy(m -> assertThat(m.getSuppressed()).isEqualTo(february.builtOnWithheld(m)));
        assertThat(
                        PartnershipReport.lines(new ArrayList<>(world.latest.values()), MetricsWorld.LAMBETH, FEBRUARY)
                                .stream()
                                .filter(l -> l.section().equals(RuleSection.TITLE)
                                        && l.breakdown().startsWith("repeat-missing"))
                                .filter(l -> l.measure().startsWith("Alerts with an outcome"))
                                .map(l -> l.label() + " " + l.shown()))
                .containsExactly(
                        "Alerts with an outcome · repeat-missing [c]",
                        "Alerts with an outcome · repeat-missing · no further action [c]",
                        "Alerts with an outcome · repeat-missing · strategy discussion or children's social care 10",
                        "Alerts with an outcome · repeat-missing · other response 10",
                        "Alerts with an outcome: no further action, % · repeat-missing [c]");
    }

    @Test
    void aLateDecisionGivesAwayNeitherTheCellItMakesNorTheCellsWithheldBefore() {
        RuleAttack attack = new RuleAttack(FebruaryByRule.RULES, POPULATION);
        FebruaryByRule february = new FebruaryByRule(world);
        february.weeks();
        attack.version(february.published(), february.store());
        // two neglect alerts of the first week, decided late: two rules' totals withheld in that week now
        february.decided(0, "neglect-signals", 0, 0, 2, 20);
        attack.version(february.published(), february.store());

        assertThat(attack.recovered())
                .as("withheld counts worked out by differencing")
                .isEmpty();
        assertThat(february.withheld(WEEKS.get(0), Metric.FIRST_DECISIONS, Map.of()))
                .isFalse();
    }

    @Test
    void withdrawalsBetweenTwoPublicationsGiveAwayNeitherTheChildrenTheyLeaveNorTheAlertsWithdrawn() {
        RuleAttack attack = new RuleAttack(FebruaryByRule.RULES, POPULATION);
        FebruaryByRule february = new FebruaryByRule(world);
        february.weeks();
        attack.version(february.published(), february.store());
        Instant march = Instant.parse("2027-03-01T09:00:00Z");
        // week 5: 6 trios, 2 withdrawn (4 children left, 2 withdrawn: both small); week 7: 7 trios, 5 withdrawn
        // (2 children left); week 8: one repeat-missing alert withdrawn and re-issued for the same child
        february.raised.get("0|toxic-trio|HIGH").subList(0, 2).forEach(a -> world.withdraw(a, march));
        february.raised.get("2|toxic-trio|HIGH").subList(0, 5).forEach(a -> world.withdraw(a, march));
        RiskAlert missing = february.raised
                .get("3|" + Deltas.REPEAT_MISSING_RULE + "|MEDIUM")
                .get(0);
        world.reissue(world.withdraw(missing, march), Deltas.REPEAT_MISSING_RULE, Severity.MEDIUM);
        attack.version(february.published(), february.store());

        assertThat(attack.recovered())
                .as("withheld counts worked out by differencing")
                .isEmpty();
        Map<String, String> trio = Map.of(Metric.RULE, "toxic-trio", Metric.SEVERITY, "HIGH");
        Map<String, String> repeat = Map.of(Metric.RULE, Deltas.REPEAT_MISSING_RULE, Metric.SEVERITY, "MEDIUM");
        assertThat(february.withheld(WEEKS.get(0), Metric.ALERTS, trio))
                .as("6 raised = 4 flagged + 2 withdrawn")
                .isTrue();
        assertThat(february.withheld(WEEKS.get(2), Metric.ALERTS, trio))
                .as("7 raised = 2 flagged + 5 withdrawn")
                .isTrue();
        assertThat(world.figure(PeriodType.ISO_WEEK, WEEKS.get(2), Metric.ALERTS_WITHDRAWN, trio)
                        .getValue())
                .isEqualTo(5.0);
        assertThat(february.withheld(WEEKS.get(3), Metric.ALERTS, repeat))
                .as("6 raised = 5 flagged + 1 withdrawn")
                .isTrue();
        assertThat(world.figure(PeriodType.ISO_WEEK, WEEKS.get(3), Metric.CHILDREN_FLAGGED, repeat)
                        .getValue())
                .isEqualTo(5.0);
        assertThat(february.withheld(FEBRUARY, Metric.ALERTS, trio)).isTrue();
    }

    /** Plays the attack on one group (parts adding up to a total), noting each withheld part it works out. */
    private static void attack(
            List<String> parts,
            String total,
            Map<String, PartnershipMetric> published,
            Map<String, Long> counts,
            Map<String, String> recovered) {
        Map<String, Range> ranges = new LinkedHashMap<>();
        parts.forEach(p -> ranges.put(p, Differencing.rangeOf(published.get(p), small(counts.get(p)))));
        Range totalRange = Differencing.rangeOf(published.get(total), small(counts.get(total)));
        Map<String, BitSet> feasible =
                Differencing.feasible(List.of(ranges), List.of(totalRange)).get(0);
        for (String p : parts) {
            long actual = counts.getOrDefault(p, 0L);
            assertThat(feasible.get(p).get((int) actual))
                    .as("the truth is among what the attacker finds: %s", p)
                    .isTrue();
            if (published.get(p) != null
                    && published.get(p).getSuppressed()
                    && feasible.get(p).cardinality() == 1) {
                recovered.put(p, "withheld " + actual + ", worked out from " + total);
            }
        }
    }

    private void missing(Map<String, Map<String, Long>> children, int week, String band, int count) {
        LocalDate born = switch (band) {
            case "FIVE_TO_NINE" -> LocalDate.parse("2019-01-01");
            case "TEN_TO_FIFTEEN" -> LocalDate.parse("2014-01-01");
            default -> LocalDate.parse("2008-01-01");
        };
        Instant monday = Instant.parse("2027-02-01T12:00:00Z").plus(Duration.ofDays(7L * week));
        for (int i = 0; i < count; i++) {
            world.missing("EP-" + week + band + i, world.nhs(), born, monday.plus(Duration.ofHours(i)));
        }
        children.computeIfAbsent(WEEKS.get(week), w -> new LinkedHashMap<>()).merge(band, (long) count, Long::sum);
    }

    private void incidents(int week, int count) {
        Instant monday = Instant.parse("2027-02-01T12:00:00Z").plus(Duration.ofDays(7L * week));
        for (int i = 0; i < count; i++) {
            world.incident(monday.plus(Duration.ofHours(i)));
        }
        truth.merge(WEEKS.get(week), (long) count, Long::sum);
    }

    private void publish() {
        world.publish();
        Map<String, PartnershipMetric> seen = new HashMap<>();
        world.latest.values().stream()
                .filter(m -> m.getLocalAuthority().equals(MetricsWorld.LAMBETH)
                        && m.getMetric().equals(Metric.EVENTS_RECEIVED)
                        && m.getDimensions().equals(POLICE_DA))
                .forEach(m -> seen.put(m.getPeriod(), m));
        versions.add(seen);
        truths.add(new TreeMap<>(truth));
    }

    /** Every week the rules withheld as small, in every version, keeps more than one possible value. */
    private void assertNothingRecovered() {
        List<Map<String, Range>> parts = new ArrayList<>();
        List<Range> totals = new ArrayList<>();
        for (int v = 0; v < versions.size(); v++) {
            Map<String, Range> weeks = new LinkedHashMap<>();
            for (String w : WEEKS) {
                weeks.put(
                        w,
                        Differencing.rangeOf(
                                versions.get(v).get(w), small(truths.get(v).get(w))));
            }
            parts.add(weeks);
            totals.add(Differencing.rangeOf(versions.get(v).get(FEBRUARY), small(sum(truths.get(v)))));
        }
        List<Map<String, BitSet>> feasible = Differencing.feasible(parts, totals);
        Map<String, String> recovered = new TreeMap<>();
        for (int v = 0; v < feasible.size(); v++) {
            for (String w : WEEKS) {
                long actual = truths.get(v).getOrDefault(w, 0L);
                BitSet values = feasible.get(v).get(w);
                assertThat(values.get((int) actual))
                        .as("the truth is among what the attacker finds (version %d, %s)", v + 1, w)
                        .isTrue();
                if (small(actual) && values.cardinality() == 1) {
                    recovered.put("version " + (v + 1) + " " + w, "withheld " + actual + ", worked out " + values);
                }
            }
        }
        assertThat(recovered).as("withheld counts worked out by differencing").isEmpty();
    }

    private void assertTheReportPrintsOnlyWhatTheTopicPublishes() {
        Map<String, PartnershipMetric> last = versions.get(versions.size() - 1);
        List<PartnershipReport.Line> lines =
                PartnershipReport.lines(new ArrayList<>(world.latest.values()), MetricsWorld.LAMBETH, FEBRUARY);
        PartnershipReport.Line line = lines.stream()
                .filter(l ->
                        l.measure().equals("Events received") && l.breakdown().equals("police · domestic abuse"))
                .findFirst()
                .orElseThrow();
        PartnershipMetric month = last.get(FEBRUARY);
        assertThat(line.suppressed()).isEqualTo(month.getSuppressed());
        assertThat(line.value()).isEqualTo(month.getValue());
        assertThat(lines)
                .as("the report prints no week, and no figure of its own making")
                .allMatch(l -> !l.breakdown().contains("W0"));
    }

    private static boolean small(Long count) {
        return count != null && count >= 1 && count <= 4;
    }

    private static long sum(Map<String, Long> weeks) {
        return weeks.values().stream().mapToLong(Long::longValue).sum();
    }
}
