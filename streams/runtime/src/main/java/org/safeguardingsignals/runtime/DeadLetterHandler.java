package org.safeguardingsignals.runtime;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.safeguardingsignals.events.DeadLetter;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.logging.RedactedException;
import org.safeguardingsignals.serde.SpecificAvroSerializer;
import org.safeguardingsignals.serde.WireFormatException;
import org.safeguardingsignals.topics.Topics;
import org.safeguardingsignals.validation.RejectedInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nothing is lost and bad input never stops the application: a record that cannot be decoded, or that breaks a
 * validation rule, is written to the dead-letter topic as an Avro {@link DeadLetter} (reason, coordinates, and the
 * original bytes sealed for the replay tool's certificate) in the same transaction as the task's other output,
 * counted by reason, and processing resumes. Only the detection application writes dead letters; others that read
 * the same inputs skip and count under their own name ({@link SkipAndCount}).
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {
    /** Config key under which the application passes its {@link PipelineMetrics} object. */
    public static final String METRICS_CONFIG = "safeguarding.pipeline.metrics";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);
    /** Kafka Streams configures a handler per task: say once per JVM that the originals are not kept. */
    private static final java.util.concurrent.atomic.AtomicBoolean WARNED_UNSEALED =
            new java.util.concurrent.atomic.AtomicBoolean();

    private PipelineMetrics metrics;
    private SpecificAvroSerializer<DeadLetter> serializer;
    private OriginalSealer sealer; // null: keep coordinates only

    @Override
    public void configure(Map<String, ?> configs) {
        Object m = configs.get(METRICS_CONFIG);
        this.metrics = m instanceof PipelineMetrics pm ? pm : PipelineMetrics.inMemory();
        this.serializer = new SpecificAvroSerializer<>();
        serializer.configure(configs, false);
        Object certificate = configs.get(OriginalSealer.CERTIFICATE_CONFIG);
        this.sealer = certificate == null || certificate.toString().isBlank()
                ? null
                : OriginalSealer.fromPem(Path.of(certificate.toString()));
        if (sealer == null && WARNED_UNSEALED.compareAndSet(false, true)) {
            LOG.warn(
                    "No {}: dead letters keep reason and coordinates only, not the original bytes",
                    OriginalSealer.CERTIFICATE_CONFIG);
        }
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (RegistryOutage.isCause(exception)) {
            return RegistryOutage.leaveOnTopic(context, metrics, "detection", LOG);
        }
        RejectReason reason = exception instanceof WireFormatException w
                        && w.problem() == WireFormatException.Problem.UNKNOWN_SCHEMA_ID
                ? RejectReason.UNKNOWN_SCHEMA
                : RejectReason.UNDECODABLE;
        // our serde's messages are value-free; another deserializer's may quote the record, so only its class
        String detail = exception instanceof WireFormatException
                ? exception.getMessage()
                : exception.getClass().getName();
        return DeserializationExceptionHandler.Response.resume(
                deadLetter(context, record.key(), record.value(), reason, detail));
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(
            ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (RegistryOutage.isCause(exception)) {
            return RegistryOutage.failProcessing(context, metrics, "detection", LOG);
        }
        if (exception instanceof RejectedInputException rejected) {
            return ProcessingExceptionHandler.Response.resume(deadLetter(
                    context,
                    context.sourceRawKey(),
                    context.sourceRawValue(),
                    rejected.reason(),
                    rejected.getMessage()));
        }
        // A bug, not bad data: keep the record and the trace, and carry on with the next one.
        // class and stack trace only: an exception's message may quote the record
        LOG.error(
                "Processing failed in {} for {}-{}@{}; record sent to the dead-letter topic",
                context.processorNodeId(),
                context.topic(),
                context.partition(),
                context.offset(),
                RedactedException.of(exception));
        return ProcessingExceptionHandler.Response.resume(deadLetter(
                context,
                context.sourceRawKey(),
                context.sourceRawValue(),
                RejectReason.PROCESSING_ERROR,
                exception.getClass().getName()));
    }

    private List<ProducerRecord<byte[], byte[]>> deadLetter(
            ErrorHandlerContext context, byte[] key, byte[] value, RejectReason reason, String detail) {
        metrics.rejected(reason.name());
        String topic = context.topic() == null ? "" : context.topic();
        DeadLetter letter = DeadLetter.newBuilder()
                .setReason(reason)
                .setDetail(detail == null ? reason.name() : detail)
                .setSourceTopic(topic)
                .setPartition(context.partition())
                .setOffset(context.offset())
                .setSealedOriginal(sealer == null ? null : ByteBuffer.wrap(sealer.seal(key, value)))
                .setRejectedAt(Instant.now())
                .build();
        String dlq = Topics.DEAD_LETTERS.name();
        return List.of(new ProducerRecord<>(
                dlq, null, topic.getBytes(StandardCharsets.UTF_8), serializer.serialize(dlq, letter)));
    }
}
