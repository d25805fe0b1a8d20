package org.safeguardingsignals.agency;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.ChildPoliceContact;
import org.safeguardingsignals.events.ChildStatusChange;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.EventHeader;
import org.safeguardingsignals.events.IdentifierSystem;
import org.safeguardingsignals.events.LocalIdentifier;
import org.safeguardingsignals.events.MissingEpisode;
import org.safeguardingsignals.events.ParentHealthEvent;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.Referral;
import org.safeguardingsignals.events.Retraction;
import org.safeguardingsignals.events.RetractionReason;
import org.safeguardingsignals.events.ReturnInterviewEvent;
import org.safeguardingsignals.events.SchoolConcern;
import org.safeguardingsignals.events.SchoolRollEntry;
import org.safeguardingsignals.events.UnscheduledCareAttendance;

/**
 * Typed builders for every input event, with the header already set, and short ways to refer to people. Each
 * builder is the event's generated Avro builder, so the compiler checks field names and types; required fields left
 * unset fail at {@code build()} naming the field.
 */
public final class Events {
    private Events() {}

    /**
     * A header recorded now, whose event id {@link AgencyPublisher#send} derives from the event ({@link EventIds}):
     * the same event sent again has the same id, and the pipeline counts it once.
     *
     * @param agency           the kind of agency publishing (POLICE, HEALTH, SCHOOL, CHILDRENS_SERVICES, ...)
     * @param organisationCode your organisation's code: police force code ("01"), NHS ODS code ("RJ1"), school URN
     *                         ("100000") or, for children's services, your authority's GSS code
     * @param localAuthority   the GSS code of the local authority the event concerns ("E09000022"): where the child
     *                         lives or the event happened
     * @param occurredAt       when it happened, from your record (the rules use this time; not the time of sending)
     */
    public static EventHeader header(
            Agency agency, String organisationCode, String localAuthority, Instant occurredAt) {
        return header(EventIds.DERIVED, agency, organisationCode, localAuthority, occurredAt, Instant.now());
    }

    /**
     * A header with your own event id (for example one your system keeps): reuse it when the same event is sent
     * again, and the pipeline counts it once.
     */
    public static EventHeader header(
            UUID eventId,
            Agency agency,
            String organisationCode,
            String localAuthority,
            Instant occurredAt,
            Instant recordedAt) {
        return EventHeader.newBuilder()
                .setEventId(eventId)
                .setSourceAgency(agency)
                .setOrganisationCode(organisationCode)
                .setLocalAuthority(localAuthority)
                .setOccurredAt(occurredAt)
                .setRecordedAt(recordedAt)
                .build();
    }

    /** A child known by NHS number. */
    public static PersonRef child(String nhsNumber) {
        return child(nhsNumber, null);
    }

    /**
     * A child by NHS number (or null) and date of birth (or null), with any local identifiers: without a usable NHS
     * number, MASH staff match the child by hand from the others.
     */
    public static PersonRef child(String nhsNumber, LocalDate dateOfBirth, LocalIdentifier... localIdentifiers) {
        return PersonRef.newBuilder()
                .setNhsNumber(nhsNumber)
                .setDateOfBirth(dateOfBirth)
                .setLocalIdentifiers(new ArrayList<>(List.of(localIdentifiers)))
                .build();
    }

    /**
     * Children known by NHS number, for a list of references: the children a missing child was found with
     * ({@code MissingEpisode.foundWith}), or the children in a parent's household. Only the NHS number is given, and
     * only it links: leave out a child whose number you do not know.
     */
    public static List<PersonRef> children(String... nhsNumbers) {
        List<PersonRef> out = new ArrayList<>(nhsNumbers.length);
        for (String nhsNumber : nhsNumbers) {
            out.add(child(nhsNumber));
        }
        return out;
    }

    public static LocalIdentifier localId(IdentifierSystem system, String value) {
        return LocalIdentifier.newBuilder().setSystem(system).setValue(value).build();
    }

    public static DomesticAbuseIncident.Builder domesticAbuseIncident(EventHeader header) {
        return DomesticAbuseIncident.newBuilder().setHeader(header);
    }

    public static ParentHealthEvent.Builder parentHealthEvent(EventHeader header) {
        return ParentHealthEvent.newBuilder().setHeader(header);
    }

    public static UnscheduledCareAttendance.Builder unscheduledCare(EventHeader header) {
        return UnscheduledCareAttendance.newBuilder().setHeader(header);
    }

    public static SchoolConcern.Builder schoolConcern(EventHeader header) {
        return SchoolConcern.newBuilder().setHeader(header);
    }

    public static Referral.Builder referral(EventHeader header) {
        return Referral.newBuilder().setHeader(header);
    }

    public static ChildPoliceContact.Builder childPoliceContact(EventHeader header) {
        return ChildPoliceContact.newBuilder().setHeader(header);
    }

    public static SchoolRollEntry.Builder schoolRoll(EventHeader header) {
        return SchoolRollEntry.newBuilder().setHeader(header);
    }

    public static ChildStatusChange.Builder statusChange(EventHeader header) {
        return ChildStatusChange.newBuilder().setHeader(header);
    }

    public static MissingEpisode.Builder missingEpisode(EventHeader header) {
        return MissingEpisode.newBuilder().setHeader(header);
    }

    public static ReturnInterviewEvent.Builder returnInterview(EventHeader header) {
        return ReturnInterviewEvent.newBuilder().setHeader(header);
    }

    /**
     * A retraction of one of your own events: its header names your agency and organisation (the ones that published
     * the event) and when you decided; set the event's id ({@code retractedEventId}), the reason, your reference for
     * the correction and the children the event named, as it named them.
     */
    public static Retraction.Builder retraction(EventHeader header) {
        return Retraction.newBuilder().setHeader(header);
    }

    /**
     * The retraction of an event you published, from the event itself: the same agency, organisation, local
     * authority and children; its id as sent (the one your header gave, else the one the SDK derived and the
     * receipt returned, derived again here).
     *
     * @param event            the event as you built it (before sending)
     * @param reason           why it is taken back
     * @param agencyReference  your reference for the correction (a change or incident-correction reference)
     * @param decidedAt        when you decided to take it back
     */
    public static Retraction retractionOf(
            SpecificRecord event, RetractionReason reason, String agencyReference, Instant decidedAt) {
        var contract = AgencyPublisher.contractOf(event);
        EventHeader published = contract.header().apply(event);
        UUID id = EventIds.DERIVED.equals(published.getEventId()) ? EventIds.derive(event) : published.getEventId();
        return retraction(header(
                        published.getSourceAgency(),
                        published.getOrganisationCode(),
                        published.getLocalAuthority(),
                        decidedAt))
                .setRetractedEventId(id)
                .setReason(reason)
                .setAgencyReference(agencyReference)
                .setChildren(new ArrayList<>(contract.children().apply(event)))
                .build();
    }
}
