package org.safeguardingsignals.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.safeguardingsignals.agency.Events;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.AssessmentFactor;
import org.safeguardingsignals.events.CareSetting;
import org.safeguardingsignals.events.ChildPoliceContact;
import org.safeguardingsignals.events.EventHeader;
import org.safeguardingsignals.events.OffenceGroup;
import org.safeguardingsignals.events.PoliceContactType;
import org.safeguardingsignals.events.PresentingReason;
import org.safeguardingsignals.events.Referral;
import org.safeguardingsignals.events.ReferralOutcome;
import org.safeguardingsignals.events.SchoolConcern;
import org.safeguardingsignals.events.SchoolConcernCategory;
import org.safeguardingsignals.events.UnscheduledCareAttendance;
import org.safeguardingsignals.topics.Topics;

/**
 * What the partner agencies send about one child, made from what the feed decided (who, what, when): each with its
 * header (a random event id, recorded up to two hours later) and the agency's own reference.
 */
final class Agencies {
    /** The police force of every police record of the feed (Metropolitan Police). */
    static final String FORCE = "01";
    /** The force in whose area children are found when found out of force (Kent Police). */
    static final String OTHER_FORCE = "46";
    /** The NHS trust of the feed's health records. */
    static final String TRUST = "RJ1";

    private final Population population;
    private final Random random;
    private final Schedule schedule;

    Agencies(Population population, Random random, Schedule schedule) {
        this.population = population;
        this.random = random;
        this.schedule = schedule;
    }

    EventHeader header(Agency agency, String org, String la, long at) {
        Instant when = Instant.ofEpochMilli(at);
        return Events.header(
                new UUID(random.nextLong(), random.nextLong()),
                agency,
                org,
                la,
                when,
                when.plus(Duration.ofMinutes(random.nextInt(120))));
    }

    /** A child's contact with the police of {@code force}, in the authority where the child lives. */
    Publication policeContact(int child, String force, PoliceContactType type, OffenceGroup offence, long at) {
        String ref = "PC-" + schedule.reference();
        ChildPoliceContact e = ChildPoliceContact.newBuilder()
                .setHeader(header(Agency.POLICE, force, population.authorityOf(child), at))
                .setContactReference(ref)
                .setChild(population.ref(child))
                .setContactType(type)
                .setOffenceGroup(offence)
                .build();
        return new Publication(Topics.CHILD_POLICE_CONTACTS, ref, e, Instant.ofEpochMilli(at));
    }

    Publication attendance(int child, String la, CareSetting setting, PresentingReason reason, long at) {
        String ref = "ED-" + schedule.reference();
        UnscheduledCareAttendance e = UnscheduledCareAttendance.newBuilder()
                .setHeader(header(Agency.HEALTH, TRUST, la, at))
                .setAttendanceReference(ref)
                .setChild(population.ref(child))
                .setSetting(setting)
                .setPresentingReason(reason)
                .build();
        return new Publication(Topics.UNSCHEDULED_CARE, ref, e, Instant.ofEpochMilli(at));
    }

    /** A school's concern, with the school's URN as its organisation code. */
    Publication schoolConcern(int child, String urn, SchoolConcernCategory category, long at) {
        String ref = "SCH-" + schedule.reference();
        SchoolConcern e = SchoolConcern.newBuilder()
                .setHeader(header(Agency.SCHOOL, urn, population.authorityOf(child), at))
                .setConcernReference(ref)
                .setChild(population.ref(child))
                .setSchoolUrn(urn)
                .setCategory(category)
                .build();
        return new Publication(Topics.SCHOOL_CONCERNS, ref, e, Instant.ofEpochMilli(at));
    }

    /** A referral to the children's services of the child's authority. */
    Publication referral(int child, Agency source, List<AssessmentFactor> factors, ReferralOutcome outcome, long at) {
        String la = population.authorityOf(child);
        String ref = "REF-" + schedule.reference();
        Referral e = Referral.newBuilder()
                .setHeader(header(Agency.CHILDRENS_SERVICES, la, la, at))
                .setReferralId(ref)
                .setChild(population.ref(child))
                .setReferralSource(source)
                .setAssessmentFactors(factors)
                .setOutcome(outcome)
                .build();
        return new Publication(Topics.REFERRALS, ref, e, Instant.ofEpochMilli(at));
    }
}
