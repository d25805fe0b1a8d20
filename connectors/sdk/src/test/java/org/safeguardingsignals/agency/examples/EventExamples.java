package org.safeguardingsignals.agency.examples;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.safeguardingsignals.agency.Events;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.AssessmentFactor;
import org.safeguardingsignals.events.CareSetting;
import org.safeguardingsignals.events.ChildPoliceContact;
import org.safeguardingsignals.events.ChildStatusChange;
import org.safeguardingsignals.events.DashRiskLevel;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.HealthService;
import org.safeguardingsignals.events.IdentifierSystem;
import org.safeguardingsignals.events.LinkedChild;
import org.safeguardingsignals.events.MissingEpisode;
import org.safeguardingsignals.events.OffenceGroup;
import org.safeguardingsignals.events.ParentHealthCategory;
import org.safeguardingsignals.events.ParentHealthEvent;
import org.safeguardingsignals.events.PoliceContactType;
import org.safeguardingsignals.events.PoliceRiskGrade;
import org.safeguardingsignals.events.Referral;
import org.safeguardingsignals.events.ReferralOutcome;
import org.safeguardingsignals.events.Retraction;
import org.safeguardingsignals.events.RetractionReason;
import org.safeguardingsignals.events.ReturnInterviewEvent;
import org.safeguardingsignals.events.ReturnInterviewStatus;
import org.safeguardingsignals.events.SchoolConcern;
import org.safeguardingsignals.events.SchoolConcernCategory;
import org.safeguardingsignals.events.SchoolRollEntry;
import org.safeguardingsignals.events.StatusChangeType;
import org.safeguardingsignals.events.UnscheduledCareAttendance;

/**
 * One event of each input type, built as docs/PUBLISHING.md shows them: the text between {@code tag::} and
 * {@code end::} comments is in the docs word for word ({@code PublishingDocsTest}), and every event here passes the
 * pipeline's own checks.
 */
final class EventExamples {
    private EventExamples() {}

    static DomesticAbuseIncident domesticAbuseIncident(Instant occurredAt) {
        // tag::domestic-abuse-incident[]
        DomesticAbuseIncident incident = Events.domesticAbuseIncident(
                        Events.header(Agency.POLICE, "01", "E09000022", occurredAt))
                .setIncidentReference("MPS-2025-000123")
                .setChildren(List.of(
                        LinkedChild.newBuilder()
                                .setChild(Events.child("9434765919"))
                                .setPresent(true)
                                .build(),
                        LinkedChild.newBuilder()
                                .setChild(Events.child("9434765870"))
                                .setPresent(false) // lives in the household, was not there
                                .build()))
                .setDashRiskLevel(DashRiskLevel.MEDIUM)
                .setPoliceAttended(true)
                .build();
        // end::domestic-abuse-incident[]
        return incident;
    }

    static ParentHealthEvent parentHealthEvent(Instant occurredAt) {
        // tag::parent-health-event[]
        ParentHealthEvent event = Events.parentHealthEvent(Events.header(Agency.HEALTH, "RJ1", "E09000022", occurredAt))
                .setEventReference("RJ1-CRISIS-0042")
                .setCategory(ParentHealthCategory.MENTAL_HEALTH)
                .setService(HealthService.CRISIS_TEAM)
                .setChildrenInHousehold(List.of(Events.child("9434765919")))
                .build();
        // end::parent-health-event[]
        return event;
    }

    static UnscheduledCareAttendance unscheduledCare(Instant occurredAt) {
        // tag::unscheduled-care[]
        UnscheduledCareAttendance attendance = Events.unscheduledCare(
                        Events.header(Agency.HEALTH, "RJ1", "E09000022", occurredAt))
                .setAttendanceReference("RJ1-ED-778812")
                .setChild(Events.child("9434765919"))
                .setSetting(CareSetting.EMERGENCY_DEPARTMENT)
                .build();
        // end::unscheduled-care[]
        return attendance;
    }

    static ChildPoliceContact childPoliceContact(Instant occurredAt) {
        // tag::child-police-contact[]
        ChildPoliceContact contact = Events.childPoliceContact(
                        Events.header(Agency.POLICE, "46", "E10000016", occurredAt))
                .setContactReference("KENT-STOP-2025-3107") // the custody, stop or crime reference
                .setChild(Events.child("9434765919"))
                .setContactType(PoliceContactType.STOP_AND_SEARCH)
                .setOffenceGroup(OffenceGroup.DRUG_SUPPLY)
                .build();
        // end::child-police-contact[]
        return contact;
    }

    static SchoolConcern schoolConcern(Instant occurredAt) {
        // tag::school-concern[]
        SchoolConcern concern = Events.schoolConcern(Events.header(Agency.SCHOOL, "100000", "E09000022", occurredAt))
                .setConcernReference("DSL-2025-017")
                .setChild(Events.child("9434765919"))
                .setSchoolUrn("100000")
                .setCategory(SchoolConcernCategory.DSL_SAFEGUARDING_CONCERN)
                .setFactors(List.of(AssessmentFactor.DOMESTIC_ABUSE_PARENT))
                .build();
        // end::school-concern[]
        return concern;
    }

    static SchoolRollEntry schoolRoll(Instant occurredAt) {
        // tag::school-roll[]
        SchoolRollEntry entry = Events.schoolRoll(Events.header(Agency.SCHOOL, "100000", "E09000022", occurredAt))
                .setChild(Events.child("9434765919"))
                .setSchoolUrn("100000")
                .setStartDate(LocalDate.parse("2024-09-04"))
                .setEndDate(null) // set it, in a new event, when the child leaves the roll
                .build();
        // end::school-roll[]
        return entry;
    }

    static Referral referral(Instant occurredAt) {
        // tag::referral[]
        // children's services: the organisation code is the authority's own GSS code
        Referral referral = Events.referral(
                        Events.header(Agency.CHILDRENS_SERVICES, "E09000022", "E09000022", occurredAt))
                .setReferralId("LAM-REF-0001")
                // the date of birth and the UPN help MASH staff match a child with no usable NHS number
                .setChild(Events.child(
                        "9434765919",
                        LocalDate.parse("2014-05-02"),
                        Events.localId(IdentifierSystem.UPN, "B801200005001")))
                .setReferralSource(Agency.SCHOOL)
                .setAssessmentFactors(
                        List.of(AssessmentFactor.DOMESTIC_ABUSE_PARENT, AssessmentFactor.MENTAL_HEALTH_PARENT))
                .setOutcome(ReferralOutcome.ASSESSMENT)
                .build();
        // end::referral[]
        return referral;
    }

    static ChildStatusChange statusChange(Instant occurredAt) {
        // tag::status-change[]
        ChildStatusChange change = Events.statusChange(
                        Events.header(Agency.CHILDRENS_SERVICES, "E09000022", "E09000022", occurredAt))
                .setChild(Events.child("9434765919"))
                .setChange(StatusChangeType.LOOKED_AFTER_START)
                .setPlacingAuthority("E09000022") // who placed the child
                .setHostAuthority("E10000016") // where the child lives
                .build();
        // end::status-change[]
        return change;
    }

    /** The report and, a day later, the return; the return (every field set) stands for the type. */
    static MissingEpisode missingEpisode(Instant occurredAt) {
        Instant returnedAt = occurredAt.plus(Duration.ofHours(22));
        // tag::missing-episode[]
        MissingEpisode episode = Events.missingEpisode(Events.header(Agency.POLICE, "46", "E10000016", occurredAt))
                .setEpisodeId("KENT-MISS-2025-0091") // the same id on the report and on the return
                .setChild(Events.child("9434765919"))
                .setReportedMissingAt(occurredAt)
                .setReturnedAt(null) // set it, with the header's time, when the child returns (below)
                .setLookedAfter(true)
                .setPlacingAuthority("E09000022")
                .setHostAuthority("E10000016")
                .setPoliceRiskGrade(PoliceRiskGrade.MEDIUM)
                .setMissingFromArea("E01024131") // the placement's 2021 LSOA code, never its address
                .build();

        // the return: the same episode with a new header, and where and with whom the child was found
        MissingEpisode returned = MissingEpisode.newBuilder(episode)
                .setHeader(Events.header(Agency.POLICE, "46", "E10000016", returnedAt))
                .setReturnedAt(returnedAt)
                .setFoundForceCode("01") // found in the Metropolitan Police's area
                .setFoundArea("E01003030") // the LSOA code of where the child was found
                .setFoundWith(Events.children("9434765870")) // the other children found with the child
                .build();
        // end::missing-episode[]
        return returned;
    }

    static ReturnInterviewEvent returnInterview(Instant occurredAt) {
        // tag::return-interview[]
        ReturnInterviewEvent interview = Events.returnInterview(
                        Events.header(Agency.CHILDRENS_SERVICES, "E09000022", "E09000022", occurredAt))
                .setEpisodeId("KENT-MISS-2025-0091") // the episode the interview follows
                .setChild(Events.child("9434765919"))
                .setStatus(ReturnInterviewStatus.COMPLETED)
                .build();
        // end::return-interview[]
        return interview;
    }

    /**
     * The police take back an incident recorded against the wrong children, three days after it happened: by its id,
     * and from the incident itself.
     */
    static List<Retraction> retractions(Instant occurredAt) {
        Instant decidedAt = occurredAt.plus(Duration.ofDays(3));
        DomesticAbuseIncident incident = domesticAbuseIncident(occurredAt);
        // tag::retraction[]
        Retraction retraction = Events.retraction(Events.header(Agency.POLICE, "01", "E09000022", decidedAt))
                // the incident's event id: its receipt's eventId(), or the id your system gave it
                .setRetractedEventId(UUID.fromString("3f2b8c1e-7d4a-3b6e-9c0f-2a5d8e1b4c7a"))
                .setReason(RetractionReason.WRONG_CHILD)
                .setAgencyReference("MPS-CORR-2025-0042") // the force's own reference for the correction
                .setChildren(Events.children("9434765919", "9434765870")) // as the incident named them
                .build();

        // or from the incident as your program built it: the same agency, organisation, authority and children,
        // and the id it was sent with
        Retraction fromTheIncident =
                Events.retractionOf(incident, RetractionReason.WRONG_CHILD, "MPS-CORR-2025-0042", decidedAt);
        // end::retraction[]
        return List.of(retraction, fromTheIncident);
    }

    /** One event of every input type. */
    static List<SpecificRecord> all(Instant occurredAt) {
        return List.of(
                domesticAbuseIncident(occurredAt),
                childPoliceContact(occurredAt),
                parentHealthEvent(occurredAt),
                unscheduledCare(occurredAt),
                schoolConcern(occurredAt),
                schoolRoll(occurredAt),
                referral(occurredAt),
                statusChange(occurredAt),
                missingEpisode(occurredAt),
                returnInterview(occurredAt),
                retractions(occurredAt).get(0),
                retractions(occurredAt).get(1));
    }
}
