package io.socksgate.protocol.proxy;

import static io.socksgate.protocol.DecoderAssertions.assertStreamDecodes;
import static io.socksgate.protocol.DecoderAssertions.hex;
import static io.socksgate.protocol.proxy.ProxyV1Test.ascii;
import static io.socksgate.protocol.proxy.ProxyV1Test.at;
import static io.socksgate.protocol.proxy.ProxyV2Test.SIG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.socksgate.protocol.proxy.ProxyHeader.Command;
import io.socksgate.protocol.proxy.ProxyHeader.Family;
import io.socksgate.protocol.proxy.ProxyHeader.Version;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The encoder that tests and interop checks use to play the balancer: exact bytes, round trips. */
class ProxyHeadersTest {

    private static final ProxyHeaderDecoder DECODER = ProxyHeaderDecoder.INSTANCE;

    @Test
    void v1Tcp4() {
        byte[] wire = ProxyHeaders.v1(at("192.168.0.1", 56324), at("192.168.0.11", 443));
        assertArrayEquals(ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n"), wire);
        assertStreamDecodes(
                DECODER,
                wire,
                ProxyHeader.proxy(
                        Version.V1, Family.TCP4, at("192.168.0.1", 56324), at("192.168.0.11", 443), wire.length));
    }

    @Test
    void v1Tcp6() {
        byte[] wire = ProxyHeaders.v1(at("2001:db8::1", 1), at("::1", 65535));
        assertArrayEquals(ascii("PROXY TCP6 2001:db8::1 ::1 1 65535\r\n"), wire);
        assertStreamDecodes(
                DECODER,
                wire,
                ProxyHeader.proxy(Version.V1, Family.TCP6, at("2001:db8::1", 1), at("::1", 65535), wire.length));
    }

    @Test
    void v1Unknown() {
        assertArrayEquals(ascii("PROXY UNKNOWN\r\n"), ProxyHeaders.v1Unknown());
        assertStreamDecodes(DECODER, ProxyHeaders.v1Unknown(), ProxyHeader.unknown(Version.V1, Command.PROXY, 15));
    }

    @Test
    void v2Tcp4() {
        byte[] wire = ProxyHeaders.v2(at("192.168.0.1", 56324), at("192.168.0.11", 443));
        assertArrayEquals(hex(SIG + " 21 11 00 0C " + ProxyV2Test.TCP4_BLOCK), wire);
        assertStreamDecodes(
                DECODER,
                wire,
                ProxyHeader.proxy(Version.V2, Family.TCP4, at("192.168.0.1", 56324), at("192.168.0.11", 443), 28));
    }

    @Test
    void v2Tcp6WithTlvs() {
        byte[] tlvs = hex("04 00 01 00  05 00 02 AB CD");
        byte[] wire = ProxyHeaders.v2(at("2001:db8::1", 1234), at("2001:db8::2", 443), tlvs);
        assertArrayEquals(hex(SIG + " 21 21 00 2D " + ProxyV2Test.TCP6_BLOCK + " 04 00 01 00  05 00 02 AB CD"), wire);
        assertStreamDecodes(
                DECODER,
                wire,
                ProxyHeader.proxy(Version.V2, Family.TCP6, at("2001:db8::1", 1234), at("2001:db8::2", 443), 61));
    }

    @Test
    void v2Local() {
        assertArrayEquals(hex(SIG + " 20 00 00 00"), ProxyHeaders.v2Local());
        assertStreamDecodes(DECODER, ProxyHeaders.v2Local(), ProxyHeader.unknown(Version.V2, Command.LOCAL, 16));
    }

    /** Our own code picks the addresses: a header that cannot be written is a bug, thrown. */
    @Test
    void unencodableHeadersThrow() {
        InetSocketAddress v4 = at("192.0.2.1", 1);
        InetSocketAddress v6 = at("2001:db8::1", 1);
        InetSocketAddress unresolved = InetSocketAddress.createUnresolved("example.com", 1);
        assertThrows(IllegalArgumentException.class, () -> ProxyHeaders.v1(v4, v6));
        assertThrows(IllegalArgumentException.class, () -> ProxyHeaders.v2(v6, v4));
        assertThrows(IllegalArgumentException.class, () -> ProxyHeaders.v1(unresolved, v4));
        assertThrows(IllegalArgumentException.class, () -> ProxyHeaders.v2(v4, unresolved));
        assertThrows(IllegalArgumentException.class, () -> ProxyHeaders.v2(v4, v4, new byte[1024 - 11]));
    }
}
