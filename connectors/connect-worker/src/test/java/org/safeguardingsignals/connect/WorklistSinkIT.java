package org.safeguardingsignals.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguardingsignals.embedded.ApicurioRegistry;
import org.safeguardingsignals.embedded.EmbeddedKafka;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.AlertStatus;
import org.safeguardingsignals.events.AlertWindow;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.RetractionReason;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.events.Withdrawal;
import org.safeguardingsignals.serde.SpecificAvroSerializer;
import org.safeguardingsignals.testing.BrokerReads;
import org.safeguardingsignals.topics.Topics;

/**
 * Alerts and decisions into a MASH worklist in a real PostgreSQL, through Debezium's JDBC sink connector in a real
 * Connect worker, reading our wire format with {@link WorklistRowConverter}: one row per alert id, however often the
 * alert is delivered, and its withdrawal updates that row.
 */
class WorklistSinkIT {
    static EmbeddedKafka kafka;
    static ApicurioRegistry registry;
    static PostgresServer postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start();
        kafka = EmbeddedKafka.start();
        registry = ApicurioRegistry.shared();
        kafka.createTopics(List.of(Topics.ALERTS.name(), Topics.DECISIONS.name()), 2);
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    /** The connector configurations shipped in deploy/connect, with this test's addresses in place of the providers. */
    Map<String, String> shipped(String file) throws Exception {
        Properties p = new Properties();
        try (var in = Files.newInputStream(ConnectWorker.SHIPPED.resolve(file))) {
            p.load(in);
        }
        Map<String, String> c = new HashMap<>();
        p.stringPropertyNames().forEach(k -> c.put(k, p.getProperty(k)));
        c.put("connection.url", postgres.jdbcUrl());
        c.put("connection.username", PostgresServer.USER);
        c.put("connection.password", "");
        c.put("value.converter.schema.registry.url", registry.confluentApiUrl());
        c.keySet().removeIf(k -> k.startsWith("value.converter.schema.registry.ssl.")); // this registry is HTTP
        return c;
    }

    static RiskAlert alert(String id, Severity severity, String reference) {
        Instant t = Instant.parse("2025-03-10T12:00:00Z");
        return RiskAlert.newBuilder()
                .setAlertId(id)
                .setRuleId("toxic-trio")
                .setRuleVersion(1)
                .setSeverity(severity)
                .setChildPseudonym("c0ffee" + id)
                .setLocalAuthority("E09000022")
                .setEvidence(List.of(
                        Evidence.newBuilder()
                                .setAgency(Agency.POLICE)
                                .setSourceEventId(UUID.randomUUID().toString())
                                .setSourceReference(reference)
                                .setCategory(IndicatorCategory.DOMESTIC_ABUSE)
                                .setOccurredAt(t.minusSeconds(86_400))
                                .build(),
                        Evidence.newBuilder()
                                .setAgency(Agency.HEALTH)
                                .setSourceEventId(UUID.randomUUID().toString())
                                .setSourceReference("GSTT-MH-1")
                                .setCategory(IndicatorCategory.PARENTAL_MENTAL_HEALTH)
                                .setOccurredAt(t)
                                .build()))
                .setWindow(AlertWindow.newBuilder()
                        .setStart(t.minusSeconds(86_400 * 90))
                        .setEnd(t)
                        .build())
                .setRaisedAt(t.plusSeconds(5))
                .setRoutedTo(List.of("MASH:E09000022"))
                .build();
    }

    void send(List<ProducerRecord<String, SpecificRecord>> records) {
        Properties p = new Properties();
        p.putAll(kafka.adminProperties());
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of("schema.registry.url", registry.confluentApiUrl()), false);
        try (KafkaProducer<String, SpecificRecord> producer =
                new KafkaProducer<>(p, new StringSerializer(), serializer)) {
            records.forEach(producer::send);
        }
    }

    static ProducerRecord<String, SpecificRecord> onAlerts(RiskAlert a) {
        return new ProducerRecord<>(Topics.ALERTS.name(), a.getChildPseudonym(), a);
    }

    long count(String table, String where) throws SQLException {
        try (Connection c = postgres.connect();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select count(*) from " + table + " where " + where)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0; // the sink has not created the table yet
            }
            throw e;
        }
    }

    void awaitRows(String table, String where, long expected, ConnectWorker worker) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (count(table, where) < expected && System.nanoTime() < deadline) {
            Thread.sleep(300);
        }
        assertThat(count(table, where)).as(worker.tail()).isEqualTo(expected);
    }

    @Test
    void alertsAndDecisionsBecomeWorklistRowsAndARedeliveryNeverAddsARow() throws Exception {
        send(List.of(
                onAlerts(alert("a-1", Severity.HIGH, "MPS-DA-1")),
                onAlerts(alert("a-2", Severity.MEDIUM, "MPS-DA-2")),
                onAlerts(alert("a-1", Severity.HIGH, "MPS-DA-1")))); // a-1 delivered twice
        MashDecision decision = MashDecision.newBuilder()
                .setDecisionId(UUID.randomUUID())
                .setAlertId("a-1")
                .setChildPseudonym("c0ffeea-1")
                .setLocalAuthority("E09000022")
                .setOutcome(DecisionOutcome.STRATEGY_DISCUSSION)
                .setWorkerId("worker-7")
                .setDecidedAt(Instant.parse("2025-03-10T13:30:00Z"))
                .build();
        send(List.of(new ProducerRecord<>(Topics.DECISIONS.name(), "a-1", decision)));

        try (ConnectWorker worker = new ConnectWorker(
                        Files.createDirectories(dir.resolve("worker")),
                        kafka.adminProperties(),
                        List.of(
                                shipped("worklist-alerts-postgres.properties"),
                                shipped("worklist-decisions-postgres.properties")))
                .start()) {
            awaitRows("mash_alerts", "true", 2, worker);
            awaitRows("mash_decisions", "true", 1, worker);

            try (Connection c = postgres.connect();
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("select a.severity, a.rule_id, a.evidence_count, "
                            + "a.evidence->0->>'sourceReference', a.evidence->1->>'category', a.window_end, "
                            + "d.outcome, d.worker_id from mash_alerts a join mash_decisions d using (alert_id) "
                            + "where a.alert_id = 'a-1'")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).isEqualTo("HIGH");
                assertThat(r.getString(2)).isEqualTo("toxic-trio");
                assertThat(r.getInt(3)).isEqualTo(2);
                assertThat(r.getString(4)).isEqualTo("MPS-DA-1");
                assertThat(r.getString(5)).isEqualTo("PARENTAL_MENTAL_HEALTH");
                assertThat(r.getTimestamp(6).toInstant()).isEqualTo(Instant.parse("2025-03-10T12:00:00Z"));
                assertThat(r.getString(7)).isEqualTo("STRATEGY_DISCUSSION");
                assertThat(r.getString(8)).isEqualTo("worker-7");
                assertThat(r.next()).isFalse();
            }

            // redelivered again (a replay), then a new alert; once the sink has consumed the topic to its end,
            // whichever partitions they landed on, both have been applied
            send(List.of(
                    onAlerts(alert("a-2", Severity.MEDIUM, "MPS-DA-2")),
                    onAlerts(alert("a-3", Severity.HIGH, "MPS-DA-3"))));
            BrokerReads.awaitConsumed(
                    kafka.admin(), "connect-worklist-alerts", List.of(Topics.ALERTS.name()), Duration.ofSeconds(60));
            assertThat(count("mash_alerts", "alert_id = 'a-3'")).isEqualTo(1);
            assertThat(count("mash_alerts", "true")).isEqualTo(3);
            assertThat(count("mash_alerts", "alert_id = 'a-2'")).isEqualTo(1);

            // a retraction took a-1's police evidence away: its WITHDRAWN record updates its row (the decision on it
            // stays), and the alert re-issued on what remains is a row of its own
            RiskAlert a1 = alert("a-1", Severity.HIGH, "MPS-DA-1");
            RiskAlert withdrawn = RiskAlert.newBuilder(a1)
                    .setStatus(AlertStatus.WITHDRAWN)
                    .setWithdrawal(Withdrawal.newBuilder()
                            .setRetractionEventId("r-1")
                            .setRetractedEventId(a1.getEvidence().get(0).getSourceEventId())
                            .setAgency(Agency.POLICE)
                            .setOrganisationCode("01")
                            .setReason(RetractionReason.WRONG_CHILD)
                            .setAgencyReference("MPS-CORR-1")
                            .setRemovedEvidence(List.of(a1.getEvidence().get(0)))
                            .setRetractedAt(Instant.parse("2025-03-11T09:00:00Z"))
                            .setWithdrawnAt(Instant.parse("2025-03-11T09:00:05Z"))
                            .build())
                    .build();
            RiskAlert reissued = RiskAlert.newBuilder(alert("a-4", Severity.MEDIUM, "MPS-DA-1"))
                    .setRuleId("toxic-trio-emerging")
                    .setChildPseudonym("c0ffeea-1")
                    .setSupersedes("a-1")
                    .build();
            send(List.of(onAlerts(withdrawn), onAlerts(reissued)));
            BrokerReads.awaitConsumed(
                    kafka.admin(), "connect-worklist-alerts", List.of(Topics.ALERTS.name()), Duration.ofSeconds(60));
            assertThat(count("mash_alerts", "true")).isEqualTo(4);
            try (Connection c = postgres.connect();
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("select alert_id, status, severity, withdrawal_reason, "
                            + "withdrawal_agency, withdrawal_agency_reference, retraction_event_id, withdrawn_at, "
                            + "supersedes from mash_alerts order by alert_id")) {
                List<String> rows = new ArrayList<>();
                while (r.next()) {
                    rows.add(String.join(
                            " ",
                            r.getString(1),
                            r.getString(2),
                            r.getString(3),
                            r.getString(4),
                            r.getString(5),
                            r.getString(6),
                            r.getString(7),
                            r.getTimestamp(8) == null
                                    ? null
                                    : r.getTimestamp(8).toInstant().toString(),
                            r.getString(9)));
                }
                assertThat(rows)
                        .containsExactly(
                                "a-1 WITHDRAWN HIGH WRONG_CHILD POLICE MPS-CORR-1 r-1 2025-03-11T09:00:05Z null",
                                "a-2 ACTIVE MEDIUM null null null null null null",
                                "a-3 ACTIVE HIGH null null null null null null",
                                "a-4 ACTIVE MEDIUM null null null null null a-1");
            }
            assertThat(count("mash_decisions", "alert_id = 'a-1'"))
                    .as("the decision on the withdrawn alert stays")
                    .isEqualTo(1);
        }
    }
}
