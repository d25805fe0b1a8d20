package org.safeguardingsignals.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.safeguardingsignals.detection.DetectionApp;
import org.safeguardingsignals.detection.DetectionConfig;
import org.safeguardingsignals.detection.DetectionTopology;
import org.safeguardingsignals.events.LocalIdentifier;
import org.safeguardingsignals.events.MissingEpisode;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.Referral;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.feed.FeedSettings;
import org.safeguardingsignals.feed.Population;
import org.safeguardingsignals.feed.Publication;
import org.safeguardingsignals.feed.SyntheticFeed;
import org.safeguardingsignals.registry.SchemaRegistries;
import org.safeguardingsignals.runtime.PipelineMetrics;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.topics.Topic;
import org.safeguardingsignals.topics.Topics;

/**
 * The synthetic population against published figures (docs/ARCHITECTURE.md "Synthetic feed calibration"): one large
 * authority of the feed's default settings, played through the detection topology for a warm-up (so that the
 * re-referral, repeat-missing and rule windows have a year of history behind them, as in a pipeline that has been
 * running) and then for the measured period, the wall clock following event time. Per 10,000 children and year it
 * reports referrals and the share that are re-referrals (a referral of a child within 365 days of the child's previous
 * one: the DfE indicator), the share of children living in a household with each of the three toxic-trio factors and
 * with all three, missing reports, the children reported missing and the reports that are repeats; and, per 100,000
 * children, the distinct children with an alert of each rule (and severity) raised in the measured period.
 *
 * <p>Counted from the feed's own events (who, when), which carry each child's NHS number or the local identifier the
 * feed gives a child without one; alerts are mapped back to children through the same pseudonym key the topology
 * uses. Rates per year are scaled from the measured days.
 */
final class PopulationCalibration {
    /** The first day measured; the warm-up comes before it. */
    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    /** One large authority (a county: Kent's GSS code), as the first of the feed's default authorities is not. */
    static final String AUTHORITY = "E10000016";

    static final Duration YEAR = Duration.ofDays(365);
    /**
     * The default settings, but timers (due return interviews, Operation Encompass deadlines, the sweep of expired
     * state) run hourly instead of every 30 seconds: each run reads up to 10,000 children's state, which at every event
     * of a simulated year would take most of the run. An overdue interview is so raised up to an hour after it was due
     * (judged by stream time, as before); the feed completes no interview between 72 and 73 hours after the return.
     */
    static final DetectionConfig CONFIG = timersHourly();

    private static final String KEY = "population-calibration-pseudonym-key-of-32-bytes";

    /** What was counted. Counts of children are distinct children; counts of events are events. */
    static final class Figures {
        final int children;
        final int warmUpDays;
        final int days;
        long events;
        /** Children living in a household with the factor (the feed's population, fixed by the seed). */
        int domesticAbuse;

        int mentalHealth;
        int substanceMisuse;
        int allThree;
        int lookedAfter;
        int onProtectionPlan;
        int missingProne;
        /** Referrals dated in the measured period, and those of a child referred within the 365 days before. */
        long referrals;

        long reReferrals;
        /** Re-referrals of children with an NHS number: what the re-referral rule can see. */
        long reReferralsWithNhs;

        final BitSet referred = new BitSet();
        final BitSet reReferredWithNhs = new BitSet();
        /** Missing reports dated in the measured period (each episode once), of looked-after children, and repeats. */
        long missingReports;

        long missingReportsLookedAfter;
        /** Reports of a child reported missing in the 365 days before. */
        long repeatMissingReports;
        /** Children reported missing in the measured period: once or more, and twice or more. */
        final Map<Integer, Integer> missingReportsByChild = new HashMap<>();
        /** Alerts raised in the measured period, by rule (and by rule and severity): count and distinct children. */
        final Map<String, Long> alertsByRule = new TreeMap<>();

        final Map<String, BitSet> childrenByRule = new TreeMap<>();
        final Map<String, BitSet> childrenByRuleAndSeverity = new TreeMap<>();
        final BitSet flagged = new BitSet();
        /** Referrals and missing reports of every child, from the start of the warm-up: for tests. */
        final Map<Integer, List<Instant>> referralTimes = new HashMap<>();

        final Map<Integer, List<Instant>> missingReportTimes = new HashMap<>();
        /** Alerts of the measured period, with the child they are about (-1 when unknown): for tests. */
        final List<Map.Entry<Integer, RiskAlert>> alerts = new ArrayList<>();

        Figures(int children, int warmUpDays, int days) {
            this.children = children;
            this.warmUpDays = warmUpDays;
            this.days = days;
        }

        /** A count over the measured period, per 10,000 children per year. */
        double per10kPerYear(long n) {
            return n * 10_000.0 / children * 365.0 / days;
        }

        /** Children per 10,000 (a standing share, not a rate). */
        double per10k(long n) {
            return n * 10_000.0 / children;
        }

        /** Distinct children flagged in the measured period per 100,000 children, per year of it. */
        double per100kPerYear(long n) {
            return n * 100_000.0 / children * 365.0 / days;
        }

        int childrenMissing() {
            return missingReportsByChild.size();
        }

        int childrenMissingTwiceOrMore() {
            return (int)
                    missingReportsByChild.values().stream().filter(n -> n >= 2).count();
        }

        int childrenFlagged(String rule) {
            return childrenByRule.getOrDefault(rule, new BitSet()).cardinality();
        }

        int childrenFlagged(String rule, String severity) {
            return childrenByRuleAndSeverity
                    .getOrDefault(rule + ":" + severity, new BitSet())
                    .cardinality();
        }

        String report() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(
                    "%,d children in one authority (%s), seed %d; warm-up %d days, measured %d days from %s; "
                            + "%,d events%n",
                    children, AUTHORITY, FeedSettings.defaults().seed(), warmUpDays, days, START, events));
            b.append(String.format(
                    "referrals: %,d = %.1f per 10,000 children a year; %,d children referred (%.1f per 10,000)%n",
                    referrals,
                    per10kPerYear(referrals),
                    referred.cardinality(),
                    per10kPerYear(referred.cardinality())));
            b.append(String.format(
                    "re-referrals (within 365 days of the child's previous referral): %,d = %.1f%% of referrals; "
                            + "of children with an NHS number: %,d (%,d children)%n",
                    reReferrals,
                    100.0 * reReferrals / Math.max(1, referrals),
                    reReferralsWithNhs,
                    reReferredWithNhs.cardinality()));
            b.append(String.format(
                    "children living with: domestic abuse %.2f%%, parental mental ill health %.2f%%, parental "
                            + "substance misuse %.2f%%, all three %.2f%% (per 10,000: %.0f, %.0f, %.0f, %.0f)%n",
                    100.0 * domesticAbuse / children,
                    100.0 * mentalHealth / children,
                    100.0 * substanceMisuse / children,
                    100.0 * allThree / children,
                    per10k(domesticAbuse),
                    per10k(mentalHealth),
                    per10k(substanceMisuse),
                    per10k(allThree)));
            b.append(String.format(
                    "looked after %.1f, on a protection plan %.1f, missing-prone %.1f per 10,000 children%n",
                    per10k(lookedAfter), per10k(onProtectionPlan), per10k(missingProne)));
            b.append(String.format(
                    "missing reports: %,d = %.1f per 10,000 children a year, %.1f%% of looked-after children, "
                            + "%.1f%% repeats (the child reported missing in the 365 days before); children missing: "
                            + "%,d = %.1f per 10,000 a year, %,d of them twice or more (%.1f per 10,000)%n",
                    missingReports,
                    per10kPerYear(missingReports),
                    100.0 * missingReportsLookedAfter / Math.max(1, missingReports),
                    100.0 * repeatMissingReports / Math.max(1, missingReports),
                    childrenMissing(),
                    per10kPerYear(childrenMissing()),
                    childrenMissingTwiceOrMore(),
                    per10kPerYear(childrenMissingTwiceOrMore())));
            b.append(String.format(
                    "children flagged (an alert raised in the measured period), per 100,000 children a year: any "
                            + "rule %.0f (%,d children)%n",
                    per100kPerYear(flagged.cardinality()), flagged.cardinality()));
            childrenByRule.forEach((rule, who) -> {
                b.append(String.format(
                        "  %-26s %7.0f (%,d children, %,d alerts)",
                        rule, per100kPerYear(who.cardinality()), who.cardinality(), alertsByRule.get(rule)));
                for (String severity : List.of("HIGH", "MEDIUM")) {
                    int n = childrenFlagged(rule, severity);
                    if (n > 0) {
                        b.append(String.format("; %s %.0f (%,d)", severity, per100kPerYear(n), n));
                    }
                }
                b.append(String.format("%n"));
            });
            return b.toString();
        }
    }

    private PopulationCalibration() {}

    /**
     * Plays {@code warmUpDays} and then {@code days} of the feed's default settings for one authority of
     * {@code children} children, and counts.
     */
    static Figures measure(int children, int warmUpDays, int days) {
        FeedSettings settings = settings(children, warmUpDays);
        Population population = new Population(settings);
        Figures f = new Figures(children, warmUpDays, days);
        Pseudonymiser pseudonymiser = new Pseudonymiser(KEY.getBytes(StandardCharsets.UTF_8));
        Map<String, Integer> byNhs = new HashMap<>();
        Map<String, Integer> byPseudonym = new HashMap<>();
        BitSet withNhs = new BitSet();
        for (int child = 0; child < children; child++) {
            int household = population.householdOf(child);
            boolean da = population.domesticAbuse(household);
            boolean mh = population.mentalHealth(household);
            boolean sm = population.substanceMisuse(household);
            f.domesticAbuse += da ? 1 : 0;
            f.mentalHealth += mh ? 1 : 0;
            f.substanceMisuse += sm ? 1 : 0;
            f.allThree += da && mh && sm ? 1 : 0;
            f.lookedAfter += population.lookedAfter(child) ? 1 : 0;
            f.onProtectionPlan += population.onProtectionPlan(child) ? 1 : 0;
            f.missingProne += population.missingProne(child) ? 1 : 0;
            String nhs = population.ref(child).getNhsNumber();
            if (nhs != null) {
                byNhs.put(nhs, child);
                byPseudonym.put(pseudonymiser.pseudonymOf(nhs), child);
                withNhs.set(child);
            }
        }

        String scope = "population-calibration-" + System.nanoTime();
        Map<String, Object> serdeConfig = Map.of("schema.registry.url", "mock://" + scope);
        Properties props = new Properties();
        props.putAll(serdeConfig);
        props.put("application.id", "population-calibration");
        props.put("bootstrap.servers", "unused:9092");
        try {
            props.put(
                    "state.dir",
                    Files.createTempDirectory("population-calibration").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PipelineMetrics metrics = PipelineMetrics.inMemory();
        Instant first = settings.start();
        Instant end = START.plus(Duration.ofDays(days));
        Map<Integer, Instant> lastReferral = new HashMap<>();
        Map<Integer, Instant> lastMissing = new HashMap<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                DetectionTopology.build(CONFIG, pseudonymiser, serdeConfig, metrics),
                DetectionApp.streamsProperties(props, metrics),
                first)) {
            Map<String, TestInputTopic<String, SpecificRecord>> inputs = new HashMap<>();
            TestOutputTopic<String, RiskAlert> alertTopic = driver.createOutputTopic(
                    Topics.ALERTS.name(), new StringDeserializer(), Topics.ALERTS.valueDeserializer(serdeConfig));
            SyntheticFeed feed = new SyntheticFeed(settings);
            Instant clock = first;
            while (feed.peekTime().isBefore(end)) {
                Publication p = feed.next();
                Instant at = p.occurredAt();
                if (at.isAfter(clock)) { // the wall clock follows event time: timers run as in life
                    driver.advanceWallClockTime(Duration.between(clock, at));
                    clock = at;
                }
                boolean measured = !at.isBefore(START);
                if (p.value() instanceof Referral r) {
                    int child = childOf(r.getChild(), byNhs);
                    f.referralTimes
                            .computeIfAbsent(child, c -> new ArrayList<>())
                            .add(at);
                    Instant previous = lastReferral.put(child, at);
                    boolean again = previous != null && !previous.plus(YEAR).isBefore(at);
                    if (measured) {
                        f.referrals++;
                        f.referred.set(child);
                        if (again) {
                            f.reReferrals++;
                            if (withNhs.get(child)) {
                                f.reReferralsWithNhs++;
                                f.reReferredWithNhs.set(child);
                            }
                        }
                    }
                } else if (p.value() instanceof MissingEpisode m && m.getReturnedAt() == null) {
                    int child = childOf(m.getChild(), byNhs);
                    f.missingReportTimes
                            .computeIfAbsent(child, c -> new ArrayList<>())
                            .add(at);
                    Instant previous = lastMissing.put(child, at);
                    if (measured) {
                        f.missingReports++;
                        f.missingReportsLookedAfter += m.getLookedAfter() ? 1 : 0;
                        f.repeatMissingReports +=
                                previous != null && !previous.plus(YEAR).isBefore(at) ? 1 : 0;
                        f.missingReportsByChild.merge(child, 1, Integer::sum);
                    }
                }
                input(driver, inputs, p.topic(), serdeConfig).pipeInput(p.key(), p.value(), at);
                f.events++;
                List<RiskAlert> raised = alertTopic.readValuesToList();
                if (measured) {
                    raised.forEach(a -> count(f, a, byPseudonym));
                }
            }
            driver.advanceWallClockTime(Duration.between(clock, end));
            alertTopic.readValuesToList().forEach(a -> count(f, a, byPseudonym));
        } finally {
            SchemaRegistries.dropMockScope(scope);
        }
        return f;
    }

    private static DetectionConfig timersHourly() {
        Properties p = new Properties();
        p.setProperty(DetectionConfig.TIMER_INTERVAL, "PT1H");
        return DetectionConfig.from(p);
    }

    /** The feed's default settings for one authority of {@code children} children, starting the warm-up before {@link #START}. */
    static FeedSettings settings(int children, int warmUpDays) {
        FeedSettings defaults = FeedSettings.defaults();
        return new FeedSettings(
                defaults.seed(),
                List.of(AUTHORITY),
                children,
                defaults.domesticAbuseShare(),
                defaults.mentalHealthShare(),
                defaults.substanceShare(),
                defaults.missingProneShare(),
                defaults.unknownNhsShare(),
                START.minus(Duration.ofDays(warmUpDays)));
    }

    private static void count(Figures f, RiskAlert a, Map<String, Integer> byPseudonym) {
        int child = byPseudonym.getOrDefault(a.getChildPseudonym(), -1);
        f.alerts.add(Map.entry(child, a));
        f.alertsByRule.merge(a.getRuleId(), 1L, Long::sum);
        if (child >= 0) {
            f.childrenByRule.computeIfAbsent(a.getRuleId(), r -> new BitSet()).set(child);
            f.childrenByRuleAndSeverity
                    .computeIfAbsent(a.getRuleId() + ":" + a.getSeverity(), r -> new BitSet())
                    .set(child);
            f.flagged.set(child);
        }
    }

    /** The child's index: by NHS number, or by the local identifier ("P" and the index) of a child without one. */
    static int childOf(PersonRef ref, Map<String, Integer> byNhs) {
        if (ref.getNhsNumber() != null) {
            return byNhs.get(ref.getNhsNumber());
        }
        for (LocalIdentifier id : ref.getLocalIdentifiers()) {
            if (id.getValue().toString().startsWith("P")) {
                return Integer.parseInt(id.getValue().toString().substring(1));
            }
        }
        throw new IllegalArgumentException("no child for " + ref);
    }

    @SuppressWarnings("unchecked")
    private static TestInputTopic<String, SpecificRecord> input(
            TopologyTestDriver driver,
            Map<String, TestInputTopic<String, SpecificRecord>> inputs,
            Topic<? extends SpecificRecord> topic,
            Map<String, Object> serdeConfig) {
        return inputs.computeIfAbsent(
                topic.name(), n -> (TestInputTopic<String, SpecificRecord>) (TestInputTopic<String, ?>)
                        driver.createInputTopic(n, new StringSerializer(), topic.valueSerializer(serdeConfig)));
    }

    /** {@code PopulationCalibration [children] [warm-up days] [days]}: prints the figures. */
    public static void main(String[] args) {
        int children = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 365;
        int days = args.length > 2 ? Integer.parseInt(args[2]) : 365;
        System.out.print(measure(children, warmUp, days).report());
    }
}
