package org.safeguardingsignals.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguardingsignals.events.ParentHealthCategory.ALCOHOL_MISUSE;
import static org.safeguardingsignals.events.ParentHealthCategory.MENTAL_HEALTH;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.detection.Scenario.Child;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.runtime.ChronologyLine;

/**
 * What the chronology and the evidence say beyond the category: which organisation holds the record, and the coded
 * details a MASH worker judges it by (was the child present, the DASH risk level, the service). These are the uses
 * that earn those fields their place in the contracts (MinimisationTest).
 */
class ChronologyDetailTest {
    static final Instant AT = Instant.parse("2026-06-01T10:00:00Z");
    private final Scenario world = new Scenario();

    @AfterEach
    void close() {
        world.close();
    }

    @Test
    void theChronologyShowsTheOrganisationAndTheCodedDetailsOfEachEntry() {
        Child ana = world.child("Ana");
        world.domesticAbuse(AT, ana);
        world.parentHealth(AT.plus(Duration.ofDays(1)), MENTAL_HEALTH, ana);

        List<ChronologyLine> lines = world.childStates().get(world.pseudonymOf(ana)).getIndicators().stream()
                .map(ChildQueries::line)
                .toList();

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).organisationCode()).isEqualTo("01");
        assertThat(lines.get(0).qualifiers())
                .isEqualTo(Map.of("present", "true", "dashRiskLevel", "MEDIUM", "policeAttended", "true"));
        assertThat(lines.get(1).organisationCode()).isEqualTo("RJ1");
        assertThat(lines.get(1).qualifiers()).isEqualTo(Map.of("service", "CRISIS_TEAM"));
    }

    @Test
    void eachPieceOfEvidenceNamesTheOrganisationThatHoldsTheRecord() {
        Child ben = world.child("Ben");
        world.domesticAbuse(AT, ben);
        world.parentHealth(AT.plus(Duration.ofDays(1)), MENTAL_HEALTH, ben);
        world.parentHealth(AT.plus(Duration.ofDays(2)), ALCOHOL_MISUSE, ben);

        assertThat(world.alerts())
                .filteredOn(a -> a.getRuleId().equals("toxic-trio"))
                .singleElement()
                .satisfies(a -> assertThat(a.getEvidence())
                        .extracting(Evidence::getOrganisationCode)
                        .containsExactly("01", "RJ1", "RJ1"));
    }
}
