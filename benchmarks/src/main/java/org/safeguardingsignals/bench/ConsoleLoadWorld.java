package org.safeguardingsignals.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.safeguardingsignals.detection.DetectionApp;
import org.safeguardingsignals.runtime.PipelineMetrics;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.runtime.access.AccessControlFile;
import org.safeguardingsignals.runtime.access.ClusterSetup;
import org.safeguardingsignals.runtime.settings.InternalSettings;

/**
 * What the console needs, as deployed, on the benchmark's broker and registry: the access file applied, so that
 * detection and the console run as their own principals; a board's history of alerts; detection (in this JVM), whose
 * internal listener answers the console's chronologies and whose work items fill the worklist; the users and how
 * they sign in; and the console itself in a child JVM.
 */
final class ConsoleLoadWorld implements AutoCloseable {
    /**
     * How the world is built: users who sign in (Lambeth's workers; some also of a second authority), how, the board's
     * size, and console settings on top.
     */
    record Options(
            List<String> users,
            Map<String, String> alsoFor,
            boolean keycloak,
            int board,
            Duration tokenLife,
            Map<String, String> console) {}

    final BenchWorld world;
    final LoadUsers users;
    final DetectionApp detection;
    final ConsoleProcess console;
    final AlertFlow alerts;
    /** Lambeth's alerts on the board before the run: what a worker may open. */
    final List<String> boardAlerts;

    ConsoleLoadWorld(BenchWorld world, Options options) throws Exception {
        this.world = world;
        Path dir = Files.createDirectories(world.dir.resolve("console-load"));
        Path secret = dir.resolve("internal.secret");
        Files.writeString(secret, "bench-internal-secret-" + UUID.randomUUID());
        ClusterSetup.prepare(world.admin, BenchWorld.PARTITIONS, AccessControlFile.inRepository());
        long t0 = System.nanoTime();
        boardAlerts = BoardHistory.write(world, options.board(), 42);
        Bench.say(
                "board of %,d alerts written (%,d Lambeth's) in %.1f s",
                options.board(), boardAlerts.size(), (System.nanoTime() - t0) / 1e9);
        alerts = new AlertFlow(world);
        detection = new DetectionApp(detectionSettings(dir, secret), Map.of(), PipelineMetrics.inMemory());
        detection.start();
        awaitDetection();
        users = options.keycloak()
                ? LoadUsers.keycloak(dir, options.users(), options.alsoFor(), options.tokenLife())
                : LoadUsers.tokens(dir, options.users(), options.alsoFor());
        Properties s = new Properties();
        s.putAll(world.kafka.clientProperties("console"));
        s.put("schema.registry.url", world.registry.confluentApiUrl());
        s.put("console.detection.url", "http://localhost:" + detection.internalPort());
        s.put(InternalSettings.SECRET_FILE, secret.toString());
        users.configure(s);
        s.putAll(options.console());
        t0 = System.nanoTime();
        console = new ConsoleProcess(dir, s);
        console.awaitReady(Duration.ofSeconds(180));
        Bench.say(
                "console (pid %d, %s) ready in %.1f s at %s; log %s",
                console.pid(), ConsoleProcess.HEAP, (System.nanoTime() - t0) / 1e9, console.url(), console.log);
    }

    private Properties detectionSettings(Path dir, Path secret) {
        Properties s = new Properties();
        s.putAll(world.kafka.clientProperties("detection"));
        s.put("application.id", DetectionApp.DEFAULT_APPLICATION_ID); // the access file's rules name it
        s.put("state.dir", dir.resolve("detection-state").toString());
        s.put("schema.registry.url", world.registry.confluentApiUrl());
        s.put(Pseudonymiser.KEY_FILE_CONFIG, world.dir.resolve("pseudonym.key").toString());
        s.put("topics.create", "false");
        s.put("topics.partitions", Integer.toString(BenchWorld.PARTITIONS));
        s.put(InternalSettings.PORT, "0");
        s.put(InternalSettings.SECRET_FILE, secret.toString());
        return s;
    }

    /**
     * Detection running with its partitions assigned, so that chronologies are not asked for in the rebalances of its
     * start. (Detection makes work items from the alerts it raises, not from the alert topic: the board's history has
     * none, and the worklist holds the probes' alone.)
     */
    private void awaitDetection() throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + Duration.ofSeconds(120).toNanos();
        while (detection.streams().state() != KafkaStreams.State.RUNNING
                || detection.streams().metadataForAllStreamsClients().stream()
                        .anyMatch(m -> m.topicPartitions().isEmpty())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("detection was not running within 120 s");
            }
            Thread.sleep(250);
        }
        Bench.say("detection running in %.1f s", (System.nanoTime() - t0) / 1e9);
    }

    @Override
    public void close() throws Exception {
        alerts.close();
        console.close();
        detection.close();
        users.close();
    }
}
