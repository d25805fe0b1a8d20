package org.safeguardingsignals.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.AlertStatus;
import org.safeguardingsignals.events.AlertWindow;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.RetractionReason;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.events.Withdrawal;

/** An alert as a worklist row, field by field: raised, withdrawn (the same row's key), re-issued. */
class WorklistRowConverterTest {
    static final Instant T = Instant.parse("2025-03-10T12:00:00Z");

    static RiskAlert alert() {
        return RiskAlert.newBuilder()
                .setAlertId("a-1")
                .setRuleId("toxic-trio")
                .setRuleVersion(1)
                .setSeverity(Severity.HIGH)
                .setChildPseudonym("c0ffee")
                .setLocalAuthority("E09000022")
                .setEvidence(List.of(Evidence.newBuilder()
                        .setAgency(Agency.POLICE)
                        .setSourceEventId("e-1")
                        .setSourceReference("MPS-DA-1")
                        .setCategory(IndicatorCategory.DOMESTIC_ABUSE)
                        .setOccurredAt(T)
                        .build()))
                .setWindow(new AlertWindow(T.minusSeconds(60), T))
                .setRaisedAt(T.plusSeconds(5))
                .setRoutedTo(List.of("E09000022", "E10000016"))
                .build();
    }

    static Map<String, Object> row(Struct s) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Field f : s.schema().fields()) {
            m.put(f.name(), s.get(f));
        }
        return m;
    }

    static Map<String, Object> raisedRow() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alert_id", "a-1");
        m.put("rule_id", "toxic-trio");
        m.put("rule_version", 1);
        m.put("severity", "HIGH");
        m.put("child_pseudonym", "c0ffee");
        m.put("local_authority", "E09000022");
        m.put("window_start", Date.from(T.minusSeconds(60)));
        m.put("window_end", Date.from(T));
        m.put("raised_at", Date.from(T.plusSeconds(5)));
        m.put("routed_to", "E09000022,E10000016");
        m.put("evidence_count", 1);
        m.put(
                "evidence",
                "[{\"agency\":\"POLICE\",\"sourceEventId\":\"e-1\",\"sourceReference\":\"MPS-DA-1\","
                        + "\"category\":\"DOMESTIC_ABUSE\",\"occurredAt\":\"2025-03-10T12:00:00Z\"}]");
        m.put("status", "ACTIVE");
        m.put("supersedes", null);
        m.put("withdrawal_reason", null);
        m.put("withdrawal_agency", null);
        m.put("withdrawal_agency_reference", null);
        m.put("retraction_event_id", null);
        m.put("retracted_event_id", null);
        m.put("retracted_at", null);
        m.put("withdrawn_at", null);
        return m;
    }

    @Test
    void anAlertRaisedIsAnActiveRow() {
        assertThat(row(WorklistRowConverter.alertRow(alert()))).containsExactlyEntriesOf(raisedRow());
    }

    @Test
    void itsWithdrawalIsTheSameRowWithdrawnWithWhyAndWhen() {
        RiskAlert withdrawn = RiskAlert.newBuilder(alert())
                .setStatus(AlertStatus.WITHDRAWN)
                .setWithdrawal(Withdrawal.newBuilder()
                        .setRetractionEventId("r-1")
                        .setRetractedEventId("e-1")
                        .setAgency(Agency.POLICE)
                        .setOrganisationCode("01")
                        .setReason(RetractionReason.WRONG_CHILD)
                        .setAgencyReference("MPS-CORR-9")
                        .setRemovedEvidence(alert().getEvidence())
                        .setRetractedAt(T.plusSeconds(3600))
                        .setWithdrawnAt(T.plusSeconds(3700))
                        .build())
                .build();
        Map<String, Object> expected = raisedRow();
        expected.put("status", "WITHDRAWN");
        expected.put("withdrawal_reason", "WRONG_CHILD");
        expected.put("withdrawal_agency", "POLICE");
        expected.put("withdrawal_agency_reference", "MPS-CORR-9");
        expected.put("retraction_event_id", "r-1");
        expected.put("retracted_event_id", "e-1");
        expected.put("retracted_at", Date.from(T.plusSeconds(3600)));
        expected.put("withdrawn_at", Date.from(T.plusSeconds(3700)));

        assertThat(row(WorklistRowConverter.alertRow(withdrawn)))
                .as("the same alert_id: the sink's upsert updates the alert's row")
                .containsExactlyEntriesOf(expected);
    }

    @Test
    void aReIssuedAlertIsARowOfItsOwnThatNamesTheWithdrawnOne() {
        RiskAlert reissued = RiskAlert.newBuilder(alert())
                .setAlertId("a-2")
                .setRuleId("toxic-trio-emerging")
                .setSeverity(Severity.MEDIUM)
                .setSupersedes("a-1")
                .build();
        Map<String, Object> expected = raisedRow();
        expected.put("alert_id", "a-2");
        expected.put("rule_id", "toxic-trio-emerging");
        expected.put("severity", "MEDIUM");
        expected.put("supersedes", "a-1");
        assertThat(row(WorklistRowConverter.alertRow(reissued))).containsExactlyEntriesOf(expected);
    }
}
