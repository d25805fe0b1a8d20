package org.safeguardingsignals.detection.links;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.kafka.streams.state.KeyValueStore;
import org.safeguardingsignals.events.ChildLink;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.GroupMember;
import org.safeguardingsignals.events.LinkEvidence;
import org.safeguardingsignals.events.LinkedGroup;
import org.safeguardingsignals.internal.ChildLinkState;
import org.safeguardingsignals.internal.ExploitationFlag;

/** A group's published record, and the evidence that links one child, from the linking processor's stores. */
final class GroupRecords {
    private final LinkGraph graph;
    private final KeyValueStore<String, ChildLink> links;
    private final KeyValueStore<String, ChildLinkState> children;
    private final Predicate<ExploitationFlag> open;

    GroupRecords(
            LinkGraph graph,
            KeyValueStore<String, ChildLink> links,
            KeyValueStore<String, ChildLinkState> children,
            Predicate<ExploitationFlag> open) {
        this.graph = graph;
        this.links = links;
        this.children = children;
        this.open = open;
    }

    /** The group as it stands: its children (sorted), the links between them, every authority involved. */
    LinkedGroup group(String groupId, List<String> members, long now) {
        List<GroupMember> memberRecords = new ArrayList<>();
        List<ChildLink> groupLinks = new ArrayList<>();
        TreeSet<String> authorities = new TreeSet<>();
        for (String child : members) {
            ChildLinkState state = children.get(child);
            List<String> own = state == null ? List.of() : state.getAuthorities();
            ExploitationFlag flag =
                    state == null || state.getFlag() == null || !open.test(state.getFlag()) ? null : state.getFlag();
            authorities.addAll(own);
            memberRecords.add(GroupMember.newBuilder()
                    .setChildPseudonym(child)
                    .setAuthorities(own)
                    .setExploitationAlertId(flag == null ? null : flag.getAlertId())
                    .setExploitationSeverity(flag == null ? null : flag.getSeverity())
                    .build());
            for (String other : new TreeSet<>(graph.linksOf(child).keySet())) {
                if (child.compareTo(other) < 0) {
                    ChildLink link = links.get(LinkDerivation.key(child, other));
                    if (link != null) {
                        groupLinks.add(link);
                    }
                }
            }
        }
        return LinkedGroup.newBuilder()
                .setGroupId(groupId)
                .setMembers(memberRecords)
                .setLinks(groupLinks)
                .setAuthorities(List.copyOf(authorities))
                .setUpdatedAt(Instant.ofEpochMilli(now))
                .build();
    }

    /**
     * The episodes that link the child into its group: on each of its links, its own episode where there is one,
     * else the other child's (which says the child was found with them). Another child's episode from going missing
     * together is not the child's evidence, and stays with the group.
     */
    List<Evidence> evidenceOf(String child) {
        Map<String, Evidence> byEvent = new LinkedHashMap<>();
        for (String other : new TreeSet<>(graph.linksOf(child).keySet())) {
            ChildLink link = links.get(LinkDerivation.key(child, other));
            if (link == null) {
                continue;
            }
            boolean childIsA = link.getChildA().equals(child);
            for (LinkEvidence e : link.getEvidence()) {
                Evidence own = childIsA ? e.getEpisodeA() : e.getEpisodeB();
                Evidence theirs = childIsA ? e.getEpisodeB() : e.getEpisodeA();
                Evidence shown = own != null ? own : theirs;
                if (shown != null) {
                    byEvent.putIfAbsent(shown.getSourceEventId(), shown);
                }
            }
        }
        return new ArrayList<>(byEvent.values());
    }
}
