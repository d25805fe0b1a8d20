package org.safeguardingsignals.console;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.safeguardingsignals.events.GroupMember;
import org.safeguardingsignals.events.LinkedGroup;

/**
 * The groups of linked children (exploitation, for MACE panels) as the groups topic holds them: the latest record of
 * each groupId; a tombstone deletes the group (it merged into another, or its links lapsed). Every MASH worker of the
 * partnership sees that each group exists; what they see of a member depends on whether the child is of their
 * authorities ({@link GroupView}).
 */
final class LinkedGroups {
    private final Map<String, LinkedGroup> groups = new ConcurrentHashMap<>();

    /** A record read from the topic, by its key: a later record replaces the group, a null value deletes it. */
    void apply(String groupId, LinkedGroup group) {
        if (group == null) {
            groups.remove(groupId);
        } else {
            groups.put(groupId, group);
        }
    }

    /** Every group, the largest first (then by id, so that the order is stable between two looks). */
    List<LinkedGroup> all() {
        return groups.values().stream()
                .sorted(Comparator.comparing((LinkedGroup g) -> g.getMembers().size())
                        .reversed()
                        .thenComparing(LinkedGroup::getGroupId))
                .toList();
    }

    /**
     * Whether the child is a member of a group as a child of one of the worker's authorities: such a child the worker
     * may reveal, as they may a child with an alert routed to them. (Between a merge's new record and the old group's
     * tombstone a child may be in two groups; either says the same of them.)
     */
    boolean ofWorkersAuthorities(Worker w, String childPseudonym) {
        return members(childPseudonym).anyMatch(m -> yours(w, m));
    }

    /** Whether the child is a member of any group: every MASH worker of the partnership sees that they exist. */
    boolean grouped(String childPseudonym) {
        return members(childPseudonym).findAny().isPresent();
    }

    /** A member is the worker's when one of the authorities responsible for the child is one of theirs. */
    static boolean yours(Worker w, GroupMember m) {
        return m.getAuthorities().stream().anyMatch(w::worksFor);
    }

    private Stream<GroupMember> members(String childPseudonym) {
        return groups.values().stream()
                .flatMap(g -> g.getMembers().stream())
                .filter(m -> m.getChildPseudonym().equals(childPseudonym));
    }
}
