package org.safeguardingsignals.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What the console benchmark measured, and how it is printed. */
final class ConsoleLoadReport {
    /**
     * Every alert of a phase against every stream client: probes and large alerts sent, probes among them, the
     * reading clients' alerts seen (Lambeth's; listed last), (client, alert) pairs missed and
     * duplicated, delivery latencies in ms (sorted; from the alert's visibility on its topic to its arrival in the
     * stream), the worst client's worst, alerts received per client, and streams that ended while wanted.
     */
    record Delivery(
            int sent,
            int probes,
            int alerts,
            long missedPairs,
            long duplicates,
            long[] latenciesMs,
            long worstClientMs,
            Map<String, Integer> receivedPerClient,
            List<String> ended,
            List<AlertFlow.Seen> expected) {}

    /**
     * The console's heap (peak used; held after a full collection at the phase's end), threads, resident set and CPU
     * (cores busy on average), and the CPU of the benchmark's own JVM (broker, detection, the clients) beside it.
     */
    record Memory(
            long peakHeap,
            long liveAfterGc,
            int peakThreads,
            long peakRssKiB,
            double consoleCores,
            double benchCores) {}

    record Phase(String name, int streams, double seconds, List<ApiLoad.Call> calls, Delivery delivery, Memory memory) {
        long errors() {
            return calls.stream().filter(ApiLoad.Call::failed).count();
        }
    }

    /**
     * The slow client: when the console ended its stream (seconds after the load began, -1 if never), when the console
     * counted it dropped for falling behind (-1 if never), streams dropped, the alerts sent while it was connected, what
     * its connection held when read at the end, the console's log lines about it, the most streams open at once, and
     * the other clients' delivery latencies (ms, sorted) of the alerts raised in the {@link ConsoleLoad#STALLED} before
     * its stream ended, when the console's writes to it were backed up.
     */
    record Slow(
            double endedAfterSeconds,
            double droppedAfterSeconds,
            double dropped,
            int alertsWhileConnected,
            SlowClient.Drained drained,
            long droppedLogLines,
            double peakOpen,
            long[] othersWhileStalledMs) {}

    record Result(
            ConsoleLoad.Settings settings,
            String signIn,
            int lambethBoard,
            Phase before,
            Phase load,
            Phase after,
            Slow slow,
            long heapAfterClientsLeft,
            long consoleWarnings) {
        List<Phase> phases() {
            return List.of(before, load, after);
        }
    }

    private ConsoleLoadReport() {}

    static String format(Result r) {
        ConsoleLoad.Settings s = r.settings();
        List<String> out = new ArrayList<>();
        out.add(String.format(
                "console under load: %d stream clients and a slow one, %.0f API requests/s for %d s, probe alerts "
                        + "%.1f/s and large alerts (%d evidence lines) %.1f/s; baselines (1 stream client, the same API rate and alerts) %d s before and after; "
                        + "sign-in: %s; board %,d alerts (%,d Lambeth's), console %s",
                s.clients(),
                s.rate(),
                s.seconds(),
                s.alertsPerSecond(),
                s.largeLines(),
                s.largePerSecond(),
                s.baselineSeconds(),
                r.signIn(),
                s.board(),
                r.lambethBoard(),
                ConsoleProcess.HEAP));
        for (Phase p : r.phases()) {
            out.add("  " + p.name() + " (" + p.streams() + " streams, " + String.format("%.0f s", p.seconds()) + "): "
                    + brief(p));
            out.add("    API by endpoint (p50 / p99 / max ms, mean KiB): " + byEndpoint(p.calls()));
            errors(p.calls()).forEach(e -> out.add("    error: " + e));
            p.delivery().ended().forEach(e -> out.add("    stream ended: " + e));
        }
        Slow slow = r.slow();
        out.add(String.format(
                "  slow client: %s; %s; %,d alerts raised while it was connected, of which %,d had reached it "
                        + "(%,d KiB read at the end); %s; console log lines on the slow user's stream: %d; "
                        + "most streams open at once: %.0f",
                slow.endedAfterSeconds() < 0
                        ? "its stream never ended by the console"
                        : String.format(
                                "its stream ended by the console %.0f s after the load began",
                                slow.endedAfterSeconds()),
                slow.droppedAfterSeconds() < 0
                        ? "not counted as dropped for falling behind"
                        : String.format(
                                "dropped by the console %.0f s after the load began (%.0f dropped)",
                                slow.droppedAfterSeconds(), slow.dropped()),
                slow.alertsWhileConnected(),
                slow.drained().alerts(),
                slow.drained().bytes() / 1024,
                slow.drained().closedByServer() ? "its connection closed by the console" : "its connection still open",
                slow.droppedLogLines(),
                slow.peakOpen()));
        long[] stalled = slow.othersWhileStalledMs();
        if (slow.endedAfterSeconds() >= 0) {
            out.add(String.format(
                    "  the other clients while the console's writes to the slow one were backed up (%d alerts raised in "
                            + "the %d s before its stream ended): delivery p50 %d / p99 %d / max %d ms",
                    stalled.length / Math.max(1, r.load().streams()),
                    ConsoleLoad.STALLED.toSeconds(),
                    Latency.pct(stalled, 0.5),
                    Latency.pct(stalled, 0.99),
                    stalled.length == 0 ? -1 : stalled[stalled.length - 1]));
        }
        out.add(String.format(
                "  console heap held after the clients left (full GC): %,d MiB; warnings and errors in its log: %d",
                r.heapAfterClientsLeft() >> 20, r.consoleWarnings()));
        return String.join("\n", out);
    }

    /** One line: requests, errors, latency, alerts and their delivery, memory. */
    static String brief(Phase p) {
        long[] api = p.calls().stream()
                .mapToLong(c -> c.latencyNanos() / 1_000)
                .sorted()
                .toArray();
        Delivery d = p.delivery();
        return String.format(
                "API %,d requests, %d errors, latency p50 %.1f / p95 %.1f / p99 %.1f / max %.1f ms; "
                        + "%d sent (%d probes), %d alerts x %d streams: missed %d, duplicated %d, delivery p50 %d / p99 %d / "
                        + "max %d ms (worst client's worst %d ms); console heap peak %,d MiB, held after full GC %,d "
                        + "MiB, threads peak %d, RSS peak %,d MiB; CPU: console %.2f cores, benchmark JVM %.2f",
                api.length,
                p.errors(),
                Latency.pct(api, 0.5) / 1e3,
                Latency.pct(api, 0.95) / 1e3,
                Latency.pct(api, 0.99) / 1e3,
                (api.length == 0 ? -1 : api[api.length - 1]) / 1e3,
                d.sent(),
                d.probes(),
                d.alerts(),
                p.streams(),
                d.missedPairs(),
                d.duplicates(),
                Latency.pct(d.latenciesMs(), 0.5),
                Latency.pct(d.latenciesMs(), 0.99),
                d.latenciesMs().length == 0 ? -1 : d.latenciesMs()[d.latenciesMs().length - 1],
                d.worstClientMs(),
                p.memory().peakHeap() >> 20,
                p.memory().liveAfterGc() >> 20,
                p.memory().peakThreads(),
                p.memory().peakRssKiB() >> 10,
                p.memory().consoleCores(),
                p.memory().benchCores());
    }

    private static String byEndpoint(List<ApiLoad.Call> calls) {
        Map<String, List<ApiLoad.Call>> by =
                new TreeMap<>(calls.stream().collect(Collectors.groupingBy(ApiLoad.Call::endpoint)));
        List<String> parts = new ArrayList<>();
        by.forEach((endpoint, cs) -> {
            long[] ms = cs.stream()
                    .mapToLong(c -> c.latencyNanos() / 1_000_000)
                    .sorted()
                    .toArray();
            double kib = cs.stream().mapToLong(ApiLoad.Call::bytes).average().orElse(0) / 1024;
            parts.add(String.format(
                    "%s %,d: %d / %d / %d, %.1f",
                    endpoint, cs.size(), Latency.pct(ms, 0.5), Latency.pct(ms, 0.99), ms[ms.length - 1], kib));
        });
        return String.join("; ", parts);
    }

    /** Failed requests, grouped by endpoint and answer, at most five kinds. */
    private static List<String> errors(List<ApiLoad.Call> calls) {
        Map<String, Long> kinds = calls.stream()
                .filter(ApiLoad.Call::failed)
                .collect(Collectors.groupingBy(
                        c -> c.endpoint() + " " + c.status() + " " + abbreviate(c.error()),
                        TreeMap::new,
                        Collectors.counting()));
        return kinds.entrySet().stream()
                .limit(5)
                .map(e -> e.getValue() + " x " + e.getKey())
                .toList();
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }
}
