package org.safeguardingsignals.serde;

import java.nio.ByteBuffer;

/**
 * Confluent's wire format: magic byte 0, the schema id as a 4-byte big-endian int, then the Avro binary encoding of
 * the value with that schema.
 */
public final class WireFormat {
    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {}

    /** The schema id of a framed payload, after checking its frame. */
    public static int schemaId(byte[] payload) {
        if (payload.length < HEADER_SIZE) {
            throw new WireFormatException(
                    WireFormatException.Problem.TRUNCATED,
                    "Payload of " + payload.length
                            + " bytes is too short for Confluent wire format (magic byte and 4-byte schema id)");
        }
        if (payload[0] != MAGIC_BYTE) {
            throw new WireFormatException(
                    WireFormatException.Problem.BAD_MAGIC_BYTE,
                    String.format(
                            "Unknown magic byte 0x%02X: not Confluent wire format (expected 0x00); was this record written"
                                    + " with a schema-registry serde?",
                            payload[0]));
        }
        return ByteBuffer.wrap(payload, 1, 4).getInt();
    }

    /** Writes the 5-byte header into the start of a buffer. */
    public static void writeHeader(ByteBuffer buffer, int schemaId) {
        buffer.put(MAGIC_BYTE).putInt(schemaId);
    }
}
