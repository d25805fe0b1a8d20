package org.safeguardingsignals.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.detection.DetectionConfig;
import org.safeguardingsignals.detection.DetectionTopology;
import org.safeguardingsignals.detection.intake.ChildPlacement;
import org.safeguardingsignals.metrics.PartnershipMetricsTopology;
import org.safeguardingsignals.runtime.PipelineMetrics;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.topics.Topics;

/**
 * docs/ARCHITECTURE.md's retention schedule is what the topic registry and detection's settings say, names every topic
 * in exactly one row and every state store of the applications, and follows a partnership's own settings.
 */
class RetentionScheduleTest {
    static final String BEGIN = "<!-- BEGIN GENERATED: " + RetentionSchedule.REGION + " -->\n";
    static final String END = "<!-- END GENERATED: " + RetentionSchedule.REGION + " -->";

    static String documented() throws Exception {
        String text = Files.readString(Repository.resolve(RetentionSchedule.ARCHITECTURE));
        int from = text.indexOf(BEGIN);
        int to = text.indexOf(END);
        assertThat(from)
                .as("docs/ARCHITECTURE.md has the region " + BEGIN.trim())
                .isNotNegative();
        assertThat(to).isGreaterThan(from);
        return text.substring(from + BEGIN.length(), to);
    }

    @Test
    void theDocumentedScheduleIsTheRegistrysAndDetectionsDefaults() throws Exception {
        assertThat(RetentionSchedule.problems()).isEmpty();
        assertThat(documented())
                .as("docs/ARCHITECTURE.md's retention schedule disagrees with the registry; regenerate it with: "
                        + GovernanceDocs.REGENERATE)
                .isEqualTo(RetentionSchedule.table());
    }

    @Test
    void everyTopicIsInExactlyOneRow() throws Exception {
        List<String> rows = rows(documented());
        for (var topic : Topics.ALL) {
            assertThat(rows.stream().filter(r -> r.contains("`" + topic.name() + "`")))
                    .as(topic.name() + " in the schedule's rows")
                    .hasSize(1);
        }
        assertThat(RetentionSchedule.KINDS)
                .allSatisfy(k -> assertThat(
                                Topics.ALL.stream().anyMatch(t -> k.holds().test(t)))
                        .as(k.record() + " holds a topic")
                        .isTrue());
    }

    @Test
    void everyStateStoreOfDetectionAndTheMetricsIsInExactlyOneRow() throws Exception {
        Pseudonymiser key = new Pseudonymiser("k".repeat(32).getBytes());
        Map<String, String> registry = Map.of("schema.registry.url", "mock://retention-schedule");
        Set<String> stores = new TreeSet<>();
        stores.addAll(stores(DetectionTopology.build(
                DetectionConfig.DEFAULTS,
                ChildPlacement.of(4),
                key,
                Optional.empty(),
                registry,
                PipelineMetrics.inMemory())));
        stores.addAll(stores(PartnershipMetricsTopology.build(key, registry, Duration.ofMinutes(1))));
        assertThat(stores).contains("child-state", "metrics-seen-events").hasSizeGreaterThan(10);

        List<String> rows = rows(documented());
        for (String store : stores) {
            assertThat(rows.stream().filter(r -> r.contains("`" + store + "`")))
                    .as("state store " + store + " in the schedule's rows (add it to RetentionSchedule.state)")
                    .hasSize(1);
        }
    }

    @Test
    void aRetentionChangedInTheRegistryWithoutRegeneratingFails() throws Exception {
        // what a change to a topic's TopicSettings does to the table, without editing the registry for the test
        String changed = RetentionSchedule.table(
                DetectionConfig.DEFAULTS, Map.of(Topics.DEAD_LETTERS.name(), Duration.ofDays(7)));
        assertThat(changed).isNotEqualTo(documented());
        assertThat(row(changed, Topics.DEAD_LETTERS.name())).contains("| 7 days | delete |");
        assertThat(row(documented(), Topics.DEAD_LETTERS.name())).contains("| 14 days | delete |");
    }

    @Test
    void aPartnershipsOwnSettingsGiveItsOwnSchedule() throws Exception {
        Path settings = Files.createTempFile("detection", ".properties");
        Files.writeString(
                settings,
                String.join(
                        "\n",
                        "topics.retention." + Topics.ALERTS.name() + "=P2555D",
                        "topics.retention." + Topics.UNMATCHED.name() + "=FOREVER",
                        "rules.toxic-trio.lookback=P730D",
                        "links.lifetime=P90D",
                        "encompass.notice-lookback=P3D"));
        String schedule = GovernanceDocs.partnershipSchedule(settings);
        assertThat(schedule).contains("The periods are this partnership's settings, the defaults elsewhere:");
        assertThat(documented()).contains("The periods are the defaults:");

        assertThat(row(schedule, Topics.ALERTS.name())).contains("| 2555 days | delete |");
        assertThat(row(schedule, Topics.UNMATCHED.name()))
                .contains("| until the partnership sets a period | delete (no period yet) |");
        assertThat(row(schedule, Topics.DECISIONS.name())).contains("| until the partnership sets a period |");
        assertThat(row(schedule, "child-state"))
                .contains("760 days after the child's latest indicator (the longest rule lookback, 730 days,");
        assertThat(row(schedule, "child-links")).contains("| 90 days after a link's latest evidence");
        assertThat(row(schedule, "child-duties")).contains("then 72 hours if an incident was acted on");
        // the defaults for comparison
        assertThat(row(documented(), "child-state")).contains("395 days after the child's latest indicator");
        assertThat(row(documented(), "encompass-notices")).contains("| 150 days after the notice was sent |");
        assertThat(row(documented(), "metrics-seen-events")).contains("event ids 400 days by event time");
    }

    @Test
    void aCompactedTopicSaysThatAPeriodDoesNotApply() throws Exception {
        assertThat(row(documented(), Topics.IDENTITY_VAULT.name()))
                .contains("| the latest record per key, with no end date | compact |")
                .contains("Kafka deletes by age only under the delete policy");
    }

    private static List<String> rows(String table) {
        List<String> rows = new ArrayList<>();
        for (String line : table.split("\n")) {
            if (line.startsWith("| ") && !line.startsWith("| record |")) {
                rows.add(line);
            }
        }
        return rows;
    }

    private static String row(String table, String name) {
        return rows(table).stream()
                .filter(r -> r.contains("`" + name + "`"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row names " + name));
    }

    private static Set<String> stores(Topology topology) {
        Set<String> out = new TreeSet<>();
        for (TopologyDescription.Subtopology s : topology.describe().subtopologies()) {
            for (TopologyDescription.Node n : s.nodes()) {
                if (n instanceof TopologyDescription.Processor p) {
                    out.addAll(p.stores());
                }
            }
        }
        return out;
    }
}
