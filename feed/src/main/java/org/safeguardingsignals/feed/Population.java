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

    public boolean domesticAbuse(int household) {
        return chance(household, 1, settings.domesticAbuseShare());
    }

    public boolean mentalHealth(int household) {
        return chance(household, 2, settings.mentalHealthShare());
    }

    public boolean substanceMisuse(int household) {
        return chance(household, 3, settings.substanceShare());
    }

    public boolean missingProne(int child) {
        return chance(child, 4, settings.missingProneShare());
    }

    /** About half of the children who go missing repeatedly are looked after (240 of 500 incidents a day). */
    public boolean lookedAfter(int child) {
        return missingProne(child) && chance(child, 5, 0.5);
    }

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
