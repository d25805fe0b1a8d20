package org.safeguardingsignals.serde;

import java.io.IOException;

/** An Avro body declared a string, bytes value or collection over a {@link DecodingLimits} bound. */
final class DecodingLimitException extends IOException {
    private final String property;
    private final int limit;

    DecodingLimitException(String declared, String property, int limit) {
        super(String.format("%s, over the limit %s=%d", declared, property, limit), null);
        this.property = property;
        this.limit = limit;
    }

    String property() {
        return property;
    }

    int limit() {
        return limit;
    }
}
