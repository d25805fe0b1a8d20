package org.safeguardingsignals.backtest;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.safeguardingsignals.detection.DetectionConfig;
import org.safeguardingsignals.registry.SchemaRegistries;
import org.safeguardingsignals.runtime.Pseudonymiser;

/**
 * A backtest: a period of the input topics replayed through the detection topology twice, with the current and the
 * candidate settings, side by side, and the children each flags compared. Nothing is written to the broker or the
 * partnership's registry: the replays run in Kafka's driver with a registry of this process
 * ({@link SchemaRegistries#isolated()}).
 */
public final class Backtest {
    /** Settings read by the rules are compared; any other key of the files is not a difference worth reporting. */
    private static final String RULE_PREFIX = "rules.";

    /**
     * What to backtest.
     *
     * @param client         bootstrap.servers and the reader's security keys
     * @param sourceRegistry the partnership's registry (schema.registry.url and its TLS keys), read only
     * @param current        the detection settings in force (rules.*, authority.*.rules.*, intake.*)
     * @param candidate      the settings to try: the current with the changes laid over them
     * @param warmUp         events this long before {@code from} are replayed to build the state the rules look
     *                       back on; null: the longest look-back of either settings plus the intake's grace
     * @param pseudonyms     says where the pseudonymiser's key came from, for the report
     * @param populations    children aged 0 to 17 per authority (GSS code), for rates per 100,000
     */
    public record Request(
            Map<String, ?> client,
            Map<String, ?> sourceRegistry,
            Properties current,
            Properties candidate,
            Instant from,
            Instant to,
            Duration warmUp,
            Pseudonymiser pseudonymiser,
            String pseudonyms,
            Map<String, Long> populations) {}

    private Backtest() {}

    /** Runs it; {@code progress} gives each stage its own reporter (the replays run at once). */
    public static BacktestResult run(Request request, Function<String, Progress> progress) {
        long started = System.nanoTime();
        DetectionConfig current = DetectionConfig.from(request.current());
        DetectionConfig candidate = DetectionConfig.from(request.candidate());
        Duration warmUp = request.warmUp() != null ? request.warmUp() : max(current.retention(), candidate.retention());
        String replayUrl = SchemaRegistries.isolated();
        Map<String, String> replayRegistry = Map.of("schema.registry.url", replayUrl);
        ExecutorService replays = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "backtest-replay");
            t.setDaemon(true);
            return t;
        });
        try {
            long reading = System.nanoTime();
            InputHistory history = InputHistory.read(
                    request.client(),
                    request.sourceRegistry(),
                    replayRegistry,
                    request.from().minus(warmUp),
                    request.to(),
                    max(current.futureTolerance(), candidate.futureTolerance()),
                    progress.apply("reading"));
            Duration read = Duration.ofNanos(System.nanoTime() - reading);
            Future<Replay.Result> now = replays.submit(() -> Replay.run(
                    "current",
                    current,
                    request.pseudonymiser(),
                    history,
                    replayRegistry,
                    request.from(),
                    request.to(),
                    progress.apply("current")));
            Future<Replay.Result> then = replays.submit(() -> Replay.run(
                    "candidate",
                    candidate,
                    request.pseudonymiser(),
                    history,
                    replayRegistry,
                    request.from(),
                    request.to(),
                    progress.apply("candidate")));
            Replay.Result a = now.get();
            Replay.Result b = then.get();
            return new BacktestResult(
                    request.from(),
                    request.to(),
                    warmUp,
                    changed(request.current(), request.candidate()),
                    request.pseudonyms(),
                    history.counts(),
                    history.keptByTopic(),
                    a,
                    b,
                    FlagComparison.of(a.alerts(), b.alerts(), request.populations()),
                    read,
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            replays.shutdownNow();
            SchemaRegistries.dropIsolated(replayUrl);
        }
    }

    /** The rule settings the two differ in: key to {current, candidate}, "(default)" where one leaves it unset. */
    static Map<String, String[]> changed(Properties current, Properties candidate) {
        Map<String, String[]> out = new TreeMap<>();
        TreeSet<String> keys = new TreeSet<>(current.stringPropertyNames());
        keys.addAll(candidate.stringPropertyNames());
        for (String k : keys) {
            if (!k.startsWith(RULE_PREFIX) && !(k.startsWith("authority.") && k.contains("." + RULE_PREFIX))) {
                continue;
            }
            String a = current.getProperty(k, "(default)").trim();
            String b = candidate.getProperty(k, "(default)").trim();
            if (!a.equals(b)) {
                out.put(k, new String[] {a, b});
            }
        }
        return out;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
