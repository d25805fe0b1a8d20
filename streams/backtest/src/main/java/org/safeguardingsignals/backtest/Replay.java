package org.safeguardingsignals.backtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.safeguardingsignals.detection.DetectionApp;
import org.safeguardingsignals.detection.DetectionConfig;
import org.safeguardingsignals.detection.DetectionTopology;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.runtime.PipelineMetrics;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.topics.Topics;

/**
 * One replay of an {@link InputHistory} through {@link DetectionTopology#build} with one set of settings, in a
 * {@link TopologyTestDriver} of its own: its own application id, state directory and outputs, none of them on the
 * broker. Kafka's driver runs the same processors and stores as the application, but lets the replay decide the
 * order (every topic merged by event time, as the pipeline sees a steady feed) and the clock: the wall clock follows
 * event time, so the timers (overdue return interviews, expiry) fire where they would have in life. The state is
 * held in memory: the driver commits after every record, and a commit flushes RocksDB to disk (a file a record).
 */
public final class Replay {
    /** Punctuators are due on the wall clock; moving it by less than this between events changes nothing they do. */
    private static final Duration CLOCK_STEP = Duration.ofMinutes(1);

    /**
     * The timers run by the simulated hour, not every 30 s of a simulated year (a million runs): an overdue return
     * interview is raised within the hour. The expiry sweep is off: in memory, every run copied the store's keys, and
     * a replay of a period holds every child anyway; no alert can see it, since every rule looks back by time and
     * expiry only frees the store.
     */
    static final Duration TIMER_INTERVAL = Duration.ofHours(1);

    static final int EXPIRY_PER_RUN = 0;

    /** How often the outputs nobody reads (work items, vault entries, internal topics) are emptied, in events. */
    private static final int DRAIN_EVERY = 2_000;

    /** An alert the replay raised, as the report counts it. */
    public record Raised(
            String alertId, String ruleId, String severity, String child, List<String> routedTo, Instant raisedAt) {}

    /** What one replay raised in the period, and what it cost. */
    public record Result(String name, List<Raised> alerts, long events, long deadLetters, Duration took) {}

    private Replay() {}

    /**
     * @param name          "current" or "candidate": part of the application id and the state directory's name
     * @param replayRegistry the replay's own registry settings (the history's values are written for it)
     * @param from          alerts raised before this (during the warm-up) are not counted
     * @param to            the period's end: the clock is moved to it so that timers due before it fire
     */
    public static Result run(
            String name,
            DetectionConfig config,
            Pseudonymiser pseudonymiser,
            InputHistory history,
            Map<String, ?> replayRegistry,
            Instant from,
            Instant to,
            Progress progress) {
        long started = System.nanoTime();
        Path stateDir = temporaryDirectory(name);
        Properties props = new Properties();
        props.putAll(replayRegistry);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "safeguarding-backtest-" + name);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "backtest.invalid:9092"); // never connected to
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        PipelineMetrics metrics = PipelineMetrics.inMemory();
        List<InputHistory.Event> events = history.events();
        Instant clock = events.isEmpty() ? from : events.get(0).occurredAt();
        List<Raised> raised = new ArrayList<>();
        long deadLetters = 0;
        try (TopologyTestDriver driver = new TopologyTestDriver(
                DetectionTopology.build(
                        config.withTimers(TIMER_INTERVAL, EXPIRY_PER_RUN).withStoresInMemory(),
                        pseudonymiser,
                        replayRegistry,
                        metrics),
                DetectionApp.streamsProperties(props, metrics),
                clock)) {
            Map<String, TestInputTopic<String, byte[]>> inputs = new HashMap<>();
            TestOutputTopic<String, RiskAlert> alerts = driver.createOutputTopic(
                    Topics.ALERTS.name(), new StringDeserializer(), Topics.ALERTS.valueDeserializer(replayRegistry));
            progress.started("replaying (" + name + ")", events.size());
            long piped = 0;
            for (InputHistory.Event e : events) {
                if (Duration.between(clock, e.occurredAt()).compareTo(CLOCK_STEP) >= 0) {
                    driver.advanceWallClockTime(Duration.between(clock, e.occurredAt()));
                    clock = e.occurredAt();
                    collect(alerts, clock, from, to, raised);
                }
                inputs.computeIfAbsent(
                                e.topic(),
                                t -> driver.createInputTopic(t, new StringSerializer(), new ByteArraySerializer()))
                        .pipeInput(e.key(), e.value(), e.occurredAt());
                collect(alerts, clock, from, to, raised);
                if (++piped % DRAIN_EVERY == 0) {
                    deadLetters += drainUnread(driver);
                    progress.advanced(piped);
                }
            }
            Instant end = to.minusMillis(1);
            if (end.isAfter(clock)) {
                driver.advanceWallClockTime(Duration.between(clock, end));
                collect(alerts, end, from, to, raised);
            }
            deadLetters += drainUnread(driver);
            progress.done(piped);
        } finally {
            delete(stateDir);
        }
        return new Result(name, raised, events.size(), deadLetters, Duration.ofNanos(System.nanoTime() - started));
    }

    /** The alerts raised since the last look, counted when the replay's clock is in the period. */
    private static void collect(
            TestOutputTopic<String, RiskAlert> alerts, Instant clock, Instant from, Instant to, List<Raised> raised) {
        if (alerts.isEmpty()) {
            return;
        }
        for (TestRecord<String, RiskAlert> r : alerts.readRecordsToList()) {
            if (clock.isBefore(from) || !clock.isBefore(to)) {
                continue; // warm-up: the state it built counts, its alerts do not
            }
            RiskAlert a = r.value();
            raised.add(new Raised(
                    a.getAlertId(),
                    a.getRuleId(),
                    a.getSeverity().name(),
                    a.getChildPseudonym(),
                    List.copyOf(a.getRoutedTo()),
                    clock));
        }
    }

    /** Empties every other output; returns the dead letters among them. */
    private static long drainUnread(TopologyTestDriver driver) {
        long deadLetters = 0;
        for (String topic : driver.producedTopicNames()) {
            if (topic.equals(Topics.ALERTS.name())) {
                continue;
            }
            TestOutputTopic<byte[], byte[]> out =
                    driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            long n = out.getQueueSize();
            if (n > 0) {
                out.readRecordsToList();
                if (topic.equals(Topics.DEAD_LETTERS.name())) {
                    deadLetters += n;
                }
            }
        }
        return deadLetters;
    }

    private static Path temporaryDirectory(String name) {
        try {
            return Files.createTempDirectory("safeguarding-backtest-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing a finished backtest for
        }
    }
}
