package org.safeguardingsignals.detection.links;

import org.safeguardingsignals.events.LinkedGroup;
import org.safeguardingsignals.events.RiskAlert;

/** What the linking processor publishes: a group's latest record (null: deleted), or an alert for a linked child. */
public sealed interface Linked {
    /** A group, keyed by its id; {@code group} is null when it merged into another or fell apart. */
    record Group(String groupId, LinkedGroup group) implements Linked {}

    /** An exploitation-linked alert, keyed by the child. */
    record Alert(RiskAlert alert) implements Linked {}
}
