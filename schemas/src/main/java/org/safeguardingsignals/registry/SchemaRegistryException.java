package org.safeguardingsignals.registry;

/**
 * A schema registry refused or failed a request. {@link #errorCode()} is Confluent's error code where the registry
 * sent one (40401 subject not found, 40402 version not found, 40403 schema not found, 409 incompatible, 42201
 * invalid schema), or the HTTP status, or -1 when the registry could not be reached.
 */
public class SchemaRegistryException extends RuntimeException {
    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int INCOMPATIBLE = 409;
    public static final int UNREACHABLE = -1;

    private final int status;
    private final int errorCode;

    public SchemaRegistryException(String message, int status, int errorCode, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, int status, int errorCode) {
        this(message, status, errorCode, null);
    }

    /** HTTP status, or -1 when no response came. */
    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }

    public boolean notFound() {
        return errorCode == SUBJECT_NOT_FOUND
                || errorCode == VERSION_NOT_FOUND
                || errorCode == SCHEMA_NOT_FOUND
                || status == 404;
    }
}
