package org.safeguardingsignals.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.DashRiskLevel;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.IdentifierSystem;
import org.safeguardingsignals.events.LocalIdentifier;
import org.safeguardingsignals.events.MissingEpisode;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.identifiers.AgencyReference;
import org.safeguardingsignals.testing.TestEvents;

/** References, organisation codes and local ids must fit one documented character set. */
class InputContractTest {
    private static final Instant NOW = Instant.parse("2026-11-21T00:00:00Z");

    private static DomesticAbuseIncident incident(Consumer<DomesticAbuseIncident> change) {
        DomesticAbuseIncident incident = TestEvents.incident("MPS-1", DashRiskLevel.HIGH, "9434765919");
        change.accept(incident);
        return incident;
    }

    private static RejectedInputException rejected(DomesticAbuseIncident incident) {
        return catchThrowableOfType(
                RejectedInputException.class,
                () -> InputContracts.DOMESTIC_ABUSE.validate(incident, NOW, InputContracts.DEFAULT_FUTURE_TOLERANCE));
    }

    @Test
    void markupAsAnIncidentReferenceIsRejectedWithoutRepeatingIt() {
        String markup = "<img src=x onerror=alert(1)>";

        RejectedInputException e = rejected(incident(i -> i.setIncidentReference(markup)));

        assertThat(e.reason()).isEqualTo(RejectReason.INVALID_REFERENCE);
        assertThat(e.getMessage()).isEqualTo("reference must start with a letter or a digit");
        assertThat(rejected(incident(i -> i.setIncidentReference("MPS-1 <b>"))).getMessage())
                .isEqualTo("reference may contain only letters A-Z and a-z, digits 0-9 and - _ / . : (character 6 "
                        + "is not one of them)");
    }

    @Test
    void organisationCodesAndLocalIdsMeetTheSameRule() {
        RejectedInputException org = rejected(incident(i -> i.getHeader().setOrganisationCode("01\"><script>")));
        assertThat(org.reason()).isEqualTo(RejectReason.INVALID_REFERENCE);
        assertThat(org.getMessage()).startsWith("header.organisationCode may contain only");

        RejectedInputException local = rejected(incident(i -> i.getChildren()
                .get(0)
                .getChild()
                .setLocalIdentifiers(
                        List.of(new LocalIdentifier(IdentifierSystem.POLICE_PERSON_ID, "JANE SMITH 9434765919")))));
        assertThat(local.reason()).isEqualTo(RejectReason.INVALID_REFERENCE);
        assertThat(local.getMessage())
                .startsWith("child.localIdentifiers[POLICE_PERSON_ID] may contain only")
                .doesNotContain("JANE")
                .doesNotContain("9434765919");

        assertThat(rejected(incident(i -> i.setIncidentReference("A".repeat(65))))
                        .getMessage())
                .isEqualTo("reference is longer than 64 characters (found 65)");
        assertThat(rejected(incident(i -> i.setIncidentReference(" "))).reason())
                .isEqualTo(RejectReason.MISSING_REFERENCE);
    }

    @Test
    void realReferenceFormatsPass() {
        for (String reference : List.of(
                "14/123456/25",
                "CRI/12345/21",
                "01",
                "RJ1",
                "Y01234",
                "100000",
                "E09000022",
                "LAM-REF-0001",
                "SC.2025.0042",
                "SOCIAL_CARE_ID:12345",
                "MPS-MISS-0001",
                "6f1c2a9e-0b7d-4c1e-9a53-2f0c7d1e8b44",
                "A".repeat(AgencyReference.MAX_LENGTH))) {
            assertThat(AgencyReference.check(reference).valid()).as(reference).isTrue();
            InputContracts.DOMESTIC_ABUSE.validate(
                    incident(i -> {
                        i.setIncidentReference(reference);
                        i.getHeader().setOrganisationCode(reference);
                    }),
                    NOW,
                    InputContracts.DEFAULT_FUTURE_TOLERANCE);
        }
        for (String bad : List.of(
                "é123",
                "REF 1",
                "REF\t1",
                "REF'1",
                "REF\"1",
                "REF;1",
                "REF<1",
                "REF&1",
                "-REF",
                "/etc/passwd",
                "REF\u20281",
                "ＲＥＦ1")) {
            assertThat(AgencyReference.check(bad).valid()).as(bad).isFalse();
        }
    }

    @Test
    void episodeIdsAreReferencesToo() {
        var episode = MissingEpisode.newBuilder()
                .setHeader(TestEvents.incident("MPS-1", DashRiskLevel.HIGH).getHeader())
                .setEpisodeId("EP-1<script>")
                .setChild(TestEvents.incident("MPS-1", DashRiskLevel.HIGH, "9434765919")
                        .getChildren()
                        .get(0)
                        .getChild())
                .setReportedMissingAt(NOW.minusSeconds(3600))
                .setLookedAfter(false)
                .build();

        assertThatThrownBy(() ->
                        InputContracts.MISSING_EPISODE.validate(episode, NOW, InputContracts.DEFAULT_FUTURE_TOLERANCE))
                .isInstanceOfSatisfying(
                        RejectedInputException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.INVALID_REFERENCE))
                .hasMessageStartingWith("reference may contain only");
    }
}
