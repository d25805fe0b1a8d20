package org.safeguardingsignals.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.safeguardingsignals.backtest.Backtest;
import org.safeguardingsignals.backtest.BacktestResult;
import org.safeguardingsignals.backtest.FlagComparison;
import org.safeguardingsignals.backtest.InputHistory;
import org.safeguardingsignals.backtest.Progress;
import org.safeguardingsignals.backtest.Replay;
import org.safeguardingsignals.detection.DetectionConfig;
import org.safeguardingsignals.feed.FeedPublisher;
import org.safeguardingsignals.feed.FeedSettings;
import org.safeguardingsignals.feed.SyntheticFeed;
import org.safeguardingsignals.registry.SchemaRegistries;
import org.safeguardingsignals.runtime.Pseudonymiser;

/**
 * A year of one large authority backtested: the synthetic feed's last 365 days for one authority published to the
 * broker, then the backtest (read once, two replays side by side) timed beside its parts measured in the same run:
 * the read alone and one replay alone.
 * {@code mvn -q -pl benchmarks exec:exec -Dbench.args="backtest --children 1000000"}
 */
final class BacktestBench {
    static final String AUTHORITY = "E10000016";
    static final ZoneId ENGLAND = ZoneId.of("Europe/London");

    private BacktestBench() {}

    static String run(BenchWorld world, Map<String, String> opts) throws Exception {
        int children = Integer.parseInt(opts.getOrDefault("children", "1000000"));
        int days = Integer.parseInt(opts.getOrDefault("days", "365"));
        LocalDate today = LocalDate.now(ENGLAND);
        LocalDate first = today.minusDays(days);
        Instant from = first.atStartOfDay(ENGLAND).toInstant();
        Instant to = today.atStartOfDay(ENGLAND).toInstant();
        FeedSettings d = FeedSettings.defaults();
        FeedSettings settings = new FeedSettings(
                d.seed(),
                List.of(AUTHORITY),
                children,
                d.domesticAbuseShare(),
                d.mentalHealthShare(),
                d.substanceShare(),
                d.missingProneShare(),
                d.unknownNhsShare(),
                from);
        long t0 = System.nanoTime();
        long published = 0;
        SyntheticFeed feed = new SyntheticFeed(settings);
        try (FeedPublisher publisher = new FeedPublisher(world.kafka.adminProperties(), world.serdeConfig())) {
            while (feed.peekTime().isBefore(to)) {
                publisher.send(feed.next());
                if (++published % 50_000 == 0) {
                    Bench.say("  published %,d events (up to %s)", published, feed.peekTime());
                }
            }
            publisher.flush();
        }
        Bench.say(
                "published %,d events of %,d children in %s, %s to %s, in %.1f s",
                published, children, AUTHORITY, first, today, (System.nanoTime() - t0) / 1e9);

        Map<String, Object> client = new HashMap<>(world.kafka.adminProperties());
        Map<String, Object> registry = new HashMap<>(client);
        registry.putAll(world.serdeConfig());
        Pseudonymiser pseudonymiser = new Pseudonymiser(BenchWorld.KEY.getBytes(StandardCharsets.UTF_8));

        // baselines of the same run: reading alone, then one replay alone
        String replayUrl = SchemaRegistries.isolated();
        long r0 = System.nanoTime();
        InputHistory history = InputHistory.read(
                client,
                registry,
                Map.of("schema.registry.url", replayUrl),
                from,
                to,
                DetectionConfig.DEFAULTS.futureTolerance(),
                Progress.SILENT);
        double readSeconds = (System.nanoTime() - r0) / 1e9;
        Bench.say("baseline: read %,d events in %.1f s", history.counts().kept(), readSeconds);
        Replay.Result alone = Replay.run(
                "alone",
                DetectionConfig.DEFAULTS,
                pseudonymiser,
                history,
                Map.of("schema.registry.url", replayUrl),
                from,
                to,
                Progress.SILENT);
        SchemaRegistries.dropIsolated(replayUrl);
        history = null; // the backtest reads its own
        Bench.say(
                "baseline: one replay alone in %.1f s, %,d alerts",
                seconds(alone.took()), alone.alerts().size());

        Properties current = new Properties();
        Properties candidate = new Properties();
        candidate.setProperty("rules.repeat-domestic-abuse.count", "4");
        resetPeaks();
        BacktestResult r = Backtest.run(
                new Backtest.Request(
                        client,
                        registry,
                        current,
                        candidate,
                        from,
                        to,
                        Duration.ZERO,
                        pseudonymiser,
                        "benchmark key",
                        Map.of(AUTHORITY, (long) children)),
                stage -> Progress.SILENT);
        long peakHeap = peakHeapMiB();
        FlagComparison.Row any = r.comparison().rows().stream()
                .filter(row -> row.isTotal() && row.authority().equals(AUTHORITY))
                .findFirst()
                .orElseThrow();
        return String.format(
                "backtest: %,d events of a year of %s (%,d children): backtest %.1f s in all (read %.1f s, replays "
                        + "side by side: current %.1f s, candidate %.1f s), %,.0f events/s per replay; baselines of "
                        + "the same run: read alone %.1f s, one replay alone %.1f s; peak heap %,d MiB; any rule: "
                        + "%,d children flagged (%.1f per 100k) -> %,d with repeat-domestic-abuse.count 4 (%.1f), "
                        + "%,d lost, %,d gained",
                r.input().kept(),
                AUTHORITY,
                children,
                seconds(r.total()),
                seconds(r.reading()),
                seconds(r.current().took()),
                seconds(r.candidate().took()),
                r.input().kept()
                        / Math.max(
                                seconds(r.current().took()),
                                seconds(r.candidate().took())),
                readSeconds,
                seconds(alone.took()),
                peakHeap,
                any.currentChildren(),
                any.currentPer100k(),
                any.candidateChildren(),
                any.candidatePer100k(),
                any.lost(),
                any.gained());
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeapMiB() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }
}
