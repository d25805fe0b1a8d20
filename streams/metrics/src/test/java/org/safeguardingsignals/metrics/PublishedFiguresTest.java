package org.safeguardingsignals.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.PartnershipMetric;
import org.safeguardingsignals.events.PeriodType;

/** The dashboard's gauges: the current and previous months' published figures, and which are withheld. */
class PublishedFiguresTest {
    static final String LAMBETH = "E09000022";
    /** Never asked: these tests add figures directly, as the topic reader would. */
    static final Map<String, String> REGISTRY = Map.of("schema.registry.url", "http://localhost:1/apis/ccompat/v7");
    // 00:30 on 1 December: GMT in winter, so December in London too
    static final Instant NOW = Instant.parse("2026-12-01T00:30:00Z");

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final PublishedFigures figures =
            new PublishedFigures(Map.of(), REGISTRY, registry, Clock.fixed(NOW, ZoneOffset.UTC));

    static PartnershipMetric figure(
            PeriodType type, String period, String metric, Map<String, String> dims, Double value) {
        return PartnershipMetric.newBuilder()
                .setLocalAuthority(LAMBETH)
                .setPeriodType(type)
                .setPeriod(period)
                .setMetric(metric)
                .setDimensions(dims)
                .setValue(value)
                .setSuppressed(value == null)
                .setComputedAt(NOW)
                .build();
    }

    /** Each gauge row as "month period metric breakdown = value". */
    Map<String, Double> rows(String name) {
        Map<String, Double> out = new TreeMap<>();
        for (Gauge g : registry.find(name).gauges()) {
            out.put(
                    g.getId().getTag("month") + " " + g.getId().getTag("period") + " "
                            + g.getId().getTag("metric") + " [" + g.getId().getTag("breakdown") + "] "
                            + g.getId().getTag("authority"),
                    g.value());
        }
        return out;
    }

    @Test
    void theCurrentAndPreviousMonthsArePublishedAndAWithheldFigureOnlyMarked() {
        figures.add("a", figure(PeriodType.CALENDAR_MONTH, "2026-12", Metric.CONTACTS, Map.of(), 12.0));
        figures.add(
                "b",
                figure(
                        PeriodType.CALENDAR_MONTH,
                        "2026-11",
                        Metric.CHILDREN_MISSING,
                        Map.of(Metric.AGE_BAND, "TEN_TO_FIFTEEN"),
                        7.0));
        figures.add("c", figure(PeriodType.CALENDAR_MONTH, "2026-11", Metric.CHILDREN_MISSING, Map.of(), null));
        figures.add("d", figure(PeriodType.CALENDAR_MONTH, "2026-10", Metric.CONTACTS, Map.of(), 30.0));
        figures.add("e", figure(PeriodType.ISO_WEEK, "2026-W49", Metric.CONTACTS, Map.of(), 9.0));
        figures.add(
                "f",
                figure(PeriodType.CALENDAR_MONTH, "2026-12", Metric.DECISIONS, Map.of("outcome", "EARLY_HELP"), 0.0));
        figures.refresh();

        assertThat(rows("safeguarding.partnership.figure"))
                .containsExactly(
                        Map.entry("current 2026-12 contacts [] E09000022", 12.0),
                        Map.entry("current 2026-12 mash_decisions [outcome=EARLY_HELP] E09000022", 0.0),
                        Map.entry("previous 2026-11 children_missing [age_band=TEN_TO_FIFTEEN] E09000022", 7.0));
        assertThat(rows("safeguarding.partnership.figure.withheld"))
                .containsExactly(Map.entry("previous 2026-11 children_missing [] E09000022", 1.0));
    }

    @Test
    void aCorrectionReplacesTheFigureAndAFigureNowWithheldLeavesThePublishedGauge() {
        figures.add("a", figure(PeriodType.CALENDAR_MONTH, "2026-12", Metric.CONTACTS, Map.of(), 12.0));
        figures.refresh();
        figures.add("a", figure(PeriodType.CALENDAR_MONTH, "2026-12", Metric.CONTACTS, Map.of(), 13.0));
        figures.add("b", figure(PeriodType.CALENDAR_MONTH, "2026-12", Metric.REFERRALS, Map.of(), 5.0));
        figures.refresh();
        figures.add("b", figure(PeriodType.CALENDAR_MONTH, "2026-12", Metric.REFERRALS, Map.of(), null));
        figures.refresh();

        assertThat(rows("safeguarding.partnership.figure"))
                .containsExactly(Map.entry("current 2026-12 contacts [] E09000022", 13.0));
        assertThat(rows("safeguarding.partnership.figure.withheld"))
                .containsExactly(Map.entry("current 2026-12 referrals [] E09000022", 1.0));
    }

    @Test
    void theFiguresByRuleAreExposedAsTheOthersAreTaggedWithTheirRule() {
        Map<String, String> trio = Map.of(Metric.RULE, "toxic-trio", Metric.SEVERITY, "HIGH");
        figures.add("a", figure(PeriodType.CALENDAR_MONTH, "2026-12", Metric.CHILDREN_FLAGGED_PER_100K, trio, 27.5));
        figures.add(
                "b",
                figure(
                        PeriodType.CALENDAR_MONTH,
                        "2026-12",
                        Metric.ALERT_OUTCOMES_NFA_PCT,
                        Map.of(Metric.RULE, "toxic-trio"),
                        54.5));
        figures.add(
                "c",
                figure(
                        PeriodType.CALENDAR_MONTH,
                        "2026-12",
                        Metric.ALERT_OUTCOMES,
                        Map.of(Metric.RULE, "repeat-missing", Metric.OUTCOME_GROUP, "OTHER"),
                        null));
        figures.add(
                "d",
                figure(
                        PeriodType.CALENDAR_MONTH,
                        "2026-12",
                        Metric.MINUTES_TO_FIRST_DECISION,
                        Map.of("stat", "p90", Metric.RULE, "toxic-trio"),
                        55.0));
        figures.refresh();

        assertThat(rows("safeguarding.partnership.figure"))
                .containsExactly(
                        Map.entry(
                                "current 2026-12 alert_outcomes_no_further_action_pct [rule=toxic-trio] E09000022",
                                54.5),
                        Map.entry(
                                "current 2026-12 children_flagged_per_100k [rule=toxic-trio,severity=HIGH] E09000022",
                                27.5),
                        Map.entry(
                                "current 2026-12 minutes_to_first_decision [rule=toxic-trio,stat=p90] E09000022",
                                55.0));
        assertThat(rows("safeguarding.partnership.figure.withheld"))
                .containsExactly(Map.entry(
                        "current 2026-12 alert_outcomes [outcome_group=OTHER,rule=repeat-missing] E09000022", 1.0));
    }

    @Test
    void theMonthIsEnglandsAndTheBreakdownListsItsDimensionsInOrder() {
        // 23:30 UTC on 31 July is 00:30 on 1 August in London (BST)
        PublishedFigures summer = new PublishedFigures(
                Map.of(), REGISTRY, registry, Clock.fixed(Instant.parse("2026-07-31T23:30:00Z"), ZoneOffset.UTC));
        summer.add("a", figure(PeriodType.CALENDAR_MONTH, "2026-08", Metric.CONTACTS, Map.of(), 6.0));
        summer.add("b", figure(PeriodType.CALENDAR_MONTH, "2026-06", Metric.CONTACTS, Map.of(), 6.0));
        summer.refresh();
        assertThat(rows("safeguarding.partnership.figure")).containsOnlyKeys("current 2026-08 contacts [] E09000022");
        assertThat(PublishedFigures.breakdown(Map.of("severity", "HIGH", "rule", "toxic-trio")))
                .isEqualTo("rule=toxic-trio,severity=HIGH");
    }
}
