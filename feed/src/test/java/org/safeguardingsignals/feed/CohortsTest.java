package org.safeguardingsignals.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.AssessmentFactor;
import org.safeguardingsignals.events.ChildPoliceContact;
import org.safeguardingsignals.events.MissingEpisode;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.PresentingReason;
import org.safeguardingsignals.events.Referral;
import org.safeguardingsignals.events.SchoolConcern;
import org.safeguardingsignals.events.SchoolConcernCategory;
import org.safeguardingsignals.events.UnscheduledCareAttendance;

/**
 * The exploitation cohorts of a 400-day play of the default settings (three authorities of 40,000 children): children
 * who go missing together from one area and are found together in another force's area, with the other signs around.
 */
class CohortsTest {
    static final FeedSettings SETTINGS = SyntheticFeedTest.SETTINGS;
    static final Pattern LSOA = Pattern.compile("[EW]01[0-9]{6}");
    static final Duration PLAYED = Duration.ofDays(400);

    static final Population POPULATION = new Population(SETTINGS);
    static List<Publication> events;
    static List<Cohorts.Cohort> cohorts;
    /** Missing-episode events by episode id: the report, then the return. */
    static Map<String, List<MissingEpisode>> episodes;
    /** Every episode id of a cohort's joint episodes. */
    static Set<String> cohortEpisodes;

    @BeforeAll
    static void play() {
        SyntheticFeed feed = new SyntheticFeed(SETTINGS);
        Instant end = SETTINGS.start().plus(PLAYED);
        events = new ArrayList<>();
        while (feed.peekTime().isBefore(end)) {
            events.add(feed.next());
        }
        cohorts = feed.cohorts();
        episodes = new HashMap<>();
        for (Publication p : events) {
            if (p.value() instanceof MissingEpisode m) {
                episodes.computeIfAbsent(m.getEpisodeId(), k -> new ArrayList<>())
                        .add(m);
            }
        }
        cohortEpisodes = cohorts.stream()
                .flatMap(c -> c.episodes().stream())
                .flatMap(List::stream)
                .collect(Collectors.toSet());
    }

    /** The joint episodes played to their end: every member reported and found before the play ended. */
    static List<List<List<MissingEpisode>>> finished(Cohorts.Cohort cohort) {
        List<List<List<MissingEpisode>>> out = new ArrayList<>();
        for (List<String> ids : cohort.episodes()) {
            List<List<MissingEpisode>> joint =
                    ids.stream().map(id -> episodes.get(id)).toList();
            if (ids.size() == cohort.members().size() && joint.stream().allMatch(e -> e.size() == 2)) {
                out.add(joint);
            }
        }
        return out;
    }

    @Test
    void aFewCohortsOfTwoToFourChildrenAged12To17FormInEachAuthorityEachYear() {
        // about three a year in each of the three authorities (nine or ten in 400 days on average over seeds): sixteen
        // in 400 days with this seed
        assertThat(cohorts).hasSize(16);
        assertThat(cohorts.stream().map(Cohorts.Cohort::authority).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(SETTINGS.authorities());
        Set<Integer> seen = new HashSet<>();
        Areas areas = new Areas(POPULATION);
        for (Cohorts.Cohort c : cohorts) {
            assertThat(c.members()).hasSizeBetween(2, 4);
            assertThat(c.area()).matches(LSOA);
            assertThat(areas.authorityOf(c.area())).isEqualTo(c.authority());
            assertThat(areas.authorityOf(c.destination()))
                    .as("another force's area")
                    .isNull();
            for (int child : c.members()) {
                assertThat(areas.of(child))
                        .as("where the cohort's children live or are placed")
                        .isEqualTo(c.area());
                assertThat(seen.add(child))
                        .as("a child is in one cohort at most")
                        .isTrue();
                assertThat(POPULATION.missingProne(child)).isTrue();
            }
        }
        // some looked after, a few placed there by the neighbouring authority; most of the authority's own
        List<Integer> members =
                cohorts.stream().flatMap(c -> c.members().stream()).toList();
        long lookedAfter = members.stream().filter(POPULATION::lookedAfter).count();
        long fromNeighbour = cohorts.stream()
                .mapToLong(c -> c.members().stream()
                        .filter(m -> !POPULATION.authorityOf(m).equals(c.authority()))
                        .count())
                .sum();
        assertThat(lookedAfter).isBetween(1L, members.size() - 1L);
        assertThat(cohorts)
                .as("children placed in one area")
                .anySatisfy(c -> assertThat(c.members().stream().filter(POPULATION::lookedAfter))
                        .hasSizeGreaterThanOrEqualTo(2));
        assertThat(fromNeighbour).isBetween(1L, members.size() / 2L);
    }

    @Test
    void aCohortGoesMissingFromOneAreaWithinHoursAndIsFoundTogetherInOneAreaOfAnotherForce() {
        int joint = 0;
        for (Cohorts.Cohort c : cohorts) {
            for (List<List<MissingEpisode>> episode : finished(c)) {
                joint++;
                List<MissingEpisode> reports =
                        episode.stream().map(e -> e.get(0)).toList();
                List<MissingEpisode> returns =
                        episode.stream().map(e -> e.get(1)).toList();
                assertThat(reports)
                        .allSatisfy(r -> {
                            assertThat(r.getReturnedAt()).isNull();
                            assertThat(r.getMissingFromArea()).isEqualTo(c.area());
                            assertThat(r.getHeader().getLocalAuthority()).isEqualTo(c.authority());
                        })
                        .extracting(r -> r.getChild().getNhsNumber())
                        .doesNotHaveDuplicates();
                List<Instant> reported = reports.stream()
                        .map(MissingEpisode::getReportedMissingAt)
                        .sorted()
                        .toList();
                Instant first = reported.get(0);
                assertThat(Duration.between(first, reported.get(reported.size() - 1)))
                        .isLessThanOrEqualTo(Cohorts.SPREAD);
                assertThat(returns).allSatisfy(r -> {
                    assertThat(r.getFoundArea()).isEqualTo(returns.get(0).getFoundArea());
                    assertThat(r.getReturnedAt()).isEqualTo(returns.get(0).getReturnedAt());
                    assertThat(r.getMissingFromArea()).isEqualTo(c.area());
                    assertThat(r.getFoundForceCode())
                            .isEqualTo(Agencies.OTHER_FORCE)
                            .isNotEqualTo(r.getHeader().getOrganisationCode().toString());
                });
                assertThat(Duration.between(first, returns.get(0).getReturnedAt()))
                        .isBetween(Cohorts.FOUND_AFTER_MIN, Cohorts.FOUND_AFTER_MAX);
                for (MissingEpisode r : reports) {
                    int age = Period.between(r.getChild().getDateOfBirth(), day(r.getReportedMissingAt()))
                            .getYears();
                    assertThat(age).isBetween(12, 17);
                }
            }
            // the joint episodes repeat a few weeks apart
            List<Instant> starts = finished(c).stream()
                    .map(e -> e.stream()
                            .map(m -> m.get(0).getReportedMissingAt())
                            .min(Instant::compareTo)
                            .orElseThrow())
                    .toList();
            for (int i = 1; i < starts.size(); i++) {
                assertThat(Duration.between(starts.get(i - 1), starts.get(i)))
                        .isBetween(Duration.ofDays(14), Duration.ofDays(43));
            }
        }
        assertThat(joint).as("joint episodes played to their end").isEqualTo(51);
    }

    @Test
    void foundWithNamesOnlyOtherChildrenOfTheSameCohortAndOnlySomeReturnsNameThem() {
        int named = 0;
        int unnamed = 0;
        for (Cohorts.Cohort c : cohorts) {
            Set<String> numbers = c.members().stream()
                    .map(m -> POPULATION.ref(m).getNhsNumber())
                    .filter(Objects::nonNull)
                    .collect(Collectors.toSet());
            for (List<List<MissingEpisode>> episode : finished(c)) {
                List<MissingEpisode> returns =
                        episode.stream().map(e -> e.get(1)).toList();
                boolean any = returns.stream().anyMatch(r -> !r.getFoundWith().isEmpty());
                if (any) {
                    named++;
                } else {
                    unnamed++;
                }
                for (MissingEpisode r : returns) {
                    String self = r.getChild().getNhsNumber();
                    Set<String> others = new HashSet<>(numbers);
                    others.remove(self);
                    assertThat(r.getFoundWith())
                            .as("an episode's returns all name the others, or none does")
                            .hasSize(any ? others.size() : 0)
                            .allSatisfy(p -> {
                                assertThat(p.getNhsNumber()).isIn(others);
                                assertThat(p)
                                        .isEqualTo(PersonRef.newBuilder()
                                                .setNhsNumber(p.getNhsNumber())
                                                .build());
                            });
                }
            }
        }
        assertThat(named).isEqualTo(29);
        assertThat(unnamed).isEqualTo(22);
        // children on their own are found with no one
        assertThat(episodes.values())
                .filteredOn(
                        e -> !cohortEpisodes.contains(e.get(0).getEpisodeId().toString()))
                .allSatisfy(e -> assertThat(e.get(e.size() - 1).getFoundWith()).isEmpty());
    }

    @Test
    void everyAreaIsAnLsoaCodeAndAChildAlwaysGoesMissingFromTheSameOne() {
        Map<String, Set<String>> fromByChild = new HashMap<>();
        int reports = 0;
        int withFrom = 0;
        int returns = 0;
        int withFound = 0;
        int foundInForce = 0;
        int foundInForceInTheAuthorities = 0;
        Areas areas = new Areas(POPULATION);
        for (List<MissingEpisode> episode : episodes.values()) {
            for (MissingEpisode m : episode) {
                if (m.getMissingFromArea() != null) {
                    assertThat(m.getMissingFromArea()).matches(LSOA);
                    fromByChild
                            .computeIfAbsent(m.getChild().toString(), k -> new HashSet<>())
                            .add(m.getMissingFromArea());
                }
                if (m.getFoundArea() != null) {
                    assertThat(m.getFoundArea()).matches(LSOA);
                }
            }
            if (cohortEpisodes.contains(episode.get(0).getEpisodeId().toString())) {
                continue;
            }
            reports++;
            withFrom += episode.get(0).getMissingFromArea() == null ? 0 : 1;
            if (episode.size() == 2) {
                MissingEpisode returned = episode.get(1);
                returns++;
                if (returned.getFoundArea() != null) {
                    withFound++;
                    if (returned.getFoundForceCode().equals(Agencies.FORCE)) {
                        foundInForce++;
                        if (areas.authorityOf(returned.getFoundArea()) != null) {
                            foundInForceInTheAuthorities++;
                        }
                    } else {
                        assertThat(areas.authorityOf(returned.getFoundArea())).isNull();
                    }
                }
            }
        }
        assertThat(fromByChild.values())
                .allSatisfy(areasOfOneChild -> assertThat(areasOfOneChild).hasSize(1));
        // children on their own: mostly where they went missing from, sometimes where they were found, mostly at home
        assertThat((double) withFrom / reports).isBetween(0.85, 0.95);
        assertThat((double) withFound / returns).isBetween(0.35, 0.45);
        assertThat((double) foundInForce / withFound).isBetween(0.8, 0.9);
        assertThat(foundInForceInTheAuthorities).isEqualTo(foundInForce);
    }

    @Test
    void cohortsAreASmallShareOfMissingEpisodes() {
        long all = episodes.size();
        assertThat((double) cohortEpisodes.size() / all).isBetween(0.02, 0.08);
    }

    @Test
    void severalCohortChildrenShowThreeOfTheFiveExploitationGroupsWithin90Days() {
        Map<PersonRef, TreeMap<Instant, Group>> signs = new HashMap<>();
        for (Publication p : events) {
            PersonRef child = null;
            Group group = null;
            if (p.value() instanceof MissingEpisode m && m.getReturnedAt() == null) {
                child = m.getChild();
                group = Group.MISSING;
            } else if (p.value() instanceof SchoolConcern s
                    && EnumSet.of(
                                    SchoolConcernCategory.ATTENDANCE_DROP,
                                    SchoolConcernCategory.EXCLUSION,
                                    SchoolConcernCategory.CHILD_MISSING_EDUCATION)
                            .contains(s.getCategory())) {
                child = s.getChild();
                group = Group.EDUCATION;
            } else if (p.value() instanceof ChildPoliceContact c) {
                child = c.getChild();
                group = Group.POLICE_CONTACT;
            } else if (p.value() instanceof UnscheduledCareAttendance a
                    && EnumSet.of(
                                    PresentingReason.ASSAULT,
                                    PresentingReason.WOUND,
                                    PresentingReason.INTOXICATION,
                                    PresentingReason.OVERDOSE,
                                    PresentingReason.SEXUAL_HEALTH,
                                    PresentingReason.SELF_HARM)
                            .contains(a.getPresentingReason())) {
                child = a.getChild();
                group = Group.HEALTH;
            } else if (p.value() instanceof Referral r
                    && r.getAssessmentFactors().contains(AssessmentFactor.CHILD_CRIMINAL_EXPLOITATION)) {
                child = r.getChild();
                group = Group.ASSESSED;
            }
            if (child != null) {
                signs.computeIfAbsent(child, k -> new TreeMap<>()).merge(p.occurredAt(), group, (a, b) -> a);
            }
        }
        int members = 0;
        int threeGroups = 0;
        for (Cohorts.Cohort c : cohorts) {
            for (int child : c.members()) {
                members++;
                TreeMap<Instant, Group> own = signs.get(POPULATION.ref(child));
                threeGroups += threeWithin90Days(own) ? 1 : 0;
            }
        }
        // children who go missing repeatedly on their own get there less often
        int prone = 0;
        int proneThree = 0;
        for (int child = 0; child < SETTINGS.children(); child++) {
            TreeMap<Instant, Group> own = signs.get(POPULATION.ref(child));
            if (POPULATION.missingProne(child) && own != null && !member(child)) {
                prone++;
                proneThree += threeWithin90Days(own) ? 1 : 0;
            }
        }
        assertThat(threeGroups).as("of %d cohort children", members).isEqualTo(40);
        assertThat(members).isEqualTo(40);
        assertThat((double) proneThree / prone).isLessThan(0.6);
    }

    @Test
    void theSameSeedGivesTheSameCohortsAndAnotherSeedOthers() {
        Instant end = SETTINGS.start().plus(Duration.ofDays(200));
        SyntheticFeed again = new SyntheticFeed(SETTINGS);
        List<Publication> replayed = new ArrayList<>();
        while (again.peekTime().isBefore(end)) {
            replayed.add(again.next());
        }
        assertThat(replayed).isEqualTo(events.subList(0, replayed.size()));
        assertThat(events.get(replayed.size()).occurredAt()).isAfterOrEqualTo(end);
        assertThat(again.cohorts().stream().map(Cohorts.Cohort::members).toList())
                .isEqualTo(cohorts.subList(0, again.cohorts().size()).stream()
                        .map(Cohorts.Cohort::members)
                        .toList());

        FeedSettings other = new FeedSettings(
                SETTINGS.seed() + 1,
                SETTINGS.authorities(),
                SETTINGS.childrenPerAuthority(),
                SETTINGS.domesticAbuseShare(),
                SETTINGS.mentalHealthShare(),
                SETTINGS.substanceShare(),
                SETTINGS.missingProneShare(),
                SETTINGS.unknownNhsShare(),
                SETTINGS.start());
        SyntheticFeed otherFeed = new SyntheticFeed(other);
        while (otherFeed.peekTime().isBefore(end)) {
            otherFeed.next();
        }
        assertThat(otherFeed.cohorts()).isNotEmpty();
        assertThat(otherFeed.cohorts().stream().map(Cohorts.Cohort::area).toList())
                .isNotEqualTo(again.cohorts().stream().map(Cohorts.Cohort::area).toList());
    }

    /** Whether three groups or more fall within 90 days up to one of the child's signs. */
    static boolean threeWithin90Days(TreeMap<Instant, Group> signs) {
        return signs.keySet().stream()
                .anyMatch(anchor -> EnumSet.copyOf(signs.subMap(anchor.minus(Duration.ofDays(90)), true, anchor, true)
                                        .values())
                                .size()
                        >= 3);
    }

    static boolean member(int child) {
        return cohorts.stream().anyMatch(c -> c.members().contains(child));
    }

    enum Group {
        MISSING,
        EDUCATION,
        POLICE_CONTACT,
        HEALTH,
        ASSESSED
    }

    private static LocalDate day(Instant at) {
        return at.atZone(ZoneOffset.UTC).toLocalDate();
    }
}
