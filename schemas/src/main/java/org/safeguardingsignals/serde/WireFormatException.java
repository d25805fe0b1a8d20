package org.safeguardingsignals.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that cannot be read or written as Confluent wire format, with the cause named for dead-lettering. The message
 * never quotes a value from the record: it becomes a dead letter's detail and Kafka Streams logs it.
 */
public class WireFormatException extends SerializationException {

    /** What was wrong. */
    public enum Problem {
        /** Shorter than the 5-byte header, or the Avro body ends early. */
        TRUNCATED,
        /** First byte is not 0. */
        BAD_MAGIC_BYTE,
        /** The schema id is not in the registry. */
        UNKNOWN_SCHEMA_ID,
        /** The body does not decode with the writer's schema. */
        CORRUPT_PAYLOAD,
        /** The body declares a string, bytes value or collection over the decoding limits. */
        LIMIT_EXCEEDED,
        /** The writer's schema cannot be resolved into the reader's. */
        INCOMPATIBLE_SCHEMA,
        /** The registry refused or could not be reached. */
        REGISTRY_FAILURE
    }

    private final Problem problem;

    public WireFormatException(Problem problem, String message) {
        this(problem, message, null);
    }

    public WireFormatException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
