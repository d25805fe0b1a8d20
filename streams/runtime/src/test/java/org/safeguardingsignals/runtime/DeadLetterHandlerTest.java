package org.safeguardingsignals.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguardingsignals.events.DeadLetter;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.serde.WireFormatException;
import org.safeguardingsignals.testing.CapturedLog;
import org.safeguardingsignals.topics.Topics;

/**
 * Every reason the dead-letter handler gives, each counted once, with the original bytes sealed; and the skipping
 * policy of the other applications, which writes nothing. The handler is called as Kafka Streams calls it; the
 * real-broker path is DeadLettersIT.
 */
class DeadLetterHandlerTest {
    static final String TOPIC = Topics.REFERRALS.name();
    static final byte[] KEY = "REF-1".getBytes(StandardCharsets.UTF_8);
    static final byte[] VALUE = "bytes as received".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    /** Where a record was when it failed, as Kafka Streams describes it. */
    record At(String topic, int partition, long offset) implements ErrorHandlerContext {
        public Headers headers() {
            return new RecordHeaders();
        }

        public String processorNodeId() {
            return "intake-" + topic;
        }

        public TaskId taskId() {
            return new TaskId(0, partition);
        }

        public long timestamp() {
            return 0;
        }

        public byte[] sourceRawKey() {
            return KEY;
        }

        public byte[] sourceRawValue() {
            return VALUE;
        }
    }

    private final String registry = "mock://dead-letter-handler-test";
    private final PipelineMetrics metrics = PipelineMetrics.inMemory();

    private DeadLetterHandler handler() throws Exception {
        DeadLetterHandler h = new DeadLetterHandler();
        Map<String, Object> configs = new HashMap<>();
        configs.put("schema.registry.url", registry);
        configs.put(DeadLetterHandler.METRICS_CONFIG, metrics);
        configs.put(
                OriginalSealer.CERTIFICATE_CONFIG,
                ReplayKeys.ensure(dir).certificate().toString());
        h.configure(configs);
        return h;
    }

    private DeadLetter letter(List<ProducerRecord<byte[], byte[]>> records) {
        assertThat(records).hasSize(1);
        assertThat(records.get(0).topic()).isEqualTo(Topics.DEAD_LETTERS.name());
        return Topics.DEAD_LETTERS
                .valueDeserializer(Map.of("schema.registry.url", registry))
                .deserialize(Topics.DEAD_LETTERS.name(), records.get(0).value());
    }

    @Test
    void anUnknownSchemaIdIsItsOwnReason() throws Exception {
        DeserializationExceptionHandler.Response response = handler()
                .handleError(
                        new At(TOPIC, 1, 7),
                        new ConsumerRecord<>(TOPIC, 1, 7, KEY, VALUE),
                        new WireFormatException(
                                WireFormatException.Problem.UNKNOWN_SCHEMA_ID, "schema id 99 is not known"));

        DeadLetter l = letter(response.deadLetterQueueRecords());
        assertThat(l.getReason()).isEqualTo(RejectReason.UNKNOWN_SCHEMA);
        assertThat(l.getSourceTopic()).isEqualTo(TOPIC);
        assertThat(l.getPartition()).isEqualTo(1);
        assertThat(l.getOffset()).isEqualTo(7);
        assertThat(OriginalOpener.fromPem(dir.resolve("replay-key.pem"))
                        .open(l.getSealedOriginal())
                        .getValue())
                .isEqualTo(ByteBuffer.wrap(VALUE));
        assertThat(metrics.count("safeguarding.rejects", "reason", "UNKNOWN_SCHEMA"))
                .isEqualTo(1);
        assertThat(metrics.count("safeguarding.rejects", "reason", "UNDECODABLE"))
                .isZero();
    }

    @Test
    void aBugIsAProcessingErrorWhoseDetailAndLogQuoteNoValue() throws Exception {
        try (CapturedLog log = CapturedLog.start()) {
            ProcessingExceptionHandler.Response response = handler()
                    .handleError(
                            new At(TOPIC, 0, 3),
                            new Record<>("REF-1", "value", 0L),
                            new IllegalStateException("could not handle child 9434765919"));

            DeadLetter l = letter(response.deadLetterQueueRecords());
            assertThat(l.getReason()).isEqualTo(RejectReason.PROCESSING_ERROR);
            assertThat(l.getDetail()).isEqualTo(IllegalStateException.class.getName());
            assertThat(metrics.count("safeguarding.rejects", "reason", "PROCESSING_ERROR"))
                    .isEqualTo(1);
            assertThat(log.text())
                    .contains("Processing failed in intake-" + TOPIC)
                    .doesNotContain("9434765919");
        }
    }

    @Test
    void theOtherApplicationsSkipAndCountWithoutWritingADeadLetter() {
        SkipAndCount skip = new SkipAndCount();
        skip.configure(Map.of(DeadLetterHandler.METRICS_CONFIG, metrics));
        var response = skip.handleError(
                new At(TOPIC, 0, 1),
                new ConsumerRecord<>(TOPIC, 0, 1, KEY, VALUE),
                new WireFormatException(WireFormatException.Problem.BAD_MAGIC_BYTE, "not wire format"));
        assertThat(response.deadLetterQueueRecords()).isEmpty();
        assertThat(metrics.count("safeguarding.metrics.skipped", "reason", "UNDECODABLE"))
                .isEqualTo(1);
        assertThat(metrics.count("safeguarding.rejects", "reason", "UNDECODABLE"))
                .isZero();
    }

    @Test
    void aRecordMetDuringARegistryOutageStaysOnItsTopicInBothPolicies() throws Exception {
        var outage = new WireFormatException(
                WireFormatException.Problem.REGISTRY_FAILURE, "Schema id 7 could not be fetched: unreachable");
        var record = new ConsumerRecord<>(TOPIC, 0, 1, KEY, VALUE);
        var written = handler().handleError(new At(TOPIC, 0, 1), record, outage);
        SkipAndCount skip = new SkipAndCount();
        skip.configure(Map.of(DeadLetterHandler.METRICS_CONFIG, metrics));
        var skipped = skip.handleError(new At(TOPIC, 0, 1), record, outage);

        // the thread fails without committing, so the record is read again; nothing rejected or skipped
        assertThat(written.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
        assertThat(written.deadLetterQueueRecords()).isEmpty();
        assertThat(skipped.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
        assertThat(skipped.deadLetterQueueRecords()).isEmpty();
        assertThat(metrics.count("safeguarding.registry.unavailable", "app", "detection"))
                .isEqualTo(1);
        assertThat(metrics.count("safeguarding.registry.unavailable", "app", "partnership-metrics"))
                .isEqualTo(1);
        assertThat(metrics.count("safeguarding.rejects", "reason", "UNDECODABLE"))
                .isZero();
        assertThat(metrics.count("safeguarding.metrics.skipped", "reason", "UNDECODABLE"))
                .isZero();
    }

    @Test
    void aPunctuatorThatMeetsARegistryOutageInAStoredRecordFailsTheThreadInsteadOfDeadLettering() throws Exception {
        // as LinkingProcessor's sweep met it: the outage wrapped, and no source record (punctuation)
        var wrapped = new IllegalStateException(
                "sweep failed",
                new WireFormatException(
                        WireFormatException.Problem.REGISTRY_FAILURE, "Schema id 7 could not be fetched"));

        var response = handler().handleError(new At(TOPIC, 0, 1), (Record<?, ?>) null, wrapped);

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
        assertThat(metrics.count("safeguarding.registry.unavailable", "app", "detection"))
                .isEqualTo(1);
        assertThat(metrics.count("safeguarding.rejects", "reason", "PROCESSING_ERROR"))
                .isZero();
    }
}
