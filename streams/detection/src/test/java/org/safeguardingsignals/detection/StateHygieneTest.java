package org.safeguardingsignals.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.detection.Scenario.Child;
import org.safeguardingsignals.events.ParentHealthCategory;

/** State is bounded: once the longest lookback (plus grace) has passed, the stores shrink back. */
class StateHygieneTest {
    private final Scenario world = new Scenario();

    @AfterEach
    void close() {
        world.close();
    }

    @Test
    void storesShrinkBackToEmptyAfterTheRetentionPasses() {
        Instant at = Scenario.WALL_CLOCK_START.minus(Duration.ofDays(2));
        for (int i = 0; i < 20; i++) {
            Child c = world.child("child " + i);
            world.domesticAbuse(at, c);
            world.parentHealth(at.plusSeconds(60), ParentHealthCategory.MENTAL_HEALTH, c);
            world.missing("EP-" + i, c, at.plusSeconds(120), at.plusSeconds(7200));
        }
        assertThat(world.storeSize(ChildRulesProcessor.CHILD_STATE_STORE)).isEqualTo(20);
        assertThat(world.storeSize(ChildRulesProcessor.INTERVIEWS_DUE_STORE)).isEqualTo(20);

        // the feed goes quiet; two days later (due 72 hours after the return) the overdue interviews have fired
        world.advanceWallClock(Duration.ofDays(2));
        assertThat(world.alerts())
                .filteredOn(a -> a.getRuleId().equals("return-interview-overdue"))
                .hasSize(20);
        assertThat(world.storeSize(ChildRulesProcessor.INTERVIEWS_DUE_STORE)).isZero();
        assertThat(world.storeSize(ChildRulesProcessor.CHILD_STATE_STORE)).isEqualTo(20);

        // just before retention (365 days lookback + 30 days grace after the latest indicator) nothing has gone
        world.advanceWallClock(Duration.ofDays(390));
        assertThat(world.storeSize(ChildRulesProcessor.CHILD_STATE_STORE)).isEqualTo(20);

        world.advanceWallClock(Duration.ofDays(2));
        assertThat(world.storeSize(ChildRulesProcessor.CHILD_STATE_STORE)).isZero();
        assertThat(world.storeSize(ChildRulesProcessor.INTERVIEWS_DUE_STORE)).isZero();
    }

    @Test
    void aChildsOldIndicatorsArePrunedAsNewOnesArrive() {
        Child fin = world.child("Fin");
        Instant old = Scenario.WALL_CLOCK_START.minus(Duration.ofDays(800));
        world.domesticAbuse(old, fin);
        world.domesticAbuse(old.plus(Duration.ofDays(10)), fin);
        world.domesticAbuse(Scenario.WALL_CLOCK_START.minus(Duration.ofDays(1)), fin);

        assertThat(world.childStates().get(world.pseudonymOf(fin)).getIndicators())
                .hasSize(1);
        assertThat(world.childStates().get(world.pseudonymOf(fin)).getExpiresAt())
                .as("a year and the grace after the latest indicator")
                .isEqualTo(Scenario.WALL_CLOCK_START.minus(Duration.ofDays(1)).toEpochMilli()
                        + DetectionConfig.DEFAULTS.retention().toMillis());
    }
}
