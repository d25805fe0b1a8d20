package org.safeguardingsignals.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Short versions of RELIABILITY.md's fault runs, through the same harness: two detection instances (child JVMs) under
 * load with probe children, each of which must raise exactly one alert, read with read_committed. Each fault must
 * cost time only: no probe's alert lost, none written twice, no good event dead-lettered. Speeds are measured by the
 * benchmark, never asserted here.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReliabilityIT {
    static final double RATE = 100;

    @Test
    void losingTheBrokerThatLeadsTheBusiestPartitionsLosesAndDuplicatesNothing() throws Exception {
        try (BenchWorld world = new BenchWorld(3)) {
            Failover.Result r = Failover.run(world, RATE, 15, 20, Faults.brokerLost());

            assertThat(r.notes())
                    .anySatisfy(n -> assertThat(n).startsWith("broker ").contains(" killed"));
            assertExactlyOneAlertPerProbe(r);
        }
    }

    @Test
    void aBrokerRestartedMidStreamLosesAndDuplicatesNothing() throws Exception {
        try (BenchWorld world = new BenchWorld(1)) { // the only broker: the whole cluster is away meanwhile
            Failover.Result r = Failover.run(world, RATE, 15, 20, Faults.brokerRestarted(10));

            assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("down 10 s"));
            assertExactlyOneAlertPerProbe(r);
        }
    }

    @Test
    void eventsReadWhileTheRegistryIsDownWaitOnTheirTopicsAndNoneIsDeadLettered() throws Exception {
        // a registry call gives up after 2 s and one retry (not 10 s and three), so that the outage is met
        // several times; the benchmark runs the defaults against a 60 s outage
        System.setProperty("bench.streams.schema.registry.request.timeout.ms", "2000");
        System.setProperty("bench.streams.schema.registry.max.retries", "1");
        try (BenchWorld world = new BenchWorld()) {
            // 45 s: the restarted instance must be up and reading while the registry is still away; on a loaded CI
            // machine its start took longer than a 20 s outage, and the fault was never met
            Faults.RegistryDown outage = Faults.registryDown(45);
            Failover.Result r = Failover.run(world, RATE, 15, 50, outage);

            assertThat(outage.leftOnTopic)
                    .as("the restarted instance met schemas it had not cached while the registry was down")
                    .isPositive();
            assertThat(outage.threadsReplaced).isPositive();
            assertExactlyOneAlertPerProbe(r);
        } finally {
            System.clearProperty("bench.streams.schema.registry.request.timeout.ms");
            System.clearProperty("bench.streams.schema.registry.max.retries");
        }
    }

    private static void assertExactlyOneAlertPerProbe(Failover.Result r) {
        assertThat(r.probes()).isPositive();
        assertThat(r.lost()).as("probes whose alert never came").isZero();
        assertThat(r.duplicated()).as("probes whose alert came twice").isZero();
        assertThat(r.deadLetters()).as("dead letters by reason").isEmpty();
    }
}
