package org.safeguardingsignals.agency;

/** The event was valid but could not be published: the schema registry or the broker did not take it. */
public class PublishException extends RuntimeException {
    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
