package org.safeguardingsignals.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

/**
 * The bounded decoder over hand-written Avro binary: every value read as written, and every declared length or item
 * count checked against the limits, arrays and maps counted across their blocks and nesting.
 */
class BoundedDecoderTest {
    /** Strings up to 8 bytes, bytes up to 6, collections up to 5 items. */
    static final DecodingLimits SMALL = new DecodingLimits(8, 6, 5);

    interface Body {
        void write(BinaryEncoder e) throws IOException;
    }

    static BoundedDecoder decoder(Body body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(out, null);
        body.write(e);
        e.flush();
        return new BoundedDecoder(DecoderFactory.get().binaryDecoder(out.toByteArray(), null), SMALL);
    }

    @Test
    void everyValueReadsAsWritten() throws IOException {
        BoundedDecoder d = decoder(e -> {
            e.writeNull();
            e.writeBoolean(false);
            e.writeBoolean(true);
            e.writeInt(-42);
            e.writeLong(1L << 40);
            e.writeFloat(1.5f);
            e.writeDouble(-2.25);
            e.writeEnum(3);
            e.writeIndex(1);
            e.writeFixed(new byte[] {7, 8, 9});
            e.writeFixed(new byte[] {1, 2});
            e.writeString("skip me");
            e.writeBytes(new byte[] {1, 2, 3});
            e.writeString("kept");
            e.writeInt(99);
        });
        d.readNull();
        assertThat(d.readBoolean()).isFalse();
        assertThat(d.readBoolean()).isTrue();
        assertThat(d.readInt()).isEqualTo(-42);
        assertThat(d.readLong()).isEqualTo(1L << 40);
        assertThat(d.readFloat()).isEqualTo(1.5f);
        assertThat(d.readDouble()).isEqualTo(-2.25);
        assertThat(d.readEnum()).isEqualTo(3);
        assertThat(d.readIndex()).isEqualTo(1);
        byte[] fixed = new byte[4];
        d.readFixed(fixed, 1, 3);
        assertThat(fixed).containsExactly(0, 7, 8, 9);
        d.skipFixed(2);
        d.skipString();
        d.skipBytes();
        assertThat(d.readString()).isEqualTo("kept");
        assertThat(d.readInt()).isEqualTo(99);
    }

    @Test
    void aStringUpToTheLimitIsReadIntoTheGivenUtf8AndOneByteMoreIsRefused() throws IOException {
        Utf8 reused = new Utf8("previous value, longer");
        BoundedDecoder d = decoder(e -> {
            e.writeString("12345678");
            e.writeString("");
            e.writeString("123456789");
        });
        Utf8 read = d.readString(reused);
        assertThat((Object) read).isSameAs(reused);
        assertThat(read.toString()).isEqualTo("12345678");
        assertThat(d.readString(null).toString()).isEmpty();
        assertThatThrownBy(() -> d.readString(null))
                .isInstanceOfSatisfying(DecodingLimitException.class, e -> {
                    assertThat(e.property()).isEqualTo(DecodingLimits.STRING_PROPERTY);
                    assertThat(e.limit()).isEqualTo(8);
                })
                .hasMessage("a string of 9 bytes, over the limit " + DecodingLimits.STRING_PROPERTY + "=8");
    }

    @Test
    void bytesAreReadIntoTheOldBufferWhenItCanHoldThem() throws IOException {
        BoundedDecoder d = decoder(e -> {
            for (int i = 0; i < 4; i++) {
                e.writeBytes(new byte[] {1, 2, 3});
            }
            e.writeBytes(new byte[] {1, 2, 3, 4, 5, 6});
            e.writeBytes(new byte[7]);
        });
        ByteBuffer roomy = ByteBuffer.allocate(5);
        roomy.put((byte) 9).put((byte) 9);
        ByteBuffer first = d.readBytes(roomy);
        assertThat(first).as("reused").isSameAs(roomy);
        assertThat(bytes(first)).containsExactly(1, 2, 3);

        ByteBuffer small = ByteBuffer.allocate(2);
        assertThat(d.readBytes(small)).as("too small: a new one").isNotSameAs(small);
        ByteBuffer readOnly = ByteBuffer.allocate(5).asReadOnlyBuffer();
        ByteBuffer fromReadOnly = d.readBytes(readOnly);
        assertThat(fromReadOnly).isNotSameAs(readOnly);
        assertThat(bytes(fromReadOnly)).containsExactly(1, 2, 3);
        ByteBuffer direct = ByteBuffer.allocateDirect(5);
        assertThat(d.readBytes(direct)).as("no array behind it: a new one").isNotSameAs(direct);

        ByteBuffer exact = ByteBuffer.allocate(6);
        ByteBuffer intoExact = d.readBytes(exact);
        assertThat(intoExact).as("just big enough: reused").isSameAs(exact);
        assertThat(bytes(intoExact)).containsExactly(1, 2, 3, 4, 5, 6);
        assertThatThrownBy(() -> d.readBytes(null))
                .isInstanceOf(DecodingLimitException.class)
                .hasMessage("a bytes value of 7 bytes, over the limit " + DecodingLimits.BYTES_PROPERTY + "=6");
    }

    @Test
    void bytesIntoAnOffsetBufferLandAtItsStart() throws IOException {
        BoundedDecoder d = decoder(e -> e.writeBytes(new byte[] {4, 5}));
        ByteBuffer slice = ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 0, 0}, 2, 4).slice();
        ByteBuffer read = d.readBytes(slice);
        assertThat(read).isSameAs(slice);
        assertThat(bytes(read)).containsExactly(4, 5);
        assertThat(read.array()).containsExactly(0, 0, 4, 5, 0, 0);
    }

    @Test
    void arrayItemsAreCountedAcrossBlocksIncludingBlocksWithTheirSize() throws IOException {
        BoundedDecoder within = decoder(e -> {
            e.writeLong(2);
            e.writeLong(-3); // a block of 3 items, followed by its size in bytes
            e.writeLong(3);
            e.writeLong(0);
        });
        assertThat(within.readArrayStart()).isEqualTo(2);
        assertThat(within.arrayNext()).isEqualTo(3);
        assertThat(within.arrayNext()).isZero();

        BoundedDecoder over = decoder(e -> {
            e.writeLong(2);
            e.writeLong(-4);
            e.writeLong(4);
        });
        assertThat(over.readArrayStart()).isEqualTo(2);
        assertThatThrownBy(over::arrayNext)
                .isInstanceOf(DecodingLimitException.class)
                .hasMessage("a collection of 6 items, over the limit " + DecodingLimits.COLLECTION_PROPERTY + "=5");
    }

    @Test
    void everyBlockAddsToTheCountNotOnlyTheSecond() throws IOException {
        BoundedDecoder d = decoder(e -> {
            e.writeLong(2);
            e.writeLong(2);
            e.writeLong(2);
        });
        assertThat(d.readArrayStart()).isEqualTo(2);
        assertThat(d.arrayNext()).isEqualTo(2);
        assertThatThrownBy(d::arrayNext)
                .isInstanceOf(DecodingLimitException.class)
                .hasMessageStartingWith("a collection of 6 items");
    }

    @Test
    void mapEntriesAreCountedAcrossBlocksToo() throws IOException {
        BoundedDecoder d = decoder(e -> {
            e.writeLong(3);
            e.writeLong(3);
        });
        assertThat(d.readMapStart()).isEqualTo(3);
        assertThatThrownBy(d::mapNext).isInstanceOf(DecodingLimitException.class);

        BoundedDecoder blocks = decoder(e -> {
            e.writeLong(2);
            e.writeLong(1);
            e.writeLong(0);
        });
        assertThat(blocks.readMapStart()).isEqualTo(2);
        assertThat(blocks.mapNext()).isEqualTo(1);
        assertThat(blocks.mapNext()).isZero();

        BoundedDecoder first = decoder(e -> {
            e.writeLong(-6);
            e.writeLong(12);
        });
        assertThatThrownBy(first::readMapStart)
                .as("a first block over the limit")
                .isInstanceOf(DecodingLimitException.class);
    }

    @Test
    void aNestedCollectionCountsItselfNotItsParent() throws IOException {
        // an outer array of 1 item then 2 more (3 in all); its item holds an array of 4, then one of 0 items
        BoundedDecoder d = decoder(e -> {
            e.writeLong(1);
            e.writeLong(4);
            e.writeLong(0);
            e.writeLong(0);
            e.writeLong(2);
            e.writeLong(0);
        });
        assertThat(d.readArrayStart()).isEqualTo(1);
        assertThat(d.readArrayStart()).isEqualTo(4);
        assertThat(d.arrayNext()).isZero();
        assertThat(d.readMapStart()).as("an empty map").isZero();
        assertThat(d.arrayNext())
                .as("the outer array's next block: 1 + 2 items")
                .isEqualTo(2);
        assertThat(d.arrayNext()).isZero();

        // outer items that are empty collections leave nothing behind: the outer count is 4 + 2, over
        BoundedDecoder over = decoder(e -> {
            e.writeLong(4);
            for (int i = 0; i < 4; i++) {
                e.writeLong(0);
            }
            e.writeLong(2);
        });
        assertThat(over.readArrayStart()).isEqualTo(4);
        for (int i = 0; i < 4; i++) {
            assertThat(over.readMapStart()).isZero();
        }
        assertThatThrownBy(over::arrayNext).isInstanceOf(DecodingLimitException.class);
    }

    @Test
    void skippedCollectionsAreBoundedLikeReadOnes() throws IOException {
        BoundedDecoder d = decoder(e -> {
            e.writeLong(2); // an array of two ints, skipped item by item
            e.writeInt(1);
            e.writeInt(2);
            e.writeLong(0);
            e.writeLong(1); // a map of one string to a long
            e.writeString("k");
            e.writeLong(5);
            e.writeLong(0);
            e.writeLong(6); // six items: over
        });
        assertThat(d.skipArray()).isEqualTo(2);
        d.readInt();
        d.readInt();
        assertThat(d.arrayNext()).isZero();
        assertThat(d.skipMap()).isEqualTo(1);
        assertThat(d.readString()).isEqualTo("k");
        assertThat(d.readLong()).isEqualTo(5);
        assertThat(d.mapNext()).isZero();
        assertThatThrownBy(d::skipArray).isInstanceOf(DecodingLimitException.class);
        BoundedDecoder map = decoder(e -> e.writeLong(6));
        assertThatThrownBy(map::skipMap).isInstanceOf(DecodingLimitException.class);
    }

    @Test
    void aNegativeLengthIsRefused() throws IOException {
        assertThatThrownBy(() -> decoder(e -> e.writeLong(-1)).readString(null))
                .isInstanceOf(DecodingLimitException.class)
                .hasMessage("a negative length (-1), over the limit " + DecodingLimits.STRING_PROPERTY + "=8");
        assertThatThrownBy(() -> decoder(e -> e.writeLong(-1)).readBytes(null))
                .hasMessageStartingWith("a negative length (-1)");
    }

    @Test
    void theLimitsThemselvesAllowUpToAndIncludingTheirValue() throws DecodingLimitException {
        assertThat(SMALL.checkString(8)).isEqualTo(8);
        assertThat(SMALL.checkString(0)).isZero();
        assertThat(SMALL.checkBytes(6)).isEqualTo(6);
        assertThat(SMALL.checkItems(5)).isEqualTo(5);
        assertThatThrownBy(() -> SMALL.checkBytes(7)).isInstanceOf(DecodingLimitException.class);
        assertThatThrownBy(() -> SMALL.checkItems(6))
                .isInstanceOf(DecodingLimitException.class)
                .hasMessage("a collection of 6 items, over the limit " + DecodingLimits.COLLECTION_PROPERTY + "=5");
        assertThatThrownBy(() -> SMALL.checkItems(3_000_000_000L))
                .hasMessage("a collection of 3,000,000,000 items, over the limit " + DecodingLimits.COLLECTION_PROPERTY
                        + "=5");
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
