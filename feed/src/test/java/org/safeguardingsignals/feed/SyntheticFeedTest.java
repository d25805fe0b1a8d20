package org.safeguardingsignals.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.ChildStatusChange;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.EventHeader;
import org.safeguardingsignals.events.LinkedChild;
import org.safeguardingsignals.events.MissingEpisode;
import org.safeguardingsignals.events.Referral;
import org.safeguardingsignals.events.Retraction;
import org.safeguardingsignals.events.RetractionReason;
import org.safeguardingsignals.events.SchoolRollEntry;
import org.safeguardingsignals.events.UnscheduledCareAttendance;
import org.safeguardingsignals.identifiers.NhsNumber;
import org.safeguardingsignals.topics.Topics;
import org.safeguardingsignals.validation.InputContract;
import org.safeguardingsignals.validation.InputContracts;

class SyntheticFeedTest {
    static final FeedSettings SETTINGS = FeedSettings.defaults().withStart(Instant.parse("2025-01-01T00:00:00Z"));

    @Test
    void theSameSeedGivesTheSameEvents() {
        assertThat(new SyntheticFeed(SETTINGS).take(500)).isEqualTo(new SyntheticFeed(SETTINGS).take(500));
    }

    @Test
    void eventsComeInTimeOrder() {
        List<Publication> events = new SyntheticFeed(SETTINGS).take(5_000);
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).occurredAt())
                    .isAfterOrEqualTo(events.get(i - 1).occurredAt());
        }
    }

    @Test
    void volumesMatchTheNationalRatesPerTenThousandChildren() {
        SyntheticFeed feed = new SyntheticFeed(SETTINGS);
        Instant end = SETTINGS.start().plus(Duration.ofDays(100));
        Map<String, Long> counts = new HashMap<>();
        long missingReports = 0;
        while (feed.peekTime().isBefore(end)) {
            Publication p = feed.next();
            counts.merge(p.topic().name(), 1L, Long::sum);
            if (p.value() instanceof MissingEpisode m && m.getReturnedAt() == null) {
                missingReports++;
            }
        }
        double per10kPerDay = 1.0 / (SETTINGS.children() / 10_000.0) / 100;
        assertThat(counts.get(Topics.REFERRALS.name()) * per10kPerDay).isCloseTo(Calibration.REFERRALS, within(0.15));
        assertThat(counts.get(Topics.DOMESTIC_ABUSE_INCIDENTS.name()) * per10kPerDay)
                .isCloseTo(Calibration.DOMESTIC_ABUSE_INCIDENTS, within(0.15));
        assertThat(missingReports * per10kPerDay).isCloseTo(Calibration.MISSING_INCIDENTS, within(0.08));
    }

    @Test
    void thePopulationCarriesThePublishedShares() {
        // a million children: the shares are fixed by the seed, child by child; sampling error about 0.02 points
        FeedSettings settings = new FeedSettings(
                SETTINGS.seed(),
                List.of("E10000016"),
                1_000_000,
                SETTINGS.domesticAbuseShare(),
                SETTINGS.mentalHealthShare(),
                SETTINGS.substanceShare(),
                SETTINGS.missingProneShare(),
                SETTINGS.unknownNhsShare(),
                SETTINGS.start());
        Population population = new Population(settings);
        int allThree = 0;
        int lookedAfter = 0;
        int domesticAbuse = 0;
        for (int child = 0; child < settings.children(); child++) {
            int household = population.householdOf(child);
            boolean da = population.domesticAbuse(household);
            domesticAbuse += da ? 1 : 0;
            allThree += da && population.mentalHealth(household) && population.substanceMisuse(household) ? 1 : 0;
            lookedAfter += population.lookedAfter(child) ? 1 : 0;
        }
        double n = settings.children();
        assertThat(allThree / n)
                .as("children living with all three (Skinner et al. 2021: 3.6%)")
                .isCloseTo(Calibration.ALL_THREE, within(0.001));
        assertThat(domesticAbuse / n)
                .as("all three, and the share of the others with domestic abuse")
                .isCloseTo(
                        Calibration.ALL_THREE + (1 - Calibration.ALL_THREE) * settings.domesticAbuseShare(),
                        within(0.001));
        assertThat(lookedAfter / n)
                .as("looked after (84,000 of 12 million)")
                .isCloseTo(Calibration.LOOKED_AFTER, within(0.0005));
    }

    @Test
    void aboutAFifthOfReferralsAreReReferralsAndTwoThirdsOfMissingReportsAreRepeats() {
        // the second of two years (the first gives each child's history), counted by the child's reference
        SyntheticFeed feed = new SyntheticFeed(SETTINGS);
        Instant measured = SETTINGS.start().plus(Duration.ofDays(365));
        Instant end = measured.plus(Duration.ofDays(365));
        Map<String, Instant> lastReferral = new HashMap<>();
        Map<String, Instant> lastMissing = new HashMap<>();
        long referrals = 0;
        long reReferrals = 0;
        long reports = 0;
        long repeats = 0;
        long ofLookedAfter = 0;
        while (feed.peekTime().isBefore(end)) {
            Publication p = feed.next();
            Instant at = p.occurredAt();
            Instant before = null;
            if (p.value() instanceof Referral r) {
                before = lastReferral.put(r.getChild().toString(), at);
            } else if (p.value() instanceof MissingEpisode m && m.getReturnedAt() == null) {
                before = lastMissing.put(m.getChild().toString(), at);
            } else {
                continue;
            }
            if (at.isBefore(measured)) {
                continue;
            }
            boolean again = before != null && !before.plus(Duration.ofDays(365)).isBefore(at);
            if (p.value() instanceof Referral) {
                referrals++;
                reReferrals += again ? 1 : 0;
            } else {
                reports++;
                repeats += again ? 1 : 0;
                ofLookedAfter += ((MissingEpisode) p.value()).getLookedAfter() ? 1 : 0;
            }
        }
        System.out.printf(
                "%d referrals, %.1f%% re-referrals; %d missing reports, %.1f%% repeats, %.1f%% of looked-after children%n",
                referrals,
                100.0 * reReferrals / referrals,
                reports,
                100.0 * repeats / reports,
                100.0 * ofLookedAfter / reports);
        // about 6,200 referrals and 1,800 reports: sampling error about half a point and a point
        assertThat((double) reReferrals / referrals)
                .as("re-referrals within 12 months (DfE 2023-24: 22%%) of %d referrals", referrals)
                .isCloseTo(0.22, within(0.03));
        assertThat((double) repeats / reports)
                .as("reports of a child reported missing in the year before (nearly two thirds) of %d", reports)
                .isCloseTo(0.65, within(0.05));
        assertThat((double) ofLookedAfter / reports)
                .as("reports of looked-after children (240 of 500 a day)")
                .isCloseTo(Calibration.LOOKED_AFTER_SHARE_OF_MISSING, within(0.04));
    }

    @Test
    void schoolRollsComeBeforeTheIncidentsThatNeedThemAndUnscheduledCareBringsPlansAndCare() {
        SyntheticFeed feed = new SyntheticFeed(SETTINGS);
        Instant end = SETTINGS.start().plus(Duration.ofDays(30));
        Set<String> onRoll = new HashSet<>();
        Set<String> withStatus = new HashSet<>();
        int incidentsOfPupils = 0;
        int attendances = 0;
        int attendancesOfFlaggedChildren = 0;
        while (feed.peekTime().isBefore(end)) {
            Publication p = feed.next();
            if (p.value() instanceof SchoolRollEntry roll) {
                assertThat(roll.getEndDate()).isNull();
                assertThat(onRoll.add(roll.getChild().toString()))
                        .as("one roll entry per child")
                        .isTrue();
            } else if (p.value() instanceof ChildStatusChange status) {
                withStatus.add(status.getChild().toString());
            } else if (p.value() instanceof DomesticAbuseIncident incident) {
                for (LinkedChild c : incident.getChildren()) {
                    if (onRoll.contains(c.getChild().toString())) {
                        incidentsOfPupils++;
                    }
                }
            } else if (p.value() instanceof UnscheduledCareAttendance attendance) {
                attendances++;
                if (withStatus.contains(attendance.getChild().toString())) {
                    attendancesOfFlaggedChildren++;
                }
            }
        }
        assertThat(onRoll).as("pupils put on roll").hasSizeGreaterThan(100);
        assertThat(incidentsOfPupils)
                .as("incidents involving a child already on a roll")
                .isGreaterThan(100);
        double per10kPerDay = 1.0 / (SETTINGS.children() / 10_000.0) / 30;
        assertThat(attendances * per10kPerDay).isCloseTo(Calibration.UNSCHEDULED_CARE, within(0.6));
        assertThat((double) attendancesOfFlaggedChildren / attendances)
                .as("about one in twenty attendances is of a child on a plan or looked after")
                .isBetween(0.03, 0.08);
    }

    /** What the feed plays in its first {@code days} days: every event by id, and its retractions in order. */
    record Played(Map<UUID, Publication> byId, List<Publication> retractions, long retractable) {}

    static Played play(int days) {
        SyntheticFeed feed = new SyntheticFeed(SETTINGS);
        Instant end = SETTINGS.start().plus(Duration.ofDays(days));
        Map<UUID, Publication> byId = new HashMap<>();
        List<Publication> retractions = new ArrayList<>();
        long retractable = 0;
        while (feed.peekTime().isBefore(end)) {
            Publication p = feed.next();
            if (p.value() instanceof Retraction) {
                retractions.add(p);
                continue;
            }
            @SuppressWarnings({"unchecked", "rawtypes"})
            EventHeader header =
                    (EventHeader) ((InputContract) InputContracts.of(p.value().getClass()))
                            .header()
                            .apply(p.value());
            byId.put(header.getEventId(), p);
            if (Set.of(
                            Topics.DOMESTIC_ABUSE_INCIDENTS,
                            Topics.PARENT_HEALTH_EVENTS,
                            Topics.UNSCHEDULED_CARE,
                            Topics.SCHOOL_CONCERNS,
                            Topics.CHILD_POLICE_CONTACTS)
                    .contains(p.topic())) {
                retractable++;
            }
        }
        return new Played(byId, retractions, retractable);
    }

    @Test
    void aboutOneRiskEventInTwoThousandIsTakenBackLaterByItsOwnAgencyNamingTheSameChildren() {
        Played played = play(400); // the local run's history
        List<Publication> retractions = played.retractions();
        System.out.printf(
                "%d retractions of %d risk events (one in %.0f)%n",
                retractions.size(), played.retractable(), (double) played.retractable() / retractions.size());
        assertThat(retractions).hasSize(EXPECTED_RETRACTIONS_IN_400_DAYS); // the seed fixes it
        assertThat((double) retractions.size() / played.retractable())
                .as("one in %d", Corrections.ONE_IN)
                .isCloseTo(1.0 / Corrections.ONE_IN, within(0.5 / Corrections.ONE_IN));
        Map<RetractionReason, Long> byReason = new EnumMap<>(RetractionReason.class);
        for (Publication p : retractions) {
            Retraction r = (Retraction) p.value();
            byReason.merge(r.getReason(), 1L, Long::sum);
            Publication taken = played.byId().get(r.getRetractedEventId());
            assertThat(taken).as("an event the feed sent earlier").isNotNull();
            assertThat(taken.occurredAt()).isBefore(p.occurredAt());
            @SuppressWarnings({"unchecked", "rawtypes"})
            InputContract<SpecificRecord> contract =
                    (InputContract) InputContracts.of(taken.value().getClass());
            EventHeader event = contract.header().apply(taken.value());
            assertThat(r.getHeader().getSourceAgency()).isEqualTo(event.getSourceAgency());
            assertThat(r.getHeader().getOrganisationCode()).isEqualTo(event.getOrganisationCode());
            assertThat(r.getHeader().getLocalAuthority()).isEqualTo(event.getLocalAuthority());
            assertThat(r.getChildren()).isEqualTo(contract.children().apply(taken.value()));
            assertThat(p.topic())
                    .isEqualTo(InputContracts.retractionFor(event.getSourceAgency())
                            .topic());
            assertThat(p.key()).isEqualTo(r.getRetractedEventId().toString());
            InputContracts.retractionFor(event.getSourceAgency())
                    .validate(r, p.occurredAt(), Duration.ZERO); // as the pipeline checks it
            if (r.getReason() == RetractionReason.DUPLICATE) {
                // the copy, sent again under another id: an earlier event with the same content
                assertThat(played.byId().values())
                        .filteredOn(o -> o != taken
                                && o.topic() == taken.topic()
                                && o.key().equals(taken.key()))
                        .isNotEmpty();
            }
        }
        assertThat(byReason.keySet())
                .containsExactlyInAnyOrder(
                        RetractionReason.RECORDED_IN_ERROR, RetractionReason.WRONG_CHILD, RetractionReason.DUPLICATE);
        assertThat(play(100).retractions())
                .as("the same seed, the same retractions")
                .isEqualTo(retractions.stream()
                        .filter(p -> p.occurredAt().isBefore(SETTINGS.start().plus(Duration.ofDays(100))))
                        .toList());
    }

    static final int EXPECTED_RETRACTIONS_IN_400_DAYS = 24;

    @Test
    void childrenHaveValidDistinctNhsNumbersExceptTheConfiguredShare() {
        Population population = new Population(SETTINGS);
        int n = 20_000;
        List<String> numbers = IntStream.range(0, n)
                .mapToObj(population::ref)
                .filter(r -> r.getNhsNumber() != null)
                .map(r -> r.getNhsNumber())
                .collect(Collectors.toList());
        assertThat(numbers).allMatch(NhsNumber::isValid).doesNotHaveDuplicates();
        assertThat(n - numbers.size()).isBetween((int) (n * 0.005), (int) (n * 0.03));
    }

    @Test
    void englandScaleNeedsNoPerChildMemory() {
        FeedSettings england = SETTINGS.england();
        assertThat(england.children()).isBetween(11_900_000, 12_000_000);

        // what the feed keeps while it plays 12 million children, measured after collection: anything per child
        // (even 4 bytes each) would be tens of megabytes; the feed keeps only its schedule of pending events
        long before = retainedHeap();
        SyntheticFeed feed = new SyntheticFeed(england);
        for (int i = 0; i < 50_000; i++) {
            feed.next();
        }
        long kept = retainedHeap() - before;
        assertThat(feed.hasNext()).isTrue(); // the feed is still reachable here, with all it holds
        assertThat(kept)
                .as("bytes retained by a feed of %,d children", england.children())
                .isLessThan(16L * 1024 * 1024);
    }

    private static long retainedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
