package org.safeguardingsignals.validation;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.ChildPoliceContact;
import org.safeguardingsignals.events.ChildStatusChange;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.EventHeader;
import org.safeguardingsignals.events.LinkedChild;
import org.safeguardingsignals.events.MissingEpisode;
import org.safeguardingsignals.events.ParentHealthEvent;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.Referral;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.events.Retraction;
import org.safeguardingsignals.events.ReturnInterviewEvent;
import org.safeguardingsignals.events.SchoolConcern;
import org.safeguardingsignals.events.SchoolRollEntry;
import org.safeguardingsignals.events.UnscheduledCareAttendance;
import org.safeguardingsignals.identifiers.LocalAuthorityCode;
import org.safeguardingsignals.identifiers.SchoolUrn;
import org.safeguardingsignals.topics.Topic;
import org.safeguardingsignals.topics.Topics;

/** The contract of every input topic, one per event type. */
public final class InputContracts {
    /** How far after the wall clock an event may be dated; the pipeline's default (intake.future-tolerance). */
    public static final Duration DEFAULT_FUTURE_TOLERANCE = Duration.ofMinutes(5);

    private InputContracts() {}

    private static <E extends SpecificRecord> InputContract<E> contract(
            Topic<E> topic,
            Function<E, EventHeader> header,
            Function<E, String> reference,
            Function<E, List<PersonRef>> children) {
        return new InputContract<>(topic, header, reference, children, e -> {});
    }

    public static final InputContract<DomesticAbuseIncident> DOMESTIC_ABUSE = contract(
            Topics.DOMESTIC_ABUSE_INCIDENTS,
            DomesticAbuseIncident::getHeader,
            DomesticAbuseIncident::getIncidentReference,
            e -> e.getChildren().stream().map(LinkedChild::getChild).toList());

    public static final InputContract<ParentHealthEvent> PARENT_HEALTH = contract(
            Topics.PARENT_HEALTH_EVENTS,
            ParentHealthEvent::getHeader,
            ParentHealthEvent::getEventReference,
            ParentHealthEvent::getChildrenInHousehold);

    public static final InputContract<UnscheduledCareAttendance> UNSCHEDULED_CARE = contract(
            Topics.UNSCHEDULED_CARE,
            UnscheduledCareAttendance::getHeader,
            UnscheduledCareAttendance::getAttendanceReference,
            e -> List.of(e.getChild()));

    public static final InputContract<SchoolConcern> SCHOOL_CONCERN = new InputContract<>(
            Topics.SCHOOL_CONCERNS,
            SchoolConcern::getHeader,
            SchoolConcern::getConcernReference,
            e -> List.of(e.getChild()),
            e -> schoolUrn(e.getSchoolUrn()));

    public static final InputContract<Referral> REFERRAL =
            contract(Topics.REFERRALS, Referral::getHeader, Referral::getReferralId, e -> List.of(e.getChild()));

    /** A status change has no reference of its own: its event id serves. */
    public static final InputContract<ChildStatusChange> STATUS_CHANGE = new InputContract<>(
            Topics.STATUS_CHANGES,
            ChildStatusChange::getHeader,
            e -> e.getHeader().getEventId().toString(),
            e -> List.of(e.getChild()),
            e -> {
                authorityIfPresent("placingAuthority", e.getPlacingAuthority());
                authorityIfPresent("hostAuthority", e.getHostAuthority());
            });

    public static final InputContract<MissingEpisode> MISSING_EPISODE = new InputContract<>(
            Topics.MISSING_EPISODES,
            MissingEpisode::getHeader,
            MissingEpisode::getEpisodeId,
            e -> List.of(e.getChild()),
            e -> {
                InputContract.requireReference("episodeId", e.getEpisodeId());
                if (e.getReturnedAt() != null && e.getReturnedAt().isBefore(e.getReportedMissingAt())) {
                    throw new RejectedInputException(
                            RejectReason.INCONSISTENT_TIMES, "returnedAt is before reportedMissingAt");
                }
                authorityIfPresent("placingAuthority", e.getPlacingAuthority());
                authorityIfPresent("hostAuthority", e.getHostAuthority());
                if (e.getFoundForceCode() != null) {
                    InputContract.requireReference("foundForceCode", e.getFoundForceCode());
                }
                areaIfPresent("missingFromArea", e.getMissingFromArea());
                areaIfPresent("foundArea", e.getFoundArea());
            });

    public static final InputContract<ChildPoliceContact> CHILD_POLICE_CONTACT = contract(
            Topics.CHILD_POLICE_CONTACTS,
            ChildPoliceContact::getHeader,
            ChildPoliceContact::getContactReference,
            e -> List.of(e.getChild()));

    /** A roll entry has no reference of its own: its event id serves. */
    public static final InputContract<SchoolRollEntry> SCHOOL_ROLL = new InputContract<>(
            Topics.SCHOOL_ROLL,
            SchoolRollEntry::getHeader,
            e -> e.getHeader().getEventId().toString(),
            e -> List.of(e.getChild()),
            e -> {
                schoolUrn(e.getSchoolUrn());
                if (e.getEndDate() != null && e.getEndDate().isBefore(e.getStartDate())) {
                    throw new RejectedInputException(RejectReason.INCONSISTENT_TIMES, "endDate is before startDate");
                }
            });

    public static final InputContract<ReturnInterviewEvent> RETURN_INTERVIEW = new InputContract<>(
            Topics.RETURN_INTERVIEWS,
            ReturnInterviewEvent::getHeader,
            ReturnInterviewEvent::getEpisodeId,
            e -> List.of(e.getChild()),
            e -> InputContract.requireReference("episodeId", e.getEpisodeId()));

    /**
     * A retraction on the topic of one publishing principal. The header's agency must be that topic's agency (null: any,
     * for the return interview providers, who are commissioned by children's services or a charity); that the event
     * retracted is the agency's own is checked where the event is held, in the child's state.
     */
    private static InputContract<Retraction> retraction(Topic<Retraction> topic, Agency agency) {
        return new InputContract<>(
                topic, Retraction::getHeader, Retraction::getAgencyReference, Retraction::getChildren, e -> {
                    if (agency != null && e.getHeader().getSourceAgency() != agency) {
                        throw new RejectedInputException(
                                RejectReason.RETRACTION_NOT_OWN_EVENT,
                                "header.sourceAgency " + e.getHeader().getSourceAgency() + " may not retract on "
                                        + topic.name() + ", which is for " + agency + " events");
                    }
                    if (e.getRetractedEventId().equals(e.getHeader().getEventId())) {
                        throw new RejectedInputException(
                                RejectReason.INVALID_EVENT_ID,
                                "retractedEventId is the retraction's own header.eventId: name the event taken back");
                    }
                });
    }

    public static final InputContract<Retraction> POLICE_RETRACTION =
            retraction(Topics.POLICE_RETRACTIONS, Agency.POLICE);
    public static final InputContract<Retraction> HEALTH_RETRACTION =
            retraction(Topics.HEALTH_RETRACTIONS, Agency.HEALTH);
    public static final InputContract<Retraction> SCHOOL_RETRACTION =
            retraction(Topics.SCHOOL_RETRACTIONS, Agency.SCHOOL);
    public static final InputContract<Retraction> CHILDRENS_SERVICES_RETRACTION =
            retraction(Topics.CHILDRENS_SERVICES_RETRACTIONS, Agency.CHILDRENS_SERVICES);
    public static final InputContract<Retraction> RETURN_INTERVIEW_RETRACTION =
            retraction(Topics.RETURN_INTERVIEW_RETRACTIONS, null);

    /** The retraction contracts, in the order of {@link Topics#retractions()}. */
    public static final List<InputContract<Retraction>> RETRACTIONS = List.of(
            POLICE_RETRACTION,
            HEALTH_RETRACTION,
            SCHOOL_RETRACTION,
            CHILDRENS_SERVICES_RETRACTION,
            RETURN_INTERVIEW_RETRACTION);

    /**
     * The retraction contract of an agency's topic: police, health, school and children's services each have their
     * own; return interview providers use {@link #RETURN_INTERVIEW_RETRACTION}.
     */
    public static InputContract<Retraction> retractionFor(Agency agency) {
        return switch (agency) {
            case POLICE -> POLICE_RETRACTION;
            case HEALTH -> HEALTH_RETRACTION;
            case SCHOOL -> SCHOOL_RETRACTION;
            case CHILDRENS_SERVICES -> CHILDRENS_SERVICES_RETRACTION;
            default -> RETURN_INTERVIEW_RETRACTION;
        };
    }

    /** Every input event type, in the order of {@link Topics#inputs()}. */
    public static final List<InputContract<?>> ALL = List.of(
            DOMESTIC_ABUSE,
            CHILD_POLICE_CONTACT,
            PARENT_HEALTH,
            UNSCHEDULED_CARE,
            SCHOOL_CONCERN,
            SCHOOL_ROLL,
            REFERRAL,
            STATUS_CHANGE,
            MISSING_EPISODE,
            RETURN_INTERVIEW,
            POLICE_RETRACTION,
            HEALTH_RETRACTION,
            SCHOOL_RETRACTION,
            CHILDRENS_SERVICES_RETRACTION,
            RETURN_INTERVIEW_RETRACTION);

    /** The contract of an event class, for the SDK's typed send (a {@link Retraction}: see {@link #retractionFor}). */
    @SuppressWarnings("unchecked")
    public static <E extends SpecificRecord> InputContract<E> of(Class<E> type) {
        return (InputContract<E>) ALL.stream()
                .filter(c -> c.topic().valueType().equals(type))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(type.getSimpleName()
                        + " is not an input event type; input types: "
                        + ALL.stream()
                                .map(c -> c.topic().valueType().getSimpleName())
                                .toList()));
    }

    public static Optional<InputContract<?>> forTopic(String topicName) {
        return ALL.stream().filter(c -> c.topic().name().equals(topicName)).findFirst();
    }

    private static void schoolUrn(String urn) {
        if (!SchoolUrn.isValid(urn)) {
            throw new RejectedInputException(
                    RejectReason.INVALID_SCHOOL_URN,
                    "schoolUrn: " + SchoolUrn.check(urn).reason());
        }
    }

    /** A 2021 LSOA code, England or Wales: E01 or W01 and six digits. */
    private static final java.util.regex.Pattern LSOA = java.util.regex.Pattern.compile("[EW]01[0-9]{6}");

    /** A coded small area where one is given: an LSOA code, never an address or postcode. */
    private static void areaIfPresent(String field, String lsoa) {
        if (lsoa != null && !LSOA.matcher(lsoa).matches()) {
            throw new RejectedInputException(
                    RejectReason.INVALID_REFERENCE,
                    field + ": not a 2021 LSOA code (E01 or W01 and six digits, e.g. E01000001); never an address");
        }
    }

    private static void authorityIfPresent(String field, String gss) {
        if (gss != null && !LocalAuthorityCode.isValid(gss)) {
            throw new RejectedInputException(
                    RejectReason.INVALID_AUTHORITY_CODE,
                    field + ": " + LocalAuthorityCode.check(gss).reason());
        }
    }
}
