package org.safeguardingsignals.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.DeadLetter;
import org.safeguardingsignals.events.RejectReason;
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
