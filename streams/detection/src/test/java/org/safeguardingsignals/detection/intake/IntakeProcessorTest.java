package org.safeguardingsignals.detection.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguardingsignals.detection.DetectionConfig;
import org.safeguardingsignals.events.DashRiskLevel;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.runtime.PipelineMetrics;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.runtime.ReplayKeys;
import org.safeguardingsignals.runtime.identity.IdentityVault;
import org.safeguardingsignals.testing.TestEvents;
import org.safeguardingsignals.validation.ChildPartitioner;

/** The intake's share of the identity vault: one sealing per child lately seen, none without a vault. */
class IntakeProcessorTest {
    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
    private static IdentityVault.Sealer sealer;
    private static IdentityVault.Opener opener;
    private final Pseudonymiser pseudonymiser =
            new Pseudonymiser("an-intake-test-key-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8));

    @BeforeAll
    static void keys(@TempDir Path dir) throws Exception {
        ReplayKeys.KeyFiles keys = ReplayKeys.ensure(dir);
        sealer = IdentityVault.Sealer.fromPem(keys.certificate());
        opener = IdentityVault.Opener.fromPem(keys.privateKey());
    }

    @Test
    void aChildIsSealedOnceAndAgainOnlyAfterTheProcessorIsInitialisedAfresh() {
        IntakeProcessor<DomesticAbuseIncident> intake = intake(Optional.of(sealer));
        MockProcessorContext<String, Routed> context = context();
        intake.init(context);
        DomesticAbuseIncident incident = TestEvents.incident("MPS-1", DashRiskLevel.HIGH, "9434765919");

        intake.process(new Record<>("MPS-1", incident, NOW.toEpochMilli()));
        List<Routed.Identity> sealed = identities(context);
        assertThat(sealed).hasSize(1);
        assertThat(opener.open(sealed.get(0).entry())).isEqualTo("9434765919");
        assertThat(context.forwarded().get(0).record().key()).isEqualTo(pseudonymiser.pseudonymOf("9434765919"));

        context.resetForwards();
        intake.process(new Record<>("MPS-1", incident, NOW.toEpochMilli()));
        assertThat(identities(context)).isEmpty();
        assertThat(context.forwarded()).hasSize(1); // the child's indicators still go on

        // a task reinitialised after an aborted transaction may have lost what it sealed: seal again
        context.resetForwards();
        intake.init(context);
        intake.process(new Record<>("MPS-1", incident, NOW.toEpochMilli()));
        assertThat(identities(context)).hasSize(1);
    }

    @Test
    void withoutAVaultNoIdentityLeavesTheIntake() {
        IntakeProcessor<DomesticAbuseIncident> intake = intake(Optional.empty());
        MockProcessorContext<String, Routed> context = context();
        intake.init(context);

        intake.process(new Record<>(
                "MPS-2", TestEvents.incident("MPS-2", DashRiskLevel.HIGH, "9434765919"), NOW.toEpochMilli()));

        assertThat(context.forwarded()).hasSize(1);
        assertThat(context.forwarded().get(0).record().value()).isInstanceOf(Routed.ForChild.class);
    }

    @Test
    void theMemoryOfSealedChildrenForgetsTheLeastRecentlySeenFirst() {
        RecentlySealed recent = new RecentlySealed(2);
        assertThat(recent.firstTime("a")).isTrue();
        assertThat(recent.firstTime("b")).isTrue();
        assertThat(recent.firstTime("a")).isFalse(); // a is now the more recent
        assertThat(recent.firstTime("c")).isTrue(); // b goes
        assertThat(recent.firstTime("a")).isFalse();
        assertThat(recent.firstTime("b")).isTrue(); // c goes
        assertThat(recent.firstTime("a")).isFalse();
        recent.clear();
        assertThat(recent.firstTime("a")).isTrue();
    }

    @Test
    void aChildsSignalsStayInTheTaskOnlyWhenTheEventCameOnTheChildsPartition() {
        String nhs = "9434765919";
        int home = ChildPartitioner.partitionOf(nhs, 4);
        for (int partition = 0; partition < 4; partition++) {
            IntakeProcessor<DomesticAbuseIncident> intake = new IntakeProcessor<>(
                    Sources.DOMESTIC_ABUSE,
                    DetectionConfig.DEFAULTS,
                    pseudonymiser,
                    Optional.empty(),
                    ChildPlacement.of(4),
                    PipelineMetrics.inMemory());
            MockProcessorContext<String, Routed> context =
                    new MockProcessorContext<>(new Properties(), new TaskId(0, partition), null);
            context.setCurrentSystemTimeMs(NOW.toEpochMilli());
            intake.init(context);

            intake.process(
                    new Record<>("MPS-3", TestEvents.incident("MPS-3", DashRiskLevel.HIGH, nhs), NOW.toEpochMilli()));

            assertThat(context.forwarded()).hasSize(1);
            Routed.ForChild signals =
                    (Routed.ForChild) context.forwarded().get(0).record().value();
            assertThat(signals.here()).as("partition %d", partition).isEqualTo(partition == home);
            assertThat(signals.signals().getHome()).isEqualTo(home);
        }
    }

    @Test
    void withoutThePartitionCountEveryChildTakesTheRepartitionHop() {
        IntakeProcessor<DomesticAbuseIncident> intake = intake(Optional.empty());
        MockProcessorContext<String, Routed> context = context();
        intake.init(context);

        intake.process(new Record<>(
                "MPS-4", TestEvents.incident("MPS-4", DashRiskLevel.HIGH, "9434765919"), NOW.toEpochMilli()));

        Routed.ForChild signals =
                (Routed.ForChild) context.forwarded().get(0).record().value();
        assertThat(signals.here()).isFalse();
        assertThat(signals.signals().getHome()).isEqualTo(-1);
    }

    private IntakeProcessor<DomesticAbuseIncident> intake(Optional<IdentityVault.Sealer> vault) {
        return new IntakeProcessor<>(
                Sources.DOMESTIC_ABUSE,
                DetectionConfig.DEFAULTS,
                pseudonymiser,
                vault,
                ChildPlacement.unknown(),
                PipelineMetrics.inMemory());
    }

    private static MockProcessorContext<String, Routed> context() {
        MockProcessorContext<String, Routed> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(NOW.toEpochMilli());
        return context;
    }

    private static List<Routed.Identity> identities(MockProcessorContext<String, Routed> context) {
        return context.forwarded().stream()
                .map(f -> f.record().value())
                .filter(Routed.Identity.class::isInstance)
                .map(Routed.Identity.class::cast)
                .toList();
    }
}
