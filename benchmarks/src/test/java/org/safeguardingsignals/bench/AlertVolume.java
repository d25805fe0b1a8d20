package org.safeguardingsignals.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.safeguardingsignals.detection.DetectionApp;
import org.safeguardingsignals.detection.DetectionConfig;
import org.safeguardingsignals.detection.DetectionTopology;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.WorkItem;
import org.safeguardingsignals.feed.FeedSettings;
import org.safeguardingsignals.feed.Publication;
import org.safeguardingsignals.feed.SyntheticFeed;
import org.safeguardingsignals.registry.SchemaRegistries;
import org.safeguardingsignals.runtime.PipelineMetrics;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.topics.Topic;
import org.safeguardingsignals.topics.Topics;

/**
 * The alert volume a MASH would see: the synthetic feed (three authorities at national rates, as in the local run)
 * played through the detection topology for a number of simulated days, with the wall clock following event time,
 * counting what the front door gets as cards: one per alert (routed to each authority) before work items, one per
 * work item after. No decision is recorded, so nothing closes: the worst case for a board nobody clears.
 */
final class AlertVolume {
    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    /** What was counted. */
    record Figures(int days, int children, long events, List<RiskAlert> alerts, Map<String, WorkItem> items) {

        /** Cards before work items: one per alert per authority it is routed to. */
        long alertCards() {
            return alerts.stream().mapToLong(a -> a.getRoutedTo().size()).sum();
        }

        Map<String, Long> alertCardsByAuthority() {
            Map<String, Long> out = new TreeMap<>();
            alerts.forEach(a -> a.getRoutedTo().forEach(la -> out.merge(la, 1L, Long::sum)));
            return out;
        }

        Map<String, Long> itemsByAuthority() {
            return items.values().stream()
                    .collect(Collectors.groupingBy(WorkItem::getLocalAuthority, TreeMap::new, Collectors.counting()));
        }

        Map<String, Long> alertsByRule() {
            return alerts.stream()
                    .collect(Collectors.groupingBy(
                            a -> a.getRuleId() + ":" + a.getSeverity(), TreeMap::new, Collectors.counting()));
        }

        long childrenAlerted() {
            return alerts.stream().map(RiskAlert::getChildPseudonym).distinct().count();
        }

        /** Per child and authority: cards before (alerts) and after (items); the most for one child. */
        Map<String, Long> cardsPerChildAndAuthority(boolean items) {
            Map<String, Long> out = new HashMap<>();
            if (items) {
                this.items
                        .values()
                        .forEach(i -> out.merge(i.getChildPseudonym() + "|" + i.getLocalAuthority(), 1L, Long::sum));
            } else {
                alerts.forEach(a ->
                        a.getRoutedTo().forEach(la -> out.merge(a.getChildPseudonym() + "|" + la, 1L, Long::sum)));
            }
            return out;
        }

        long childAuthoritiesWithTwoOrMore(boolean items) {
            return cardsPerChildAndAuthority(items).values().stream()
                    .filter(n -> n >= 2)
                    .count();
        }

        long most(boolean items) {
            return cardsPerChildAndAuthority(items).values().stream()
                    .mapToLong(Long::longValue)
                    .max()
                    .orElse(0);
        }

        long supersededAlerts() {
            return items.values().stream()
                    .flatMap(i -> i.getAlerts().stream())
                    .filter(a -> a.getSupersededBy() != null)
                    .count();
        }

        long householdGroupedItems() {
            return items.values().stream()
                    .filter(i -> i.getHouseholdReference() != null)
                    .count();
        }

        String report() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(
                    "%d simulated days, %d children in %d authorities, %d events%n",
                    days, children, alertCardsByAuthority().size(), events));
            b.append(String.format(
                    "alerts raised: %d on %d children; by rule and severity: %s%n",
                    alerts.size(), childrenAlerted(), alertsByRule()));
            b.append(String.format(
                    "before (a card per alert per authority): %d cards, %.2f per alerted child, %.2f a day; "
                            + "child-authority pairs with 2 or more cards: %d; most for one child in one authority: %d%n",
                    alertCards(),
                    (double) alertCards() / Math.max(1, childrenAlerted()),
                    (double) alertCards() / days,
                    childAuthoritiesWithTwoOrMore(false),
                    most(false)));
            b.append(String.format(
                    "after (a work item per child per authority): %d items, %.2f per alerted child, %.2f a day; "
                            + "child-authority pairs with 2 or more items: %d (none open at once: no decision closes "
                            + "any); superseded alerts: %d%n",
                    items.size(),
                    (double) items.size() / Math.max(1, childrenAlerted()),
                    (double) items.size() / days,
                    childAuthoritiesWithTwoOrMore(true),
                    supersededAlerts()));
            Map<String, Long> after = itemsByAuthority();
            alertCardsByAuthority()
                    .forEach((la, before) -> b.append(String.format(
                            "  %s: %d cards (%.2f a day) -> %d items (%.2f a day)%n",
                            la,
                            before,
                            (double) before / days,
                            after.getOrDefault(la, 0L),
                            (double) after.getOrDefault(la, 0L) / days)));
            return b.toString();
        }
    }

    private AlertVolume() {}

    /** Plays {@code days} of the feed for {@code childrenPerAuthority} children in each of the default authorities. */
    static Figures measure(int days, int childrenPerAuthority) {
        FeedSettings defaults = FeedSettings.defaults();
        FeedSettings settings = new FeedSettings(
                defaults.seed(),
                defaults.authorities(),
                childrenPerAuthority,
                defaults.domesticAbuseShare(),
                defaults.mentalHealthShare(),
                defaults.substanceShare(),
                defaults.missingProneShare(),
                defaults.unknownNhsShare(),
                START);
        String scope = "alert-volume-" + System.nanoTime();
        Map<String, Object> serdeConfig = Map.of("schema.registry.url", "mock://" + scope);
        Properties props = new Properties();
        props.putAll(serdeConfig);
        props.put("application.id", "alert-volume");
        props.put("bootstrap.servers", "unused:9092");
        try {
            props.put("state.dir", Files.createTempDirectory("alert-volume").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PipelineMetrics metrics = PipelineMetrics.inMemory();
        Pseudonymiser pseudonymiser =
                new Pseudonymiser("alert-volume-pseudonym-key-of-32-bytes-or-more".getBytes(StandardCharsets.UTF_8));
        Instant end = START.plus(Duration.ofDays(days));
        long events = 0;
        List<RiskAlert> alerts = new ArrayList<>();
        Map<String, WorkItem> items = new LinkedHashMap<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                DetectionTopology.build(DetectionConfig.DEFAULTS, pseudonymiser, serdeConfig, metrics),
                DetectionApp.streamsProperties(props, metrics),
                START)) {
            Map<String, TestInputTopic<String, SpecificRecord>> inputs = new HashMap<>();
            TestOutputTopic<String, RiskAlert> alertTopic = output(driver, Topics.ALERTS, serdeConfig);
            TestOutputTopic<String, WorkItem> itemTopic = output(driver, Topics.WORK_ITEMS, serdeConfig);
            SyntheticFeed feed = new SyntheticFeed(settings);
            Instant clock = START;
            while (feed.peekTime().isBefore(end)) {
                Publication p = feed.next();
                if (p.occurredAt().isAfter(clock)) { // the wall clock follows event time: timers run as in life
                    driver.advanceWallClockTime(Duration.between(clock, p.occurredAt()));
                    clock = p.occurredAt();
                }
                input(driver, inputs, p.topic(), serdeConfig).pipeInput(p.key(), p.value(), p.occurredAt());
                events++;
                alerts.addAll(alertTopic.readValuesToList());
                itemTopic.readValuesToList().forEach(i -> items.put(i.getWorkItemId(), i));
            }
            driver.advanceWallClockTime(Duration.between(clock, end));
            alerts.addAll(alertTopic.readValuesToList());
            itemTopic.readValuesToList().forEach(i -> items.put(i.getWorkItemId(), i));
        } finally {
            SchemaRegistries.dropMockScope(scope);
        }
        return new Figures(days, childrenPerAuthority * settings.authorities().size(), events, alerts, items);
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

    private static <V extends SpecificRecord> TestOutputTopic<String, V> output(
            TopologyTestDriver driver, Topic<V> topic, Map<String, Object> serdeConfig) {
        return driver.createOutputTopic(topic.name(), new StringDeserializer(), topic.valueDeserializer(serdeConfig));
    }

    /** {@code AlertVolume [days] [children per authority]}: prints the figures. */
    public static void main(String[] args) {
        int days = args.length > 0 ? Integer.parseInt(args[0]) : 730;
        int children = args.length > 1 ? Integer.parseInt(args[1]) : 40_000;
        System.out.print(measure(days, children).report());
    }
}
