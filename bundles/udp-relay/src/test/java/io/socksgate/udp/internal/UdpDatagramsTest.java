package io.socksgate.udp.internal;

import static io.socksgate.udp.internal.ClientPinTest.at;
import static io.socksgate.udp.internal.ClientPinTest.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.api.HostPort;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.apache.mina.core.buffer.IoBuffer;
import org.junit.jupiter.api.Test;

/** The SOCKS UDP header, taken off client datagrams and put on datagrams for the client. */
class UdpDatagramsTest {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    @Test
    void unwrapIpv4() {
        UdpDatagrams.Unwrapped result = unwrap("00 00 00 01 C0 00 02 07 00 35 DE AD BE EF");
        assertThat(result).isInstanceOf(UdpDatagrams.Request.class);
        UdpDatagrams.Request request = (UdpDatagrams.Request) result;
        assertThat(request.destination()).isEqualTo(HostPort.of(ip("192.0.2.7"), 53));
        assertThat(bytes(request.payload())).isEqualTo(hex("DE AD BE EF"));
    }

    @Test
    void unwrapIpv6() {
        UdpDatagrams.Request request =
                (UdpDatagrams.Request) unwrap("00 00 00 04 20 01 0D B8 00 00 00 00 00 00 00 00 00 00 00 53 FF FF 01");
        assertThat(request.destination()).isEqualTo(HostPort.of(ip("2001:db8::53"), 65535));
        assertThat(bytes(request.payload())).isEqualTo(hex("01"));
    }

    @Test
    void unwrapDomain() {
        UdpDatagrams.Request request = (UdpDatagrams.Request) unwrap("00 00 00 03 07 6E 73 2E 74 65 73 74 00 01 AA");
        assertThat(request.destination()).isEqualTo(HostPort.ofName("ns.test", 1));
        assertThat(bytes(request.payload())).isEqualTo(hex("AA"));
    }

    @Test
    void anEmptyPayloadIsAPayload() {
        UdpDatagrams.Request request = (UdpDatagrams.Request) unwrap("00 00 00 01 7F 00 00 01 00 07");
        assertThat(request.payload().remaining()).isZero();
    }

    @Test
    void theReservedFieldIsIgnored() {
        assertThat(unwrap("12 34 00 01 7F 00 00 01 00 07 01")).isInstanceOf(UdpDatagrams.Request.class);
    }

    @Test
    void anyFragmentNumberIsDropped() {
        assertRejected("00 00 01 01 7F 00 00 01 00 07 01", DropReason.FRAGMENTED);
        assertRejected("00 00 80 01 7F 00 00 01 00 07 01", DropReason.FRAGMENTED);
        assertRejected("00 00 FF 01 7F 00 00 01 00 07 01", DropReason.FRAGMENTED);
    }

    @Test
    void badHeadersAreMalformed() {
        assertRejected("", DropReason.MALFORMED);
        assertRejected("00 00", DropReason.MALFORMED);
        assertRejected("00 00 00", DropReason.MALFORMED);
        assertRejected("00 00 00 01 7F 00 00", DropReason.MALFORMED); // truncated address
        assertRejected("00 00 00 01 7F 00 00 01 00", DropReason.MALFORMED); // truncated port
        assertRejected("00 00 00 05 7F 00 00 01 00 07", DropReason.MALFORMED); // unknown ATYP
        assertRejected("00 00 00 03 00 00 07", DropReason.MALFORMED); // empty name
        assertRejected("00 00 00 03 05 6E 73 2E 74", DropReason.MALFORMED); // name cut short
        assertRejected("00 00 00 03 03 61 20 62 00 07", DropReason.MALFORMED); // space in name
        assertRejected("00 00 00 01 7F 00 00 01 00 00 01", DropReason.MALFORMED); // port 0
    }

    @Test
    void wrapIpv4() {
        ByteBuffer datagram = UdpDatagrams.wrap(at("192.0.2.7", 53), ByteBuffer.wrap(hex("DE AD")));
        assertThat(bytes(datagram)).isEqualTo(hex("00 00 00 01 C0 00 02 07 00 35 DE AD"));
    }

    @Test
    void wrapIpv6() {
        ByteBuffer datagram = UdpDatagrams.wrap(at("2001:db8::53", 65535), ByteBuffer.wrap(hex("01")));
        assertThat(bytes(datagram))
                .isEqualTo(hex("00 00 00 04 20 01 0D B8 00 00 00 00 00 00 00 00 00 00 00 53 FF FF 01"));
    }

    @Test
    void wrapTakesThePayloadFromItsPosition() {
        ByteBuffer payload = ByteBuffer.wrap(hex("01 02 03 04"));
        payload.position(2);
        assertThat(bytes(UdpDatagrams.wrap(at("127.0.0.1", 1), payload)))
                .isEqualTo(hex("00 00 00 01 7F 00 00 01 00 01 03 04"));
    }

    @Test
    void wrapThenUnwrapIsTheIdentity() {
        byte[] payload = RelayRoundTripTest.randomBytes(60000);
        for (String source : new String[] {"127.0.0.1", "::1"}) {
            ByteBuffer wrapped = UdpDatagrams.wrap(at(source, 4242), ByteBuffer.wrap(payload));
            UdpDatagrams.Request request = (UdpDatagrams.Request) UdpDatagrams.unwrap(IoBuffer.wrap(wrapped));
            assertThat(request.destination()).isEqualTo(HostPort.of(ip(source), 4242));
            assertThat(bytes(request.payload())).isEqualTo(payload);
        }
    }

    @Test
    void headerLengthsAndLimits() {
        assertThat(UdpDatagrams.headerLength(ip("127.0.0.1"))).isEqualTo(10);
        assertThat(UdpDatagrams.headerLength(ip("::1"))).isEqualTo(22);
        assertThat(UdpDatagrams.maxPayload(ip("127.0.0.1"))).isEqualTo(65507);
        assertThat(UdpDatagrams.maxPayload(ip("::1"))).isEqualTo(65527);
    }

    private static void assertRejected(String datagram, DropReason reason) {
        UdpDatagrams.Unwrapped result = unwrap(datagram);
        assertThat(result).as(datagram).isInstanceOf(UdpDatagrams.Rejected.class);
        assertThat(((UdpDatagrams.Rejected) result).reason()).as(datagram).isEqualTo(reason);
    }

    private static UdpDatagrams.Unwrapped unwrap(String hex) {
        return UdpDatagrams.unwrap(IoBuffer.wrap(hex(hex)));
    }

    private static byte[] hex(String text) {
        return text.isEmpty() ? new byte[0] : HEX.parseHex(text);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
