package org.safeguardingsignals.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.DashRiskLevel;
import org.safeguardingsignals.identifiers.NhsNumber;
import org.safeguardingsignals.testing.TestEvents;
import org.safeguardingsignals.topics.Topics;

class ChildPartitionerTest {
    private static final String TOPIC = Topics.DOMESTIC_ABUSE_INCIDENTS.name();

    @Test
    void aChildsPartitionIsWhatKafkasDefaultPartitionerGivesTheNhsNumberAsAKey() {
        // the formula partners in other languages follow: murmur2 of the ten ASCII digits, positive, modulo the count
        for (int i = 0; i < 500; i++) {
            String nhs = NhsNumber.firstValidFrom(400_000_000L + i * 7919L);
            for (int partitions : new int[] {1, 3, 4, 12}) {
                assertThat(ChildPartitioner.partitionOf(nhs, partitions))
                        .isEqualTo(BuiltInPartitioner.partitionForKey(
                                nhs.getBytes(StandardCharsets.US_ASCII), partitions));
            }
        }
    }

    @Test
    void anEventGoesToThePartitionOfItsFirstChildWithAValidNhsNumber() {
        String valid = NhsNumber.firstValidFrom(943_476_591L);
        String other = NhsNumber.firstValidFrom(401_000_000L);
        var incident = TestEvents.incident("MPS-1", DashRiskLevel.HIGH, "1234567890", valid, other);

        assertThat(ChildPartitioner.partitionOf(TOPIC, incident, 12)).hasValue(ChildPartitioner.partitionOf(valid, 12));
        assertThat(new ChildPartitioner().partition(TOPIC, "MPS-1", bytes("MPS-1"), incident, null, cluster(12)))
                .isEqualTo(ChildPartitioner.partitionOf(valid, 12));
    }

    @Test
    void withoutAChildToGoByTheKeyDecidesAsKafkasDefaultDoes() {
        var noValidChild = TestEvents.incident("MPS-2", DashRiskLevel.HIGH, "1234567890");
        ChildPartitioner partitioner = new ChildPartitioner();

        assertThat(ChildPartitioner.partitionOf(TOPIC, noValidChild, 12)).isEmpty();
        assertThat(partitioner.partition(TOPIC, "MPS-2", bytes("MPS-2"), noValidChild, null, cluster(12)))
                .isEqualTo(BuiltInPartitioner.partitionForKey(bytes("MPS-2"), 12));
        // an event on a topic that is not its input topic, or no event at all: by the key
        assertThat(ChildPartitioner.partitionOf(Topics.ALERTS.name(), noValidChild, 12))
                .isEmpty();
        assertThat(ChildPartitioner.partitionOf(TOPIC, new byte[] {0, 1}, 12)).isEmpty();
        // an event of another type on an input topic: not that topic's contract, so by the key
        var valid = TestEvents.incident("MPS-3", DashRiskLevel.HIGH, NhsNumber.firstValidFrom(943_476_591L));
        assertThat(ChildPartitioner.partitionOf(Topics.REFERRALS.name(), valid, 12))
                .isEmpty();
        // no key either: the first partition
        assertThat(partitioner.partition(TOPIC, null, null, noValidChild, null, cluster(12)))
                .isZero();
    }

    @Test
    void aPartitionCountBelowOneIsRefused() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> ChildPartitioner.partitionOf("9434765919", 0))
                .withMessageContaining("at least 1");
    }

    @Test
    void childrenSpreadOverEveryPartition() {
        Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(ChildPartitioner.partitionOf(NhsNumber.firstValidFrom(400_000_000L + i * 13L), 8));
        }
        assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Cluster cluster(int partitions) {
        Node node = new Node(1, "localhost", 9092);
        List<PartitionInfo> infos = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            infos.add(new PartitionInfo(TOPIC, p, node, new Node[] {node}, new Node[] {node}));
        }
        return new Cluster("c", List.of(node), infos, Set.of(), Set.of());
    }
}
