package org.safeguardingsignals.runtime.signals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.safeguardingsignals.events.ChildPoliceContact;
import org.safeguardingsignals.events.ChildStatusChange;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.MissingEpisode;
import org.safeguardingsignals.events.ParentHealthEvent;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.Referral;
import org.safeguardingsignals.events.Retraction;
import org.safeguardingsignals.events.ReturnInterviewEvent;
import org.safeguardingsignals.events.SchoolConcern;
import org.safeguardingsignals.events.SchoolRollEntry;
import org.safeguardingsignals.events.UnscheduledCareAttendance;
import org.safeguardingsignals.validation.InputContract;
import org.safeguardingsignals.validation.InputContracts;

/** What each input topic signals about a child. */
public final class Signals {
    private Signals() {}

    /** Signals made of a contract, a function from event to categories and one to the chronology's qualifiers. */
    record Of<E extends SpecificRecord>(
            InputContract<E> contract,
            Function<E, List<IndicatorCategory>> categoriesOf,
            BiFunction<E, PersonRef, Map<String, String>> qualifiersOf)
            implements EventSignals<E> {
        Of(InputContract<E> contract, Function<E, List<IndicatorCategory>> categoriesOf) {
            this(contract, categoriesOf, (e, child) -> Map.of());
        }

        /** With qualifiers that are the same for every child of the event. */
        Of<E> qualified(Function<E, Map<String, String>> f) {
            return new Of<>(contract, categoriesOf, (e, child) -> f.apply(e));
        }

        @Override
        public List<IndicatorCategory> categories(E e) {
            return categoriesOf.apply(e);
        }

        @Override
        public Map<String, String> qualifiers(E e, PersonRef child) {
            return qualifiersOf.apply(e, child);
        }
    }

    public static final EventSignals<DomesticAbuseIncident> DOMESTIC_ABUSE = new Of<>(
            InputContracts.DOMESTIC_ABUSE, e -> List.of(IndicatorCategory.DOMESTIC_ABUSE), Qualifiers::domesticAbuse);

    public static final EventSignals<ChildPoliceContact> CHILD_POLICE_CONTACT = new Of<ChildPoliceContact>(
                    InputContracts.CHILD_POLICE_CONTACT, e -> List.of(IndicatorCategory.CHILD_POLICE_CONTACT))
            .qualified(Qualifiers::childPoliceContact);

    public static final EventSignals<ParentHealthEvent> PARENT_HEALTH = new Of<ParentHealthEvent>(
                    InputContracts.PARENT_HEALTH,
                    e -> List.of(
                            switch (e.getCategory()) {
                                case MENTAL_HEALTH -> IndicatorCategory.PARENTAL_MENTAL_HEALTH;
                                case ALCOHOL_MISUSE -> IndicatorCategory.PARENTAL_ALCOHOL_MISUSE;
                                case DRUG_MISUSE -> IndicatorCategory.PARENTAL_DRUG_MISUSE;
                                case UNKNOWN -> IndicatorCategory.OTHER;
                            }))
            .qualified(Qualifiers::parentHealth);

    public static final EventSignals<UnscheduledCareAttendance> UNSCHEDULED_CARE = new Of<>(
                    InputContracts.UNSCHEDULED_CARE, e -> List.of(IndicatorCategory.UNSCHEDULED_CARE))
            .qualified(Qualifiers::unscheduledCare);

    public static final EventSignals<SchoolConcern> SCHOOL_CONCERN = new Of<SchoolConcern>(
                    InputContracts.SCHOOL_CONCERN, e -> {
                        List<IndicatorCategory> out = new ArrayList<>();
                        out.add(
                                switch (e.getCategory()) {
                                    case ATTENDANCE_DROP -> IndicatorCategory.SCHOOL_ATTENDANCE_DROP;
                                    case CHILD_MISSING_EDUCATION -> IndicatorCategory.CHILD_MISSING_EDUCATION;
                                    case DSL_SAFEGUARDING_CONCERN -> IndicatorCategory.SCHOOL_SAFEGUARDING_CONCERN;
                                    case EXCLUSION -> IndicatorCategory.SCHOOL_EXCLUSION;
                                    case UNKNOWN -> IndicatorCategory.OTHER;
                                });
                        out.addAll(Factors.categories(e.getFactors()));
                        return out;
                    })
            .qualified(Qualifiers::schoolConcern);

    public static final EventSignals<Referral> REFERRAL = new Of<Referral>(InputContracts.REFERRAL, e -> {
                List<IndicatorCategory> out = new ArrayList<>();
                out.add(IndicatorCategory.REFERRAL);
                out.addAll(Factors.categories(e.getAssessmentFactors()));
                return out;
            })
            .qualified(Qualifiers::referral);

    public static final EventSignals<ChildStatusChange> STATUS_CHANGE = new Of<>(
            InputContracts.STATUS_CHANGE,
            e -> List.of(
                    switch (e.getChange()) {
                        case CHILD_IN_NEED_START -> IndicatorCategory.CHILD_IN_NEED;
                        case CHILD_PROTECTION_PLAN_START -> IndicatorCategory.CHILD_PROTECTION_PLAN;
                        case LOOKED_AFTER_START -> IndicatorCategory.LOOKED_AFTER;
                        case CHILD_IN_NEED_END -> IndicatorCategory.CHILD_IN_NEED_ENDED;
                        case CHILD_PROTECTION_PLAN_END -> IndicatorCategory.CHILD_PROTECTION_PLAN_ENDED;
                        case LOOKED_AFTER_END -> IndicatorCategory.LOOKED_AFTER_ENDED;
                        case UNKNOWN -> IndicatorCategory.OTHER;
                    }));

    public static final EventSignals<MissingEpisode> MISSING_EPISODE = new Of<>(
                    InputContracts.MISSING_EPISODE, e -> List.of(IndicatorCategory.MISSING_EPISODE))
            .qualified(Qualifiers::missingEpisode);

    public static final EventSignals<SchoolRollEntry> SCHOOL_ROLL = new Of<>(
            InputContracts.SCHOOL_ROLL,
            e -> List.of(
                    e.getEndDate() == null
                            ? IndicatorCategory.SCHOOL_ROLL_STARTED
                            : IndicatorCategory.SCHOOL_ROLL_ENDED));

    public static final EventSignals<ReturnInterviewEvent> RETURN_INTERVIEW = new Of<>(
            InputContracts.RETURN_INTERVIEW,
            e -> List.of(
                    switch (e.getStatus()) {
                        case COMPLETED -> IndicatorCategory.RETURN_INTERVIEW_COMPLETED;
                        case OFFERED -> IndicatorCategory.RETURN_INTERVIEW_OFFERED;
                        case DECLINED -> IndicatorCategory.RETURN_INTERVIEW_DECLINED;
                        case UNKNOWN -> IndicatorCategory.OTHER;
                    }));

    /**
     * A retraction: one chronology entry per child, of category RETRACTION, with its reason. No rule counts it; detection
     * applies it to the event it names.
     */
    public static EventSignals<Retraction> retraction(InputContract<Retraction> contract) {
        return new Of<Retraction>(contract, e -> List.of(IndicatorCategory.RETRACTION))
                .qualified(e -> Map.of("reason", e.getReason().name()));
    }

    /** The retractions' signals, in the order of {@link InputContracts#RETRACTIONS}. */
    public static final List<EventSignals<Retraction>> RETRACTIONS =
            InputContracts.RETRACTIONS.stream().map(Signals::retraction).toList();

    /** Every input that signals something about a child, in the order the topologies subscribe. */
    public static final List<EventSignals<?>> ALL = List.of(
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
            RETRACTIONS.get(0),
            RETRACTIONS.get(1),
            RETRACTIONS.get(2),
            RETRACTIONS.get(3),
            RETRACTIONS.get(4));
}
