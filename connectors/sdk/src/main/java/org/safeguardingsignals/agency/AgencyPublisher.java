package org.safeguardingsignals.agency;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.safeguardingsignals.events.Retraction;
import org.safeguardingsignals.registry.RegistryClientConfig;
import org.safeguardingsignals.serde.SpecificAvroSerializer;
import org.safeguardingsignals.validation.ChildPartitioner;
import org.safeguardingsignals.validation.InputContract;
import org.safeguardingsignals.validation.InputContracts;
import org.safeguardingsignals.validation.RejectedInputException;

/**
 * The partner agencies' producer: validates each event with the pipeline's own contract, then sends it to its input
 * topic with an idempotent producer (acks=all) and the Confluent wire format. Thread-safe, like the producer it wraps.
 *
 * <pre>{@code
 * try (AgencyPublisher publisher = AgencyPublisher.builder()
 *         .bootstrapServers("broker:9092").schemaRegistryUrl("http://registry:8080/apis/ccompat/v7").build()) {
 *     publisher.send(Events.referral(Events.header(Agency.CHILDRENS_SERVICES, "E09000022", "E09000022", when))
 *             .setReferralId("R-1").setChild(Events.child("9434765919")).build());
 * }
 * }</pre>
 *
 * Complete examples of every event type: docs/PUBLISHING.md (kept in the SDK's tests, examples package, and built).
 * An event whose header was made without an id ({@link Events#header(org.safeguardingsignals.events.Agency, String,
 * String, Instant)}) is sent with an id derived from its content ({@link EventIds}); the caller's event is not
 * changed, and the receipt says which id was sent.
 *
 * A retraction takes back one of the agency's own events ({@link Events#retraction}): {@code send} puts it on the
 * agency's own retraction topic, keyed by the event it takes back and on that event's child's partition; a return
 * interview provider names its topic: {@code send(InputContracts.RETURN_INTERVIEW_RETRACTION, retraction)}.
 *
 * <p>{@link #send} throws {@link RejectedInputException} (reason code and field, never the value) for an event the
 * pipeline would dead-letter, before anything leaves the process; {@link PublishException} when the schema registry
 * or the broker cannot take it.
 */
public final class AgencyPublisher implements AutoCloseable {
    private final KafkaProducer<String, SpecificRecord> producer;
    private final Duration futureTolerance;

    private AgencyPublisher(Properties config, Duration futureTolerance) {
        // as with Confluent's serializer, one set of properties serves both: each ignores the other's keys
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
        Map<String, Object> serdeConfig = new HashMap<>();
        config.stringPropertyNames().forEach(k -> serdeConfig.put(k, config.getProperty(k)));
        serializer.configure(serdeConfig, false);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), serializer);
        this.futureTolerance = futureTolerance;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Validates the event and sends it. The future completes when the broker has it (all in-sync replicas), or
     * exceptionally with a {@link PublishException}.
     *
     * @throws RejectedInputException when the event breaks a rule of its input contract; nothing is sent
     * @throws PublishException       when the event cannot be serialized (for example the registry is unreachable)
     */
    public <E extends SpecificRecord> CompletableFuture<Receipt> send(E event) {
        Objects.requireNonNull(event, "event");
        return send(contractOf(event), event);
    }

    /**
     * Validates the event against the given contract and sends it to that contract's topic. For a topic that the
     * event's class alone does not name: a return interview provider's retraction goes to
     * {@link InputContracts#RETURN_INTERVIEW_RETRACTION}, whatever agency its header names.
     *
     * @throws RejectedInputException when the event breaks a rule of the contract; nothing is sent
     * @throws PublishException       when the event cannot be serialized
     */
    public <E extends SpecificRecord> CompletableFuture<Receipt> send(InputContract<E> contract, E event) {
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(event, "event");
        E sent = EventIds.identified(event, contract.header().apply(event));
        validate(contract, sent);
        String topic = contract.topic().name();
        UUID eventId = contract.header().apply(sent).getEventId();
        CompletableFuture<Receipt> receipt = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, contract.topic().keyOf(sent), sent), (metadata, error) -> {
                if (error != null) {
                    receipt.completeExceptionally(new PublishException(
                            "the broker did not take the event for " + topic + ": " + error.getMessage(), error));
                } else {
                    receipt.complete(new Receipt(topic, metadata.partition(), metadata.offset(), eventId));
                }
            });
        } catch (KafkaException e) {
            throw new PublishException("could not send to " + topic + ": " + rootMessage(e), e);
        }
        return receipt;
    }

    /**
     * The contract {@link #send(SpecificRecord)} uses: the one of the event's class, and for a {@link Retraction} the
     * retraction topic of the agency its header names ({@link InputContracts#retractionFor}), since each agency may
     * write only its own.
     */
    @SuppressWarnings("unchecked")
    public static <E extends SpecificRecord> InputContract<E> contractOf(E event) {
        if (event instanceof Retraction retraction) {
            return (InputContract<E>)
                    InputContracts.retractionFor(retraction.getHeader().getSourceAgency());
        }
        return InputContracts.of((Class<E>) event.getClass());
    }

    /** The same validation as {@link #send} (the id derived first, where it is left to the publisher), without sending. */
    public <E extends SpecificRecord> void validate(InputContract<E> contract, E event) {
        contract.validate(EventIds.identified(event, contract.header().apply(event)), Instant.now(), futureTolerance);
    }

    /** Waits until every event sent so far has been acknowledged or has failed. */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }

    /** Where the broker put an event, and the event id it was sent with. */
    public record Receipt(String topic, int partition, long offset, UUID eventId) {}

    /** Connection settings. Producer and serde keys are Kafka's and Confluent's own. */
    public static final class Builder {
        private final Properties producer = new Properties();
        private Duration futureTolerance = InputContracts.DEFAULT_FUTURE_TOLERANCE;

        private Builder() {
            producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            producer.put(ProducerConfig.ACKS_CONFIG, "all");
            producer.put(ProducerConfig.LINGER_MS_CONFIG, "10");
            // fail in seconds, not after the producer's default minute, when the broker is unreachable
            producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
            producer.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
            producer.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
            // each event on its child's partition, so detection judges it without a repartition hop
            producer.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, ChildPartitioner.class.getName());
        }

        public Builder bootstrapServers(String servers) {
            producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
            return this;
        }

        /** The registry's Confluent-compatible API, e.g. an Apicurio Registry's /apis/ccompat/v7. */
        public Builder schemaRegistryUrl(String url) {
            producer.put(RegistryClientConfig.SCHEMA_REGISTRY_URL, url);
            return this;
        }

        /**
         * Any other setting, with Kafka's and Confluent's keys: security.protocol, sasl.*, ssl.* for the producer;
         * basic.auth.*, auto.register.schemas, use.latest.version for the serializer.
         */
        public Builder property(String key, String value) {
            producer.put(key, value);
            return this;
        }

        public Builder properties(Properties p) {
            p.stringPropertyNames().forEach(k -> property(k, p.getProperty(k)));
            return this;
        }

        /** How far after the wall clock an event may be dated; keep it equal to the pipeline's. */
        public Builder futureTolerance(Duration tolerance) {
            this.futureTolerance = tolerance;
            return this;
        }

        public AgencyPublisher build() {
            if (!producer.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
                throw new IllegalStateException("bootstrap.servers is not set");
            }
            if (!producer.containsKey(RegistryClientConfig.SCHEMA_REGISTRY_URL)) {
                throw new IllegalStateException(RegistryClientConfig.SCHEMA_REGISTRY_URL + " is not set");
            }
            return new AgencyPublisher(producer, futureTolerance);
        }
    }
}
