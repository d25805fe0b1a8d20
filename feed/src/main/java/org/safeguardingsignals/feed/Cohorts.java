package org.safeguardingsignals.feed;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.safeguardingsignals.agency.Events;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.AssessmentFactor;
import org.safeguardingsignals.events.CareSetting;
import org.safeguardingsignals.events.OffenceGroup;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.PoliceContactType;
import org.safeguardingsignals.events.PoliceRiskGrade;
import org.safeguardingsignals.events.PresentingReason;
import org.safeguardingsignals.events.ReferralOutcome;
import org.safeguardingsignals.events.SchoolConcernCategory;

/**
 * Exploitation cohorts (docs/DOMAIN.md, Exploitation): a few times a year in each authority, two to four children aged
 * 12 to 17 who go missing repeatedly and live in one small area (neighbours, or children placed in the same area,
 * some of them by the neighbouring authority) start going missing together. Each joint episode: they are reported
 * missing from that area within a few hours of each other, and found together a day or two later in one area of
 * another force ({@link Agencies#OTHER_FORCE}, as county lines take children across force boundaries); on about half
 * the episodes the returns name the others found with them, on the rest going missing together and being found in
 * one place is all that links them. The episodes repeat a few weeks apart, and around them the other agencies see
 * the other signs: a police contact where they are found, an emergency attendance for an assault or a wound, a
 * school's exclusion or attendance drop, now and then an assessment that names criminal exploitation. Several
 * children so reach three of the exploitation rule's five groups within its 90 days.
 *
 * <p>Cohorts are few ({@link Calibration#COHORTS_PER_AUTHORITY_PER_YEAR}); a child is in one cohort at most.
 */
final class Cohorts {
    /**
     * One cohort: the authority and area where its children live, who they are, where they are usually found, and the
     * episode ids of each joint episode so far.
     */
    record Cohort(
            String authority, String area, List<Integer> members, String destination, List<List<String>> episodes) {}

    private static final long MINUTE_MS = Duration.ofMinutes(1).toMillis();
    private static final long HOUR_MS = Duration.ofHours(1).toMillis();
    private static final long DAY_MS = Duration.ofDays(1).toMillis();
    /** The others are reported missing within this long of the first: children who run together go in an evening. */
    static final Duration SPREAD = Duration.ofHours(4);
    /** Found a day or two after the first report: at least this long after it. */
    static final Duration FOUND_AFTER_MIN = Duration.ofHours(24);
    /** And at most this long. */
    static final Duration FOUND_AFTER_MAX = Duration.ofHours(48);
    /** A joint episode follows the last after two to six weeks: at least this many days. */
    private static final int GAP_DAYS_MIN = 14;
    /** And at most this many. */
    private static final int GAP_DAYS_MAX = 42;
    /** Members are 12 to 17 over the cohort's life, about five months at most. */
    private static final Duration LIFE = Duration.ofDays(180);
    /** Cohorts kept for {@link #recent()}: the rest are forgotten, so an endless feed holds no more than these. */
    private static final int KEPT = 1_000;

    /** Where they are found: mostly, but not always, the cohort's usual destination. */
    private static final double AT_DESTINATION = 0.75;
    /** Returns that name the others found with the child: on about half the episodes. */
    private static final double NAMED = 0.5;
    /** The chance, per child and episode, of a police contact where the children are found. */
    private static final double POLICE_CONTACT = 0.6;
    /** Of an emergency attendance in the days after. */
    private static final double ATTENDANCE = 0.35;
    /** Of a school's exclusion or attendance concern, for a child of school age. */
    private static final double SCHOOL_CONCERN = 0.4;
    /** From the second episode on, of an assessment that names criminal exploitation. */
    private static final double ASSESSED = 0.15;

    private static final List<PoliceContactType> CONTACTS = List.of(
            PoliceContactType.FOUND_IN_LOCATION_OF_CONCERN,
            PoliceContactType.ARREST,
            PoliceContactType.STOP_AND_SEARCH,
            PoliceContactType.STOP_AND_SEARCH);
    private static final List<OffenceGroup> OFFENCES =
            List.of(OffenceGroup.DRUG_SUPPLY, OffenceGroup.DRUG_POSSESSION, OffenceGroup.WEAPON_POSSESSION);
    private static final List<PresentingReason> INJURIES =
            List.of(PresentingReason.ASSAULT, PresentingReason.WOUND, PresentingReason.INTOXICATION);
    private static final List<SchoolConcernCategory> SCHOOL =
            List.of(SchoolConcernCategory.EXCLUSION, SchoolConcernCategory.ATTENDANCE_DROP);

    private final Population population;
    private final Areas areas;
    private final Agencies agencies;
    private final MissingEpisodes missing;
    private final Schedule schedule;
    private final Random random;
    private final Set<Integer> joined = new HashSet<>();
    private final Deque<Cohort> recent = new ArrayDeque<>();

    Cohorts(
            Population population,
            Areas areas,
            Agencies agencies,
            MissingEpisodes missing,
            Schedule schedule,
            Random random) {
        this.population = population;
        this.areas = areas;
        this.agencies = agencies;
        this.missing = missing;
        this.schedule = schedule;
        this.random = random;
    }

    /** Cohorts form in each authority from {@code from} on. */
    void start(long from) {
        for (String authority : population.authorities()) {
            schedule.process(from, Calibration.COHORTS_PER_AUTHORITY_PER_YEAR / 365.0, at -> form(authority, at));
        }
    }

    /** The latest cohorts formed (up to a thousand), oldest first. */
    List<Cohort> recent() {
        return List.copyOf(recent);
    }

    /**
     * A cohort of the children who live in one area of the authority, chosen at random among the areas with two or
     * more children who could join (none forms where there is no such area); its first joint episode starts now.
     */
    private List<Publication> form(String authority, long at) {
        Map<String, List<Integer>> byArea = new TreeMap<>();
        for (int child : candidates(authority, at)) {
            byArea.computeIfAbsent(areas.of(child), a -> new ArrayList<>()).add(child);
        }
        List<String> places = byArea.entrySet().stream()
                .filter(e -> e.getValue().size() >= 2)
                .map(Map.Entry::getKey)
                .toList();
        if (places.isEmpty()) {
            return List.of();
        }
        String area = places.get(random.nextInt(places.size()));
        List<Integer> children = new ArrayList<>(byArea.get(area));
        Collections.shuffle(children, random);
        List<Integer> members = List.copyOf(children.subList(0, Math.min(children.size(), 2 + random.nextInt(3))));
        joined.addAll(members);
        Cohort cohort = new Cohort(authority, area, members, areas.away(random), new ArrayList<>());
        recent.addLast(cohort);
        if (recent.size() > KEPT) {
            recent.removeFirst();
        }
        int episodes = Calibration.COHORT_EPISODES - 1 + random.nextInt(3);
        return episode(cohort, at, 1, episodes);
    }

    /**
     * Children who could join a cohort of the authority: those who go missing repeatedly, live there (a looked-after
     * child placed there by the authority or by the one before it in the list, whose placements it hosts), are 12 to
     * 17 now and for the cohort's life, and are in no cohort yet. In the order of their index, so the choice depends
     * on the seed alone.
     */
    private List<Integer> candidates(String authority, long at) {
        LocalDate day = day(at);
        LocalDate end = day(at + LIFE.toMillis());
        List<String> all = population.authorities();
        int here = all.indexOf(authority);
        int before = (here + all.size() - 1) % all.size();
        List<Integer> out = new ArrayList<>();
        for (int a : before == here ? new int[] {here} : new int[] {before, here}) {
            int[] range = population.childrenOfAuthority(a);
            for (int child = range[0]; child < range[1]; child++) {
                if (population.missingProne(child)
                        && missing.livesIn(child).equals(authority)
                        && population.ageOn(child, day) >= 12
                        && population.ageOn(child, end) <= 17
                        && !joined.contains(child)) {
                    out.add(child);
                }
            }
        }
        return out;
    }

    /** One joint episode now, the signs around it, and the next episode a few weeks later while any remain. */
    private List<Publication> episode(Cohort cohort, long at, int number, int episodes) {
        List<Integer> order = new ArrayList<>(cohort.members());
        Collections.shuffle(order, random);
        long found = at
                + FOUND_AFTER_MIN.toMillis()
                + random.nextInt((int) ((FOUND_AFTER_MAX.toMillis() - FOUND_AFTER_MIN.toMillis()) / MINUTE_MS))
                        * MINUTE_MS;
        String foundArea = random.nextDouble() < AT_DESTINATION ? cohort.destination() : areas.away(random);
        boolean named = random.nextDouble() < NAMED;
        PoliceRiskGrade grade = random.nextBoolean() ? PoliceRiskGrade.MEDIUM : PoliceRiskGrade.HIGH;
        List<String> ids = new ArrayList<>();
        cohort.episodes().add(ids);
        List<Publication> now = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            int child = order.get(i);
            long reported = i == 0 ? at : at + random.nextInt((int) (SPREAD.toMillis() / MINUTE_MS)) * MINUTE_MS;
            MissingEpisodes.Episode e = new MissingEpisodes.Episode(
                    child,
                    reported,
                    found,
                    grade,
                    cohort.area(),
                    Agencies.OTHER_FORCE,
                    foundArea,
                    named ? others(cohort, child) : List.of());
            if (reported == at) {
                Publication report = missing.report(e);
                ids.add(report.key());
                now.add(report);
            } else {
                schedule.at(reported, () -> {
                    Publication report = missing.report(e);
                    ids.add(report.key());
                    return List.of(report);
                });
            }
            signs(cohort, child, found, number);
        }
        if (number < episodes) {
            long next = at + DAY_MS * (GAP_DAYS_MIN + random.nextInt(GAP_DAYS_MAX - GAP_DAYS_MIN + 1));
            schedule.at(next, () -> episode(cohort, next, number + 1, episodes));
        }
        return now;
    }

    /** The other members, by NHS number: a child whose number the agencies do not know cannot be named. */
    private List<PersonRef> others(Cohort cohort, int child) {
        return Events.children(cohort.members().stream()
                .filter(c -> c != child)
                .map(c -> population.ref(c).getNhsNumber())
                .filter(Objects::nonNull)
                .toArray(String[]::new));
    }

    /** What the other agencies see of one child around an episode whose children were found at {@code found}. */
    private void signs(Cohort cohort, int child, long found, int number) {
        if (random.nextDouble() < POLICE_CONTACT) {
            long at = found + random.nextInt(120) * MINUTE_MS;
            PoliceContactType type = CONTACTS.get(random.nextInt(CONTACTS.size()));
            OffenceGroup offence = type == PoliceContactType.FOUND_IN_LOCATION_OF_CONCERN
                    ? OffenceGroup.NONE
                    : type == PoliceContactType.ARREST
                            ? OffenceGroup.DRUG_SUPPLY
                            : OFFENCES.get(random.nextInt(OFFENCES.size()));
            schedule.at(at, () -> List.of(agencies.policeContact(child, Agencies.OTHER_FORCE, type, offence, at)));
        }
        if (random.nextDouble() < ATTENDANCE) {
            long at = found + HOUR_MS * (12 + random.nextInt(108));
            PresentingReason reason = INJURIES.get(random.nextInt(INJURIES.size()));
            schedule.at(
                    at,
                    () -> List.of(agencies.attendance(
                            child, cohort.authority(), CareSetting.EMERGENCY_DEPARTMENT, reason, at)));
        }
        long afterwards = found + DAY_MS * (2 + random.nextInt(9));
        Optional<String> school = population.schoolOf(child, day(afterwards));
        if (school.isPresent() && random.nextDouble() < SCHOOL_CONCERN) {
            SchoolConcernCategory category = SCHOOL.get(random.nextInt(SCHOOL.size()));
            schedule.at(afterwards, () -> List.of(agencies.schoolConcern(child, school.get(), category, afterwards)));
        }
        // from the second episode on, now and then an assessment names what the partners see
        if (number > 1 && random.nextDouble() < ASSESSED) {
            long at = found + DAY_MS * (3 + random.nextInt(12));
            schedule.at(
                    at,
                    () -> List.of(agencies.referral(
                            child,
                            Agency.POLICE,
                            List.of(AssessmentFactor.CHILD_CRIMINAL_EXPLOITATION, AssessmentFactor.GOING_MISSING),
                            ReferralOutcome.ASSESSMENT,
                            at)));
        }
    }

    private static LocalDate day(long at) {
        return Instant.ofEpochMilli(at).atZone(ZoneOffset.UTC).toLocalDate();
    }
}
