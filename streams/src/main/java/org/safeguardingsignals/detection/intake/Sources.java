package org.safeguardingsignals.detection.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.safeguardingsignals.events.ChildStatusChange;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.MissingEpisode;
import org.safeguardingsignals.events.ParentHealthEvent;
import org.safeguardingsignals.events.Referral;
import org.safeguardingsignals.events.ReturnInterviewEvent;
import org.safeguardingsignals.events.SchoolConcern;
import org.safeguardingsignals.events.UnscheduledCareAttendance;
import org.safeguardingsignals.events.StatusChangeType;
import org.safeguardingsignals.internal.MissingDetail;
import org.safeguardingsignals.internal.Placement;
import org.safeguardingsignals.validation.InputContract;
import org.safeguardingsignals.validation.InputContracts;

/** The adapter of every input topic the detection rules read. */
public final class Sources {
    private Sources() {
    }

    /** An adapter made of its contract and two functions. */
    record Adapter<E extends SpecificRecord>(InputContract<E> contract,
                                             Function<E, List<IndicatorCategory>> categoriesOf,
                                             Function<E, MissingDetail> missingOf,
                                             Function<E, Placement> placementOf) implements SourceAdapter<E> {

        static <E extends SpecificRecord> Adapter<E> of(InputContract<E> contract,
                                                        Function<E, List<IndicatorCategory>> categoriesOf) {
            return new Adapter<>(contract, categoriesOf, e -> null, e -> null);
        }

        Adapter<E> missing(Function<E, MissingDetail> f) {
            return new Adapter<>(contract, categoriesOf, f, placementOf);
        }

        Adapter<E> placement(Function<E, Placement> f) {
            return new Adapter<>(contract, categoriesOf, missingOf, f);
        }

        public Placement placement(E e) {
            return placementOf.apply(e);
        }

        public List<IndicatorCategory> categories(E e) {
            return categoriesOf.apply(e);
        }

        public MissingDetail missing(E e) {
            return missingOf.apply(e);
        }
    }

    public static final SourceAdapter<DomesticAbuseIncident> DOMESTIC_ABUSE = Adapter.of(
            InputContracts.DOMESTIC_ABUSE, e -> List.of(IndicatorCategory.DOMESTIC_ABUSE));

    public static final SourceAdapter<ParentHealthEvent> PARENT_HEALTH = Adapter.of(
            InputContracts.PARENT_HEALTH, e -> List.of(switch (e.getCategory()) {
                case MENTAL_HEALTH -> IndicatorCategory.PARENTAL_MENTAL_HEALTH;
                case ALCOHOL_MISUSE -> IndicatorCategory.PARENTAL_ALCOHOL_MISUSE;
                case DRUG_MISUSE -> IndicatorCategory.PARENTAL_DRUG_MISUSE;
                case UNKNOWN -> IndicatorCategory.OTHER;
            }));

    public static final SourceAdapter<UnscheduledCareAttendance> UNSCHEDULED_CARE = Adapter.of(
            InputContracts.UNSCHEDULED_CARE, e -> List.of(IndicatorCategory.UNSCHEDULED_CARE));

    public static final SourceAdapter<SchoolConcern> SCHOOL_CONCERN = Adapter.of(
            InputContracts.SCHOOL_CONCERN, e -> {
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
            });

    public static final SourceAdapter<Referral> REFERRAL = Adapter.of(
            InputContracts.REFERRAL, e -> {
                List<IndicatorCategory> out = new ArrayList<>();
                out.add(IndicatorCategory.REFERRAL);
                out.addAll(Factors.categories(e.getAssessmentFactors()));
                return out;
            });

    public static final SourceAdapter<ChildStatusChange> STATUS_CHANGE = Adapter.of(
            InputContracts.STATUS_CHANGE, e -> List.of(switch (e.getChange()) {
                case CHILD_IN_NEED_START -> IndicatorCategory.CHILD_IN_NEED;
                case CHILD_PROTECTION_PLAN_START -> IndicatorCategory.CHILD_PROTECTION_PLAN;
                case LOOKED_AFTER_START -> IndicatorCategory.LOOKED_AFTER;
                case CHILD_IN_NEED_END -> IndicatorCategory.CHILD_IN_NEED_ENDED;
                case CHILD_PROTECTION_PLAN_END -> IndicatorCategory.CHILD_PROTECTION_PLAN_ENDED;
                case LOOKED_AFTER_END -> IndicatorCategory.LOOKED_AFTER_ENDED;
                case UNKNOWN -> IndicatorCategory.OTHER;
            }))
            .placement(e -> e.getChange() == StatusChangeType.LOOKED_AFTER_START
                    || e.getChange() == StatusChangeType.LOOKED_AFTER_END
                    ? new Placement(e.getPlacingAuthority() != null ? e.getPlacingAuthority()
                            : e.getHeader().getLocalAuthority(), e.getHostAuthority()) : null);

    public static final SourceAdapter<MissingEpisode> MISSING_EPISODE = Adapter.of(
            InputContracts.MISSING_EPISODE, e -> List.of(IndicatorCategory.MISSING_EPISODE))
            .missing(e -> MissingDetail.newBuilder().setEpisodeId(e.getEpisodeId())
                    .setReportedMissingAt(e.getReportedMissingAt()).setReturnedAt(e.getReturnedAt())
                    .setLookedAfter(e.getLookedAfter()).setPlacingAuthority(e.getPlacingAuthority())
                    .setHostAuthority(e.getHostAuthority()).setRiskGrade(e.getPoliceRiskGrade()).build());

    public static final SourceAdapter<ReturnInterviewEvent> RETURN_INTERVIEW = Adapter.of(
            InputContracts.RETURN_INTERVIEW, e -> List.of(switch (e.getStatus()) {
                case COMPLETED -> IndicatorCategory.RETURN_INTERVIEW_COMPLETED;
                case OFFERED -> IndicatorCategory.RETURN_INTERVIEW_OFFERED;
                case DECLINED -> IndicatorCategory.RETURN_INTERVIEW_DECLINED;
                case UNKNOWN -> IndicatorCategory.OTHER;
            }))
            .missing(e -> MissingDetail.newBuilder().setEpisodeId(e.getEpisodeId()).build());

    /** Every source the detection rules read, in the order the topology subscribes. */
    public static final List<SourceAdapter<?>> ALL = List.of(DOMESTIC_ABUSE, PARENT_HEALTH, UNSCHEDULED_CARE,
            SCHOOL_CONCERN, REFERRAL, STATUS_CHANGE, MISSING_EPISODE, RETURN_INTERVIEW);
}
