package org.safeguardingsignals.agency.rows;

import static org.safeguardingsignals.agency.rows.Column.optional;
import static org.safeguardingsignals.agency.rows.Column.required;
import static org.safeguardingsignals.agency.rows.CommonColumns.TIME;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
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
import org.safeguardingsignals.events.LinkedChild;
import org.safeguardingsignals.events.MissingEpisode;
import org.safeguardingsignals.events.MissingType;
import org.safeguardingsignals.events.OffenceGroup;
import org.safeguardingsignals.events.ParentHealthCategory;
import org.safeguardingsignals.events.ParentHealthEvent;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.PoliceContactType;
import org.safeguardingsignals.events.PoliceRiskGrade;
import org.safeguardingsignals.events.PresentingReason;
import org.safeguardingsignals.events.Referral;
import org.safeguardingsignals.events.ReferralOutcome;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.events.Retraction;
import org.safeguardingsignals.events.RetractionReason;
import org.safeguardingsignals.events.ReturnInterviewEvent;
import org.safeguardingsignals.events.ReturnInterviewStatus;
import org.safeguardingsignals.events.SchoolConcern;
import org.safeguardingsignals.events.SchoolConcernCategory;
import org.safeguardingsignals.events.SchoolRollEntry;
import org.safeguardingsignals.events.StatusChangeType;
import org.safeguardingsignals.events.UnscheduledCareAttendance;
import org.safeguardingsignals.validation.InputContract;
import org.safeguardingsignals.validation.InputContracts;
import org.safeguardingsignals.validation.RejectedInputException;

/** The file layout of every input event type. docs/PUBLISHING.md documents each, with a sample file. */
public final class EventTypes {
    private EventTypes() {}

    private static <E extends SpecificRecord> EventType<E> type(
            String name, InputContract<E> contract, Agency agency, List<Column> own, Function<Row, E> mapper) {
        return type(name, contract, agency, own, mapper, List.of());
    }

    private static <E extends SpecificRecord> EventType<E> type(
            String name,
            InputContract<E> contract,
            Agency agency,
            List<Column> own,
            Function<Row, E> mapper,
            List<String> withdrawn) {
        List<Column> columns = new ArrayList<>(CommonColumns.header(agency));
        columns.addAll(own);
        return new EventType<>(name, contract, columns, mapper, withdrawn);
    }

    @SafeVarargs
    private static List<Column> columns(List<Column>... parts) {
        return Arrays.stream(parts).flatMap(List::stream).toList();
    }

    private static String codes(Class<? extends Enum<?>> type) {
        return "one of "
                + String.join(
                        ", ",
                        Arrays.stream(type.getEnumConstants()).map(Enum::name).toList());
    }

    /** A coded small area: checked by the contract (INVALID_REFERENCE), which never repeats the value. */
    private static final String LSOA = "2021 LSOA code: E01 or W01 and six digits, e.g. E01000001";

    public static final EventType<DomesticAbuseIncident> DOMESTIC_ABUSE_INCIDENT = type(
            "domestic-abuse-incident",
            InputContracts.DOMESTIC_ABUSE,
            Agency.POLICE,
            columns(
                    List.of(required("incident_reference", "text", "The force's incident reference.")),
                    CommonColumns.children(),
                    List.of(
                            optional(
                                    "children_present",
                                    "list of true/false, separated by ;",
                                    "Whether each child " + "was present, in the same order; default false."),
                            optional("dash_risk_level", codes(DashRiskLevel.class), "DASH risk level."),
                            required("police_attended", "true or false", "Whether police attended."))),
            row -> {
                List<PersonRef> kids = CommonColumns.children(row);
                List<Boolean> present =
                        CommonColumns.aligned(row, "children_present", row.bools("children_present"), kids.size());
                List<LinkedChild> linked = new ArrayList<>();
                for (int i = 0; i < kids.size(); i++) {
                    linked.add(new LinkedChild(kids.get(i), present != null && Boolean.TRUE.equals(present.get(i))));
                }
                return Events.domesticAbuseIncident(CommonColumns.header(row, "domestic-abuse-incident", Agency.POLICE))
                        .setIncidentReference(row.required("incident_reference"))
                        .setChildren(linked)
                        .setDashRiskLevel(
                                row.optionalCode("dash_risk_level", DashRiskLevel.class, DashRiskLevel.UNKNOWN))
                        .setPoliceAttended(row.bool("police_attended"))
                        .build();
            });

    public static final EventType<ChildPoliceContact> CHILD_POLICE_CONTACT = type(
            "child-police-contact",
            InputContracts.CHILD_POLICE_CONTACT,
            Agency.POLICE,
            columns(
                    List.of(required("contact_reference", "text", "The force's custody, stop or crime reference.")),
                    CommonColumns.person("child", "The child"),
                    List.of(
                            required("contact_type", codes(PoliceContactType.class), "What kind of contact."),
                            optional(
                                    "offence_group",
                                    codes(OffenceGroup.class),
                                    "The offence group; NONE where the contact concerns none."))),
            row -> Events.childPoliceContact(CommonColumns.header(row, "child-police-contact", Agency.POLICE))
                    .setContactReference(row.required("contact_reference"))
                    .setChild(CommonColumns.person(row, "child"))
                    .setContactType(row.code("contact_type", PoliceContactType.class))
                    .setOffenceGroup(row.optionalCode("offence_group", OffenceGroup.class, OffenceGroup.UNKNOWN))
                    .build());

    public static final EventType<ParentHealthEvent> PARENT_HEALTH_EVENT = type(
            "parent-health-event",
            InputContracts.PARENT_HEALTH,
            Agency.HEALTH,
            columns(
                    List.of(required("event_reference", "text", "The health organisation's reference.")),
                    List.of(
                            required("category", codes(ParentHealthCategory.class), "What the event is about."),
                            optional("service", codes(HealthService.class), "The service involved.")),
                    CommonColumns.children()),
            row -> Events.parentHealthEvent(CommonColumns.header(row, "parent-health-event", Agency.HEALTH))
                    .setEventReference(row.required("event_reference"))
                    .setCategory(row.code("category", ParentHealthCategory.class))
                    .setService(row.optionalCode("service", HealthService.class, HealthService.UNKNOWN))
                    .setChildrenInHousehold(CommonColumns.children(row))
                    .build(),
            // the parent's identifiers: nothing used them (docs/governance)
            List.of("subject_nhs_number", "subject_date_of_birth", "subject_upn", "subject_local_id"));

    public static final EventType<UnscheduledCareAttendance> UNSCHEDULED_CARE = type(
            "unscheduled-care",
            InputContracts.UNSCHEDULED_CARE,
            Agency.HEALTH,
            columns(
                    List.of(required("attendance_reference", "text", "The attendance reference.")),
                    CommonColumns.person("child", "The child"),
                    List.of(
                            optional("setting", codes(CareSetting.class), "Where the child attended."),
                            optional(
                                    "presenting_reason",
                                    codes(PresentingReason.class),
                                    "Why the child was brought, coded; default UNKNOWN."))),
            row -> Events.unscheduledCare(CommonColumns.header(row, "unscheduled-care", Agency.HEALTH))
                    .setAttendanceReference(row.required("attendance_reference"))
                    .setChild(CommonColumns.person(row, "child"))
                    .setSetting(row.optionalCode("setting", CareSetting.class, CareSetting.UNKNOWN))
                    .setPresentingReason(
                            row.optionalCode("presenting_reason", PresentingReason.class, PresentingReason.UNKNOWN))
                    .build());

    public static final EventType<SchoolConcern> SCHOOL_CONCERN = type(
            "school-concern",
            InputContracts.SCHOOL_CONCERN,
            Agency.SCHOOL,
            columns(
                    List.of(required("concern_reference", "text", "The school's reference.")),
                    CommonColumns.person("child", "The child"),
                    List.of(
                            required("school_urn", "6 digits", "The school's URN."),
                            required("category", codes(SchoolConcernCategory.class), "The kind of concern."),
                            optional(
                                    "factors",
                                    "list of census factor codes, separated by ;",
                                    "Coded themes, " + codes(AssessmentFactor.class) + "."))),
            row -> Events.schoolConcern(CommonColumns.header(row, "school-concern", Agency.SCHOOL))
                    .setConcernReference(row.required("concern_reference"))
                    .setChild(CommonColumns.person(row, "child"))
                    .setSchoolUrn(row.required("school_urn"))
                    .setCategory(row.code("category", SchoolConcernCategory.class))
                    .setFactors(row.codes("factors", AssessmentFactor.class))
                    .build());

    public static final EventType<SchoolRollEntry> SCHOOL_ROLL = type(
            "school-roll",
            InputContracts.SCHOOL_ROLL,
            Agency.SCHOOL,
            columns(
                    CommonColumns.person("child", "The child"),
                    List.of(
                            required("school_urn", "6 digits", "The school's URN."),
                            required("start_date", "date: 2025-03-01 or 01/03/2025", "First day on roll."),
                            optional(
                                    "end_date",
                                    "date: 2025-03-01 or 01/03/2025",
                                    "Last day on roll; empty while the child is on roll."))),
            row -> Events.schoolRoll(CommonColumns.header(row, "school-roll", Agency.SCHOOL))
                    .setChild(CommonColumns.person(row, "child"))
                    .setSchoolUrn(row.required("school_urn"))
                    .setStartDate(row.date("start_date"))
                    .setEndDate(row.optionalDate("end_date"))
                    .build());

    public static final EventType<Referral> REFERRAL = type(
            "referral",
            InputContracts.REFERRAL,
            Agency.CHILDRENS_SERVICES,
            columns(
                    List.of(required("referral_id", "text", "The referral's id in the case system.")),
                    CommonColumns.person("child", "The child"),
                    List.of(
                            optional("referral_source", codes(Agency.class), "Who referred."),
                            optional(
                                    "assessment_factors",
                                    "list of census factor codes, separated by ;",
                                    "Factors identified at assessment, " + codes(AssessmentFactor.class) + "."),
                            optional("outcome", codes(ReferralOutcome.class), "Outcome; default PENDING."))),
            row -> Events.referral(CommonColumns.header(row, "referral", Agency.CHILDRENS_SERVICES))
                    .setReferralId(row.required("referral_id"))
                    .setChild(CommonColumns.person(row, "child"))
                    .setReferralSource(row.optionalCode("referral_source", Agency.class, Agency.UNKNOWN))
                    .setAssessmentFactors(row.codes("assessment_factors", AssessmentFactor.class))
                    .setOutcome(row.optionalCode("outcome", ReferralOutcome.class, ReferralOutcome.PENDING))
                    .build());

    public static final EventType<ChildStatusChange> STATUS_CHANGE = type(
            "status-change",
            InputContracts.STATUS_CHANGE,
            Agency.CHILDRENS_SERVICES,
            columns(
                    CommonColumns.person("child", "The child"),
                    List.of(
                            required("change", codes(StatusChangeType.class), "What started or ended."),
                            optional("placing_authority", "GSS code", "For a looked-after child: who placed."),
                            optional("host_authority", "GSS code", "For a looked-after child: where placed."))),
            row -> Events.statusChange(CommonColumns.header(row, "status-change", Agency.CHILDRENS_SERVICES))
                    .setChild(CommonColumns.person(row, "child"))
                    .setChange(row.code("change", StatusChangeType.class))
                    .setPlacingAuthority(row.optional("placing_authority"))
                    .setHostAuthority(row.optional("host_authority"))
                    .build(),
            // occurred_at is when the change takes effect
            List.of("effective_date"));

    public static final EventType<MissingEpisode> MISSING_EPISODE = type(
            "missing-episode",
            InputContracts.MISSING_EPISODE,
            Agency.POLICE,
            columns(
                    List.of(required(
                            "episode_id", "text", "The episode's id; the same on the report and the " + "return.")),
                    CommonColumns.person("child", "The child"),
                    List.of(
                            required("reported_missing_at", TIME, "When the child was reported missing."),
                            optional("returned_at", TIME, "When the child returned; empty while missing."),
                            optional("missing_type", codes(MissingType.class), "Default MISSING."),
                            required("looked_after", "true or false", "Whether the child is looked after."),
                            optional("placing_authority", "GSS code", "For a looked-after child: who placed."),
                            optional("host_authority", "GSS code", "For a looked-after child: where placed."),
                            optional("police_risk_grade", codes(PoliceRiskGrade.class), "Police risk grade."),
                            optional(
                                    "found_force_code",
                                    "text",
                                    "On the return: the code of the police force in whose area the child was found."),
                            optional(
                                    "missing_from_area",
                                    LSOA,
                                    "Where the child went missing from (the home or placement), as its small area, "
                                            + "never an address."),
                            optional(
                                    "found_area",
                                    LSOA,
                                    "On the return: where the child was found, as its small area, never an address; "
                                            + "empty when not known or found at home."),
                            optional(
                                    "found_with_nhs_numbers",
                                    "list of NHS numbers, separated by ;",
                                    "On the return: the other children the child was found with, by NHS number: "
                                            + "9434765919;9434765870. Each must be a valid NHS number."))),
            row -> Events.missingEpisode(CommonColumns.header(row, "missing-episode", Agency.POLICE))
                    .setEpisodeId(row.required("episode_id"))
                    .setChild(CommonColumns.person(row, "child"))
                    .setReportedMissingAt(row.instant("reported_missing_at"))
                    .setReturnedAt(row.optionalInstant("returned_at"))
                    .setMissingType(row.optionalCode("missing_type", MissingType.class, MissingType.MISSING))
                    .setLookedAfter(row.bool("looked_after"))
                    .setPlacingAuthority(row.optional("placing_authority"))
                    .setHostAuthority(row.optional("host_authority"))
                    .setPoliceRiskGrade(
                            row.optionalCode("police_risk_grade", PoliceRiskGrade.class, PoliceRiskGrade.UNKNOWN))
                    .setFoundForceCode(row.optional("found_force_code"))
                    .setMissingFromArea(row.optional("missing_from_area"))
                    .setFoundArea(row.optional("found_area"))
                    .setFoundWith(CommonColumns.nhsNumbers(row, "found_with_nhs_numbers"))
                    .build());

    public static final EventType<ReturnInterviewEvent> RETURN_INTERVIEW = type(
            "return-interview",
            InputContracts.RETURN_INTERVIEW,
            Agency.CHILDRENS_SERVICES,
            columns(
                    List.of(required("episode_id", "text", "The missing episode the interview follows.")),
                    CommonColumns.person("child", "The child"),
                    List.of(required("status", codes(ReturnInterviewStatus.class), "Offered, completed or declined."))),
            row -> Events.returnInterview(CommonColumns.header(row, "return-interview", Agency.CHILDRENS_SERVICES))
                    .setEpisodeId(row.required("episode_id"))
                    .setChild(CommonColumns.person(row, "child"))
                    .setStatus(row.code("status", ReturnInterviewStatus.class))
                    .build());

    private static final String RETRACTION_NAME = "retraction";

    private static List<Column> retractionColumns(String sourceAgency) {
        List<Column> columns = new ArrayList<>(CommonColumns.header(sourceAgency));
        columns.add(required(
                "retracted_event_id",
                "UUID",
                "The event_id of the event taken back, as it was published (publish --ids lists each row's; the "
                        + "SDK's receipt gives it)."));
        columns.add(required(
                "reason",
                codes(RetractionReason.class),
                "Why: RECORDED_IN_ERROR (it should never have been recorded), WRONG_CHILD (recorded against the "
                        + "wrong child), DUPLICATE (the second copy of an event sent twice under two ids), OTHER."));
        columns.add(required(
                "agency_reference", "text", "Your own reference for the correction (a change or correction number)."));
        columns.addAll(CommonColumns.children());
        return columns;
    }

    /**
     * The retraction layout of one publisher: each row goes to that publisher's own retraction topic, keyed by the
     * event it takes back, and an empty source_agency is the publisher's agency. The header's organisation and
     * agency must be the ones that published the event: detection refuses a retraction of another's event.
     */
    public static EventType<Retraction> retraction(Publisher publisher) {
        return new EventType<>(
                RETRACTION_NAME,
                publisher.retractions(),
                retractionColumns("Kind of agency; default " + publisher.agency() + "."),
                row -> Events.retraction(CommonColumns.header(row, RETRACTION_NAME, publisher.agency()))
                        .setRetractedEventId(uuid(row, "retracted_event_id"))
                        .setReason(row.code("reason", RetractionReason.class))
                        .setAgencyReference(row.required("agency_reference"))
                        .setChildren(CommonColumns.children(row))
                        .build());
    }

    /**
     * The retraction layout as listed and documented. A retraction file is published as one publisher's
     * ({@link #forPublisher}): each has its own topic.
     */
    public static final EventType<Retraction> RETRACTION = new EventType<>(
            RETRACTION_NAME,
            Publisher.POLICE.retractions(),
            retractionColumns("Kind of agency; default the publisher's (police: POLICE, return-interviews: "
                    + "CHILDRENS_SERVICES)."),
            retraction(Publisher.POLICE).mapper());

    /** Whether files of this type go to a topic of their publisher's own (retractions), so one must be named. */
    public static boolean needsPublisher(EventType<?> type) {
        return type.contract().topic().valueType() == Retraction.class;
    }

    /**
     * The layout a file of {@code type} is published with: for a retraction, the publisher's own (its topic);
     * any other type as it is, whoever publishes.
     *
     * @throws IllegalArgumentException for a retraction without a known publisher, saying which there are
     */
    public static EventType<?> forPublisher(EventType<?> type, String publisher) {
        if (!needsPublisher(type)) {
            return type;
        }
        if (publisher == null || publisher.isBlank()) {
            throw new IllegalArgumentException(type.name() + " files go to the publishing agency's own topic: name it "
                    + "(one of " + String.join(", ", Publisher.labels()) + ")");
        }
        return retraction(Publisher.byLabel(publisher)
                .orElseThrow(() -> new IllegalArgumentException("unknown agency '" + publisher + "'; the agencies are "
                        + String.join(", ", Publisher.labels()))));
    }

    private static UUID uuid(Row row, String column) {
        String v = row.required(column);
        try {
            return UUID.fromString(v);
        } catch (IllegalArgumentException e) {
            throw new RejectedInputException(RejectReason.INVALID_EVENT_ID, column + " is not a UUID");
        }
    }

    public static final List<EventType<?>> ALL = List.of(
            DOMESTIC_ABUSE_INCIDENT,
            CHILD_POLICE_CONTACT,
            PARENT_HEALTH_EVENT,
            UNSCHEDULED_CARE,
            SCHOOL_CONCERN,
            SCHOOL_ROLL,
            REFERRAL,
            STATUS_CHANGE,
            MISSING_EPISODE,
            RETURN_INTERVIEW,
            RETRACTION);

    public static Optional<EventType<?>> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return ALL.stream().map(EventType::name).toList();
    }
}
