package org.safeguardingsignals.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.safeguardingsignals.agency.Events;
import org.safeguardingsignals.events.EventHeader;
import org.safeguardingsignals.events.Retraction;
import org.safeguardingsignals.events.RetractionReason;
import org.safeguardingsignals.topics.Topic;
import org.safeguardingsignals.topics.Topics;
import org.safeguardingsignals.validation.InputContract;
import org.safeguardingsignals.validation.InputContracts;

/**
 * The agencies' mistakes, and their corrections: about one risk event in {@value #ONE_IN} is taken back by its agency
 * an hour to two weeks after it happened, with a retraction from the same agency and organisation naming the same
 * children. Half were recorded in error, three in ten against the wrong child; the other fifth are duplicates: the
 * agency sends the event a second time under another id within the hour, and later retracts that copy.
 *
 * <p>Only the events that make the risk pictures are taken back (incidents, parental health events, attendances,
 * school concerns, police contacts): the referrals, missing episodes, rolls and statuses that the calibration counts
 * stay as they are. The corrections draw on a random source of their own, so every other event of the feed is the
 * one a feed without corrections plays, and the same seed gives the same corrections.
 */
final class Corrections {
    /** One risk event in this many is taken back. */
    static final int ONE_IN = 2_000;

    private static final Set<String> RETRACTABLE = Set.of(
            Topics.DOMESTIC_ABUSE_INCIDENTS.name(),
            Topics.PARENT_HEALTH_EVENTS.name(),
            Topics.UNSCHEDULED_CARE.name(),
            Topics.SCHOOL_CONCERNS.name(),
            Topics.CHILD_POLICE_CONTACTS.name());
    private static final long HOUR_MS = Duration.ofHours(1).toMillis();

    private final Random random;
    private final Schedule schedule;
    private long references;

    Corrections(long seed, Schedule schedule) {
        // a source of its own (the seed's bits turned over): the feed's other draws are untouched
        this.random = new Random(~seed * 0x9E3779B97F4A7C15L);
        this.schedule = schedule;
    }

    /** Decides, as the feed hands out {@code p}, whether its agency will take it back; if so, schedules it. */
    void consider(Publication p) {
        if (!RETRACTABLE.contains(p.topic().name()) || random.nextInt(ONE_IN) != 0) {
            return;
        }
        double roll = random.nextDouble();
        RetractionReason reason = roll < 0.5
                ? RetractionReason.RECORDED_IN_ERROR
                : roll < 0.8 ? RetractionReason.WRONG_CHILD : RetractionReason.DUPLICATE;
        long at = p.occurredAt().toEpochMilli();
        long decidedAt = at + HOUR_MS * (1 + random.nextInt(14 * 24));
        SpecificRecord retracted = p.value();
        if (reason == RetractionReason.DUPLICATE) {
            long resentAt = at + Duration.ofMinutes(5 + random.nextInt(55)).toMillis();
            retracted = resent(p.value(), new UUID(random.nextLong(), random.nextLong()), resentAt);
            schedule.at(resentAt, publication(p.topic(), retracted, resentAt));
        }
        Retraction retraction = retraction(retracted, reason, decidedAt);
        Topic<Retraction> topic = InputContracts.retractionFor(
                        retraction.getHeader().getSourceAgency())
                .topic();
        schedule.at(
                decidedAt,
                () -> List.of(
                        new Publication(topic, topic.keyOf(retraction), retraction, Instant.ofEpochMilli(decidedAt))));
    }

    private Retraction retraction(SpecificRecord event, RetractionReason reason, long decidedAt) {
        InputContract<SpecificRecord> contract = contractOf(event);
        EventHeader published = contract.header().apply(event);
        Instant when = Instant.ofEpochMilli(decidedAt);
        return Events.retraction(Events.header(
                        new UUID(random.nextLong(), random.nextLong()),
                        published.getSourceAgency(),
                        published.getOrganisationCode(),
                        published.getLocalAuthority(),
                        when,
                        when.plus(Duration.ofMinutes(random.nextInt(60)))))
                .setRetractedEventId(published.getEventId())
                .setReason(reason)
                .setAgencyReference("CORR-" + ++references)
                .setChildren(new ArrayList<>(contract.children().apply(event)))
                .build();
    }

    /**
     * The same event sent again under another id, recorded when it was resent. A shallow copy with a header of its
     * own: the feed never changes an event once made, and a deep copy's Avro arrays cannot compare dates of birth.
     */
    private static SpecificRecord resent(SpecificRecord event, UUID id, long at) {
        SpecificRecord copy = (SpecificRecord) SpecificData.newInstance(event.getClass(), event.getSchema());
        for (Schema.Field f : event.getSchema().getFields()) {
            copy.put(f.pos(), event.get(f.pos()));
        }
        EventHeader header = contractOf(event).header().apply(event);
        copy.put(
                event.getSchema().getField("header").pos(),
                EventHeader.newBuilder(header)
                        .setEventId(id)
                        .setRecordedAt(Instant.ofEpochMilli(at))
                        .build());
        return copy;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Supplier<List<Publication>> publication(
            Topic<? extends SpecificRecord> topic, SpecificRecord event, long at) {
        String key = ((Topic) topic).keyOf(event);
        return () -> List.of(new Publication(topic, key, event, Instant.ofEpochMilli(at)));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static InputContract<SpecificRecord> contractOf(SpecificRecord event) {
        return (InputContract) InputContracts.of(event.getClass());
    }
}
