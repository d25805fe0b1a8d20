package org.safeguardingsignals.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Avro's binary decoder with {@link DecodingLimits} checked before anything is allocated: a declared length or item
 * count over a limit raises {@link DecodingLimitException} naming the limit. Avro's own system limits do the same
 * when Avro read them after the application set them; this keeps the bound whatever loaded first. Lengths and item
 * counts are read as Avro's binary encoding writes them (a zig-zag long; a negative count is followed by the
 * block's size in bytes), everything else is the wrapped decoder's.
 */
final class BoundedDecoder extends Decoder {
    private final BinaryDecoder in;
    private final DecodingLimits limits;
    /** Items read so far in each open array or map, innermost last. */
    private final Deque<Long> open = new ArrayDeque<>(4);

    BoundedDecoder(BinaryDecoder in, DecodingLimits limits) {
        this.in = in;
        this.limits = limits;
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = limits.checkString(in.readLong());
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        in.readFixed(result.getBytes(), 0, length);
        return result;
    }

    @Override
    public String readString() throws IOException {
        return readString(null).toString();
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = limits.checkBytes(in.readLong());
        ByteBuffer result = old != null && old.hasArray() && !old.isReadOnly() && length <= old.capacity()
                ? old.clear()
                : ByteBuffer.allocate(length);
        in.readFixed(result.array(), result.arrayOffset() + result.position(), length);
        result.limit(length);
        return result;
    }

    @Override
    public long readArrayStart() throws IOException {
        return start();
    }

    @Override
    public long arrayNext() throws IOException {
        return next();
    }

    @Override
    public long readMapStart() throws IOException {
        return start();
    }

    @Override
    public long mapNext() throws IOException {
        return next();
    }

    private long start() throws IOException {
        long items = limits.checkItems(itemCount());
        if (items > 0) {
            open.push(items);
        }
        return items;
    }

    private long next() throws IOException {
        long items = limits.checkItems(itemCount());
        long before = open.isEmpty() ? 0 : open.pop();
        if (items > 0) {
            open.push((long) limits.checkItems(before + items));
        }
        return items;
    }

    private long itemCount() throws IOException {
        long count = in.readLong();
        if (count < 0) {
            in.readLong(); // the block's size in bytes
            count = -count;
        }
        return count;
    }

    @Override
    public long skipArray() throws IOException {
        // items skipped one by one (no block size) cost a loop each: bounded like items read
        return limits.checkItems(in.skipArray());
    }

    @Override
    public long skipMap() throws IOException {
        return limits.checkItems(in.skipMap());
    }

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public void skipString() throws IOException {
        in.skipString();
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipBytes();
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        in.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }
}
