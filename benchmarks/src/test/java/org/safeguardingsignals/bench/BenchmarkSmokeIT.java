package org.safeguardingsignals.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.safeguardingsignals.topics.TopicReader;

/**
 * The benchmark harness itself, run tiny on the real broker and registry: a throughput run and a latency run whose
 * results must be complete and sane (every event counted and caught up on, every probe's alert seen). It checks
 * the code that produces BENCHMARKS.md's figures, not the figures: nothing here asserts a speed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BenchmarkSmokeIT {
    static final long EVENTS = 2_000;
    BenchWorld world;

    @BeforeAll
    void start() throws Exception {
        world = new BenchWorld();
    }

    @AfterAll
    void stop() {
        world.close();
    }

    @Test
    void aTinyThroughputRunCountsEveryEventThroughBothTopologies() throws Exception {
        Throughput.Result r = Throughput.run(world, EVENTS, "smoke");

        long published = 0;
        for (String input : BenchWorld.inputs()) {
            published += TopicReader.readToEnd(
                            world.kafka.adminProperties(),
                            input,
                            new ByteArrayDeserializer(),
                            new ByteArrayDeserializer())
                    .size();
        }
        assertThat(published)
                .as("events the feed published to the inputs the rules read")
                .isEqualTo(EVENTS);
        assertThat(TopicReader.readToEnd(
                                world.kafka.adminProperties(),
                                PassThrough.OUTPUT,
                                new ByteArrayDeserializer(),
                                new ByteArrayDeserializer())
                        .size())
                .as("the pass-through ceiling copied each event once")
                .isEqualTo(EVENTS);
        long copies = Math.max(1, Math.round(r.writesPerEvent()));
        assertThat(TopicReader.readToEnd(
                                world.kafka.adminProperties(),
                                PassThrough.FLOOR_OUTPUT,
                                new ByteArrayDeserializer(),
                                new ByteArrayDeserializer())
                        .size())
                .as("the floor wrote as many records per event as the pipeline did")
                .isEqualTo(copies * EVENTS);
        assertThat(r.writesPerEvent())
                .as("each event's child state is written at least once")
                .isGreaterThan(1);
        assertThat(r.signalsHere())
                .as("the feed puts events on their first child's partition")
                .isGreaterThan(r.signalsHopped());
        assertThat(r.floorPerSecond()).isPositive().isFinite();
        assertThat(r.events()).isEqualTo(EVENTS);
        assertThat(r.passThroughPerSecond()).isPositive().isFinite();
        assertThat(r.pipelinePerSecond()).isPositive().isFinite();
        assertThat(r.ratio()).isPositive().isFinite();
        assertThat(r.seconds()).as("pipeline wall time").isPositive();
        assertThat(r.children()).as("children tracked").isPositive();
        assertThat(r.stateBytes()).as("child state on disk after close").isPositive();
        assertThat(r.peakHeapBytes())
                .isPositive()
                .isLessThanOrEqualTo(Runtime.getRuntime().maxMemory());
    }

    @Test
    void aTinyLatencyRunSeesTheAlertOfEveryProbe() throws Exception {
        Latency.Result r = Latency.run(world, 200, 3, 5);

        assertThat(r.probes())
                .as("probes sent (one each 200 ms for 3 s: how many depends on the clock)")
                .isPositive();
        assertThat(r.answered()).as("probes whose alert was seen").isEqualTo(r.probes());
        assertThat(r.p50()).isNotNegative();
        assertThat(List.of(r.p50(), r.p95(), r.p99(), r.max())).isSorted();
        assertThat(Latency.summary(r))
                .startsWith("200 events/s offered, " + r.probes() + " probes, " + r.probes() + " alerts seen")
                .doesNotContain("not seen");
        List<String> timeline = Files.readAllLines(Path.of("benchmarks", "target", "latency-probes.csv"));
        assertThat(timeline.get(0)).isEqualTo("sent_ms,latency_ms");
        assertThat(timeline).hasSize(r.answered() + 1);
    }
}
