package org.safeguardingsignals.detection.intake;

import org.safeguardingsignals.validation.ChildPartitioner;

/**
 * Which partition holds each child's rules: the published {@link ChildPartitioner} over the input topics' partition
 * count. The application learns the count from the broker before its stream threads start; until then (and in a test
 * that does not set it) the count is unknown, every child's signals take the repartition hop, and the pseudonym's hash
 * places them, which is right for any partition count.
 */
public final class ChildPlacement {
    private volatile int partitions;

    private ChildPlacement(int partitions) {
        this.partitions = partitions;
    }

    /** Unknown until {@link #resolve}: every child takes the repartition hop. */
    public static ChildPlacement unknown() {
        return new ChildPlacement(0);
    }

    /** Input topics of {@code partitions} partitions each. */
    public static ChildPlacement of(int partitions) {
        ChildPlacement placement = unknown();
        placement.resolve(partitions);
        return placement;
    }

    /** Sets the input topics' partition count; before the stream threads start, never after. */
    public void resolve(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        this.partitions = partitions;
    }

    /** The partition of a child's rules, for a valid NHS number; -1 while the partition count is unknown. */
    public int home(String nhsNumber) {
        int n = partitions;
        return n == 0 ? -1 : ChildPartitioner.partitionOf(nhsNumber, n);
    }

    /** The input topics' partition count; 0 while unknown. */
    public int partitions() {
        return partitions;
    }
}
