package org.safeguardingsignals.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.serde.WireFormatException.Problem;

/** Confluent's frame: magic byte 0, then a 4-byte big-endian schema id. */
class WireFormatTest {

    @Test
    void aFrameWithAnEmptyBodyStillNamesItsSchema() {
        assertThat(WireFormat.schemaId(new byte[] {0, 0, 0, 1, 2})).isEqualTo(258);
        ByteBuffer header = ByteBuffer.allocate(WireFormat.HEADER_SIZE);
        WireFormat.writeHeader(header, 70_000);
        assertThat(header.array()).containsExactly(0, 0, 1, 0x11, 0x70);
        assertThat(WireFormat.schemaId(header.array())).isEqualTo(70_000);
    }

    @Test
    void aShortPayloadOrAnotherMagicByteIsNotOurFormat() {
        assertThatThrownBy(() -> WireFormat.schemaId(new byte[] {0, 0, 0, 1}))
                .isInstanceOfSatisfying(
                        WireFormatException.class, e -> assertThat(e.problem()).isEqualTo(Problem.TRUNCATED))
                .hasMessage(
                        "Payload of 4 bytes is too short for Confluent wire format (magic byte and 4-byte schema id)");
        assertThatThrownBy(() -> WireFormat.schemaId(new byte[] {1, 0, 0, 0, 1}))
                .isInstanceOfSatisfying(
                        WireFormatException.class, e -> assertThat(e.problem()).isEqualTo(Problem.BAD_MAGIC_BYTE))
                .hasMessageStartingWith("Unknown magic byte 0x01");
    }
}
