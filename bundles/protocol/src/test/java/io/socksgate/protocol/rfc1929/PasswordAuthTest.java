package io.socksgate.protocol.rfc1929;

import static io.socksgate.protocol.DecoderAssertions.assertDone;
import static io.socksgate.protocol.DecoderAssertions.assertFails;
import static io.socksgate.protocol.DecoderAssertions.assertStreamDecodes;
import static io.socksgate.protocol.DecoderAssertions.buffer;
import static io.socksgate.protocol.DecoderAssertions.concat;
import static io.socksgate.protocol.DecoderAssertions.encode;
import static io.socksgate.protocol.DecoderAssertions.hex;
import static io.socksgate.protocol.DecoderAssertions.repeat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.socksgate.protocol.DecodeFailure.Reason;
import org.junit.jupiter.api.Test;

/** RFC 1929 username/password sub-negotiation. */
class PasswordAuthTest {

    private static final PasswordAuthRequestDecoder REQUEST = PasswordAuthRequestDecoder.INSTANCE;
    private static final PasswordAuthReplyDecoder REPLY = PasswordAuthReplyDecoder.INSTANCE;

    @Test
    void request() {
        assertStreamDecodes(
                REQUEST,
                hex("01 05 616C696365 06 736563726574"),
                new PasswordAuthRequest("alice", "secret".toCharArray()));
    }

    @Test
    void emptyUsernameAndPasswordAreDecoded() {
        assertStreamDecodes(REQUEST, hex("01 00 00"), new PasswordAuthRequest("", new char[0]));
        assertStreamDecodes(REQUEST, hex("01 00 02 7077"), new PasswordAuthRequest("", "pw".toCharArray()));
        assertStreamDecodes(REQUEST, hex("01 01 75 00"), new PasswordAuthRequest("u", new char[0]));
    }

    @Test
    void usernameAndPasswordOf255Bytes() {
        byte[] wire = concat(hex("01 FF"), repeat('u', 255), hex("FF"), repeat('p', 255));
        assertStreamDecodes(
                REQUEST,
                wire,
                new PasswordAuthRequest("u".repeat(255), "p".repeat(255).toCharArray()));
    }

    @Test
    void utf8() {
        assertStreamDecodes(
                REQUEST,
                hex("01 03 C3A9 65 04 E282AC 21"),
                new PasswordAuthRequest("\u00e9e", "\u20ac!".toCharArray()));
    }

    @Test
    void malformedUtf8IsReplaced() {
        byte[] wire = hex("01 01 FF 01 FE");
        assertDone(REQUEST, buffer(wire), wire.length, new PasswordAuthRequest("\uFFFD", new char[] {'\uFFFD'}));
    }

    @Test
    void wrongVersion() {
        assertFails(REQUEST, hex("05"), Reason.BAD_VERSION);
        assertFails(REQUEST, hex("05 01 61 01 62"), Reason.BAD_VERSION);
        assertFails(REPLY, hex("05 00"), Reason.BAD_VERSION);
    }

    @Test
    void passwordIsCopiedAndHidden() {
        char[] secret = "hunter2".toCharArray();
        PasswordAuthRequest request = new PasswordAuthRequest("bob", secret);
        secret[0] = 'X';
        assertArrayEquals("hunter2".toCharArray(), request.password());
        request.password()[0] = 'Y';
        assertArrayEquals("hunter2".toCharArray(), request.password());
        assertFalse(request.toString().contains("hunter2"), request.toString());
        assertTrue(request.toString().contains("bob"));
    }

    @Test
    void equalityCoversBothFields() {
        PasswordAuthRequest request = new PasswordAuthRequest("bob", "pw".toCharArray());
        assertEquals(request, new PasswordAuthRequest("bob", "pw".toCharArray()));
        assertEquals(request.hashCode(), new PasswordAuthRequest("bob", "pw".toCharArray()).hashCode());
        assertNotEquals(request, new PasswordAuthRequest("bob", "pX".toCharArray()));
        assertNotEquals(request, new PasswordAuthRequest("bab", "pw".toCharArray()));
    }

    @Test
    void encodingRejectsOverlongFields() {
        assertThrows(
                IllegalArgumentException.class, () -> encode(new PasswordAuthRequest("u".repeat(256), new char[0])));
        assertThrows(
                IllegalArgumentException.class,
                () -> encode(new PasswordAuthRequest("u", "\u20ac".repeat(86).toCharArray())));
        assertThrows(IllegalArgumentException.class, () -> encode(new PasswordAuthRequest("u", new char[] {'\uD800'})));
    }

    @Test
    void replies() {
        assertStreamDecodes(REPLY, hex("01 00"), PasswordAuthReply.SUCCESS);
        assertStreamDecodes(REPLY, hex("01 01"), PasswordAuthReply.FAILURE);
        assertStreamDecodes(REPLY, hex("01 FF"), new PasswordAuthReply(0xFF));
        assertTrue(PasswordAuthReply.SUCCESS.success());
        assertFalse(PasswordAuthReply.FAILURE.success());
        assertFalse(new PasswordAuthReply(0xFF).success());
    }
}
