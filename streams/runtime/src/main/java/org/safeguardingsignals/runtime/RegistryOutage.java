package org.safeguardingsignals.runtime;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.safeguardingsignals.serde.WireFormatException;
import org.slf4j.Logger;

/**
 * A record whose writer's schema cannot be fetched because the schema registry is down is good input met at a bad
 * time: dead-lettering or skipping it would lose it. Instead the stream thread fails without committing, the record
 * stays on its topic, and the replacement thread reads it again from the last commit (exactly once); once the
 * registry answers, processing goes on with no manual step (RELIABILITY.md, "A registry outage").
 */
public final class RegistryOutage {
    private RegistryOutage() {}

    /** True when the registry could not be reached or answered with a server error (not: an unknown schema id), here or as a cause. */
    public static boolean isCause(Throwable exception) {
        // a punctuator reading a stored record may meet it wrapped; the depth cuts off a cycle in the chain
        Throwable t = exception;
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (t instanceof WireFormatException w && w.problem() == WireFormatException.Problem.REGISTRY_FAILURE) {
                return true;
            }
        }
        return false;
    }

    static DeserializationExceptionHandler.Response leaveOnTopic(
            ErrorHandlerContext context, PipelineMetrics metrics, String application, Logger log) {
        metrics.registryUnavailable(application);
        log.error(
                "Schema registry unavailable while reading {}-{}@{}: the record stays on its topic and is read again"
                        + " when the stream thread is replaced (nothing is dead-lettered or skipped)",
                context.topic(),
                context.partition(),
                context.offset());
        return DeserializationExceptionHandler.Response.fail();
    }

    /**
     * The same for a processor or punctuator that met the outage reading a stored record: the thread fails, nothing
     * is dead-lettered, and the work is done again when the new thread runs.
     */
    static ProcessingExceptionHandler.Response failProcessing(
            ErrorHandlerContext context, PipelineMetrics metrics, String application, Logger log) {
        metrics.registryUnavailable(application);
        log.error(
                "Schema registry unavailable in {}: the stream thread is replaced and does the work again from the"
                        + " last commit (nothing is dead-lettered or skipped)",
                context.processorNodeId());
        return ProcessingExceptionHandler.Response.fail();
    }

    /**
     * Replaces a failed stream thread, so that a registry outage (or any other failure of a thread) costs a retry,
     * not the application: the new thread resumes from the last commit.
     */
    public static void replaceFailedThreads(KafkaStreams streams, Logger log) {
        streams.setUncaughtExceptionHandler(e -> {
            log.error("Stream thread failed; replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }
}
