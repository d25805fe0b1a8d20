package org.safeguardingsignals.detection.intake;

import org.safeguardingsignals.events.IdentityVaultEntry;
import org.safeguardingsignals.events.UnmatchedEvent;
import org.safeguardingsignals.internal.ChildSignals;

/**
 * Where the intake sends one child's share of an event: to the child's rules, or to manual matching; and, the first
 * time it sees a child, the child's sealed identity to the vault.
 */
public sealed interface Routed {

    /**
     * A child's indicators from one event, for a child with a valid NHS number; the key is the pseudonym. {@code here}
     * when this task holds the child's rules (the event came on the child's partition): no repartition hop.
     */
    record ForChild(ChildSignals signals, boolean here) implements Routed {}

    /** A child without a usable NHS number; the record key is the source event id. */
    record Unmatched(UnmatchedEvent event) implements Routed {}

    /** A child's NHS number, sealed for the console's reveal path; the key is the pseudonym. */
    record Identity(IdentityVaultEntry entry) implements Routed {}
}
