package org.safeguardingsignals.runtime;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partnership-metrics application's handler for input it cannot read: skip it and count it under the metrics
 * application's own name, writing no dead letter. Detection reads the same inputs and owns the dead letters, so each
 * bad record is dead-lettered once; the metrics application counts rejects from the dead-letter topic itself.
 */
public final class SkipAndCount implements DeserializationExceptionHandler, ProcessingExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SkipAndCount.class);
    private PipelineMetrics metrics;

    @Override
    public void configure(Map<String, ?> configs) {
        Object m = configs.get(DeadLetterHandler.METRICS_CONFIG);
        this.metrics = m instanceof PipelineMetrics pm ? pm : PipelineMetrics.inMemory();
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (RegistryOutage.isCause(exception)) {
            return RegistryOutage.leaveOnTopic(context, metrics, "partnership-metrics", LOG);
        }
        return DeserializationExceptionHandler.Response.resume(skipped(context, "UNDECODABLE", exception));
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(
            ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (RegistryOutage.isCause(exception)) {
            return RegistryOutage.failProcessing(context, metrics, "partnership-metrics", LOG);
        }
        return ProcessingExceptionHandler.Response.resume(skipped(context, "PROCESSING_ERROR", exception));
    }

    private List<ProducerRecord<byte[], byte[]>> skipped(
            ErrorHandlerContext context, String reason, Exception exception) {
        metrics.registry()
                .counter("safeguarding.metrics.skipped", "reason", reason)
                .increment();
        LOG.debug(
                "Partnership metrics skipped {}-{}@{} ({}); detection dead-letters it",
                context.topic(),
                context.partition(),
                context.offset(),
                exception.getClass().getSimpleName());
        return List.of();
    }
}
