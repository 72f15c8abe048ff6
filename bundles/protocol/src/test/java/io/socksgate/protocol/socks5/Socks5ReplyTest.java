package io.socksgate.protocol.socks5;

import static io.socksgate.protocol.DecoderAssertions.assertFails;
import static io.socksgate.protocol.DecoderAssertions.assertStreamDecodes;
import static io.socksgate.protocol.DecoderAssertions.encode;
import static io.socksgate.protocol.DecoderAssertions.hex;
import static io.socksgate.protocol.DecoderAssertions.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.socksgate.api.HostPort;
import io.socksgate.protocol.DecodeFailure.Reason;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** SOCKS5 replies (RFC 1928 section 6). */
class Socks5ReplyTest {

    private static final Socks5ReplyDecoder DECODER = Socks5ReplyDecoder.INSTANCE;

    @Test
    void successWithIpv4() {
        Socks5Reply reply = Socks5Reply.success(new InetSocketAddress(ip("10.1.2.3"), 1080));
        assertStreamDecodes(DECODER, hex("05 00 00 01 0A 01 02 03 04 38"), reply);
    }

    @Test
    void successWithIpv6() {
        Socks5Reply reply = Socks5Reply.success(new InetSocketAddress(ip("::1"), 65535));
        assertStreamDecodes(DECODER, hex("05 00 00 04 00000000000000000000000000000001 FF FF"), reply);
    }

    @Test
    void successWithDomain() {
        Socks5Reply reply = new Socks5Reply(Socks5ReplyCode.SUCCEEDED, HostPort.ofName("proxy.example", 1));
        assertStreamDecodes(DECODER, hex("05 00 00 03 0D 70726F78792E6578616D706C65 00 01"), reply);
    }

    @Test
    void successWithUnresolvedAddressIsSentAsName() {
        Socks5Reply reply = Socks5Reply.success(InetSocketAddress.createUnresolved("proxy.example", 1));
        assertEquals(HostPort.ofName("proxy.example", 1), reply.bound());
    }

    @Test
    void failureCarriesUnspecifiedAddress() {
        assertArrayEquals(
                hex("05 05 00 01 00 00 00 00 00 00"), encode(Socks5Reply.failure(Socks5ReplyCode.CONNECTION_REFUSED)));
        assertThrows(IllegalArgumentException.class, () -> Socks5Reply.failure(Socks5ReplyCode.SUCCEEDED));
    }

    @Test
    void everyReplyCodeRoundTrips() {
        for (Socks5ReplyCode code : Socks5ReplyCode.values()) {
            assertEquals(code, Socks5ReplyCode.of(code.code()));
            if (code != Socks5ReplyCode.SUCCEEDED) {
                byte[] wire = hex(String.format("05 %02x 00 01 00 00 00 00 00 00", code.code()));
                assertStreamDecodes(DECODER, wire, Socks5Reply.failure(code));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Socks5ReplyCode.of(9));
        assertThrows(IllegalArgumentException.class, () -> Socks5ReplyCode.of(-1));
    }

    @Test
    void unknownReplyCodeIsMalformed() {
        assertFails(DECODER, hex("05 09"), Reason.MALFORMED);
        assertFails(DECODER, hex("05 FF 00 01 00 00 00 00 00 00"), Reason.MALFORMED);
    }

    @Test
    void badVersionAndAddressType() {
        assertFails(DECODER, hex("04 00 00 01 00 00 00 00 00 00"), Reason.BAD_VERSION);
        assertFails(DECODER, hex("05 00 00 07"), Reason.UNSUPPORTED_ADDRESS_TYPE);
    }
}
