package org.safeguardingsignals.feed;

import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Optional;
import org.safeguardingsignals.events.IdentifierSystem;
import org.safeguardingsignals.events.LocalIdentifier;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.identifiers.NhsNumber;

/**
 * A seeded population, derived on demand from the child's index: nothing per child is held in memory, so all of
 * England (12 million children) costs no more than one authority. Children come in households of two; each
 * household's risk factors and each child's traits are fixed by the seed.
 */
public final class Population {
    private final FeedSettings settings;

    public Population(FeedSettings settings) {
        this.settings = settings;
    }

    public int children() {
        return settings.children();
    }

    public int households() {
        return (children() + 1) / 2;
    }

    public List<Integer> childrenOf(int household) {
        int first = household * 2;
        return first + 1 < children() ? List.of(first, first + 1) : List.of(first);
    }

    public int householdOf(int child) {
        return child / 2;
    }

    public String authorityOf(int child) {
        return settings.authorities().get(authorityIndexOf(child));
    }

    /** The position of the child's authority in {@link FeedSettings#authorities()}. */
    int authorityIndexOf(int child) {
        return Math.min(
                child / settings.childrenPerAuthority(), settings.authorities().size() - 1);
    }

    /** The children of the authority at this position, as a range of indices: from (inclusive), to (exclusive). */
    int[] childrenOfAuthority(int authority) {
        int from = authority * settings.childrenPerAuthority();
        return new int[] {from, from + settings.childrenPerAuthority()};
    }

    /** The authorities simulated, by GSS code. */
    List<String> authorities() {
        return settings.authorities();
    }

    /** Children in each authority. */
    int childrenPerAuthority() {
        return settings.childrenPerAuthority();
    }

    /** Born between 2010 and 2025, fixed by the seed. */
    public LocalDate dateOfBirth(int child) {
        return LocalDate.of(2010, 1, 1).plusDays(mix(child, 7) % 5_800);
    }

    /** The child's age in whole years on {@code day}. */
    public int ageOn(int child, LocalDate day) {
        return Period.between(dateOfBirth(child), day).getYears();
    }

    /**
     * A household where all three toxic-trio factors meet ({@link Calibration#ALL_THREE} of households, as the published
     * 3.6% of children): the factors cluster, so these are a large part of the households with each.
     */
    public boolean allThree(int household) {
        return chance(household, 12, Calibration.ALL_THREE);
    }

    /** A household where domestic abuse recurs: those with all three, and a share of the others. */
    public boolean domesticAbuse(int household) {
        return allThree(household) || chance(household, 1, settings.domesticAbuseShare());
    }

    /** A household with a parent with mental ill health: those with all three, and a share of the others. */
    public boolean mentalHealth(int household) {
        return allThree(household) || chance(household, 2, settings.mentalHealthShare());
    }

    /** A household with parental alcohol or drug misuse: those with all three, and a share of the others. */
    public boolean substanceMisuse(int household) {
        return allThree(household) || chance(household, 3, settings.substanceShare());
    }

    /** A household with any of the three factors. */
    public boolean anyFactor(int household) {
        return domesticAbuse(household) || mentalHealth(household) || substanceMisuse(household);
    }

    public boolean missingProne(int child) {
        return chance(child, 4, settings.missingProneShare());
    }

    /**
     * Looked after: of the children who go missing repeatedly, as many as make 48% of missing reports of looked-after
     * children (240 of 500 incidents a day; {@link #LOOKED_AFTER_OF_REPEATERS}); of the others, as many as bring the
     * share of all children to the national one ({@link Calibration#LOOKED_AFTER}).
     */
    public boolean lookedAfter(int child) {
        if (missingProne(child)) {
            return chance(child, 5, LOOKED_AFTER_OF_REPEATERS);
        }
        double others = (Calibration.LOOKED_AFTER - settings.missingProneShare() * LOOKED_AFTER_OF_REPEATERS)
                / (1 - settings.missingProneShare());
        return chance(child, 13, others);
    }

    /**
     * Looked after among the children who go missing repeatedly: their reports
     * ({@link Calibration#MISSING_REPORTS_OF_REPEATERS}) and the few looked-after children among the rest make up the
     * national share of reports of looked-after children ({@link Calibration#LOOKED_AFTER_SHARE_OF_MISSING}): about 71%.
     */
    static final double LOOKED_AFTER_OF_REPEATERS = (Calibration.LOOKED_AFTER_SHARE_OF_MISSING
                    - (1 - Calibration.MISSING_REPORTS_OF_REPEATERS) * Calibration.LOOKED_AFTER)
            / Calibration.MISSING_REPORTS_OF_REPEATERS;

    /** A looked-after child placed out of area lives in another simulated authority (40% of placements). */
    public String hostAuthorityOf(int child) {
        List<String> las = settings.authorities();
        if (las.size() > 1 && chance(child, 6, 0.4)) {
            return las.get((las.indexOf(authorityOf(child)) + 1) % las.size());
        }
        return authorityOf(child);
    }

    /** A child on a child protection plan (the national share), not looked after. */
    public boolean onProtectionPlan(int child) {
        return !lookedAfter(child) && chance(child, 10, Calibration.ON_PROTECTION_PLAN);
    }

    /**
     * The school a child of compulsory school age (5 to 15 on {@code day}) is on the roll of: one of ten per
     * authority, URNs from 100001 (the demo realm's DSL is for 100001); about 2% are on no roll (children missing
     * education, or educated at home). Empty for the others.
     */
    public Optional<String> schoolOf(int child, LocalDate day) {
        int age = ageOn(child, day);
        if (age < 5 || age > 15 || chance(child, 9, 0.02)) {
            return Optional.empty();
        }
        int authority = authorityIndexOf(child);
        return Optional.of(Integer.toString(100_001 + authority * 10 + (int) (mix(child, 11) % 10)));
    }

    /**
     * The child as an agency refers to them: an NHS number, or (for a few) only a local identifier; and the household's
     * reference, so that brothers and sisters are shown together on the MASH worklist.
     */
    public PersonRef ref(int child) {
        PersonRef.Builder b = PersonRef.newBuilder()
                .setDateOfBirth(dateOfBirth(child))
                .setHouseholdReference("HH-" + householdOf(child));
        Optional<String> nhs = chance(child, 8, settings.unknownNhsShare()) ? Optional.empty() : nhsNumber(child);
        if (nhs.isPresent()) {
            b.setNhsNumber(nhs.get());
        } else {
            b.setLocalIdentifiers(List.of(new LocalIdentifier(IdentifierSystem.POLICE_PERSON_ID, "P" + child)));
        }
        return b.build();
    }

    /** A distinct valid NHS number per child (two candidate prefixes; about 1 in 121 has neither and is unknown). */
    public Optional<String> nhsNumber(int child) {
        long base = 400_000_000L + (Math.floorMod(settings.seed(), 50L) * 10_000_000L) + 2L * child;
        return NhsNumber.withCheckDigit(Long.toString(base))
                .or(() -> NhsNumber.withCheckDigit(Long.toString(base + 1)));
    }

    boolean chance(int index, int salt, double share) {
        return (mix(index, salt) % 1_000_000) < share * 1_000_000;
    }

    /** A stable pseudo-random number for (seed, index, salt): SplitMix64's finaliser. */
    long mix(int index, int salt) {
        long z = settings.seed() * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + salt * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }
}
