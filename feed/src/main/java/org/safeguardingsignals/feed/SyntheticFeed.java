package org.safeguardingsignals.feed;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.IntPredicate;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.AssessmentFactor;
import org.safeguardingsignals.events.CareSetting;
import org.safeguardingsignals.events.ChildStatusChange;
import org.safeguardingsignals.events.DashRiskLevel;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.HealthService;
import org.safeguardingsignals.events.LinkedChild;
import org.safeguardingsignals.events.OffenceGroup;
import org.safeguardingsignals.events.ParentHealthCategory;
import org.safeguardingsignals.events.ParentHealthEvent;
import org.safeguardingsignals.events.PoliceContactType;
import org.safeguardingsignals.events.PresentingReason;
import org.safeguardingsignals.events.ReferralOutcome;
import org.safeguardingsignals.events.SchoolConcernCategory;
import org.safeguardingsignals.events.SchoolRollEntry;
import org.safeguardingsignals.events.StatusChangeType;
import org.safeguardingsignals.topics.Topics;

/**
 * The partner agencies, played: an endless, time-ordered, reproducible stream of events about a {@link Population},
 * at the rates of {@link Calibration}. Risk events fall mostly (85%; missing reports 67%) on the households or children
 * that carry that risk, so a share of children build up a toxic-trio picture or a run of missing episodes, as in life;
 * referrals fall as much on the children of those households, so about a fifth are re-referrals, as nationally; and a
 * few small {@link Cohorts} of children go missing together and show the signs of exploitation. About one risk event
 * in 2,000 is taken back later by its agency ({@link Corrections}: retractions, a mix of reasons). docs/ARCHITECTURE.md
 * "Synthetic feed calibration" compares what it plays with the published figures.
 *
 * <p>Its parts: the {@link Schedule} of what is still to happen, the {@link Agencies}' records, {@link Areas} where
 * children live and are found, {@link MissingEpisodes} and the {@link Cohorts}. All draw on one random source seeded
 * from the settings, in the order the schedule plays them, so the same seed gives the same events; the
 * {@link Corrections} on one of their own, seeded from the same setting.
 */
public final class SyntheticFeed implements Iterator<Publication> {
    private static final double TARGETED = 0.85;

    private final Population population;
    private final Random random;
    private final Schedule schedule;
    private final Agencies agencies;
    private final MissingEpisodes missing;
    private final Cohorts cohorts;
    private final Corrections corrections;
    private final List<Publication> ready = new ArrayList<>();
    /** Children whose school roll entry the feed has sent. */
    private final BitSet onRoll = new BitSet();
    /** Children whose plan or looked-after start the feed has sent. */
    private final BitSet withStatus = new BitSet();

    public SyntheticFeed(FeedSettings settings) {
        this.population = new Population(settings);
        this.random = new Random(settings.seed());
        this.schedule = new Schedule(random);
        this.agencies = new Agencies(population, random, schedule);
        Areas areas = new Areas(population);
        this.missing = new MissingEpisodes(population, areas, agencies, schedule, random);
        this.cohorts = new Cohorts(population, areas, agencies, missing, schedule, random);
        this.corrections = new Corrections(settings.seed(), schedule);
        long t0 = settings.start().toEpochMilli();
        double per10k = population.children() / 10_000.0;
        schedule.process(t0, Calibration.DOMESTIC_ABUSE_INCIDENTS * per10k, this::domesticAbuse);
        schedule.process(t0, Calibration.PARENT_HEALTH_EVENTS * per10k, this::parentHealth);
        schedule.process(t0, Calibration.REFERRALS * per10k, this::referral);
        schedule.process(t0, Calibration.SCHOOL_CONCERNS * per10k, this::schoolConcern);
        schedule.process(t0, Calibration.MISSING_INCIDENTS * per10k, this::missingEpisode);
        schedule.process(t0, Calibration.UNSCHEDULED_CARE * per10k, this::unscheduledCare);
        schedule.process(t0, Calibration.CHILD_POLICE_CONTACTS * per10k, this::policeContact);
        cohorts.start(t0);
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public Publication next() {
        while (ready.isEmpty()) {
            ready.addAll(schedule.next());
        }
        Publication p = ready.remove(0);
        corrections.consider(p);
        return p;
    }

    /** When the next event happens. */
    public Instant peekTime() {
        return ready.isEmpty()
                ? Instant.ofEpochMilli(schedule.peek())
                : ready.get(0).occurredAt();
    }

    /** The next {@code n} events. */
    public List<Publication> take(int n) {
        List<Publication> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    /** The cohorts formed so far (the latest thousand), for tests. */
    List<Cohorts.Cohort> cohorts() {
        return cohorts.recent();
    }

    private List<Publication> domesticAbuse(long at) {
        int household = household(population::domesticAbuse);
        int first = population.childrenOf(household).get(0);
        String la = population.authorityOf(first);
        List<Publication> rolls = new ArrayList<>();
        for (int child : population.childrenOf(household)) {
            rollEntry(child, at).ifPresent(rolls::add);
        }
        if (!rolls.isEmpty()) { // the school's roll first; the incident an hour later, as if it came after the roll
            long later = at + Duration.ofHours(1).toMillis();
            schedule.at(later, () -> incident(household, la, later));
            return rolls;
        }
        return incident(household, la, at);
    }

    private List<Publication> incident(int household, String la, long at) {
        String ref = "INC-" + schedule.reference();
        DomesticAbuseIncident e = DomesticAbuseIncident.newBuilder()
                .setHeader(agencies.header(Agency.POLICE, Agencies.FORCE, la, at))
                .setIncidentReference(ref)
                .setChildren(population.childrenOf(household).stream()
                        .map(c -> new LinkedChild(population.ref(c), random.nextBoolean()))
                        .toList())
                .setDashRiskLevel(DashRiskLevel.values()[random.nextInt(3)])
                .setPoliceAttended(random.nextDouble() < 0.8)
                .build();
        return List.of(new Publication(Topics.DOMESTIC_ABUSE_INCIDENTS, ref, e, Instant.ofEpochMilli(at)));
    }

    /**
     * The school's roll entry of a child the feed has not yet put on a roll, when an event first needs it (the roll
     * of every child up front would be most of the feed); none for a child on no roll.
     */
    private Optional<Publication> rollEntry(int child, long at) {
        LocalDate day = Instant.ofEpochMilli(at).atZone(ZoneOffset.UTC).toLocalDate();
        Optional<String> school = population.schoolOf(child, day);
        if (school.isEmpty() || onRoll.get(child)) {
            return Optional.empty();
        }
        onRoll.set(child);
        LocalDate september = LocalDate.of(day.getMonthValue() >= 9 ? day.getYear() : day.getYear() - 1, 9, 3);
        SchoolRollEntry entry = SchoolRollEntry.newBuilder()
                .setHeader(agencies.header(Agency.SCHOOL, school.get(), population.authorityOf(child), at))
                .setChild(population.ref(child))
                .setSchoolUrn(school.get())
                .setStartDate(september)
                .build();
        return Optional.of(new Publication(
                Topics.SCHOOL_ROLL, entry.getHeader().getEventId().toString(), entry, Instant.ofEpochMilli(at)));
    }

    /**
     * A child brought to unscheduled care; one in twenty attendances is of a child on a plan or looked after (more
     * than their share of children, as such children attend more often), whose status children's services sent an
     * hour before the first.
     */
    private List<Publication> unscheduledCare(long at) {
        int child = random.nextDouble() < 0.05
                ? pick(c -> population.onProtectionPlan(c) || population.lookedAfter(c), population.children())
                : random.nextInt(population.children());
        String la = missing.livesIn(child);
        if ((population.onProtectionPlan(child) || population.lookedAfter(child)) && !withStatus.get(child)) {
            withStatus.set(child);
            long later = at + Duration.ofHours(1).toMillis();
            schedule.at(later, () -> List.of(attendance(child, la, later)));
            String placing = population.authorityOf(child);
            ChildStatusChange.Builder change = ChildStatusChange.newBuilder()
                    .setHeader(agencies.header(Agency.CHILDRENS_SERVICES, placing, placing, at))
                    .setChild(population.ref(child));
            if (population.lookedAfter(child)) {
                change.setChange(StatusChangeType.LOOKED_AFTER_START)
                        .setPlacingAuthority(placing)
                        .setHostAuthority(population.hostAuthorityOf(child));
            } else {
                change.setChange(StatusChangeType.CHILD_PROTECTION_PLAN_START);
            }
            ChildStatusChange status = change.build();
            return List.of(new Publication(
                    Topics.STATUS_CHANGES,
                    status.getHeader().getEventId().toString(),
                    status,
                    Instant.ofEpochMilli(at)));
        }
        return List.of(attendance(child, la, at));
    }

    private Publication attendance(int child, String la, long at) {
        CareSetting setting =
                random.nextDouble() < 0.8 ? CareSetting.EMERGENCY_DEPARTMENT : CareSetting.URGENT_TREATMENT_CENTRE;
        return agencies.attendance(child, la, setting, reason(child), at);
    }

    private List<Publication> parentHealth(long at) {
        boolean mental = random.nextDouble() < 0.5;
        int household = household(mental ? population::mentalHealth : population::substanceMisuse);
        ParentHealthCategory category = mental
                ? ParentHealthCategory.MENTAL_HEALTH
                : random.nextBoolean() ? ParentHealthCategory.ALCOHOL_MISUSE : ParentHealthCategory.DRUG_MISUSE;
        String la = population.authorityOf(population.childrenOf(household).get(0));
        String ref = "HLT-" + schedule.reference();
        ParentHealthEvent e = ParentHealthEvent.newBuilder()
                .setHeader(agencies.header(Agency.HEALTH, Agencies.TRUST, la, at))
                .setEventReference(ref)
                .setCategory(category)
                .setService(mental ? HealthService.CRISIS_TEAM : HealthService.SUBSTANCE_MISUSE_TREATMENT_ENTRY)
                .setChildrenInHousehold(population.childrenOf(household).stream()
                        .map(population::ref)
                        .toList())
                .build();
        return List.of(new Publication(Topics.PARENT_HEALTH_EVENTS, ref, e, Instant.ofEpochMilli(at)));
    }

    /**
     * A referral, 85% of them of a child in a household with one of the three factors or who goes missing repeatedly:
     * children are referred again, as their families' difficulties recur (22% of referrals are re-referrals).
     */
    private List<Publication> referral(long at) {
        int child = random.nextDouble() < TARGETED
                ? pick(
                        c -> population.anyFactor(population.householdOf(c)) || population.missingProne(c),
                        population.children())
                : random.nextInt(population.children());
        int household = population.householdOf(child);
        List<AssessmentFactor> factors = new ArrayList<>();
        if (population.domesticAbuse(household) && random.nextBoolean()) {
            factors.add(AssessmentFactor.DOMESTIC_ABUSE_PARENT);
        }
        if (population.mentalHealth(household) && random.nextBoolean()) {
            factors.add(AssessmentFactor.MENTAL_HEALTH_PARENT);
        }
        if (population.substanceMisuse(household) && random.nextBoolean()) {
            factors.add(AssessmentFactor.DRUG_MISUSE_PARENT);
        }
        Agency source = Agency.values()[random.nextInt(4)];
        ReferralOutcome outcome = ReferralOutcome.values()[random.nextInt(6)];
        return List.of(agencies.referral(child, source, factors, outcome, at));
    }

    private List<Publication> schoolConcern(long at) {
        // a third fall on children who go missing repeatedly: absence and exclusion travel with exploitation
        int child = random.nextDouble() < 0.3
                ? pick(population::missingProne, population.children())
                : random.nextInt(population.children());
        SchoolConcernCategory category = SchoolConcernCategory.values()[random.nextInt(4)];
        return List.of(agencies.schoolConcern(child, "137283", category, at));
    }

    /**
     * A child reported missing on their own: 67% of reports are of a child who goes missing repeatedly
     * ({@link Calibration#MISSING_REPORTS_OF_REPEATERS}).
     */
    private List<Publication> missingEpisode(long at) {
        int child = random.nextDouble() < Calibration.MISSING_REPORTS_OF_REPEATERS
                ? pick(population::missingProne, population.children())
                : random.nextInt(population.children());
        return List.of(missing.alone(child, at));
    }

    /** Why a child attends: a child who goes missing repeatedly comes, one time in three, with a sign of exploitation. */
    private PresentingReason reason(int child) {
        if (population.missingProne(child) && random.nextDouble() < 1.0 / 3) {
            return EXPLOITATION_SIGNS.get(random.nextInt(EXPLOITATION_SIGNS.size()));
        }
        return random.nextDouble() < 0.3 ? PresentingReason.INJURY : PresentingReason.ILLNESS;
    }

    private static final List<PresentingReason> EXPLOITATION_SIGNS = List.of(
            PresentingReason.ASSAULT,
            PresentingReason.WOUND,
            PresentingReason.INTOXICATION,
            PresentingReason.OVERDOSE,
            PresentingReason.SELF_HARM);

    /** A child's contact with police, seven in ten of a child who goes missing repeatedly. */
    private List<Publication> policeContact(long at) {
        int child = random.nextDouble() < 0.7
                ? pick(population::missingProne, population.children())
                : random.nextInt(population.children());
        PoliceContactType type = CONTACT_TYPES.get(random.nextInt(CONTACT_TYPES.size()));
        OffenceGroup offence =
                type == PoliceContactType.FOUND_IN_LOCATION_OF_CONCERN || type == PoliceContactType.NRM_REFERRAL
                        ? OffenceGroup.NONE
                        : OFFENCE_GROUPS.get(random.nextInt(OFFENCE_GROUPS.size()));
        return List.of(agencies.policeContact(child, Agencies.FORCE, type, offence, at));
    }

    /** Stops and arrests mostly; NRM referrals rarely. */
    private static final List<PoliceContactType> CONTACT_TYPES = List.of(
            PoliceContactType.STOP_AND_SEARCH,
            PoliceContactType.STOP_AND_SEARCH,
            PoliceContactType.STOP_AND_SEARCH,
            PoliceContactType.ARREST,
            PoliceContactType.ARREST,
            PoliceContactType.FOUND_IN_LOCATION_OF_CONCERN,
            PoliceContactType.VICTIM_OF_VIOLENCE,
            PoliceContactType.NRM_REFERRAL);

    private static final List<OffenceGroup> OFFENCE_GROUPS = List.of(
            OffenceGroup.DRUG_SUPPLY,
            OffenceGroup.DRUG_POSSESSION,
            OffenceGroup.WEAPON_POSSESSION,
            OffenceGroup.ROBBERY,
            OffenceGroup.THEFT,
            OffenceGroup.VIOLENCE_AGAINST_THE_PERSON);

    private int household(IntPredicate risk) {
        return random.nextDouble() < TARGETED
                ? pick(risk, population.households())
                : random.nextInt(population.households());
    }

    /** A random index with the trait (bounded tries; a population with none of it gives a random index). */
    private int pick(IntPredicate trait, int bound) {
        for (int i = 0; i < 10_000; i++) {
            int candidate = random.nextInt(bound);
            if (trait.test(candidate)) {
                return candidate;
            }
        }
        return random.nextInt(bound);
    }
}
