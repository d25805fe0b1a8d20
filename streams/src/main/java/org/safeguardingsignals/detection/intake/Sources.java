package org.safeguardingsignals.detection.intake;

import java.util.ArrayList;
import java.util.List;
import org.safeguardingsignals.events.ChildStatusChange;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.EventHeader;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.LinkedChild;
import org.safeguardingsignals.events.MissingEpisode;
import org.safeguardingsignals.events.ParentHealthEvent;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.Referral;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.events.ReturnInterviewEvent;
import org.safeguardingsignals.events.SchoolConcern;
import org.safeguardingsignals.events.UnscheduledCareAttendance;
import org.safeguardingsignals.identifiers.LocalAuthorityCode;
import org.safeguardingsignals.identifiers.SchoolUrn;
import org.safeguardingsignals.internal.MissingDetail;
import org.safeguardingsignals.topics.Topic;
import org.safeguardingsignals.topics.Topics;

/** The adapter of every input topic the detection rules read. */
public final class Sources {
    private Sources() {
    }

    public static final SourceAdapter<DomesticAbuseIncident> DOMESTIC_ABUSE = new SourceAdapter<>() {
        public Topic<DomesticAbuseIncident> topic() {
            return Topics.DOMESTIC_ABUSE_INCIDENTS;
        }

        public EventHeader header(DomesticAbuseIncident e) {
            return e.getHeader();
        }

        public String reference(DomesticAbuseIncident e) {
            return e.getIncidentReference();
        }

        public List<PersonRef> children(DomesticAbuseIncident e) {
            return e.getChildren().stream().map(LinkedChild::getChild).toList();
        }

        public List<IndicatorCategory> categories(DomesticAbuseIncident e) {
            return List.of(IndicatorCategory.DOMESTIC_ABUSE);
        }
    };

    public static final SourceAdapter<ParentHealthEvent> PARENT_HEALTH = new SourceAdapter<>() {
        public Topic<ParentHealthEvent> topic() {
            return Topics.PARENT_HEALTH_EVENTS;
        }

        public EventHeader header(ParentHealthEvent e) {
            return e.getHeader();
        }

        public String reference(ParentHealthEvent e) {
            return e.getEventReference();
        }

        public List<PersonRef> children(ParentHealthEvent e) {
            return e.getChildrenInHousehold();
        }

        public List<PersonRef> otherPeople(ParentHealthEvent e) {
            return List.of(e.getSubject());
        }

        public List<IndicatorCategory> categories(ParentHealthEvent e) {
            return List.of(switch (e.getCategory()) {
                case MENTAL_HEALTH -> IndicatorCategory.PARENTAL_MENTAL_HEALTH;
                case ALCOHOL_MISUSE -> IndicatorCategory.PARENTAL_ALCOHOL_MISUSE;
                case DRUG_MISUSE -> IndicatorCategory.PARENTAL_DRUG_MISUSE;
                case UNKNOWN -> IndicatorCategory.OTHER;
            });
        }
    };

    public static final SourceAdapter<UnscheduledCareAttendance> UNSCHEDULED_CARE = new SourceAdapter<>() {
        public Topic<UnscheduledCareAttendance> topic() {
            return Topics.UNSCHEDULED_CARE;
        }

        public EventHeader header(UnscheduledCareAttendance e) {
            return e.getHeader();
        }

        public String reference(UnscheduledCareAttendance e) {
            return e.getAttendanceReference();
        }

        public List<PersonRef> children(UnscheduledCareAttendance e) {
            return List.of(e.getChild());
        }

        public List<IndicatorCategory> categories(UnscheduledCareAttendance e) {
            return List.of(IndicatorCategory.UNSCHEDULED_CARE);
        }
    };

    public static final SourceAdapter<SchoolConcern> SCHOOL_CONCERN = new SourceAdapter<>() {
        public Topic<SchoolConcern> topic() {
            return Topics.SCHOOL_CONCERNS;
        }

        public EventHeader header(SchoolConcern e) {
            return e.getHeader();
        }

        public String reference(SchoolConcern e) {
            return e.getConcernReference();
        }

        public List<PersonRef> children(SchoolConcern e) {
            return List.of(e.getChild());
        }

        public List<IndicatorCategory> categories(SchoolConcern e) {
            List<IndicatorCategory> out = new ArrayList<>();
            out.add(switch (e.getCategory()) {
                case ATTENDANCE_DROP -> IndicatorCategory.SCHOOL_ATTENDANCE_DROP;
                case CHILD_MISSING_EDUCATION -> IndicatorCategory.CHILD_MISSING_EDUCATION;
                case DSL_SAFEGUARDING_CONCERN -> IndicatorCategory.SCHOOL_SAFEGUARDING_CONCERN;
                case EXCLUSION -> IndicatorCategory.SCHOOL_EXCLUSION;
                case UNKNOWN -> IndicatorCategory.OTHER;
            });
            out.addAll(Factors.categories(e.getFactors()));
            return out;
        }

        public void validate(SchoolConcern e) {
            if (!SchoolUrn.isValid(e.getSchoolUrn())) {
                throw new RejectedInputException(RejectReason.INVALID_SCHOOL_URN, "schoolUrn: "
                        + SchoolUrn.check(e.getSchoolUrn()).reason());
            }
        }
    };

    public static final SourceAdapter<Referral> REFERRAL = new SourceAdapter<>() {
        public Topic<Referral> topic() {
            return Topics.REFERRALS;
        }

        public EventHeader header(Referral e) {
            return e.getHeader();
        }

        public String reference(Referral e) {
            return e.getReferralId();
        }

        public List<PersonRef> children(Referral e) {
            return List.of(e.getChild());
        }

        public List<IndicatorCategory> categories(Referral e) {
            List<IndicatorCategory> out = new ArrayList<>();
            out.add(IndicatorCategory.REFERRAL);
            out.addAll(Factors.categories(e.getAssessmentFactors()));
            return out;
        }
    };

    public static final SourceAdapter<ChildStatusChange> STATUS_CHANGE = new SourceAdapter<>() {
        public Topic<ChildStatusChange> topic() {
            return Topics.STATUS_CHANGES;
        }

        public EventHeader header(ChildStatusChange e) {
            return e.getHeader();
        }

        public String reference(ChildStatusChange e) {
            return e.getHeader().getEventId().toString();
        }

        public List<PersonRef> children(ChildStatusChange e) {
            return List.of(e.getChild());
        }

        public List<IndicatorCategory> categories(ChildStatusChange e) {
            return List.of(switch (e.getChange()) {
                case CHILD_IN_NEED_START -> IndicatorCategory.CHILD_IN_NEED;
                case CHILD_PROTECTION_PLAN_START -> IndicatorCategory.CHILD_PROTECTION_PLAN;
                case LOOKED_AFTER_START -> IndicatorCategory.LOOKED_AFTER;
                case CHILD_IN_NEED_END, CHILD_PROTECTION_PLAN_END, LOOKED_AFTER_END -> IndicatorCategory.STATUS_ENDED;
                case UNKNOWN -> IndicatorCategory.OTHER;
            });
        }

        public void validate(ChildStatusChange e) {
            authorityIfPresent("placingAuthority", e.getPlacingAuthority());
            authorityIfPresent("hostAuthority", e.getHostAuthority());
        }
    };

    public static final SourceAdapter<MissingEpisode> MISSING_EPISODE = new SourceAdapter<>() {
        public Topic<MissingEpisode> topic() {
            return Topics.MISSING_EPISODES;
        }

        public EventHeader header(MissingEpisode e) {
            return e.getHeader();
        }

        public String reference(MissingEpisode e) {
            return e.getEpisodeId();
        }

        public List<PersonRef> children(MissingEpisode e) {
            return List.of(e.getChild());
        }

        public List<IndicatorCategory> categories(MissingEpisode e) {
            return List.of(IndicatorCategory.MISSING_EPISODE);
        }

        public MissingDetail missing(MissingEpisode e) {
            return MissingDetail.newBuilder().setEpisodeId(e.getEpisodeId())
                    .setReportedMissingAt(e.getReportedMissingAt()).setReturnedAt(e.getReturnedAt())
                    .setLookedAfter(e.getLookedAfter()).setPlacingAuthority(e.getPlacingAuthority())
                    .setHostAuthority(e.getHostAuthority()).setRiskGrade(e.getPoliceRiskGrade()).build();
        }

        public void validate(MissingEpisode e) {
            requireReference("episodeId", e.getEpisodeId());
            if (e.getReturnedAt() != null && e.getReturnedAt().isBefore(e.getReportedMissingAt())) {
                throw new RejectedInputException(RejectReason.INCONSISTENT_TIMES,
                        "returnedAt is before reportedMissingAt");
            }
            authorityIfPresent("placingAuthority", e.getPlacingAuthority());
            authorityIfPresent("hostAuthority", e.getHostAuthority());
        }
    };

    public static final SourceAdapter<ReturnInterviewEvent> RETURN_INTERVIEW = new SourceAdapter<>() {
        public Topic<ReturnInterviewEvent> topic() {
            return Topics.RETURN_INTERVIEWS;
        }

        public EventHeader header(ReturnInterviewEvent e) {
            return e.getHeader();
        }

        public String reference(ReturnInterviewEvent e) {
            return e.getEpisodeId();
        }

        public List<PersonRef> children(ReturnInterviewEvent e) {
            return List.of(e.getChild());
        }

        public List<IndicatorCategory> categories(ReturnInterviewEvent e) {
            return List.of(switch (e.getStatus()) {
                case COMPLETED -> IndicatorCategory.RETURN_INTERVIEW_COMPLETED;
                case OFFERED -> IndicatorCategory.RETURN_INTERVIEW_OFFERED;
                case DECLINED -> IndicatorCategory.RETURN_INTERVIEW_DECLINED;
                case UNKNOWN -> IndicatorCategory.OTHER;
            });
        }

        public MissingDetail missing(ReturnInterviewEvent e) {
            return MissingDetail.newBuilder().setEpisodeId(e.getEpisodeId()).build();
        }

        public void validate(ReturnInterviewEvent e) {
            requireReference("episodeId", e.getEpisodeId());
        }
    };

    /** Every source the detection rules read, in the order the topology subscribes. */
    public static final List<SourceAdapter<?>> ALL = List.of(DOMESTIC_ABUSE, PARENT_HEALTH, UNSCHEDULED_CARE,
            SCHOOL_CONCERN, REFERRAL, STATUS_CHANGE, MISSING_EPISODE, RETURN_INTERVIEW);

    static void requireReference(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new RejectedInputException(RejectReason.MISSING_REFERENCE, field + " is missing");
        }
    }

    static void authorityIfPresent(String field, String gss) {
        if (gss != null && !LocalAuthorityCode.isValid(gss)) {
            throw new RejectedInputException(RejectReason.INVALID_AUTHORITY_CODE, field + ": "
                    + LocalAuthorityCode.check(gss).reason());
        }
    }
}
