package org.safeguardingsignals.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The console benchmark in short (RELIABILITY.md, the console under load): 20 live-stream clients and one that stops
 * reading, 20 API requests a second, probe children through detection, on the real broker, registry and the console
 * in its own JVM. Large alerts for a second authority, which only the slow client's user works for, fill its
 * connection within seconds, so the console's writes to it back up while the others read. What it checks is exact:
 * every Lambeth alert of each phase reached every other client once, no request failed, and the console dropped the
 * slow client's stream and no other. Nothing here asserts a speed: the benchmark measures those.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConsoleLoadIT {
    static final int CLIENTS = 20;
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
    void everyAlertReachesEveryReadingClientOnceWhileOneClientStallsAndTheApiIsBusy() throws Exception {
        ConsoleLoad.Settings settings = new ConsoleLoad.Settings(
                CLIENTS,
                20, // API requests a second
                25, // seconds under load
                2, // probe alerts a second (Lambeth: every client's)
                10, // large alerts a second, for Kent: the slow client's alone
                200, // evidence lines of each large alert (about 40 KiB in the stream)
                "E10000016",
                5, // baseline seconds, before and after
                5, // warm-up seconds
                1_000, // alerts on the board before the run
                false, // users-file tokens (ConsoleOidcIT covers Keycloak's)
                // a short queue: the slow client overflows it soon after its connection backs up, while a reading
                // client would have to fall 64 changes behind
                Map.of("console.stream.queue", "64"));

        ConsoleLoadReport.Result r = ConsoleLoad.measure(world, settings);
        String report = ConsoleLoadReport.format(r);

        for (ConsoleLoadReport.Phase p : r.phases()) {
            ConsoleLoadReport.Delivery d = p.delivery();
            assertThat(p.errors())
                    .as("failed API requests, %s\n%s", p.name(), report)
                    .isZero();
            assertThat(p.calls()).as("API requests, %s", p.name()).isNotEmpty();
            assertThat(d.alerts())
                    .as("one alert per probe child, %s\n%s", p.name(), report)
                    .isEqualTo(d.probes())
                    .isPositive();
            assertThat(d.receivedPerClient().values())
                    .as("the phase's alerts each reading client received, %s\n%s", p.name(), report)
                    .hasSize(p.streams())
                    .containsOnly(d.alerts());
            assertThat(d.missedPairs())
                    .as("(client, alert) pairs missed, %s", p.name())
                    .isZero();
            assertThat(d.duplicates())
                    .as("alerts a client received twice, %s", p.name())
                    .isZero();
            assertThat(d.ended())
                    .as("reading clients' streams that ended, %s", p.name())
                    .isEmpty();
        }
        assertThat(r.load().streams()).as("reading clients under load").isEqualTo(CLIENTS + 1);

        ConsoleLoadReport.Slow slow = r.slow();
        assertThat(slow.dropped())
                .as("streams the console dropped for falling behind: the slow client's alone\n%s", report)
                .isEqualTo(1.0);
        assertThat(slow.endedAfterSeconds())
                .as("the slow client's stream ended")
                .isNotNegative();
        assertThat(slow.drained().alerts())
                .as("alerts that reached the slow client, of those raised while it was connected")
                .isLessThan(slow.alertsWhileConnected());
    }
}
