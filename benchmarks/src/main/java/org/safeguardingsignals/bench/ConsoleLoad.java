package org.safeguardingsignals.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The console under load (issue 19): N live-stream clients, each its own signed-in MASH worker, and one more that
 * stops reading; an offered rate of API requests; probe children through detection raising alerts at a steady rate.
 * The same API rate and alerts with one stream client run before and after, as the baseline. Reported: API latency
 * and errors, every alert against every client's stream (missed, duplicated, delivery latency from the moment the
 * alert was visible on its topic), what became of the slow client, and the console's heap and threads.
 */
final class ConsoleLoad {
    /** A run's shape; {@code console} holds console settings on top of its defaults. */
    record Settings(
            int clients,
            double rate,
            int seconds,
            double alertsPerSecond,
            double largePerSecond,
            int largeLines,
            String largeAuthority,
            int baselineSeconds,
            int warmupSeconds,
            int board,
            boolean keycloak,
            Map<String, String> console) {
        static Settings of(Map<String, String> opts) {
            return new Settings(
                    Integer.parseInt(opts.getOrDefault("clients", "200")),
                    Double.parseDouble(opts.getOrDefault("rate", "100")),
                    Integer.parseInt(opts.getOrDefault("seconds", "300")),
                    Double.parseDouble(opts.getOrDefault("alerts", "1")),
                    Double.parseDouble(opts.getOrDefault("large", "3")),
                    Integer.parseInt(opts.getOrDefault("lines", "40")),
                    opts.getOrDefault("large-to", "E10000016"),
                    Integer.parseInt(opts.getOrDefault("baseline", "60")),
                    Integer.parseInt(opts.getOrDefault("warmup", "60")),
                    Integer.parseInt(opts.getOrDefault("board", "10000")),
                    !opts.getOrDefault("signin", "keycloak").equals("tokens"),
                    Map.of());
        }
    }

    /**
     * How long before the slow client's stream ended the console's writes to it are taken to have been backed up:
     * Jetty gives up on a write that has made no progress for 30 s.
     */
    static final Duration STALLED = Duration.ofSeconds(35);

    /** API users: a pool of workers whose pages make the requests. */
    static final int API_USERS = 20;

    private ConsoleLoad() {}

    static String run(BenchWorld world, Map<String, String> opts) throws Exception {
        return ConsoleLoadReport.format(measure(world, Settings.of(opts)));
    }

    static ConsoleLoadReport.Result measure(BenchWorld world, Settings s) throws Exception {
        List<String> streamUsers = IntStream.rangeClosed(1, s.clients())
                .mapToObj(i -> String.format("sse-%03d", i))
                .toList();
        List<String> apiUsers = IntStream.rangeClosed(1, API_USERS)
                .mapToObj(i -> String.format("api-%02d", i))
                .toList();
        List<String> everyone = new ArrayList<>(streamUsers);
        everyone.addAll(apiUsers);
        everyone.add("slow");
        everyone.add("baseline");
        // tokens taken at the start outlive the run: the warm-up, two baselines, the load and the drain
        Duration tokenLife = Duration.ofSeconds(s.warmupSeconds() + 2L * s.baselineSeconds() + s.seconds() + 900);
        // the API's client and the streams' apart, so that reading 200 streams does not delay the API's answers
        ExecutorService apiThreads = Executors.newFixedThreadPool(4, daemon("bench-api"));
        ExecutorService streamThreads = Executors.newFixedThreadPool(4, daemon("bench-streams"));
        HttpClient http = client(apiThreads);
        HttpClient streams = client(streamThreads);
        try (ConsoleLoadWorld w = new ConsoleLoadWorld(
                world,
                new ConsoleLoadWorld.Options(
                        everyone,
                        // the slow client also works for the authority of the large alerts, which fill its buffers
                        Map.of("slow", s.largeAuthority()),
                        s.keycloak(),
                        s.board(),
                        tokenLife,
                        s.console()))) {
            Targets targets = new Targets(w);
            ApiLoad api = new ApiLoad(
                    http, w.console.url(), apiUsers.stream().map(w.users::token).toList(), targets, 7);
            ConsolePhases phases = new ConsolePhases(w, api, streams, s);
            w.alerts.start(s.alertsPerSecond(), s.largePerSecond(), s.largeLines(), s.largeAuthority());
            SseClient baseline = phases.open(List.of("baseline")).get(0);
            Bench.say(
                    "warm-up: %.0f requests/s for %d s; probe alerts %.1f/s, large alerts for %s %.1f/s",
                    s.rate(), s.warmupSeconds(), s.alertsPerSecond(), s.largeAuthority(), s.largePerSecond());
            api.run(s.rate(), s.warmupSeconds());
            ConsoleLoadReport.Phase before = phases.phase("baseline before", List.of(baseline), s.baselineSeconds());
            ConsoleLoadReport.Phase load;
            ConsoleLoadReport.Slow slow;
            List<SseClient> clients = phases.open(streamUsers);
            try (SlowClient slowClient = new SlowClient(w.console.url(), w.users.token("slow"))) {
                StreamMeters meters = new StreamMeters(w.console);
                int slowFrom = w.alerts.mark();
                List<SseClient> all = new ArrayList<>(clients);
                all.add(baseline);
                load = phases.phase("under load", all, s.seconds());
                Bench.say("the console's heap by class: %s", w.console.histogram("under-load"));
                meters.close();
                int slowTo = w.alerts.mark();
                Set<String> sent = w.alerts.seen().stream()
                        .filter(a -> a.seq() >= slowFrom && a.seq() < slowTo)
                        .map(AlertFlow.Seen::alertId)
                        .collect(Collectors.toSet());
                slow = new ConsoleLoadReport.Slow(
                        meters.fellAfterSeconds(),
                        meters.droppedAfterSeconds(),
                        meters.dropped(),
                        sent.size(),
                        slowClient.drain(sent, 5_000),
                        w.console.logLines("live stream of slow"),
                        meters.peakOpen(),
                        whileStalled(all, load, meters.fellAt()));
            }
            clients.forEach(SseClient::close);
            Thread.sleep(5_000);
            Bench.say("streams open 5 s after the clients closed theirs: %.0f", w.console.streamsOpen());
            ConsoleLoadReport.Phase after = phases.phase("baseline after", List.of(baseline), s.baselineSeconds());
            baseline.close();
            w.alerts.stop();
            Thread.sleep(5_000); // the console notices the closed streams at their next write or heartbeat
            long leftAfter = w.console.collectAndSample().heapAfterGc();
            Bench.say("the console's heap by class after the clients left: %s", w.console.histogram("after"));
            return new ConsoleLoadReport.Result(
                    s,
                    w.users.describe(),
                    w.boardAlerts.size(),
                    before,
                    load,
                    after,
                    slow,
                    leftAfter,
                    w.console.logLines(" WARN ") + w.console.logLines(" ERROR "));
        } finally {
            apiThreads.shutdownNow();
            streamThreads.shutdownNow();
        }
    }

    /** The others' delivery of the alerts raised while the slow client's stream was backed up, before it ended. */
    private static long[] whileStalled(List<SseClient> others, ConsoleLoadReport.Phase load, long endedAt) {
        if (endedAt < 0) {
            return new long[0];
        }
        List<AlertFlow.Seen> raised = load.delivery().expected().stream()
                .filter(a -> a.nanos() <= endedAt && a.nanos() >= endedAt - STALLED.toNanos())
                .toList();
        return ConsolePhases.latencies(others, raised);
    }

    private static HttpClient client(ExecutorService threads) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(threads)
                .build();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Alert ids and probe children a worker may ask about: those the console has surely had for 5 s. */
    static final class Targets implements ApiLoad.Targets {
        private final ConsoleLoadWorld world;
        private volatile List<AlertFlow.Seen> settled = List.of();
        private volatile long refreshedAt;

        Targets(ConsoleLoadWorld world) {
            this.world = world;
        }

        private List<AlertFlow.Seen> settled() {
            long now = System.nanoTime();
            if (now - refreshedAt > 1_000_000_000L) {
                long before = now - TimeUnit.SECONDS.toNanos(5);
                settled = world.alerts.seen().stream()
                        .filter(a -> a.probe() && a.nanos() < before)
                        .toList();
                refreshedAt = now;
            }
            return settled;
        }

        @Override
        public Optional<String> alertId(Random random) {
            List<AlertFlow.Seen> probes = settled();
            // half the time an alert of the day, half one from the board's history
            if (!probes.isEmpty() && random.nextBoolean()) {
                return Optional.of(probes.get(random.nextInt(probes.size())).alertId());
            }
            List<String> board = world.boardAlerts;
            return board.isEmpty() ? Optional.empty() : Optional.of(board.get(random.nextInt(board.size())));
        }

        @Override
        public Optional<String> child(Random random) {
            List<AlertFlow.Seen> probes = settled();
            return probes.isEmpty()
                    ? Optional.empty()
                    : Optional.of(probes.get(random.nextInt(probes.size())).child());
        }
    }
}
