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
import java.util.PriorityQueue;
import java.util.Random;
import java.util.UUID;
import java.util.function.IntPredicate;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.safeguardingsignals.agency.Events;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.AssessmentFactor;
import org.safeguardingsignals.events.CareSetting;
import org.safeguardingsignals.events.ChildPoliceContact;
import org.safeguardingsignals.events.ChildStatusChange;
import org.safeguardingsignals.events.DashRiskLevel;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.EventHeader;
import org.safeguardingsignals.events.HealthService;
import org.safeguardingsignals.events.LinkedChild;
import org.safeguardingsignals.events.MissingEpisode;
import org.safeguardingsignals.events.MissingType;
import org.safeguardingsignals.events.OffenceGroup;
import org.safeguardingsignals.events.ParentHealthCategory;
import org.safeguardingsignals.events.ParentHealthEvent;
import org.safeguardingsignals.events.PoliceContactType;
import org.safeguardingsignals.events.PoliceRiskGrade;
import org.safeguardingsignals.events.PresentingReason;
import org.safeguardingsignals.events.Referral;
import org.safeguardingsignals.events.ReferralOutcome;
import org.safeguardingsignals.events.ReturnInterviewEvent;
import org.safeguardingsignals.events.ReturnInterviewStatus;
import org.safeguardingsignals.events.SchoolConcern;
import org.safeguardingsignals.events.SchoolConcernCategory;
import org.safeguardingsignals.events.SchoolRollEntry;
import org.safeguardingsignals.events.StatusChangeType;
import org.safeguardingsignals.events.UnscheduledCareAttendance;
import org.safeguardingsignals.topics.Topics;

/**
 * The partner agencies, played: an endless, time-ordered, reproducible stream of events about a {@link Population},
 * at the rates of {@link Calibration}. Risk events fall mostly (85%) on the households that carry that risk, so a
 * share of children build up a toxic-trio picture or a run of missing episodes, as in life.
 */
public final class SyntheticFeed implements Iterator<Publication> {
    private static final double TARGETED = 0.85;
    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    private final Population population;
    private final Random random;
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>();
    private long sequence;

    private record Scheduled(long at, long seq, Supplier<List<Publication>> make) implements Comparable<Scheduled> {
        public int compareTo(Scheduled o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
        }
    }

    private final List<Publication> ready = new ArrayList<>();
    /** Children whose school roll entry, or whose plan or looked-after start, the feed has sent. */
    private final BitSet onRoll = new BitSet();

    private final BitSet withStatus = new BitSet();

    public SyntheticFeed(FeedSettings settings) {
        this.population = new Population(settings);
        this.random = new Random(settings.seed());
        long t0 = settings.start().toEpochMilli();
        double per10k = population.children() / 10_000.0;
        process(t0, Calibration.DOMESTIC_ABUSE_INCIDENTS * per10k, this::domesticAbuse);
        process(t0, Calibration.PARENT_HEALTH_EVENTS * per10k, this::parentHealth);
        process(t0, Calibration.REFERRALS * per10k, this::referral);
        process(t0, Calibration.SCHOOL_CONCERNS * per10k, this::schoolConcern);
        process(t0, Calibration.MISSING_INCIDENTS * per10k, this::missingEpisode);
        process(t0, Calibration.UNSCHEDULED_CARE * per10k, this::unscheduledCare);
        process(t0, Calibration.CHILD_POLICE_CONTACTS * per10k, this::policeContact);
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public Publication next() {
        while (ready.isEmpty()) {
            ready.addAll(queue.poll().make().get());
        }
        return ready.remove(0);
    }

    /** When the next event happens. */
    public Instant peekTime() {
        return ready.isEmpty()
                ? Instant.ofEpochMilli(queue.peek().at())
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

    /** A Poisson process of {@code perDay} events a day: each arrival makes its event and schedules the next. */
    private void process(long from, double perDay, LongFunction<List<Publication>> event) {
        if (perDay <= 0) {
            return;
        }
        long at = from + exponential(DAY_MS / perDay);
        schedule(at, () -> {
            process(at, perDay, event);
            return event.apply(at);
        });
    }

    private void schedule(long at, Supplier<List<Publication>> make) {
        queue.add(new Scheduled(at, sequence++, make));
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
            schedule(later, () -> incident(household, la, later));
            return rolls;
        }
        return incident(household, la, at);
    }

    private List<Publication> incident(int household, String la, long at) {
        List<Publication> out = new ArrayList<>();
        String ref = "INC-" + sequence;
        DomesticAbuseIncident e = DomesticAbuseIncident.newBuilder()
                .setHeader(header(Agency.POLICE, "01", la, at))
                .setIncidentReference(ref)
                .setChildren(population.childrenOf(household).stream()
                        .map(c -> new LinkedChild(population.ref(c), random.nextBoolean()))
                        .toList())
                .setDashRiskLevel(DashRiskLevel.values()[random.nextInt(3)])
                .setPoliceAttended(random.nextDouble() < 0.8)
                .build();
        out.add(new Publication(Topics.DOMESTIC_ABUSE_INCIDENTS, ref, e, Instant.ofEpochMilli(at)));
        return out;
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
        long when = at;
        LocalDate september = LocalDate.of(day.getMonthValue() >= 9 ? day.getYear() : day.getYear() - 1, 9, 3);
        SchoolRollEntry entry = SchoolRollEntry.newBuilder()
                .setHeader(header(Agency.SCHOOL, school.get(), population.authorityOf(child), when))
                .setChild(population.ref(child))
                .setSchoolUrn(school.get())
                .setStartDate(september)
                .build();
        return Optional.of(new Publication(
                Topics.SCHOOL_ROLL, entry.getHeader().getEventId().toString(), entry, Instant.ofEpochMilli(when)));
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
        String la = population.lookedAfter(child) ? population.hostAuthorityOf(child) : population.authorityOf(child);
        List<Publication> out = new ArrayList<>();
        if ((population.onProtectionPlan(child) || population.lookedAfter(child)) && !withStatus.get(child)) {
            withStatus.set(child);
            long when = at;
            long later = at + Duration.ofHours(1).toMillis();
            schedule(later, () -> attendance(child, la, later));
            String placing = population.authorityOf(child);
            ChildStatusChange.Builder change = ChildStatusChange.newBuilder()
                    .setHeader(header(Agency.CHILDRENS_SERVICES, placing, placing, when))
                    .setChild(population.ref(child));
            if (population.lookedAfter(child)) {
                change.setChange(StatusChangeType.LOOKED_AFTER_START)
                        .setPlacingAuthority(placing)
                        .setHostAuthority(population.hostAuthorityOf(child));
            } else {
                change.setChange(StatusChangeType.CHILD_PROTECTION_PLAN_START);
            }
            ChildStatusChange status = change.build();
            out.add(new Publication(
                    Topics.STATUS_CHANGES,
                    status.getHeader().getEventId().toString(),
                    status,
                    Instant.ofEpochMilli(when)));
            return out;
        }
        return attendance(child, la, at);
    }

    private List<Publication> attendance(int child, String la, long at) {
        List<Publication> out = new ArrayList<>();
        String ref = "ED-" + sequence;
        UnscheduledCareAttendance e = UnscheduledCareAttendance.newBuilder()
                .setHeader(header(Agency.HEALTH, "RJ1", la, at))
                .setAttendanceReference(ref)
                .setChild(population.ref(child))
                .setSetting(
                        random.nextDouble() < 0.8
                                ? CareSetting.EMERGENCY_DEPARTMENT
                                : CareSetting.URGENT_TREATMENT_CENTRE)
                .setPresentingReason(reason(child))
                .build();
        out.add(new Publication(Topics.UNSCHEDULED_CARE, ref, e, Instant.ofEpochMilli(at)));
        return out;
    }

    private List<Publication> parentHealth(long at) {
        boolean mental = random.nextDouble() < 0.5;
        int household = household(mental ? population::mentalHealth : population::substanceMisuse);
        ParentHealthCategory category = mental
                ? ParentHealthCategory.MENTAL_HEALTH
                : random.nextBoolean() ? ParentHealthCategory.ALCOHOL_MISUSE : ParentHealthCategory.DRUG_MISUSE;
        String la = population.authorityOf(population.childrenOf(household).get(0));
        String ref = "HLT-" + sequence;
        ParentHealthEvent e = ParentHealthEvent.newBuilder()
                .setHeader(header(Agency.HEALTH, "RJ1", la, at))
                .setEventReference(ref)
                .setCategory(category)
                .setService(mental ? HealthService.CRISIS_TEAM : HealthService.SUBSTANCE_MISUSE_TREATMENT_ENTRY)
                .setChildrenInHousehold(population.childrenOf(household).stream()
                        .map(population::ref)
                        .toList())
                .build();
        return List.of(new Publication(Topics.PARENT_HEALTH_EVENTS, ref, e, Instant.ofEpochMilli(at)));
    }

    private List<Publication> referral(long at) {
        int child = random.nextInt(population.children());
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
        String la = population.authorityOf(child);
        String ref = "REF-" + sequence;
        Referral e = Referral.newBuilder()
                .setHeader(header(Agency.CHILDRENS_SERVICES, la, la, at))
                .setReferralId(ref)
                .setChild(population.ref(child))
                .setReferralSource(Agency.values()[random.nextInt(4)])
                .setAssessmentFactors(factors)
                .setOutcome(ReferralOutcome.values()[random.nextInt(6)])
                .build();
        return List.of(new Publication(Topics.REFERRALS, ref, e, Instant.ofEpochMilli(at)));
    }

    private List<Publication> schoolConcern(long at) {
        // a third fall on children who go missing repeatedly: absence and exclusion travel with exploitation
        int child = random.nextDouble() < 0.3
                ? pick(population::missingProne, population.children())
                : random.nextInt(population.children());
        String la = population.authorityOf(child);
        String ref = "SCH-" + sequence;
        SchoolConcern e = SchoolConcern.newBuilder()
                .setHeader(header(Agency.SCHOOL, "137283", la, at))
                .setConcernReference(ref)
                .setChild(population.ref(child))
                .setSchoolUrn("137283")
                .setCategory(SchoolConcernCategory.values()[random.nextInt(4)])
                .build();
        return List.of(new Publication(Topics.SCHOOL_CONCERNS, ref, e, Instant.ofEpochMilli(at)));
    }

    private List<Publication> missingEpisode(long at) {
        int child = random.nextDouble() < TARGETED
                ? pick(population::missingProne, population.children())
                : random.nextInt(population.children());
        boolean lookedAfter = population.lookedAfter(child);
        String placing = population.authorityOf(child);
        String host = lookedAfter ? population.hostAuthorityOf(child) : placing;
        String episode = "EP-" + sequence;
        PoliceRiskGrade grade = PoliceRiskGrade.values()[random.nextInt(4)];
        MissingEpisode.Builder b = MissingEpisode.newBuilder()
                .setHeader(header(Agency.POLICE, "01", host, at))
                .setEpisodeId(episode)
                .setChild(population.ref(child))
                .setReportedMissingAt(Instant.ofEpochMilli(at))
                .setMissingType(MissingType.MISSING)
                .setLookedAfter(lookedAfter)
                .setPoliceRiskGrade(grade);
        if (lookedAfter) {
            b.setPlacingAuthority(placing).setHostAuthority(host);
        }
        MissingEpisode reported = b.build();
        long returnedAt = at + Duration.ofHours(1 + random.nextInt(47)).toMillis();
        schedule(returnedAt, () -> {
            MissingEpisode returned = MissingEpisode.newBuilder(reported)
                    .setHeader(header(Agency.POLICE, "01", host, returnedAt))
                    .setReturnedAt(Instant.ofEpochMilli(returnedAt))
                    // one return in seven is found in another force's area (Kent Police, 46)
                    .setFoundForceCode(random.nextDouble() < 1.0 / 7 ? "46" : "01")
                    .build();
            scheduleInterview(child, episode, placing, returnedAt);
            return List.of(
                    new Publication(Topics.MISSING_EPISODES, episode, returned, Instant.ofEpochMilli(returnedAt)));
        });
        return List.of(new Publication(Topics.MISSING_EPISODES, episode, reported, Instant.ofEpochMilli(at)));
    }

    /** 63% within 72 hours (the national figure), 27% later, 10% never. */
    private void scheduleInterview(int child, String episode, String la, long returnedAt) {
        double roll = random.nextDouble();
        if (roll >= 0.9) {
            return;
        }
        long hours = roll < Calibration.INTERVIEWS_WITHIN_72_HOURS ? 4 + random.nextInt(67) : 73 + random.nextInt(120);
        long at = returnedAt + Duration.ofHours(hours).toMillis();
        schedule(
                at,
                () -> List.of(new Publication(
                        Topics.RETURN_INTERVIEWS,
                        episode,
                        ReturnInterviewEvent.newBuilder()
                                .setHeader(header(Agency.CHILDRENS_SERVICES, la, la, at))
                                .setEpisodeId(episode)
                                .setChild(population.ref(child))
                                .setStatus(ReturnInterviewStatus.COMPLETED)
                                .build(),
                        Instant.ofEpochMilli(at))));
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
        String ref = "PC-" + sequence;
        PoliceContactType type = CONTACT_TYPES.get(random.nextInt(CONTACT_TYPES.size()));
        ChildPoliceContact e = ChildPoliceContact.newBuilder()
                .setHeader(header(Agency.POLICE, "01", population.authorityOf(child), at))
                .setContactReference(ref)
                .setChild(population.ref(child))
                .setContactType(type)
                .setOffenceGroup(
                        type == PoliceContactType.FOUND_IN_LOCATION_OF_CONCERN || type == PoliceContactType.NRM_REFERRAL
                                ? OffenceGroup.NONE
                                : OFFENCE_GROUPS.get(random.nextInt(OFFENCE_GROUPS.size())))
                .build();
        return List.of(new Publication(Topics.CHILD_POLICE_CONTACTS, ref, e, Instant.ofEpochMilli(at)));
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

    private EventHeader header(Agency agency, String org, String la, long at) {
        Instant when = Instant.ofEpochMilli(at);
        return Events.header(
                new UUID(random.nextLong(), random.nextLong()),
                agency,
                org,
                la,
                when,
                when.plus(Duration.ofMinutes(random.nextInt(120))));
    }

    private long exponential(double mean) {
        return Math.max(1, (long) (-mean * Math.log(1 - random.nextDouble())));
    }
}
