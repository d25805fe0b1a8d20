package org.safeguardingsignals.detection.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
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

    /** An adapter made of functions, one per question the intake asks of an event. */
    record Adapter<E extends SpecificRecord>(Topic<E> topic, Function<E, EventHeader> headerOf,
                                             Function<E, String> referenceOf,
                                             Function<E, List<PersonRef>> childrenOf,
                                             Function<E, List<IndicatorCategory>> categoriesOf,
                                             Function<E, List<PersonRef>> otherPeopleOf,
                                             Function<E, MissingDetail> missingOf, Consumer<E> validator)
            implements SourceAdapter<E> {

        static <E extends SpecificRecord> Adapter<E> of(Topic<E> topic, Function<E, EventHeader> headerOf,
                                                        Function<E, String> referenceOf,
                                                        Function<E, List<PersonRef>> childrenOf,
                                                        Function<E, List<IndicatorCategory>> categoriesOf) {
            return new Adapter<>(topic, headerOf, referenceOf, childrenOf, categoriesOf, e -> List.of(), e -> null,
                    e -> { });
        }

        Adapter<E> otherPeople(Function<E, List<PersonRef>> f) {
            return new Adapter<>(topic, headerOf, referenceOf, childrenOf, categoriesOf, f, missingOf, validator);
        }

        Adapter<E> missing(Function<E, MissingDetail> f) {
            return new Adapter<>(topic, headerOf, referenceOf, childrenOf, categoriesOf, otherPeopleOf, f, validator);
        }

        Adapter<E> validatedBy(Consumer<E> v) {
            return new Adapter<>(topic, headerOf, referenceOf, childrenOf, categoriesOf, otherPeopleOf, missingOf, v);
        }

        public EventHeader header(E e) {
            return headerOf.apply(e);
        }

        public String reference(E e) {
            return referenceOf.apply(e);
        }

        public List<PersonRef> children(E e) {
            return childrenOf.apply(e);
        }

        public List<IndicatorCategory> categories(E e) {
            return categoriesOf.apply(e);
        }

        public List<PersonRef> otherPeople(E e) {
            return otherPeopleOf.apply(e);
        }

        public MissingDetail missing(E e) {
            return missingOf.apply(e);
        }

        public void validate(E e) {
            validator.accept(e);
        }
    }

    public static final SourceAdapter<DomesticAbuseIncident> DOMESTIC_ABUSE = Adapter.of(
            Topics.DOMESTIC_ABUSE_INCIDENTS, DomesticAbuseIncident::getHeader,
            DomesticAbuseIncident::getIncidentReference,
            e -> e.getChildren().stream().map(LinkedChild::getChild).toList(),
            e -> List.of(IndicatorCategory.DOMESTIC_ABUSE));

    public static final SourceAdapter<ParentHealthEvent> PARENT_HEALTH = Adapter.of(
            Topics.PARENT_HEALTH_EVENTS, ParentHealthEvent::getHeader, ParentHealthEvent::getEventReference,
            ParentHealthEvent::getChildrenInHousehold,
            e -> List.of(switch (e.getCategory()) {
                case MENTAL_HEALTH -> IndicatorCategory.PARENTAL_MENTAL_HEALTH;
                case ALCOHOL_MISUSE -> IndicatorCategory.PARENTAL_ALCOHOL_MISUSE;
                case DRUG_MISUSE -> IndicatorCategory.PARENTAL_DRUG_MISUSE;
                case UNKNOWN -> IndicatorCategory.OTHER;
            }))
            .otherPeople(e -> List.of(e.getSubject()));

    public static final SourceAdapter<UnscheduledCareAttendance> UNSCHEDULED_CARE = Adapter.of(
            Topics.UNSCHEDULED_CARE, UnscheduledCareAttendance::getHeader,
            UnscheduledCareAttendance::getAttendanceReference, e -> List.of(e.getChild()),
            e -> List.of(IndicatorCategory.UNSCHEDULED_CARE));

    public static final SourceAdapter<SchoolConcern> SCHOOL_CONCERN = Adapter.of(
            Topics.SCHOOL_CONCERNS, SchoolConcern::getHeader, SchoolConcern::getConcernReference,
            e -> List.of(e.getChild()),
            e -> {
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
            })
            .validatedBy(e -> {
                if (!SchoolUrn.isValid(e.getSchoolUrn())) {
                    throw new RejectedInputException(RejectReason.INVALID_SCHOOL_URN, "schoolUrn: "
                            + SchoolUrn.check(e.getSchoolUrn()).reason());
                }
            });

    public static final SourceAdapter<Referral> REFERRAL = Adapter.of(
            Topics.REFERRALS, Referral::getHeader, Referral::getReferralId, e -> List.of(e.getChild()),
            e -> {
                List<IndicatorCategory> out = new ArrayList<>();
                out.add(IndicatorCategory.REFERRAL);
                out.addAll(Factors.categories(e.getAssessmentFactors()));
                return out;
            });

    public static final SourceAdapter<ChildStatusChange> STATUS_CHANGE = Adapter.of(
            Topics.STATUS_CHANGES, ChildStatusChange::getHeader, e -> e.getHeader().getEventId().toString(),
            e -> List.of(e.getChild()),
            e -> List.of(switch (e.getChange()) {
                case CHILD_IN_NEED_START -> IndicatorCategory.CHILD_IN_NEED;
                case CHILD_PROTECTION_PLAN_START -> IndicatorCategory.CHILD_PROTECTION_PLAN;
                case LOOKED_AFTER_START -> IndicatorCategory.LOOKED_AFTER;
                case CHILD_IN_NEED_END, CHILD_PROTECTION_PLAN_END, LOOKED_AFTER_END -> IndicatorCategory.STATUS_ENDED;
                case UNKNOWN -> IndicatorCategory.OTHER;
            }))
            .validatedBy(e -> {
                authorityIfPresent("placingAuthority", e.getPlacingAuthority());
                authorityIfPresent("hostAuthority", e.getHostAuthority());
            });

    public static final SourceAdapter<MissingEpisode> MISSING_EPISODE = Adapter.of(
            Topics.MISSING_EPISODES, MissingEpisode::getHeader, MissingEpisode::getEpisodeId,
            e -> List.of(e.getChild()), e -> List.of(IndicatorCategory.MISSING_EPISODE))
            .missing(e -> MissingDetail.newBuilder().setEpisodeId(e.getEpisodeId())
                    .setReportedMissingAt(e.getReportedMissingAt()).setReturnedAt(e.getReturnedAt())
                    .setLookedAfter(e.getLookedAfter()).setPlacingAuthority(e.getPlacingAuthority())
                    .setHostAuthority(e.getHostAuthority()).setRiskGrade(e.getPoliceRiskGrade()).build())
            .validatedBy(e -> {
                requireReference("episodeId", e.getEpisodeId());
                if (e.getReturnedAt() != null && e.getReturnedAt().isBefore(e.getReportedMissingAt())) {
                    throw new RejectedInputException(RejectReason.INCONSISTENT_TIMES,
                            "returnedAt is before reportedMissingAt");
                }
                authorityIfPresent("placingAuthority", e.getPlacingAuthority());
                authorityIfPresent("hostAuthority", e.getHostAuthority());
            });

    public static final SourceAdapter<ReturnInterviewEvent> RETURN_INTERVIEW = Adapter.of(
            Topics.RETURN_INTERVIEWS, ReturnInterviewEvent::getHeader, ReturnInterviewEvent::getEpisodeId,
            e -> List.of(e.getChild()),
            e -> List.of(switch (e.getStatus()) {
                case COMPLETED -> IndicatorCategory.RETURN_INTERVIEW_COMPLETED;
                case OFFERED -> IndicatorCategory.RETURN_INTERVIEW_OFFERED;
                case DECLINED -> IndicatorCategory.RETURN_INTERVIEW_DECLINED;
                case UNKNOWN -> IndicatorCategory.OTHER;
            }))
            .missing(e -> MissingDetail.newBuilder().setEpisodeId(e.getEpisodeId()).build())
            .validatedBy(e -> requireReference("episodeId", e.getEpisodeId()));

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
