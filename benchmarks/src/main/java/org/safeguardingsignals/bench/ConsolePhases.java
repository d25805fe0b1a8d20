package org.safeguardingsignals.bench;

import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One phase of the console benchmark: the API at its rate for a time while probe alerts flow, then every alert of the
 * phase looked for in every stream client's record, and the console's memory over the phase.
 */
final class ConsolePhases {
    /** How long after the API load ends the streams may take to deliver the phase's last alerts. */
    static final Duration DELIVERY_GRACE = Duration.ofSeconds(60);

    private static final com.sun.management.OperatingSystemMXBean OWN =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final ConsoleLoadWorld world;
    private final ApiLoad api;
    private final HttpClient http;
    private final ConsoleLoad.Settings settings;

    ConsolePhases(ConsoleLoadWorld world, ApiLoad api, HttpClient http, ConsoleLoad.Settings settings) {
        this.world = world;
        this.api = api;
        this.http = http;
        this.settings = settings;
    }

    /** Opens a stream for each user and waits for every one's ready event. */
    List<SseClient> open(List<String> users) throws Exception {
        long t0 = System.nanoTime();
        List<SseClient> clients = new ArrayList<>();
        for (String user : users) {
            clients.add(SseClient.open(http, world.console.url(), user, world.users.token(user)));
        }
        List<CompletableFuture<Void>> ready =
                clients.stream().map(SseClient::ready).toList();
        CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        if (users.size() > 1) {
            Bench.say("%d live streams open in %.1f s", users.size(), (System.nanoTime() - t0) / 1e9);
        }
        return clients;
    }

    /** Runs the API load for {@code seconds} with these stream clients reading; then judges the phase. */
    ConsoleLoadReport.Phase phase(String name, List<SseClient> readers, int seconds) throws Exception {
        Map<SseClient, Integer> duplicatesBefore = new LinkedHashMap<>();
        readers.forEach(r -> duplicatesBefore.put(r, r.duplicates()));
        int first = world.alerts.mark();
        long startMillis = System.currentTimeMillis();
        long benchCpu = OWN.getProcessCpuTime();
        long t0 = System.nanoTime();
        Bench.say("%s: %d streams, %.0f requests/s for %d s", name, readers.size(), settings.rate(), seconds);
        List<ApiLoad.Call> calls = api.run(settings.rate(), seconds);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        int end = world.alerts.mark();
        long endMillis = System.currentTimeMillis();
        // every stream client but the slow one works for Lambeth alone: Lambeth's alerts are theirs
        List<AlertFlow.Seen> expected = world.alerts.awaitSent(first, end, DELIVERY_GRACE).stream()
                .filter(AlertFlow.Seen::lambeth)
                .toList();
        awaitDelivery(readers, expected);
        ConsoleLoadReport.Delivery delivery =
                delivery(readers, expected, duplicatesBefore, end - first, world.alerts.probes(first, end));
        double benchCores = (OWN.getProcessCpuTime() - benchCpu) / 1e9 / elapsed;
        ConsoleLoadReport.Memory memory = memory(startMillis, endMillis, benchCores);
        ConsoleLoadReport.Phase phase =
                new ConsoleLoadReport.Phase(name, readers.size(), elapsed, calls, delivery, memory);
        Bench.say("%s done: %s", name, ConsoleLoadReport.brief(phase));
        return phase;
    }

    private static void awaitDelivery(List<SseClient> readers, List<AlertFlow.Seen> expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + DELIVERY_GRACE.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = readers.stream()
                    .filter(r -> r.ended() == null)
                    .allMatch(r -> expected.stream().allMatch(a -> r.alerts().containsKey(a.alertId())));
            if (all) {
                return;
            }
            Thread.sleep(200);
        }
    }

    private static ConsoleLoadReport.Delivery delivery(
            List<SseClient> readers,
            List<AlertFlow.Seen> expected,
            Map<SseClient, Integer> dupsBefore,
            int sent,
            int probes) {
        List<Long> latencies = new ArrayList<>();
        Map<String, Integer> received = new LinkedHashMap<>();
        List<String> ended = new ArrayList<>();
        long missed = 0;
        long duplicates = 0;
        long worstClient = Long.MIN_VALUE;
        for (SseClient r : readers) {
            int got = 0;
            long worst = Long.MIN_VALUE;
            for (AlertFlow.Seen a : expected) {
                Long at = r.alerts().get(a.alertId());
                if (at == null) {
                    missed++;
                } else {
                    got++;
                    long ms = (at - a.nanos()) / 1_000_000;
                    latencies.add(ms);
                    worst = Math.max(worst, ms);
                }
            }
            received.put(r.user, got);
            duplicates += r.duplicates() - dupsBefore.get(r);
            worstClient = Math.max(worstClient, worst);
            if (r.ended() != null) {
                ended.add(r.user + ": " + r.ended());
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new ConsoleLoadReport.Delivery(
                sent, probes, expected.size(), missed, duplicates, sorted, worstClient, received, ended, expected);
    }

    /** Every client's delivery latency (ms, sorted) of these alerts, of those it received. */
    static long[] latencies(List<SseClient> readers, List<AlertFlow.Seen> alerts) {
        List<Long> ms = new ArrayList<>();
        for (SseClient r : readers) {
            for (AlertFlow.Seen a : alerts) {
                Long at = r.alerts().get(a.alertId());
                if (at != null) {
                    ms.add((at - a.nanos()) / 1_000_000);
                }
            }
        }
        return ms.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private ConsoleLoadReport.Memory memory(long fromMillis, long toMillis, double benchCores) throws Exception {
        ConsoleProcess.Sample live = world.console.collectAndSample();
        List<ConsoleProcess.Sample> during = world.console.samples().stream()
                .filter(x -> x.millis() >= fromMillis && x.millis() <= toMillis)
                .toList();
        double consoleCores = during.size() < 2
                ? -1
                : (during.get(during.size() - 1).cpuNanos() - during.get(0).cpuNanos())
                        / 1e6
                        / (during.get(during.size() - 1).millis()
                                - during.get(0).millis());
        return new ConsoleLoadReport.Memory(
                during.stream().mapToLong(ConsoleProcess.Sample::heapUsed).max().orElse(-1),
                live.heapAfterGc(),
                during.stream().mapToInt(ConsoleProcess.Sample::threads).max().orElse(-1),
                during.stream().mapToLong(ConsoleProcess.Sample::rssKiB).max().orElse(-1),
                consoleCores,
                benchCores);
    }
}
