package io.socksgate.protocol.socks4;

import static io.socksgate.protocol.DecoderAssertions.assertFails;
import static io.socksgate.protocol.DecoderAssertions.assertStreamDecodes;
import static io.socksgate.protocol.DecoderAssertions.encode;
import static io.socksgate.protocol.DecoderAssertions.hex;
import static io.socksgate.protocol.DecoderAssertions.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.socksgate.protocol.DecodeFailure.Reason;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** SOCKS4 replies. */
class Socks4ReplyTest {

    private static final Socks4ReplyDecoder DECODER = Socks4ReplyDecoder.INSTANCE;

    /** The reply to the "Fred" example request. */
    @Test
    void granted() {
        assertStreamDecodes(
                DECODER,
                hex("00 5A 00 50 42 66 07 63"),
                Socks4Reply.granted(new InetSocketAddress(ip("66.102.7.99"), 80)));
    }

    @Test
    void rejected() {
        assertStreamDecodes(DECODER, hex("00 5B 00 00 00 00 00 00"), Socks4Reply.rejected());
    }

    @Test
    void everyCode() {
        for (Socks4ReplyCode code : Socks4ReplyCode.values()) {
            assertEquals(code, Socks4ReplyCode.of(code.code()));
            byte[] wire = hex(String.format("00 %02x FF FF 0A 00 00 01", code.code()));
            assertStreamDecodes(DECODER, wire, new Socks4Reply(code, new InetSocketAddress(ip("10.0.0.1"), 65535)));
        }
        assertThrows(IllegalArgumentException.class, () -> Socks4ReplyCode.of(0x5E));
        assertThrows(IllegalArgumentException.class, () -> Socks4ReplyCode.of(0));
    }

    @Test
    void boundSocks4CannotCarryIsSentAsZero() {
        byte[] zero = hex("00 5A 00 00 00 00 00 00");
        assertArrayEquals(zero, encode(new Socks4Reply(Socks4ReplyCode.GRANTED, null)));
        assertArrayEquals(zero, encode(Socks4Reply.granted(new InetSocketAddress(ip("::1"), 1080))));
        assertArrayEquals(zero, encode(Socks4Reply.granted(InetSocketAddress.createUnresolved("proxy.example", 1))));
    }

    @Test
    void failures() {
        assertFails(DECODER, hex("04"), Reason.BAD_VERSION);
        assertFails(DECODER, hex("00 00"), Reason.MALFORMED);
        assertFails(DECODER, hex("00 5E 00 50 42 66 07 63"), Reason.MALFORMED);
    }
}
