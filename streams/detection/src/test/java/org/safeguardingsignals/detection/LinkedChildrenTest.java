package org.safeguardingsignals.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.detection.Scenario.Child;
import org.safeguardingsignals.detection.links.LinkingProcessor;
import org.safeguardingsignals.events.ChildLink;
import org.safeguardingsignals.events.GroupMember;
import org.safeguardingsignals.events.LinkEvidence;
import org.safeguardingsignals.events.LinkKind;
import org.safeguardingsignals.events.LinkedGroup;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.PoliceContactType;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.SchoolConcernCategory;
import org.safeguardingsignals.events.Severity;

/**
 * Children linked by going missing together, through the detection topology: links from found-with and from going
 * missing together, groups, their expiry, and the alert for a child linked to a group with an exploitation alert.
 */
class LinkedChildrenTest {
    private static final String SOUTHWARK = "E09000028";
    private static final String AREA = "E01003030";
    private static final String FOUND = "E01024000";

    private final Scenario world = new Scenario();
    private final Instant t = Scenario.WALL_CLOCK_START.minus(Duration.ofDays(60));

    @AfterEach
    void close() {
        world.close();
    }

    private static List<RiskAlert> linked(List<RiskAlert> alerts) {
        return alerts.stream()
                .filter(a -> a.getRuleId().equals("exploitation-linked"))
                .toList();
    }

    private static PersonRef nhs(Child c) {
        return PersonRef.newBuilder().setNhsNumber(c.nhsNumber()).build();
    }

    @Test
    void aChildFoundWithAnotherLinksThemIntoAGroupWithTheEpisodeOnItsOwnSide() {
        Child ash = world.child("Ash");
        Child bea = world.child("Bea");
        world.missing(world.found("EP-A1", ash, t, t.plus(Duration.ofDays(1)))
                .setFoundArea(FOUND)
                .setFoundWith(List.of(nhs(bea), nhs(ash))) // itself listed too: ignored
                .build());

        List<KeyValue<String, LinkedGroup>> records = world.groupRecords();
        assertThat(records).hasSize(1);
        LinkedGroup group = records.get(0).value;
        String a = world.pseudonymOf(ash);
        String b = world.pseudonymOf(bea);
        String first = a.compareTo(b) < 0 ? a : b;
        assertThat(records.get(0).key).isEqualTo(first);
        assertThat(group.getGroupId()).isEqualTo(first);
        assertThat(group.getMembers())
                .extracting(GroupMember::getChildPseudonym)
                .containsExactly(first, a.equals(first) ? b : a);
        assertThat(group.getMembers())
                .extracting(GroupMember::getAuthorities)
                .as("Bea, known only from Ash's return, belongs with the authority that recorded it")
                .containsExactly(List.of(Scenario.LAMBETH), List.of(Scenario.LAMBETH));
        assertThat(group.getLinks()).hasSize(1);
        ChildLink link = group.getLinks().get(0);
        assertThat(link.getEvidence()).hasSize(1);
        LinkEvidence e = link.getEvidence().get(0);
        assertThat(e.getKind()).isEqualTo(LinkKind.FOUND_WITH);
        assertThat(e.getFoundArea()).isEqualTo(FOUND);
        boolean ashIsA = link.getChildA().equals(a);
        assertThat(ashIsA ? e.getEpisodeA() : e.getEpisodeB()).satisfies(ep -> {
            assertThat(ep.getSourceReference()).isEqualTo("EP-A1");
            assertThat(ep.getOrganisationCode()).isEqualTo("01");
        });
        assertThat(ashIsA ? e.getEpisodeB() : e.getEpisodeA()).isNull();
        assertThat(link.getExpiresAt()).isEqualTo(t.plus(Duration.ofDays(1)).plus(Duration.ofDays(180)));
        assertThat(group.toString()).doesNotContain(ash.nhsNumber()).doesNotContain(bea.nhsNumber());

        // the same return again, and Bea's own return naming Ash: one more piece of evidence, one more record
        world.missing(world.found("EP-A1", ash, t, t.plus(Duration.ofDays(1)))
                .setFoundArea(FOUND)
                .setFoundWith(List.of(nhs(bea)))
                .build());
        assertThat(world.groupRecords()).as("a repeat changes nothing").isEmpty();
        world.missing(world.found("EP-B1", bea, t, t.plus(Duration.ofDays(1)))
                .setFoundArea(FOUND)
                .setFoundWith(List.of(nhs(ash)))
                .build());
        List<KeyValue<String, LinkedGroup>> again = world.groupRecords();
        assertThat(again).hasSize(1);
        assertThat(again.get(0).value.getLinks().get(0).getEvidence()).hasSize(2);
        String stores = storeContents(LinkingProcessor.LINKS_STORE)
                + storeContents(LinkingProcessor.SIGHTINGS_STORE)
                + storeContents(LinkingProcessor.CHILDREN_STORE);
        assertThat(stores)
                .contains(a)
                .contains(b)
                .doesNotContain(ash.nhsNumber())
                .doesNotContain(bea.nhsNumber());
        assertThat(world.identityVault())
                .as("Bea's NHS number sealed for the console's audited reveal")
                .extracting(kv -> kv.key)
                .contains(b);
    }

    @Test
    void childrenMissingTogetherFromOneAreaAndFoundInOneAreaAreLinkedOthersAreNot() {
        Child ash = world.child("Ash");
        Child bea = world.child("Bea");
        Child cal = world.child("Cal");
        Child dee = world.child("Dee");
        Child eli = world.child("Eli").inHousehold("PLACEMENT-7");
        Child fay = world.child("Fay").inHousehold("PLACEMENT-7");
        // Ash and Bea: three hours apart, same area, found in the same area
        world.missing(world.found("EP-A", ash, t, t.plus(Duration.ofDays(2)))
                .setMissingFromArea(AREA)
                .setFoundArea(FOUND)
                .build());
        world.missing(world.found("EP-B", bea, t.plus(Duration.ofHours(3)), t.plus(Duration.ofDays(2)))
                .setMissingFromArea(AREA)
                .setFoundArea(FOUND)
                .build());
        // Cal: 13 hours after Bea, beyond the 12-hour interval; Dee: found somewhere else
        world.missing(world.found("EP-C", cal, t.plus(Duration.ofHours(16)), t.plus(Duration.ofDays(2)))
                .setMissingFromArea(AREA)
                .setFoundArea(FOUND)
                .build());
        world.missing(world.found("EP-D", dee, t.plus(Duration.ofHours(1)), t.plus(Duration.ofDays(2)))
                .setMissingFromArea(AREA)
                .setFoundArea("E01024001")
                .build());
        // Eli and Fay: no area given, but one placement (household reference), found together
        world.missing(world.found("EP-E", eli, t.plus(Duration.ofDays(5)), t.plus(Duration.ofDays(6)))
                .setFoundArea(FOUND)
                .build());
        world.missing(world.found("EP-F", fay, t.plus(Duration.ofDays(5)), t.plus(Duration.ofDays(6)))
                .setFoundArea(FOUND)
                .build());

        List<LinkedGroup> groups = latest(world.groupRecords());
        assertThat(groups).hasSize(2);
        assertThat(groups)
                .extracting(g -> g.getMembers().stream()
                        .map(GroupMember::getChildPseudonym)
                        .collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(
                        java.util.Set.of(world.pseudonymOf(ash), world.pseudonymOf(bea)),
                        java.util.Set.of(world.pseudonymOf(eli), world.pseudonymOf(fay)));
        LinkEvidence together = groups.stream()
                .filter(g -> g.getMembers().stream()
                        .anyMatch(m -> m.getChildPseudonym().equals(world.pseudonymOf(ash))))
                .findFirst()
                .orElseThrow()
                .getLinks()
                .get(0)
                .getEvidence()
                .get(0);
        assertThat(together.getKind()).isEqualTo(LinkKind.CO_MISSING);
        assertThat(together.getMissingFromArea()).isEqualTo(AREA);
        assertThat(together.getFoundArea()).isEqualTo(FOUND);
        assertThat(List.of(
                        together.getEpisodeA().getSourceReference(),
                        together.getEpisodeB().getSourceReference()))
                .containsExactlyInAnyOrder("EP-A", "EP-B");
    }

    @Test
    void aChildLinkedToAGroupWithAnExploitationAlertIsAlertedOnceWhicheverCameFirst() {
        Child kit = world.child("Kit");
        Child lou = world.publishingFor(SOUTHWARK).child("Lou");
        Child max = world.child("Max");
        // Kit (Lambeth) reaches the exploitation-risk rule: missing, excluded, stopped and searched
        world.publishingFor(Scenario.LAMBETH);
        world.missing("EP-K0", kit, t, t.plus(Duration.ofHours(20)));
        world.schoolConcern(t.plus(Duration.ofDays(2)), kit, SchoolConcernCategory.EXCLUSION);
        world.policeContact(t.plus(Duration.ofDays(3)), kit, PoliceContactType.STOP_AND_SEARCH);
        List<RiskAlert> first = world.alerts();
        assertThat(first).extracting(RiskAlert::getRuleId).containsExactly("exploitation-risk");
        String kitAlert = first.get(0).getAlertId();

        // then Southwark's police find Lou with Kit: Lou is alerted, to Southwark, naming the group and Kit's alert
        world.publishingFor(SOUTHWARK);
        world.missing(world.found("EP-L1", lou, t.plus(Duration.ofDays(10)), t.plus(Duration.ofDays(11)))
                .setFoundArea(FOUND)
                .setFoundWith(List.of(nhs(kit)))
                .build());
        List<RiskAlert> louAlerts = linked(world.alerts());
        assertThat(louAlerts).hasSize(1);
        RiskAlert alert = louAlerts.get(0);
        assertThat(alert.getChildPseudonym()).isEqualTo(world.pseudonymOf(lou));
        assertThat(alert.getLocalAuthority()).isEqualTo(SOUTHWARK);
        assertThat(alert.getRoutedTo()).containsExactly(SOUTHWARK);
        assertThat(alert.getSeverity()).isEqualTo(Severity.MEDIUM);
        assertThat(alert.getRelatedAlerts()).containsExactly(kitAlert);
        assertThat(alert.getLinkedGroup()).isNotNull();
        assertThat(alert.getEvidence()).extracting(e -> e.getSourceReference()).containsExactly("EP-L1");
        // the group is named (by its smallest pseudonym, which may be Kit's: other authorities' children are known
        // by pseudonym in the group view); Kit's evidence and NHS number are not in Lou's alert
        assertThat(alert.toString()).doesNotContain("EP-K0").doesNotContain(kit.nhsNumber());
        List<LinkedGroup> groups = latest(world.groupRecords());
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).getAuthorities()).containsExactly(Scenario.LAMBETH, SOUTHWARK);
        assertThat(groups.get(0).getMembers())
                .filteredOn(m -> m.getChildPseudonym().equals(world.pseudonymOf(kit)))
                .singleElement()
                .satisfies(m -> assertThat(m.getExploitationAlertId()).isEqualTo(kitAlert));
        assertThat(world.workItems())
                .as("on Southwark's worklist")
                .filteredOn(w -> w.getChildPseudonym().equals(world.pseudonymOf(lou)))
                .hasSize(1);

        // Lou found with Kit again: no new alert; Max found with Lou joins the group: Max is alerted, once
        world.missing(world.found("EP-L2", lou, t.plus(Duration.ofDays(20)), t.plus(Duration.ofDays(21)))
                .setFoundArea(FOUND)
                .setFoundWith(List.of(nhs(kit)))
                .build());
        assertThat(linked(world.alerts())).isEmpty();
        world.missing(world.found("EP-M1", max, t.plus(Duration.ofDays(22)), t.plus(Duration.ofDays(23)))
                .setFoundArea(FOUND)
                .setFoundWith(List.of(nhs(lou)))
                .build());
        assertThat(linked(world.alerts()))
                .extracting(RiskAlert::getChildPseudonym)
                .containsExactly(world.pseudonymOf(max));
    }

    @Test
    void aLinkThatCameBeforeTheAlertAlertsTheLinkedChildWhenTheAlertComes() {
        Child kit = world.child("Kit");
        Child lou = world.child("Lou");
        world.missing(world.found("EP-L1", lou, t, t.plus(Duration.ofDays(1)))
                .setFoundArea(FOUND)
                .setFoundWith(List.of(nhs(kit)))
                .build());
        assertThat(linked(world.alerts())).isEmpty();
        world.schoolConcern(t.plus(Duration.ofDays(2)), kit, SchoolConcernCategory.EXCLUSION);
        world.policeContact(t.plus(Duration.ofDays(3)), kit, PoliceContactType.STOP_AND_SEARCH);
        world.missing("EP-K0", kit, t.plus(Duration.ofDays(4)), null);
        List<RiskAlert> alerts = world.alerts();
        assertThat(alerts)
                .extracting(RiskAlert::getRuleId)
                .containsExactlyInAnyOrder("exploitation-risk", "exploitation-linked");
        assertThat(linked(alerts)).singleElement().satisfies(a -> {
            assertThat(a.getChildPseudonym()).isEqualTo(world.pseudonymOf(lou));
            assertThat(a.getEvidence()).extracting(e -> e.getSourceReference()).containsExactly("EP-L1");
        });
    }

    @Test
    void aLinkLapsesAfterItsLifetimeAndTheGroupFallsApartThenLeavesEveryStore() {
        Instant t0 = Scenario.WALL_CLOCK_START.minus(Duration.ofDays(320)); // every event before the wall clock
        Child ash = world.child("Ash");
        Child bea = world.child("Bea");
        Child cal = world.child("Cal");
        world.missing(world.found("EP-A", ash, t0, t0.plus(Duration.ofDays(1)))
                .setFoundArea(FOUND)
                .setFoundWith(List.of(nhs(bea)))
                .build());
        world.missing(world.found("EP-C", cal, t0.plus(Duration.ofDays(100)), t0.plus(Duration.ofDays(101)))
                .setFoundArea(FOUND)
                .setFoundWith(List.of(nhs(bea)))
                .build());
        List<LinkedGroup> three = latest(world.groupRecords());
        assertThat(three)
                .singleElement()
                .satisfies(g -> assertThat(g.getMembers()).hasSize(3));
        String before = three.get(0).getGroupId();

        // 181 days after Ash's return, Ash-Bea has lapsed: Bea and Cal remain
        Child zed = world.child("Zed");
        world.missing("EP-Z", zed, t0.plus(Duration.ofDays(182)), null);
        List<KeyValue<String, LinkedGroup>> records = world.groupRecords();
        String b = world.pseudonymOf(bea);
        String c = world.pseudonymOf(cal);
        String remaining = b.compareTo(c) < 0 ? b : c;
        if (before.equals(remaining)) {
            assertThat(records).hasSize(1);
        } else {
            assertThat(records).hasSize(2).anySatisfy(kv -> {
                assertThat(kv.key).isEqualTo(before);
                assertThat(kv.value).isNull();
            });
        }
        assertThat(latest(records))
                .singleElement()
                .satisfies(g -> assertThat(g.getMembers())
                        .extracting(GroupMember::getChildPseudonym)
                        .containsExactlyInAnyOrder(b, c));
        assertThat(world.storeSize(LinkingProcessor.LINKS_STORE)).isEqualTo(1);

        // and when Bea-Cal lapses too, the group is deleted and the stores empty after the daily sweep
        world.missing("EP-Z2", zed, t0.plus(Duration.ofDays(300)), null);
        assertThat(world.groupTestRecords()).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(remaining);
            assertThat(r.value()).isNull();
            assertThat(r.getRecordTime())
                    .as("dated by the event time that ended it")
                    .isEqualTo(t0.plus(Duration.ofDays(300)));
        });
        world.missing("EP-Z3", zed, t0.plus(Duration.ofDays(302)), null);
        assertThat(world.storeSize(LinkingProcessor.LINKS_STORE)).isZero();
        assertThat(world.storeSize(LinkingProcessor.SIGHTINGS_STORE)).isZero();
        assertThat(world.storeSize(LinkingProcessor.CHILDREN_STORE)).isZero();
    }

    private String storeContents(String store) {
        StringBuilder all = new StringBuilder();
        org.apache.kafka.streams.state.KeyValueStore<String, Object> s = world.driver.getKeyValueStore(store);
        try (var it = s.all()) {
            it.forEachRemaining(
                    kv -> all.append(kv.key).append('=').append(kv.value).append('\n'));
        }
        return all.toString();
    }

    /** The latest record of each group, deleted groups left out. */
    static List<LinkedGroup> latest(List<KeyValue<String, LinkedGroup>> records) {
        java.util.Map<String, LinkedGroup> byId = new java.util.LinkedHashMap<>();
        for (KeyValue<String, LinkedGroup> kv : records) {
            if (kv.value == null) {
                byId.remove(kv.key);
            } else {
                byId.put(kv.key, kv.value);
            }
        }
        return List.copyOf(byId.values());
    }
}
