package io.socksgate.protocol.socks5;

import static io.socksgate.protocol.DecoderAssertions.assertDone;
import static io.socksgate.protocol.DecoderAssertions.assertFails;
import static io.socksgate.protocol.DecoderAssertions.buffer;
import static io.socksgate.protocol.DecoderAssertions.concat;
import static io.socksgate.protocol.DecoderAssertions.encode;
import static io.socksgate.protocol.DecoderAssertions.hex;
import static io.socksgate.protocol.DecoderAssertions.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.socksgate.api.HostPort;
import io.socksgate.protocol.DecodeFailure.Reason;
import java.util.Arrays;
import org.apache.mina.core.buffer.IoBuffer;
import org.junit.jupiter.api.Test;

/** UDP request headers (RFC 1928 section 7): always decoded from a complete datagram. */
class Socks5UdpHeaderTest {

    private static final Socks5UdpHeaderDecoder DECODER = Socks5UdpHeaderDecoder.INSTANCE;
    private static final byte[] PAYLOAD = hex("DE AD BE EF");

    @Test
    void ipv4() {
        assertDatagram(hex("00 00 00 01 08 08 04 04 00 35"), new Socks5UdpHeader(0, HostPort.of(ip("8.8.4.4"), 53)));
    }

    @Test
    void ipv6() {
        assertDatagram(
                hex("00 00 00 04 20010DB8000000000000000000000053 00 35"),
                new Socks5UdpHeader(0, HostPort.of(ip("2001:db8::53"), 53)));
    }

    @Test
    void domain() {
        assertDatagram(
                hex("00 00 00 03 07 6E732E74657374 00 35"), new Socks5UdpHeader(0, HostPort.ofName("ns.test", 53)));
    }

    @Test
    void fragmentIsDecodedAsIs() {
        assertDatagram(
                hex("00 00 05 01 7F 00 00 01 FF FF"), new Socks5UdpHeader(5, HostPort.of(ip("127.0.0.1"), 65535)));
    }

    @Test
    void headerWithoutPayload() {
        byte[] header = hex("00 00 00 01 7F 00 00 01 00 01");
        assertDone(DECODER, buffer(header), header.length, new Socks5UdpHeader(0, HostPort.of(ip("127.0.0.1"), 1)));
    }

    @Test
    void failures() {
        assertFails(DECODER, hex(""), Reason.MALFORMED);
        assertFails(DECODER, hex("00 00 00 09 01 02"), Reason.UNSUPPORTED_ADDRESS_TYPE);
        assertFails(DECODER, hex("00 00 00 03 00 00 35"), Reason.EMPTY_FIELD);
        assertFails(DECODER, hex("00 00 00 03 03 61 20 62 00 35"), Reason.ILLEGAL_CHARACTER);
    }

    /**
     * Every truncation of the header is MALFORMED (a datagram never gets more bytes); the whole
     * header followed by a payload decodes with the position left at the payload.
     */
    private static void assertDatagram(byte[] header, Socks5UdpHeader expected) {
        for (int length = 0; length < header.length; length++) {
            assertFails(DECODER, Arrays.copyOf(header, length), Reason.MALFORMED);
        }
        IoBuffer datagram = buffer(concat(header, PAYLOAD));
        Socks5UdpHeader decoded = assertDone(DECODER, datagram, header.length, expected);
        byte[] payload = new byte[datagram.remaining()];
        datagram.get(payload);
        assertArrayEquals(PAYLOAD, payload);
        assertArrayEquals(header, encode(decoded), "encode(decode(bytes))");
        assertArrayEquals(header, encode(expected), "encode(expected)");
        assertEquals(expected, decoded);
    }
}
