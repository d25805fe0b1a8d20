package org.safeguardingsignals.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguardingsignals.metrics.MetricsWorld.KENT;
import static org.safeguardingsignals.metrics.MetricsWorld.LAMBETH;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.DeadLetter;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.PartnershipMetric;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.events.UnmatchedEvent;
import org.safeguardingsignals.events.UnmatchedReason;
import org.safeguardingsignals.topics.Topics;

/** The board paper: figures from the metrics topology, laid out for one authority and one month. */
class PartnershipReportTest {
    static final Instant NOV = Instant.parse("2026-11-10T10:00:00Z");

    @Test
    void aMonthsSummaryShowsFiguresAndSuppressesSmallOnes() {
        try (MetricsWorld world = new MetricsWorld()) {
            for (int i = 0; i < 7; i++) {
                world.incident(NOV.plus(Duration.ofHours(i)));
            }
            for (int i = 0; i < 6; i++) {
                world.missing("EP-" + i, NOV, NOV.plus(Duration.ofHours(2)));
                if (i < 5) {
                    world.interviewCompleted("EP-" + i, NOV.plus(Duration.ofHours(20)));
                }
            }
            world.alert("toxic-trio", "child-a", NOV);
            for (int i = 0; i < 6; i++) {
                world.alert("repeat-missing", "missing-child-" + i, NOV.plus(Duration.ofMinutes(i)));
                world.pipe(
                        Topics.UNMATCHED,
                        UnmatchedEvent.newBuilder()
                                .setSourceEventId("ev-" + i)
                                .setSourceTopic(Topics.DOMESTIC_ABUSE_INCIDENTS.name())
                                .setAgency(Agency.POLICE)
                                .setLocalAuthority(MetricsWorld.LAMBETH)
                                .setSourceReference("MPS-" + i)
                                .setReason(UnmatchedReason.NHS_NUMBER_MISSING)
                                .setOccurredAt(NOV)
                                .build());
            }
            // October, in a week wholly in October (a small week that overlaps November would withhold November)
            world.incident(Instant.parse("2026-10-14T10:00:00Z"));
            world.publish();

            List<PartnershipReport.Line> lines =
                    PartnershipReport.lines(new ArrayList<>(world.latest.values()), MetricsWorld.LAMBETH, "2026-11");
            String text = PartnershipReport.text(lines, MetricsWorld.LAMBETH, "2026-11");
            String csv = PartnershipReport.csv(lines);

            assertThat(text)
                    .contains("Authority E09000022, November 2026 (2026-11)")
                    .containsPattern("Events received · police · domestic abuse +7\\n")
                    .containsPattern("Return interviews within 72 hours +5\\n")
                    .containsPattern("Return interviews within 72 hours, % +83\\.3%\\n")
                    .containsPattern("Alerts raised · toxic-trio · medium +\\[c\\]\\n")
                    .containsPattern("Children with a repeat-missing alert +6\\n")
                    .containsPattern(
                            "Events about a child with no usable NHS number · police · nhs number missing" + " +6\\n");
            assertThat(text.indexOf("Signals received")).isLessThan(text.indexOf("Alerts"));
            assertThat(csv)
                    .startsWith("section,measure,breakdown,value,suppressed\n")
                    .contains("Signals received,Events received,police · domestic abuse,7,false")
                    .contains("Missing from home or care,\"Return interviews within 72 hours, %\",,83.3,false");
            assertThat(csv.lines().filter(l -> l.endsWith(",true"))).allMatch(l -> l.contains(",,true"));
        }
    }

    @Test
    void everyFigureLinesUpInOneColumnHoweverLongItsLabel() {
        try (MetricsWorld world = new MetricsWorld()) {
            for (int i = 0; i < 6; i++) {
                world.incident(NOV.plus(Duration.ofHours(i)));
                world.pipe(
                        Topics.DEAD_LETTERS,
                        DeadLetter.newBuilder()
                                .setReason(RejectReason.INVALID_AUTHORITY_CODE)
                                .setDetail("header.localAuthority: not a GSS code")
                                .setSourceTopic(Topics.STATUS_CHANGES.name())
                                .setPartition(0)
                                .setOffset(i)
                                .setRejectedAt(NOV)
                                .build());
            }
            world.publish();

            List<PartnershipReport.Line> lines =
                    PartnershipReport.lines(new ArrayList<>(world.latest.values()), MetricsWorld.LAMBETH, "2026-11");
            List<String> figures = PartnershipReport.text(lines, MetricsWorld.LAMBETH, "2026-11")
                    .lines()
                    .filter(l -> l.startsWith("  "))
                    .toList();

            assertThat(figures)
                    .anyMatch(l -> l.contains("invalid authority code · " + Topics.STATUS_CHANGES.name()))
                    .hasSize(lines.size());
            assertThat(figures.stream().map(String::length).distinct())
                    .as("values end in one column")
                    .hasSize(1);
        }
    }

    @Test
    void theExploitationSectionSaysWhatItCountsAndWhyARateIsMissing() {
        try (MetricsWorld world = new MetricsWorld(Map.of(MetricsWorld.LAMBETH, 50_000L))) {
            for (int i = 0; i < 6; i++) {
                world.alert(Deltas.EXPLOITATION_RULE, Severity.HIGH, NOV.plus(Duration.ofHours(i)), LAMBETH, KENT);
            }
            for (int i = 0; i < 5; i++) {
                world.alert(Deltas.EXPLOITATION_RULE, Severity.MEDIUM, NOV.plus(Duration.ofHours(i)), LAMBETH, KENT);
            }
            for (int i = 0; i < 3; i++) {
                world.alert(Deltas.EXPLOITATION_LINKED_RULE, Severity.MEDIUM, NOV.plus(Duration.ofHours(i)), LAMBETH);
            }
            Instant formed = Instant.parse("2026-11-02T10:00:00Z");
            for (int i = 0; i < 5; i++) {
                world.group("across-" + i, formed, 2, LAMBETH, KENT);
                world.group("lambeth-" + i, formed, 4, LAMBETH);
            }
            world.publish();
            List<PartnershipMetric> figures = new ArrayList<>(world.latest.values());

            List<PartnershipReport.Line> lambeth = PartnershipReport.lines(figures, LAMBETH, "2026-11");
            String text = PartnershipReport.text(lambeth, LAMBETH, "2026-11");
            assertThat(text)
                    .containsPattern("\\nExploitation\\n  Exploitation-risk alerts +11\\n"
                            + "  Exploitation-risk alerts · high +6\\n"
                            + "  Exploitation-risk alerts · medium +5\\n"
                            + "  Exploitation-risk alerts per 100,000 children +22\\.0\\n"
                            + "  Alerts for children linked to a group with another child's exploitation-risk alert"
                            + " +\\[c\\]\\n"
                            + "  Alerts for children linked .* · medium +\\[c\\]\\n"
                            + "  Linked groups in force at the end of the month +10\\n"
                            + "  Linked groups in force at the end of the month · 2 children +5\\n"
                            + "  Linked groups in force at the end of the month · 3 to 5 children +5\\n"
                            + "  Linked groups crossing an authority boundary +5\\n"
                            + "  Linked groups crossing an authority boundary, % +50\\.0%\\n")
                    .doesNotContain("not published");
            assertThat(text.indexOf("Missing from home or care")).isLessThan(text.indexOf("\nExploitation\n"));
            assertThat(text.replaceAll("\\s+", " "))
                    .contains("Linked groups (children linked by going missing together) are those in force at the end"
                            + " of the month, or now for the month in progress, each counted once, in its size at that"
                            + " time")
                    .doesNotContain("No rate is published");
            assertThat(PartnershipReport.csv(lambeth))
                    .contains("Exploitation,\"Exploitation-risk alerts per 100,000 children\",,22.0,false\n")
                    .contains("Exploitation,Linked groups in force at the end of the month,3 to 5 children,5,false\n");

            List<PartnershipReport.Line> kent = PartnershipReport.lines(figures, KENT, "2026-11");
            String kentText = PartnershipReport.text(kent, KENT, "2026-11");
            assertThat(kentText)
                    .containsPattern("  Exploitation-risk alerts +11\\n")
                    .containsPattern("  Exploitation-risk alerts per 100,000 children · not published: no child"
                            + " population configured +\\n")
                    .containsPattern("  Linked groups crossing an authority boundary, % +100\\.0%\\n");
            assertThat(kentText.replaceAll("\\s+", " "))
                    .contains("No rate is published for E10000016: its child population is not configured (the metrics"
                            + " setting authority.E10000016.child-population).");
            assertThat(PartnershipReport.csv(kent))
                    .contains("Exploitation,\"Exploitation-risk alerts per 100,000 children\","
                            + "not published: no child population configured,,false\n");
        }
    }

    @Test
    void theSectionByRuleListsEachRulesFlagRateOutcomesAndTimesAndWhyARateIsMissing() {
        try (MetricsWorld world = new MetricsWorld(Map.of(LAMBETH, 40_000L))) {
            List<RiskAlert> trio = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                trio.add(world.alert("toxic-trio", Severity.HIGH, NOV.plus(Duration.ofMinutes(i)), LAMBETH, KENT));
            }
            for (int i = 0; i < 11; i++) {
                world.decideSignedOff(
                        trio.get(i),
                        i < 6 ? DecisionOutcome.NO_FURTHER_ACTION : DecisionOutcome.STRATEGY_DISCUSSION,
                        NOV.plus(Duration.ofMinutes(10L * (i + 1))));
            }
            for (int i = 0; i < 3; i++) {
                world.alert("neglect-signals", Severity.MEDIUM, NOV.plus(Duration.ofMinutes(i)), LAMBETH);
            }
            world.publish();
            List<PartnershipMetric> figures = new ArrayList<>(world.latest.values());

            List<PartnershipReport.Line> lambeth = PartnershipReport.lines(figures, LAMBETH, "2026-11");
            String text = PartnershipReport.text(lambeth, LAMBETH, "2026-11");
            assertThat(text)
                    .containsPattern("\\nFlag rates and decisions by rule\\n"
                            + "  Children flagged · neglect-signals · medium +\\[c\\]\\n"
                            + "  Children flagged per 100,000 children · neglect-signals · medium +\\[c\\]\\n"
                            + "  Children flagged · toxic-trio · high +11\\n"
                            + "  Children flagged per 100,000 children · toxic-trio · high +27\\.5\\n"
                            + "  Alerts with an outcome · toxic-trio +11\\n"
                            + "  Alerts with an outcome · toxic-trio · no further action +6\\n"
                            + "  Alerts with an outcome · toxic-trio · strategy discussion or children's social care +5\\n"
                            + "  Alerts with an outcome: no further action, % · toxic-trio +54\\.5%\\n"
                            + "  Minutes from the trigger to first decision · toxic-trio · median +[0-9]+\\n"
                            + "  Minutes from the trigger to first decision · toxic-trio · p90 +[0-9]+\\n")
                    .doesNotContain("No rate is published");
            assertThat(text.indexOf("\nMASH decisions\n")).isLessThan(text.indexOf("\nFlag rates and decisions"));
            assertThat(text.substring(text.indexOf("\nMASH decisions\n"), text.indexOf("\nFlag rates")))
                    .as("the minutes by rule are in their own section")
                    .doesNotContain("toxic-trio")
                    .containsPattern("  Alerts decided +11\\n");
            assertThat(text.replaceAll("\\s+", " "))
                    .contains("An alert's outcome is its first decision other than an acknowledgement");
            assertThat(PartnershipReport.csv(lambeth))
                    .contains("Flag rates and decisions by rule,\"Children flagged per 100,000 children\","
                            + "toxic-trio · high,27.5,false\n")
                    .contains(
                            "Flag rates and decisions by rule,\"Alerts with an outcome: no further action, %\",toxic-trio,"
                                    + "54.5,false\n");

            String kent = PartnershipReport.text(PartnershipReport.lines(figures, KENT, "2026-11"), KENT, "2026-11");
            assertThat(kent)
                    .containsPattern("  Children flagged · toxic-trio · high +11\\n"
                            + "  Children flagged per 100,000 children · not published: no child population"
                            + " configured +\\n")
                    .doesNotContain("Alerts with an outcome · toxic-trio");
            assertThat(kent.replaceAll("\\s+", " "))
                    .contains("No rate is published for E10000016: its child population is not configured");
        }
    }

    @Test
    void aMonthWithoutFiguresSaysSoRatherThanPrintingAnEmptyTable() {
        try (MetricsWorld world = new MetricsWorld()) {
            world.incident(NOV);
            world.publish();

            List<PartnershipReport.Line> lines =
                    PartnershipReport.lines(new ArrayList<>(world.latest.values()), MetricsWorld.LAMBETH, "2026-09");
            assertThat(lines).isEmpty();
            assertThat(PartnershipReport.text(lines, MetricsWorld.LAMBETH, "2026-09"))
                    .contains("No figures for this authority and month on safeguarding.partnership.metrics.v1");
        }
    }
}
