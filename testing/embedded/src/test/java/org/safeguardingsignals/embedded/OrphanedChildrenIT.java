package org.safeguardingsignals.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local run's broker and registry are child JVMs. When the parent dies, however it dies (SIGKILL here, which
 * runs no shutdown hook), they stop too and release the data directory, and a new start on the same data works.
 */
class OrphanedChildrenIT {
    static final String TOPIC = "safeguarding.test.survives-restart.v1";

    @TempDir
    Path data;

    @Test
    void childrenStopWhenTheirParentIsKilledAndTheDataDirectoryStartsAgain() throws Exception {
        Process parent = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ParentOfInfrastructure.class.getName(),
                        data.toString())
                .redirectErrorStream(true)
                .start();
        long[] pids = awaitPids(parent);
        ProcessHandle broker = ProcessHandle.of(pids[0]).orElseThrow();
        ProcessHandle registry = ProcessHandle.of(pids[1]).orElseThrow();
        assertThat(broker.isAlive()).isTrue();
        assertThat(registry.isAlive()).isTrue();

        parent.destroyForcibly(); // SIGKILL
        parent.waitFor(30, TimeUnit.SECONDS);

        assertThat(exited(broker)).as("broker stopped with its parent").isTrue();
        assertThat(exited(registry)).as("registry stopped with its parent").isTrue();

        try (LocalKafka kafka =
                        LocalKafka.start(data.resolve("kafka"), data.resolve("kafka.log"), Duration.ofSeconds(90));
                ApicurioRegistry again = ApicurioRegistry.start(
                        data.resolve("apicurio.log"), Duration.ofSeconds(180), data.resolve("registry"));
                Admin admin = Admin.create(kafka.clientProperties(BrokerSecurity.ADMIN))) {
            assertThat(admin.listTopics().names().get()).contains(TOPIC);
            assertThat(again.isAlive()).isTrue();
        }
    }

    private static boolean exited(ProcessHandle p) throws Exception {
        try {
            p.onExit().get(60, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            p.destroyForcibly(); // do not leave it behind for the next test
            return false;
        }
    }

    private static long[] awaitPids(Process parent) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("PIDS ")) {
                String[] parts = line.split(" ");
                return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])};
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("The parent ended before starting its children:\n" + seen);
    }
}
