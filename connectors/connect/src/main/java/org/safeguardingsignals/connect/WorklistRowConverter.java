package org.safeguardingsignals.connect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Withdrawal;
import org.safeguardingsignals.serde.SpecificAvroDeserializer;
import org.safeguardingsignals.topics.Topic;
import org.safeguardingsignals.topics.Topics;

/**
 * Reads alerts and decisions (Confluent wire format) as flat rows of a MASH worklist, for a JDBC sink such as
 * Debezium's: one column per field, the evidence as JSON (PostgreSQL jsonb through Debezium's {@code
 * io.debezium.data.Json}), times as timestamps. Rows carry the pseudonym, never an NHS number.
 *
 * <p>An alert's row is keyed by its id (the sink upserts), so the WITHDRAWN record detection writes after a retraction
 * updates the alert's row rather than adding one: {@code status} becomes WITHDRAWN and the withdrawal columns are
 * filled (why, by which agency, when; the retraction's own ids). An alert re-issued in its place is a row of its own
 * that names the withdrawn one in {@code supersedes}. The columns added with withdrawals are optional, so that the
 * sink's schema evolution can add them to a table written before them; {@code status} is null only in rows written
 * before it (read as ACTIVE).
 */
public final class WorklistRowConverter implements Converter {
    /** Debezium's semantic type for JSON text: a jsonb column in PostgreSQL. */
    static final String JSON = "io.debezium.data.Json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static final Schema ALERT_ROW = SchemaBuilder.struct()
            .name("org.safeguardingsignals.worklist.AlertRow")
            .field("alert_id", Schema.STRING_SCHEMA)
            .field("rule_id", Schema.STRING_SCHEMA)
            .field("rule_version", Schema.INT32_SCHEMA)
            .field("severity", Schema.STRING_SCHEMA)
            .field("child_pseudonym", Schema.STRING_SCHEMA)
            .field("local_authority", Schema.STRING_SCHEMA)
            .field("window_start", Timestamp.SCHEMA)
            .field("window_end", Timestamp.SCHEMA)
            .field("raised_at", Timestamp.SCHEMA)
            .field("routed_to", Schema.STRING_SCHEMA)
            .field("evidence_count", Schema.INT32_SCHEMA)
            .field("evidence", SchemaBuilder.string().name(JSON).version(1).build())
            .field("status", Schema.OPTIONAL_STRING_SCHEMA)
            .field("supersedes", Schema.OPTIONAL_STRING_SCHEMA)
            .field("withdrawal_reason", Schema.OPTIONAL_STRING_SCHEMA)
            .field("withdrawal_agency", Schema.OPTIONAL_STRING_SCHEMA)
            .field("withdrawal_agency_reference", Schema.OPTIONAL_STRING_SCHEMA)
            .field("retraction_event_id", Schema.OPTIONAL_STRING_SCHEMA)
            .field("retracted_event_id", Schema.OPTIONAL_STRING_SCHEMA)
            .field("retracted_at", Timestamp.builder().optional().build())
            .field("withdrawn_at", Timestamp.builder().optional().build())
            .build();

    static final Schema DECISION_ROW = SchemaBuilder.struct()
            .name("org.safeguardingsignals.worklist.DecisionRow")
            .field("decision_id", Schema.STRING_SCHEMA)
            .field("alert_id", Schema.STRING_SCHEMA)
            .field("child_pseudonym", Schema.STRING_SCHEMA)
            .field("local_authority", Schema.STRING_SCHEMA)
            .field("outcome", Schema.STRING_SCHEMA)
            .field("worker_id", Schema.STRING_SCHEMA)
            .field("decided_at", Timestamp.SCHEMA)
            .build();

    private final Map<String, SpecificAvroDeserializer<? extends SpecificRecord>> readers = new HashMap<>();
    private Map<String, ?> configs;
    private boolean isKey;

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.configs = configs;
        this.isKey = isKey;
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        SpecificRecord record = reader(topic).deserialize(topic, value);
        if (record instanceof RiskAlert a) {
            return new SchemaAndValue(ALERT_ROW, alertRow(a));
        }
        if (record instanceof MashDecision d) {
            return new SchemaAndValue(DECISION_ROW, decisionRow(d));
        }
        throw new DataException("WorklistRowConverter reads alerts and decisions; " + topic + " holds "
                + record.getSchema().getFullName());
    }

    static Struct alertRow(RiskAlert a) {
        ArrayNode evidence = MAPPER.createArrayNode();
        for (Evidence e : a.getEvidence()) {
            evidence.addObject()
                    .put("agency", e.getAgency().name())
                    .put("sourceEventId", e.getSourceEventId())
                    .put("sourceReference", e.getSourceReference())
                    .put("category", e.getCategory().name())
                    .put("occurredAt", e.getOccurredAt().toString());
        }
        Struct row = new Struct(ALERT_ROW)
                .put("alert_id", a.getAlertId())
                .put("rule_id", a.getRuleId())
                .put("rule_version", a.getRuleVersion())
                .put("severity", a.getSeverity().name())
                .put("child_pseudonym", a.getChildPseudonym())
                .put("local_authority", a.getLocalAuthority())
                .put("window_start", Date.from(a.getWindow().getStart()))
                .put("window_end", Date.from(a.getWindow().getEnd()))
                .put("raised_at", Date.from(a.getRaisedAt()))
                .put("routed_to", String.join(",", a.getRoutedTo()))
                .put("evidence_count", a.getEvidence().size())
                .put("evidence", evidence.toString())
                .put("status", a.getStatus().name())
                .put("supersedes", a.getSupersedes());
        Withdrawal w = a.getWithdrawal();
        if (w != null) {
            row.put("withdrawal_reason", w.getReason().name())
                    .put("withdrawal_agency", w.getAgency().name())
                    .put("withdrawal_agency_reference", w.getAgencyReference())
                    .put("retraction_event_id", w.getRetractionEventId())
                    .put("retracted_event_id", w.getRetractedEventId())
                    .put("retracted_at", Date.from(w.getRetractedAt()))
                    .put("withdrawn_at", Date.from(w.getWithdrawnAt()));
        }
        return row;
    }

    static Struct decisionRow(MashDecision d) {
        return new Struct(DECISION_ROW)
                .put("decision_id", d.getDecisionId().toString())
                .put("alert_id", d.getAlertId())
                .put("child_pseudonym", d.getChildPseudonym())
                .put("local_authority", d.getLocalAuthority())
                .put("outcome", d.getOutcome().name())
                .put("worker_id", d.getWorkerId())
                .put("decided_at", Date.from(d.getDecidedAt()));
    }

    private SpecificAvroDeserializer<? extends SpecificRecord> reader(String topic) {
        return readers.computeIfAbsent(topic, t -> {
            Topic<? extends SpecificRecord> known = Topics.byName(t)
                    .filter(k -> k == Topics.ALERTS || k == Topics.DECISIONS)
                    .orElseThrow(() -> new DataException("WorklistRowConverter reads " + Topics.ALERTS.name() + " and "
                            + Topics.DECISIONS.name() + ", not " + t));
            SpecificAvroDeserializer<? extends SpecificRecord> d = new SpecificAvroDeserializer<>(known.valueType());
            d.configure(configs, isKey);
            return d;
        });
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        throw new DataException("WorklistRowConverter only reads; to write use " + WireFormatConverter.class.getName());
    }
}
