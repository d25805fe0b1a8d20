package org.safeguardingsignals.serde;

import org.apache.avro.SystemLimitException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The largest string, bytes value and collection an Avro body may declare before anything is allocated for it. A
 * 70-byte record can declare a 2 GB string; without a bound the decoder allocates it and the thread dies of
 * OutOfMemoryError instead of dead-lettering the record.
 *
 * <p>Sizing, from the largest valid event with generous headroom and far below a heap-threatening size:
 * <ul>
 * <li>strings: our longest legitimate strings are references and codes (at most 64 characters, see
 * AgencyReference) and dead-letter details (under 1 KiB): 64 KiB.</li>
 * <li>bytes: the only bytes fields are a dead letter's original key and value, a record the broker accepted
 * (Kafka's default {@code message.max.bytes} is 1 MiB): 8 MiB.</li>
 * <li>collections: the longest array is a child's chronology in the child-state store, the indicators within
 * retention (395 days by default; one indicator an hour all year would be under 10,000): 100,000 items, a
 * 0.8 MB array of references at most.</li>
 * </ul>
 *
 * <p>The application sets Avro's own system properties ({@link SystemLimitException}) to these values the first
 * time this class is used, so every Avro decoder in the JVM is bounded; a stricter value already set by an operator
 * is kept. Avro reads those properties only once, when it first loads, so if something decoded Avro earlier its
 * limits may be looser: {@link #inForce()} then logs a warning and our serde still enforces the same bounds itself
 * ({@link BoundedDecoder}).
 *
 * @param maxStringBytes     longest string, in UTF-8 bytes
 * @param maxBytesLength     longest bytes value
 * @param maxCollectionItems most items in one array or map
 */
public record DecodingLimits(int maxStringBytes, int maxBytesLength, int maxCollectionItems) {
    public static final String STRING_PROPERTY = SystemLimitException.MAX_STRING_LENGTH_PROPERTY;
    public static final String BYTES_PROPERTY = SystemLimitException.MAX_BYTES_LENGTH_PROPERTY;
    public static final String COLLECTION_PROPERTY = SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY;

    /** The application's limits (see the sizing above). */
    public static final DecodingLimits DEFAULTS = new DecodingLimits(64 * 1024, 8 * 1024 * 1024, 100_000);

    private static final Logger LOG = LoggerFactory.getLogger(DecodingLimits.class);
    private static final DecodingLimits IN_FORCE = install(DEFAULTS);

    /** The limits in force, installed into Avro's system properties on first use. */
    public static DecodingLimits inForce() {
        return IN_FORCE;
    }

    /**
     * Sets Avro's system properties to these limits, keeping an operator's stricter value, and checks that Avro
     * enforces them. Returns the limits this application enforces (the stricter of each pair).
     */
    static DecodingLimits install(DecodingLimits wanted) {
        DecodingLimits limits = new DecodingLimits(
                setProperty(STRING_PROPERTY, wanted.maxStringBytes),
                setProperty(BYTES_PROPERTY, wanted.maxBytesLength),
                setProperty(COLLECTION_PROPERTY, wanted.maxCollectionItems));
        if (!limits.avroEnforces()) {
            LOG.warn(
                    "Avro read its decoding limits before this application set them, so Avro alone does not bound "
                            + "them; this application's serde enforces {}={}, {}={} and {}={} itself. Other Avro decoding in "
                            + "this JVM is bound only if these are given as -D options.",
                    STRING_PROPERTY,
                    limits.maxStringBytes,
                    BYTES_PROPERTY,
                    limits.maxBytesLength,
                    COLLECTION_PROPERTY,
                    limits.maxCollectionItems);
        }
        return limits;
    }

    private static int setProperty(String property, int wanted) {
        String current = System.getProperty(property);
        if (current != null) {
            try {
                int set = Integer.parseInt(current.strip());
                if (set > 0 && set <= wanted) {
                    return set; // an operator's stricter choice
                }
            } catch (NumberFormatException e) {
                // not a number: replaced below
            }
            LOG.info("Replacing {}={} with {}", property, current, wanted);
        }
        System.setProperty(property, Integer.toString(wanted));
        return wanted;
    }

    /** Whether Avro itself refuses anything over these limits (it read its properties after they were set). */
    public boolean avroEnforces() {
        return refused(() -> SystemLimitException.checkMaxStringLength(maxStringBytes + 1L))
                && refused(() -> SystemLimitException.checkMaxBytesLength(maxBytesLength + 1L))
                && refused(() -> SystemLimitException.checkMaxCollectionLength(maxCollectionItems + 1L));
    }

    private static boolean refused(Runnable check) {
        try {
            check.run();
            return false;
        } catch (SystemLimitException e) {
            return true;
        }
    }

    int checkString(long declared) throws DecodingLimitException {
        return check(declared, maxStringBytes, "a string of", "bytes", STRING_PROPERTY);
    }

    int checkBytes(long declared) throws DecodingLimitException {
        return check(declared, maxBytesLength, "a bytes value of", "bytes", BYTES_PROPERTY);
    }

    int checkItems(long declared) throws DecodingLimitException {
        return check(declared, maxCollectionItems, "a collection of", "items", COLLECTION_PROPERTY);
    }

    private static int check(long declared, int limit, String what, String unit, String property)
            throws DecodingLimitException {
        if (declared < 0) {
            throw new DecodingLimitException("a negative length (" + declared + ")", property, limit);
        }
        if (declared > limit) {
            throw new DecodingLimitException(String.format("%s %,d %s", what, declared, unit), property, limit);
        }
        return (int) declared;
    }
}
