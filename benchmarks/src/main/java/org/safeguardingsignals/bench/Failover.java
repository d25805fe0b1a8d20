package org.safeguardingsignals.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.GroupState;
import org.safeguardingsignals.detection.DetectionApp;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.runtime.PipelineMetrics;

/**
 * Two detection instances (child JVMs, one application id) under a fixed offered load with probe children, five a
 * second, each of which must raise exactly one alert. One instance is killed with SIGKILL; the survivor takes its
 * tasks. Reported: how long after the kill delayed alerts kept arriving (until every alert again came as fast as
 * before the kill), the worst probe latency, and the probes whose alert was lost or duplicated.
 */
final class Failover {
    record Result(
            double rate,
            int probes,
            long recoveryMs,
            long worstLatencyMs,
            long normalMs,
            int lost,
            int duplicated,
            String settings,
            String fault,
            List<String> notes,
            Map<String, Long> deadLetters) {}

    /** The settings that decide recovery (DetectionApp's defaults; vary them with --set bench.streams.KEY=V). */
    static final List<String> RECOVERY_SETTINGS =
            List.of("session.timeout.ms", "heartbeat.interval.ms", "transaction.timeout.ms", "num.standby.replicas");

    private Failover() {}

    static Result run(BenchWorld world, double rate, int secondsBefore, int secondsAfter) throws Exception {
        return run(world, rate, secondsBefore, secondsAfter, Faults.instanceKilled());
    }

    static Result run(BenchWorld world, double rate, int secondsBefore, int secondsAfter, Fault fault)
            throws Exception {
        String appId = "bench-failover";
        Properties settings = world.appSettings(appId);
        settings.put("auto.offset.reset", "latest");
        List<Process> instances = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            instances.add(start(world.dir, settings, i));
        }
        awaitMembers(world, appId, 2, Duration.ofSeconds(90));
        Bench.say("two instances running; offered load %.0f events/s", rate);

        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> seenAt = new ConcurrentHashMap<>();
        // each probe's alert records by partition and offset: a reader that reads a record again after a rebalance
        // (the broker restarted under it) is not a pipeline that wrote it twice
        Map<String, Set<String>> alertsPerProbe = new ConcurrentHashMap<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        Map<String, Long> warmSent = new ConcurrentHashMap<>();
        Map<String, Long> warmSeen = new ConcurrentHashMap<>();
        Thread mash = new Thread(() -> read(world, sentAt, seenAt, alertsPerProbe, warmSent, warmSeen, reading));
        mash.start();
        Thread.sleep(2_000);
        double warmup = warmUp(world, rate, warmSent, warmSeen);

        long[] faultAt = {0};
        FaultTarget target = new FaultTarget(world, instances, settings);
        Exception[] failed = {null};
        int probes = OfferedLoad.offer(world, rate, secondsBefore + secondsAfter, 100_000, sentAt, elapsed -> {
            if (faultAt[0] == 0 && elapsed >= secondsBefore * 1_000_000_000L) {
                faultAt[0] = System.nanoTime();
                try {
                    fault.inject(target);
                } catch (Exception e) {
                    failed[0] = e;
                }
            }
        });
        if (failed[0] != null) {
            throw failed[0];
        }
        fault.await();
        Thread.sleep(30_000); // let every delayed alert arrive
        reading.set(false);
        mash.join();
        List<String> notes = new ArrayList<>(fault.notes(target));
        notes.add(0, String.format("warm-up %.0f s", warmup));
        long refused = OfferedLoad.refused();
        if (refused > 0) {
            notes.add(refused + " events of the offered load refused to the producer at send (a schema it had not"
                    + " registered, the registry unreachable): the caller is told and nothing is written");
        }
        long again = READ_AGAIN.getAndSet(0);
        if (again > 0) {
            notes.add(again + " probe alert records given to the reader a second time (the same partition and offset:"
                    + " read again, not written twice)");
        }
        Map<String, Long> deadLetters = world.deadLettersByReason();
        for (int i = 0; i < instances.size(); i++) {
            target.instance(i).destroyForcibly();
        }
        writeTimeline(world.dir.resolve("failover-timeline.csv"), faultAt[0], sentAt, seenAt);
        Result r = result(rate, probes, faultAt[0], sentAt, seenAt, alertsPerProbe, settings);
        return new Result(
                r.rate(),
                r.probes(),
                r.recoveryMs(),
                r.worstLatencyMs(),
                r.normalMs(),
                r.lost(),
                r.duplicated(),
                r.settings(),
                fault.describe(),
                notes,
                deadLetters);
    }

    /** Each probe: seconds from the fault when sent, and its alert's latency in ms (-1: none came), for diagnosis. */
    private static void writeTimeline(Path file, long faultAt, Map<String, Long> sentAt, Map<String, Long> seenAt)
            throws IOException {
        List<String> lines = new ArrayList<>(List.of("sent_s_from_fault,latency_ms"));
        sentAt.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> {
            Long seen = seenAt.get(e.getKey());
            lines.add(String.format(
                    "%.2f,%d", (e.getValue() - faultAt) / 1e9, seen == null ? -1 : (seen - e.getValue()) / 1_000_000));
        });
        Files.write(file, lines);
    }

    private static Result result(
            double rate,
            int probes,
            long killedAt,
            Map<String, Long> sentAt,
            Map<String, Long> seenAt,
            Map<String, Set<String>> alertsPerProbe,
            Properties s) {
        // "normal": the worst latency of probes sent in the 10 s before the kill and answered before it (the first
        // seconds after start-up, while tasks are assigned and warmed, are not normal)
        long normal = 0;
        long worst = 0;
        long recovery = 0;
        for (Map.Entry<String, Long> e : seenAt.entrySet()) {
            long sent = sentAt.get(e.getKey());
            long latency = (e.getValue() - sent) / 1_000_000;
            if (sent >= killedAt - 10_000_000_000L) {
                worst = Math.max(worst, latency);
                if (e.getValue() < killedAt) {
                    normal = Math.max(normal, latency);
                }
            }
        }
        long threshold = Math.max(1_000, normal);
        for (Map.Entry<String, Long> e : seenAt.entrySet()) {
            long latency = (e.getValue() - sentAt.get(e.getKey())) / 1_000_000;
            if (latency > threshold && e.getValue() > killedAt) {
                recovery = Math.max(recovery, (e.getValue() - killedAt) / 1_000_000);
            }
        }
        int lost = probes - seenAt.size();
        int duplicated = (int) alertsPerProbe.values().stream()
                .filter(records -> records.size() > 1)
                .count();
        Properties effective = DetectionApp.streamsProperties(s, new PipelineMetrics(new SimpleMeterRegistry()));
        String settings = RECOVERY_SETTINGS.stream()
                .map(k -> k + "=" + effective.getProperty(k))
                .toList()
                .toString();
        return new Result(rate, probes, recovery, worst, normal, lost, duplicated, settings, "", List.of(), Map.of());
    }

    /**
     * The same load, with probes of their own, until the last five probes (one second of them) were each answered
     * within a second: until then start-up (task assignment, the first transactions, JIT compilation; on a cluster of
     * three brokers on two cores, tens of seconds) would be counted as the fault's. Returns the seconds it took.
     */
    static double warmUp(BenchWorld world, double rate, Map<String, Long> warmSent, Map<String, Long> warmSeen) {
        long t0 = System.nanoTime();
        OfferedLoad.offerWhile(world, rate, WARM_UP_LIMIT_SECONDS, 50_000, warmSent, elapsed -> {
            long now = System.nanoTime();
            List<Long> lastSecond = warmSent.values().stream()
                    .filter(sent -> now - sent > 1_000_000_000L)
                    .sorted(java.util.Comparator.reverseOrder())
                    .limit(5)
                    .toList();
            if (lastSecond.size() < 5) {
                return true;
            }
            return !warmSent.entrySet().stream()
                    .filter(e -> lastSecond.contains(e.getValue()))
                    .allMatch(e -> warmSeen.containsKey(e.getKey())
                            && warmSeen.get(e.getKey()) - e.getValue() < 1_000_000_000L);
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        Bench.say("warmed up in %.1f s (%d warm-up probes)", seconds, warmSent.size());
        return seconds;
    }

    private static final int WARM_UP_LIMIT_SECONDS = 180;
    /** Alert records the MASH reader was given again (after a rebalance of its group), in this JVM. */
    private static final java.util.concurrent.atomic.AtomicLong READ_AGAIN =
            new java.util.concurrent.atomic.AtomicLong();

    static Process start(Path dir, Properties settings, int n) throws IOException {
        return start(dir, settings, n, "failover-" + n);
    }

    /** Instance {@code n} as a child JVM, logging to {@code logName}.log in {@code dir}. */
    static Process start(Path dir, Properties settings, int n, String logName) throws IOException {
        Properties own = new Properties();
        own.putAll(settings);
        own.put("state.dir", dir.resolve("failover-state-" + n).toString());
        own.put("internal.port", "0");
        Path file = dir.resolve("failover-" + n + ".properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            own.store(out, null);
        }
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m",
                "-Dlog4j2.configurationFile=log4j2-bench-instance.xml", // to its own log, which the run reads
                "-cp",
                System.getProperty("java.class.path"),
                DetectionApp.class.getName(),
                "--config",
                file.toString());
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(logName + ".log").toFile())
                .start();
    }

    private static void awaitMembers(BenchWorld world, String group, int members, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            ConsumerGroupDescription d;
            try {
                d = world.admin
                        .describeConsumerGroups(List.of(group))
                        .all()
                        .get()
                        .get(group);
            } catch (ExecutionException notYet) { // the group does not exist until a join
                Thread.sleep(250);
                continue;
            }
            if (d.members().size() == members
                    && d.groupState() == GroupState.STABLE
                    && d.members().stream()
                            .allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(
                "the two instances did not both join within " + timeout + "; logs in " + world.dir);
    }

    private static void read(
            BenchWorld world,
            Map<String, Long> sentAt,
            Map<String, Long> seenAt,
            Map<String, Set<String>> alertsPerProbe,
            Map<String, Long> warmSent,
            Map<String, Long> warmSeen,
            AtomicBoolean reading) {
        try (KafkaConsumer<String, RiskAlert> c = world.alertReader("bench-failover-mash-")) {
            while (reading.get()) {
                c.poll(Duration.ofMillis(20)).forEach(r -> {
                    String child = r.value().getChildPseudonym();
                    if (sentAt.containsKey(child)) {
                        boolean fresh = alertsPerProbe
                                .computeIfAbsent(child, k -> ConcurrentHashMap.newKeySet())
                                .add(r.partition() + "@" + r.offset());
                        if (!fresh) {
                            READ_AGAIN.incrementAndGet();
                        }
                        seenAt.putIfAbsent(child, System.nanoTime());
                    } else if (warmSent.containsKey(child)) {
                        warmSeen.putIfAbsent(child, System.nanoTime());
                    }
                });
            }
        }
    }

    static String summary(Result r) {
        return String.format(
                        "%s: %.0f events/s offered, %d probes; alerts flowing normally again %,d ms after the fault"
                                + " (normal worst latency before it %,d ms); worst probe latency %,d ms; lost %d,"
                                + " duplicated %d; dead letters %s; settings %s",
                        r.fault(),
                        r.rate(),
                        r.probes(),
                        r.recoveryMs(),
                        r.normalMs(),
                        r.worstLatencyMs(),
                        r.lost(),
                        r.duplicated(),
                        r.deadLetters().isEmpty() ? "none" : r.deadLetters(),
                        r.settings())
                + r.notes().stream().map(n -> "; " + n).collect(java.util.stream.Collectors.joining());
    }
}
