package org.safeguardingsignals.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.safeguardingsignals.detection.ChildRulesProcessor;
import org.safeguardingsignals.detection.DetectionApp;
import org.safeguardingsignals.detection.DetectionTopology;
import org.safeguardingsignals.runtime.PipelineMetrics;

/**
 * Events per second of the exactly-once pass-through and of the detection pipeline over the same records in the
 * same run, their ratio, state bytes per child and peak heap.
 */
final class Throughput {
    record Result(
            long events,
            double passThroughPerSecond,
            double pipelinePerSecond,
            double seconds,
            long children,
            long stateBytes,
            long peakHeapBytes,
            double signalsHere,
            double signalsHopped,
            double writesPerEvent,
            double floorPerSecond) {
        double ratio() {
            return pipelinePerSecond / passThroughPerSecond;
        }

        /** The pipeline against a pass-through that writes as many records per event as the pipeline does. */
        double floorRatio() {
            return pipelinePerSecond / floorPerSecond;
        }

        /** The share of children's signals judged in the task that read their event: no repartition hop. */
        double oneHopShare() {
            return signalsHere / Math.max(1, signalsHere + signalsHopped);
        }
    }

    private Throughput() {}

    static Result run(BenchWorld world, long events, String label) throws Exception {
        world.load(events, 7);
        List<String> inputs = BenchWorld.inputs();

        PipelineMetrics quiet = new PipelineMetrics(new SimpleMeterRegistry());
        var passProps = DetectionApp.streamsProperties(world.appSettings("bench-passthrough-" + label), quiet);
        double passSeconds;
        try (KafkaStreams pass = new KafkaStreams(PassThrough.build(), passProps)) {
            passSeconds = timeToCatchUp(
                    world,
                    pass,
                    pass::start,
                    "bench-passthrough-" + label,
                    world.partitions(inputs),
                    null,
                    "pass-through");
        }

        String app = "bench-detection-" + label;
        DetectionApp detection = new DetectionApp(world.appSettings(app), Map.of(), quiet);
        List<String> all = new ArrayList<>(inputs);
        all.add(app + "-" + DetectionTopology.INDICATORS_REPARTITION + "-repartition");
        AtomicLong peakHeap = new AtomicLong();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            var memory = ManagementFactory.getMemoryMXBean();
            while (sampling.get()) {
                peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                sleep(50);
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        double pipelineSeconds =
                timeToCatchUp(world, detection.streams(), detection::start, app, null, all, "pipeline");
        sampling.set(false);
        double written = producerRecordsSent(detection.streams());
        long children = detection
                .streams()
                .store(StoreQueryParameters.fromNameAndType(
                        ChildRulesProcessor.CHILD_STATE_STORE, QueryableStoreTypes.keyValueStore()))
                .approximateNumEntries();
        detection.close(); // flushes RocksDB memtables, so the files on disk hold the state
        long stateBytes = sizeOf(world.dir.resolve("state-" + app), ChildRulesProcessor.CHILD_STATE_STORE);
        // the floor: the same records through a pass-through that writes as many records per event as the pipeline
        int copies = (int) Math.max(1, Math.round(written / events));
        double floorSeconds;
        try (KafkaStreams floor = new KafkaStreams(
                PassThrough.build(PassThrough.FLOOR_OUTPUT, copies),
                DetectionApp.streamsProperties(world.appSettings("bench-floor-" + label), quiet))) {
            floorSeconds = timeToCatchUp(
                    world,
                    floor,
                    floor::start,
                    "bench-floor-" + label,
                    world.partitions(inputs),
                    null,
                    "pass-through writing " + copies + " records per event");
        }
        return new Result(
                events,
                events / passSeconds,
                events / pipelineSeconds,
                pipelineSeconds,
                children,
                stateBytes,
                peakHeap.get(),
                quiet.count(PipelineMetrics.SIGNALS, "path", "here"),
                quiet.count(PipelineMetrics.SIGNALS, "path", "repartition"),
                written / events,
                events / floorSeconds);
    }

    /** Seconds from RUNNING until the group has committed the end of every partition of the topics. */
    private static double timeToCatchUp(
            BenchWorld world,
            KafkaStreams streams,
            Runnable start,
            String group,
            List<TopicPartition> fixed,
            List<String> topics,
            String what)
            throws Exception {
        AtomicLong running = new AtomicLong();
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.compareAndSet(0, System.nanoTime());
            }
        });
        start.run(); // the application's own start: it learns the input topics' partition count first
        long lastReport = System.nanoTime();
        while (true) {
            List<TopicPartition> partitions;
            try {
                partitions = fixed != null ? fixed : world.partitions(topics);
            } catch (ExecutionException e) {
                partitions = null; // the application has not created its internal topics yet
            }
            if (running.get() != 0 && partitions != null && world.caughtUp(group, partitions)) {
                double s = (System.nanoTime() - running.get()) / 1e9;
                Bench.say("%s caught up in %.1f s", what, s);
                return s;
            }
            if (System.nanoTime() - lastReport > 10e9 && partitions != null) {
                Bench.say(
                        "  %s still working: %,d records to go %s",
                        what, world.lag(group, partitions), world.lagged.subList(0, Math.min(6, world.lagged.size())));
                if (Boolean.getBoolean("bench.diagnose")) {
                    streams.metrics().forEach((name, metric) -> {
                        if ("0_0".equals(name.tags().get("task-id"))
                                && metric.metricValue() instanceof Double v
                                && v != 0.0
                                && !name.name().contains("latency")
                                && !name.name().contains("rate")) {
                            Bench.say("    %s %s = %s", name.name(), name.tags(), metric.metricValue());
                        }
                    });
                }
                lastReport = System.nanoTime();
            }
            sleep(100);
        }
    }

    /** Records the application's producers sent: outputs, changelogs and repartition records, all of them. */
    private static double producerRecordsSent(KafkaStreams streams) {
        return streams.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("producer-metrics")
                        && e.getKey().name().equals("record-send-total"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }

    private static long sizeOf(Path root, String storeName) throws IOException {
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().contains("/rocksdb/" + storeName + "/") && Files.isRegularFile(p))
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
