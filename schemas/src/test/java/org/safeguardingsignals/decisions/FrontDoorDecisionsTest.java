package org.safeguardingsignals.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.safeguardingsignals.events.ConsentBasis;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.DecisionReason;
import org.safeguardingsignals.events.MashDecision;

class FrontDoorDecisionsTest {

    static MashDecision.Builder decision(DecisionOutcome outcome) {
        return MashDecision.newBuilder()
                .setDecisionId(UUID.randomUUID())
                .setAlertId("a")
                .setChildPseudonym("p")
                .setLocalAuthority("E09000022")
                .setOutcome(outcome)
                .setWorkerId("worker-1")
                .setDecidedAt(Instant.parse("2026-11-02T10:00:00Z"))
                .setWorkItemId("item-1")
                .setReason(DecisionReason.NEEDS_MET_BY_UNIVERSAL_SERVICES)
                .setConsentBasis(ConsentBasis.NOT_SHARED);
    }

    @Test
    void anAcknowledgementNeedsNothingMoreAndKeepsTheItemOpen() {
        MashDecision d = decision(DecisionOutcome.ACKNOWLEDGED)
                .setReason(DecisionReason.UNKNOWN)
                .setConsentBasis(ConsentBasis.UNKNOWN)
                .build();
        assertThat(FrontDoorDecisions.problems(d)).isEmpty();
        assertThat(FrontDoorDecisions.closes(d)).isFalse();
        assertThat(FrontDoorDecisions.awaitsSignOff(d)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(
            value = DecisionOutcome.class,
            names = {"ACKNOWLEDGED", "NO_FURTHER_ACTION", "UNKNOWN"},
            mode = EnumSource.Mode.EXCLUDE)
    void everyOtherOutcomeNeedsAReasonAndAConsentBasisAndCloses(DecisionOutcome outcome) {
        assertThat(FrontDoorDecisions.problems(decision(outcome)
                        .setReason(DecisionReason.UNKNOWN)
                        .setConsentBasis(ConsentBasis.UNKNOWN)
                        .build()))
                .containsExactly(
                        "reason: a coded reason is required for " + outcome,
                        "consentBasis: consent, or the reason for sharing without it, is required for " + outcome);
        MashDecision complete = decision(outcome).build();
        assertThat(FrontDoorDecisions.problems(complete)).isEmpty();
        assertThat(FrontDoorDecisions.closes(complete)).isTrue();
    }

    @Test
    void noFurtherActionClosesOnlyWithAManagersSignOff() {
        MashDecision proposed = decision(DecisionOutcome.NO_FURTHER_ACTION).build();
        assertThat(FrontDoorDecisions.problems(proposed)).isEmpty();
        assertThat(FrontDoorDecisions.closes(proposed)).isFalse();
        assertThat(FrontDoorDecisions.awaitsSignOff(proposed)).isTrue();

        MashDecision signed = decision(DecisionOutcome.NO_FURTHER_ACTION)
                .setSignedOffBy("manager-1")
                .setSignedOffAt(Instant.parse("2026-11-02T11:00:00Z"))
                .build();
        assertThat(FrontDoorDecisions.problems(signed)).isEmpty();
        assertThat(FrontDoorDecisions.closes(signed)).isTrue();
        assertThat(FrontDoorDecisions.awaitsSignOff(signed)).isFalse();
    }

    @Test
    void aWorkerCannotSignOffTheirOwnNoFurtherAction() {
        MashDecision self = decision(DecisionOutcome.NO_FURTHER_ACTION)
                .setSignedOffBy("worker-1")
                .setSignedOffAt(Instant.parse("2026-11-02T11:00:00Z"))
                .build();
        assertThat(FrontDoorDecisions.problems(self))
                .containsExactly("signedOffBy: a worker cannot sign off their own decision");
        assertThat(FrontDoorDecisions.closes(self)).isFalse();
        assertThat(FrontDoorDecisions.problems(decision(DecisionOutcome.NO_FURTHER_ACTION)
                        .setSignedOffBy("manager-1")
                        .build()))
                .containsExactly("signedOffAt: required with signedOffBy");
    }

    @Test
    void anUnknownOutcomeIsRefusedAndClosesNothing() {
        MashDecision d = decision(DecisionOutcome.UNKNOWN).build();
        assertThat(FrontDoorDecisions.problems(d))
                .containsExactly("outcome: one of the front-door outcomes is required");
        assertThat(FrontDoorDecisions.closes(d)).isFalse();
    }
}
