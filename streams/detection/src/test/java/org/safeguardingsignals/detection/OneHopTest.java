package org.safeguardingsignals.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguardingsignals.events.ParentHealthCategory.ALCOHOL_MISUSE;
import static org.safeguardingsignals.events.ParentHealthCategory.MENTAL_HEALTH;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.detection.Scenario.Child;
import org.safeguardingsignals.detection.intake.ChildPlacement;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.internal.ChildSignals;
import org.safeguardingsignals.runtime.PipelineMetrics;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.topics.Topics;

/**
 * One hop from event to alert: the intake and the child's rules share a sub-topology, so an event on its child's
 * partition is judged in the task and transaction that read it; the repartition topic carries the rest to the same
 * rules. The mix of both paths on one child runs on a real broker in InProcessBrokerEndToEndIT.
 */
class OneHopTest {
    static final Instant JAN = Instant.parse("2025-06-01T10:00:00Z");

    @Test
    void theIntakeAndTheChildsRulesShareOneSubTopologyThatAlsoReadsTheRepartitionTopic() {
        TopologyDescription description = DetectionTopology.build(
                        DetectionConfig.DEFAULTS,
                        ChildPlacement.of(4),
                        new Pseudonymiser("k".repeat(32).getBytes()),
                        Optional.empty(),
                        Map.of("schema.registry.url", "mock://one-hop"),
                        PipelineMetrics.inMemory())
                .describe();
        TopologyDescription.Subtopology rules = description.subtopologies().stream()
                .filter(s -> names(s).contains("child-rules"))
                .findFirst()
                .orElseThrow();

        Set<String> sources = rules.nodes().stream()
                .filter(n -> n instanceof TopologyDescription.Source)
                .flatMap(n -> ((TopologyDescription.Source) n).topicSet().stream())
                .collect(Collectors.toSet());
        assertThat(sources)
                .containsAll(Topics.inputs().stream().map(t -> t.name()).toList())
                .contains(DetectionTopology.INDICATORS_REPARTITION + "-repartition");
        assertThat(names(rules)).contains("intake-" + Topics.DOMESTIC_ABUSE_INCIDENTS.name(), "alerts-sink");
    }

    @Test
    void straightOnOrThroughTheRepartitionTopicAChildGetsTheSameAlertsAndState() {
        List<String> straight = household(new Scenario(DetectionConfig.DEFAULTS, Scenario.ONE_PARTITION));
        List<String> hopped = household(new Scenario(DetectionConfig.DEFAULTS, Scenario.REPARTITION_ALWAYS));

        assertThat(straight)
                .containsExactly(
                        "0 toxic-trio-emerging MEDIUM 2",
                        "1 toxic-trio-emerging MEDIUM 2",
                        "0 toxic-trio HIGH 3",
                        "state 0: 3 indicators",
                        "state 1: 2 indicators");
        assertThat(hopped).isEqualTo(straight);
    }

    /** Two children of one household, a trio for the first: alerts and state, children by their order. */
    private static List<String> household(Scenario world) {
        try (world) {
            Child first = world.child("First");
            Child second = world.child("Second");
            world.domesticAbuse(JAN, first, second);
            world.parentHealth(JAN.plus(Duration.ofDays(4)), MENTAL_HEALTH, first, second);
            world.parentHealth(JAN.plus(Duration.ofDays(9)), ALCOHOL_MISUSE, first);
            List<String> children = List.of(world.pseudonymOf(first), world.pseudonymOf(second));
            List<String> out = new java.util.ArrayList<>();
            for (RiskAlert a : world.alerts()) {
                out.add(children.indexOf(a.getChildPseudonym()) + " " + a.getRuleId() + " " + a.getSeverity() + " "
                        + a.getEvidence().stream().map(Evidence::getCategory).count());
            }
            for (int i = 0; i < children.size(); i++) {
                out.add("state " + i + ": "
                        + world.childStates()
                                .get(children.get(i))
                                .getIndicators()
                                .size() + " indicators");
            }
            return out;
        }
    }

    @Test
    void theRepartitionTopicTakesAChildsSignalsToTheChildsPartitionOrByThePseudonymWhenUnknown() {
        DetectionTopology.HomePartitioner partitioner = new DetectionTopology.HomePartitioner();
        ChildSignals known = new ChildSignals(List.of(), 2);
        ChildSignals unknown = new ChildSignals(List.of(), -1);

        assertThat(partitioner.partitions("t", "p", known, 4)).contains(Set.of(2));
        assertThat(partitioner.partitions("t", "p", unknown, 4))
                .as("Kafka's default, by the key")
                .isEmpty();
        org.assertj.core.api.Assertions.assertThatIllegalStateException()
                .isThrownBy(() -> partitioner.partitions("t", "p", known, 2))
                .withMessageContaining("reset and replay");
    }

    private static Set<String> names(TopologyDescription.Subtopology s) {
        return s.nodes().stream().map(TopologyDescription.Node::name).collect(Collectors.toSet());
    }
}
