package org.safeguardingsignals.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.console.GroupView.EpisodeLine;
import org.safeguardingsignals.console.GroupView.EvidenceLine;
import org.safeguardingsignals.console.GroupView.MemberLine;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.AlertWindow;
import org.safeguardingsignals.events.ChildLink;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.GroupMember;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.LinkEvidence;
import org.safeguardingsignals.events.LinkKind;
import org.safeguardingsignals.events.LinkedGroup;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;

/**
 * What a MASH worker sees of a group of linked children: a child of their authorities with its open alerts, its
 * episodes' references and a reveal; another authority's child as a pseudonym and whom to ask; every group of the
 * partnership exists for every worker; a tombstone takes a group away.
 */
class GroupViewTest {
    static final String LAMBETH = "E09000022";
    static final String SOUTHWARK = "E09000028";
    static final String KENT = "E10000016";
    static final String ALFIE = "0a".repeat(16); // Lambeth's child, the smaller pseudonym: childA, and the group id
    static final String BEN = "0b".repeat(16); // Southwark's child
    static final String CARA = "0c".repeat(16); // Kent's child, alone with Dev in another group
    static final String DEV = "0d".repeat(16);
    static final String EVE = "0e".repeat(16);
    static final Instant T0 = Instant.parse("2026-11-10T22:00:00Z");
    static final Worker AMARA = new Worker("amara", Set.of(LAMBETH), Worker.Role.WORKER);
    static final Worker SOL = new Worker("sol", Set.of(SOUTHWARK), Worker.Role.WORKER);
    static final Worker RHEA = new Worker("rhea", Set.of(LAMBETH), Worker.Role.READ_ONLY);
    static final Worker BEA = new Worker("bea", Set.of(LAMBETH, SOUTHWARK), Worker.Role.TEAM_MANAGER);
    static final Worker BIRMINGHAM = new Worker("sam", Set.of("E08000025"), Worker.Role.WORKER);

    private final LinkedGroups groups = new LinkedGroups();
    private final AlertBoard board = new AlertBoard();

    static Evidence episode(String reference, String organisation, Instant at) {
        return Evidence.newBuilder()
                .setAgency(Agency.POLICE)
                .setSourceEventId(UUID.randomUUID().toString())
                .setSourceReference(reference)
                .setCategory(IndicatorCategory.MISSING_EPISODE)
                .setOccurredAt(at)
                .setOrganisationCode(organisation)
                .build();
    }

    static GroupMember member(String child, String... authorities) {
        return GroupMember.newBuilder()
                .setChildPseudonym(child)
                .setAuthorities(List.of(authorities))
                .build();
    }

    /** Alfie (Lambeth) and Ben (Southwark): found together, and missing together (only Alfie's episode known). */
    static LinkedGroup alfieAndBen() {
        return LinkedGroup.newBuilder()
                .setGroupId(ALFIE)
                .setMembers(List.of(member(ALFIE, LAMBETH), member(BEN, SOUTHWARK)))
                .setLinks(List.of(ChildLink.newBuilder()
                        .setChildA(ALFIE)
                        .setChildB(BEN)
                        .setEvidence(List.of(
                                LinkEvidence.newBuilder()
                                        .setKind(LinkKind.FOUND_WITH)
                                        .setEpisodeA(episode("MISS-ALFIE-1", "01", T0))
                                        .setEpisodeB(episode("MISS-BEN-1", "BT", T0.plusSeconds(600)))
                                        .setFoundArea("E01003017")
                                        .build(),
                                LinkEvidence.newBuilder()
                                        .setKind(LinkKind.CO_MISSING)
                                        .setEpisodeA(episode("MISS-ALFIE-2", "01", T0.plusSeconds(86_400)))
                                        .setMissingFromArea("E01003013")
                                        .setFoundArea("E01003017")
                                        .build()))
                        .setExpiresAt(T0.plusSeconds(90L * 86_400))
                        .build()))
                .setAuthorities(List.of(LAMBETH, SOUTHWARK))
                .setUpdatedAt(T0.plusSeconds(86_400))
                .build();
    }

    /** Cara and Dev, both Kent's, linked by going missing together. */
    static LinkedGroup caraAndDev() {
        return LinkedGroup.newBuilder()
                .setGroupId(CARA)
                .setMembers(List.of(member(CARA, KENT), member(DEV, KENT)))
                .setLinks(List.of(ChildLink.newBuilder()
                        .setChildA(CARA)
                        .setChildB(DEV)
                        .setEvidence(List.of(LinkEvidence.newBuilder()
                                .setKind(LinkKind.CO_MISSING)
                                .setEpisodeA(episode("MISS-CARA-1", "46", T0))
                                .setEpisodeB(episode("MISS-DEV-1", "46", T0))
                                .setMissingFromArea("E01024001")
                                .build()))
                        .setExpiresAt(T0.plusSeconds(90L * 86_400))
                        .build()))
                .setAuthorities(List.of(KENT))
                .setUpdatedAt(T0)
                .build();
    }

    static RiskAlert alert(String id, String child, String rule, Severity severity, int minute, String... routedTo) {
        return RiskAlert.newBuilder()
                .setAlertId(id)
                .setRuleId(rule)
                .setRuleVersion(1)
                .setSeverity(severity)
                .setChildPseudonym(child)
                .setLocalAuthority(routedTo[0])
                .setEvidence(List.of())
                .setWindow(new AlertWindow(T0.minusSeconds(3600), T0))
                .setRaisedAt(T0.plusSeconds(60L * minute))
                .setRoutedTo(List.of(routedTo))
                .build();
    }

    void withAlerts() {
        board.addAlert(alert("alfie-exploitation", ALFIE, "exploitation-risk", Severity.HIGH, 1, LAMBETH));
        board.addAlert(alert("alfie-linked", ALFIE, "exploitation-linked", Severity.MEDIUM, 2, LAMBETH));
        board.addAlert(alert("alfie-closed", ALFIE, "repeat-missing", Severity.LOW, 0, LAMBETH));
        board.addDecision(MashDecision.newBuilder()
                .setDecisionId(UUID.randomUUID())
                .setAlertId("alfie-closed")
                .setChildPseudonym(ALFIE)
                .setLocalAuthority(LAMBETH)
                .setOutcome(DecisionOutcome.STRATEGY_DISCUSSION)
                .setWorkerId("amara")
                .setDecidedAt(T0)
                .build());
        board.addAlert(alert("ben-exploitation", BEN, "exploitation-risk", Severity.HIGH, 3, SOUTHWARK));
    }

    @Test
    void aChildOfTheWorkersAuthoritiesIsShownWithItsOpenAlertsAndMayBeRevealedAnotherOnlyAsAPseudonym() {
        groups.apply(ALFIE, alfieAndBen());
        withAlerts();

        GroupView lambeth = ExploitationRoutes.views(groups, board, AMARA).get(0);
        assertThat(lambeth.groupId()).isEqualTo(ALFIE);
        assertThat(lambeth.size()).isEqualTo(2);
        assertThat(lambeth.authorities()).containsExactly(LAMBETH, SOUTHWARK);
        assertThat(lambeth.involvesYou()).isTrue();
        assertThat(lambeth.updatedAt()).isEqualTo("2026-11-11T22:00:00Z");
        assertThat(lambeth.members())
                .extracting(
                        MemberLine::childPseudonym, MemberLine::authorities, MemberLine::yours, MemberLine::mayReveal)
                .containsExactly(
                        tuple(ALFIE, List.of(LAMBETH), true, true), tuple(BEN, List.of(SOUTHWARK), false, false));
        assertThat(lambeth.members().get(0).alerts())
                .as("open alerts only, newest first")
                .containsExactly(
                        new GroupView.AlertLine("alfie-linked", "exploitation-linked", "MEDIUM"),
                        new GroupView.AlertLine("alfie-exploitation", "exploitation-risk", "HIGH"));
        assertThat(lambeth.members().get(1).alerts())
                .as("Southwark's child: not shown, which is not none")
                .isNull();

        GroupView southwark = ExploitationRoutes.views(groups, board, SOL).get(0);
        assertThat(southwark.members())
                .extracting(MemberLine::childPseudonym, MemberLine::yours, MemberLine::mayReveal, MemberLine::alerts)
                .containsExactly(
                        tuple(ALFIE, false, false, null),
                        tuple(
                                BEN,
                                true,
                                true,
                                List.of(new GroupView.AlertLine("ben-exploitation", "exploitation-risk", "HIGH"))));

        assertThat(ExploitationRoutes.views(groups, board, RHEA).get(0).members())
                .extracting(MemberLine::yours, MemberLine::mayReveal)
                .as("a read-only user sees Lambeth's child but may not reveal it")
                .containsExactly(tuple(true, false), tuple(false, false));
        assertThat(ExploitationRoutes.views(groups, board, BEA).get(0).members())
                .extracting(
                        MemberLine::yours,
                        MemberLine::mayReveal,
                        m -> m.alerts().size())
                .as("a manager of both authorities")
                .containsExactly(tuple(true, true, 2), tuple(true, true, 1));
    }

    @Test
    void anEpisodesReferenceIsShownOnlyOnTheSideOfTheWorkersChildTheOtherIsHeldByItsAuthority() {
        groups.apply(ALFIE, alfieAndBen());

        GroupView.LinkLine link =
                ExploitationRoutes.views(groups, board, AMARA).get(0).links().get(0);
        assertThat(link.childA()).isEqualTo(ALFIE);
        assertThat(link.childB()).isEqualTo(BEN);
        assertThat(link.expiresAt()).isEqualTo("2027-02-08T22:00:00Z");
        assertThat(link.evidence())
                .extracting(EvidenceLine::kind, EvidenceLine::missingFromArea, EvidenceLine::foundArea)
                .containsExactly(tuple("FOUND_WITH", null, "E01003017"), tuple("CO_MISSING", "E01003013", "E01003017"));
        EvidenceLine found = link.evidence().get(0);
        assertThat(found.episodeA())
                .isEqualTo(new EpisodeLine(
                        "2026-11-10T22:00:00Z", true, List.of(LAMBETH), "POLICE", "01", "MISS-ALFIE-1"));
        assertThat(found.episodeB())
                .isEqualTo(new EpisodeLine("2026-11-10T22:10:00Z", false, List.of(SOUTHWARK), null, null, null));
        assertThat(link.evidence().get(1).episodeB())
                .as("only Alfie's episode known")
                .isNull();

        EvidenceLine seenBySouthwark = ExploitationRoutes.views(groups, board, SOL)
                .get(0)
                .links()
                .get(0)
                .evidence()
                .get(0);
        assertThat(seenBySouthwark.episodeA())
                .isEqualTo(new EpisodeLine("2026-11-10T22:00:00Z", false, List.of(LAMBETH), null, null, null));
        assertThat(seenBySouthwark.episodeB())
                .isEqualTo(new EpisodeLine(
                        "2026-11-10T22:10:00Z", true, List.of(SOUTHWARK), "POLICE", "BT", "MISS-BEN-1"));
    }

    @Test
    void aWorkerWithNoChildInAGroupSeesThatItExistsAndWhoseItsChildrenAreNothingMore() {
        groups.apply(ALFIE, alfieAndBen());
        withAlerts();

        List<GroupView> seen = ExploitationRoutes.views(groups, board, BIRMINGHAM);
        assertThat(seen).hasSize(1);
        GroupView group = seen.get(0);
        assertThat(group.size()).isEqualTo(2);
        assertThat(group.authorities()).containsExactly(LAMBETH, SOUTHWARK);
        assertThat(group.involvesYou()).isFalse();
        assertThat(group.members())
                .extracting(MemberLine::childPseudonym, MemberLine::authorities, MemberLine::yours, MemberLine::alerts)
                .containsExactly(
                        tuple(ALFIE, List.of(LAMBETH), false, null), tuple(BEN, List.of(SOUTHWARK), false, null));
        List<EpisodeLine> episodes = group.links().get(0).evidence().stream()
                .flatMap(e -> Stream.of(e.episodeA(), e.episodeB()))
                .filter(e -> e != null)
                .toList();
        assertThat(episodes)
                .extracting(EpisodeLine::yours, EpisodeLine::sourceReference, EpisodeLine::organisationCode)
                .containsExactly(tuple(false, null, null), tuple(false, null, null), tuple(false, null, null));
    }

    @Test
    void aRecordThatContradictsItselfShowsNoReferenceOfAChildItDoesNotList() {
        LinkedGroup odd = alfieAndBen();
        // Alfie twice, and a link naming Ben while the record lists Ben nowhere as a member
        odd.setMembers(List.of(member(ALFIE, LAMBETH), member(ALFIE, SOUTHWARK)));
        groups.apply(ALFIE, odd);

        GroupView seen = ExploitationRoutes.views(groups, board, SOL).get(0);
        assertThat(seen.members())
                .extracting(MemberLine::authorities, MemberLine::yours)
                .containsExactly(tuple(List.of(LAMBETH), false), tuple(List.of(SOUTHWARK), true));
        EvidenceLine found = seen.links().get(0).evidence().get(0);
        assertThat(found.episodeA())
                .as("Alfie as first listed: Lambeth's")
                .isEqualTo(new EpisodeLine("2026-11-10T22:00:00Z", false, List.of(LAMBETH), null, null, null));
        assertThat(found.episodeB())
                .as("Ben, nobody's: held by no authority the record names, and no reference")
                .isEqualTo(new EpisodeLine("2026-11-10T22:10:00Z", false, List.of(), null, null, null));
    }

    @Test
    void theWorkersGroupsComeFirstALaterRecordReplacesAGroupAndATombstoneTakesItAway() {
        groups.apply(CARA, caraAndDev());
        groups.apply(ALFIE, alfieAndBen());
        Worker kent = new Worker("kofi", Set.of(KENT), Worker.Role.WORKER);
        assertThat(ExploitationRoutes.views(groups, board, AMARA))
                .extracting(GroupView::groupId)
                .containsExactly(ALFIE, CARA);
        assertThat(ExploitationRoutes.views(groups, board, kent))
                .extracting(GroupView::groupId)
                .containsExactly(CARA, ALFIE);
        assertThat(groups.ofWorkersAuthorities(AMARA, ALFIE)).isTrue();
        assertThat(groups.ofWorkersAuthorities(AMARA, BEN)).isFalse();
        assertThat(groups.grouped(BEN)).isTrue();
        assertThat(groups.grouped(DEV)).isTrue();

        assertThat(ExploitationRoutes.views(groups, board, BIRMINGHAM))
                .as("no child of theirs in either; as large as each other: by id")
                .extracting(GroupView::groupId)
                .containsExactly(ALFIE, CARA);

        // a third Kent child joins Cara and Dev: the larger group first
        LinkedGroup three = caraAndDev();
        three.setMembers(List.of(member(CARA, KENT), member(DEV, KENT), member(EVE, KENT)));
        groups.apply(CARA, three);
        assertThat(ExploitationRoutes.views(groups, board, BIRMINGHAM))
                .extracting(GroupView::groupId, GroupView::size)
                .containsExactly(tuple(CARA, 3), tuple(ALFIE, 2));

        // Cara's group merges into Alfie's: the merged group's record, then the old group's tombstone
        LinkedGroup five = alfieAndBen();
        five.setMembers(List.of(
                member(ALFIE, LAMBETH),
                member(BEN, SOUTHWARK),
                member(CARA, KENT),
                member(DEV, KENT),
                member(EVE, KENT)));
        groups.apply(ALFIE, five);
        groups.apply(CARA, null);
        assertThat(ExploitationRoutes.views(groups, board, BIRMINGHAM))
                .extracting(GroupView::groupId, GroupView::size)
                .containsExactly(tuple(ALFIE, 5));
        assertThat(groups.ofWorkersAuthorities(kent, DEV)).isTrue();

        groups.apply(ALFIE, null); // and then it fell apart
        assertThat(ExploitationRoutes.views(groups, board, AMARA)).isEmpty();
        assertThat(groups.grouped(ALFIE)).isFalse();
        assertThat(groups.ofWorkersAuthorities(AMARA, ALFIE)).isFalse();
        assertThat(groups.grouped(DEV)).isFalse();
    }
}
