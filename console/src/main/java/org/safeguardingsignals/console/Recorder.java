package org.safeguardingsignals.console;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.safeguardingsignals.decisions.FrontDoorDecisions;
import org.safeguardingsignals.events.ConsoleAccess;
import org.safeguardingsignals.events.EncompassAcknowledgement;
import org.safeguardingsignals.events.EncompassNotice;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.WorkItem;
import org.safeguardingsignals.runtime.PipelineMetrics;
import org.safeguardingsignals.serde.SpecificAvroSerializer;
import org.safeguardingsignals.topics.Topics;

/**
 * Writes what people do in the console: decisions (append-only) and the audit of every access. Each write is
 * acknowledged by the broker before the console answers, so nothing is shown that is not on the record.
 */
final class Recorder implements AutoCloseable {
    private final Producer<String, SpecificRecord> producer;
    private final PipelineMetrics metrics;

    /**
     * @param producerConfig the console's producer settings (bootstrap servers, security); the recorder forces its
     *                       own acknowledgement, idempotence and serialisers
     */
    Recorder(Map<String, Object> producerConfig, Map<String, ?> serdeConfig, PipelineMetrics metrics) {
        this(producer(producerConfig, serdeConfig), metrics);
    }

    /** Records through this producer (tests give a MockProducer). */
    Recorder(Producer<String, SpecificRecord> producer, PipelineMetrics metrics) {
        this.producer = producer;
        this.metrics = metrics;
    }

    private static Producer<String, SpecificRecord> producer(
            Map<String, Object> producerConfig, Map<String, ?> serdeConfig) {
        Properties p = new Properties();
        p.putAll(producerConfig);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(serdeConfig, false);
        return new KafkaProducer<>(p, new StringSerializer(), serializer);
    }

    /**
     * Records the decision on one alert once the front door's rules accept it.
     *
     * @throws DecisionRequest.Invalid naming what the decision lacks (nothing is recorded)
     */
    MashDecision decide(Worker worker, RiskAlert alert, DecisionRequest request) {
        String authority = alert.getRoutedTo().stream()
                .filter(worker::worksFor)
                .findFirst()
                .orElseThrow();
        return record(
                decision(worker, request)
                        .setAlertId(alert.getAlertId())
                        .setChildPseudonym(alert.getChildPseudonym())
                        .setLocalAuthority(authority)
                        .build(),
                request.outcome().name());
    }

    /**
     * Records the decision on a child's work item, for the item's authority, naming the item's latest current alert
     * (neither superseded nor withdrawn; the decision topic is keyed by alert, as v1 readers expect).
     *
     * @throws DecisionRequest.Invalid naming what the decision lacks (nothing is recorded)
     */
    MashDecision decide(Worker worker, WorkItem item, DecisionRequest request) {
        String alertId = item.getAlerts().stream()
                .filter(a -> a.getSupersededBy() == null && a.getWithdrawal() == null)
                .reduce((first, second) -> second)
                .orElseThrow(() -> new DecisionRequest.Invalid(List.of("Every alert of this item was withdrawn")))
                .getAlertId();
        return record(
                decision(worker, request)
                        .setAlertId(alertId)
                        .setChildPseudonym(item.getChildPseudonym())
                        .setLocalAuthority(item.getLocalAuthority())
                        .setWorkItemId(item.getWorkItemId())
                        .build(),
                request.outcome().name());
    }

    /**
     * Records a manager's sign-off: a later record of the same decision (same id) naming the manager and when.
     *
     * @throws DecisionRequest.Invalid when the manager is the worker who decided (nothing is recorded)
     */
    MashDecision signOff(Worker manager, MashDecision proposed) {
        MashDecision signed = MashDecision.newBuilder(proposed)
                .setSignedOffBy(manager.id())
                .setSignedOffAt(Instant.now())
                .build();
        return record(signed, "SIGNED_OFF");
    }

    private static MashDecision.Builder decision(Worker worker, DecisionRequest request) {
        return MashDecision.newBuilder()
                .setDecisionId(UUID.randomUUID())
                .setOutcome(request.outcome())
                .setReason(request.reason())
                .setConsentBasis(request.consentBasis())
                .setRationale(request.rationale())
                .setWorkerId(worker.id())
                .setDecidedAt(Instant.now());
    }

    /** Sends the decision once the front door's rules accept it, counted under {@code counted}. */
    private MashDecision record(MashDecision decision, String counted) {
        List<String> problems = FrontDoorDecisions.problems(decision);
        if (!problems.isEmpty()) {
            throw new DecisionRequest.Invalid(problems);
        }
        send(Topics.DECISIONS.name(), decision.getAlertId(), decision);
        metrics.decision(counted);
        return decision;
    }

    /** A Designated Safeguarding Lead's acknowledgement of an Encompass notice; returns once the broker has it. */
    EncompassAcknowledgement acknowledge(Worker dsl, EncompassNotice notice) {
        EncompassAcknowledgement ack =
                new EncompassAcknowledgement(notice.getNoticeId(), notice.getSchoolUrn(), dsl.id(), Instant.now());
        send(Topics.ENCOMPASS_ACKNOWLEDGEMENTS.name(), ack.getNoticeId(), ack);
        metrics.decision("ENCOMPASS_ACKNOWLEDGED");
        return ack;
    }

    /** Writes one access to the audit topic; returns once the broker has it. */
    void audit(ConsoleAccess access) {
        send(Topics.CONSOLE_ACCESS.name(), access.getWorkerId(), access);
    }

    private void send(String topic, String key, SpecificRecord value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not record to " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted recording to " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
