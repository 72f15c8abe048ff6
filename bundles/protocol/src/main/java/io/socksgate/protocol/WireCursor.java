package io.socksgate.protocol;

import org.apache.mina.core.buffer.IoBuffer;

/**
 * Reads a buffer by absolute index from its position, without moving the position until a whole
 * message has been decoded. This is how decoders keep the {@link MessageDecoder} promise that
 * {@link DecodeResult.NeedMore} consumes nothing, without having to rewind on every early return.
 *
 * <p>Reads are unchecked: a decoder calls {@link #has(int)} before reading, and returns {@code
 * NeedMore} (or fails) when it is false.
 */
public final class WireCursor {

    private final IoBuffer buffer;
    private final int limit;
    private int index;

    public WireCursor(IoBuffer buffer) {
        this.buffer = buffer;
        this.limit = buffer.limit();
        this.index = buffer.position();
    }

    /** Bytes left between the cursor and the buffer's limit. */
    public int remaining() {
        return limit - index;
    }

    /** Whether at least {@code count} more bytes are present. */
    public boolean has(int count) {
        return remaining() >= count;
    }

    /** The unsigned byte {@code offset} bytes ahead of the cursor, without advancing. */
    public int peek(int offset) {
        return buffer.get(index + offset) & 0xFF;
    }

    /** Reads one unsigned byte. */
    public int u8() {
        return buffer.get(index++) & 0xFF;
    }

    /** Reads an unsigned big-endian 16-bit value (network byte order, as ports are sent). */
    public int u16() {
        int high = u8();
        return (high << 8) | u8();
    }

    /** Reads {@code count} bytes into a new array. */
    public byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        for (int i = 0; i < count; i++) {
            bytes[i] = buffer.get(index++);
        }
        return bytes;
    }

    public void skip(int count) {
        index += count;
    }

    /**
     * Moves the buffer's position to the cursor when {@code result} is {@link DecodeResult.Done}, and
     * returns the result. Any other result leaves the position where it was.
     */
    public <T> DecodeResult<T> commitIfDone(DecodeResult<T> result) {
        if (result instanceof DecodeResult.Done) {
            buffer.position(index);
        }
        return result;
    }
}
