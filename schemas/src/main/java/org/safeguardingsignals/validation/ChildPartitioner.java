package org.safeguardingsignals.validation;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.identifiers.NhsNumber;

/**
 * The published partitioner of the input topics: an event goes to the partition of its first child with a valid NHS
 * number. The partition is Kafka's own hash of a String key, taken over the NHS number's ten digits:
 * {@code (murmur2(ascii digits) & 0x7fffffff) % partitions}, so a producer in any language can compute it.
 *
 * <p>Detection computes the same for every child it reads. A child whose event arrives on that child's partition goes
 * to the child's rules in the same task and the same transaction: one hop from event to alert. Any other (a producer
 * that does not use this partitioner, the second child of a household) takes the repartition hop and lands in the same
 * place. Correctness never depends on a producer using it; speed does.
 *
 * <p>The SDK, the publish command and the synthetic feed set it as their producer's {@code partitioner.class}; the
 * file-drop connector computes it per record.
 */
public final class ChildPartitioner implements Partitioner {

    /** The partition of a child's events and state, for a valid NHS number (ten digits, no spaces). */
    public static int partitionOf(String nhsNumber, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        return Utils.toPositive(Utils.murmur2(nhsNumber.getBytes(StandardCharsets.US_ASCII))) % partitions;
    }

    /** The first child with a valid NHS number, the child an event is partitioned by; empty when it has none. */
    public static <E extends SpecificRecord> Optional<String> partitioningChild(InputContract<E> contract, E event) {
        for (PersonRef child : contract.children().apply(event)) {
            if (child != null && NhsNumber.isValid(child.getNhsNumber())) {
                return Optional.of(child.getNhsNumber());
            }
        }
        return Optional.empty();
    }

    /** The partition of an input event on {@code topic}; empty when the topic is not an input or no child has one. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static OptionalInt partitionOf(String topic, Object event, int partitions) {
        if (!(event instanceof SpecificRecord record)) {
            return OptionalInt.empty();
        }
        Optional<InputContract<?>> contract =
                InputContracts.forTopic(topic).filter(c -> c.topic().valueType().isInstance(record));
        if (contract.isEmpty()) {
            return OptionalInt.empty();
        }
        Optional<String> child = partitioningChild((InputContract) contract.get(), record);
        return child.isEmpty() ? OptionalInt.empty() : OptionalInt.of(partitionOf(child.get(), partitions));
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        int partitions = cluster.partitionCountForTopic(topic);
        OptionalInt byChild = partitionOf(topic, value, partitions);
        if (byChild.isPresent()) {
            return byChild.getAsInt();
        }
        // not an input event, or no child to go by: as the default partitioner does for a key
        return keyBytes == null ? 0 : Utils.toPositive(Utils.murmur2(keyBytes)) % partitions;
    }

    @Override
    public void configure(Map<String, ?> configs) {}

    @Override
    public void close() {}
}
