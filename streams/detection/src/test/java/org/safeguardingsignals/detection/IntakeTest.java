package org.safeguardingsignals.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.detection.Scenario.Child;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.DeadLetter;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.IdentifierSystem;
import org.safeguardingsignals.events.LinkedChild;
import org.safeguardingsignals.events.LocalIdentifier;
import org.safeguardingsignals.events.OriginalRecord;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.events.UnmatchedEvent;
import org.safeguardingsignals.events.UnmatchedReason;
import org.safeguardingsignals.runtime.OriginalOpener;
import org.safeguardingsignals.topics.Topic;
import org.safeguardingsignals.topics.Topics;

/**
 * What happens to invalid input and to children who cannot be matched: nothing is lost, nothing stops. Undecodable
 * bytes are covered by DeadLettersIT on a real broker: TopologyTestDriver drops the dead-letter
 * records that a deserialization handler returns.
 */
class IntakeTest {
    static final Instant AT = Instant.parse("2026-12-01T12:00:00Z");
    private final Scenario world = new Scenario();

    @AfterEach
    void close() {
        world.close();
    }

    @Test
    void eachValidationRuleRejectsWithItsOwnReasonAndSealsTheOriginalBytesForTheReplayTool() {
        Child bo = world.child("Bo");
        DomesticAbuseIncident good = world.domesticAbuse(AT, bo);
        world.deadLetters();

        List<SpecificRecord> rejected = new ArrayList<>();
        rejected.add(publishVariant(good, i -> i.getHeader().setLocalAuthority("E07000008")));
        rejected.add(publishVariant(
                good, i -> i.getHeader().setOccurredAt(Scenario.WALL_CLOCK_START.plus(Duration.ofHours(1)))));
        rejected.add(publishVariant(
                good,
                i -> i.getChildren()
                        .get(0)
                        .getChild()
                        .setLocalIdentifiers(List.of(new LocalIdentifier(IdentifierSystem.UPN, "A801200005001")))));
        rejected.add(publishVariant(good, i -> i.setChildren(List.of())));
        rejected.add(publishVariant(good, i -> i.setIncidentReference(" ")));
        rejected.add(world.missing(world.lookedAfterEpisode("EP-X", bo, AT, Scenario.LAMBETH, Scenario.KENT)
                .setReturnedAt(AT.minusSeconds(1))
                .build()));
        rejected.add(world.missing(world.lookedAfterEpisode("EP-Y", bo, AT, "W06000015", Scenario.KENT)
                .build()));

        List<DeadLetter> letters = world.deadLetters();
        assertThat(letters)
                .extracting(DeadLetter::getReason)
                .containsExactly(
                        RejectReason.INVALID_AUTHORITY_CODE,
                        RejectReason.TIMESTAMP_IN_FUTURE,
                        RejectReason.INVALID_UPN,
                        RejectReason.MISSING_REFERENCE,
                        RejectReason.MISSING_REFERENCE,
                        RejectReason.INCONSISTENT_TIMES,
                        RejectReason.INVALID_AUTHORITY_CODE);
        assertThat(letters.get(0).getDetail())
                .isEqualTo("header.localAuthority: E07 is a shire district, which "
                        + "has no children's services: use the county's E10 code");
        assertThat(letters.get(2).getDetail())
                .startsWith("child.localIdentifiers[UPN]: ")
                .doesNotContain("A801200005001");
        // the raw bytes are not in the dead letter; sealed, they open with the replay key to exactly what was sent
        assertThat(letters).allSatisfy(l -> {
            assertThat(l.getOriginalValue()).isNull();
            assertThat(l.getOriginalKey()).isNull();
        });
        OriginalOpener replay = world.replayTool();
        for (int n = 0; n < letters.size(); n++) {
            OriginalRecord original = replay.open(letters.get(n).getSealedOriginal());
            Topic<?> topic = Topics.byName(letters.get(n).getSourceTopic()).orElseThrow();
            assertThat((Object) world.decode(topic, original.getValue()))
                    .as("letter %d", n)
                    .isEqualTo(rejected.get(n));
            assertThat(StandardCharsets.UTF_8.decode(original.getKey()).toString())
                    .isEqualTo("ref");
        }
        assertThat(world.alerts()).isEmpty();
        assertThat(world.metrics.count("safeguarding.rejects", "reason", "MISSING_REFERENCE"))
                .isEqualTo(2);
    }

    @Test
    void aChildWithoutAUsableNhsNumberGoesToManualMatchingWhileSiblingsAreMatched() {
        Child cy = world.child("Cy");
        PersonRef unknown = PersonRef.newBuilder()
                .setLocalIdentifiers(List.of(new LocalIdentifier(IdentifierSystem.POLICE_PERSON_ID, "P-123")))
                .build();
        PersonRef mistyped = PersonRef.newBuilder().setNhsNumber("9434765871").build();
        DomesticAbuseIncident incident = world.domesticAbuse(AT, cy);
        incident.setChildren(List.of(
                new LinkedChild(Scenario.ref(cy), true),
                new LinkedChild(unknown, true),
                new LinkedChild(mistyped, false)));
        incident.getHeader().setEventId(UUID.randomUUID());
        world.publish(Topics.DOMESTIC_ABUSE_INCIDENTS, incident);

        List<UnmatchedEvent> unmatched = world.unmatched();
        assertThat(unmatched)
                .extracting(UnmatchedEvent::getReason)
                .containsExactly(UnmatchedReason.NHS_NUMBER_MISSING, UnmatchedReason.NHS_NUMBER_INVALID);
        assertThat(unmatched.get(0).getLocalIdentifiers())
                .extracting(LocalIdentifier::getValue)
                .containsExactly("P-123");
        assertThat(unmatched.get(0).getSourceReference()).isEqualTo(incident.getIncidentReference());
        assertThat(unmatched.get(0).getAgency()).isEqualTo(Agency.POLICE);
        assertThat(world.metrics.count("safeguarding.unmatched", "agency", "POLICE"))
                .isEqualTo(2);
        assertThat(world.childStates().get(world.pseudonymOf(cy)).getIndicators())
                .hasSize(2);
        assertThat(world.deadLetters()).isEmpty();
    }

    @Test
    void storesAreKeyedByPseudonymAndHoldNoNhsNumber() {
        Child di = world.child("Di");
        Child ed = world.child("Ed");
        world.domesticAbuse(AT, di, ed);
        world.missing("EP-1", di, AT, AT.plusSeconds(3600));

        assertThat(world.storeKeys(ChildRulesProcessor.CHILD_STATE_STORE))
                .containsExactlyInAnyOrder(world.pseudonymOf(di), world.pseudonymOf(ed))
                .allMatch(k -> k.matches("[0-9a-f]{32}"));
        assertThat(world.storeKeys(ChildRulesProcessor.INTERVIEWS_DUE_STORE))
                .hasSize(1)
                .noneMatch(k -> k.contains(di.nhsNumber()));
        String everything = world.childStates().get(world.pseudonymOf(di)).toString()
                + world.childStates().get(world.pseudonymOf(ed)).toString();
        assertThat(everything).doesNotContain(di.nhsNumber()).doesNotContain(ed.nhsNumber());
    }

    private DomesticAbuseIncident publishVariant(DomesticAbuseIncident good, Consumer<DomesticAbuseIncident> edit) {
        DomesticAbuseIncident copy = DomesticAbuseIncident.newBuilder(good).build();
        copy.getHeader().setEventId(UUID.randomUUID());
        edit.accept(copy);
        return world.publish(Topics.DOMESTIC_ABUSE_INCIDENTS, copy);
    }
}
