package org.safeguardingsignals.logging;

/**
 * Stands in for an exception whose message may quote a value from the data: Avro's "Invalid UUID string: ..." quotes
 * whatever was in the field, an NHS number included, and a log keeps it. It keeps what diagnosis needs, the original
 * class name and stack trace, and its cause is redacted the same way; the original message is dropped.
 */
public final class RedactedException extends RuntimeException {
    private static final int DEEPEST_CAUSE = 8;

    private RedactedException(Throwable original, int depth) {
        super(
                original.getClass().getName() + " (message withheld: it may quote the data)",
                redactedCause(original, depth),
                false,
                true);
        setStackTrace(original.getStackTrace());
    }

    /** The exception with its message, and its causes' messages, withheld. */
    public static RedactedException of(Throwable original) {
        return original instanceof RedactedException r ? r : new RedactedException(original, 0);
    }

    private static Throwable redactedCause(Throwable original, int depth) {
        Throwable cause = original.getCause();
        if (cause == null || cause == original || depth >= DEEPEST_CAUSE) {
            return null;
        }
        return cause instanceof RedactedException r ? r : new RedactedException(cause, depth + 1);
    }
}
