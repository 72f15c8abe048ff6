package io.socksgate.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * Checks shared by every decoder test: the {@link MessageDecoder} contract under every way TCP can
 * split a message, and byte-exact round trips.
 */
public final class DecoderAssertions {

    /** Bytes placed before the buffer's position, which a decoder must never read. */
    private static final byte[] JUNK = {(byte) 0xEE, 0x05, 0x04};

    private DecoderAssertions() {}

    /** Bytes from hex text; whitespace is ignored so vectors can be grouped by field. */
    public static byte[] hex(String text) {
        String digits = text.replaceAll("\\s+", "");
        byte[] bytes = new byte[digits.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    public static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    public static byte[] repeat(int value, int count) {
        byte[] bytes = new byte[count];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    /** An address from a literal; literals never cause a DNS lookup. */
    public static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** The wire bytes of a message, via {@link SocksMessage#toBuffer()}. */
    public static byte[] encode(SocksMessage message) {
        IoBuffer buffer = message.toBuffer();
        assertEquals(0, buffer.position(), "toBuffer() must be flipped");
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** A buffer whose position is after some junk, with {@code bytes} up to the limit. */
    public static IoBuffer buffer(byte[] bytes) {
        IoBuffer buffer = IoBuffer.wrap(concat(JUNK, bytes));
        buffer.position(JUNK.length);
        return buffer;
    }

    /**
     * Full check of a stream decoder on one message: every split point, one byte at a time, two
     * messages back to back, and encode(decode(bytes)) == bytes and encode(expected) == bytes.
     */
    public static <T> void assertStreamDecodes(MessageDecoder<T> decoder, byte[] wire, T expected) {
        assertSplitAtEveryOffset(decoder, wire, expected);
        assertOneByteAtATime(decoder, wire, expected);
        assertBackToBack(decoder, wire, expected);
        T decoded = assertDone(decoder, buffer(wire), wire.length, expected);
        if (expected instanceof SocksMessage message) {
            assertArrayEquals(wire, encode(message), "encode(expected)");
            assertArrayEquals(wire, encode((SocksMessage) decoded), "encode(decode(bytes))");
        }
    }

    /**
     * Each prefix must be NeedMore with nothing consumed. The bytes after the limit are the rest of
     * the message, so a decoder that reads past the limit is caught returning Done too early.
     */
    public static <T> void assertSplitAtEveryOffset(MessageDecoder<T> decoder, byte[] wire, T expected) {
        for (int split = 0; split < wire.length; split++) {
            IoBuffer buffer = buffer(wire);
            buffer.limit(JUNK.length + split);
            DecodeResult<T> first = decoder.decode(buffer);
            assertInstanceOf(DecodeResult.NeedMore.class, first, "prefix of " + split + " bytes");
            assertEquals(JUNK.length, buffer.position(), "NeedMore consumed bytes at split " + split);
            buffer.limit(JUNK.length + wire.length);
            assertDone(decoder, buffer, wire.length, expected);
        }
    }

    /** Feeds bytes into a growing auto-expanding buffer, the way a cumulative decoder sees them. */
    public static <T> void assertOneByteAtATime(MessageDecoder<T> decoder, byte[] wire, T expected) {
        IoBuffer accumulated = IoBuffer.allocate(1).setAutoExpand(true);
        for (int i = 0; i < wire.length; i++) {
            accumulated.put(wire[i]);
            accumulated.flip();
            if (i < wire.length - 1) {
                DecodeResult<T> result = decoder.decode(accumulated);
                assertInstanceOf(DecodeResult.NeedMore.class, result, "after " + (i + 1) + " bytes");
                assertEquals(0, accumulated.position(), "NeedMore consumed bytes after " + (i + 1));
                accumulated.position(accumulated.limit());
                accumulated.limit(accumulated.capacity());
            } else {
                IoBuffer whole = accumulated;
                DecodeResult<T> result = decoder.decode(whole);
                assertEquals(DecodeResult.done(expected), result);
                assertEquals(wire.length, whole.position());
            }
        }
    }

    /** Two messages in one buffer: a client may pipeline, so the first decode must stop exactly. */
    public static <T> void assertBackToBack(MessageDecoder<T> decoder, byte[] wire, T expected) {
        IoBuffer buffer = buffer(concat(wire, wire));
        assertDone(decoder, buffer, wire.length, expected);
        assertDone(decoder, buffer, 2 * wire.length, expected);
        assertEquals(0, buffer.remaining());
    }

    /** Decodes {@code buffer}, expecting Done with {@code expected} ending at {@code endOffset}. */
    public static <T> T assertDone(MessageDecoder<T> decoder, IoBuffer buffer, int endOffset, T expected) {
        DecodeResult<T> result = decoder.decode(buffer);
        DecodeResult.Done<?> done = assertInstanceOf(DecodeResult.Done.class, result);
        assertEquals(expected, done.message());
        assertEquals(JUNK.length + endOffset, buffer.position(), "position after Done");
        @SuppressWarnings("unchecked")
        T message = (T) done.message();
        return message;
    }

    /** Decodes {@code wire} expecting a failure for {@code reason}, and returns it. */
    public static <T> DecodeFailure assertFails(MessageDecoder<T> decoder, byte[] wire, DecodeFailure.Reason reason) {
        DecodeResult<T> result = decoder.decode(buffer(wire));
        DecodeResult.Failed<?> failed = assertInstanceOf(DecodeResult.Failed.class, result, "result " + result);
        assertEquals(reason, failed.failure().reason(), failed.failure().detail());
        return failed.failure();
    }

    /** Decodes {@code wire} expecting NeedMore with nothing consumed. */
    public static <T> void assertNeedsMore(MessageDecoder<T> decoder, byte[] wire) {
        IoBuffer buffer = buffer(wire);
        assertInstanceOf(DecodeResult.NeedMore.class, decoder.decode(buffer));
        assertEquals(JUNK.length, buffer.position());
    }
}
