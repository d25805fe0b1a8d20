package org.safeguardingsignals.detection.intake;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.safeguardingsignals.detection.DetectionConfig;
import org.safeguardingsignals.events.EventHeader;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.UnmatchedEvent;
import org.safeguardingsignals.events.UnmatchedReason;
import org.safeguardingsignals.identifiers.IdentifierCheck;
import org.safeguardingsignals.identifiers.NhsNumber;
import org.safeguardingsignals.internal.ChildSignals;
import org.safeguardingsignals.internal.Indicator;
import org.safeguardingsignals.internal.MissingDetail;
import org.safeguardingsignals.internal.RetractionDetail;
import org.safeguardingsignals.runtime.PipelineMetrics;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.runtime.identity.IdentityVault;

/**
 * Validates one decoded input event and fans it out: one batch of indicators per child (one per category), keyed by
 * the child's pseudonym and timestamped with the event time, marked for this task's rules when the event came on the
 * child's partition ({@link ChildPlacement}); a child without a usable NHS number goes to manual matching;
 * a child not seen lately has their NHS number sealed for the identity vault (when the vault is configured). An
 * invalid event is thrown by its contract as {@link org.safeguardingsignals.validation.RejectedInputException} before anything is forwarded, so the dead-letter
 * handler gets it whole, with its original bytes.
 */
public final class IntakeProcessor<E extends SpecificRecord> implements Processor<String, E, String, Routed> {
    private final SourceAdapter<E> source;
    private final DetectionConfig config;
    private final Pseudonymiser pseudonymiser;
    private final PipelineMetrics metrics;
    private final Optional<IdentityVault.Sealer> vault;
    private final ChildPlacement placement;
    private final RecentlySealed recentlySealed = new RecentlySealed(RECENTLY_SEALED);
    private ProcessorContext<String, Routed> context;

    /** Children remembered as sealed, per intake task: enough to skip the frequent ones, small beside the stores. */
    static final int RECENTLY_SEALED = 10_000;

    public IntakeProcessor(
            SourceAdapter<E> source,
            DetectionConfig config,
            Pseudonymiser pseudonymiser,
            Optional<IdentityVault.Sealer> vault,
            ChildPlacement placement,
            PipelineMetrics metrics) {
        this.source = source;
        this.placement = placement;
        this.config = config;
        this.pseudonymiser = pseudonymiser;
        this.vault = vault;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        recentlySealed.clear();
    }

    @Override
    public void process(Record<String, E> record) {
        metrics.eventIn(source.topic().name());
        E event = record.value();
        source.contract()
                .validate(event, Instant.ofEpochMilli(context.currentSystemTimeMs()), config.futureTolerance());
        EventHeader header = source.header(event);
        List<PersonRef> children = source.children(event);
        metrics.intakeLag(
                Duration.between(header.getRecordedAt(), Instant.ofEpochMilli(context.currentSystemTimeMs())));
        fanOut(event, header, children);
    }

    private void fanOut(E event, EventHeader header, List<PersonRef> children) {
        long eventTime = header.getOccurredAt().toEpochMilli();
        List<IndicatorCategory> categories = source.categories(event);
        for (PersonRef child : children) {
            IdentifierCheck nhs = NhsNumber.check(child.getNhsNumber());
            if (!nhs.valid()) {
                metrics.unmatched(header.getSourceAgency().name());
                UnmatchedEvent unmatched = UnmatchedEvent.newBuilder()
                        .setSourceEventId(header.getEventId().toString())
                        .setSourceTopic(source.topic().name())
                        .setAgency(header.getSourceAgency())
                        .setLocalAuthority(header.getLocalAuthority())
                        .setSourceReference(source.reference(event))
                        .setReason(
                                child.getNhsNumber() == null
                                                || child.getNhsNumber().isEmpty()
                                        ? UnmatchedReason.NHS_NUMBER_MISSING
                                        : UnmatchedReason.NHS_NUMBER_INVALID)
                        .setLocalIdentifiers(child.getLocalIdentifiers())
                        .setDateOfBirth(child.getDateOfBirth())
                        .setOccurredAt(header.getOccurredAt())
                        .build();
                // processing time, not event time: an old event time on an output topic falls to its retention
                context.forward(new Record<>(
                        unmatched.getSourceEventId(), new Routed.Unmatched(unmatched), context.currentSystemTimeMs()));
                continue;
            }
            String pseudonym = pseudonymiser.pseudonymOf(child.getNhsNumber());
            Instant received = Instant.ofEpochMilli(context.currentSystemTimeMs());
            if (vault.isPresent() && recentlySealed.firstTime(pseudonym)) {
                // the wall clock, not event time: the vault is compacted, never expired by time
                context.forward(new Record<>(
                        pseudonym,
                        new Routed.Identity(vault.get().seal(pseudonym, child.getNhsNumber(), received)),
                        context.currentSystemTimeMs()));
            }
            List<String> foundWith = foundWith(event, pseudonym, received);
            List<Indicator> indicators = new ArrayList<>(categories.size());
            Map<String, String> qualifiers = source.qualifiers(event, child);
            for (IndicatorCategory category : categories) {
                indicators.add(Indicator.newBuilder()
                        .setEventId(header.getEventId().toString())
                        .setAgency(header.getSourceAgency())
                        .setSourceReference(source.reference(event))
                        .setCategory(category)
                        .setOccurredAt(header.getOccurredAt())
                        .setLocalAuthority(header.getLocalAuthority())
                        .setMissing(withFoundWith(source.missing(event), foundWith))
                        .setPlacement(source.placement(event))
                        .setReceivedAt(received)
                        .setAgeBand(AgeBands.at(child.getDateOfBirth(), header.getOccurredAt()))
                        .setDomesticAbuse(source.domesticAbuse(event, child))
                        .setPresentingReason(source.presentingReason(event))
                        .setHouseholdReference(
                                child.getHouseholdReference() == null
                                        ? null
                                        : header.getOrganisationCode() + "/" + child.getHouseholdReference())
                        .setOrganisationCode(header.getOrganisationCode())
                        .setQualifiers(qualifiers)
                        .setRoll(source.roll(event))
                        .setPoliceContact(source.policeContact(event))
                        .setRetraction(withCoordinates(source.retraction(event)))
                        .build());
            }
            int home = placement.home(child.getNhsNumber());
            boolean here = home == context.taskId().partition();
            metrics.signals(here);
            context.forward(
                    new Record<>(pseudonym, new Routed.ForChild(new ChildSignals(indicators, home), here), eventTime));
        }
    }

    /**
     * The pseudonyms of the children the child was found with: only those with a valid NHS number (a reference without
     * one cannot be joined to a child), never the child itself. Their NHS numbers are sealed for the vault like the
     * child's, so that the console can reveal a linked child, audited.
     */
    private List<String> foundWith(E event, String self, Instant received) {
        List<String> pseudonyms = new ArrayList<>();
        for (PersonRef other : source.foundWith(event)) {
            if (!NhsNumber.check(other.getNhsNumber()).valid()) {
                continue; // no manual matching for a companion: the child's own episode carries on without the link
            }
            String pseudonym = pseudonymiser.pseudonymOf(other.getNhsNumber());
            if (pseudonym.equals(self) || pseudonyms.contains(pseudonym)) {
                continue;
            }
            pseudonyms.add(pseudonym);
            if (vault.isPresent() && recentlySealed.firstTime(pseudonym)) {
                context.forward(new Record<>(
                        pseudonym,
                        new Routed.Identity(vault.get().seal(pseudonym, other.getNhsNumber(), received)),
                        context.currentSystemTimeMs()));
            }
        }
        return pseudonyms;
    }

    /** Where the retraction was read, so that an unmatched one can be dead-lettered with its coordinates. */
    private RetractionDetail withCoordinates(RetractionDetail retraction) {
        if (retraction != null) {
            context.recordMetadata().ifPresent(m -> {
                retraction.setSourcePartition(m.partition());
                retraction.setSourceOffset(m.offset());
            });
        }
        return retraction;
    }

    private static MissingDetail withFoundWith(MissingDetail missing, List<String> foundWith) {
        if (missing != null && !foundWith.isEmpty()) {
            missing.setFoundWith(foundWith);
        }
        return missing;
    }
}
