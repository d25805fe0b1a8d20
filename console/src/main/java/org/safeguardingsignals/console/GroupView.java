package org.safeguardingsignals.console;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.safeguardingsignals.events.ChildLink;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.GroupMember;
import org.safeguardingsignals.events.LinkedGroup;

/**
 * A group of linked children as one MASH worker may see it. The group's existence, size and authorities are the
 * partnership's: a MACE panel needs to know that a child of theirs runs with children of other authorities, and whose
 * they are, so as to ask them. A child's alerts, its episodes' references and its identity are only for the
 * authorities responsible for the child (the member's authorities): the others see a pseudonym, the authorities to
 * ask, and of each link the dates and areas, the other side's episode "held by" its authorities.
 */
public record GroupView(
        String groupId,
        int size,
        List<String> authorities,
        boolean involvesYou,
        String updatedAt,
        List<MemberLine> members,
        List<LinkLine> links) {

    /**
     * One child. {@code yours}: one of the authorities responsible for the child is the worker's; then its open alerts
     * that the worker may see, and whether the worker may reveal its identity (with a reason, audited). Of another
     * authority's child, alerts is null (not shown, which is not "none") and it may not be revealed here.
     */
    public record MemberLine(
            String childPseudonym,
            List<String> authorities,
            boolean yours,
            boolean mayReveal,
            List<AlertLine> alerts) {}

    /** An open alert of the child, on the console's board and routed to one of the worker's authorities. */
    public record AlertLine(String alertId, String ruleId, String severity) {
        static AlertLine of(AlertBoard.Entry e) {
            return new AlertLine(
                    e.alert().getAlertId(),
                    e.alert().getRuleId(),
                    e.alert().getSeverity().name());
        }
    }

    /** Two children linked (childA the smaller pseudonym), why, and when the link lapses. */
    public record LinkLine(String childA, String childB, String expiresAt, List<EvidenceLine> evidence) {}

    /** One reason for a link: found with, or went missing together; the areas (LSOA codes) where known. */
    public record EvidenceLine(
            String kind, String missingFromArea, String foundArea, EpisodeLine episodeA, EpisodeLine episodeB) {}

    /**
     * A child's episode that shows a link: its date, and the authorities that hold the child ({@code heldBy}, whom to
     * ask). Agency, organisation and reference (where a professional finds the record) only where the child is the
     * worker's ({@code yours}); otherwise null.
     */
    public record EpisodeLine(
            String occurredAt,
            boolean yours,
            List<String> heldBy,
            String agency,
            String organisationCode,
            String sourceReference) {}

    /**
     * @param openAlerts the open alerts of a child that the worker may see (the board's, filtered for them)
     */
    static GroupView of(LinkedGroup g, Worker w, Function<String, List<AlertBoard.Entry>> openAlerts) {
        Map<String, GroupMember> byChild = g.getMembers().stream()
                .collect(Collectors.toMap(GroupMember::getChildPseudonym, m -> m, (first, second) -> first));
        List<MemberLine> members =
                g.getMembers().stream().map(m -> member(m, w, openAlerts)).toList();
        return new GroupView(
                g.getGroupId(),
                g.getMembers().size(),
                List.copyOf(g.getAuthorities()),
                members.stream().anyMatch(MemberLine::yours),
                g.getUpdatedAt().toString(),
                members,
                g.getLinks().stream().map(l -> link(l, w, byChild)).toList());
    }

    private static MemberLine member(GroupMember m, Worker w, Function<String, List<AlertBoard.Entry>> openAlerts) {
        boolean yours = LinkedGroups.yours(w, m);
        return new MemberLine(
                m.getChildPseudonym(),
                List.copyOf(m.getAuthorities()),
                yours,
                yours && w.canRevealIdentity(),
                yours
                        ? openAlerts.apply(m.getChildPseudonym()).stream()
                                .map(AlertLine::of)
                                .toList()
                        : null);
    }

    private static LinkLine link(ChildLink l, Worker w, Map<String, GroupMember> byChild) {
        Optional<GroupMember> a = Optional.ofNullable(byChild.get(l.getChildA()));
        Optional<GroupMember> b = Optional.ofNullable(byChild.get(l.getChildB()));
        return new LinkLine(
                l.getChildA(),
                l.getChildB(),
                l.getExpiresAt().toString(),
                l.getEvidence().stream()
                        .map(e -> new EvidenceLine(
                                e.getKind().name(),
                                e.getMissingFromArea(),
                                e.getFoundArea(),
                                episode(e.getEpisodeA(), a, w),
                                episode(e.getEpisodeB(), b, w)))
                        .toList());
    }

    /** A child not among the members (a record that contradicts itself) is nobody's: its references stay hidden. */
    private static EpisodeLine episode(Evidence e, Optional<GroupMember> child, Worker w) {
        if (e == null) {
            return null;
        }
        boolean yours = child.map(m -> LinkedGroups.yours(w, m)).orElse(false);
        List<String> heldBy = child.map(m -> List.copyOf(m.getAuthorities())).orElse(List.of());
        return yours
                ? new EpisodeLine(
                        e.getOccurredAt().toString(),
                        true,
                        heldBy,
                        e.getAgency().name(),
                        e.getOrganisationCode(),
                        e.getSourceReference())
                : new EpisodeLine(e.getOccurredAt().toString(), false, heldBy, null, null, null);
    }
}
