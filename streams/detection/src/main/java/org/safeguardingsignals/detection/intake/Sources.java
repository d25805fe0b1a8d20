package org.safeguardingsignals.detection.intake;

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
import org.safeguardingsignals.events.PoliceContactType;
import org.safeguardingsignals.events.PresentingReason;
import org.safeguardingsignals.events.Referral;
import org.safeguardingsignals.events.Retraction;
import org.safeguardingsignals.events.ReturnInterviewEvent;
import org.safeguardingsignals.events.SchoolConcern;
import org.safeguardingsignals.events.SchoolRollEntry;
import org.safeguardingsignals.events.StatusChangeType;
import org.safeguardingsignals.events.UnscheduledCareAttendance;
import org.safeguardingsignals.internal.DomesticAbuseDetail;
import org.safeguardingsignals.internal.MissingDetail;
import org.safeguardingsignals.internal.Placement;
import org.safeguardingsignals.internal.RetractionDetail;
import org.safeguardingsignals.internal.SchoolRoll;
import org.safeguardingsignals.runtime.signals.EventSignals;
import org.safeguardingsignals.runtime.signals.Signals;
import org.safeguardingsignals.validation.InputContract;

/** The adapter of every input topic the detection rules read: its signals, and the details detection keeps. */
public final class Sources {
    private Sources() {}

    /** An adapter made of an input's signals and two functions. */
    record Adapter<E extends SpecificRecord>(
            EventSignals<E> signals,
            Function<E, MissingDetail> missingOf,
            Function<E, Placement> placementOf,
            BiFunction<E, PersonRef, DomesticAbuseDetail> domesticAbuseOf,
            Function<E, PresentingReason> presentingReasonOf,
            Function<E, SchoolRoll> rollOf,
            Function<E, PoliceContactType> policeContactOf,
            Function<E, List<PersonRef>> foundWithOf)
            implements SourceAdapter<E> {

        static <E extends SpecificRecord> Adapter<E> of(EventSignals<E> signals) {
            return new Adapter<>(
                    signals, e -> null, e -> null, (e, c) -> null, e -> null, e -> null, e -> null, e -> List.of());
        }

        Adapter<E> missing(Function<E, MissingDetail> f) {
            return new Adapter<>(
                    signals, f, placementOf, domesticAbuseOf, presentingReasonOf, rollOf, policeContactOf, foundWithOf);
        }

        Adapter<E> placement(Function<E, Placement> f) {
            return new Adapter<>(
                    signals, missingOf, f, domesticAbuseOf, presentingReasonOf, rollOf, policeContactOf, foundWithOf);
        }

        Adapter<E> domesticAbuse(BiFunction<E, PersonRef, DomesticAbuseDetail> f) {
            return new Adapter<>(
                    signals, missingOf, placementOf, f, presentingReasonOf, rollOf, policeContactOf, foundWithOf);
        }

        Adapter<E> presentingReason(Function<E, PresentingReason> f) {
            return new Adapter<>(
                    signals, missingOf, placementOf, domesticAbuseOf, f, rollOf, policeContactOf, foundWithOf);
        }

        Adapter<E> roll(Function<E, SchoolRoll> f) {
            return new Adapter<>(
                    signals,
                    missingOf,
                    placementOf,
                    domesticAbuseOf,
                    presentingReasonOf,
                    f,
                    policeContactOf,
                    foundWithOf);
        }

        Adapter<E> policeContact(Function<E, PoliceContactType> f) {
            return new Adapter<>(
                    signals, missingOf, placementOf, domesticAbuseOf, presentingReasonOf, rollOf, f, foundWithOf);
        }

        Adapter<E> foundWith(Function<E, List<PersonRef>> f) {
            return new Adapter<>(
                    signals, missingOf, placementOf, domesticAbuseOf, presentingReasonOf, rollOf, policeContactOf, f);
        }

        @Override
        public List<PersonRef> foundWith(E e) {
            return foundWithOf.apply(e);
        }

        @Override
        public PoliceContactType policeContact(E e) {
            return policeContactOf.apply(e);
        }

        @Override
        public SchoolRoll roll(E e) {
            return rollOf.apply(e);
        }

        @Override
        public DomesticAbuseDetail domesticAbuse(E e, PersonRef child) {
            return domesticAbuseOf.apply(e, child);
        }

        @Override
        public PresentingReason presentingReason(E e) {
            return presentingReasonOf.apply(e);
        }

        @Override
        public InputContract<E> contract() {
            return signals.contract();
        }

        @Override
        public List<IndicatorCategory> categories(E e) {
            return signals.categories(e);
        }

        @Override
        public Map<String, String> qualifiers(E e, PersonRef child) {
            return signals.qualifiers(e, child);
        }

        @Override
        public MissingDetail missing(E e) {
            return missingOf.apply(e);
        }

        @Override
        public Placement placement(E e) {
            return placementOf.apply(e);
        }
    }

    public static final SourceAdapter<DomesticAbuseIncident> DOMESTIC_ABUSE = Adapter.of(Signals.DOMESTIC_ABUSE)
            .domesticAbuse((e, child) -> new DomesticAbuseDetail(
                    e.getDashRiskLevel(),
                    e.getChildren().stream()
                            .anyMatch(linked -> linked.getChild().equals(child) && linked.getPresent()),
                    e.getPoliceAttended()));

    public static final SourceAdapter<ChildPoliceContact> CHILD_POLICE_CONTACT =
            Adapter.of(Signals.CHILD_POLICE_CONTACT).policeContact(ChildPoliceContact::getContactType);

    public static final SourceAdapter<ParentHealthEvent> PARENT_HEALTH = Adapter.of(Signals.PARENT_HEALTH);

    public static final SourceAdapter<UnscheduledCareAttendance> UNSCHEDULED_CARE =
            Adapter.of(Signals.UNSCHEDULED_CARE).presentingReason(UnscheduledCareAttendance::getPresentingReason);

    public static final SourceAdapter<SchoolConcern> SCHOOL_CONCERN = Adapter.of(Signals.SCHOOL_CONCERN);

    public static final SourceAdapter<SchoolRollEntry> SCHOOL_ROLL = Adapter.of(Signals.SCHOOL_ROLL)
            .roll(e -> new SchoolRoll(e.getSchoolUrn(), e.getStartDate(), e.getEndDate()));

    public static final SourceAdapter<Referral> REFERRAL = Adapter.of(Signals.REFERRAL);

    public static final SourceAdapter<ChildStatusChange> STATUS_CHANGE = Adapter.of(Signals.STATUS_CHANGE)
            .placement(e -> e.getChange() == StatusChangeType.LOOKED_AFTER_START
                            || e.getChange() == StatusChangeType.LOOKED_AFTER_END
                    ? new Placement(
                            e.getPlacingAuthority() != null
                                    ? e.getPlacingAuthority()
                                    : e.getHeader().getLocalAuthority(),
                            e.getHostAuthority())
                    : null);

    public static final SourceAdapter<MissingEpisode> MISSING_EPISODE = Adapter.of(Signals.MISSING_EPISODE)
            .missing(e -> MissingDetail.newBuilder()
                    .setEpisodeId(e.getEpisodeId())
                    .setReportedMissingAt(e.getReportedMissingAt())
                    .setReturnedAt(e.getReturnedAt())
                    .setLookedAfter(e.getLookedAfter())
                    .setPlacingAuthority(e.getPlacingAuthority())
                    .setHostAuthority(e.getHostAuthority())
                    .setRiskGrade(e.getPoliceRiskGrade())
                    .setMissingType(e.getMissingType())
                    .setFoundForceCode(e.getFoundForceCode())
                    .setMissingFromArea(e.getMissingFromArea())
                    .setFoundArea(e.getFoundArea())
                    .build())
            .foundWith(MissingEpisode::getFoundWith);

    public static final SourceAdapter<ReturnInterviewEvent> RETURN_INTERVIEW = Adapter.of(Signals.RETURN_INTERVIEW)
            .missing(e ->
                    MissingDetail.newBuilder().setEpisodeId(e.getEpisodeId()).build());

    /** A retraction: the event it takes back, and the topic (the principal) it came from. */
    record RetractionSource(EventSignals<Retraction> signals) implements SourceAdapter<Retraction> {
        @Override
        public InputContract<Retraction> contract() {
            return signals.contract();
        }

        @Override
        public List<IndicatorCategory> categories(Retraction e) {
            return signals.categories(e);
        }

        @Override
        public Map<String, String> qualifiers(Retraction e, PersonRef child) {
            return signals.qualifiers(e, child);
        }

        @Override
        public RetractionDetail retraction(Retraction e) {
            return RetractionDetail.newBuilder()
                    .setRetractedEventId(e.getRetractedEventId().toString())
                    .setReason(e.getReason())
                    .setSourceTopic(topic().name())
                    .build();
        }
    }

    /** Every source the detection rules read, in the order the topology subscribes. */
    public static final List<SourceAdapter<?>> ALL = List.of(
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
            new RetractionSource(Signals.RETRACTIONS.get(0)),
            new RetractionSource(Signals.RETRACTIONS.get(1)),
            new RetractionSource(Signals.RETRACTIONS.get(2)),
            new RetractionSource(Signals.RETRACTIONS.get(3)),
            new RetractionSource(Signals.RETRACTIONS.get(4)));
}
