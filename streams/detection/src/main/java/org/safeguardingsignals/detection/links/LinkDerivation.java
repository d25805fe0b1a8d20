package org.safeguardingsignals.detection.links;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.safeguardingsignals.events.ChildLink;
import org.safeguardingsignals.events.LinkEvidence;
import org.safeguardingsignals.events.LinkKind;
import org.safeguardingsignals.internal.MissingSighting;

/**
 * Which links a missing episode makes, and how a stored link takes new evidence. Pure: the linking processor stores
 * and groups what these return.
 */
final class LinkDerivation {
    /** Evidence kept per link, the latest: enough for a panel to see the pattern, bounded for the store. */
    static final int MAX_EVIDENCE = 16;

    private LinkDerivation() {}

    /** A link one episode (or two) shows: the children (the smaller pseudonym first), why, and when it lapses. */
    record Candidate(String a, String b, LinkEvidence evidence, long expiresAt) {}

    /** A link's store key: the two pseudonyms, the smaller first. */
    static String key(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }

    /** When an episode last said something: its return, or its report while the child is missing. */
    static Instant latest(MissingSighting s) {
        return s.getReturnedAt() != null ? s.getReturnedAt() : s.getReportedMissingAt();
    }

    /** A link from the child to each child they were found with, shown by the child's own episode. */
    static List<Candidate> foundWith(MissingSighting s, Duration lifetime) {
        List<Candidate> links = new ArrayList<>();
        long expiresAt = latest(s).plus(lifetime).toEpochMilli();
        for (String other : s.getFoundWith()) {
            if (other.equals(s.getChildPseudonym())) {
                continue;
            }
            boolean childIsA = s.getChildPseudonym().compareTo(other) < 0;
            LinkEvidence evidence = LinkEvidence.newBuilder()
                    .setKind(LinkKind.FOUND_WITH)
                    .setEpisodeA(childIsA ? s.getEpisode() : null)
                    .setEpisodeB(childIsA ? null : s.getEpisode())
                    .setFoundArea(s.getFoundArea())
                    .build();
            links.add(new Candidate(
                    childIsA ? s.getChildPseudonym() : other,
                    childIsA ? other : s.getChildPseudonym(),
                    evidence,
                    expiresAt));
        }
        return links;
    }

    /**
     * Whether two found episodes of different children show them going missing together: reported within the
     * interval of each other, from the same area or the same household (placement), and found in the same area.
     */
    static boolean together(MissingSighting s, MissingSighting o, Duration interval) {
        if (s.getChildPseudonym().equals(o.getChildPseudonym())
                || s.getFoundArea() == null
                || !s.getFoundArea().equals(o.getFoundArea())) {
            return false;
        }
        long apart = Math.abs(Duration.between(s.getReportedMissingAt(), o.getReportedMissingAt())
                .toMillis());
        return apart <= interval.toMillis()
                && (same(s.getMissingFromArea(), o.getMissingFromArea())
                        || same(s.getHouseholdReference(), o.getHouseholdReference()));
    }

    /** The link two episodes of children who went missing together show, each child's episode on its side. */
    static Candidate coMissing(MissingSighting s, MissingSighting o, Duration lifetime) {
        MissingSighting a = s.getChildPseudonym().compareTo(o.getChildPseudonym()) < 0 ? s : o;
        MissingSighting b = a == s ? o : s;
        Instant later = latest(a).isAfter(latest(b)) ? latest(a) : latest(b);
        LinkEvidence evidence = LinkEvidence.newBuilder()
                .setKind(LinkKind.CO_MISSING)
                .setEpisodeA(a.getEpisode())
                .setEpisodeB(b.getEpisode())
                .setMissingFromArea(
                        same(a.getMissingFromArea(), b.getMissingFromArea()) ? a.getMissingFromArea() : null)
                .setFoundArea(a.getFoundArea())
                .build();
        return new Candidate(
                a.getChildPseudonym(),
                b.getChildPseudonym(),
                evidence,
                later.plus(lifetime).toEpochMilli());
    }

    /**
     * The stored link with the candidate's evidence: a repeat of known evidence changes nothing (null), the latest
     * expiry wins, and only the latest {@link #MAX_EVIDENCE} pieces are kept.
     */
    static ChildLink merge(ChildLink existing, Candidate c) {
        if (existing == null) {
            return ChildLink.newBuilder()
                    .setChildA(c.a())
                    .setChildB(c.b())
                    .setEvidence(List.of(c.evidence()))
                    .setExpiresAt(Instant.ofEpochMilli(c.expiresAt()))
                    .build();
        }
        boolean known = existing.getEvidence().stream().anyMatch(e -> sameEvents(e, c.evidence()));
        if (known && existing.getExpiresAt().toEpochMilli() >= c.expiresAt()) {
            return null;
        }
        List<LinkEvidence> evidence = new ArrayList<>(existing.getEvidence());
        if (!known) {
            evidence.add(c.evidence());
            evidence.sort(java.util.Comparator.comparing(LinkDerivation::when));
            while (evidence.size() > MAX_EVIDENCE) {
                evidence.remove(0);
            }
        }
        return ChildLink.newBuilder(existing)
                .setEvidence(evidence)
                .setExpiresAt(
                        Instant.ofEpochMilli(Math.max(existing.getExpiresAt().toEpochMilli(), c.expiresAt())))
                .build();
    }

    /** When a piece of evidence happened: its later episode. */
    static Instant when(LinkEvidence e) {
        Instant a = e.getEpisodeA() == null ? Instant.MIN : e.getEpisodeA().getOccurredAt();
        Instant b = e.getEpisodeB() == null ? Instant.MIN : e.getEpisodeB().getOccurredAt();
        return a.isAfter(b) ? a : b;
    }

    /**
     * Whether two pieces of evidence show the same episodes: a replay, or the return sent again under a new event id,
     * adds nothing.
     */
    static boolean sameEvents(LinkEvidence x, LinkEvidence y) {
        return x.getKind() == y.getKind()
                && Objects.equals(episode(x.getEpisodeA()), episode(y.getEpisodeA()))
                && Objects.equals(episode(x.getEpisodeB()), episode(y.getEpisodeB()));
    }

    private static String episode(org.safeguardingsignals.events.Evidence e) {
        return e == null ? null : e.getOrganisationCode() + "/" + e.getSourceReference();
    }

    private static boolean same(String x, String y) {
        return x != null && Objects.equals(x, y);
    }
}
